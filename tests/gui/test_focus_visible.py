"""Issue 17 item 8: the keyboard focus is visible under a light and a dark palette: every
stop the Tab key reaches, from the search field through the table, the note and its
buttons to the calendar and the agenda, looks different with the focus than without."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QApplication, QWidget

from followup_desktop.records import Kind
from tests.helpers.window import activate

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints",
                                       "This plugin does not support")


def _dark() -> QPalette:
    """A dark theme as a desktop would set it (the test's colours, not the app's)."""
    pal = QPalette()
    roles = {
        QPalette.ColorRole.Window: "#2b2b2b", QPalette.ColorRole.WindowText: "#e6e6e6",
        QPalette.ColorRole.Base: "#1e1e1e", QPalette.ColorRole.AlternateBase: "#262626",
        QPalette.ColorRole.Text: "#e6e6e6", QPalette.ColorRole.Button: "#353535",
        QPalette.ColorRole.ButtonText: "#e6e6e6", QPalette.ColorRole.Highlight: "#3d7bd9",
        QPalette.ColorRole.HighlightedText: "#ffffff", QPalette.ColorRole.Mid: "#555555",
        QPalette.ColorRole.PlaceholderText: "#9a9a9a",
        QPalette.ColorRole.ToolTipBase: "#3a3a2a", QPalette.ColorRole.ToolTipText: "#e6e6e6",
        QPalette.ColorRole.Light: "#4a4a4a", QPalette.ColorRole.Dark: "#1a1a1a",
        QPalette.ColorRole.Shadow: "#000000",
    }
    for role, colour in roles.items():
        pal.setColor(role, QColor(colour))
    return pal


def _light() -> QPalette:
    return QApplication.style().standardPalette()


def _differs(a: QImage, b: QImage) -> int:
    if a.size() != b.size():
        return a.width() * a.height()
    return sum(1 for y in range(a.height()) for x in range(a.width())
               if a.pixel(x, y) != b.pixel(x, y))


@pytest.mark.parametrize("palette", [_light, _dark], ids=["light", "dark"])
def test_every_tab_stop_shows_the_focus(qtbot, make_window, demo_ctx, palette):
    app = QApplication.instance()
    old = app.palette()
    app.setPalette(palette())
    try:
        w = make_window(demo_ctx)
        w.resize(1280, 800)
        activate(qtbot, w)
        panel = next(x for x in demo_ctx.agenda() if x.kind is Kind.THANK_YOU)
        assert w.show_followup(panel.key)
        w.search.setFocus()
        qtbot.waitUntil(w.search.hasFocus)
        stops: list[tuple[QWidget, QImage]] = []
        for _ in range(30):  # Tab, Tab, Tab ... round the window once
            qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
            QApplication.processEvents()
            now = QApplication.focusWidget()
            if now is w.search or any(now is s for s, _ in stops):
                break
            stops.append((now, now.grab().toImage()))
        names = [type(s).__name__ for s, _ in stops]
        for must in (w.table, w.composer.current_editor().body, w.composer.sent_button,
                     w.calendar_pane.agenda_view):
            assert any(s is must for s, _ in stops), (type(must).__name__, names)
        w.search.setFocus()  # now none of them has the focus
        qtbot.waitUntil(w.search.hasFocus)
        QApplication.processEvents()
        weak = [(type(s).__name__, s.objectName(), n) for s, focused in stops
                if (n := _differs(s.grab().toImage(), focused)) < 20]
        assert not weak, weak
    finally:
        app.setPalette(old)
