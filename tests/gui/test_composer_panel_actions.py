"""Issue 17 items 5, 6 and 9 in the composer: Export all (one folder, one .eml per
person), Mark all as sent (one step, one Undo), messages naming the tab and file,
"Open in mail app" saying when no mail app opened, focus kept in the composer, and the
Skip question writing "LinkedIn"."""

from __future__ import annotations

import email
import shutil
import subprocess
from email import policy

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QFileDialog

from followup_desktop.records import Kind
from tests.helpers import composer as support_composer
from tests.helpers.composer import OFFSCREEN_NOISE, make_pane, northwind

pytestmark = OFFSCREEN_NOISE
demo_ctx = support_composer.demo_ctx  # fixture


def _active(qtbot, pane) -> None:  # type: ignore[no-untyped-def]
    pane.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is pane)


def test_export_all_writes_one_eml_per_person_in_one_folder_and_names_them(
        qtbot, demo_ctx, tmp_path, monkeypatch):
    pane = make_pane(qtbot, demo_ctx, northwind(demo_ctx))
    names = [ed.draft.to_name for ed in pane.editors]
    assert len(names) >= 2 and pane.export_all_button.isVisible()
    folder = tmp_path / "out"
    folder.mkdir()
    asked: list[str] = []
    monkeypatch.setattr(QFileDialog, "getExistingDirectory",
                        staticmethod(lambda *a: asked.append(a[1]) or str(folder)))
    qtbot.mouseClick(pane.export_all_button, Qt.MouseButton.LeftButton)
    assert len(asked) == 1  # one folder, one step
    files = sorted(folder.glob("*.eml"))
    assert len(files) == len(names)
    to = sorted(email.message_from_bytes(f.read_bytes(), policy=policy.default)["To"]
                .addresses[0].display_name for f in files)
    assert to == sorted(names)
    text = pane.notice.text()
    assert f"Exported {len(names)} notes" in text
    assert all(name in text for name in names)
    assert all(f.name in text for f in files)
    keys = {ed.key for ed in pane.editors}
    exported = {w.key for w in demo_ctx.agenda() if w.exported}
    assert keys <= exported


def test_export_all_refuses_while_one_note_waits_and_shows_that_tab(qtbot, demo_ctx,
                                                                    monkeypatch):
    pane = make_pane(qtbot, demo_ctx, northwind(demo_ctx))
    second = pane.editors[1]
    second.body.setPlainText(second.body.toPlainText() + "\n[Your Name]")
    monkeypatch.setattr(QFileDialog, "getExistingDirectory",
                        staticmethod(lambda *a: pytest.fail("no folder may be asked for")))
    qtbot.mouseClick(pane.export_all_button, Qt.MouseButton.LeftButton)
    assert pane.tabs.currentIndex() == 1
    assert f"the note to {second.draft.to_name} waits" in pane.notice.text()


def test_mark_all_as_sent_records_every_note_in_one_step_and_undo_brings_them_back(
        qtbot, demo_ctx):
    w = northwind(demo_ctx)
    pane = make_pane(qtbot, demo_ctx, w)
    names = [ed.draft.to_name for ed in pane.editors]
    keys = [ed.key for ed in pane.editors]
    _active(qtbot, pane)
    pane.editors[0].body.setFocus()
    qtbot.mouseClick(pane.sent_all_button, Qt.MouseButton.LeftButton)
    app = demo_ctx.application(w.application_id)
    sent = [m for m in app.messages if m.kind is Kind.THANK_YOU]
    assert sorted(m.to for m in sent)[:len(names)] and len(sent) >= len(names)
    assert not set(keys) & {x.key for x in demo_ctx.agenda()}
    text = pane.notice.text()
    assert "Recorded: thank-you sent to " + " and ".join(names[-2:]) in text or \
        all(n in text for n in names)
    # the focus stayed in the composer (the notice, whose Undo is right there)
    assert pane.isAncestorOf(QApplication.focusWidget())
    pane.notice.linkActivated.emit("undo")
    assert set(keys) <= {x.key for x in demo_ctx.agenda()}
    assert pane.tabs.count() == len(names)


def test_after_the_last_mark_as_sent_the_focus_stays_in_the_composer(qtbot, demo_ctx):
    pane = make_pane(qtbot, demo_ctx, northwind(demo_ctx))
    _active(qtbot, pane)
    while pane.editors:
        pane.current_editor().body.setFocus()
        qtbot.waitUntil(lambda: pane.current_editor().body.hasFocus())
        qtbot.keyClick(pane.sent_button, Qt.Key.Key_Space)
    assert pane.isAncestorOf(QApplication.focusWidget())


def test_no_mail_app_is_said_with_copy_and_export_offered(qtbot, demo_ctx):
    pane = make_pane(qtbot, demo_ctx, northwind(demo_ctx))
    name = pane.current_editor().draft.to_name
    pane.mail_opener = lambda url, done: done(False, "no method available for opening it")
    qtbot.mouseClick(pane.mail_button, Qt.MouseButton.LeftButton)
    text = pane.notice.text()
    assert f"No mail app opened the note to {name}" in text
    assert "Opened" not in text
    assert "href='copy'" in text and "href='export'" in text
    pane.notice.linkActivated.emit("copy")
    assert QGuiApplication.clipboard().text() == pane.current_editor().body.toPlainText() or \
        pane.current_editor().body.toPlainText().strip() in QGuiApplication.clipboard().text()
    assert f"Copied the note to {name}" in pane.notice.text()


def _no_mailto_handler() -> bool:
    if shutil.which("xdg-open") is None or shutil.which("xdg-mime") is None:
        return False
    out = subprocess.run(["xdg-mime", "query", "default", "x-scheme-handler/mailto"],
                         capture_output=True, text=True, timeout=30)
    return not out.stdout.strip()


@pytest.mark.skipif(not _no_mailto_handler(),
                    reason="needs xdg-open and no mail handler set up (nothing may open)")
def test_a_real_xdg_open_with_no_mail_handler_is_reported(qtbot, demo_ctx):
    pane = make_pane(qtbot, demo_ctx, northwind(demo_ctx))
    qtbot.mouseClick(pane.mail_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "No mail app opened" in pane.notice.text(), timeout=20_000)
    assert "xdg-open" in pane.notice.text() or "no method" in pane.notice.text()


def test_the_skip_question_writes_linkedin(qtbot, demo_ctx):
    note = next(w for w in demo_ctx.agenda() if w.kind is Kind.LINKEDIN_NOTE)
    pane = make_pane(qtbot, demo_ctx, note)
    asked: list[str] = []
    pane.confirm = lambda title, text: asked.append(text) or False
    qtbot.mouseClick(pane.skip_button, Qt.MouseButton.LeftButton)
    assert asked and "Skip the LinkedIn note" in asked[0]
