"""AppContext: paths, store, clock and the services built on them — passed to constructors.

No Qt here: the command line, the window and the tray share this object. Reads are cached
per store revision, so the window can ask for the agenda on every repaint cheaply.

The agenda is planned while the applications stream past (:meth:`survey`), a batch at a
time: a long-running window keeps the windows it shows, never every record behind them,
and keeps them packed in columns (:attr:`AppContext.pack`, :mod:`.schedule.agenda`).
One application's records are read when a widget asks for them (:meth:`application`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, NamedTuple
from zoneinfo import ZoneInfo

from followup_desktop.clock import Clock, system_clock, zone
from followup_desktop.paths import Paths
from followup_desktop.records import Application, FollowupWindow, Profile, WindowState
from followup_desktop.settings import Settings
from followup_desktop.store import Store, open_store


class FirstUse(NamedTuple):
    """A data folder as it was before a command opened it, so that a command that fails
    on a folder with no database yet (or only reads one that did not exist) can leave it
    as it found it: :meth:`undo` removes the database it made and the folders it made,
    and nothing else (a folder that now holds anything else stays)."""

    paths: Paths
    #: no database file was there
    fresh: bool
    #: the folders (data, logs, settings, and their parents) that did not exist
    made: tuple[Path, ...]

    @classmethod
    def before(cls, paths: Paths) -> FirstUse:
        made: list[Path] = []
        for folder in (paths.data_dir, paths.log_dir, paths.config_dir):
            made += [p for p in (folder, *folder.parents)
                     if not os.path.lexists(p) and p not in made]
        return cls(paths, not os.path.lexists(paths.db), tuple(made))

    def undo(self) -> None:
        """Remove what the command made, when it made the database. Never while another
        Followup (the window, the tray) holds the folder: its database stays."""
        if not self.fresh or os.path.lexists(self.paths.lock_file):
            return
        for end in ("", "-wal", "-shm", "-journal"):
            with contextlib.suppress(OSError):
                os.unlink(f"{self.paths.db}{end}")
        for folder in sorted(self.made, key=lambda p: len(p.parts), reverse=True):
            with contextlib.suppress(OSError):
                folder.rmdir()  # only when empty


class PlanView(NamedTuple):
    """A plan restated for a later moment (:meth:`AppContext.restated`)."""

    agenda: Sequence[FollowupWindow]
    #: the applications whose windows changed state, or expired and were dropped
    changed: set[int]
    #: each earlier position's position now (-1: expired), when some were dropped
    remap: Any = None
    #: what the caller kept beside a stored plan (:meth:`AppContext.stored_plan`)
    extra: Any = None
    #: the expired windows, when the plan's caller asked for them (``survey(expired=)``)
    expired: Sequence[FollowupWindow] | None = None


@dataclass
class AppContext:
    paths: Paths
    store: Store
    clock: Clock = system_clock
    _cache: dict[str, tuple[int, Any]] = field(default_factory=dict, repr=False)
    _last_agenda: tuple[int, dt.datetime, Sequence[FollowupWindow]] | None = field(default=None,
                                                                            repr=False)
    #: applications read per batch while planning (:meth:`survey`); None reads them all at
    #: once: 1.2x quicker for a one-shot command, but every record is in memory at once
    batch: int | None = 500
    #: keep the agenda packed in columns (:class:`~.schedule.agenda.Agenda`): the window,
    #: which keeps it, turns this on; a one-shot command keeps a quicker plain list
    pack: bool = False
    _some: dict[int, Application | None] = field(default_factory=dict, repr=False)
    _some_rev: int = field(default=-1, repr=False)
    #: the last plan's horizon: until then it stays true, its states aside
    #: (:mod:`.schedule.horizon`); None with :attr:`_last_agenda` None, or nothing ahead
    _valid_until: dt.datetime | None = field(default=None, repr=False)
    #: the data revision (``store.plan_cache.revision``) the last survey read
    _plan_revision: int | None = field(default=None, repr=False)
    #: bumped by every plan made or read back: what callers kept beside one plan (the
    #: window's rows) goes with the plans restated from it, never with another
    plan_serial: int = field(default=0, repr=False)
    #: the skips the last survey read (``schedule.horizon.skipped_digest``)
    _plan_skipped: str = field(default="", repr=False)
    #: the follow-up states' revision the last plan's flags are as of
    _plan_state_rev: int | None = field(default=None, repr=False)
    #: the expired windows of the last plan, when its caller asked for them (the
    #: window's "too late" list), kept in step with its restatements; a kept plan's
    #: are a plan_cache.LateWindows, read when first asked for
    _last_expired: Sequence[FollowupWindow] | None = field(default=None, repr=False)
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
        self._valid_until = None
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

    def agenda(self, now: dt.datetime | None = None) -> Sequence[FollowupWindow]:
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
        again = self.restated(at)
        if again is not None:
            return again.agenda
        return self.survey(at)

    def restated(self, at: dt.datetime) -> PlanView | None:
        """The last plan (packed) as of ``at`` when it is still true then -- the same
        records (follow-up states aside: they are applied again), and ``at`` between the
        moment it was made and its horizon (:mod:`.schedule.horizon`): the same windows
        with their flags and states at ``at``, less those that expired since. None when
        it has to be planned again."""
        from followup_desktop.schedule.agenda import Agenda
        from followup_desktop.schedule.horizon import (
            apply_states,
            copy_agenda,
            restate,
            skipped_digest,
        )
        from followup_desktop.store import plan_cache

        last = self._last_agenda
        if (last is None or not isinstance(last[2], Agenda) or at < last[1]
                or (self._valid_until is not None and at >= self._valid_until)):
            return None
        agenda = last[2]
        flagged: set[int] = set()
        if last[0] != self.store.revision:
            # Written since: only the follow-up states (a reminder marked notified, a
            # snooze, a draft saved) leave the plan as it is, their flags aside.
            if (self._plan_revision is None
                    or plan_cache.revision(self.store) != self._plan_revision):
                return None
            agenda = copy_agenda(agenda)
            state_rev = plan_cache.state_revision(self.store)
            if state_rev is None or state_rev != self._plan_state_rev:
                states = plan_cache.read_states(self.store)
                if skipped_digest(states) != self._plan_skipped:
                    return None
                flagged = apply_states(agenda, states)
                self._plan_state_rev = state_rev
        elif at == last[1]:
            return PlanView(agenda, set(), expired=self._last_expired)
        else:
            agenda = copy_agenda(agenda)
        gone: list[FollowupWindow] | None = None if self._last_expired is None else []
        changed, remap = restate(agenda, at, gone)
        if gone:
            self._last_expired = [*(self._last_expired or ()), *gone]
        self._last_agenda = (self.store.revision, at, agenda)
        return PlanView(agenda, changed | flagged, remap, expired=self._last_expired)

    def survey(self, now: dt.datetime,
               visit: Callable[[Application, list[FollowupWindow]], None] | None = None,
               expired: list[FollowupWindow] | None = None) -> Sequence[FollowupWindow]:
        """Plan the agenda at ``now`` (the result of :meth:`agenda`, which it refreshes),
        reading the applications :attr:`batch` at a time; ``visit(application, its
        windows)`` sees each application on the way, for what a caller keeps of it (a table
        row, the calendar's interview days). No batch outlives the pass. ``expired``, when
        given, receives the windows past their last useful moment (kept out of the agenda
        and of what ``visit`` sees): the window's "too late" bar, from the same pass."""
        from followup_desktop.bulk import gc_paused
        from followup_desktop.schedule import plan_each, sort_windows
        from followup_desktop.schedule.agenda import Agenda
        from followup_desktop.schedule.horizon import new_year, next_change, skipped_digest
        from followup_desktop.store import plan_cache

        rev = self.store.revision
        data_rev = plan_cache.revision(self.store) if self.pack else None
        packed = Agenda() if self.pack else None
        windows: list[FollowupWindow] = []
        settings, tz = self.settings(), self.tz()
        until = new_year(now, tz)
        with gc_paused():
            apps = (self.store.iter_applications(self.batch) if self.batch
                    else self.store.load_applications())
            if packed is not None:
                self._plan_state_rev = plan_cache.state_revision(self.store)
                self._plan_skipped = skipped_digest(plan_cache.read_states(self.store))
            for app, own in plan_each(apps, settings, tz, now, self.store.states(),
                                      include_expired=expired is not None):
                if expired is not None:
                    late = [w for w in own if w.state is WindowState.EXPIRED]
                    if late:
                        expired += late
                        own = [w for w in own if w.state is not WindowState.EXPIRED]
                if packed is not None:
                    packed.extend(own)  # this application's windows go with it
                    change = next_change(app, settings, tz, now)
                    if change is not None and change < until:
                        until = change
                else:
                    windows += own
                if visit is not None:
                    visit(app, own)
            agenda = packed.sort() if packed is not None else sort_windows(windows)
        self._last_agenda = (rev, now, agenda)
        self._last_expired = expired
        self._valid_until = until if packed is not None else now
        self._plan_revision = data_rev
        self.plan_serial += 1
        return agenda

    # -- the plan kept in the database (store.plan_cache) ------------------------------------

    #: the modules whose code makes the plan: a change to one of them makes a stored plan
    #: stale (callers add the modules that make what they keep beside it)
    PLAN_MODULES: ClassVar[tuple[str, ...]] = (
        "followup_desktop.schedule.rules", "followup_desktop.schedule.status",
        "followup_desktop.schedule.sent", "followup_desktop.schedule.timemath",
        "followup_desktop.schedule.agenda", "followup_desktop.schedule.horizon",
        "followup_desktop.records", "followup_desktop.settings", "followup_desktop.context",
        "followup_desktop.store.repository", "followup_desktop.store.plan_cache")

    def plan_fingerprint(self, modules: Sequence[str] = ()) -> str:
        from followup_desktop.settings import settings_to_dict
        from followup_desktop.store import plan_cache

        parts = {"settings": settings_to_dict(self.settings()), "tz": self.profile().timezone}
        return plan_cache.fingerprint(parts, (*self.PLAN_MODULES, *modules))

    def stored_plan(self, now: dt.datetime, modules: Sequence[str] = (), *,
                    extra: bool = True, fingerprint: str | None = None,
                    expired: bool = True) -> PlanView | None:
        """The plan kept in the database (:meth:`keep_plan`) when it is still true at
        ``now`` (same data revision and fingerprint, ``now`` within its horizon),
        restated for ``now`` (:meth:`restated`), with what the caller kept beside it
        (:attr:`PlanView.extra`; not read with ``extra=False``: the tray has no table).
        It becomes the plan :meth:`agenda` reuses. None: plan (:meth:`survey`).
        ``fingerprint``: the one to read under, instead of :meth:`plan_fingerprint` of
        ``modules`` (the tray reads the window's plan without importing its modules).
        ``expired=False``: the expired windows are not read (the window's "too late" bar;
        16,000 of them in ten years of data, 2.6 MB the tray would keep for nothing)."""

        from followup_desktop.schedule.horizon import apply_states, restate, skipped_digest
        from followup_desktop.store import plan_cache

        stored = plan_cache.load(self.store, fingerprint or self.plan_fingerprint(modules))
        if stored is None or now < stored.made_at or (
                stored.valid_until is not None and now >= stored.valid_until):
            return None
        state_rev = plan_cache.state_revision(self.store)
        states = None
        try:
            if state_rev is None or stored.payload.get("state_rev") != state_rev:
                states = plan_cache.read_states(self.store)  # written since it was kept
                if stored.payload.get("skipped") != skipped_digest(states):
                    return None  # a window skipped or brought back since: plan again
            skipped = stored.payload.get("skipped", "")
        except ValueError:  # a part that does not read: plan again
            return None
        try:
            agenda = plan_cache.unpack_agenda(stored.payload["agenda"])
            # kept with it: the agenda's orders (groups, urgency) tie-break by key
            agenda.known_keys = plan_cache.agenda_keys(stored.payload["agenda"])
            if len(agenda.known_keys) != len(agenda):
                raise ValueError("a stored plan with keys of another length")
            kept = stored.payload["extra"] if extra else None
            # notified, snoozed, ... as they are now
            flagged = (apply_states(agenda, states, agenda.known_keys)
                       if states is not None else set())
        except (KeyError, TypeError, ValueError, EOFError):
            return None
        late: Any = None
        kept_late = stored.payload.packed("expired") if expired else None
        if kept_late is not None:
            # read when first asked for (years of windows; the "too late" bar asks only
            # when its digest says some were not shown yet): LateWindows. The digest is
            # None when the plan was kept without expired windows.
            try:
                digest = stored.payload.get("expired_digest", False)
            except ValueError:
                digest = False
            if digest is not None:
                late = plan_cache.LateWindows(kept_late, digest if isinstance(digest, str)
                                              else None)
        changed, remap = restate(agenda, now, late)
        self._last_expired = late
        self._plan_skipped = skipped
        self._plan_state_rev = state_rev
        self._last_agenda = (self.store.revision, now, agenda)
        self._valid_until = stored.valid_until
        self._plan_revision = plan_cache.revision(self.store)
        self.plan_serial += 1
        return PlanView(agenda, changed | flagged, remap, kept, late)

    def plan_is_kept(self) -> bool:
        """Whether no record the plan reads was written since the last plan was made,
        read back or kept (the data revision it belongs to is still the file's)."""
        from followup_desktop.store import plan_cache

        return (self._plan_revision is not None
                and plan_cache.revision(self.store) == self._plan_revision)

    def keep_plan(self, extra: Any, modules: Sequence[str] = ()) -> bool:
        """Keep the last plan (made by :meth:`survey`, packed) in the database with
        ``extra`` (marshal-able: what the caller keeps of each application), for the
        next start. False when there is none to keep, or it could not be kept."""

        from followup_desktop.schedule.agenda import Agenda
        from followup_desktop.store import plan_cache

        last = self._last_agenda
        if last is None or last[0] != self.store.revision or not isinstance(last[2], Agenda):
            return False
        packed = plan_cache.pack_agenda(last[2])
        if packed is None:
            return False
        expired: Any = self._last_expired
        unread = (expired.unread() if isinstance(expired, plan_cache.LateWindows)
                  else None)
        late: Any = None
        digest: str | None = None
        if unread is not None:  # the kept plan's, never read since: kept again as it is
            late, digest = unread, expired.digest
        elif expired is not None:
            if isinstance(expired, plan_cache.LateWindows):
                windows = expired.loaded()
                if expired.damaged:
                    return False  # its expired windows did not read: the next start plans
                expired = windows
            late = plan_cache.pack_agenda(expired if isinstance(expired, Agenda)
                                          else Agenda(expired))
            if late is None:
                return False
            digest = plan_cache.keys_digest(plan_cache.agenda_keys(late))
        # what the caller keeps is read back only by callers that want it (not the tray)
        kept = plan_cache.save(self.store, self.plan_fingerprint(modules), last[1],
                               self._valid_until,
                               {"agenda": packed, "extra": extra,
                                "skipped": self._plan_skipped,
                                "state_rev": self._plan_state_rev, "expired": late,
                                "expired_digest": digest},
                               at_revision=self._plan_revision)
        if kept:
            self._plan_revision = plan_cache.revision(self.store)
        return kept

    def agenda_all(self, now: dt.datetime) -> list[FollowupWindow]:
        """:meth:`agenda` at ``now`` with the expired windows too (state ``expired``):
        ``agenda --all``, and the window's quiet "too late" list. Not cached."""
        from followup_desktop.bulk import gc_paused
        from followup_desktop.schedule import plan_each, sort_windows

        out: list[FollowupWindow] = []
        with gc_paused():
            apps = (self.store.iter_applications(self.batch) if self.batch
                    else self.store.load_applications())
            for _app, own in plan_each(apps, self.settings(), self.tz(), now,
                                       self.store.states(), include_expired=True):
                out += own
        return sort_windows(out)

    def expired(self, now: dt.datetime) -> list[FollowupWindow]:
        """The windows past their last useful moment at ``now`` (not skipped, not sent)."""
        from followup_desktop.records import WindowState

        return [w for w in self.agenda_all(now) if w.state is WindowState.EXPIRED]
