"""reminders.policy: what to announce and when to wake, as pure functions of time."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from followup_desktop.records import FollowupState, FollowupWindow, Kind, WindowState
from followup_desktop.reminders import policy
from followup_desktop.settings import Settings

UTC = dt.UTC
NY = ZoneInfo("America/New_York")
T0 = dt.datetime(2026, 3, 2, 16, 0, tzinfo=UTC)  # Monday 11:00 in New York
DAY = Settings(quiet_start_hour=21, quiet_end_hour=8)


def win(kind: Kind = Kind.THANK_YOU, opens: dt.datetime = T0, *, app: int = 1,
        interview: int | None = 1, person: int | None = 7, due_h: int | None = 24,
        company: str = "Northwind", recipient: str | None = "Dana Whitfield",
        now: dt.datetime = T0, **kw: object) -> FollowupWindow:
    due = opens + dt.timedelta(hours=due_h) if due_h is not None else None
    if opens > now:
        state = WindowState.UPCOMING
    elif due is not None and now > due:
        state = WindowState.OVERDUE
    else:
        state = WindowState.OPEN
    key = f"{kind.value}:a{app}:i{interview}:p{person}"
    return FollowupWindow(key=key, kind=kind, application_id=app, company=company,
                          role="Data Engineer",
                  opens_at=opens, due_at=due, state=state, interview_id=interview,
                  person_id=person, recipient=None if kind is Kind.DEBRIEF else recipient,
                  **kw)  # type: ignore[arg-type]


def decide(windows: list[FollowupWindow], now: dt.datetime, *, states: dict | None = None,
           settings: Settings = DAY, started_at: dt.datetime | None = None,
           tz: ZoneInfo = NY) -> policy.Decision:
    return policy.decide(windows, states or {}, settings, tz, now,
                         started_at if started_at is not None else now - dt.timedelta(days=30))


def test_a_window_notifies_when_it_opens_and_not_before() -> None:
    w = win(opens=T0)
    before = decide([w], T0 - dt.timedelta(seconds=1))
    assert before.notices == ()
    assert before.next_wake == T0
    at = decide([w], T0)
    assert [n.key for n in at.notices] == [w.key]
    assert at.notices[0].title == "Thank-you note to Dana Whitfield"
    assert "Northwind · Data Engineer" in at.notices[0].body


def test_a_notified_window_never_notifies_again_even_if_the_clock_goes_back() -> None:
    w = win(opens=T0)
    states = {w.key: FollowupState(w.key, notified_at=T0)}
    assert decide([w], T0 + dt.timedelta(hours=1), states=states).notices == ()
    # Clock set back before the notification (and before the opening, then forward again).
    assert decide([w], T0 - dt.timedelta(hours=5), states=states).notices == ()
    assert decide([w], T0 - dt.timedelta(hours=5), states=states).next_wake is None


def test_one_round_gives_one_notification_titled_by_the_thank_you() -> None:
    ws = [win(Kind.DEBRIEF, person=None, due_h=3), win(Kind.THANK_YOU, person=7),
          win(Kind.THANK_YOU, person=8, recipient="Lee Chan")]
    d = decide(ws, T0)
    assert len(d.notices) == 1
    n = d.notices[0]
    assert n.title.startswith("Thank-you note to ") and n.title.endswith("(+2 more)")
    assert "your debrief" in n.body
    assert set(n.keys) == {w.key for w in ws}


def test_windows_opened_before_the_start_come_as_one_catch_up() -> None:
    ws = [win(opens=T0 - dt.timedelta(hours=h), app=a, interview=a, company=c)
          for h, a, c in ((30, 1, "Acme"), (5, 2, "Globex"), (2, 3, "Initech"))]
    d = decide(ws, T0, started_at=T0)
    assert len(d.notices) == 1
    n = d.notices[0]
    assert n.catch_up
    assert n.title == "3 follow-ups opened while Followup was closed"
    assert set(n.keys) == {w.key for w in ws}


def test_a_single_window_missed_while_closed_reads_as_itself() -> None:
    d = decide([win(opens=T0 - dt.timedelta(hours=2))], T0, started_at=T0)
    assert d.notices[0].title == "Thank-you note to Dana Whitfield"


def test_catch_up_is_separate_from_windows_opening_while_running() -> None:
    old = [win(opens=T0 - dt.timedelta(hours=h), app=a, interview=a) for h, a in ((9, 1), (8, 2))]
    new = win(opens=T0 + dt.timedelta(minutes=1), app=3, interview=3)
    d = decide([*old, new], T0 + dt.timedelta(minutes=2), started_at=T0)
    assert [n.catch_up for n in d.notices] == [True, False]
    assert d.notices[1].keys == (new.key,)


def test_many_rounds_at_once_merge_into_one_summary() -> None:
    ws = [win(opens=T0, app=a, interview=a) for a in range(1, 6)]
    d = decide(ws, T0, started_at=T0 - dt.timedelta(days=1))
    assert len(d.notices) == 1
    assert d.notices[0].title == "5 follow-ups opened"
    assert "and 2 more" in d.notices[0].body


def test_next_wake_is_the_nearest_future_opening() -> None:
    ws = [win(opens=T0 + dt.timedelta(hours=5), app=1), win(opens=T0 + dt.timedelta(hours=2),
                                                             app=2)]
    assert decide(ws, T0).next_wake == T0 + dt.timedelta(hours=2)
    assert decide([], T0).next_wake is None


def test_drafted_or_skipped_windows_do_not_notify() -> None:
    w = win(opens=T0, drafted=True)
    assert decide([w], T0).notices == ()
    s = win(opens=T0)
    assert decide([s], T0, states={s.key: FollowupState(s.key, skipped_at=T0)}).notices == ()


# -- snooze ----------------------------------------------------------------------------------


def test_a_snooze_re_arms_the_window_exactly_once() -> None:
    w = win(opens=T0)
    until = T0 + dt.timedelta(hours=1)
    states = {w.key: FollowupState(w.key, notified_at=T0, snoozed_until=until, snooze_count=1)}
    during = decide([w], T0 + dt.timedelta(minutes=30), states=states)
    assert during.notices == ()
    assert during.next_wake == until
    after = decide([w], until, states=states)
    assert [n.key for n in after.notices] == [w.key]
    renotified = {w.key: FollowupState(w.key, notified_at=until, snoozed_until=until)}
    assert decide([w], until + dt.timedelta(hours=3), states=renotified).notices == ()


def test_a_window_that_moves_later_is_announced_again_at_its_new_opening() -> None:
    """A round entered with a wrong, past date announced its thank-you at once; corrected to
    a later date, the thank-you was never announced again (its key stays the same)."""
    first = win(opens=T0)
    states = {first.key: FollowupState(first.key, notified_at=T0)}
    moved_to = T0 + dt.timedelta(days=3)
    soon = T0 + dt.timedelta(hours=1)
    before = decide([win(opens=moved_to, now=soon)], soon, states=states)
    assert before.notices == () and before.next_wake == moved_to
    at = decide([win(opens=moved_to, now=moved_to)], moved_to, states=states)
    assert [n.key for n in at.notices] == [first.key]
    announced = {first.key: FollowupState(first.key, notified_at=moved_to)}
    assert decide([win(opens=moved_to, now=moved_to)], moved_to + dt.timedelta(hours=1),
                  states=announced).notices == ()


def test_snooze_targets_one_hour_and_tomorrow_morning() -> None:
    assert policy.snooze_later(T0, Settings()) == T0 + dt.timedelta(hours=1)
    assert policy.snooze_later(T0, Settings(snooze_minutes=15)) == T0 + dt.timedelta(minutes=15)
    # Saturday 7 March 2026, 22:00 New York -> Sunday 8 March 09:00 EDT (DST began at 02:00).
    sat = dt.datetime(2026, 3, 7, 22, 0, tzinfo=NY)
    tomorrow = policy.snooze_tomorrow(sat, NY)
    assert tomorrow.astimezone(NY).strftime("%Y-%m-%d %H:%M") == "2026-03-08 09:00"
    assert tomorrow == dt.datetime(2026, 3, 8, 13, 0, tzinfo=UTC)  # EDT = UTC-4


# -- quiet hours -----------------------------------------------------------------------------


@pytest.mark.parametrize(("hour", "start", "end", "quiet"), [
    (22, 21, 8, True), (3, 21, 8, True), (8, 21, 8, False), (20, 21, 8, False),
    (21, 21, 8, True), (13, 12, 14, True), (14, 12, 14, False), (3, 0, 0, False),
])
def test_quiet_hours_wrap_midnight(hour: int, start: int, end: int, quiet: bool) -> None:
    at = dt.datetime(2026, 3, 3, hour, 30, tzinfo=NY)
    s = Settings(quiet_start_hour=start, quiet_end_hour=end)
    assert policy.in_quiet_hours(at, s, NY) is quiet


def test_quiet_hours_hold_a_window_until_they_end() -> None:
    opens = dt.datetime(2026, 3, 2, 23, 0, tzinfo=NY).astimezone(UTC)
    w = win(opens=opens)
    ahead = decide([w], opens - dt.timedelta(hours=1))
    morning = dt.datetime(2026, 3, 3, 8, 0, tzinfo=NY).astimezone(UTC)
    assert ahead.next_wake == morning  # no wake-up at 23:00 only to stay silent
    held = decide([w], opens + dt.timedelta(minutes=5))
    assert held.notices == () and held.held == (w,)
    assert held.next_wake == morning
    released = decide([w], morning)
    assert [n.key for n in released.notices] == [w.key]


def test_quiet_hours_end_across_the_spring_forward() -> None:
    s = Settings(quiet_start_hour=1, quiet_end_hour=2)  # 02:00 does not exist on 8 March
    at = dt.datetime(2026, 3, 8, 1, 30, tzinfo=NY)
    assert policy.in_quiet_hours(at, s, NY)
    end = policy.quiet_hours_end(at, s, NY)
    assert end == dt.datetime(2026, 3, 8, 7, 0, tzinfo=UTC)  # 03:00 EDT: moved by the gap
    assert not policy.in_quiet_hours(end, s, NY)


def test_a_paused_reminder_holds_and_does_not_wake() -> None:
    w, later = win(opens=T0), win(opens=T0 + dt.timedelta(hours=3), app=2)
    d = decide([w, later], T0, settings=DAY.replace(reminders_paused=True))
    assert d.notices == () and d.held == (w,)
    assert d.next_wake is None
    resumed = decide([w, later], T0 + dt.timedelta(hours=1))
    assert [n.key for n in resumed.notices] == [w.key]


# -- DST -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("day", "utc_hour"), [(6, 14), (9, 13), (30, 13), (2, 14)])
def test_a_09_00_window_across_a_dst_change_wakes_at_09_00_local(day: int, utc_hour: int) -> None:
    # Check-ins open at 09:00 local. New York leaves EST (UTC-5) on 8 March 2026 and leaves
    # EDT on 1 November: the wake-up follows the wall clock, not a fixed UTC hour.
    month = 11 if day == 2 else 3
    opens = dt.datetime(2026, month, day, 9, 0, tzinfo=NY).astimezone(UTC)
    w = win(Kind.CHECK_IN_1, opens=opens, due_h=24 * 7)
    now = opens - dt.timedelta(days=3)
    d = decide([w], now)
    assert d.next_wake == dt.datetime(2026, month, day, utc_hour, 0, tzinfo=UTC)
    assert d.next_wake.astimezone(NY).hour == 9


def test_quiet_hours_release_at_08_00_local_on_both_sides_of_the_fall_back() -> None:
    # Quiet hours 21-08 over the night of 31 Oct -> 1 Nov 2026 (25 hours long in New York).
    opens = dt.datetime(2026, 10, 31, 23, 0, tzinfo=NY).astimezone(UTC)
    d = decide([win(opens=opens)], opens + dt.timedelta(minutes=1))
    assert d.next_wake is not None
    assert d.next_wake.astimezone(NY).strftime("%Y-%m-%d %H:%M") == "2026-11-01 08:00"
    assert d.next_wake == dt.datetime(2026, 11, 1, 13, 0, tzinfo=UTC)  # EST = UTC-5


# -- words -----------------------------------------------------------------------------------


def test_tooltip_counts_due_and_overdue() -> None:
    ws = [win(opens=T0 - dt.timedelta(hours=1), app=1),
          win(opens=T0 - dt.timedelta(hours=2), app=2),
          win(opens=T0 - dt.timedelta(days=3), app=3),
          win(opens=T0 + dt.timedelta(hours=5), app=4)]
    text = policy.tooltip(ws, T0, NY)
    assert text.splitlines()[0] == "Followup — 2 follow-ups due, 1 overdue"
    assert "Next: Thank-you note to Dana Whitfield, in 5 h" in text
    assert policy.tooltip([], T0, NY) == "Followup — No follow-ups due"
    assert policy.tooltip(ws[2:3], T0, NY, paused=True).splitlines() == [
        "Followup — 1 follow-up overdue", "Reminders paused"]


def test_open_windows_are_listed_most_urgent_first() -> None:
    a = win(opens=T0 - dt.timedelta(hours=1), app=1, due_h=24)
    b = win(opens=T0 - dt.timedelta(hours=1), app=2, due_h=2)
    c = win(opens=T0 + dt.timedelta(hours=1), app=3)
    assert policy.open_windows([a, b, c]) == [b, a]
