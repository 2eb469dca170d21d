"""SVG icons that stay sharp at any size and follow the palette (light and dark).

Action icons are drawn with ``stroke="currentColor"``; :func:`icon` renders them in the
palette's text colour at every common size and screen pixel ratio. (A Python QIconEngine
subclass would render lazily, but PySide frees engines cloned by QIcon twice at exit.)
Once drawn, the pixels are kept between runs (``icon_cache``). The app icon keeps its own
colours: its PNG files (``reminders.app_icon``).
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from PySide6.QtGui import QIcon

from followup_desktop.resources import resource

if TYPE_CHECKING:
    from PySide6.QtGui import QColor, QPixmap

# The app icon is set before the first frame, so this module loads early: everything but
# QIcon is imported where it is used (PySide6 builds each class on first use).


@cache
def _svg_text(name: str) -> str:
    return resource("icons", f"{name}.svg").read_text(encoding="utf-8")


def _text_colour(mode: QIcon.Mode) -> QColor:
    from PySide6.QtGui import QGuiApplication, QPalette

    palette = QGuiApplication.palette()
    if mode == QIcon.Mode.Disabled:
        return palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText)
    if mode == QIcon.Mode.Selected:
        return palette.color(QPalette.ColorRole.HighlightedText)
    return palette.color(QPalette.ColorRole.WindowText)


#: The sizes Followup draws action icons at (menus, table and composer 16; toolbar 18;
#: 24 for a style that asks for more). A larger request gets the 24 px pixmap, sharp.
_SIZES = (16, 18, 24)
_cache: dict[tuple[str, str, float], QIcon] = {}


def _render_all(text: str, ratios: tuple[float, ...]) -> list[QPixmap]:
    """``text`` at every size and pixel ratio: one parse of the SVG for all of them."""
    from PySide6.QtCore import QByteArray, QRectF, Qt
    from PySide6.QtGui import QPainter, QPixmap
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(QByteArray(text.encode("utf-8")))
    out = []
    for ratio in ratios:
        for side in _SIZES:
            px = max(1, round(side * ratio))
            pm = QPixmap(px, px)
            pm.fill(Qt.GlobalColor.transparent)
            painter = QPainter(pm)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            renderer.render(painter, QRectF(0, 0, px, px))
            painter.end()
            pm.setDevicePixelRatio(ratio)
            out.append(pm)
    return out


def _pixmaps(text: str, ratios: tuple[float, ...]) -> list[QPixmap]:
    """:func:`_render_all`, or the same pixels kept from an earlier run (``icon_cache``:
    a start whose icons are all kept never loads Qt's SVG module)."""
    from followup_desktop.ui import icon_cache

    name = icon_cache.key(text, _SIZES, ratios)
    kept = icon_cache.get(name)
    if kept is not None:
        return kept
    drawn = _render_all(text, ratios)
    icon_cache.put(name, drawn)
    return drawn


def _ratios() -> tuple[float, ...]:
    from PySide6.QtGui import QGuiApplication

    ratios = {1.0}
    for screen in QGuiApplication.screens():
        ratios.add(float(screen.devicePixelRatio()))
    return tuple(sorted(ratios))


def icon(name: str) -> QIcon:
    """The action icon ``resources/icons/<name>.svg`` drawn in the palette's text colour.

    Rendered from the SVG at each toolbar / menu size for every screen's pixel ratio, so it
    is sharp on high-DPI screens; the disabled look uses the palette's disabled colour.
    Call :func:`forget_icons` when the palette changes (light / dark switch).
    """
    svg = _svg_text(name)
    colour = _text_colour(QIcon.Mode.Normal).name()
    ratios = _ratios()
    key = (name, colour, ratios[-1])
    hit = _cache.get(key)
    if hit is not None:
        return hit
    result = QIcon()
    for mode in (QIcon.Mode.Normal, QIcon.Mode.Disabled, QIcon.Mode.Selected):
        text = svg.replace("currentColor", _text_colour(mode).name())
        for pm in _pixmaps(text, ratios):
            result.addPixmap(pm, mode)
    _cache[key] = result
    return result


def tinted_icon(name: str, colour: QColor) -> QIcon:
    """``resources/icons/<name>.svg`` drawn in ``colour`` (a state a colour tells: the
    composer's checks), sharp at every size and pixel ratio like :func:`icon`."""
    ratios = _ratios()
    key = (name, f"tint:{colour.name()}", ratios[-1])
    hit = _cache.get(key)
    if hit is not None:
        return hit
    result = QIcon()
    for pm in _pixmaps(_svg_text(name).replace("currentColor", colour.name()), ratios):
        result.addPixmap(pm)
    _cache[key] = result
    return result


def forget_icons() -> None:
    """Drop rendered icons (after a palette change); the next :func:`icon` renders anew."""
    _cache.clear()


def app_icon() -> QIcon:
    """Followup's own icon (its own colours), sharp at every size."""
    from followup_desktop.reminders.app_icon import load_app_icon

    return load_app_icon()


def dot_pixmap(colour: QColor, side: int = 10, ratio: float = 1.0) -> QPixmap:
    """A small filled circle, for legends."""
    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QPainter, QPixmap

    pm = QPixmap(round(side * ratio), round(side * ratio))
    pm.fill(Qt.GlobalColor.transparent)
    pm.setDevicePixelRatio(ratio)
    p = QPainter(pm)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(colour)
    p.drawEllipse(QRectF(1, 1, side - 2, side - 2))
    p.end()
    return pm
