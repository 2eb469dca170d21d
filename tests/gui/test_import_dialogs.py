"""qtbot drives the invite preview, the CSV mapping dialog, the report and the File menu."""

from __future__ import annotations

import datetime as dt
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QDateTime, Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMainWindow

from followup_desktop.clock import fixed_clock
from followup_desktop.context import AppContext
from followup_desktop.importers.report_data import build_report, report_html
from followup_desktop.importers.spreadsheet import Field, read_csv, read_csv_file
from followup_desktop.paths import Paths
from followup_desktop.records import ApplicationSpec, Format, Profile
from followup_desktop.services.imports import read_invite
from followup_desktop.ui import import_actions
from followup_desktop.ui.import_dialogs import (
    CsvImportDialog,
    ExportCsvDialog,
    InvitePreviewDialog,
    ReportRangeDialog,
)
from followup_desktop.ui.report import ReportPreviewDialog, page_images, pdf_bytes
from tests.helpers.tools import require_tool

DATA = Path(__file__).parents[1] / "unit" / "data"
UTC = dt.UTC
NY = ZoneInfo("America/New_York")
NOW = dt.datetime(2026, 3, 20, 16, 0, tzinfo=UTC)


@pytest.fixture
def ctx(tmp_path: Path) -> Iterator[AppContext]:
    context = AppContext.open(Paths.for_data_dir(tmp_path / "data"), clock=fixed_clock(NOW))
    context.store.save_profile(Profile(name="Ada Park", email="ada.park@example.org",
                                       timezone="America/New_York"))
    yield context
    context.close()


def _save(dialog: QDialog) -> None:
    box = dialog.findChild(QDialogButtonBox)
    assert box is not None
    dialog.accept()


# --- invite preview --------------------------------------------------------------------------


def test_invite_preview_shows_the_guesses_and_saves_the_corrections(qtbot: Any,
                                                                    ctx: AppContext) -> None:
    [guess] = read_invite(ctx, DATA / "invites" / "zoom.ics")
    dialog = InvitePreviewDialog(ctx, guess)
    qtbot.addWidget(dialog)
    assert dialog.company.text() == "Tailspin Toys"
    assert dialog.role.text() == ""
    assert dialog.people.rowCount() == 1
    assert "Role not found" in dialog.notes.text()
    assert "Europe/London" in dialog.zone_label.text()

    qtbot.keyClicks(dialog.role, "Game Designer")
    dialog.format.setCurrentIndex(dialog.format.findData(Format.PHONE))
    dialog.duration.setValue(30)
    dialog.add_person("Tom Ng", "tom.ng@tailspin-toys.co.uk")
    moved = dt.datetime(2026, 4, 2, 11, 0, tzinfo=NY)
    dialog.start.setDateTime(QDateTime.fromSecsSinceEpoch(int(moved.timestamp())))
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.result_ is not None

    app = ctx.application(dialog.result_.application_id)
    assert app is not None and (app.company, app.role) == ("Tailspin Toys", "Game Designer")
    [iv] = app.interviews
    assert iv.start == moved.astimezone(UTC)
    assert iv.duration_minutes == 30 and iv.format is Format.PHONE
    assert [p.person.name for p in iv.participants] == ["Priya Natarajan", "Tom Ng"]
    assert iv.participants[0].main_contact


def test_invite_preview_refuses_a_bad_email_and_an_empty_company(qtbot: Any,
                                                                 ctx: AppContext) -> None:
    [guess] = read_invite(ctx, DATA / "invites" / "no_attendees.ics")
    dialog = InvitePreviewDialog(ctx, guess)
    qtbot.addWidget(dialog)
    dialog.add_person("Someone", "not an email")
    dialog.accept()
    assert dialog.error.isVisibleTo(dialog) and "not an email" in dialog.error.text()
    dialog.people.removeRow(0)
    dialog.company.clear()
    dialog.accept()
    assert "company" in dialog.error.text()
    assert dialog.result_ is None and ctx.applications() == []


def test_invite_preview_for_a_reimported_invite_updates_the_round(qtbot: Any,
                                                                  ctx: AppContext) -> None:
    from followup_desktop.services.imports import import_invite_file

    import_invite_file(ctx, DATA / "invites" / "google.ics")
    [guess] = read_invite(ctx, DATA / "invites" / "google_moved.ics")
    dialog = InvitePreviewDialog(ctx, guess)
    qtbot.addWidget(dialog)
    assert "imported before" in dialog.notes.text()
    assert not dialog.application.isEnabled()
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    assert save.text() == "Update round"
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    [app] = ctx.applications()
    [iv] = app.interviews
    assert iv.start == dt.datetime(2026, 3, 3, 18, 30, tzinfo=UTC)


def test_invite_preview_can_add_to_an_existing_application(qtbot: Any, ctx: AppContext) -> None:
    from followup_desktop.records import ApplicationSpec

    app_id = ctx.store.add_application(ApplicationSpec("Tailspin Toys", "Level Designer"))
    [guess] = read_invite(ctx, DATA / "invites" / "zoom.ics")
    dialog = InvitePreviewDialog(ctx, guess)
    qtbot.addWidget(dialog)
    # the invite names no role and the company has one active application: that one
    assert dialog.application.currentData() == app_id
    assert not dialog.company.isEnabled()
    dialog.application.setCurrentIndex(0)  # "New application" enables the fields again
    assert dialog.company.isEnabled()
    dialog.application.setCurrentIndex(dialog.application.findData(app_id))
    dialog.accept()
    [app] = ctx.applications()
    assert app.id == app_id and len(app.interviews) == 1


# --- CSV mapping and preview -----------------------------------------------------------------


def test_csv_dialog_maps_previews_lists_problems_and_imports_on_confirm(
        qtbot: Any, ctx: AppContext) -> None:
    table = read_csv_file(DATA / "csv" / "bad_rows.csv")
    dialog = CsvImportDialog(ctx, table, file_name="bad_rows.csv")
    qtbot.addWidget(dialog)
    assert dialog.model.rowCount() == 2
    problems = [dialog.problems.item(i).text() for i in range(dialog.problems.count())]
    assert problems[0].startswith("Row 3:") and len(problems) == 6
    assert ctx.applications() == []  # nothing saved by looking

    # the user says the format column is not to be imported: row 8 is fine now
    col = table.headers.index("format")
    dialog.set_mapping(col, Field.IGNORE)
    assert dialog.model.rowCount() == 3
    assert not any(dialog.problems.item(i).text().startswith("Row 8")
                   for i in range(dialog.problems.count()))
    assert dialog.import_button.isEnabled()
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert sorted(a.company for a in ctx.applications()) == ["Northwind Analytics",
                                                            "Tailspin Toys", "Woodgrove Bank"]
    assert list(ctx.paths.backups.glob("*before-import*.sqlite3"))


def test_csv_dialog_without_a_company_column_cannot_import(qtbot: Any, ctx: AppContext) -> None:
    table = read_csv(b"Firm name;Job\nNorthwind;Data Engineer\n")
    dialog = CsvImportDialog(ctx, table)
    qtbot.addWidget(dialog)
    assert not dialog.import_button.isEnabled()
    assert "Company" in dialog.problems.item(0).text()
    dialog.set_mapping(0, Field.COMPANY)
    dialog.set_mapping(1, Field.ROLE)
    assert dialog.import_button.isEnabled()
    assert dialog.model.data(dialog.model.index(0, dialog.model.COL_ROLE)) == "Data Engineer"


def test_csv_dialog_date_order_choice(qtbot: Any, ctx: AppContext) -> None:
    table = read_csv(b"Company,Applied\nNorthwind,03/04/2026\n")
    dialog = CsvImportDialog(ctx, table)
    qtbot.addWidget(dialog)
    model = dialog.model
    assert model.data(model.index(0, model.COL_APPLIED)) == "2026-03-04"  # comma: US
    dialog.date_order.setCurrentIndex(1)  # day first
    assert model.data(model.index(0, model.COL_APPLIED)) == "2026-04-03"


def test_plan_model(qtmodeltester: Any, qtbot: Any, ctx: AppContext) -> None:
    table = read_csv_file(DATA / "csv" / "excel_us.csv")
    dialog = CsvImportDialog(ctx, table)
    qtbot.addWidget(dialog)
    qtmodeltester.check(dialog.model)


# --- report -------------------------------------------------------------------------------------


def _demo(ctx: AppContext) -> None:
    from followup_desktop.services.demo import demo_applications

    ctx.store.add_applications(demo_applications(NOW, NY))


def test_report_pdf_is_a_real_pdf_with_the_application_names(tmp_path: Path, qtbot: Any,
                                                              ctx: AppContext) -> None:
    _demo(ctx)
    apps = ctx.applications()
    report = build_report(apps, dt.date(2026, 1, 1), dt.date(2026, 3, 31), NY, now=NOW,
                          profile=ctx.profile())
    assert len(report.entries) == len(apps)
    dialog = ReportPreviewDialog(report, NY, default_dir=tmp_path)
    qtbot.addWidget(dialog)
    assert len(dialog.page_labels) >= 1
    pdf = dialog.save_pdf(tmp_path / "report.pdf")
    assert pdf is not None
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-") and b"%%EOF" in data[-64:]
    text = subprocess.run([require_tool("pdftotext"), str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    flat = " ".join(text.split())
    for app in apps:
        assert app.company in flat, app.company
    assert "Job search activity report" in flat and "Ada Park" in flat
    csv_path = dialog.save_csv(tmp_path / "report.csv")
    assert csv_path is not None
    rows = read_csv(csv_path.read_bytes())
    assert sorted(c[0] for _, c in rows.rows) == sorted(a.company for a in apps)


def test_report_only_holds_the_chosen_range(ctx: AppContext) -> None:
    _demo(ctx)
    early = build_report(ctx.applications(), dt.date(2000, 1, 1), dt.date(2000, 12, 31), NY,
                         now=NOW)
    assert early.entries == ()
    assert "No application has activity" in report_html(early, NY)
    assert pdf_bytes(report_html(early, NY)).startswith(b"%PDF-")


def test_report_pages_have_ink(qtbot: Any) -> None:
    html = "<h1>Report</h1>" + "<p>Northwind Analytics — Data Engineer</p>" * 200
    pages = page_images(html, dpi=40)
    assert len(pages) >= 2
    img = pages[0]
    dark = sum(1 for x in range(0, img.width(), 4) for y in range(0, img.height(), 4)
               if img.pixelColor(x, y).lightness() < 128)
    assert dark > 50


def test_report_range_dialog_presets(qtbot: Any) -> None:
    dialog = ReportRangeDialog(dt.date(2026, 3, 20))
    qtbot.addWidget(dialog)
    assert dialog.range() == (dt.date(2026, 2, 19), dt.date(2026, 3, 20))
    dialog.preset.setCurrentText("Last month")
    assert dialog.range() == (dt.date(2026, 2, 1), dt.date(2026, 2, 28))
    dialog.set_range(dt.date(2026, 3, 5), dt.date(2026, 3, 1))
    assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()


# --- File menu and drops ------------------------------------------------------------------------


class FakeWindow(QMainWindow):
    """An :class:`~followup_desktop.ui.import_actions.ImportHost` that records what the
    import flows ask of it: File › New…, Import…, Quit."""

    def __init__(self, ctx: AppContext) -> None:
        from PySide6.QtGui import QAction

        super().__init__()
        self.ctx = ctx
        self.refreshed = 0
        self.selected: list[int] = []
        self.file_menu = self.menuBar().addMenu("&File")
        self.file_menu.addAction("&New application…")
        self.act_import = QAction("&Import…", self)
        self.file_menu.addAction(self.act_import)
        self.file_menu.addSeparator()
        self.quit_action = self.file_menu.addAction("&Quit")

    def refresh(self) -> None:
        self.refreshed += 1

    def select_application(self, app_id: int) -> bool:
        self.selected.append(app_id)
        return True


@pytest.fixture
def window(qtbot: Any, ctx: AppContext, monkeypatch: pytest.MonkeyPatch) -> FakeWindow:
    w = FakeWindow(ctx)
    qtbot.addWidget(w)
    w.messages = []  # type: ignore[attr-defined]
    monkeypatch.setattr(import_actions, "show_message",
                        lambda parent, kind, title, text: w.messages.append((kind, text)))  # type: ignore[attr-defined]
    return w


def test_install_connects_import_and_adds_the_actions_after_it(
        window: FakeWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    actions = import_actions.install(window)
    assert actions["import"] is window.act_import
    assert set(actions) == {"import", "export_csv", "report"}
    texts = [a.text() for a in window.file_menu.actions() if not a.isSeparator()]
    assert texts == ["&New application…", "&Import…", "Export &CSV…", "Activity &report…",
                     "&Quit"]
    asked: list[bool] = []
    monkeypatch.setattr(import_actions, "ask_open_file", lambda *a: asked.append(True))
    window.act_import.trigger()
    assert asked == [True]


def test_the_main_window_is_an_import_host(make_window: Any, ctx: AppContext) -> None:
    """The one interface the import flows use (no guessing at attribute names): the real
    window has each part of it, and the flows reach its data and File menu through it."""
    from followup_desktop.ui.import_actions import ImportHost

    w = make_window(ctx)
    names = [n for n in ImportHost.__annotations__] + ["window", "refresh",
                                                         "select_application"]
    assert all(hasattr(w, n) for n in names)
    assert import_actions.context_of(w) is ctx
    assert import_actions.file_menu(w) is w.file_menu and w.window() is w


def test_drop_an_invite_opens_the_preview_and_selects_the_new_application(
        window: FakeWindow, ctx: AppContext, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[QDialog] = []

    def run(dialog: QDialog) -> int:
        seen.append(dialog)
        dialog.accept()
        return int(dialog.result())

    monkeypatch.setattr(import_actions, "exec_dialog", run)
    done = import_actions.handle_drop(window, [DATA / "invites" / "google.ics",
                                               DATA / "invites" / "notes.txt"])
    assert done == [DATA / "invites" / "google.ics"]
    assert isinstance(seen[0], InvitePreviewDialog)
    [app] = ctx.applications()
    assert window.selected == [app.id] and window.refreshed == 1
    assert any("notes.txt" in text for _, text in window.messages)  # type: ignore[attr-defined]


def test_drop_a_broken_invite_or_a_cancellation_says_why(window: FakeWindow,
                                                         ctx: AppContext) -> None:
    assert import_actions.handle_drop(window, [DATA / "invites" / "garbage.ics",
                                               DATA / "invites" / "cancelled.ics"]) == []
    kinds = [k for k, _ in window.messages]  # type: ignore[attr-defined]
    texts = " ".join(t for _, t in window.messages)  # type: ignore[attr-defined]
    assert kinds == ["error", "info"]
    assert "not a calendar invite" in texts and "nothing was removed" in texts
    assert ctx.applications() == []


def test_file_import_of_followups_own_calendar_adds_nothing_and_says_so(
        window: FakeWindow, ctx: AppContext, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """File › Import of the follow-up calendar Followup itself exported: no preview, no
    round, the same message as ``followup-desktop import`` (issue #18 item 5)."""
    from followup_desktop.compose.ics import write_ics
    from followup_desktop.services.demo import fill_sample_data
    from followup_desktop.services.imports import import_file as service_import

    fill_sample_data(ctx)
    windows = ctx.agenda(NOW)
    ics = write_ics(windows, tmp_path / "followups.ics", NOW, tz=ctx.tz(),
                    uids=ctx.store.window_uids((w.application_id, w.key) for w in windows))
    monkeypatch.setattr(import_actions, "exec_dialog",
                        lambda d: pytest.fail("no preview for a follow-up event"))
    monkeypatch.setattr(import_actions, "ask_open_file", lambda *a: ics)
    before = len(ctx.applications())
    assert import_actions.import_dialog(window) is False
    [(kind, text)] = window.messages  # type: ignore[attr-defined]
    assert kind == "info" and text.startswith(f"Nothing added: {ics} is Followup's own calendar "
                                              f"of {len(windows)} follow-up(s)")
    assert len(ctx.applications()) == before and window.refreshed == 0
    done = service_import(ctx, ics)
    assert done is not None and done.message == text  # the command line says the same


def test_drop_a_csv_runs_the_mapping_dialog(window: FakeWindow, ctx: AppContext,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    def run(dialog: QDialog) -> int:
        assert isinstance(dialog, CsvImportDialog)
        dialog.accept()
        return int(dialog.result())

    monkeypatch.setattr(import_actions, "exec_dialog", run)
    assert import_actions.handle_drop(window, [DATA / "csv" / "excel_us.csv"])
    assert len(ctx.applications()) == 3 and window.refreshed == 1


def test_cancelling_the_csv_dialog_saves_nothing(window: FakeWindow, ctx: AppContext,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(import_actions, "exec_dialog", lambda d: int(QDialog.DialogCode.Rejected))
    assert import_actions.handle_drop(window, [DATA / "csv" / "excel_us.csv"]) == []
    assert ctx.applications() == []


def test_import_json_asks_first(window: FakeWindow, ctx: AppContext, tmp_path: Path,
                                monkeypatch: pytest.MonkeyPatch) -> None:
    f = tmp_path / "data.json"
    f.write_text('{"format": "followup/1", "applications": [{"company": "Northwind", '
                 '"role": "Data Engineer"}]}')
    monkeypatch.setattr(import_actions, "confirm", lambda *a: False)
    assert not import_actions.import_file(window, f)
    assert ctx.applications() == []
    monkeypatch.setattr(import_actions, "confirm", lambda *a: True)
    assert import_actions.import_file(window, f)
    assert [a.company for a in ctx.applications()] == ["Northwind"]


def test_export_csv_action_writes_the_chosen_tables(window: FakeWindow, ctx: AppContext,
                                                    tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    _demo(ctx)

    def run(dialog: QDialog) -> int:
        assert isinstance(dialog, ExportCsvDialog)
        dialog.folder = tmp_path
        dialog.checks["people"].setChecked(False)
        dialog.checks["messages"].setChecked(False)
        dialog.accept()
        return int(dialog.result())

    monkeypatch.setattr(import_actions, "exec_dialog", run)
    files = import_actions.export_csv(window)
    assert [f.name for f in files] == ["followup-applications.csv", "followup-rounds.csv"]
    # a second export without "replace" refuses and says so
    assert import_actions.export_csv(window) == []
    assert "already exist" in window.messages[-1][1]  # type: ignore[attr-defined]


def test_activity_report_action_opens_range_then_preview(window: FakeWindow, ctx: AppContext,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    _demo(ctx)
    seen: list[QDialog] = []

    def run(dialog: QDialog) -> int:
        seen.append(dialog)
        if isinstance(dialog, ReportRangeDialog):
            dialog.set_range(dt.date(2026, 1, 1), dt.date(2026, 3, 31))
            dialog.accept()
        else:
            dialog.reject()
        return int(dialog.result())

    monkeypatch.setattr(import_actions, "exec_dialog", run)
    assert import_actions.activity_report(window)
    assert isinstance(seen[1], ReportPreviewDialog)
    assert seen[1].report.counts[0] == len(ctx.applications())


def test_the_windows_import_of_another_persons_file_keeps_the_profile_and_says_so(
        window: FakeWindow, ctx: AppContext, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    f = tmp_path / "jonas.json"
    f.write_text('{"format": "followup/1", "profile": {"name": "Jonas Weber"}, '
                 '"applications": [{"company": "Northwind", "role": "Data Engineer"}]}')
    asked: list[str] = []
    monkeypatch.setattr(import_actions, "confirm", lambda _p, _t, text: asked.append(text)
                        or True)
    assert import_actions.import_file(window, f)
    assert "Your profile (Ada Park) is kept; the file's (Jonas Weber) is not used." in asked[0]
    assert ("info", "Imported 1 application(s) from jonas.json.\nKept your profile (Ada Park); "
            "the file's (Jonas Weber) was not used.") in window.messages  # type: ignore[attr-defined]
    assert ctx.profile().name == "Ada Park"


def test_the_windows_import_of_a_same_name_file_that_differs_keeps_the_profile_and_says_what(
        window: FakeWindow, ctx: AppContext, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    before = ctx.profile()
    f = tmp_path / "ada.json"
    f.write_text('{"format": "followup/1", "profile": {"name": "Ada Park", "timezone": '
                 '"Europe/Berlin"}, "applications": [{"company": "Northwind", '
                 '"role": "Data Engineer"}]}')
    asked: list[str] = []
    monkeypatch.setattr(import_actions, "confirm", lambda _p, _t, text: asked.append(text)
                        or True)
    assert import_actions.import_file(window, f)
    assert "the file's differs (time zone Europe/Berlin) and is not used." in asked[0]
    said = [text for kind, text in window.messages  # type: ignore[attr-defined]
            if kind == "info"]
    assert said and said[-1].startswith("Imported 1 application(s) from ada.json.\nKept "
                                        "your profile (Ada Park, ")
    assert said[-1].endswith("the file's differs (time zone Europe/Berlin) and was not used.")
    assert ctx.profile() == before


def test_csv_dialog_names_every_row_it_will_not_import(qtbot: Any, ctx: AppContext) -> None:
    ctx.store.add_applications([ApplicationSpec(company="Orchard Bank", role="Analyst")])
    table = read_csv(b"Company,Role,Date,Interviewer\n"
                     b"Northwind,Engineer,2026-03-02 10:00,Dana Whitfield\n"
                     b"Northwind,Engineer,2026-03-02 10:00,Dana Whitfield\n"
                     b"Orchard Bank,Analyst,,\n")
    dialog = CsvImportDialog(ctx, table, file_name="sheet.csv")
    qtbot.addWidget(dialog)
    rows = [dialog.problems.item(i).text() for i in range(dialog.problems.count())]
    assert rows == ["Row 3: repeats row 2 (Northwind — Engineer): nothing new in it",
                    "Row 4: Orchard Bank — Analyst is already in Followup"]
    assert not dialog.problems.isHidden() and not dialog.problems_label.isHidden()
    assert "“Date” is read as the interview date" in dialog.summary.text()
    # the Date column is the interview's: the round is there
    assert dialog.model.data(dialog.model.index(0, dialog.model.COL_ROUNDS)) == "1"
