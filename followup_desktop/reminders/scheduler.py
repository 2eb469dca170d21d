"""The Qt side of time: one alarm for the nearest opening, a slow re-check, wake detection.

- ONE single-shot timer is armed for the next moment something may become due
  (:func:`.policy.decide`'s ``next_wake``). A ``QTimer`` holds at most 2**31-1 ms (~24.8
  days): a later wake is reached in hops, re-arming each time the timer fires.
- A periodic tick (every :data:`RECHECK_MS`, never less than a minute) is cheap when idle:
  it compares the wall clock with the monotonic clock since the last tick. Timers run on
  the monotonic clock, which stops while the machine sleeps; a gap between the two (sleep,
  or the clock was changed) means the alarm may be late or wrong, so the tick re-checks at
  once. It also re-checks when the data changed (``store.revision``) or the alarm is overdue.
- Each window notifies once: :meth:`Store.mark_notified` commits BEFORE the notification
  is handed to the notifier, so a crash, restart or clock jump never repeats it.

Timers, the clock and the monotonic clock are injected, so tests fire timers by hand.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
from collections.abc import Callable, Iterable
from typing import Any, Protocol

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from followup_desktop.clock import monotonic as system_monotonic
from followup_desktop.records import FollowupWindow
from followup_desktop.reminders import policy
from followup_desktop.reminders.policy import Decision, Notice
from followup_desktop.schedule.agenda import find_window
from followup_desktop.store import StoreError

log = logging.getLogger(__name__)

#: The longest interval a QTimer accepts (a signed 32-bit number of milliseconds).
MAX_TIMER_MS = 2**31 - 1
#: The idle re-check: wake detection and data changes. At least a minute apart.
RECHECK_MS = 120_000
MIN_RECHECK_MS = 60_000
#: Wall clock and monotonic clock may drift this much between ticks before it is a "gap".
GAP_TOLERANCE_S = 20.0
#: A due alarm is never armed closer than this (no busy loop if a decision repeats).
MIN_ALARM_MS = 1_000
#: The alarm fires a little after the moment, so the window has surely opened.
ALARM_SLACK_MS = 250


class TimerLike(Protocol):
    """What the scheduler needs of a timer; ``QTimer`` has it, so does the tests' FakeTimer."""

    timeout: Any

    def setSingleShot(self, single: bool) -> None: ...  # noqa: N802 (Qt's name)
    def start(self, msec: int) -> None: ...
    def stop(self) -> None: ...
    def isActive(self) -> bool: ...  # noqa: N802
    def interval(self) -> int: ...


def qt_timer(parent: QObject) -> QTimer:
    timer = QTimer(parent)
    # Second-granularity timers let the OS batch wake-ups (idle CPU); a reminder a fraction
    # of a second late is fine.
    timer.setTimerType(Qt.TimerType.VeryCoarseTimer)
    return timer


def ms_until(target: dt.datetime, now: dt.datetime) -> int:
    """Milliseconds from ``now`` to ``target`` for one timer arm: within [MIN_ALARM, MAX]."""
    ms = math.ceil((target - now).total_seconds() * 1000) + ALARM_SLACK_MS
    return max(MIN_ALARM_MS, min(ms, MAX_TIMER_MS))


class ReminderScheduler(QObject):
    """Decides, at the right moments, which windows to announce, and hands them out.

    ``notice`` is emitted once per notification, after its windows were stored as notified.
    ``checked`` is emitted after every full check, with the agenda it used (the tray's
    tooltip and menu follow it).
    """

    notice = Signal(object)  # policy.Notice
    checked = Signal(object)  # list[FollowupWindow]
    #: a tick that found nothing to check (the tray's tooltip follows the clock)
    ticked = Signal()

    def __init__(self, ctx: Any, *, timer_factory: Callable[[QObject], TimerLike] = qt_timer,
                 monotonic: Callable[[], float] = system_monotonic,
                 recheck_ms: int = RECHECK_MS, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._monotonic = monotonic
        self.recheck_ms = max(MIN_RECHECK_MS, recheck_ms)
        self.alarm: TimerLike = timer_factory(self)
        self.alarm.setSingleShot(True)
        self.alarm.timeout.connect(self._on_alarm)
        self.ticker: TimerLike = timer_factory(self)
        self.ticker.setSingleShot(False)
        self.ticker.timeout.connect(self._on_tick)
        self.started_at: dt.datetime | None = None
        self.next_wake: dt.datetime | None = None
        self.last_decision: Decision | None = None
        self.checks = 0  # full checks done (tests and benchmarks read it)
        self._last_wall: dt.datetime | None = None
        self._last_mono = 0.0
        self._last_revision = -1
        #: a due reminder could not be stored (so was not shown): the next tick tries again
        self._retry = False

    # -- lifetime ---------------------------------------------------------------------------

    def start(self) -> None:
        self.started_at = self.ctx.now()
        self.ticker.start(self.recheck_ms)
        self.check()

    def stop(self) -> None:
        self.alarm.stop()
        self.ticker.stop()

    # -- the checks -------------------------------------------------------------------------

    def _stamp(self) -> None:
        self._last_wall = self.ctx.now()
        self._last_mono = self._monotonic()
        self._last_revision = self.ctx.store.revision

    def gap_detected(self) -> bool:
        """True when wall time and monotonic time disagree since the last check: a sleep
        (the monotonic clock stops) or the clock was set."""
        if self._last_wall is None:
            return False
        wall = (self.ctx.now() - self._last_wall).total_seconds()
        mono = self._monotonic() - self._last_mono
        return abs(wall - mono) > GAP_TOLERANCE_S

    def _on_tick(self) -> None:
        now = self.ctx.now()
        if (self._retry or self.gap_detected() or self.ctx.store.revision != self._last_revision
                or (self.next_wake is not None and now >= self.next_wake)):
            self.check()
        else:
            self._stamp()
            self.ticked.emit()

    def _on_alarm(self) -> None:
        self.check()

    def check(self) -> Decision:
        """Announce what is due now, then arm the alarm for the next wake-up."""
        if self.started_at is None:
            self.started_at = self.ctx.now()
        now = self.ctx.now()
        # A plan of the same data made moments ago (by the window, say) is reused: the
        # decision compares each opening with ``now`` itself and reads the stored states.
        windows = self.ctx.agenda()
        decision = policy.decide(windows, self.ctx.store.states(), self.ctx.settings(),
                                 self.ctx.tz(), now, self.started_at)
        self.checks += 1
        self._retry = False
        for notice in decision.notices:
            if self._commit(notice, now):
                self.notice.emit(notice)
            else:
                self._retry = True
        self.last_decision = decision
        if decision.notices:
            windows = self.ctx.agenda()  # marked notified since (a write): fresh flags
        self._arm(decision.next_wake, now)
        self._stamp()
        self.checked.emit(windows)
        return decision

    def _commit(self, notice: Notice, now: dt.datetime) -> bool:
        """Store the windows as notified; only then may the notification be shown."""
        try:
            self.ctx.store.mark_notified(notice.windows, now)
        except StoreError as exc:
            # Not stored means not shown: showing it could repeat it after a restart.
            log.warning("reminder not shown, its state could not be saved: %s", exc)
            return False
        return True

    def _arm(self, wake: dt.datetime | None, now: dt.datetime) -> None:
        self.next_wake = wake
        self.alarm.stop()
        if wake is not None:
            self.alarm.start(ms_until(wake, now))

    # -- user actions -----------------------------------------------------------------------

    def snooze(self, items: Iterable[tuple[int, str]], until: dt.datetime) -> None:
        """Snooze windows until ``until``: each notifies once more then (a snooze re-arms
        it once)."""
        for app_id, key in items:
            self.ctx.store.snooze(app_id, key, until)
        self.check()

    def snooze_key(self, key: str, until: dt.datetime) -> bool:
        return self.snooze_keys((key,), until) > 0

    def snooze_keys(self, keys: Iterable[str], until: dt.datetime) -> int:
        """Snooze the windows of ``keys`` that still exist (one re-plan); how many."""
        found = [w for w in (self.window(k) for k in keys) if w is not None]
        if found:
            self.snooze([(w.application_id, w.key) for w in found], until)
        return len(found)

    def snooze_all(self, until: dt.datetime) -> int:
        """Snooze every open or overdue window; returns how many."""
        items = [(w.application_id, w.key)
                 for w in policy.open_windows(self.ctx.agenda(self.ctx.now()))]
        if items:
            self.snooze(items, until)
        return len(items)

    def window(self, key: str) -> FollowupWindow | None:
        return find_window(self.ctx.agenda(self.ctx.now()), key)
