"""File → Import…, Export CSV…, Activity report…, and files dropped on the window.

The main window calls :func:`install` once and :func:`handle_drop` for dropped files; it is
the :class:`ImportHost` the flows run in. The flows here only glue dialogs to the
importers' services; tests replace :func:`exec_dialog`, :func:`show_message`,
:func:`ask_open_file` and :func:`confirm` to drive them.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QMenu, QMessageBox, QWidget

if TYPE_CHECKING:
    from followup_desktop.context import AppContext

IMPORT_FILTER = ("Everything Followup imports (*.json *.ics *.csv);;Calendar invites (*.ics);;"
                 "Spreadsheets (*.csv);;Followup data files (*.json);;All files (*)")
SUFFIXES = (".json", ".ics", ".csv")


# --- seams for tests -------------------------------------------------------------------------


def exec_dialog(dialog: QDialog) -> int:
    return int(dialog.exec())


def show_message(parent: QWidget | None, kind: str, title: str, text: str) -> None:
    box = {"error": QMessageBox.warning, "info": QMessageBox.information}.get(
        kind, QMessageBox.information)
    box(parent, title, text)


def confirm(parent: QWidget | None, title: str, text: str) -> bool:
    from followup_desktop.ui.ask import ask

    return ask(parent, title, text, no_button=True, default_yes=True)


def ask_open_file(parent: QWidget | None, start: Path) -> Path | None:
    from PySide6.QtWidgets import QFileDialog

    name, _ = QFileDialog.getOpenFileName(parent, "Import", str(start), IMPORT_FILTER)
    return Path(name) if name else None


# --- the window --------------------------------------------------------------------------------


class ImportHost(Protocol):
    """What the import flows use of the window they run in; :class:`~followup_desktop.ui.
    main_window.MainWindow` is one. Their dialogs and messages belong to it (a QWidget:
    :meth:`window` is Qt's own, the top-level widget)."""

    ctx: AppContext
    #: File menu; :func:`install` adds Export CSV… and Activity report… after Import…
    file_menu: QMenu
    #: File › Import… (in ``file_menu``); :func:`install` connects it
    act_import: QAction

    def window(self) -> QWidget: ...

    def refresh(self) -> None: ...

    def select_application(self, app_id: int) -> bool: ...


def context_of(window: ImportHost) -> AppContext:
    """The window's data."""
    return window.ctx


def file_menu(window: ImportHost) -> QMenu:
    return window.file_menu


def _after_import(window: ImportHost, app_id: int | None) -> None:
    window.refresh()
    if app_id is not None:
        window.select_application(app_id)


def install(window: ImportHost) -> dict[str, QAction]:
    """Connect the window's Import… action, and add Export CSV… and Activity report… to
    its File menu right after it."""
    menu = file_menu(window)
    parent = window.window()
    actions = {
        "import": window.act_import,
        "export_csv": QAction("Export &CSV…", parent),
        "report": QAction("Activity &report…", parent),
    }
    actions["import"].setStatusTip("Import a calendar invite (.ics), a spreadsheet (.csv) "
                                   "or a Followup data file (.json)")
    actions["export_csv"].setStatusTip("Write applications, rounds, people and messages as "
                                       "CSV files")
    actions["report"].setStatusTip("A record of your search for a period, as PDF or CSV")
    actions["import"].triggered.connect(lambda: import_dialog(window))
    actions["export_csv"].triggered.connect(lambda: export_csv(window))
    actions["report"].triggered.connect(lambda: activity_report(window))

    existing = menu.actions()
    if actions["import"] in existing:
        i = existing.index(actions["import"])
        before = existing[i + 1] if i + 1 < len(existing) else None
        new = [actions["export_csv"], actions["report"]]
    else:
        before = existing[0] if existing else None
        new = list(actions.values())
    for action in new:
        if before is not None:
            menu.insertAction(before, action)
        else:
            menu.addAction(action)
    if before is not None and not before.isSeparator() and actions["import"] not in existing:
        menu.insertSeparator(before)
    return actions


def handle_drop(window: ImportHost, paths: Iterable[Path | str]) -> list[Path]:
    """Import dropped files (.ics, .csv, .json); returns the ones that were imported."""
    done = []
    wanted = [Path(p) for p in paths]
    others = [p for p in wanted if p.suffix.lower() not in SUFFIXES]
    if others:
        show_message(window.window(), "error", "Import",
                     "Followup imports calendar invites (.ics), spreadsheets (.csv) and its "
                     f"data files (.json); not {', '.join(p.name for p in others[:3])}.")
    for path in wanted:
        if path.suffix.lower() in SUFFIXES and import_file(window, path):
            done.append(path)
    return done


#: The folder the last file was imported from (the next import opens there).
IMPORT_DIR_KEY = "import.last_dir"


def existing_folder(*candidates: Path | str | None) -> Path:
    """The first candidate that is a folder that exists -- else the nearest existing
    parent of the first candidate, else the home folder -- so a file dialog never opens
    on a folder that is not there (Documents may not exist on a fresh system)."""
    for c in candidates:
        if c and Path(c).is_dir():
            return Path(c)
    for c in candidates:
        if c:
            for parent in Path(c).parents:
                if parent.is_dir() and parent != Path(parent.anchor):
                    return parent
    return Path.home()


def import_dialog(window: ImportHost) -> bool:
    from followup_desktop.store import StoreError

    ctx = window.ctx
    try:
        last = ctx.store.get_value(IMPORT_DIR_KEY, "")
    except StoreError:
        last = ""
    path = ask_open_file(window.window(), existing_folder(last, _documents()))
    if path is None:
        return False
    with contextlib.suppress(StoreError):
        ctx.store.set_value(IMPORT_DIR_KEY, str(path.parent))
    return import_file(window, path)


def import_file(window: ImportHost, path: Path) -> bool:
    """The import flow for one file, by its extension; True when something was saved."""
    from followup_desktop.interchange import FormatError
    from followup_desktop.store import StoreError

    suffix = path.suffix.lower()
    try:
        if suffix == ".ics":
            return import_invite(window, path)
        if suffix == ".csv":
            return import_spreadsheet(window, path)
        if suffix == ".json":
            return import_json(window, path)
    except (FormatError, StoreError) as exc:
        show_message(window.window(), "error", "Import", str(exc))
        return False
    except OSError as exc:
        show_message(window.window(), "error", "Import",
                     f"Cannot read {path}: {exc.strerror or exc}")
        return False
    show_message(window.window(), "error", "Import",
                 f"{path.name}: Followup imports .ics, .csv and .json files.")
    return False


def import_invite(window: ImportHost, path: Path) -> bool:
    from followup_desktop.services.imports import cancel_message, read_invite, set_aside_followups
    from followup_desktop.ui.import_dialogs import InvitePreviewDialog

    ctx = context_of(window)
    guesses, note = set_aside_followups(ctx, path, read_invite(ctx, path))
    if note is not None:  # Followup's own follow-up events: never rounds
        show_message(window.window(), "info", "Import", note)
    if len(guesses) > 1:  # several meetings: one preview for all of them
        from followup_desktop.ui.invite_list_dialog import InviteListDialog

        listing = InviteListDialog(ctx, guesses, window.window(), file_name=path.name)
        if exec_dialog(listing) != QDialog.DialogCode.Accepted or not listing.results:
            return False
        _after_import(window, listing.results[-1].application_id)
        return True
    saved = False
    last_app: int | None = None
    for guess in guesses:
        if guess.cancelled:
            show_message(window.window(), "info", "Cancelled invite",
                         cancel_message(ctx, guess))
            continue
        dialog = InvitePreviewDialog(ctx, guess, window.window())
        if exec_dialog(dialog) == QDialog.DialogCode.Accepted and dialog.result_ is not None:
            saved = True
            last_app = dialog.result_.application_id
    if saved:
        _after_import(window, last_app)
    return saved


def import_spreadsheet(window: ImportHost, path: Path) -> bool:
    from followup_desktop.importers.spreadsheet import read_csv_file
    from followup_desktop.ui.import_dialogs import CsvImportDialog

    ctx = context_of(window)
    table = read_csv_file(path)
    dialog = CsvImportDialog(ctx, table, window.window(), file_name=path.name)
    if exec_dialog(dialog) != QDialog.DialogCode.Accepted or not dialog.imported_ids:
        return False
    _after_import(window, dialog.imported_ids[0])
    show_message(window.window(), "info", "Import",
                 f"Imported {len(dialog.imported_ids)} application(s) from {path.name}.")
    return True


def import_json(window: ImportHost, path: Path) -> bool:
    from followup_desktop.services.imports import import_data_file

    done = import_data_file(context_of(window), path,
                            confirm=lambda text: confirm(window.window(), "Import", text))
    if done is None:
        return False
    _after_import(window, done.application_ids[0] if done.application_ids else None)
    if done.skipped or done.kept:
        show_message(window.window(), "info", "Import", done.message)
    return True


def export_csv(window: ImportHost) -> list[Path]:
    from followup_desktop.importers.errors import ImportFileError
    from followup_desktop.importers.spreadsheet import write_csv_files
    from followup_desktop.ui.import_dialogs import ExportCsvDialog

    ctx = context_of(window)
    dialog = ExportCsvDialog(_documents(), window.window())
    if exec_dialog(dialog) != QDialog.DialogCode.Accepted:
        return []
    try:
        files = write_csv_files(ctx.applications(), dialog.folder, ctx.tz(),
                                entities=dialog.entities(),
                                overwrite=dialog.replace.isChecked())
    except (ImportFileError, OSError) as exc:
        show_message(window.window(), "error", "Export CSV", str(exc))
        return []
    show_message(window.window(), "info", "Export CSV",
                 f"Wrote {', '.join(f.name for f in files)} to {dialog.folder}.")
    return files


def activity_report(window: ImportHost) -> bool:
    from followup_desktop.importers.report_data import build_report
    from followup_desktop.ui.import_dialogs import ReportRangeDialog
    from followup_desktop.ui.report import ReportPreviewDialog

    ctx = context_of(window)
    tz = ctx.tz()
    today = ctx.now().astimezone(tz).date()
    ranged = ReportRangeDialog(today, window.window())
    if exec_dialog(ranged) != QDialog.DialogCode.Accepted:
        return False
    start, end = ranged.range()
    report = build_report(ctx.applications(), start, end, tz, now=ctx.now(),
                          profile=ctx.profile())
    preview = ReportPreviewDialog(report, tz, window.window(), default_dir=_documents())
    exec_dialog(preview)
    return True


def _documents() -> Path:
    from PySide6.QtCore import QStandardPaths

    found = QStandardPaths.writableLocation(
        QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(found) if found else Path.home()


__all__ = ["activity_report", "export_csv", "file_menu", "handle_drop", "import_file",
           "install"]
