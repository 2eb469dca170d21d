"""The window's rows, calendar days and agenda: from the plan kept in the database when it
is still true, else planned (``ctx.survey``) and then kept for the next start.

The start of a window with years of data paints from the plan its previous run kept
(:meth:`AppContext.stored_plan <followup_desktop.context.AppContext.stored_plan>`: the agenda
in columns, each application's table row, the calendar's interview days), restated for
the moment (the "Next follow-up" phrases, the states; applications whose windows changed
state get their next follow-up chosen again: :func:`~followup_desktop.ui.table_model.kept_rows`).
It plans only when something changed: a record written, the settings, the code, or the
plan's horizon passed. A plan made here is kept right away the first time (so that a
window closed soon after still leaves it for the next start), later :data:`KEEP_AFTER_MS`
after the last plan (edits come in bursts).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer

from followup_desktop.compose import render_memo
from followup_desktop.store import plan_cache
from followup_desktop.ui.calendar_pane import interview_days
from followup_desktop.ui.table_model import (
    ROW_MODULES,
    KeptHaystacks,
    Row,
    kept_haystacks,
    kept_rows,
    plain_rows,
    row_for,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from followup_desktop.context import AppContext
    from followup_desktop.paths import Paths
    from followup_desktop.records import Application, FollowupWindow
    from followup_desktop.ui.main_window import MainWindow

#: a plan made by a refresh is kept this long after the last one (edits come in bursts)
KEEP_AFTER_MS = 3000
#: where the session's rendered drafts are kept (``store.plan_cache.keep_values``)
RENDERS_KEY = "renders"


class PlanRows:
    """See the module docstring. One per window (``MainWindow.plan_rows``)."""

    def __init__(self, w: MainWindow) -> None:
        self.w = w
        self.read_stored = False  # the stored plan is read at the first refresh only
        self.from_store = False  # the rows on screen came from the stored plan
        #: (plan serial, when planned, rows, days) of a plan not kept yet
        self._pending: tuple[int, dt.datetime | None, list[Row], set[dt.date]] | None = None
        self._kept_once = False
        self._timer: QTimer | None = None
        self._rows_serial = -1  # the plan the rows on screen belong to
        #: the plan (serial) the database holds now: read from it, or kept from here
        self._kept_serial = -1
        #: the search texts of the rows read from the kept plan, not inflated (None: the
        #: rows have their own)
        self.kept_hay: KeptHaystacks | None = None

    def read(self, now: dt.datetime
             ) -> tuple[list[Row], set[dt.date], Sequence[FollowupWindow], list[FollowupWindow]]:
        """The rows, the calendar's interview days, the agenda and the expired windows."""
        ctx = self.w.ctx
        first = not self.read_stored
        if first:
            self.read_stored = True
            # the drafts the last session rendered: its first one shows without a render
            render_memo.preload(plan_cache.read_values(ctx.store, RENDERS_KEY) or ())
            view = ctx.stored_plan(now, ROW_MODULES)
            if (view is not None and isinstance(view.extra, dict)
                    and view.expired is not None):
                try:
                    rows = kept_rows(view.extra, view.agenda, view.changed, now, view.remap,
                                     self._reason_of(now), tz=ctx.tz())
                    days = {dt.date.fromordinal(d) for d in view.extra["days"]}
                except (KeyError, TypeError, ValueError, IndexError):
                    pass  # kept by another version: planned below
                else:
                    self.from_store = True
                    self.kept_hay = kept_haystacks(view.extra)
                    self._rows_serial = ctx.plan_serial
                    self._kept_serial = ctx.plan_serial
                    if view.changed or view.remap is not None:
                        # flags, states or expiries moved since it was kept: keep it as
                        # it is now, for the next start
                        self._pending = (ctx.plan_serial, now, rows, days)
                        self._kept_once = True
                        self._schedule()
                    return rows, days, view.agenda, view.expired
        self.from_store = False
        self.kept_hay = None
        if first and self.w.isVisible():
            self.w.repaint()  # the panes, saying "Loading…", while it plans
        rows, days, agenda, expired = plan_with_rows(ctx, now)
        self._rows_serial = ctx.plan_serial
        self._pending = (ctx.plan_serial, now, rows, days)
        self._schedule()
        return rows, days, agenda, expired

    def _reason_of(self, now: dt.datetime) -> Callable[[int, list[FollowupWindow]], str | None]:
        """Why an application whose windows changed since the plan was kept has nothing
        open (its records read only then): the row says it (schedule.reasons)."""
        from followup_desktop.schedule.reasons import plan_reason

        ctx = self.w.ctx
        tz, settings = ctx.tz(), ctx.settings()

        def reason_of(app_id: int, windows: list[FollowupWindow]) -> str | None:
            app = ctx.application(app_id)
            return plan_reason(app, windows, settings, tz, now) if app is not None else None

        return reason_of

    def _schedule(self) -> None:
        if self._timer is None:
            self._timer = QTimer(self.w)
            self._timer.setSingleShot(True)
            self._timer.timeout.connect(self.keep)
        self._timer.start(0 if not self._kept_once else KEEP_AFTER_MS)

    def keep(self, *, current: bool = False) -> bool:
        """Keep the last plan made here, with its rows, in the database (if it is still
        the context's plan). ``current``: with nothing pending, keep the rows on screen
        with the plan as it is now (on the way to the tray, or out). True when kept."""
        pending, self._pending = self._pending, None
        ctx = self.w.ctx
        if ctx is None or ctx.store.db.is_closed():
            return False
        if current:  # on the way out: the drafts rendered, kept whatever the plan
            plan_cache.keep_values(ctx.store, RENDERS_KEY, render_memo.export())
        if (pending is None and current and self._kept_serial == ctx.plan_serial
                and ctx.plan_is_kept()):
            # The database holds this very plan (read from it, or kept since) and no
            # record changed: the next start restates it for its own moment, as this
            # one did. (Each quit and each close to the tray packed and wrote it again:
            # about 0.45 s at 10k.)
            return True
        if pending is None and current and self._rows_serial == ctx.plan_serial:
            pending = (ctx.plan_serial, None, list(self.w.model.rows()),
                       set(self.w.calendar_pane._interview_days))
        if pending is None:
            return False
        serial, when, rows, days = pending
        last: Any = ctx._last_agenda
        if when is None and last is not None:  # the plan as of now
            again = ctx.restated(ctx.now())
            last = ctx._last_agenda if again is not None else None
        if ctx.plan_serial != serial or last is None or last[0] != ctx.store.revision:
            return False  # planned since: the rows belong to another plan
        model = self.w.model
        hay_of, kept_hay = model.haystack_of, model.kept_haystacks()
        if last[1] != when:
            # Restated since (a reminder marked notified, a minute passed): each row's
            # next follow-up is chosen again from the plan as it is now.
            extra = plain_rows(rows, last[2], hay_of, kept_hay)
            rows = kept_rows(extra, last[2], {r.app_id for r in rows}, last[1],
                             tz=ctx.tz())
            kept_hay = kept_haystacks(extra)  # the texts of these rows, as just packed
        self._kept_once = True
        kept = keep_with_rows(ctx, rows, days, last[2], hay_of, kept_hay)
        if kept:
            self._kept_serial = serial
        return kept


def plan_with_rows(ctx: AppContext, now: dt.datetime
                   ) -> tuple[list[Row], set[dt.date], Sequence[FollowupWindow],
                              list[FollowupWindow]]:
    """Plan (``ctx.survey``) with what the window shows of each application: the table
    rows, the calendar's interview days, the agenda and the expired windows."""
    tz, settings = ctx.tz(), ctx.settings()
    rows: list[Row] = []
    days: set[dt.date] = set()

    def keep(app: Application, windows: list[FollowupWindow]) -> None:
        # What the table and the calendar show of each application; its records go.
        rows.append(row_for(app, windows, settings, now, tz))
        days.update(interview_days(app, tz))

    expired: list[FollowupWindow] = []
    agenda = ctx.survey(now, keep, expired)
    return rows, days, agenda, expired


def keep_with_rows(ctx: AppContext, rows: list[Row], days: set[dt.date],
                   agenda: Sequence[FollowupWindow],
                   haystack_of: Callable[[Row], str] | None = None,
                   kept_hay: KeptHaystacks | None = None) -> bool:
    """Keep the context's last plan with ``rows`` and ``days`` beside it, under the
    window's fingerprint: the plan a window start paints from. True when kept.
    ``haystack_of``, ``kept_hay``: the rows' search texts (:func:`plain_rows`)."""
    extra = plain_rows(rows, agenda, haystack_of, kept_hay)
    extra["days"] = sorted(d.toordinal() for d in days)
    return bool(ctx.keep_plan(extra, ROW_MODULES))


def keep_window_plan(paths: Paths) -> int:
    """The tray-only process's helper (a child it starts when it found no plan the window
    kept, and planned for itself): plan with the window's rows and keep them, so that the
    window opened from the tray later paints from them instead of planning as it starts.
    A process of its own, at low priority: the window's modules and a whole plan's heap
    never enter the tray's. Exit status 0 also when nothing needed doing."""
    import contextlib
    import os

    from followup_desktop.clock import system_clock
    from followup_desktop.context import AppContext
    from followup_desktop.store import StoreError

    with contextlib.suppress(OSError, AttributeError):
        os.nice(10)  # the user's work first
    try:
        ctx = AppContext.open(paths, clock=system_clock)
    except StoreError:
        return 1
    try:
        ctx.pack = True
        now = ctx.now()
        if ctx.store.read_only or ctx.stored_plan(now, ROW_MODULES, extra=False,
                                                  expired=False) is not None:
            return 0  # kept meanwhile (a window), or nothing can be kept
        rows, days, agenda, _ = plan_with_rows(ctx, now)
        return 0 if keep_with_rows(ctx, rows, days, agenda) else 1
    finally:
        ctx.close()
