"""Issue 17 items 5 and 8: by keyboard alone -- Tab leaves the table; keys for the
draft's message, the next/previous recipient, the agenda, Mark as sent, Skip and Edit
round, each listed in Help › Keyboard shortcuts; the round editor on the toolbar and in
the table's context menu."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from followup_desktop.records import Kind
from tests.helpers.window import activate

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints",
                                       "This plugin does not support")
CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier


def _focused():  # type: ignore[no-untyped-def]
    return QApplication.focusWidget()


def _panel_window(qtbot, make_window, demo_ctx):  # type: ignore[no-untyped-def]
    w = make_window(demo_ctx)
    activate(qtbot, w)
    panel = next(x for x in demo_ctx.agenda() if x.kind is Kind.THANK_YOU
                 and x.company == "Northwind Analytics")
    assert w.show_followup(panel.key)
    assert w.composer.tabs.count() >= 2
    return w


def test_tab_leaves_the_table_for_the_draft(qtbot, make_window, demo_ctx):
    w = _panel_window(qtbot, make_window, demo_ctx)
    w.table.setFocus()
    qtbot.waitUntil(lambda: _focused() is w.table)
    row = w.table.currentIndex().row()
    qtbot.keyClick(w.table, Qt.Key.Key_Tab)
    assert _focused() is not w.table
    assert w.composer.isAncestorOf(_focused())
    assert w.table.currentIndex().row() == row  # no cell-by-cell walk


def test_keys_for_the_message_the_recipients_and_the_agenda(qtbot, make_window, demo_ctx):
    w = _panel_window(qtbot, make_window, demo_ctx)
    w.search.setFocus()
    qtbot.waitUntil(lambda: _focused() is w.search)
    qtbot.keyClick(w.search, Qt.Key.Key_M, CTRL | SHIFT)
    assert _focused() is w.composer.current_editor().body
    first = w.composer.tabs.currentIndex()
    qtbot.keyClick(_focused(), Qt.Key.Key_PageDown, CTRL)
    assert w.composer.tabs.currentIndex() == (first + 1) % w.composer.tabs.count()
    assert _focused() is w.composer.current_editor().body  # the keys follow the note
    qtbot.keyClick(_focused(), Qt.Key.Key_PageUp, CTRL)
    assert w.composer.tabs.currentIndex() == first
    qtbot.keyClick(_focused(), Qt.Key.Key_A, CTRL | SHIFT)
    assert _focused() is w.calendar_pane.agenda_view


def test_mark_as_sent_and_skip_by_key(qtbot, make_window, demo_ctx):
    w = _panel_window(qtbot, make_window, demo_ctx)
    pane = w.composer
    n = pane.tabs.count()
    sent_to = pane.current_editor().draft.to_name
    pane.current_editor().body.setFocus()
    qtbot.waitUntil(lambda: _focused() is pane.current_editor().body)
    qtbot.keyClick(_focused(), Qt.Key.Key_S, CTRL | SHIFT)
    assert pane.tabs.count() == n - 1
    assert f"sent to {sent_to}" in pane.notice.text()
    asked: list[str] = []
    pane.confirm = lambda title, text: asked.append(text) or True
    qtbot.keyClick(_focused(), Qt.Key.Key_K, CTRL | SHIFT)
    assert asked and asked[0].startswith("Skip the thank-you")
    assert pane.isAncestorOf(_focused())


def test_edit_round_by_key_toolbar_and_context_menu(qtbot, make_window, demo_ctx,
                                                     monkeypatch):
    w = _panel_window(qtbot, make_window, demo_ctx)
    asked: list[tuple[str, tuple[object, ...]]] = []
    monkeypatch.setattr(w.commands, "run_dialog",
                        lambda cls, *a: asked.append((cls.__name__, a)) and None)
    app = demo_ctx.application(w.selected_application_id())
    latest = max((iv for iv in app.interviews if iv.start <= demo_ctx.now()),
                 key=lambda iv: iv.start)
    w.table.setFocus()
    qtbot.keyClick(w.table, Qt.Key.Key_E, CTRL | SHIFT)
    assert asked == [("InterviewDialog", (app.id, latest.id))]
    assert w.act_edit_round in w.toolbar.actions()
    assert w.act_edit_round in w.table_menu.actions()
    asked.clear()
    button = w.toolbar.widgetForAction(w.act_edit_round)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert asked == [("InterviewDialog", (app.id, latest.id))]


def test_help_lists_every_shortcut(qtbot, make_window, demo_ctx, monkeypatch):
    from followup_desktop.ui.main_window.shortcuts import ShortcutsDialog

    w = _panel_window(qtbot, make_window, demo_ctx)
    shown: list[list[tuple[str, str]]] = []
    monkeypatch.setattr(ShortcutsDialog, "exec", lambda self: shown.append(self.rows()) or 0)
    assert w.act_shortcuts in w.help_menu.actions()
    w.act_shortcuts.trigger()
    (rows,) = shown
    text = "\n".join(f"{k}  {v}" for k, v in rows)
    for keys, what in [("Ctrl+Shift+M", "message"), ("Ctrl+PgDown", "Next recipient"),
                       ("Ctrl+PgUp", "Previous recipient"), ("Ctrl+Shift+A", "agenda"),
                       ("Ctrl+Shift+S", "sent"), ("Ctrl+Shift+K", "Skip"),
                       ("Ctrl+Shift+E", "Edit round"), ("Tab", "table")]:
        assert any(keys in k and what.lower() in v.lower() for k, v in rows), (keys, text)
