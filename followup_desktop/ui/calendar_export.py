""""Export to calendar…": the pending follow-up windows as an ``.ics`` file with alarms.

``export_calendar(parent, ctx)`` asks for a file, asks again before replacing one that
exists (never silently), writes it with :func:`followup_desktop.compose.write_ics` and says
what it wrote. Returns the path, or ``None`` when nothing was written.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from followup_desktop.compose import DraftError, write_ics
from followup_desktop.store import StoreError
from followup_desktop.ui.ask import ask

LAST_FILE_KEY = "calendar.export_file"
DEFAULT_NAME = "followups.ics"


def _default_file(ctx: Any) -> Path:
    try:
        last = ctx.store.get_value(LAST_FILE_KEY, "")
    except StoreError:
        last = ""
    if last and Path(last).parent.is_dir():
        return Path(last)
    home = Path.home()
    for name in ("Documents", "Desktop"):
        if (home / name).is_dir():
            return home / name / DEFAULT_NAME
    return home / DEFAULT_NAME


def _ask_replace(parent: QWidget | None, path: Path) -> bool:
    return ask(parent, "Replace the file?",
               f"{path.name} already exists in {path.parent}. Replace it with the current "
               "follow-ups?")


def _inform(parent: QWidget | None, title: str, text: str) -> None:
    QMessageBox.information(parent, title, text)


def _warn(parent: QWidget | None, title: str, text: str) -> None:
    QMessageBox.warning(parent, title, text)


def export_calendar(parent: QWidget | None, ctx: Any, *,
                    confirm_replace: Callable[[QWidget | None, Path], bool] = _ask_replace,
                    inform: Callable[[QWidget | None, str, str], None] = _inform,
                    warn: Callable[[QWidget | None, str, str], None] = _warn) -> Path | None:
    """Write ``ctx.agenda()`` as an ``.ics`` file the user picks; see the module docstring."""
    now = ctx.now()
    try:
        windows = ctx.agenda(now)
    except StoreError as exc:
        warn(parent, "Export to calendar", f"The follow-ups could not be read: {exc}")
        return None
    if not windows:
        inform(parent, "Export to calendar", "Nothing is waiting: there are no follow-ups to "
               "put in a calendar.")
        return None
    chosen, _filter = QFileDialog.getSaveFileName(
        parent, "Export follow-ups to a calendar file", str(_default_file(ctx)),
        "iCalendar files (*.ics);;All files (*)", "",
        QFileDialog.Option.DontConfirmOverwrite)
    if not chosen:
        return None
    path = Path(chosen)
    if path.suffix.lower() != ".ics":
        path = path.with_name(path.name + ".ics")
    if path.is_dir():
        warn(parent, "Export to calendar", f"{path} is a folder; choose a file name.")
        return None
    if path.exists() and not confirm_replace(parent, path):
        return None
    try:
        uids = ctx.store.window_uids((w.application_id, w.key) for w in windows)
        write_ics(windows, path, now, tz=ctx.tz(), uids=uids)
    except (DraftError, OSError, StoreError) as exc:
        text = (exc.strerror or str(exc)) if isinstance(exc, OSError) else str(exc)
        warn(parent, "Export to calendar", f"The calendar file was not written. {text}")
        return None
    with contextlib.suppress(StoreError):  # only the remembered file name would be lost
        ctx.store.set_value(LAST_FILE_KEY, str(path))
    n = len({w.key for w in windows})
    noun = "follow-up" if n == 1 else "follow-ups"
    inform(parent, "Export to calendar",
           f"Saved {n} {noun} to {path.name}, each with a reminder when it opens.\n\n"
           "Open or import the file in your calendar app (on a phone: send it to yourself "
           "and open the attachment).")
    return path


__all__ = ["export_calendar"]
