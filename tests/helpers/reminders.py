"""Fakes for the reminder tests (``tests/unit``, ``tests/gui``, ``tests/faults``): a QTimer
stand-in fired by hand, wall and monotonic clocks moved by hand, a scheduler harness, and
the ``clocks`` / ``ctx`` fixtures they run on. Nothing sleeps.

A test module takes the fixtures by name: ``clocks = reminders.clocks  # fixture``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from followup_desktop.context import AppContext
from followup_desktop.paths import Paths
from followup_desktop.records import ApplicationSpec, InterviewSpec, PersonSpec, Profile
from followup_desktop.reminders.policy import Notice
from followup_desktop.reminders.scheduler import MAX_TIMER_MS, ReminderScheduler

UTC = dt.UTC
T0 = dt.datetime(2026, 3, 2, 15, 0, tzinfo=UTC)  # Monday 10:00 New York


class _FakeSignal:
    def __init__(self) -> None:
        self.slots: list[Callable[[], None]] = []

    def connect(self, slot: Callable[[], None]) -> None:
        self.slots.append(slot)


class FakeTimer:
    """A QTimer stand-in: ``start`` records the interval; ``fire`` runs the slots."""

    def __init__(self, parent: object = None) -> None:
        self.timeout = _FakeSignal()
        self.single_shot = False
        self._interval = 0
        self._active = False
        self.starts: list[int] = []

    def setSingleShot(self, single: bool) -> None:  # noqa: N802
        self.single_shot = single

    def start(self, msec: int) -> None:
        assert 0 <= msec <= MAX_TIMER_MS, msec
        self._interval = msec
        self._active = True
        self.starts.append(msec)

    def stop(self) -> None:
        self._active = False

    def isActive(self) -> bool:  # noqa: N802
        return self._active

    def interval(self) -> int:
        return self._interval

    def fire(self) -> None:
        assert self._active, "fired a timer that is not running"
        if self.single_shot:
            self._active = False
        for slot in list(self.timeout.slots):
            slot()


class FakeClocks:
    """Wall clock and monotonic clock. ``advance`` moves both (time passes, awake);
    ``suspend`` moves only the wall clock (the monotonic clock stops while asleep)."""

    def __init__(self, at: dt.datetime) -> None:
        self.wall = at
        self.mono = 1000.0

    def now(self) -> dt.datetime:
        return self.wall

    def monotonic(self) -> float:
        return self.mono

    def advance(self, *, ms: int = 0, **delta: float) -> None:
        step = dt.timedelta(milliseconds=ms, **delta)
        self.wall += step
        self.mono += step.total_seconds()

    def suspend(self, **delta: float) -> None:
        self.wall += dt.timedelta(**delta)


class Harness:
    def __init__(self, ctx: AppContext, clocks: FakeClocks) -> None:
        self.ctx = ctx
        self.clocks = clocks
        self.timers: list[FakeTimer] = []
        self.notices: list[Notice] = []
        self.scheduler = self.new_scheduler()

    def _timer(self, parent: object) -> FakeTimer:
        t = FakeTimer(parent)
        self.timers.append(t)
        return t

    def new_scheduler(self) -> ReminderScheduler:
        self.timers = []
        s = ReminderScheduler(self.ctx, timer_factory=self._timer,
                              monotonic=self.clocks.monotonic)
        s.notice.connect(self.notices.append)
        self.scheduler = s
        return s

    @property
    def alarm(self) -> FakeTimer:
        return self.scheduler.alarm  # type: ignore[return-value]

    @property
    def ticker(self) -> FakeTimer:
        return self.scheduler.ticker  # type: ignore[return-value]

    def fire_alarm(self) -> None:
        """Let the alarm's interval pass (awake), then fire it."""
        self.clocks.advance(ms=self.alarm.interval())
        self.alarm.fire()

    def tick(self) -> None:
        self.clocks.advance(ms=self.ticker.interval())
        self.ticker.fire()


def add_round(ctx: AppContext, start: dt.datetime, *, company: str = "Northwind",
              people: tuple[str, ...] = ("Dana Whitfield",), decision_by: dt.date | None = None,
              duration: int = 60) -> int:
    ppl = tuple(PersonSpec(name, email=name.split()[0].lower() + "@example.com",
                           main_contact=i == 0) for i, name in enumerate(people))
    return ctx.store.add_application(ApplicationSpec(
        company, "Data Engineer",
        interviews=(InterviewSpec(start=start, duration_minutes=duration, interviewers=ppl,
                                  decision_by=decision_by),)))


@pytest.fixture
def clocks() -> FakeClocks:
    return FakeClocks(T0)


@pytest.fixture
def ctx(tmp_path: Path, clocks: FakeClocks) -> Iterator[AppContext]:
    c = AppContext.open(Paths.for_data_dir(tmp_path / "data"), clock=clocks.now)
    c.store.save_profile(Profile(name="Ada Park", timezone="America/New_York"))
    try:
        yield c
    finally:
        c.close()


@pytest.fixture
def h(qapp: Any, ctx: AppContext, clocks: FakeClocks) -> Harness:
    return Harness(ctx, clocks)
