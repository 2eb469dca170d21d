"""ReplyDialog: when (default now, editable) and what the reply said, driven like a user;
the plan then follows what it said (issue 18, item 3)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QDateTime, QPoint, Qt, QTime, QTimeZone
from PySide6.QtWidgets import QDialog

from followup_desktop.records import (
    ApplicationSpec,
    EventKind,
    InterviewSpec,
    Kind,
    PersonSpec,
    ReplySays,
)
from followup_desktop.ui.dialogs.reply import ReplyDialog
from tests.helpers import dialogs as support_dialogs
from tests.helpers.dialogs import NOW, OFFSCREEN_NOISE, UTC, click_save, focused, show

pytestmark = OFFSCREEN_NOISE
ctx = support_dialogs.ctx  # fixture
warnings = support_dialogs.warnings  # fixture

# the round ended Friday 27 February 11:00 Berlin; NOW is Monday 2 March 13:00 Berlin
ROUND = InterviewSpec(
    start=dt.datetime(2026, 2, 27, 9, 0, tzinfo=UTC), duration_minutes=60,
    interviewers=(PersonSpec("Dana Whitfield", "EM", "dana@northwind.example",
                             main_contact=True, talking_points=("streaming",)),))


def setup_app(ctx):  # type: ignore[no-untyped-def]
    app_id = ctx.store.add_application(ApplicationSpec("Northwind", "Data Engineer",
                                                       interviews=(ROUND,)))

    app = ctx.store.load_application(app_id)
    ctx.store.record_message(app_id, Kind.THANK_YOU, person_id=app.people[0].id, to=None,
                             sent_at=dt.datetime(2026, 2, 27, 15, tzinfo=UTC))
    return app_id


def choose(qtbot, dlg, says: ReplySays) -> None:  # type: ignore[no-untyped-def]
    """Click the choice's text, as a user does (its indicator is at the left)."""
    button = dlg.choice[says]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(12, button.height() // 2))
    assert button.isChecked()


def checkins(ctx):  # type: ignore[no-untyped-def]
    return [w for w in ctx.agenda(NOW) if w.kind is Kind.CHECK_IN_1]


def test_the_reply_is_now_and_an_acknowledgement_unless_changed(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    app_id = setup_app(ctx)
    planned = checkins(ctx)
    assert len(planned) == 1
    dlg = show(qtbot, ReplyDialog(ctx, app_id))
    assert dlg.when.value() == NOW
    assert focused() is dlg.choice[ReplySays.ACKNOWLEDGED]
    assert not dlg.decision.isEnabled() and not dlg.add_round.isEnabled()
    click_save(qtbot, dlg)
    assert dlg.result() == QDialog.DialogCode.Accepted
    (event,) = ctx.store.load_application(app_id).events
    assert (event.kind, event.at, event.says) == (EventKind.REPLY, NOW, ReplySays.ACKNOWLEDGED)
    assert checkins(ctx) == planned  # the check-ins stay as planned


def test_a_decision_date_moves_check_in_1(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    app_id = setup_app(ctx)
    dlg = show(qtbot, ReplyDialog(ctx, app_id))
    choose(qtbot, dlg, ReplySays.DECISION_DATE)
    assert dlg.decision.isEnabled()
    dlg.decision.setDate(QDate(2026, 3, 11))  # Wednesday: check-in Friday 13 March 09:00
    click_save(qtbot, dlg)
    assert dlg.result() == QDialog.DialogCode.Accepted
    (event,) = ctx.store.load_application(app_id).events
    assert (event.says, event.decision_by) == (ReplySays.DECISION_DATE, dt.date(2026, 3, 11))
    (w,) = checkins(ctx)
    assert w.opens_at == dt.datetime(2026, 3, 13, 8, 0, tzinfo=UTC)  # 09:00 Berlin


def test_next_steps_cancel_the_check_ins_and_offer_the_new_round(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    app_id = setup_app(ctx)
    dlg = show(qtbot, ReplyDialog(ctx, app_id))
    choose(qtbot, dlg, ReplySays.NEXT_STEPS)
    assert dlg.add_round.isEnabled() and dlg.add_round.isChecked()
    click_save(qtbot, dlg)
    assert dlg.wants_new_round()
    assert checkins(ctx) == []


def test_an_earlier_time_can_be_typed_but_not_a_future_one(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    app_id = setup_app(ctx)
    dlg = show(qtbot, ReplyDialog(ctx, app_id))
    future = QDateTime(QDate(2026, 3, 3), QTime(9, 0), QTimeZone.utc())  # wall time, Berlin
    dlg.when.edit.setDateTime(future)
    assert "has not come yet" in dlg._when_field.reason_line.text()
    click_save(qtbot, dlg)
    assert dlg.result() != QDialog.DialogCode.Accepted
    assert ctx.store.load_application(app_id).events == ()
    dlg.when.edit.setDateTime(QDateTime(QDate(2026, 3, 1), QTime(18, 30), QTimeZone.utc()))
    choose(qtbot, dlg, ReplySays.OTHER)
    click_save(qtbot, dlg)
    (event,) = ctx.store.load_application(app_id).events
    assert event.at == dt.datetime(2026, 3, 1, 17, 30, tzinfo=UTC)  # 18:30 Berlin
    assert event.says is ReplySays.OTHER


def test_a_decision_date_before_the_reply_is_refused_in_words(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    app_id = setup_app(ctx)
    dlg = show(qtbot, ReplyDialog(ctx, app_id))
    choose(qtbot, dlg, ReplySays.DECISION_DATE)
    dlg.decision.setDate(QDate(2026, 2, 20))
    assert "before the reply" in dlg.decision_reason.text()
    click_save(qtbot, dlg)
    assert dlg.result() != QDialog.DialogCode.Accepted
    assert focused() is dlg.decision
