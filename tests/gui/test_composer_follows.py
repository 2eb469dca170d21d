"""Issue 17 items 1-3 in the composer, driven like a user: the "Add your name" banner;
drafts that follow their inputs (an edited one is kept, with a line saying what changed);
"From the template" only when true; pronouns in the recipient's own talking points marked."""

from __future__ import annotations

import dataclasses
import datetime as dt

from PySide6.QtCore import Qt

from followup_desktop.records import Profile
from followup_desktop.ui.composer.follow import NAME_BANNER
from followup_desktop.ui.dialogs.settings import SettingsDialog
from tests.helpers import composer as support_composer
from tests.helpers.composer import NOW, OFFSCREEN_NOISE, make_pane, northwind

pytestmark = OFFSCREEN_NOISE
demo_ctx = support_composer.demo_ctx  # fixture


class Clock:
    def __init__(self, at: dt.datetime) -> None:
        self.at = at

    def __call__(self) -> dt.datetime:
        return self.at


def _spec_of(app, iv, **person_changes):  # type: ignore[no-untyped-def]
    """The round as the dialogs save it, with changes to its first person."""
    from followup_desktop.records import InterviewSpec, PersonSpec, PromiseSpec

    people = []
    for i, p in enumerate(iv.participants):
        spec = PersonSpec(p.person.name, p.person.title, p.person.email, p.person.linkedin,
                          p.person.salutation, p.main_contact, p.talking_points)
        if i == 0:
            spec = dataclasses.replace(spec, **person_changes)
        people.append(spec)
    promises = tuple(PromiseSpec(pr.what, app.person(pr.person_id).email
                                 if pr.person_id else None) for pr in iv.promises)
    return InterviewSpec(iv.start, iv.duration_minutes, iv.format, iv.tone, iv.decision_by,
                         iv.notes, iv.reflection, tuple(people), promises)


def _first_person_round(ctx, window):  # type: ignore[no-untyped-def]
    app = ctx.application(window.application_id)
    iv = next(i for i in app.interviews if i.id == window.interview_id)
    return app, iv


def _refresh(pane, ctx, window) -> None:  # type: ignore[no-untyped-def]
    """What the main window does after any change (a save, a dialog, the clock's tick)."""
    fresh = next(w for w in ctx.agenda() if w.key == window.key)
    pane.set_followup(fresh, ctx.application(fresh.application_id))


def test_a_nameless_profile_shows_one_banner_and_the_checks_fail_until_the_name_is_added(
        qtbot, demo_ctx, monkeypatch):
    demo_ctx.store.save_profile(Profile(name="", email="ada@example.org",
                                        timezone="Europe/Berlin"))
    pane = make_pane(qtbot, demo_ctx, northwind(demo_ctx))
    assert pane.name_banner.isVisible()
    assert pane.name_banner_label.text() == NAME_BANNER
    results = pane.results()
    for cid in ("signature", "subject", "placeholders"):
        assert not results[cid].ok, cid
    assert not pane.export_button.isEnabled() or pane.blocked_reason()

    def fill(dlg: SettingsDialog) -> int:
        dlg.show()
        qtbot.keyClicks(dlg.name, "Ada Park")
        dlg.accept()
        return int(dlg.result())

    monkeypatch.setattr(SettingsDialog, "exec", fill)
    qtbot.mouseClick(pane.name_button, Qt.MouseButton.LeftButton)
    assert demo_ctx.profile().name == "Ada Park"
    assert not pane.name_banner.isVisible()
    ed = pane.current_editor()
    assert "Ada Park" in ed.body.toPlainText() and "Ada Park" in ed.subject.text() or \
        "Ada Park" in ed.body.toPlainText()
    results = pane.run_checks_now()
    assert all(r.ok for r in results if r.id in ("signature", "subject", "placeholders"))


def test_an_unedited_draft_is_made_again_when_its_talking_points_change(qtbot, demo_ctx):
    window = northwind(demo_ctx)
    pane = make_pane(qtbot, demo_ctx, window)
    ed = pane.current_editor()
    assert pane.save_label.text() == "From the template"
    app, iv = _first_person_round(demo_ctx, window)
    demo_ctx.store.save_interview(app.id, iv.id, _spec_of(
        app, iv, talking_points=("the data contract with finance",)))
    _refresh(pane, demo_ctx, window)
    ed = pane.current_editor()
    assert "the data contract with finance" in ed.body.toPlainText()
    assert pane.save_label.text() == "From the template"
    assert not ed.change_label.isVisible()
    assert pane.results()["personal"].ok  # the checks judge the text on screen


def test_the_day_moves_on_and_an_unedited_draft_says_yesterday(qtbot, demo_ctx):
    clock = Clock(NOW)
    demo_ctx.clock = clock
    window = northwind(demo_ctx)
    pane = make_pane(qtbot, demo_ctx, window)
    before = pane.current_editor().body.toPlainText()
    app, iv = _first_person_round(demo_ctx, window)
    today = iv.start.date()
    clock.at = NOW + dt.timedelta(days=1)
    demo_ctx.invalidate()
    _refresh(pane, demo_ctx, window)
    after = pane.current_editor().body.toPlainText()
    assert "today" in before and "yesterday" in after, (today, after)


def test_an_edited_draft_is_kept_and_a_line_says_what_changed(qtbot, demo_ctx):
    window = northwind(demo_ctx)
    pane = make_pane(qtbot, demo_ctx, window)
    ed = pane.current_editor()
    ed.body.setFocus()
    ed.body.moveCursor(ed.body.textCursor().MoveOperation.End)
    qtbot.keyClicks(ed.body, "PS: lovely office.")
    qtbot.waitUntil(lambda: not ed.dirty, timeout=3000)  # autosaved
    edited = ed.body.toPlainText()
    assert pane.save_label.text() != "From the template"
    app, iv = _first_person_round(demo_ctx, window)
    first = iv.participants[0].person.first_name
    demo_ctx.store.save_interview(app.id, iv.id, _spec_of(
        app, iv, talking_points=("the data contract with finance",)))
    _refresh(pane, demo_ctx, window)
    ed = pane.current_editor()
    assert ed.body.toPlainText() == edited  # kept
    assert ed.change_label.isVisible()
    assert f"{first}'s talking points changed \u2014 " in ed.change_label.text()
    assert "Reset to template" in ed.change_label.text()
    assert pane.save_label.text() != "From the template"
    # the link resets to the template, which now uses the new point
    pane.confirm = lambda *_a: True
    ed.change_label.linkActivated.emit("reset")
    ed = pane.current_editor()
    assert "the data contract with finance" in ed.body.toPlainText()
    assert not ed.change_label.isVisible()
    assert pane.save_label.text() == "From the template"


def test_a_pronoun_in_the_recipients_own_talking_point_is_marked_in_the_editor(
        qtbot, demo_ctx):
    window = northwind(demo_ctx)
    app, iv = _first_person_round(demo_ctx, window)
    demo_ctx.store.save_interview(app.id, iv.id, _spec_of(
        app, iv, talking_points=("the on-call rotation she redesigned",)))
    window = next(w for w in demo_ctx.agenda() if w.key == window.key)
    pane = make_pane(qtbot, demo_ctx, window)
    ed = pane.current_editor()
    assert "the on-call rotation she redesigned" in ed.body.toPlainText()
    result = pane.results()["voice"]
    assert not result.ok and "\u201cshe\u201d" in result.reason
    assert ed.highlighter.marked_spans() == ["she"]
    assert any(ch.isVisible() and result.reason in ch.text()
               for ch in pane.checks.findChildren(type(pane.title))) or result.reason
    # rewriting it in the second person clears the warning and the mark
    text = ed.body.toPlainText().replace("the on-call rotation she redesigned",
                                         "the on-call rotation you redesigned")
    ed.body.setPlainText(text)
    pane.run_checks_now()
    assert pane.results()["voice"].ok and ed.highlighter.marked_spans() == []
