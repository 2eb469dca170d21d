"""reminders.scheduler: arming, hops, wake gaps, once-only — with fake timers and clocks.

Nothing sleeps: the clocks are moved by hand and the timers fired by hand.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from followup_desktop.context import AppContext
from followup_desktop.paths import Paths
from followup_desktop.reminders.policy import Notice
from followup_desktop.reminders.scheduler import MAX_TIMER_MS, RECHECK_MS
from followup_desktop.store import StoreError
from tests.helpers import reminders  # the fakes, shared with the gui and faults tests
from tests.helpers.reminders import T0, FakeClocks, Harness, add_round

UTC = dt.UTC
NY = ZoneInfo("America/New_York")


clocks = reminders.clocks  # fixture
ctx = reminders.ctx  # fixture
h = reminders.h  # fixture


# -- arming ----------------------------------------------------------------------------------


def test_arms_one_alarm_for_the_nearest_opening_and_notifies_once(h: Harness) -> None:
    add_round(h.ctx, T0 + dt.timedelta(hours=1))  # ends (opens) at T0 + 2 h
    h.scheduler.start()
    assert h.notices == []
    assert h.scheduler.next_wake == T0 + dt.timedelta(hours=2)
    assert 2 * 3600 * 1000 <= h.alarm.interval() <= 2 * 3600 * 1000 + 1000
    assert h.ticker.isActive() and h.ticker.interval() >= 60_000
    h.fire_alarm()
    assert [n.title for n in h.notices] == ["Thank-you note to Dana Whitfield (+1 more)"]
    states = h.ctx.store.states()
    assert all(states[k].notified_at is not None for k in h.notices[0].keys)
    # Re-armed for the next opening (the check-in, a week later), and nothing repeats.
    assert h.alarm.isActive()
    assert h.scheduler.next_wake is not None and h.scheduler.next_wake > h.clocks.now()
    for _ in range(3):
        h.tick()
    assert len(h.notices) == 1


def test_an_early_alarm_re_arms_for_the_rest(h: Harness) -> None:
    add_round(h.ctx, T0 + dt.timedelta(hours=1))
    h.scheduler.start()
    h.clocks.advance(hours=1)  # the timer fired early (coarse timers may)
    h.alarm.fire()
    assert h.notices == []
    assert 3600 * 1000 <= h.alarm.interval() <= 3600 * 1000 + 1000


def test_a_far_future_opening_is_reached_in_hops(h: Harness) -> None:
    # The only window opens in 60 days: beyond what one QTimer can hold (24.8 days).
    add_round(h.ctx, T0 + dt.timedelta(days=60))
    h.scheduler.start()
    target = h.scheduler.next_wake
    assert target is not None and target - T0 >= dt.timedelta(days=60)
    assert h.alarm.interval() == MAX_TIMER_MS
    h.fire_alarm()
    assert h.notices == []
    assert h.alarm.interval() == MAX_TIMER_MS  # 60 - 24.8 days is still too far
    h.fire_alarm()
    assert h.notices == []
    rest = (target - h.clocks.now()).total_seconds() * 1000
    assert rest < MAX_TIMER_MS
    assert abs(h.alarm.interval() - rest) <= 1000
    h.fire_alarm()
    assert len(h.notices) == 1


def test_an_idle_tick_is_cheap(h: Harness) -> None:
    add_round(h.ctx, T0 + dt.timedelta(days=3))
    h.scheduler.start()
    checks = h.scheduler.checks
    for _ in range(5):
        h.tick()
    assert h.scheduler.checks == checks  # no gap, no data change, nothing due: no planning
    assert h.ticker.interval() == RECHECK_MS


def test_a_data_change_is_picked_up_by_the_next_tick(h: Harness) -> None:
    h.scheduler.start()
    assert h.scheduler.next_wake is None
    add_round(h.ctx, T0 + dt.timedelta(hours=2))
    h.tick()
    assert h.scheduler.next_wake == T0 + dt.timedelta(hours=3)


# -- wake detection --------------------------------------------------------------------------


def test_a_window_that_opened_during_sleep_notifies_on_wake(h: Harness) -> None:
    add_round(h.ctx, T0)  # opens at T0 + 1 h
    h.scheduler.start()
    armed_ms = h.alarm.interval()
    h.clocks.advance(minutes=10)
    h.clocks.suspend(hours=5)  # asleep: the alarm (monotonic) has ~50 min left, not fired
    assert h.scheduler.gap_detected()
    h.clocks.advance(seconds=30)
    h.ticker.fire()  # the first tick after resume sees the gap
    assert len(h.notices) == 1
    assert h.scheduler.checks == 2
    assert armed_ms > 0


def test_a_clock_jump_triggers_a_check_but_never_a_repeat(h: Harness) -> None:
    add_round(h.ctx, T0 - dt.timedelta(hours=2))  # already open at start
    h.scheduler.start()
    assert len(h.notices) == 1
    h.clocks.suspend(hours=-6)  # clock set back
    h.tick()
    h.clocks.suspend(hours=12)  # and forward
    h.tick()
    assert h.scheduler.checks == 3
    assert len(h.notices) == 1


# -- catch-up and restarts -------------------------------------------------------------------


def test_windows_opened_while_closed_come_as_one_notification(h: Harness) -> None:
    for company, hours in (("Acme", 30), ("Globex", 6), ("Initech", 3)):
        add_round(h.ctx, T0 - dt.timedelta(hours=hours), company=company)
    h.scheduler.start()
    assert len(h.notices) == 1
    assert h.notices[0].catch_up
    assert h.notices[0].title == "6 follow-ups opened while Followup was closed"


def test_once_only_across_a_restart(h: Harness, tmp_path: Path, clocks: FakeClocks) -> None:
    add_round(h.ctx, T0)
    h.scheduler.start()
    h.fire_alarm()
    assert len(h.notices) == 1
    h.scheduler.stop()
    h.ctx.close()
    # A new process: a new context on the same data, a new scheduler, later.
    clocks.advance(hours=3)
    ctx2 = AppContext.open(Paths.for_data_dir(tmp_path / "data"), clock=clocks.now)
    try:
        h2 = Harness(ctx2, clocks)
        h2.scheduler.start()
        h2.tick()
        assert h2.notices == []
    finally:
        ctx2.close()


def test_the_state_is_stored_before_the_notice_is_emitted(h: Harness) -> None:
    add_round(h.ctx, T0 - dt.timedelta(hours=2))
    seen: list[bool] = []

    def on_notice(n: Notice) -> None:
        states = h.ctx.store.states()
        seen.append(all(states[k].notified_at is not None for k in n.keys))

    h.scheduler.notice.connect(on_notice)
    h.scheduler.start()
    assert seen == [True]


def test_nothing_is_shown_when_the_state_cannot_be_stored(h: Harness,
                                                          monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    add_round(h.ctx, T0 - dt.timedelta(hours=2))

    def fail(*a: object, **k: object) -> None:
        raise StoreError("Not saved: the disk is full.")

    monkeypatch.setattr(h.ctx.store, "mark_notified", fail)
    h.scheduler.start()
    assert h.notices == []
    # The next tick tries again (the alarm may be days away): once it can be stored, it
    # is shown -- once.
    monkeypatch.undo()
    h.tick()
    assert len(h.notices) == 1 and h.notices[0].title.startswith("Thank-you note to Dana")
    h.tick()
    assert len(h.notices) == 1


# -- snooze, quiet hours, DST ----------------------------------------------------------------


def test_snooze_re_arms_once(h: Harness) -> None:
    add_round(h.ctx, T0 - dt.timedelta(hours=2), people=("Dana Whitfield",))
    h.scheduler.start()
    assert len(h.notices) == 1
    key = h.notices[0].key
    h.scheduler.snooze_key(key, h.clocks.now() + dt.timedelta(hours=1))
    assert len(h.notices) == 1
    assert h.scheduler.next_wake == T0 + dt.timedelta(hours=1)
    h.fire_alarm()
    assert len(h.notices) == 2 and h.notices[1].keys == (key,)
    for _ in range(40):
        h.tick()
    assert len(h.notices) == 2
    # The next wake-up is the check-in's opening, days away: the snooze is spent.
    assert h.scheduler.next_wake is not None
    assert h.scheduler.next_wake - h.clocks.now() > dt.timedelta(days=5)


def test_snooze_all_snoozes_every_open_window(h: Harness) -> None:
    add_round(h.ctx, T0 - dt.timedelta(hours=2), company="Acme")
    add_round(h.ctx, T0 - dt.timedelta(hours=3), company="Globex")
    h.scheduler.start()
    assert h.scheduler.snooze_all(T0 + dt.timedelta(hours=1)) == 4
    h.fire_alarm()
    assert len(h.notices) == 3  # the catch-up, then one notification per round
    assert sorted(k for n in h.notices[1:] for k in n.keys) == sorted(h.notices[0].keys)


def test_quiet_hours_hold_the_notification_until_morning(h: Harness) -> None:
    # Ends 22:30 New York: inside quiet hours (21-08).
    add_round(h.ctx, dt.datetime(2026, 3, 2, 21, 30, tzinfo=NY).astimezone(UTC))
    h.scheduler.start()
    wake = h.scheduler.next_wake
    assert wake == dt.datetime(2026, 3, 3, 8, 0, tzinfo=NY).astimezone(UTC)
    h.fire_alarm()
    assert len(h.notices) == 1
    assert h.clocks.now().astimezone(NY).hour == 8


def test_a_09_00_check_in_across_the_dst_change(h: Harness) -> None:
    # Decision by Friday 6 March: the check-in opens 09:00 local on Monday 9 March, the
    # day after New York moved to EDT. The thank-you is already sent, so it is the next wake.
    add_round(h.ctx, T0 - dt.timedelta(hours=3), decision_by=dt.date(2026, 3, 6))
    h.scheduler.start()
    assert len(h.notices) == 1
    h.clocks.advance(days=3)  # Thursday 5 March, 10:00 EST
    h.tick()
    h.scheduler.check()
    wake = h.scheduler.next_wake
    assert wake == dt.datetime(2026, 3, 9, 13, 0, tzinfo=UTC)  # 09:00 EDT, not 14:00 UTC
    h.fire_alarm()
    assert len(h.notices) == 2
    assert h.clocks.now().astimezone(NY).strftime("%H:%M") == "09:00"
    assert h.notices[1].title.startswith("Check-in to Dana Whitfield")
