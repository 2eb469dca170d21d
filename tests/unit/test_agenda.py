"""schedule.agenda: the packed agenda gives back exactly the windows of the plan.

Every reader of the window's agenda (the calendar, the counts, the tray's decision, menu and
tooltip) answers the same for an :class:`Agenda` as for the plain list a command keeps.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from followup_desktop.context import AppContext
from followup_desktop.paths import Paths
from followup_desktop.records import (
    ApplicationSpec,
    FollowupState,
    FollowupWindow,
    InterviewSpec,
    Kind,
    PersonSpec,
    PromiseSpec,
    WindowState,
)
from followup_desktop.reminders import policy
from followup_desktop.schedule import sort_windows
from followup_desktop.schedule.agenda import (
    Agenda,
    find_window,
    first_upcoming,
    state_counts,
    windows_of,
)
from followup_desktop.settings import Settings
from tests.helpers.strategies import planned

PROPS = settings(max_examples=100, deadline=None)
NY = ZoneInfo("America/New_York")


@PROPS
@given(planned(), st.randoms())
def test_a_packed_plan_gives_back_the_same_windows_in_the_same_order(
        p: tuple[list[FollowupWindow], dt.datetime, dict[str, FollowupState]], rnd) -> None:  # type: ignore[no-untyped-def]
    ws, now, _ = p
    shuffled = list(ws)
    rnd.shuffle(shuffled)
    a = Agenda(shuffled).sort()
    assert list(a) == ws == sort_windows(list(shuffled))
    assert len(a) == len(ws)
    assert all(a[i] == w and a[i - len(ws)] == w for i, w in enumerate(ws))
    assert a[1:4] == ws[1:4]
    for w in ws:
        assert a.find(w.key) == w == find_window(ws, w.key)
        assert a.of_application(w.application_id) == windows_of(ws, w.application_id)
    assert a.find("thank-you:a999:i1:p1") is None and a.find("nonsense") is None
    assert state_counts(a) == state_counts(ws)
    assert first_upcoming(a, now) == first_upcoming(ws, now)
    # Times come back in UTC, as the planner made them: printed the same, not just equal.
    assert [str(w.opens_at) for w in a] == [str(w.opens_at) for w in ws]


@PROPS
@given(planned(), st.integers(-72, 240), st.randoms())
def test_orders_with_the_kept_keys_are_the_orders_without(
        p: tuple[list[FollowupWindow], dt.datetime, dict[str, FollowupState]], hours: int,
        rnd) -> None:  # type: ignore[no-untyped-def]
    """A plan read back knows its keys: the groups and the urgency order tie-break with
    them (one sort pass) and must come out exactly as when each key is made -- also
    after a restate has dropped windows gone too late (the keys move with the columns)."""
    from followup_desktop.schedule.groups import acting, group_agenda
    from followup_desktop.schedule.horizon import restate

    ws, now, _ = p
    shuffled = list(ws)
    rnd.shuffle(shuffled)
    at = now + dt.timedelta(hours=hours)
    made, known = Agenda(shuffled), Agenda(shuffled)
    known.known_keys = [w.key for w in shuffled]
    restate(made, at)
    restate(known, at)
    assert known.known_keys == [made.key(i) for i in range(len(made))]

    def keys(parts: list) -> list[list[str]]:  # type: ignore[type-arg]
        return [[x.key for x in part] for part in parts]

    assert keys(group_agenda(known, at, NY)) == keys(group_agenda(made, at, NY))
    assert keys([acting(known)]) == keys([acting(made)])


def test_a_window_the_columns_cannot_hold_comes_back_whole() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    odd_time = FollowupWindow(key="thank-you:a1:i2:p3", kind=Kind.THANK_YOU, application_id=1,
                      company="Northwind", role="Data Engineer",
                      opens_at=dt.datetime(2026, 3, 29, 1, 30, tzinfo=berlin),
                      due_at=None, state=WindowState.OPEN, interview_id=2, person_id=3)
    odd_key = dataclasses.replace(odd_time, key="made-up", opens_at=odd_time.opens_at
                                  .astimezone(dt.UTC), application_id=2)
    suffixed = dataclasses.replace(odd_key, key="check-in-1:a3:p3:s2", kind=Kind.CHECK_IN_1,
                                   application_id=3, interview_id=None)
    a = Agenda([suffixed, odd_key, odd_time]).sort()
    assert list(a) == sort_windows([suffixed, odd_key, odd_time])
    got = a.find(odd_time.key)
    assert got is not None and got.opens_at.tzinfo is berlin
    assert a.find("made-up") == odd_key
    assert a.find("check-in-1:a3:p3:s2") == suffixed
    assert a.all_keys() == [w.key for w in sort_windows([suffixed, odd_key, odd_time])]
    a.known_keys = [f"kept {i}" for i in range(len(a))]  # read back with a kept plan
    keys = a.all_keys()
    assert keys == [a.key(i) for i in range(len(a))]  # one by one, the same
    assert "made-up" in keys and "kept 0" in keys  # a window kept whole says its own
    assert a.opens_at(list(a).index(odd_time)).tzinfo is berlin


def _same_decision(a: policy.Decision, b: policy.Decision) -> None:
    assert a.notices == b.notices
    assert list(a.held) == list(b.held)
    assert a.next_wake == b.next_wake


@PROPS
@given(planned(), st.integers(-72, 72), st.booleans())
def test_the_tray_decides_the_same_from_a_packed_agenda(
        p: tuple[list[FollowupWindow], dt.datetime, dict[str, FollowupState]], hours: int,
        paused: bool) -> None:
    ws, now, states = p
    at = now + dt.timedelta(hours=hours)  # the plan read a while later (or earlier)
    s = Settings(quiet_start_hour=21, quiet_end_hour=8, reminders_paused=paused)
    a = Agenda(ws)
    started = now - dt.timedelta(hours=6)
    _same_decision(policy.decide(a, states, s, NY, at, started),
                   policy.decide(ws, states, s, NY, at, started))
    assert list(policy.open_windows(a)) == policy.open_windows(ws)
    assert policy.tooltip(a, at, NY, paused=paused) == policy.tooltip(ws, at, NY,
                                                                     paused=paused)


def test_the_window_process_keeps_its_plan_packed(tmp_path) -> None:  # type: ignore[no-untyped-def]
    now = dt.datetime(2026, 3, 4, 15, 0, tzinfo=dt.UTC)
    ctx = AppContext.open(Paths.for_data_dir(tmp_path), clock=lambda: now)
    try:
        dana = PersonSpec("Dana Whitfield", email="dana@example.com", main_contact=True,
                          linkedin="https://www.linkedin.com/in/dana")
        ctx.store.add_application(ApplicationSpec(
            company="Northwind", role="Data Engineer",
            interviews=(InterviewSpec(start=now - dt.timedelta(days=3), interviewers=(dana,),
                                  promises=(PromiseSpec("the notebook", to="dana@example.com"),
                                            PromiseSpec("references",
                                                        to="dana@example.com"))),)))
        plain = ctx.agenda(now)
        assert isinstance(plain, list) and len(plain) >= 4
        ctx.pack = True
        ctx.invalidate()
        packed = ctx.agenda(now)
        assert isinstance(packed, Agenda)
        assert list(packed) == plain
        assert ctx.agenda(now) is packed  # kept while the data is unchanged
    finally:
        ctx.close()
