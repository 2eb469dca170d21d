"""Small helpers the composer's widgets share: errors in words, bold and muted labels."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QLabel

from followup_desktop.humanize import local_when, window_phrase
from followup_desktop.records import FollowupWindow, WindowState


def errors_in_words(exc: BaseException) -> str:
    """An error as a sentence for the user (never a traceback)."""
    if isinstance(exc, OSError):
        what = exc.strerror or str(exc) or "the file could not be written"
        where = f" ({exc.filename})" if exc.filename else ""
        return f"{what[:1].upper()}{what[1:]}{where}."
    text = str(exc).strip() or type(exc).__name__
    return text if text.endswith((".", "!", "?")) else text + "."


def header_when(w: FollowupWindow, now: dt.datetime, tz: ZoneInfo) -> str:
    """``Thank-you opens in 37 min (Thu 03 Dec 14:00)``: the time in brackets is the one
    the words speak of -- the opening of an upcoming window, the end of a snooze, else
    the due time (``due …`` said outright when the words speak of something else)."""
    phrase = window_phrase(w, now, tz)
    if w.state is WindowState.UPCOMING:
        return f"{phrase} ({local_when(w.opens_at, tz, now)})"
    if w.state is WindowState.SNOOZED and w.snoozed_until is not None:
        due = f", due {local_when(w.due_at, tz, now)}" if w.due_at is not None else ""
        return f"{phrase} ({local_when(w.snoozed_until, tz, now)}{due})"
    if w.due_at is not None and w.state is not WindowState.EXPIRED:
        return f"{phrase} ({local_when(w.due_at, tz, now)})"
    if w.due_at is not None:
        return f"{phrase} (was due {local_when(w.due_at, tz, now)})"
    return phrase


def default_export_dir() -> Path:
    home = Path.home()
    for name in ("Desktop", "Documents"):
        if (home / name).is_dir():
            return home / name
    return home


def bold(label: QLabel, scale: float = 1.0) -> None:
    f = QFont(label.font())
    if scale != 1.0:
        f.setPointSizeF(f.pointSizeF() * scale)
    f.setWeight(QFont.Weight.DemiBold)
    label.setFont(f)


def muted(label: QLabel) -> None:
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)


def warm_up_spelling() -> None:
    """Load the spelling dictionary in the background, so the first draft shows at once."""
    import threading

    from followup_desktop.compose.spelling import warm_up

    if not getattr(warm_up_spelling, "started", False):
        warm_up_spelling.started = True  # type: ignore[attr-defined]
        threading.Thread(target=warm_up, name="spelling-warm-up", daemon=True).start()
