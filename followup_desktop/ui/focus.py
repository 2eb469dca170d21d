"""A focus ring for the text boxes whose style shows none.

Fusion (and most styles) draw a focused line edit, button or list in the palette's
highlight colour, but a multi-line text box (``QPlainTextEdit``) only gets its caret: with
the keyboard alone, the message box is easy to lose. :func:`focus_ring` lays a thin frame
in the palette's ``Highlight`` colour over such a box while it has the focus -- light and
dark themes alike, no colour of its own.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QPainter, QPalette, QPen
from PySide6.QtWidgets import QWidget

RING_PX = 2


class FocusRing(QWidget):
    """Drawn over ``target`` (its child, above its viewport) while it has the focus."""

    def __init__(self, target: QWidget) -> None:
        super().__init__(target)
        self.target = target
        self.setObjectName("focusRing")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.hide()
        target.installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        kind = event.type()
        if kind == QEvent.Type.FocusIn:
            self.setGeometry(self.target.rect())
            self.raise_()
            self.show()
        elif kind == QEvent.Type.FocusOut:
            self.hide()
        elif kind == QEvent.Type.Resize:
            self.setGeometry(self.target.rect())
        return False

    def paintEvent(self, _event: object) -> None:  # noqa: N802 (Qt's name)
        painter = QPainter(self)
        pen = QPen(self.target.palette().color(QPalette.ColorRole.Highlight))
        pen.setWidth(RING_PX)
        painter.setPen(pen)
        half = RING_PX // 2
        painter.drawRect(self.rect().adjusted(half, half, -half - 1 + RING_PX % 2,
                                              -half - 1 + RING_PX % 2))
        painter.end()


def focus_ring(widget: QWidget) -> QWidget:
    """Give ``widget`` a visible focus ring; returns it (for chaining in constructors)."""
    if widget.findChild(FocusRing, "focusRing", Qt.FindChildOption.FindDirectChildrenOnly) \
            is None:
        FocusRing(widget)
    return widget
