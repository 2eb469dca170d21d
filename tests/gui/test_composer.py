"""The composer pane, driven like a user: drafts per recipient, live checks, autosave, the
actions (export, copy, mail app, sent, skip), spelling marks."""

from __future__ import annotations

import statistics
from email import policy
from email.parser import BytesParser
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication, QTextCursor
from PySide6.QtWidgets import QFileDialog

from followup_desktop.context import AppContext
from followup_desktop.records import Kind
from followup_desktop.store import StoreError
from followup_desktop.ui.composer import EMPTY_TEXT, ComposerPane
from tests.helpers import composer as support_composer
from tests.helpers.composer import (
    NOW,
    OFFSCREEN_NOISE,
    make_pane,
    northwind,
)

demo_ctx = support_composer.demo_ctx  # fixture
pytestmark = OFFSCREEN_NOISE


def type_at_end(qtbot, pane: ComposerPane, text: str) -> None:  # type: ignore[no-untyped-def]
    ed = pane.current_editor()
    assert ed is not None
    ed.body.setFocus()
    ed.body.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(ed.body, text)


def type_at_start(qtbot, pane: ComposerPane, text: str) -> None:  # type: ignore[no-untyped-def]
    ed = pane.current_editor()
    assert ed is not None
    ed.body.setFocus()
    ed.body.moveCursor(QTextCursor.MoveOperation.Start)
    qtbot.keyClicks(ed.body, text)


def test_empty_state(qtbot, demo_ctx: AppContext) -> None:
    pane = make_pane(qtbot, demo_ctx)
    assert pane.empty_label.text() == EMPTY_TEXT
    assert pane.pages.currentIndex() == ComposerPane.PAGE_EMPTY
    assert not pane.actions_row.isVisible()


def test_panel_thank_you_has_one_personal_tab_per_interviewer_with_email(
        qtbot, demo_ctx: AppContext) -> None:
    w = northwind(demo_ctx)
    pane = make_pane(qtbot, demo_ctx, w)
    app = demo_ctx.application(w.application_id)
    assert app is not None
    panel = next(iv for iv in app.interviews if iv.id == w.interview_id)
    with_email = [p for p in panel.participants if p.person.email]
    assert len(with_email) == 2  # Lena Fischer has no email: no tab of her own
    assert [pane.tabs.tabText(i) for i in range(pane.tabs.count())] == \
        [p.person.name for p in with_email]
    assert pane.tabs.tabBar().isVisible()
    for i, part in enumerate(with_email):
        pane.tabs.setCurrentIndex(i)
        ed = pane.current_editor()
        assert ed is not None
        body = ed.body.toPlainText()
        assert part.person.last_name in body
        assert any(point in body for point in part.talking_points)
        assert part.person.email in ed.to_field.text()
        assert ed.to_field.isReadOnly()
        assert pane.results()["personal"].ok
    # the note of the main contact passes on the thanks to the interviewer without email
    pane.tabs.setCurrentIndex(0)
    assert "Lena Fischer" in pane.current_editor().body.toPlainText()  # type: ignore[union-attr]
    assert pane.export_button.isEnabled()


def test_typing_a_placeholder_blocks_export_until_it_is_removed(
        qtbot, demo_ctx: AppContext) -> None:
    pane = make_pane(qtbot, demo_ctx, northwind(demo_ctx))
    assert pane.results()["placeholders"].ok and pane.export_button.isEnabled()
    type_at_end(qtbot, pane, "[Your Name]")
    qtbot.waitUntil(lambda: not pane.results()["placeholders"].ok)
    assert "[Your Name]" in pane.results()["placeholders"].reason
    assert not pane.export_button.isEnabled()
    assert not pane.mail_button.isEnabled()
    assert "[Your Name]" in pane.block_label.text()
    assert "[Your Name]" in pane.export_button.toolTip()
    item = pane.checks.item_for("placeholders")
    assert item is not None and "[Your Name]" in item.text()
    for _ in range(len("[Your Name]")):
        qtbot.keyClick(pane.current_editor().body, Qt.Key.Key_Backspace)  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: pane.results()["placeholders"].ok)
    assert pane.export_button.isEnabled()
    assert pane.block_label.text() == ""


def test_checks_are_fast_while_typing(qtbot, demo_ctx: AppContext) -> None:
    pane = make_pane(qtbot, demo_ctx, northwind(demo_ctx))
    pane.run_checks_now()  # warm: dictionary and word caches
    times = []
    ed = pane.current_editor()
    assert ed is not None
    for ch in "Looking forward to it":
        ed.body.moveCursor(QTextCursor.MoveOperation.End)
        ed.body.insertPlainText(ch)
        pane.run_checks_now()
        times.append(pane.last_check_ms)
    assert statistics.median(times) <= 10.0, times


def test_autosave_stores_the_edit_and_reopening_shows_it(qtbot, demo_ctx: AppContext) -> None:
    w = northwind(demo_ctx)
    pane = make_pane(qtbot, demo_ctx, w)
    ed = pane.current_editor()
    assert ed is not None
    assert demo_ctx.store.load_draft(w.key, w.person_id) is None
    type_at_end(qtbot, pane, "PS: lovely office.")
    ed.subject.setFocus()
    ed.subject.selectAll()
    qtbot.keyClicks(ed.subject, "Thanks from Ada Park")
    assert "Editing" in pane.save_label.text()
    qtbot.waitUntil(lambda: demo_ctx.store.load_draft(w.key, w.person_id) is not None)
    saved = demo_ctx.store.load_draft(w.key, w.person_id)
    assert saved is not None
    qtbot.waitUntil(lambda: saved.subject == "Thanks from Ada Park" or  # noqa: B023
                    demo_ctx.store.load_draft(w.key, w.person_id).subject  # type: ignore[union-attr]
                    == "Thanks from Ada Park")
    assert "PS: lovely office." in demo_ctx.store.load_draft(w.key, w.person_id).body  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: pane.save_label.text().startswith("Saved"))

    # another follow-up, then back: the edits are there
    other = next(x for x in demo_ctx.agenda() if x.company == "Lumen Health")
    pane.set_followup(other, demo_ctx.application(other.application_id))
    assert pane.title.text().startswith(other.kind.label)
    pane.set_followup(w, demo_ctx.application(w.application_id))
    ed = pane.current_editor()
    assert ed is not None
    assert ed.body.toPlainText().rstrip().endswith("PS: lovely office.")
    assert ed.subject.text() == "Thanks from Ada Park"
    assert pane.save_label.text() == "Your edits are saved"

    # a fresh pane (after a restart) shows them too
    again = make_pane(qtbot, demo_ctx, w)
    assert "PS: lovely office." in again.current_editor().body.toPlainText()  # type: ignore[union-attr]


def test_a_refused_save_keeps_the_text_when_moving_on_and_back(
        qtbot, demo_ctx: AppContext, monkeypatch: pytest.MonkeyPatch) -> None:
    """Moving to another follow-up while the store refuses (a full disk, read-only data)
    once dropped the typed text although the label promised it was still there."""
    w = northwind(demo_ctx)
    other = next(x for x in demo_ctx.agenda() if x.application_id != w.application_id
                 and x.kind.is_email and x.recipient)
    pane = make_pane(qtbot, demo_ctx, w, autosave_ms=60_000)

    def refuse(*_a: object, **_k: object) -> None:
        raise StoreError("Not saved: the disk is full.")

    monkeypatch.setattr(demo_ctx.store, "save_draft", refuse)
    type_at_end(qtbot, pane, "Keep this line")
    pane.set_followup(other, None)  # the save is refused on the way
    assert pane.current_window is not None and pane.current_window.key == other.key
    pane.set_followup(w, None)
    ed = pane.current_editor()
    assert ed is not None and ed.body.toPlainText().rstrip().endswith("Keep this line")
    assert ed.dirty
    assert pane.save_label.text().count("Not saved") == 1
    assert "the disk is full" in pane.save_label.text()
    pane.set_followup(other, None)  # refused again: still kept
    assert not pane.flush()
    monkeypatch.undo()  # space again: the next save writes it, even from another draft
    assert pane.flush()
    stored = demo_ctx.store.load_draft(w.key, w.person_id)
    assert stored is not None and stored.body.rstrip().endswith("Keep this line")


def test_switching_follow_up_saves_at_once(qtbot, demo_ctx: AppContext) -> None:
    w = northwind(demo_ctx)
    pane = make_pane(qtbot, demo_ctx, w, autosave_ms=60_000)
    type_at_end(qtbot, pane, "Unsaved yet")
    assert demo_ctx.store.load_draft(w.key, w.person_id) is None
    pane.set_followup(None, None)
    stored = demo_ctx.store.load_draft(w.key, w.person_id)
    assert stored is not None and "Unsaved yet" in stored.body
    assert pane.empty_label.text() == EMPTY_TEXT


def test_store_error_keeps_the_text_and_says_why(qtbot, demo_ctx: AppContext,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    w = northwind(demo_ctx)
    pane = make_pane(qtbot, demo_ctx, w)

    def refuse(*_a: object, **_k: object) -> None:
        raise StoreError("Not saved: the disk is full.")

    monkeypatch.setattr(demo_ctx.store, "save_draft", refuse)
    type_at_end(qtbot, pane, "Still here")
    qtbot.waitUntil(lambda: "Not saved" in pane.save_label.text())
    assert "disk is full" in pane.save_label.text()
    assert "Traceback" not in pane.save_label.text()
    ed = pane.current_editor()
    assert ed is not None and ed.dirty
    assert ed.body.toPlainText().rstrip().endswith("Still here")
    monkeypatch.undo()
    assert pane.flush()
    assert "Still here" in demo_ctx.store.load_draft(w.key, w.person_id).body  # type: ignore[union-attr]


def test_refresh_with_the_same_window_keeps_the_editing(qtbot, demo_ctx: AppContext) -> None:
    w = northwind(demo_ctx)
    pane = make_pane(qtbot, demo_ctx, w, autosave_ms=60_000)
    type_at_end(qtbot, pane, "typing")
    ed = pane.current_editor()
    pane.set_followup(w, demo_ctx.application(w.application_id))  # the main window's tick
    assert pane.current_editor() is ed
    assert ed is not None and ed.dirty and "typing" in ed.body.toPlainText()
    # selecting the other recipient's window switches the tab, no rebuild
    marcus = next(x for x in demo_ctx.agenda() if x.kind is Kind.THANK_YOU
                  and x.recipient == "Marcus Oyelaran")
    pane.set_followup(marcus, demo_ctx.application(marcus.application_id))
    assert pane.tabs.currentIndex() == 1
    assert pane.editors[0] is ed
    assert "typing" in demo_ctx.store.load_draft(w.key, w.person_id).body  # type: ignore[union-attr]


def test_export_eml_writes_a_draft_with_one_recipient(qtbot, demo_ctx: AppContext,
                                                       tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    w = northwind(demo_ctx)
    pane = make_pane(qtbot, demo_ctx, w)
    out = tmp_path / "out"
    out.mkdir()
    asked: list[str] = []

    def choose(_parent: object, _title: str, start: str, *_a: object) -> str:
        asked.append(start)
        return str(out)

    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(choose))
    changed: list[int] = []
    pane.changed.connect(lambda: changed.append(1))
    qtbot.mouseClick(pane.export_button, Qt.MouseButton.LeftButton)
    files = list(out.glob("*.eml"))
    assert len(files) == 1
    msg = BytesParser(policy=policy.default).parsebytes(files[0].read_bytes())
    assert msg["X-Unsent"] == "1"
    assert len(msg.get_all("To")) == 1
    assert msg["To"].addresses[0].addr_spec == w.to
    assert msg.get_all("Cc") is None and msg.get_all("Bcc") is None
    assert "Whitfield" in msg.get_content()
    assert demo_ctx.store.states()[w.key].exported_at == NOW
    assert changed
    assert files[0].name in pane.notice.text()
    # the folder is remembered for the next export
    qtbot.mouseClick(pane.export_button, Qt.MouseButton.LeftButton)
    assert asked[-1] == str(out)
    assert len(list(out.glob("*.eml"))) == 2  # never overwritten


def test_export_error_is_shown_in_words(qtbot, demo_ctx: AppContext, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    pane = make_pane(qtbot, demo_ctx, northwind(demo_ctx))
    ed = pane.current_editor()
    assert ed is not None
    ed.add_attachments([str(tmp_path / "gone.pdf")])
    monkeypatch.setattr(QFileDialog, "getExistingDirectory",
                        staticmethod(lambda *_a: str(tmp_path)))
    assert pane.export_eml() is None
    assert "Cannot read the attachment gone.pdf" in pane.notice.text()
    assert "Traceback" not in pane.notice.text()


def test_mark_as_sent_records_and_the_agenda_moves_on(qtbot, demo_ctx: AppContext) -> None:
    w = northwind(demo_ctx)
    pane = make_pane(qtbot, demo_ctx, w)
    changed: list[int] = []
    pane.changed.connect(lambda: changed.append(1))
    qtbot.mouseClick(pane.sent_button, Qt.MouseButton.LeftButton)
    app = demo_ctx.application(w.application_id)
    assert app is not None
    sent = [m for m in app.messages if m.kind is Kind.THANK_YOU and m.person_id == w.person_id]
    assert len(sent) == 1 and sent[0].sent_at == NOW and sent[0].to == w.to
    assert w.key not in {x.key for x in demo_ctx.agenda()}
    assert changed
    # the other recipient's tab stays, and becomes the current follow-up
    assert pane.tabs.count() == 1
    assert pane.current_window is not None and pane.current_window.recipient == "Marcus Oyelaran"
    assert "Undo" in pane.notice.text()
    # Undo brings it back
    pane.notice.linkActivated.emit("undo")
    assert w.key in {x.key for x in demo_ctx.agenda()}
    assert pane.tabs.count() == 2


def test_skip_asks_then_hides_the_window(qtbot, demo_ctx: AppContext) -> None:
    w = northwind(demo_ctx)
    pane = make_pane(qtbot, demo_ctx, w)
    answers = [False, True]
    asked: list[str] = []

    def confirm(_title: str, text: str) -> bool:
        asked.append(text)
        return answers.pop(0)

    pane.confirm = confirm
    qtbot.mouseClick(pane.skip_button, Qt.MouseButton.LeftButton)
    assert w.key in {x.key for x in demo_ctx.agenda()}  # cancelled: nothing happens
    qtbot.mouseClick(pane.skip_button, Qt.MouseButton.LeftButton)
    assert "Dana Whitfield" in asked[0]
    assert demo_ctx.store.states()[w.key].skipped_at == NOW
    assert w.key not in {x.key for x in demo_ctx.agenda()}
    assert pane.tabs.count() == 1


def test_copy_puts_the_message_on_the_clipboard(qtbot, demo_ctx: AppContext) -> None:
    pane = make_pane(qtbot, demo_ctx, northwind(demo_ctx))
    QGuiApplication.clipboard().clear()
    qtbot.mouseClick(pane.copy_button, Qt.MouseButton.LeftButton)
    text = QGuiApplication.clipboard().text()
    assert text.startswith("Dear Ms. Whitfield,")
    assert pane.copy(with_subject=True).startswith("Subject: ")


def test_open_in_mail_app_opens_a_mailto_link(qtbot, demo_ctx: AppContext,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    w = northwind(demo_ctx)
    pane = make_pane(qtbot, demo_ctx, w)
    opened: list[str] = []
    pane.mail_opener = lambda url, done: (opened.append(url), done(True, ""))
    qtbot.mouseClick(pane.mail_button, Qt.MouseButton.LeftButton)
    assert len(opened) == 1
    assert opened[0].startswith(f"mailto:{w.to}?subject=")
    assert "Mark as sent" in pane.notice.text()


def test_reset_to_template_discards_the_saved_draft(qtbot, demo_ctx: AppContext) -> None:
    w = northwind(demo_ctx)
    pane = make_pane(qtbot, demo_ctx, w)
    original = pane.current_editor().body.toPlainText()  # type: ignore[union-attr]
    type_at_end(qtbot, pane, "extra words")
    assert pane.flush()
    assert demo_ctx.store.load_draft(w.key, w.person_id) is not None
    pane.confirm = lambda *_a: True
    pane.act_reset.trigger()
    assert demo_ctx.store.load_draft(w.key, w.person_id) is None
    assert pane.current_editor().body.toPlainText() == original  # type: ignore[union-attr]
    assert not pane.current_editor().dirty  # type: ignore[union-attr]


def test_spelling_marks_a_word_and_add_to_dictionary_stores_it(
        qtbot, demo_ctx: AppContext) -> None:
    pane = make_pane(qtbot, demo_ctx, northwind(demo_ctx))
    type_at_start(qtbot, pane, "Zorblat ")
    ed = pane.current_editor()
    assert ed is not None
    assert "Zorblat" in ed.highlighter.marked_words()
    block = ed.body.document().firstBlock()
    formats = block.layout().formats()
    assert any(f.start == 0 and f.length == len("Zorblat") and
               f.format.underlineStyle() == f.format.UnderlineStyle.SpellCheckUnderline
               for f in formats)
    qtbot.waitUntil(lambda: not pane.results()["spelling"].ok)
    # the context menu on the word offers "Add to dictionary"
    rect = ed.body.cursorRect(QTextCursor(block))
    menu = ed.highlighter.build_menu(QPoint(rect.left() + 3, rect.center().y()))
    learn = next(a for a in menu.actions() if a.objectName() == "addToDictionary")
    assert "Zorblat" in learn.text()
    learn.trigger()
    assert "zorblat" in demo_ctx.store.words()
    assert "Zorblat" not in ed.highlighter.marked_words()
    qtbot.waitUntil(lambda: pane.results()["spelling"].ok)
    menu.deleteLater()


def test_spelling_suggestion_replaces_the_word(qtbot, demo_ctx: AppContext) -> None:
    pane = make_pane(qtbot, demo_ctx, northwind(demo_ctx))
    type_at_start(qtbot, pane, "Pipline ")
    ed = pane.current_editor()
    assert ed is not None
    rect = ed.body.cursorRect(QTextCursor(ed.body.document().firstBlock()))
    menu = ed.highlighter.build_menu(QPoint(rect.left() + 3, rect.center().y()))
    fix = next(a for a in menu.actions() if a.text() == "Pipeline")
    fix.trigger()
    assert ed.body.toPlainText().startswith("Pipeline ")
    menu.deleteLater()


def test_materials_attachments_satisfy_the_promise(qtbot, demo_ctx: AppContext,
                                                   tmp_path: Path) -> None:
    w = northwind(demo_ctx, Kind.MATERIALS)
    pane = make_pane(qtbot, demo_ctx, w)
    ed = pane.current_editor()
    assert ed is not None and ed.attach_row.isVisible()
    assert not pane.results()["promise"].ok
    study = tmp_path / "case-study.pdf"
    study.write_bytes(b"%PDF-1.4 sample")
    ed.add_attachments([str(study)])
    qtbot.waitUntil(lambda: pane.results()["promise"].ok)
    qtbot.waitUntil(lambda: demo_ctx.store.load_draft(w.key, w.person_id) is not None)
    assert demo_ctx.store.load_draft(w.key, w.person_id).attachments == (str(study),)  # type: ignore[union-attr]
    chip = ed.chips.itemAt(0).widget()
    qtbot.mouseClick(chip.remove_button, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
    assert ed.attachments == []
    qtbot.waitUntil(lambda: not pane.results()["promise"].ok)


def test_linkedin_note_counts_characters_and_opens_the_profile(
        qtbot, demo_ctx: AppContext, monkeypatch: pytest.MonkeyPatch) -> None:
    w = northwind(demo_ctx, Kind.LINKEDIN_NOTE)
    pane = make_pane(qtbot, demo_ctx, w)
    ed = pane.current_editor()
    assert ed is not None
    limit = demo_ctx.settings().linkedin_note_max_chars
    n = len(ed.body.toPlainText().strip())
    assert ed.counter.text() == f"{n} / {limit} characters"
    assert not pane.export_button.isVisible() and not ed.subject.isVisible()
    type_at_end(qtbot, pane, "x" * (limit + 1 - n))
    now_n = len(ed.body.toPlainText().strip())
    assert now_n > limit
    assert ed.counter.text() == f"{now_n} / {limit} characters"
    qtbot.waitUntil(lambda: not pane.results()["concise"].ok)
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl",
                        staticmethod(lambda url: opened.append(url) or True))
    assert ed.profile_button is not None
    qtbot.mouseClick(ed.profile_button, Qt.MouseButton.LeftButton)
    assert opened and "linkedin.com/in/dana-whitfield" in opened[0].toString()


def test_debrief_shows_the_guide_and_can_be_marked_done(qtbot, demo_ctx: AppContext) -> None:
    w = next(x for x in demo_ctx.agenda() if x.kind is Kind.DEBRIEF)
    pane = make_pane(qtbot, demo_ctx, w)
    assert pane.pages.currentIndex() == ComposerPane.PAGE_DEBRIEF
    assert "Two or three specific things" in pane.debrief_text.toPlainText()
    assert pane.debrief_button.isEnabled()
    qtbot.mouseClick(pane.debrief_done_button, Qt.MouseButton.LeftButton)
    assert w.key not in {x.key for x in demo_ctx.agenda()}
    assert pane.pages.currentIndex() == ComposerPane.PAGE_EMPTY


def test_a_long_subject_shows_its_beginning(qtbot, demo_ctx: AppContext) -> None:
    """Found by a review: at 1024x640 the subject read "ank you for your time — …"."""
    pane = make_pane(qtbot, demo_ctx, northwind(demo_ctx))
    pane.resize(420, 520)
    ed = pane.current_editor()
    assert ed is not None and len(ed.subject.text()) > 30
    assert ed.subject.cursorPosition() == 0
    ed.load(ed.current_draft(), saved=False)  # "Reset to template" shows it again
    assert ed.subject.cursorPosition() == 0
