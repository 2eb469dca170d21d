"""One sync of the plan with the user's CalDAV calendar.

The calendar then holds exactly the pending windows: one event per window, named by the
window's stored UID (``{uid}.ics``), made by :func:`compose.ics.window_event` (all-day on
its opening day when longer than a day, an alarm at its opening, the due time and the
recipient in its text).

1. **What changed on the server** -- one request when nothing did: a sync-collection
   REPORT (RFC 6578) with the token of the last sync; a server without sync-tokens: its
   ctag (PROPFIND), and the list of ETags only when the ctag moved. An event whose ETag is
   the one the last write got back is our own write. Another ETag means the user (a
   phone) changed it: the event is read, and if its start moved, the window is snoozed to
   the new time. An event gone from the server was deleted by the user: it is not written
   again until the window itself changes.
2. **What the plan wants** -- a new window is created (``If-None-Match: *``: a resource
   already there, from a sync cut off before it could note it, is read and adopted, never
   duplicated); a changed one is written over its ETag (``If-Match``; a 412 re-reads the
   event and tries once more); one no longer pending (sent, skipped, cancelled, expired,
   its application deleted) is deleted.

What the sync learnt is stored as it goes (every 100 events, and when it stops for any
reason), so a server gone mid-sync costs nothing next time. Nothing outside the account's
own calendar is written, ever.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from followup_desktop.compose.ics import PRODID
from followup_desktop.records import FollowupWindow
from followup_desktop.services import accounts_status
from followup_desktop.services.calendar_account.account import (
    AccountConfig,
    CalendarAccountError,
    load_config,
    password_for,
    update_config,
)
from followup_desktop.services.calendar_account.dav import (
    Changes,
    Dav,
    DavError,
    PreconditionFailed,
    host_of,
)
from followup_desktop.services.calendar_account.state import (
    EventState,
    load_events,
    save_events,
    window_of_uid,
)

SAVE_EVERY = 100


@dataclass
class SyncReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    snoozed: list[str] = field(default_factory=list)  # moved on the server by the user
    deleted_by_user: list[str] = field(default_factory=list)
    offers: list[str] = field(default_factory=list)
    requests: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed or self.snoozed
                    or self.deleted_by_user)

    def lines(self) -> list[str]:
        out = [f"added: {t}" for t in self.added]
        out += [f"updated: {t}" for t in self.updated]
        out += [f"removed: {t}" for t in self.removed]
        out += [f"moved on the server, snoozed: {t}" for t in self.snoozed]
        out += [f"deleted on the server, kept deleted: {t}" for t in self.deleted_by_user]
        out += [f"invite: {t}" for t in self.offers]
        return out

    def summary(self) -> str:
        if not self.changed:
            return "Calendar up to date."
        parts = [f"{len(v)} {k}" for k, v in (("added", self.added), ("updated", self.updated),
                                              ("removed", self.removed),
                                              ("snoozed", self.snoozed)) if v]
        return "Calendar synced: " + (", ".join(parts) or "changes read back") + "."


def _calendar_body(window: FollowupWindow, now: dt.datetime, tz: Any, uid: str) -> tuple[str, str,
                                                                                  str]:
    """(iCalendar text, digest of what matters, DTSTART as text) of one window's event."""
    from followup_desktop.compose.ics import new_calendar, window_event

    event = window_event(window, now, tz=tz, uid=uid)
    cal = new_calendar("Followup")
    cal.add_component(event)
    text = cal.to_ical().decode("utf-8")
    kept = "\n".join(line for line in text.splitlines() if not line.startswith("DTSTAMP"))
    digest = hashlib.sha256(kept.encode()).hexdigest()[:32]
    return text, digest, _start_text(event.decoded("DTSTART"))


def _start_text(value: dt.date | dt.datetime) -> str:
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            return value.isoformat()
        return value.astimezone(dt.UTC).replace(microsecond=0).isoformat()
    return value.isoformat()


def _read_start(text: str) -> dt.date | dt.datetime | None:
    from icalendar import Calendar

    try:
        cal = Calendar.from_ical(text)
    except Exception:
        return None
    for event in cal.walk("VEVENT"):
        try:
            value = event.decoded("DTSTART")
        except (KeyError, ValueError):
            return None
        if isinstance(value, dt.datetime) and value.tzinfo is None:
            return None  # floating: nothing to compare with
        return value  # type: ignore[no-any-return]
    return None


def _read_uid(text: str) -> str | None:
    from icalendar import Calendar

    try:
        for event in Calendar.from_ical(text).walk("VEVENT"):
            return str(event.get("UID", "")) or None
    except Exception:
        return None
    return None


def _read_summary(text: str) -> str:
    from icalendar import Calendar

    try:
        for event in Calendar.from_ical(text).walk("VEVENT"):
            return str(event.get("SUMMARY", ""))
    except Exception:
        return ""
    return ""


def _summary_of(window: FollowupWindow) -> str:
    from followup_desktop.compose.ics import summary

    return summary(window)


def event_start(window: FollowupWindow, now: dt.datetime, tz: Any) -> str:
    """The DTSTART (as text) of the window's event as Followup writes it."""
    from followup_desktop.compose.ics import event_times

    return _start_text(event_times(window, now, tz).start)


def snooze_to_start(ctx: Any, window: FollowupWindow, start: dt.date | dt.datetime,
                    tz: Any) -> dt.datetime:
    """What a window's event moved by the user means: the window snoozed to the event's new
    start (an all-day event moved to another day: the same time of day, that day). The
    sync's read-back and the import of an edited exported calendar both come here."""
    if isinstance(start, dt.datetime):
        until = start.astimezone(dt.UTC)
    else:
        opens = window.opens_at.astimezone(tz)
        until = dt.datetime.combine(start, opens.timetz().replace(tzinfo=None),
                                    tz).astimezone(dt.UTC)
    ctx.store.snooze(window.application_id, window.key, until)
    return until


class _Session:
    """One sync's work; see the module docstring."""

    def __init__(self, ctx: Any, config: AccountConfig, dav: Dav, now: dt.datetime,
                 progress: Callable[[str], None] | None) -> None:
        self.ctx = ctx
        self.config = config
        self.dav = dav
        self.now = now
        self.progress = progress
        self.report = SyncReport()
        self.events = load_events(ctx)
        self.by_href = {self._norm(e.href): e for e in self.events.values() if e.href}
        self.dirty: dict[str, EventState] = {}
        self.dropped: list[str] = []
        self.tz = ctx.tz()

    def _norm(self, href: str | None) -> str:
        from urllib.parse import unquote, urlsplit

        return unquote(urlsplit(self.dav.absolute(href or "")).path)

    def _mark(self, e: EventState) -> None:
        self.dirty[e.key] = e
        if len(self.dirty) >= SAVE_EVERY:
            self.flush()

    def flush(self) -> None:
        save_events(self.ctx, self.dirty.values(), self.dropped)
        self.dirty.clear()
        self.dropped = []

    def _say(self, bucket: list[str], text: str, verb: str) -> None:
        bucket.append(text)
        if self.progress is not None:
            self.progress(f"{verb}: {text}")

    # -- 1. the server's changes --------------------------------------------------------------

    def remote_changes(self) -> tuple[Changes | None, str | None]:
        """(changes, new ctag). None changes: nothing moved (one request was enough)."""
        cfg = self.config
        if cfg.ctag is None:  # sync-token mode, or the first sync
            try:
                return self.dav.sync_collection(cfg.calendar_url, cfg.sync_token), None
            except DavError as exc:
                if exc.transient or exc.status == 401 or cfg.sync_token:
                    raise
            # no sync-collection here: the ctag from now on
        token, ctag = self.dav.calendar_tokens(cfg.calendar_url)
        if ctag is not None and ctag == cfg.ctag:
            return None, ctag
        return self.dav.list_etags(cfg.calendar_url), ctag or ""

    def read_back(self, changes: Changes, plan: dict[str, FollowupWindow]) -> bool:
        """Apply the user's edits on the server; True if a window was snoozed."""
        seen: set[str] = set()
        snoozed = False
        for member in changes.members:
            path = self._norm(member.href)
            seen.add(path)
            e = self.by_href.get(path)
            if e is None:
                if changes.complete and member.etag is not None:
                    self._adopt(member.href, plan)
                continue  # else not one of ours (the user's own event in this calendar)
            if member.etag is None:
                self._user_deleted(e, plan)
                continue
            if member.etag and member.etag == e.etag:
                continue  # our own write
            got = self.dav.get(e.href or "")
            if got is None:
                self._user_deleted(e, plan)
                continue
            text, etag = got
            e.etag = etag or member.etag or None
            start = _read_start(text)
            if start is not None and _start_text(start) != e.start:
                window = plan.get(e.key)
                if window is not None and self._snooze_to(window, start):
                    snoozed = True
                e.start = _start_text(start)
                e.digest = ""  # write ours again (normalized) once the window re-plans
            self._mark(e)
        if changes.complete:
            for path, e in list(self.by_href.items()):
                if path not in seen:
                    self._user_deleted(e, plan)
        return snoozed

    def _adopt(self, href: str, plan: dict[str, FollowupWindow]) -> None:
        """An event of ours the sync has no note of (the account set up again, the data
        moved by export -> import, a sync cut off after a write): by its UID it is the
        window's event again; one whose window is gone is deleted."""
        got = self.dav.get(href)
        if got is None or PRODID not in got[0]:
            return  # gone, or the user's own event: left alone
        text, etag = got
        uid = _read_uid(text)
        found = window_of_uid(self.ctx, uid) if uid else None
        if found is None or (found[0] in self.events and self.events[found[0]].href):
            self._remove(href, etag)
            self._say(self.report.removed, _read_summary(text) or href, "removed")
            return
        key, app_id = found
        start = _read_start(text)
        e = EventState(key, app_id, uid or "", href, etag, "",
                       _start_text(start) if start is not None else "")
        self.events[key] = e
        self.by_href[self._norm(href)] = e
        self._mark(e)

    def _user_deleted(self, e: EventState, plan: dict[str, FollowupWindow]) -> None:
        path = self._norm(e.href)
        self.by_href.pop(path, None)
        e.gone = e.digest or "?"
        e.href = e.etag = None
        window = plan.get(e.key)
        self._say(self.report.deleted_by_user,
                  _summary_of(window) if window else e.key, "deleted on the server, kept deleted")
        self._mark(e)

    def _snooze_to(self, window: FollowupWindow, start: dt.date | dt.datetime) -> bool:
        until = snooze_to_start(self.ctx, window, start, self.tz)
        from followup_desktop.humanize import local_when

        self._say(self.report.snoozed,
                  f"{_summary_of(window)} (to {local_when(until, self.tz, self.now)})",
                  "moved on the server, snoozed")
        return True

    # -- 2. the plan's changes ----------------------------------------------------------------

    def write_plan(self, windows: Sequence[FollowupWindow]) -> None:
        uids = self.ctx.store.window_uids((w.application_id, w.key) for w in windows)
        wanted: set[str] = set()
        base = self.config.calendar_url.rstrip("/")
        for w in windows:
            if w.key in wanted:
                continue
            wanted.add(w.key)
            uid = uids[w.key]
            text, digest, start = _calendar_body(w, self.now, self.tz, uid)
            e = self.events.get(w.key)
            if e is not None and e.uid != uid:  # the UID changed (an import): start over
                if e.href is not None:
                    self._remove(e.href, e.etag)
                    self.by_href.pop(self._norm(e.href), None)
                e = None
            if e is None:
                e = EventState(w.key, w.application_id, uid)
                self.events[w.key] = e
            if e.href is None:
                if e.gone is not None and e.gone in (digest, "?"):
                    if e.gone == "?":
                        e.gone = digest
                        self._mark(e)
                    continue  # deleted by the user; not again until the window changes
                href = f"{base}/{uid}.ics"
                e.etag = self._create(href, text)
                e.href, e.digest, e.start, e.gone = href, digest, start, None
                self.by_href[self._norm(href)] = e
                self._say(self.report.added, _summary_of(w), "added")
                self._mark(e)
            elif e.digest != digest:
                e.etag = self._replace(e.href, text, e.etag)
                e.digest, e.start = digest, start
                self._say(self.report.updated, _summary_of(w), "updated")
                self._mark(e)
        for key, e in list(self.events.items()):
            if key in wanted:
                continue
            if e.href is not None:
                self._remove(e.href, e.etag)
                self._say(self.report.removed, self._label(key), "removed")
            self.events.pop(key)
            self.dirty.pop(key, None)
            self.dropped.append(key)

    def _label(self, key: str) -> str:
        from followup_desktop.records import split_window_key

        parts = split_window_key(key)
        if parts is None:
            return key
        app = self.ctx.application(parts[1])
        who = ""
        if app is not None and parts[3] is not None:
            person = app.person(parts[3])
            who = f" to {person.name}" if person else ""
        where = f" — {app.company}" if app is not None else ""
        return f"{parts[0].label}{who}{where}"

    def _create(self, href: str, text: str) -> str | None:
        try:
            return self.dav.put(href, text, create=True)
        except PreconditionFailed:
            # there already: written by a sync that stopped before noting it. Adopt it.
            return self._replace(href, text, None)

    def _replace(self, href: str, text: str, etag: str | None) -> str | None:
        try:
            return self.dav.put(href, text, etag=etag) if etag else self._put_over(href, text)
        except PreconditionFailed:
            return self._put_over(href, text)

    def _put_over(self, href: str, text: str) -> str | None:
        """Re-read the event for its current ETag and write over that one."""
        got = self.dav.get(href)
        if got is None:
            return self.dav.put(href, text, create=True)
        _, etag = got
        return self.dav.put(href, text, etag=etag)

    def _remove(self, href: str, etag: str | None) -> None:
        try:
            self.dav.delete(href, etag=etag)
        except PreconditionFailed:
            got = self.dav.get(href)
            if got is not None:
                self.dav.delete(href, etag=got[1])


def sync_account(ctx: Any, *, password: str | None = None, now: dt.datetime | None = None,
                 progress: Callable[[str], None] | None = None) -> SyncReport:
    """One sync (see the module docstring). Raises :class:`CalendarAccountError` in words;
    what was done before a failure is kept, and the failure is noted for the status line."""
    config = load_config(ctx)
    if config is None:
        raise CalendarAccountError(accounts_status.needs_account_error("calendar"))
    password = password or password_for(config)
    if not password:
        raise CalendarAccountError(
            f"The password of {config.user} at {host_of(config.calendar_url)} is not "
            "available in this session (no secure keyring): enter it again in Settings › "
            "Calendar account, or give it to calendar-account sync on standard input.")
    now = now or ctx.now()
    dav = Dav(config.calendar_url, config.user, password, ca_file=config.ca_file)
    session = _Session(ctx, config, dav, now, progress)
    try:
        try:
            changes, ctag = session.remote_changes()
            plan = {w.key: w for w in ctx.agenda(now)}
            if changes is not None and session.read_back(changes, plan):
                plan = {w.key: w for w in ctx.agenda(now)}  # snoozed: planned again
            session.flush()
            token = changes.token if changes is not None else config.sync_token
            if (token, ctag) != (config.sync_token, config.ctag):
                update_config(ctx, sync_token=token, ctag=ctag)
            session.write_plan(list(plan.values()))
            report = session.report
            if ctag is not None and (report.added or report.updated or report.removed):
                update_config(ctx, ctag="")  # our writes moved it: list the ETags next time
            if config.invites and config.main_calendar_url:
                from followup_desktop.services.calendar_account.invites import read_invites

                report.offers = read_invites(ctx, dav, now)
        finally:
            session.flush()
            session.report.requests = dav.requests
            dav.close()
    except DavError as exc:
        update_config(ctx, last_error=str(exc))
        raise CalendarAccountError(str(exc)) from None
    update_config(ctx, last_error=None,
                  last_sync_at=now.astimezone(dt.UTC).replace(microsecond=0).isoformat())
    return session.report


def status_line(ctx: Any) -> str | None:
    """One line for the status bar when the last sync failed, else None."""
    config = load_config(ctx)
    if config is None or not config.last_error:
        return None
    return f"Calendar account: {config.last_error}"


def with_backoff(run: Callable[[], SyncReport], *, delays: Sequence[float] = (2, 10, 60),
                 wait: Callable[[float], Any]) -> SyncReport:
    """``run``, tried again after each of ``delays`` while the server is unreachable
    (``wait`` waits: the worker's interruptible wait, or a test's fake clock)."""
    for delay in (*delays, None):
        try:
            return run()
        except CalendarAccountError as exc:
            if delay is None or not _transient(exc):
                raise
            wait(delay)
    raise AssertionError("unreachable")  # pragma: no cover


def _transient(exc: CalendarAccountError) -> bool:
    text = str(exc)
    return any(word in text for word in ("cannot be reached", "did not answer", "answered 5",
                                         "answered 429", "No server called"))


__all__ = ["SyncReport", "event_start", "snooze_to_start", "status_line", "sync_account",
           "with_backoff"]
