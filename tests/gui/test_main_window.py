"""The main window driven like a user: search, status actions, delete + undo, persistence."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QMenu

from followup_desktop.records import EventKind, Status
from followup_desktop.ui.table_model import COL_COMPANY, COL_LATEST, COL_STATUS, IdRole
from tests.helpers.window import activate

# The offscreen platform warns that it cannot pass size hints to a window manager.
pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def _visible_companies(w) -> list[str]:  # type: ignore[no-untyped-def]
    p = w.model
    return [p.data(p.index(r, COL_COMPANY)) for r in range(p.rowCount())]


def _app(ctx, company: str):  # type: ignore[no-untyped-def]
    return next(a for a in ctx.applications() if a.company == company)


def test_three_panes_menus_and_accessible_names(make_window, demo_ctx) -> None:  # type: ignore[no-untyped-def]
    w = make_window(demo_ctx)
    assert w.stack.currentWidget() is not w.first_run
    assert w.model.rowCount() == len(demo_ctx.applications())
    assert w.main_splitter.count() == 2 and w.left_splitter.count() == 2
    menus = [a.text() for a in w.menuBar().actions()]
    assert menus == ["&File", "&Edit", "&View", "&Help"]
    assert w.act_new.shortcut() == QKeySequence("Ctrl+N")
    assert w.act_settings.shortcut() == QKeySequence("Ctrl+,")
    assert QKeySequence("F1") in w.act_help.shortcuts()
    assert w.act_find.shortcut() == QKeySequence(QKeySequence.StandardKey.Find)
    for widget in (w.search, w.table, w.calendar_pane.calendar, w.calendar_pane.agenda_view,
                   w.calendar_pane.day_list, w.composer):
        assert widget.accessibleName()
    assert "applications" in w.counts_label.text()


def test_typing_in_search_filters_rows(qtbot, make_window, demo_ctx) -> None:  # type: ignore[no-untyped-def]
    w = make_window(demo_ctx)
    activate(qtbot, w)
    w.table.setFocus()
    total = w.model.rowCount()
    qtbot.keyClick(w, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is w.search
    qtbot.keyClicks(w.search, "northw")
    assert _visible_companies(w) == ["Northwind Analytics"]
    assert w.filter_label.text() == f"Showing 1 of {total} applications"
    assert w.count_label.text() == f"1 of {total} applications"  # the header agrees
    w.search.clear()
    # a person's name and a word from the notes find the application too
    qtbot.keyClicks(w.search, "whitfield")
    assert "Northwind Analytics" in _visible_companies(w)
    w.search.clear()
    qtbot.keyClicks(w.search, "MEETUP")
    assert _visible_companies(w) == ["Northwind Analytics"]
    qtbot.keyClick(w.search, Qt.Key.Key_Escape)
    assert w.model.rowCount() == total


def test_status_action_records_event_and_updates_row_in_place(qtbot, make_window,  # type: ignore[no-untyped-def]
                                                               demo_ctx) -> None:
    w = make_window(demo_ctx)
    app = _app(demo_ctx, "Harbor & Finch")
    assert w.select_application(app.id)
    row = w.model.row_of(app.id)
    resets: list[int] = []
    w.model.modelReset.connect(lambda: resets.append(1))
    changed: list[tuple[int, int]] = []
    w.model.dataChanged.connect(lambda tl, br, roles=(): changed.append((tl.row(), br.row())))
    with qtbot.waitSignal(w.model.dataChanged), qtbot.waitSignal(w.data_changed):
        w.act_rejected.trigger()
    assert not resets
    assert (row, row) in changed
    row_now = w.model.row_of(app.id)
    assert w.model.data(w.model.index(row_now, COL_STATUS)) == "Rejected"
    stored = demo_ctx.store.load_application(app.id)
    assert stored.status is Status.REJECTED
    assert stored.events and stored.events[-1].kind is EventKind.REJECTED
    assert w.selected_application_id() == app.id  # the selection stayed
    # undo removes the event and the status again
    w.undo_stack.undo()
    stored = demo_ctx.store.load_application(app.id)
    assert stored.status is Status.ACTIVE
    assert all(e.kind is not EventKind.REJECTED for e in stored.events)
    assert w.model.data(w.model.index(w.model.row_of(app.id), COL_STATUS)) == "Active"
    assert not resets


def test_delete_asks_first_and_ctrl_z_brings_it_back(qtbot, make_window, demo_ctx) -> None:  # type: ignore[no-untyped-def]
    w = make_window(demo_ctx)
    app = _app(demo_ctx, "Quarry Labs")
    asked: list[str] = []
    w.confirm = lambda title, text: asked.append(text) is not None and False  # say no
    w.select_application(app.id)
    w.act_delete.trigger()
    assert asked and "Quarry Labs" in asked[0]
    assert w.model.row_of(app.id) >= 0
    w.confirm = lambda title, text: True
    w.select_application(app.id)
    with qtbot.waitSignal(w.model.rowsRemoved):
        w.act_delete.trigger()
    assert w.model.row_of(app.id) == -1
    assert demo_ctx.application(app.id) is None
    activate(qtbot, w)
    w.table.setFocus()
    with qtbot.waitSignal(w.model.rowsInserted):
        qtbot.keyClick(w, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert w.model.row_of(app.id) >= 0
    assert demo_ctx.application(app.id) is not None


def test_show_followup_selects_its_application_and_shows_it(make_window, demo_ctx) -> None:  # type: ignore[no-untyped-def]
    w = make_window(demo_ctx)
    target = next(x for x in demo_ctx.agenda() if x.recipient)
    assert w.show_followup(target.key)
    assert w.selected_application_id() == target.application_id
    assert w.composer.current_window is not None
    assert w.composer.current_window.key == target.key
    assert target.recipient in w.composer.title.text()
    assert not w.show_followup("no-such-key")


def test_agenda_click_shows_followup(qtbot, make_window, demo_ctx) -> None:  # type: ignore[no-untyped-def]
    w = make_window(demo_ctx)
    w.show()
    qtbot.waitExposed(w)
    pane = w.calendar_pane
    group = next(g for g in range(5) if pane.agenda_model.rowCount(pane.agenda_model.index(g, 0)))
    ix = pane.agenda_model.index(0, 0, pane.agenda_model.index(group, 0))
    win = pane.agenda_model.window_at(ix)
    pane.agenda_view.scrollTo(ix)
    rect = pane.agenda_view.visualRect(ix)
    qtbot.mouseClick(pane.agenda_view.viewport(), Qt.MouseButton.LeftButton,
                     pos=rect.center())
    assert w.selected_application_id() == win.application_id
    assert w.composer.current_window.key == win.key


def test_clicking_rows_shows_each_application_and_enables_its_actions(qtbot, make_window,  # type: ignore[no-untyped-def]
                                                                     demo_ctx) -> None:
    """A mouse press moves the current row before it selects it; once the actions went
    grey and the composer kept the previous application."""
    w = make_window(demo_ctx)
    activate(qtbot, w)
    for r in (2, 0, 3):
        rect = w.table.visualRect(w.model.index(r, COL_COMPANY))
        qtbot.mouseClick(w.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        app_id = w.model.index(r, COL_COMPANY).data(IdRole)
        assert w.selected_application_id() == app_id
        assert w.act_edit.isEnabled() and w.act_delete.isEnabled()
        assert w.act_add_round.isEnabled()
        shown = w.composer.current_app
        assert shown is not None and shown.id == app_id
        assert shown.company in w.composer.subtitle.text() or shown.company in \
            w.composer.title.text()


def test_a_row_selected_or_clicked_is_shown_in_the_composer_once(qtbot, make_window,  # type: ignore[no-untyped-def]
                                                                demo_ctx, monkeypatch) -> None:
    """One selecting changes the current row and then the selection: the composer draws
    the row's drafts once, not once per signal; a click on another row still shows it."""
    w = make_window(demo_ctx)
    activate(qtbot, w)
    shown: list[object] = []
    original = type(w.composer).set_followup
    monkeypatch.setattr(type(w.composer), "set_followup",
                        lambda self, win, app: shown.append(app) or original(self, win, app))
    ids = [w.model.index(r, COL_COMPANY).data(IdRole) for r in range(3)]
    w.select_application(ids[1])
    assert [a.id for a in shown] == [ids[1]]  # type: ignore[attr-defined]
    rect = w.table.visualRect(w.model.index(2, COL_COMPANY))
    qtbot.mouseClick(w.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert [a.id for a in shown] == [ids[1], ids[2]]  # type: ignore[attr-defined]
    assert w.composer.current_app.id == ids[2]


def test_edit_round_lists_the_rounds_and_saves_a_changed_one(qtbot, make_window, demo_ctx,  # type: ignore[no-untyped-def]
                                                            monkeypatch) -> None:
    """Edit › Edit round (and the table's menu) open the round dialog for an existing
    round; the change is saved and the row shows it."""
    from followup_desktop.ui.dialogs import InterviewDialog

    w = make_window(demo_ctx)
    app = next(a for a in demo_ctx.applications() if len(a.interviews) >= 2)
    assert w.select_application(app.id)
    assert w.round_menu.isEnabled()
    assert w.round_menu in [a.menu() for a in w.table_menu.actions() if a.menu()]
    w.round_menu.aboutToShow.emit()  # as when the menu opens
    entries = [a for a in w.round_menu.actions() if a.isEnabled()]
    assert len(entries) == len(app.interviews)  # the latest first
    latest, first = app.interviews[-1], app.interviews[0]
    assert entries[0].text().startswith(f"{latest.start.astimezone(demo_ctx.tz()):%a %d %b}")

    def edit(dlg: InterviewDialog) -> int:  # the user lengthens the round and saves
        assert dlg.interview_id == first.id
        dlg.duration.setValue(first.duration_minutes + 15)
        dlg.accept()
        return dlg.result()

    monkeypatch.setattr(InterviewDialog, "exec", edit)
    entries[-1].trigger()
    again = demo_ctx.store.load_application(app.id)
    assert again.interviews[0].duration_minutes == first.duration_minutes + 15
    assert w.selected_application_id() == app.id


def test_a_restore_clears_the_undo_history(qtbot, make_window, demo_ctx, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Undo after File › Backups › Restore once reached for the store the restore had
    closed (an unexpected error). The history is of data that is gone: it is cleared."""
    import followup_desktop.ui.backups_dialog as backups_dialog
    from followup_desktop.store.backups import BackupManager

    w = make_window(demo_ctx)
    backup = BackupManager(demo_ctx.store, demo_ctx.paths, demo_ctx.clock).backup_now()
    victim = demo_ctx.applications()[0]
    monkeypatch.setattr(w, "confirm", lambda *a: True, raising=False)
    assert w.select_application(victim.id)
    w.act_delete.trigger()
    assert w.act_undo.isEnabled()

    def restore(dlg) -> int:  # type: ignore[no-untyped-def]
        dlg._confirm = lambda _t: True
        assert dlg.select_path(backup) and dlg.restore_selected()
        return 0

    monkeypatch.setattr(backups_dialog.BackupsDialog, "exec", restore)
    w.act_backups.trigger()
    assert not w.act_undo.isEnabled() and not w.act_redo.isEnabled()
    assert victim.id in [a.id for a in demo_ctx.applications()]  # the backup had it
    assert w.model.row_of(victim.id) >= 0


def test_no_two_commands_share_a_key(make_window, demo_ctx) -> None:  # type: ignore[no-untyped-def]
    """Qt runs neither of two commands bound to one key (Ctrl+E once meant both "Edit
    application" and the composer's "Export .eml", and did nothing in the composer)."""
    from PySide6.QtGui import QAction, QShortcut

    w = make_window(demo_ctx)
    keys: dict[str, list[str]] = {}
    for act in w.findChildren(QAction):
        for seq in act.shortcuts():
            if not seq.isEmpty():
                keys.setdefault(seq.toString(), []).append(act.text())
    for sc in w.findChildren(QShortcut):
        if not sc.key().isEmpty():
            keys.setdefault(sc.key().toString(), []).append(f"shortcut {sc.key().toString()}")
    shared = {k: v for k, v in keys.items() if len(v) > 1}
    assert not shared, shared
    assert w.act_edit.shortcut().toString() == "F2"


def test_ctrl_e_in_the_draft_exports_it(qtbot, make_window, demo_ctx, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    w = make_window(demo_ctx)
    activate(qtbot, w)
    target = next(x for x in demo_ctx.agenda() if x.recipient and x.to)
    assert w.show_followup(target.key)
    exported: list[bool] = []
    monkeypatch.setattr(w.composer, "export_eml", lambda *a: exported.append(True))
    edited: list[bool] = []
    monkeypatch.setattr(w, "edit_application", lambda *a: edited.append(True))
    body = w.composer.current_editor().body
    body.setFocus()
    qtbot.waitUntil(body.hasFocus)
    qtbot.keyClick(body, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert exported and not edited


def test_note_templates_from_the_menu_redraft_the_shown_note(qtbot, make_window, demo_ctx,  # type: ignore[no-untyped-def]
                                                           monkeypatch) -> None:
    """Edit › Note templates once left the old template's text in the composer until
    another follow-up was chosen (the composer's own "Edit template…" did not)."""
    from followup_desktop.records import Kind
    from followup_desktop.ui import template_editor

    w = make_window(demo_ctx)
    target = next(x for x in demo_ctx.agenda() if x.kind is Kind.THANK_YOU and x.recipient)
    assert w.show_followup(target.key)

    def write_template(editor) -> int:  # type: ignore[no-untyped-def]
        assert editor.kind is Kind.THANK_YOU  # opened on the note shown
        editor.editor.setPlainText("A brand new note for {{ company }}.\n")
        assert editor.save()
        return 0

    monkeypatch.setattr(template_editor.TemplateEditor, "exec", write_template)
    w.act_templates.trigger()
    body = w.composer.current_editor().body.toPlainText()
    assert body.startswith(f"A brand new note for {target.company}.")


def test_state_persists_across_restart(qtbot, make_window, open_ctx) -> None:  # type: ignore[no-untyped-def]
    ctx = open_ctx(demo=True)
    w = make_window(ctx)
    w.show()
    qtbot.waitExposed(w)
    w.resize(1111, 707)
    expected = w.size()
    assert expected == QSize(1111, 707)
    w.main_splitter.setSizes([420, 300])
    w.left_splitter.setSizes([260, 200])
    w.table.sortByColumn(COL_LATEST, Qt.SortOrder.DescendingOrder)
    app = _app(ctx, "Lumen Health")
    w.select_application(app.id)
    main_sizes, left_sizes = w.main_splitter.sizes(), w.left_splitter.sizes()
    w.close()

    ctx2 = open_ctx()  # the same folder, opened again
    w2 = make_window(ctx2)
    w2.show()
    qtbot.waitExposed(w2)
    assert w2.size() == expected
    assert w2.main_splitter.sizes() == main_sizes
    assert w2.left_splitter.sizes() == left_sizes
    hh = w2.table.horizontalHeader()
    assert (hh.sortIndicatorSection(), hh.sortIndicatorOrder()) == \
        (COL_LATEST, Qt.SortOrder.DescendingOrder)
    starts = [w2.model.row(r).sort_key(COL_LATEST) for r in range(w2.model.rowCount())]
    assert starts == sorted(starts, reverse=True)
    assert w2.selected_application_id() == app.id
    ix = w2.table.currentIndex()
    assert w2.model.data(ix, IdRole) == app.id


def test_debrief_action_follows_the_row(make_window, demo_ctx) -> None:  # type: ignore[no-untyped-def]
    w = make_window(demo_ctx)
    invited = next(r for r in w.model.rows() if r.debrief)
    w.select_application(invited.app_id)
    assert w.act_debrief.isEnabled()
    assert "(due)" in w.act_debrief.text()
    future_only = _app(demo_ctx, "Tidewater Energy")  # its only round is tomorrow
    w.select_application(future_only.id)
    assert not w.act_debrief.isEnabled()


def test_dropped_files_go_to_the_import_hook(make_window, demo_ctx, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QMimeData, QPointF, QUrl
    from PySide6.QtGui import QDropEvent

    from followup_desktop.ui import import_actions

    got: list[object] = []
    monkeypatch.setattr(import_actions, "handle_drop",
                        lambda window, paths: got.append(("drop", window, paths)))
    w = make_window(demo_ctx)
    texts = [a.text() for a in w.file_menu.actions()]
    assert texts[texts.index("&Import…") + 1:][:2] == ["Export &CSV…", "Activity &report…"]
    f = tmp_path / "rounds.ics"
    f.write_text("BEGIN:VCALENDAR\nEND:VCALENDAR\n")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(f)), QUrl.fromLocalFile(str(tmp_path / "x.txt"))])
    ev = QDropEvent(QPointF(5, 5), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton,
                    Qt.KeyboardModifier.NoModifier)
    w.dropEvent(ev)
    assert got == [("drop", w, [f])]


def test_a_deferred_window_paints_first_then_loads(qtbot, make_window, open_ctx) -> None:  # type: ignore[no-untyped-def]
    ctx = open_ctx(demo=True)
    w = make_window(ctx, defer_load=True)
    # The first frame is the menu bar; the panes come after.
    assert not w.is_loaded() and not w.is_built()
    assert [m.title() for m in w.menuBar().findChildren(QMenu)] == ["&File", "&Edit", "&View",
                                                                     "&Help"]
    with qtbot.waitSignal(w.first_painted):
        w.show()
    assert w.is_built()
    qtbot.waitUntil(w.is_loaded)
    # the frame's menus were filled in, not doubled
    assert [a.text() for a in w.menuBar().actions()] == ["&File", "&Edit", "&View", "&Help"]
    assert w.act_new in w.file_menu.actions()
    assert w.model.rowCount() == len(ctx.applications())
    from followup_desktop.ui.composer import ComposerPane

    assert isinstance(w.composer, ComposerPane)
    qtbot.waitUntil(w.composer.isVisible)
    assert w.composer.current_window is not None  # the selected row's follow-up is shown


def test_a_window_built_before_its_data_paints_then_takes_it(qtbot, make_window, open_ctx,
                                                              tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The app's start: MainWindow(None, paths) is shown, then attach(ctx) after the frame."""
    ctx = open_ctx(demo=True)
    w = make_window(None, paths=ctx.paths)
    assert not w.is_built()
    with qtbot.waitSignal(w.first_painted):
        w.show()
    assert w.is_built() and not w.is_loaded()  # no data yet: the app opens it now
    assert w.counts_label.text() == "Loading…"
    # the panes are already on screen while the data is read, not only with it
    assert w.table.isVisible() and w.calendar_pane.isVisible() and w.toolbar.isVisible()
    with qtbot.waitSignal(w.loaded):
        w.attach(ctx)
    assert w.model.rowCount() == len(ctx.applications())
    assert w.selected_application_id() is not None
    for part in (w.table, w.search, w.calendar_pane.calendar, w.composer, w.toolbar):
        qtbot.waitUntil(part.isVisible)  # panes added after the frame are shown too


def test_a_hidden_deferred_window_loads_when_asked_for_a_followup(qtbot, make_window,
                                                                  open_ctx) -> None:  # type: ignore[no-untyped-def]
    ctx = open_ctx(demo=True)
    w = make_window(ctx, defer_load=True)
    key = next(x.key for x in ctx.agenda() if x.company == "Orchard Bank")
    assert w.show_followup(key)  # the tray's "Write note" before the window was ever shown
    assert w.composer.current_window.key == key


def test_a_hidden_window_skips_the_minute_refresh_and_catches_up_on_show(
        qtbot, make_window, open_ctx, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    ctx = open_ctx(demo=True)
    w = make_window(ctx)
    w.show()
    qtbot.waitExposed(w)
    calls: list[int] = []
    real = w.refresh
    monkeypatch.setattr(w, "refresh", lambda: (calls.append(1), real())[1])
    w.hide()
    w._tick.timeout.emit()  # the minute tick while in the tray
    assert calls == []  # no planning while nobody looks
    w.show()
    qtbot.waitExposed(w)
    assert calls == [1]  # caught up once on show
    w._tick.timeout.emit()
    assert calls == [1, 1]


def test_the_window_module_leaves_its_parts_for_after_the_first_frame() -> None:
    """The window's package imports only what the first frame needs: the panes, actions,
    commands and the records behind them load when the body is built (main_window.body)."""
    import subprocess
    import sys

    code = ("import sys, followup_desktop.ui.main_window; "
            "print(' '.join(sorted(sys.modules)))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=60, check=True)
    loaded = set(out.stdout.split())
    assert "followup_desktop.ui.main_window.layout" in loaded
    for part in ("body", "actions", "commands", "table_pane"):
        assert f"followup_desktop.ui.main_window.{part}" not in loaded, part
    for heavy in ("followup_desktop.records", "followup_desktop.ui.table_model",
                  "followup_desktop.ui.calendar_pane", "followup_desktop.store.errors"):
        assert heavy not in loaded, heavy


def test_search_ignores_accents_and_an_empty_result_offers_to_clear(qtbot, make_window,  # type: ignore[no-untyped-def]
                                                                    demo_ctx) -> None:
    w = make_window(demo_ctx)
    activate(qtbot, w)
    total = w.model.rowCount()
    qtbot.keyClick(w, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(w.search, "tomas")  # Tomás Herrera, at Brightline Logistics
    assert _visible_companies(w) == ["Brightline Logistics"]
    w.search.clear()
    qtbot.keyClicks(w.search, "zanzibar")
    assert w.model.rowCount() == 0
    assert w.table_pane.no_match.isVisible() and not w.table.isVisible()
    assert w.table_pane.no_match_label.text() == "No applications match ‘zanzibar’"
    assert w.count_label.text() == f"0 of {total} applications"
    assert w.filter_label.text() == f"Showing 0 of {total} applications"
    qtbot.mouseClick(w.table_pane.clear_button, Qt.MouseButton.LeftButton)
    assert w.search.text() == "" and w.model.rowCount() == total
    assert w.table.isVisible() and not w.table_pane.no_match.isVisible()
    assert w.count_label.text() == f"{total} applications"


def test_they_replied_asks_what_it_said_and_the_row_says_why_nothing_is_planned(  # type: ignore[no-untyped-def]
        qtbot, make_window, demo_ctx, monkeypatch) -> None:
    from followup_desktop.records import EventKind, ReplySays
    from followup_desktop.ui.main_window.commands import Commands
    from followup_desktop.ui.table_model import COL_NEXT

    w = make_window(demo_ctx)
    app = _app(demo_ctx, "Harbor & Finch")
    assert w.select_application(app.id)
    asked: list[object] = []

    def answer(self, dlg):  # type: ignore[no-untyped-def]
        asked.append(dlg.windowTitle())
        dlg.choice[ReplySays.OTHER].setChecked(True)
        dlg.accept()
        return dlg.result()

    monkeypatch.setattr(Commands, "exec_dialog", answer)
    w.act_replied.trigger()
    assert asked == ["They replied"]
    (event,) = [e for e in demo_ctx.store.load_application(app.id).events
                if e.kind is EventKind.REPLY and e.says is ReplySays.OTHER]
    row = w.model.row(w.model.row_of(app.id))
    text = row.cells[COL_NEXT]
    assert text.startswith("Nothing planned: they replied on ") and "Add round" in text
    ix = w.model.index(w.model.row_of(app.id), COL_NEXT)
    assert w.model.data(ix, Qt.ItemDataRole.ToolTipRole) == text
    w.undo_stack.undo()
    assert all(e.id != event.id for e in demo_ctx.store.load_application(app.id).events)


def test_clicking_an_application_selects_its_most_urgent_follow_up(qtbot, make_window,  # type: ignore[no-untyped-def]
                                                                  demo_ctx) -> None:
    from PySide6.QtCore import QPoint

    from followup_desktop.schedule.agenda import windows_of
    from followup_desktop.ui.calendar_pane import KeyRole
    from followup_desktop.ui.table_model import next_window

    w = make_window(demo_ctx)
    activate(qtbot, w)
    app = _app(demo_ctx, "Northwind Analytics")
    r = w.model.row_of(app.id)
    rect = w.table.visualRect(w.model.index(r, 1))
    qtbot.mouseClick(w.table.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(
        rect.center().x(), rect.center().y()))
    assert w.selected_application_id() == app.id
    urgent = next_window(windows_of(w._agenda, app.id))
    assert urgent is not None
    assert w.composer.current_window.key == urgent.key
    assert w.calendar_pane.agenda_view.currentIndex().data(KeyRole) == urgent.key
