"""InterviewDialog: a round's people, talking points and promises round-trip the store."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QDateTime, Qt, QTime, QTimeZone
from PySide6.QtWidgets import QDialog

from followup_desktop.records import (
    ApplicationSpec,
    Format,
    InterviewSpec,
    PersonSpec,
    PromiseSpec,
    Tone,
)
from followup_desktop.ui.dialogs import InterviewDialog
from tests.helpers import dialogs as support_dialogs
from tests.helpers.dialogs import (
    OFFSCREEN_NOISE,
    UTC,
    click_save,
    focused,
    show,
    type_into,
)

pytestmark = OFFSCREEN_NOISE
ctx = support_dialogs.ctx  # fixture
warnings = support_dialogs.warnings  # fixture


def new_app(ctx, *interviews):
    return ctx.store.add_application(ApplicationSpec("Northwind", "Data Engineer",
                                                     interviews=tuple(interviews)))


def add_person(qtbot, dlg, name, email="", title="", points=""):
    qtbot.mouseClick(dlg.add_person_button, Qt.MouseButton.LeftButton)
    ed = dlg.editors[-1]
    assert focused() is ed.name
    qtbot.keyClicks(ed.name, name)
    if title:
        qtbot.keyClick(ed.name, Qt.Key.Key_Tab)
        qtbot.keyClicks(focused(), title)
    if email:
        type_into(qtbot, ed.email, email)
    if points:
        ed.points.edit.setFocus()
        for n, line in enumerate(points.split("\n")):
            if n:
                qtbot.keyClick(ed.points.edit, Qt.Key.Key_Return)
            qtbot.keyClicks(ed.points.edit, line)
    return ed


def test_new_round_with_people_points_and_promises(qtbot, ctx):
    app_id = new_app(ctx)
    dlg = show(qtbot, InterviewDialog(ctx, app_id))
    assert focused() is dlg.start.edit
    # Shown in the profile's zone: 2026-03-30 is after the EU switch to summer time.
    dlg.start.edit.setDateTime(QDateTime(QDate(2026, 3, 30), QTime(10, 0), QTimeZone.utc()))
    dlg.duration.setValue(45)
    dlg.format.setCurrentIndex(dlg.format.findData("panel"))
    dlg.tone.setCurrentIndex(dlg.tone.findData("casual"))
    qtbot.mouseClick(dlg.decision.check, Qt.MouseButton.LeftButton)
    dlg.decision.edit.setDate(QDate(2026, 4, 10))
    type_into(qtbot, dlg.notes, "Asked about streaming.")

    dlg.tabs.setCurrentIndex(dlg.TAB_PEOPLE)
    dana = add_person(qtbot, dlg, "Dana Whitfield", "dana@northwind.example",
                      title="Engineering Manager",
                      points="their move to streaming\nthe on-call rotation")
    type_into(qtbot, dana.linkedin, "https://www.linkedin.com/in/dana")
    dana.salutation.setCurrentText("Ms.")
    qtbot.mouseClick(dana.main, Qt.MouseButton.LeftButton)
    add_person(qtbot, dlg, "Marcus Oyelaran", points="why Kafka")
    assert dlg.tabs.tabText(dlg.TAB_PEOPLE) == "&People (2)"

    dlg.tabs.setCurrentIndex(dlg.TAB_PROMISES)
    qtbot.mouseClick(dlg.promises.add_button, Qt.MouseButton.LeftButton)
    row = dlg.promises.rows[0]
    assert focused() is row.what
    qtbot.keyClicks(row.what, "the back-fill case study")
    assert [row.to.itemText(i) for i in range(row.to.count())] == [
        "Not said / anyone", "Dana Whitfield", "Marcus Oyelaran"]
    row.to.setCurrentIndex(1)
    qtbot.mouseClick(dlg.promises.add_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(dlg.promises.rows[1].what, "references")
    dlg.promises.rows[1].to.setCurrentIndex(2)

    click_save(qtbot, dlg)
    assert dlg.result() == QDialog.DialogCode.Accepted
    app = ctx.store.load_application(app_id)
    (r,) = app.interviews
    assert dlg.saved_id == r.id
    assert r.start == dt.datetime(2026, 3, 30, 8, 0, tzinfo=UTC)  # CEST = UTC+2
    assert (r.duration_minutes, r.format, r.tone) == (45, Format.PANEL, Tone.CASUAL)
    assert r.decision_by == dt.date(2026, 4, 10)
    assert r.notes == "Asked about streaming."
    d, m = r.participants
    assert (d.person.name, d.person.title, d.person.email) == (
        "Dana Whitfield", "Engineering Manager", "dana@northwind.example")
    assert d.person.linkedin == "https://www.linkedin.com/in/dana"
    assert d.person.salutation == "Ms."
    assert d.main_contact and not m.main_contact
    assert d.talking_points == ("their move to streaming", "the on-call rotation")
    assert m.talking_points == ("why Kafka",)
    assert m.person.email is None
    promised = {(p.what, app.person(p.person_id).name) for p in r.promises}
    assert promised == {("the back-fill case study", "Dana Whitfield"),
                        ("references", "Marcus Oyelaran")}


def full_round():
    return InterviewSpec(
        start=dt.datetime(2026, 3, 2, 9, 0, tzinfo=UTC), duration_minutes=90,
        format=Format.ONSITE, tone=Tone.CASUAL, decision_by=dt.date(2026, 3, 13),
        notes="notes", reflection="I rushed the design question", uid="invite-1@x",
        interviewers=(
            PersonSpec("Dana Whitfield", "EM", "dana@northwind.example",
                       "https://www.linkedin.com/in/dana", "Ms.", True, ("a", "b")),
            PersonSpec("Lena Fischer", "Analyst", None, None, None, False, ("c",)),
        ),
        promises=(PromiseSpec("case study", "dana@northwind.example"),
                  PromiseSpec("slides", "Lena Fischer"), PromiseSpec("a book", None)))


def test_opening_and_saving_unchanged_keeps_the_round(qtbot, ctx):
    app_id = new_app(ctx, full_round())
    before = ctx.store.load_application(app_id)
    (r,) = before.interviews
    dlg = show(qtbot, InterviewDialog(ctx, app_id, r.id))
    assert dlg.start.edit.dateTime().time() == QTime(10, 0)  # 09:00 UTC shown in Berlin
    assert dlg.tabs.tabText(dlg.TAB_PROMISES) == "Pro&mises (3)"
    click_save(qtbot, dlg)
    after = ctx.store.load_application(app_id)
    (r2,) = after.interviews

    def shape(app, rnd):
        return (rnd.start, rnd.duration_minutes, rnd.format, rnd.tone, rnd.decision_by,
                rnd.notes, rnd.reflection, rnd.uid,
                [(p.person.name, p.person.title, p.person.email, p.person.linkedin,
                  p.person.salutation, p.main_contact, p.talking_points)
                 for p in rnd.participants],
                [(p.what, app.person(p.person_id).name if p.person_id else None)
                 for p in rnd.promises])

    assert r2.id == r.id
    assert shape(after, r2) == shape(before, r)


def test_invalid_email_blocks_saving_and_shows_the_reason(qtbot, ctx):
    app_id = new_app(ctx, full_round())
    (r,) = ctx.store.load_application(app_id).interviews
    dlg = show(qtbot, InterviewDialog(ctx, app_id, r.id))
    dlg.tabs.setCurrentIndex(dlg.TAB_PEOPLE)
    dlg.people_list.setCurrentRow(1)
    lena = dlg.editors[1]
    type_into(qtbot, lena.email, "lena@@northwind")
    email_field = lena.fields()[2]
    assert email_field.reason_line.text().startswith("Not a valid email address.")
    # Leave the person and the tab: Save must bring the user back to the field.
    dlg.people_list.setCurrentRow(0)
    dlg.tabs.setCurrentIndex(dlg.TAB_ROUND)
    assert not dlg.people_list.item(1).icon().isNull()  # the list marks who needs fixing
    click_save(qtbot, dlg)
    assert dlg.result() != QDialog.DialogCode.Accepted
    assert dlg.tabs.currentIndex() == dlg.TAB_PEOPLE
    assert dlg.people_list.currentRow() == 1
    assert focused() is lena.email
    assert "Email" in dlg.summary.text()
    (r2,) = ctx.store.load_application(app_id).interviews
    assert r2.participants[1].person.email is None  # nothing saved


def test_linkedin_must_be_https(qtbot, ctx):
    dlg = show(qtbot, InterviewDialog(ctx, new_app(ctx)))
    dlg.tabs.setCurrentIndex(dlg.TAB_PEOPLE)
    ed = add_person(qtbot, dlg, "Dana")
    type_into(qtbot, ed.linkedin, "linkedin.com/in/dana")
    assert "https://" in ed.fields()[3].reason_line.text()
    click_save(qtbot, dlg)
    assert ctx.store.load_applications()[0].interviews == ()
    type_into(qtbot, ed.linkedin, "https://www.linkedin.com/in/dana")
    click_save(qtbot, dlg)
    assert dlg.result() == QDialog.DialogCode.Accepted


def test_a_person_needs_a_name_and_emails_are_unique(qtbot, ctx):
    dlg = show(qtbot, InterviewDialog(ctx, new_app(ctx)))
    dlg.tabs.setCurrentIndex(dlg.TAB_PEOPLE)
    a = add_person(qtbot, dlg, "Dana", "dana@x.example")
    b = add_person(qtbot, dlg, "", "Dana@x.example")
    click_save(qtbot, dlg)
    assert b.fields()[0].reason_line.text() == "Name is required."
    assert "Someone else" in b.fields()[2].reason_line.text()
    assert focused() is a.email  # the first wrong field in layout order
    assert a.fields()[2].reason_line.text() == "Someone else in this round has this email address."
    assert ctx.store.load_applications()[0].interviews == ()


def test_only_one_main_contact(qtbot, ctx):
    dlg = show(qtbot, InterviewDialog(ctx, new_app(ctx)))
    dlg.tabs.setCurrentIndex(dlg.TAB_PEOPLE)
    a = add_person(qtbot, dlg, "Dana")
    qtbot.mouseClick(a.main, Qt.MouseButton.LeftButton)
    b = add_person(qtbot, dlg, "Marcus")
    qtbot.mouseClick(b.main, Qt.MouseButton.LeftButton)
    assert b.main.isChecked() and not a.main.isChecked()
    assert dlg.people_list.item(1).text().endswith("(main contact)")
    assert not dlg.people_list.item(0).text().endswith("(main contact)")


def test_reorder_and_remove_people(qtbot, ctx):
    app_id = new_app(ctx)
    dlg = show(qtbot, InterviewDialog(ctx, app_id))
    dlg.tabs.setCurrentIndex(dlg.TAB_PEOPLE)
    add_person(qtbot, dlg, "Ann")
    add_person(qtbot, dlg, "Bob")
    add_person(qtbot, dlg, "Cy")
    dlg.tabs.setCurrentIndex(dlg.TAB_PROMISES)
    dlg.promises.add("slides", id(dlg.editors[2]))  # to Cy
    dlg.tabs.setCurrentIndex(dlg.TAB_PEOPLE)
    assert not dlg.down_button.isEnabled()  # Cy is last and selected
    qtbot.mouseClick(dlg.up_button, Qt.MouseButton.LeftButton)  # Ann, Cy, Bob
    dlg.people_list.setCurrentRow(0)
    qtbot.mouseClick(dlg.remove_person_button, Qt.MouseButton.LeftButton)  # Cy, Bob
    assert [dlg.people_list.item(i).text() for i in range(2)] == ["Cy", "Bob"]
    assert dlg.promises.rows[0].to.currentText() == "Cy"
    click_save(qtbot, dlg)
    (r,) = ctx.store.load_application(app_id).interviews
    assert [p.person.name for p in r.participants] == ["Cy", "Bob"]
    app = ctx.store.load_application(app_id)
    assert app.person(r.promises[0].person_id).name == "Cy"

    # Removing the person a promise was for resets it to "not said".
    dlg2 = show(qtbot, InterviewDialog(ctx, app_id, r.id))
    dlg2.tabs.setCurrentIndex(dlg2.TAB_PEOPLE)
    dlg2.people_list.setCurrentRow(0)
    qtbot.mouseClick(dlg2.remove_person_button, Qt.MouseButton.LeftButton)
    assert dlg2.promises.rows[0].to.currentIndex() == 0


def test_empty_promise_is_marked(qtbot, ctx):
    dlg = show(qtbot, InterviewDialog(ctx, new_app(ctx)))
    dlg.tabs.setCurrentIndex(dlg.TAB_PROMISES)
    qtbot.mouseClick(dlg.promises.add_button, Qt.MouseButton.LeftButton)
    dlg.tabs.setCurrentIndex(dlg.TAB_ROUND)
    click_save(qtbot, dlg)
    assert dlg.tabs.currentIndex() == dlg.TAB_PROMISES
    assert dlg.promises.fields()[0].reason_line.text() == "What you promised is required."
    qtbot.mouseClick(dlg.promises.rows[0].remove, Qt.MouseButton.LeftButton)
    assert dlg.promises.rows == []
    click_save(qtbot, dlg)
    assert dlg.result() == QDialog.DialogCode.Accepted


def test_spring_forward_gap_moves_forward(qtbot, ctx):
    app_id = new_app(ctx)
    dlg = show(qtbot, InterviewDialog(ctx, app_id))
    # 02:30 on 29 March 2026 does not exist in Berlin: it is 03:30 CEST = 01:30 UTC.
    dlg.start.edit.setDateTime(QDateTime(QDate(2026, 3, 29), QTime(2, 30), QTimeZone.utc()))
    click_save(qtbot, dlg)
    (r,) = ctx.store.load_application(app_id).interviews
    assert r.start == dt.datetime(2026, 3, 29, 1, 30, tzinfo=UTC)


def test_store_error_keeps_the_dialog_open(qtbot, ctx, warnings):
    app_id = new_app(ctx, full_round())
    (r,) = ctx.store.load_application(app_id).interviews
    dlg = show(qtbot, InterviewDialog(ctx, app_id, r.id))
    ctx.store.delete_interview(r.id)  # deleted elsewhere meanwhile
    click_save(qtbot, dlg)
    assert warnings == ["That round no longer exists."]
    assert dlg.isVisible()
