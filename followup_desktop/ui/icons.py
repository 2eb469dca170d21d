"""SVG icons that stay sharp at any size and follow the palette (light and dark).

Action icons are drawn with ``stroke="currentColor"``; :class:`_SvgIconEngine` renders them
at the requested size (times the device pixel ratio) in the palette's text colour, read at
paint time, so a palette change (dark mode switched on) needs no reload. The app icon keeps
its own colours.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QByteArray, QPoint, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QIconEngine, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer

from followup_desktop.resources import resource

APP_ICON = "followup"


@cache
def _svg_text(name: str) -> str:
    return resource("icons", f"{name}.svg").read_text(encoding="utf-8")


def _text_colour(mode: QIcon.Mode) -> QColor:
    palette = QGuiApplication.palette()
    if mode == QIcon.Mode.Disabled:
        return palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText)
    if mode == QIcon.Mode.Selected:
        return palette.color(QPalette.ColorRole.HighlightedText)
    return palette.color(QPalette.ColorRole.WindowText)


class _SvgIconEngine(QIconEngine):
    """Renders one SVG; ``currentColor`` becomes the palette colour of the icon's mode."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self._name = name
        self._renderers: dict[str, QSvgRenderer] = {}

    def _renderer(self, mode: QIcon.Mode) -> QSvgRenderer:
        colour = _text_colour(mode).name()
        r = self._renderers.get(colour)
        if r is None:
            text = _svg_text(self._name).replace("currentColor", colour)
            r = QSvgRenderer(QByteArray(text.encode("utf-8")))
            self._renderers[colour] = r
        return r

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode,
              state: QIcon.State) -> None:
        side = min(rect.width(), rect.height())
        target = QRectF(rect.x() + (rect.width() - side) / 2,
                        rect.y() + (rect.height() - side) / 2, side, side)
        self._renderer(mode).render(painter, target)

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        return self.scaledPixmap(size, mode, state, 1.0)

    def scaledPixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State,
                     scale: float) -> QPixmap:
        w, h = max(1, round(size.width() * scale)), max(1, round(size.height() * scale))
        pm = QPixmap(w, h)
        pm.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pm)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.paint(painter, QRect(QPoint(0, 0), QSize(w, h)), mode, state)
        painter.end()
        pm.setDevicePixelRatio(scale)
        return pm

    def actualSize(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QSize:
        return size

    def clone(self) -> QIconEngine:
        return _SvgIconEngine(self._name)

    def key(self) -> str:
        return "followup-svg"

    def iconName(self) -> str:
        return self._name


def icon(name: str) -> QIcon:
    """The action icon ``resources/icons/<name>.svg``, in the palette's text colour."""
    _svg_text(name)  # fail early (FileNotFoundError) for a name that does not exist
    return QIcon(_SvgIconEngine(name))


def app_icon() -> QIcon:
    """Followup's own icon (its own colours), sharp at every size."""
    path = str(resource("icons", f"{APP_ICON}.svg"))
    result = QIcon()
    for side in (16, 22, 24, 32, 48, 64, 128, 256):
        result.addFile(path, QSize(side, side))
    return result


def dot_pixmap(colour: QColor, side: int = 10, ratio: float = 1.0) -> QPixmap:
    """A small filled circle, for legends."""
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
