"""Issue 17, "Done means": a newcomer on an empty data folder enters their name once,
adds a panel of three with talking points in one dialog, gets three signed, different,
current notes, exports them in one step and marks them sent in one step."""

from __future__ import annotations

import datetime as dt
import email
from email import policy

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog

from followup_desktop.records import Kind
from followup_desktop.ui.dialogs import ApplicationDialog
from tests.helpers.window import activate

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints",
                                       "This plugin does not support")
UTC = dt.UTC
PANEL = [
    ("Dana Whitfield", "dana@northwind.example",
     "the move from nightly batches to streaming; the redesigned on-call rotation"),
    ("Lee Chen", "lee@northwind.example", "forecasting demand with sparse data"),
    ("Sam Okafor", "sam@northwind.example",
     "the schema registry rollout; code review across time zones"),
]


class Clock:
    def __init__(self, at: dt.datetime) -> None:
        self.at = at

    def __call__(self) -> dt.datetime:
        return self.at


def _type(qtbot, widget, text: str) -> None:  # type: ignore[no-untyped-def]
    widget.setFocus()
    qtbot.keyClicks(widget, text)


def test_a_newcomer_gets_three_signed_different_notes_out_in_two_steps(
        qtbot, make_window, open_ctx, tmp_path, monkeypatch):
    clock = Clock(dt.datetime(2026, 3, 2, 14, 47, tzinfo=UTC))
    ctx = open_ctx()
    ctx.clock = clock
    w = make_window(ctx)
    activate(qtbot, w)

    # 1. who they are, once
    page = w.first_run.profile_page
    assert page.isVisible()
    _type(qtbot, page.name, "Ada Park")
    _type(qtbot, page.email, "ada.park@example.org")
    qtbot.keyClick(page.email, Qt.Key.Key_Return)
    assert ctx.profile().name == "Ada Park"
    assert w.first_run.add_button.isVisible()

    # 2. a panel of three, with talking points, in one dialog
    def fill(dlg: ApplicationDialog) -> int:
        dlg.show()
        qtbot.waitExposed(dlg)
        _type(qtbot, dlg.company, "Northwind Analytics")
        _type(qtbot, dlg.role, "Data Engineer")
        dlg.duration.setValue(45)  # it just happened: the When needs no editing
        for _ in PANEL[1:]:
            qtbot.mouseClick(dlg.panel.add_button, Qt.MouseButton.LeftButton)
        for row, (name, address, points) in zip(dlg.panel.rows, PANEL, strict=True):
            _type(qtbot, row.name, name)
            _type(qtbot, row.email, address)
            _type(qtbot, row.points, points)
        qtbot.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)
        return int(dlg.result())

    monkeypatch.setattr(ApplicationDialog, "exec", fill)
    qtbot.mouseClick(w.first_run.add_button, Qt.MouseButton.LeftButton)
    (app,) = ctx.applications()
    assert [p.person.name for p in app.interviews[0].participants] == [p[0] for p in PANEL]
    assert app.interviews[0].end <= clock.at  # the last full hour: it is over already

    # 3. three signed, different, current notes
    w.refresh()
    thanks = [x for x in ctx.agenda(clock.at) if x.kind is Kind.THANK_YOU]
    assert len(thanks) == 3
    assert w.show_followup(thanks[0].key)
    pane = w.composer
    assert pane.tabs.count() == 3 and not pane.name_banner.isVisible()
    bodies = []
    for i in range(3):
        pane.tabs.setCurrentIndex(i)
        results = pane.run_checks_now()
        failing = [r for r in results if not r.ok and r.id != "spelling"]
        assert not failing, (i, failing)
        body = pane.current_editor().body.toPlainText()
        assert "Ada Park" in body and "today" in body
        bodies.append(body)
    assert len(set(bodies)) == 3

    # 4. out in one step, recorded in one step
    folder = tmp_path / "out"
    folder.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory",
                        staticmethod(lambda *a: str(folder)))
    qtbot.mouseClick(pane.export_all_button, Qt.MouseButton.LeftButton)
    files = sorted(folder.glob("*.eml"))
    assert len(files) == 3
    to = sorted(str(email.message_from_bytes(f.read_bytes(), policy=policy.default)["To"])
                for f in files)
    assert to == sorted(f"{n} <{a}>" for n, a, _ in PANEL)
    qtbot.mouseClick(pane.sent_all_button, Qt.MouseButton.LeftButton)
    assert not [x for x in ctx.agenda(clock.at) if x.kind is Kind.THANK_YOU]
    assert "Recorded: thank-you sent to Dana Whitfield, Lee Chen and Sam Okafor" in \
        pane.notice.text()
    assert pane.isAncestorOf(QApplication.focusWidget()) or QApplication.focusWidget() is None


def _key(qtbot, key, mod=Qt.KeyboardModifier.NoModifier) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(QApplication.focusWidget() or QApplication.activeWindow(), key, mod)


def _tab_to(qtbot, target) -> None:  # type: ignore[no-untyped-def]
    for _ in range(30):
        if QApplication.focusWidget() is target:
            return
        _key(qtbot, Qt.Key.Key_Tab)
    raise AssertionError(f"Tab never reached {target.text()!r}")


def test_the_same_by_keyboard_alone(qtbot, make_window, open_ctx, tmp_path, monkeypatch):
    clock = Clock(dt.datetime(2026, 3, 2, 14, 47, tzinfo=UTC))
    ctx = open_ctx()
    ctx.clock = clock
    w = make_window(ctx)
    activate(qtbot, w)
    page = w.first_run.profile_page
    assert QApplication.focusWidget() is page.name
    qtbot.keyClicks(page.name, "Ada Park")
    _key(qtbot, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is page.email
    qtbot.keyClicks(page.email, "ada.park@example.org")
    _key(qtbot, Qt.Key.Key_Return)
    assert ctx.profile().name == "Ada Park"

    def fill(dlg: ApplicationDialog) -> int:  # Tab, type, Space on "Add person", Enter
        dlg.show()
        dlg.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is dlg)
        qtbot.keyClicks(dlg.company, "Northwind Analytics")
        _key(qtbot, Qt.Key.Key_Tab)
        qtbot.keyClicks(QApplication.focusWidget(), "Data Engineer")
        for _ in range(40):  # on to the first person's name
            if QApplication.focusWidget() is dlg.panel.rows[0].name:
                break
            _key(qtbot, Qt.Key.Key_Tab)
        for i, (name, address, points) in enumerate(PANEL):
            for text in (name, "", address, points):  # the salutation left empty
                qtbot.keyClicks(QApplication.focusWidget(), text)
                _key(qtbot, Qt.Key.Key_Tab)
            for _ in range(3):
                if QApplication.focusWidget() is dlg.panel.add_button:
                    break
                _key(qtbot, Qt.Key.Key_Tab)
            if i < len(PANEL) - 1:
                _key(qtbot, Qt.Key.Key_Space)
        _key(qtbot, Qt.Key.Key_Return)
        return int(dlg.result())

    monkeypatch.setattr(ApplicationDialog, "exec", fill)
    _key(qtbot, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    (app,) = ctx.applications()
    assert [p.person.name for p in app.interviews[0].participants] == [p[0] for p in PANEL]
    assert [len(p.talking_points) for p in app.interviews[0].participants] == [2, 1, 2]

    activate(qtbot, w)  # the window manager gives the window back its focus
    w.refresh()
    thanks = [x for x in ctx.agenda(clock.at) if x.kind is Kind.THANK_YOU]
    assert w.show_followup(thanks[0].key)
    pane = w.composer
    assert pane.tabs.count() == 3
    _key(qtbot, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier
         | Qt.KeyboardModifier.ShiftModifier)  # into the note
    assert pane.isAncestorOf(QApplication.focusWidget())
    folder = tmp_path / "out"
    folder.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory",
                        staticmethod(lambda *a: str(folder)))
    _tab_to(qtbot, pane.export_all_button)  # "Export all", by Tab and Space
    _key(qtbot, Qt.Key.Key_Space)
    assert len(sorted(folder.glob("*.eml"))) == 3
    _tab_to(qtbot, pane.sent_all_button)  # "Mark all as sent"
    _key(qtbot, Qt.Key.Key_Space)
    assert not [x for x in ctx.agenda(clock.at) if x.kind is Kind.THANK_YOU]
