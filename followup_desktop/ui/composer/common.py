"""Small helpers the composer's widgets share: errors in words, bold and muted labels."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QLabel


def errors_in_words(exc: BaseException) -> str:
    """An error as a sentence for the user (never a traceback)."""
    if isinstance(exc, OSError):
        what = exc.strerror or str(exc) or "the file could not be written"
        where = f" ({exc.filename})" if exc.filename else ""
        return f"{what[:1].upper()}{what[1:]}{where}."
    text = str(exc).strip() or type(exc).__name__
    return text if text.endswith((".", "!", "?")) else text + "."


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
