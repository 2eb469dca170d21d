"""DebriefDialog: talking points, decision date, promises and reflection; the rest kept."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialog

from followup_desktop.records import ApplicationSpec, Format, InterviewSpec, PersonSpec, Tone
from followup_desktop.ui.dialogs import DebriefDialog
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

ROUND = InterviewSpec(
    start=dt.datetime(2026, 3, 2, 9, 0, tzinfo=UTC), duration_minutes=60,
    format=Format.VIDEO, tone=Tone.FORMAL, notes="keep me", uid="uid-7",
    interviewers=(
        PersonSpec("Dana Whitfield", "EM", "dana@northwind.example",
                   "https://www.linkedin.com/in/dana", "Ms.", True, ()),
        PersonSpec("Lena Fischer", "Analyst", None, None, None, False, ("old point",)),
    ))


def setup_round(ctx):
    app_id = ctx.store.add_application(ApplicationSpec("Northwind", "Data Engineer",
                                                       interviews=(ROUND,)))
    (r,) = ctx.store.load_application(app_id).interviews
    return app_id, r.id


def test_debrief_saves_points_decision_promises_and_reflection(qtbot, ctx):
    app_id, iid = setup_round(ctx)
    dlg = show(qtbot, DebriefDialog(ctx, app_id, iid))
    dana_points, lena_points = dlg.points
    assert focused() is dana_points.edit
    assert lena_points.edit.toPlainText() == "old point"
    qtbot.keyClicks(dana_points.edit, "streaming migration")
    qtbot.keyClick(dana_points.edit, Qt.Key.Key_Return)
    qtbot.keyClicks(dana_points.edit, "on-call redesign")
    assert dana_points.hint.text() == "2 talking points."
    qtbot.keyClick(dana_points.edit, Qt.Key.Key_Tab)  # tab leaves the text box
    assert focused() is lena_points.edit

    qtbot.mouseClick(dlg.decision.check, Qt.MouseButton.LeftButton)
    dlg.decision.edit.setDate(QDate(2026, 3, 13))
    qtbot.mouseClick(dlg.promises.add_button, Qt.MouseButton.LeftButton)
    row = dlg.promises.rows[0]
    qtbot.keyClicks(row.what, "the case study")
    row.to.setCurrentIndex(2)  # Lena (no email: matched by name)
    type_into(qtbot, dlg.reflection, "Rushed the design question.")
    click_save(qtbot, dlg)

    assert dlg.result() == QDialog.DialogCode.Accepted and dlg.saved_id == iid
    app = ctx.store.load_application(app_id)
    (r,) = app.interviews
    assert r.id == iid
    assert [p.talking_points for p in r.participants] == [
        ("streaming migration", "on-call redesign"), ("old point",)]
    assert r.decision_by == dt.date(2026, 3, 13)
    assert r.reflection == "Rushed the design question."
    (promise,) = r.promises
    assert promise.what == "the case study"
    assert app.person(promise.person_id).name == "Lena Fischer"
    # Everything the debrief does not show is kept.
    assert (r.start, r.format, r.tone, r.notes, r.uid) == (
        ROUND.start, Format.VIDEO, Tone.FORMAL, "keep me", "uid-7")
    dana = r.participants[0]
    assert dana.main_contact and dana.person.salutation == "Ms."
    assert dana.person.linkedin == "https://www.linkedin.com/in/dana"
    assert len(app.people) == 2  # nobody duplicated


def test_empty_promise_blocks_the_debrief(qtbot, ctx):
    app_id, iid = setup_round(ctx)
    dlg = show(qtbot, DebriefDialog(ctx, app_id, iid))
    qtbot.mouseClick(dlg.promises.add_button, Qt.MouseButton.LeftButton)
    type_into(qtbot, dlg.reflection, "thoughts")
    click_save(qtbot, dlg)
    assert dlg.result() != QDialog.DialogCode.Accepted
    assert focused() is dlg.promises.rows[0].what
    (r,) = ctx.store.load_application(app_id).interviews
    assert r.reflection == ""


def test_debrief_of_a_deleted_round_cannot_save(qtbot, ctx):
    app_id, iid = setup_round(ctx)
    ctx.store.delete_interview(iid)
    dlg = show(qtbot, DebriefDialog(ctx, app_id, iid))
    assert not dlg.ok_button.isEnabled()
    assert "no longer exists" in dlg.summary.text()
