"""Properties of plan() over generated applications (hypothesis)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from followup_desktop.records import (
    Application,
    FollowupState,
    Interview,
    Kind,
    Message,
    Status,
    WindowState,
    window_key,
)
from followup_desktop.schedule import (
    add_days_local,
    effective_status,
    plan,
)
from followup_desktop.schedule.timemath import add_days
from tests.helpers.strategies import (
    ZONES,
    moments,
    scenarios,
)


def _rounds(apps: list[Application]) -> dict[int, Interview]:
    return {iv.id: iv for app in apps for iv in app.interviews}


PROPS = settings(max_examples=100, deadline=None)


@PROPS
@given(scenarios())
def test_opens_before_due_and_late_after_due(sc: tuple) -> None:  # type: ignore[type-arg]
    apps, tz, now, s = sc
    for w in plan(apps, s, tz, now):
        assert w.due_at is None or w.opens_at <= w.due_at
        assert w.late_until is None or w.due_at is None or w.due_at <= w.late_until


@PROPS
@given(scenarios())
def test_no_thank_you_without_an_email(sc: tuple) -> None:  # type: ignore[type-arg]
    apps, tz, now, s = sc
    rounds = _rounds(apps)
    for w in plan(apps, s, tz, now):
        if w.kind is Kind.THANK_YOU:
            assert w.to
            iv = rounds[w.interview_id]  # type: ignore[index]
            assert any(p.person.id == w.person_id and p.person.email for p in iv.participants)


@PROPS
@given(scenarios())
def test_nothing_opens_before_its_round_ends(sc: tuple) -> None:  # type: ignore[type-arg]
    apps, tz, now, s = sc
    rounds = _rounds(apps)
    for w in plan(apps, s, tz, now):
        if w.interview_id is not None:
            assert w.opens_at >= rounds[w.interview_id].end, w


@PROPS
@given(scenarios())
def test_output_sorted_and_keys_unique(sc: tuple) -> None:  # type: ignore[type-arg]
    apps, tz, now, s = sc
    ws = plan(apps, s, tz, now)
    order = [(w.opens_at, w.company, w.kind.value, w.recipient or "") for w in ws]
    assert order == sorted(order)
    assert len({w.key for w in ws}) == len(ws)


@PROPS
@given(scenarios())
def test_plan_is_deterministic_and_per_application(sc: tuple) -> None:  # type: ignore[type-arg]
    apps, tz, now, s = sc
    ws = plan(apps, s, tz, now)
    assert ws == plan(apps, s, tz, now)
    assert ws == plan(list(reversed(apps)), s, tz, now)
    assert sorted(ws, key=lambda w: w.key) == sorted(
        (w for app in apps for w in plan([app], s, tz, now)), key=lambda w: w.key)


@PROPS
@given(scenarios())
def test_state_agrees_with_now(sc: tuple) -> None:  # type: ignore[type-arg]
    apps, tz, now, s = sc
    for w in plan(apps, s, tz, now):
        if w.state is WindowState.UPCOMING:
            assert w.opens_at > now
        elif w.state is WindowState.OVERDUE:
            assert w.opens_at <= now and w.due_at is not None and now > w.due_at
        elif w.state is WindowState.OPEN:
            assert w.opens_at <= now and (w.due_at is None or now <= w.due_at)
        else:  # no states given: nothing is snoozed
            raise AssertionError(w)


@PROPS
@given(scenarios())
def test_check_ins_and_stay_in_touch_open_in_working_hours(sc: tuple) -> None:  # type: ignore[type-arg]
    apps, tz, now, s = sc
    rounds = _rounds(apps)
    for w in plan(apps, s, tz, now):
        if w.kind in (Kind.CHECK_IN_1, Kind.CHECK_IN_2, Kind.STAY_IN_TOUCH):
            loc = w.opens_at.astimezone(tz)
            assert loc.weekday() < 5
            assert s.work_day_start_hour <= loc.hour < s.work_day_end_hour
        if w.kind in (Kind.CHECK_IN_1, Kind.CHECK_IN_2):
            rnd = rounds[w.interview_id]  # type: ignore[index]
            assert w.opens_at <= add_days_local(rnd.end, s.checkin_stop_days, tz)
            if rnd.decision_by is not None and w.kind is Kind.CHECK_IN_1:
                assert w.opens_at.astimezone(tz).date() > rnd.decision_by


@PROPS
@given(scenarios())
def test_closed_applications_have_no_check_ins_and_withdrawn_none_at_all(
        sc: tuple) -> None:  # type: ignore[type-arg]
    apps, tz, now, s = sc
    ws = plan(apps, s, tz, now)
    for app in apps:
        status = effective_status(app, s, now, tz)
        mine = [w for w in ws if w.application_id == app.id]
        if status is Status.WITHDRAWN:
            assert mine == []
        if status is not Status.ACTIVE:
            assert not [w for w in mine if w.kind in (Kind.CHECK_IN_1, Kind.CHECK_IN_2)]
        if status not in (Status.REJECTED, Status.CLOSED_NO_RESPONSE):
            assert not [w for w in mine if w.kind is Kind.STAY_IN_TOUCH]


@PROPS
@given(scenarios(), st.data())
def test_skipping_a_window_removes_only_that_window(sc: tuple, data: st.DataObject) -> None:  # type: ignore[type-arg]
    apps, tz, now, s = sc
    ws = plan(apps, s, tz, now)
    if not ws:
        return
    gone = data.draw(st.sampled_from(ws))
    after = plan(apps, s, tz, now, {gone.key: FollowupState(gone.key, skipped_at=now)})
    assert after == [w for w in ws if w.key != gone.key]


@PROPS
@given(scenarios())
def test_a_sent_message_closes_what_had_opened(sc: tuple) -> None:  # type: ignore[type-arg]
    """Recording every open email window as sent leaves none of them open."""
    apps, tz, now, s = sc
    before = plan(apps, s, tz, now)
    sent_apps = []
    for app in apps:
        extra = [Message(id=10**6 + i, kind=w.kind, person_id=w.person_id, to=w.to,
                         sent_at=now)
                 for i, w in enumerate(before)
                 if w.application_id == app.id and w.opens_at <= now
                 and w.kind not in (Kind.STAY_IN_TOUCH,)]
        sent_apps.append(Application(
            id=app.id, company=app.company, role=app.role, status=app.status,
            people=app.people, interviews=app.interviews, events=app.events,
            messages=tuple(sorted((*app.messages, *extra), key=lambda m: m.sent_at))))
    after = {w.key for w in plan(sent_apps, s, tz, now)}
    for w in before:
        if w.opens_at <= now and w.kind is not Kind.STAY_IN_TOUCH:
            assert w.key not in after, w


def _wall(t: dt.datetime, tz: ZoneInfo) -> dt.datetime:
    return t.astimezone(tz).replace(tzinfo=None, fold=0)


@settings(max_examples=300, deadline=None)
@given(moments, st.integers(-400, 400), st.sampled_from(ZONES))
def test_add_days_keeps_wall_time_when_it_exists(t: dt.datetime, days: int,
                                                 tz: ZoneInfo) -> None:
    got = add_days_local(t, days, tz)
    target = _wall(t, tz) + dt.timedelta(days=days)
    exists = _wall(target.replace(tzinfo=tz).astimezone(dt.UTC), tz) == target
    if exists:
        assert _wall(got, tz) == target
        # ambiguous: the first occurrence is the earlier instant
        assert got <= target.replace(tzinfo=tz, fold=1).astimezone(dt.UTC)
    else:
        assert _wall(got, tz) > target  # moved forward by the gap
        assert _wall(got, tz) - target <= dt.timedelta(hours=1)
    assert abs((got - t) - dt.timedelta(days=days)) <= dt.timedelta(hours=1)
    assert add_days(t, days, None) == t + dt.timedelta(days=days)


@PROPS
@given(scenarios())
def test_keys_are_window_keys(sc: tuple) -> None:  # type: ignore[type-arg]
    """plan() builds some keys from a prefix for speed: they must be window_key()'s."""
    apps, tz, now, s = sc
    for w in plan(apps, s, tz, now):
        key = window_key(w.kind, w.application_id, w.interview_id, w.person_id, w.promise_id)
        if w.kind is Kind.STAY_IN_TOUCH:
            assert w.key.startswith(key + ":s")
        else:
            assert w.key == key
