"""Issue 17 item 7, "Readable at every size", in the composer: at 1024x640, with a panel
round shown (three people, so the round-wide "Export all" and "Mark all as sent" are
there too), every button of the composer shows its whole text; so at 1280x800 and
1920x1080."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QApplication, QPushButton, QToolButton, QWidget

from followup_desktop.ui.main_window.sizing import MIN_WINDOW
from tests.helpers.composer import northwind
from tests.helpers.window import activate

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints",
                                       "This plugin does not support")


def _cut_buttons(root: QWidget) -> list[str]:
    """The buttons narrower than their text needs, or lying over one another."""
    cut = []
    shown = [b for b in root.findChildren(QPushButton) + root.findChildren(QToolButton)
             if b.isVisibleTo(root) and b.text()]
    for b in shown:
        if b.width() < b.sizeHint().width():
            cut.append(f"{b.text()!r}: {b.width()} < {b.sizeHint().width()}")
    rects = [(b.text(), QRect(b.mapTo(root, QPoint(0, 0)), b.size())) for b in shown]
    for i, (text, rect) in enumerate(rects):
        cut += [f"{text!r} over {other!r}" for other, r in rects[i + 1:]
                if rect.intersects(r)]
    return cut


def _shot(w: QWidget, name: str) -> None:
    shots = os.environ.get("FOLLOWUP_SHOTS")
    if shots:  # to look at: FOLLOWUP_SHOTS=/tmp/shots pytest this file
        w.grab().save(str(Path(shots) / f"{name}.png"))


@pytest.mark.parametrize("size", [(1024, 640), (1280, 800), (1920, 1080)])
def test_every_composer_button_shows_its_whole_text_with_a_panel_round(
        qtbot, make_window, demo_ctx, size):
    w = make_window(demo_ctx)
    w.resize(*size)
    activate(qtbot, w)
    qtbot.waitUntil(lambda: w.width() == size[0])
    assert w.show_followup(northwind(demo_ctx).key)
    qtbot.waitUntil(lambda: len(getattr(w.composer, "editors", ())) >= 2
                    and w.composer.export_all_button.isVisible())
    pane = w.composer
    QApplication.processEvents()
    _shot(w, f"composer-{size[0]}x{size[1]}")
    assert pane.sent_all_button.isVisible()
    assert not _cut_buttons(pane), _cut_buttons(pane)


@pytest.mark.parametrize("size", [(1024, 640), MIN_WINDOW])
def test_a_one_person_note_and_the_smallest_window_cut_no_button_either(
        qtbot, make_window, demo_ctx, size):
    w = make_window(demo_ctx)
    w.resize(*size)
    activate(qtbot, w)
    qtbot.waitUntil(lambda: w.width() == size[0])
    one = next(x for x in demo_ctx.agenda() if x.kind.is_email and x.company == "Orchard Bank")
    assert w.show_followup(northwind(demo_ctx).key)  # a panel first, then one person
    assert w.show_followup(one.key)
    qtbot.waitUntil(lambda: len(getattr(w.composer, "editors", ())) == 1
                    and w.composer.export_button.isVisible())
    QApplication.processEvents()
    pane = w.composer
    assert not pane.export_all_button.isVisible()
    _shot(w, f"composer-one-{size[0]}x{size[1]}")
    assert not _cut_buttons(pane), _cut_buttons(pane)
    if size == MIN_WINDOW:
        assert w.show_followup(northwind(demo_ctx).key)
        qtbot.waitUntil(lambda: pane.export_all_button.isVisible())
        QApplication.processEvents()
        _shot(w, "composer-smallest-panel")
        assert not _cut_buttons(pane), _cut_buttons(pane)


def test_the_wrapped_row_keeps_its_mnemonics(qtbot, make_window, demo_ctx):
    w = make_window(demo_ctx)
    w.resize(1024, 640)
    activate(qtbot, w)
    assert w.show_followup(northwind(demo_ctx).key)
    qtbot.waitUntil(lambda: w.composer.sent_all_button.isVisible())
    pane = w.composer
    assert pane.actions_row._wrapped  # the second line is in use
    for button, key in ((pane.export_all_button, Qt.Key.Key_L),
                        (pane.sent_all_button, Qt.Key.Key_N),
                        (pane.sent_button, Qt.Key.Key_M)):
        button.clicked.disconnect()  # only whether Alt+key reaches it
        with qtbot.waitSignal(button.clicked, timeout=2000):
            qtbot.keyClick(w, key, Qt.KeyboardModifier.AltModifier)
