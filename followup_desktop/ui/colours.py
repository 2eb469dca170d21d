"""Colours derived from the current palette, so light and dark themes both read well.

No colour is hard-coded: each one starts from a palette role. Qt has no "warning" role, so
:func:`warning` takes the palette's accent (or highlight) colour, turns its hue to a red-orange
and sets its lightness against the base colour, so it contrasts on both light and dark bases.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette

_WARNING_HUE = 8  # degrees: red-orange
_DUE_HUE = 32  # amber
_OPENS_HUE = 150  # green


def _is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Base).lightnessF() < 0.5


def _accent(palette: QPalette) -> QColor:
    role = getattr(QPalette.ColorRole, "Accent", QPalette.ColorRole.Highlight)
    return palette.color(role)


def _tinted(palette: QPalette, hue: int) -> QColor:
    base = _accent(palette)
    sat = max(0.55, base.hslSaturationF())
    light = 0.68 if _is_dark(palette) else 0.42
    return QColor.fromHslF(hue / 360.0, min(sat, 0.85), light)


def warning(palette: QPalette) -> QColor:
    """Text colour for overdue items."""
    return _tinted(palette, _WARNING_HUE)


def due(palette: QPalette) -> QColor:
    """Mark colour for a day on which a follow-up is due."""
    return _tinted(palette, _DUE_HUE)


def interview(palette: QPalette) -> QColor:
    """Mark colour for a day with an interview: the palette's accent."""
    return _accent(palette)


def opening(palette: QPalette) -> QColor:
    """Mark colour for a day on which a follow-up window opens: a green of the accent's
    saturation, lightness set against the base."""
    return _tinted(palette, _OPENS_HUE)


# --- the printed page ---------------------------------------------------------------------
# An activity report is a sheet of paper (PDF, print): white paper and dark ink whatever
# the screen's theme. These are the only fixed colours of the UI, named once, here.


def paper() -> QColor:
    """The page of a printed report."""
    from PySide6.QtCore import Qt

    return QColor(Qt.GlobalColor.white)


def paper_ink_muted() -> QColor:
    """The footer's grey on the printed page."""
    from PySide6.QtCore import Qt

    return QColor(Qt.GlobalColor.darkGray)


def error_text(widget: object) -> None:
    """Show a label's text in the palette's warning colour (an error line), and keep it
    so when the palette changes (light <-> dark)."""
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QWidget

    assert isinstance(widget, QWidget)

    def apply() -> None:
        pal = widget.palette()
        pal.setColor(QPalette.ColorRole.WindowText, warning(widget.parentWidget().palette()
                                                            if widget.parentWidget()
                                                            else pal))
        widget.setPalette(pal)

    class _Follow(QObject):
        busy = False

        def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's)
            if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ParentChange) \
                    and not self.busy:
                self.busy = True
                try:
                    apply()
                finally:
                    self.busy = False
            return False

    follower = _Follow(widget)
    widget.installEventFilter(follower)
    apply()
