"""AppContext: paths, store, clock and the services built on them — passed to constructors.

No Qt here: the command line, the window and the tray share this object. Reads are cached
per store revision, so the window can ask for the agenda on every repaint cheaply.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, ClassVar
from zoneinfo import ZoneInfo

from followup_desktop.clock import Clock, system_clock, zone
from followup_desktop.paths import Paths
from followup_desktop.records import Application, Profile, Window
from followup_desktop.settings import Settings
from followup_desktop.store import Store, open_store


@dataclass
class AppContext:
    paths: Paths
    store: Store
    clock: Clock = system_clock
    _cache: dict[str, tuple[int, Any]] = field(default_factory=dict, repr=False)
    _last_agenda: tuple[int, dt.datetime, list[Window]] | None = field(default=None,
                                                                        repr=False)
    AGENDA_FRESH: ClassVar[dt.timedelta] = dt.timedelta(seconds=30)

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

    # -- reads ------------------------------------------------------------------------------

    def settings(self) -> Settings:
        return self._cached("settings", self.store.settings)  # type: ignore[no-any-return]

    def profile(self) -> Profile:
        return self._cached("profile", self.store.profile)  # type: ignore[no-any-return]

    def tz(self) -> ZoneInfo:
        return zone(self.profile().timezone)

    def applications(self) -> list[Application]:
        return self._cached("apps", self.store.load_applications)  # type: ignore[no-any-return]

    def application(self, app_id: int) -> Application | None:
        for app in self.applications():
            if app.id == app_id:
                return app
        return None

    def agenda(self, now: dt.datetime | None = None) -> list[Window]:
        """Every window not yet sent, skipped or cancelled, soonest first.

        With an explicit ``now`` the plan is exact. Without one, a plan made less than
        :attr:`AGENDA_FRESH` ago on the same data is reused: widgets that only look windows
        up (the composer's recipients, the template editor) do not re-plan years of data
        on every click. The store's revision changes with every write.
        """
        from followup_desktop.schedule import plan

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
        windows = plan(self.applications(), self.settings(), self.tz(), at, self.store.states())
        self._last_agenda = (rev, at, windows)
        return windows
