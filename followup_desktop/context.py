"""AppContext: paths, store, clock and the services built on them — passed to constructors.

No Qt here: the command line, the window and the tray share this object. Reads are cached
per store revision, so the window can ask for the agenda on every repaint cheaply.

The agenda is planned while the applications stream past (:meth:`survey`), a batch at a
time: a long-running window keeps the windows it shows, never every record behind them,
and keeps them packed in columns (:attr:`AppContext.pack`, :mod:`.schedule.agenda`).
One application's records are read when a widget asks for them (:meth:`application`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar
from zoneinfo import ZoneInfo

from followup_desktop.clock import Clock, system_clock, zone
from followup_desktop.paths import Paths
from followup_desktop.records import Application, Profile, Window, WindowState
from followup_desktop.settings import Settings
from followup_desktop.store import Store, open_store


@dataclass
class AppContext:
    paths: Paths
    store: Store
    clock: Clock = system_clock
    _cache: dict[str, tuple[int, Any]] = field(default_factory=dict, repr=False)
    _last_agenda: tuple[int, dt.datetime, Sequence[Window]] | None = field(default=None,
                                                                            repr=False)
    #: applications read per batch while planning (:meth:`survey`); None reads them all at
    #: once: 1.2x quicker for a one-shot command, but every record is in memory at once
    batch: int | None = 500
    #: keep the agenda packed in columns (:class:`~.schedule.agenda.Agenda`): the window,
    #: which keeps it, turns this on; a one-shot command keeps a quicker plain list
    pack: bool = False
    _some: dict[int, Application | None] = field(default_factory=dict, repr=False)
    _some_rev: int = field(default=-1, repr=False)
    AGENDA_FRESH: ClassVar[dt.timedelta] = dt.timedelta(seconds=30)
    #: applications read by :meth:`application` kept per store revision (a few are asked
    #: for again and again: the selected one, the composer's)
    KEEP_APPLICATIONS: ClassVar[int] = 32

    @classmethod
    def open(cls, paths: Paths, *, clock: Clock = system_clock,
             read_only: bool = False) -> AppContext:
        paths.ensure()
        store = open_store(paths.db, read_only=read_only, clock=clock)
        return cls(paths=paths, store=store, clock=clock)

    def close(self) -> None:
        self.store.close()

    def now(self) -> dt.datetime:
        return self.clock()

    def _cached(self, name: str, make: Any) -> Any:
        rev = self.store.revision
        hit = self._cache.get(name)
        if hit is not None and hit[0] == rev:
            return hit[1]
        value = make()
        self._cache[name] = (rev, value)
        return value

    def invalidate(self) -> None:
        self._cache.clear()
        self._last_agenda = None
        self._some.clear()

    # -- reads ------------------------------------------------------------------------------

    def settings(self) -> Settings:
        return self._cached("settings", self.store.settings)  # type: ignore[no-any-return]

    def profile(self) -> Profile:
        return self._cached("profile", self.store.profile)  # type: ignore[no-any-return]

    def tz(self) -> ZoneInfo:
        return zone(self.profile().timezone)

    def applications(self) -> list[Application]:
        """Every application with all its records, read now (not kept: imports, reports
        and exports ask once; the agenda never needs them all at once)."""
        return self.store.load_applications()

    def application(self, app_id: int) -> Application | None:
        """One application with its records, or None (deleted, or never existed)."""
        rev = self.store.revision
        if self._some_rev != rev:
            self._some.clear()
            self._some_rev = rev
        if app_id in self._some:
            return self._some[app_id]
        found = self.store.load_applications([app_id])
        if len(self._some) >= self.KEEP_APPLICATIONS:
            self._some.clear()
        app = self._some[app_id] = found[0] if found else None
        return app

    def agenda(self, now: dt.datetime | None = None) -> Sequence[Window]:
        """Every window not yet sent, skipped or cancelled, soonest first.

        With an explicit ``now`` the plan is exact. Without one, a plan made less than
        :attr:`AGENDA_FRESH` ago on the same data is reused: widgets that only look windows
        up (the composer's recipients, the template editor) do not re-plan years of data
        on every click. The store's revision changes with every write.
        """
        rev = self.store.revision
        last = self._last_agenda
        if now is None:
            at = self.now()
            if (last is not None and last[0] == rev
                    and dt.timedelta(0) <= at - last[1] < self.AGENDA_FRESH):
                return last[2]
        else:
            at = now
            if last is not None and last[0] == rev and last[1] == at:
                return last[2]
        return self.survey(at)

    def survey(self, now: dt.datetime,
               visit: Callable[[Application, list[Window]], None] | None = None,
               expired: list[Window] | None = None) -> Sequence[Window]:
        """Plan the agenda at ``now`` (the result of :meth:`agenda`, which it refreshes),
        reading the applications :attr:`batch` at a time; ``visit(application, its
        windows)`` sees each application on the way, for what a caller keeps of it (a table
        row, the calendar's interview days). No batch outlives the pass. ``expired``, when
        given, receives the windows past their last useful moment (kept out of the agenda
        and of what ``visit`` sees): the window's "too late" bar, from the same pass."""
        from followup_desktop.bulk import gc_paused
        from followup_desktop.schedule import plan_each, sort_windows
        from followup_desktop.schedule.agenda import Agenda

        rev = self.store.revision
        packed = Agenda() if self.pack else None
        windows: list[Window] = []
        with gc_paused():
            apps = (self.store.iter_applications(self.batch) if self.batch
                    else self.store.load_applications())
            for app, own in plan_each(apps, self.settings(), self.tz(), now,
                                      self.store.states(),
                                      include_expired=expired is not None):
                if expired is not None:
                    late = [w for w in own if w.state is WindowState.EXPIRED]
                    if late:
                        expired += late
                        own = [w for w in own if w.state is not WindowState.EXPIRED]
                if packed is not None:
                    packed.extend(own)  # this application's windows go with it
                else:
                    windows += own
                if visit is not None:
                    visit(app, own)
            agenda = packed.sort() if packed is not None else sort_windows(windows)
        self._last_agenda = (rev, now, agenda)
        return agenda

    def agenda_all(self, now: dt.datetime) -> list[Window]:
        """:meth:`agenda` at ``now`` with the expired windows too (state ``expired``):
        ``agenda --all``, and the window's quiet "too late" list. Not cached."""
        from followup_desktop.bulk import gc_paused
        from followup_desktop.schedule import plan_each, sort_windows

        out: list[Window] = []
        with gc_paused():
            apps = (self.store.iter_applications(self.batch) if self.batch
                    else self.store.load_applications())
            for _app, own in plan_each(apps, self.settings(), self.tz(), now,
                                       self.store.states(), include_expired=True):
                out += own
        return sort_windows(out)

    def expired(self, now: dt.datetime) -> list[Window]:
        """The windows past their last useful moment at ``now`` (not skipped, not sent)."""
        from followup_desktop.records import WindowState

        return [w for w in self.agenda_all(now) if w.state is WindowState.EXPIRED]
