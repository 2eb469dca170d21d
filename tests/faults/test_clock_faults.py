"""Clock faults for reminders: wall-clock jumps both ways, sleep, and the DST changes.

Each trial plans a thank-you window, moves the clock the way a fault would (an NTP step,
a user changing the time, a suspend), lets the scheduler notice, and checks the window
notified exactly once — never twice, never lost. Fake timers and clocks: nothing sleeps.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from followup_desktop.context import AppContext
from followup_desktop.paths import Paths
from followup_desktop.records import Profile
from followup_desktop.settings import Settings
from tests.helpers.reminders import FakeClocks, Harness, add_round

UTC = dt.UTC
# (name, first moment, how the clock moves after the start)
JUMPS: list[tuple[str, dt.datetime, list[tuple[str, dict[str, float]]]]] = []
_WEEKDAY = dt.datetime(2026, 3, 2, 15, 0, tzinfo=UTC)  # Monday 10:00 New York
for hours in (1.5, 6, 30, 24 * 30):
    JUMPS.append((f"forward-{hours:g}h", _WEEKDAY, [("suspend", {"hours": hours})]))
    JUMPS.append((f"sleep-{hours:g}h", _WEEKDAY, [("advance", {"minutes": 5}),
                                                   ("suspend", {"hours": hours})]))
for hours in (1, 6, 48):
    # Past the opening, then the wall clock is set back before it, then time runs on again.
    JUMPS.append((f"back-{hours:g}h", _WEEKDAY, [("suspend", {"hours": 2}),
                                                 ("suspend", {"hours": -hours}),
                                                 ("advance", {"hours": hours + 1})]))
# Across New York's DST changes (spring forward 8 March, fall back 1 November 2026).
JUMPS.append(("dst-spring", dt.datetime(2026, 3, 8, 6, 30, tzinfo=UTC),
              [("advance", {"hours": 2})]))
JUMPS.append(("dst-fall", dt.datetime(2026, 11, 1, 5, 30, tzinfo=UTC),
              [("advance", {"hours": 2}), ("suspend", {"hours": -1}),
               ("advance", {"hours": 2})]))


@pytest.mark.parametrize(("name", "start", "moves"), JUMPS, ids=[j[0] for j in JUMPS])
def test_a_window_notifies_once_whatever_the_clock_does(
        name: str, start: dt.datetime, moves: list[tuple[str, dict[str, float]]],
        qapp: Any, tmp_path: Path, tally: Any) -> None:
    clocks = FakeClocks(start)
    ctx = AppContext.open(Paths.for_data_dir(tmp_path / "data"), clock=clocks.now)
    try:
        ctx.store.save_profile(Profile(name="Ada Park", timezone="America/New_York"))
        # No quiet hours: the DST changes happen at night, and a held notice is not the
        # fault under test (quiet hours have their own tests).
        ctx.store.save_settings(Settings().replace(quiet_start_hour=0, quiet_end_hour=0))
        add_round(ctx, start)  # the thank-you opens at start + 1 h
        h = Harness(ctx, clocks)
        h.scheduler.start()
        for how, delta in moves:
            getattr(clocks, how)(**delta)
            h.tick()  # the periodic re-check (and its gap detection) sees the new time
        for _ in range(3):  # time runs on: later checks must not repeat it
            h.tick()
        keys = [k for n in h.notices for k in n.keys if k.startswith("thank-you:")]
        opened = clocks.now() >= start + dt.timedelta(hours=1)
        # A thank-you past its last useful moment (the round's end + 48 h) has expired: a
        # month-long sleep wakes to no reminder for it (issue 18), never to a late one.
        expired = clocks.now() > start + dt.timedelta(hours=1 + Settings().thank_you_late_hours)
        due = opened and not expired
        ok = keys == ([keys[0]] if due and keys else []) and (len(keys) == 1) == due
        tally(f"clock:{name.split('-')[0]}", ok)
        assert ok, (name, clocks.now(), keys)
    finally:
        h.scheduler.stop()
        ctx.close()

