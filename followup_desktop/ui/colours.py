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
