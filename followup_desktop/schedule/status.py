"""An application's status at a moment (docs/rules.md, "Events and status"): the latest
rejection, verbal offer or withdrawal decides; else the stored status, and an active
application whose latest round ended ``no_response_days`` ago with no reply since is closed
with no response. Pure: records and a moment in. Part of :mod:`.rules`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from zoneinfo import ZoneInfo

from followup_desktop.records import Application, Event, EventKind, Interview, Status
from followup_desktop.settings import Settings

from .timemath import add_days

_TERMINAL: dict[EventKind, Status] = {
    EventKind.REJECTED: Status.REJECTED,
    EventKind.VERBAL_OFFER: Status.OFFER,
    EventKind.WITHDRAWN: Status.WITHDRAWN,
}


def _latest_end(app: Application) -> dt.datetime | None:
    latest: dt.datetime | None = None
    for iv in app.interviews:
        end = iv.end
        if latest is None or end > latest:
            latest = end
    return latest


def _no_response_at(app: Application, settings: Settings, tz: ZoneInfo | None,
                    events: Sequence[Event], last_end: dt.datetime | None = None
                    ) -> dt.datetime | None:
    """When the application counts as closed-no-response, unless a reply already came."""
    if last_end is None:
        last_end = _latest_end(app)
        if last_end is None:
            return None
    for e in events:
        if e.kind is EventKind.REPLY and e.at >= last_end:
            return None
    return add_days(last_end, settings.no_response_days, tz)


def no_response_at(app: Application, settings: Settings, now: dt.datetime,
                   tz: ZoneInfo | None = None) -> dt.datetime | None:
    """The moment the application (as known at ``now``) becomes or became closed-no-response:
    the latest round's end + ``no_response_days``; ``None`` when a reply came after that
    round, or there is no round. Rejections and offers are not looked at here."""
    events = [e for e in app.events if e.at <= now]
    return _no_response_at(app, settings, tz, events)


def _terminal_status(app: Application, events: Sequence[Event]) -> Status:
    """The status from the latest terminal event, else the stored one."""
    terminal: Event | None = None
    for e in events:
        if e.kind in _TERMINAL and (terminal is None or e.at >= terminal.at):
            terminal = e
    if terminal is not None:
        return _TERMINAL[terminal.kind]
    return app.status


def _status(app: Application, settings: Settings, now: dt.datetime, tz: ZoneInfo | None,
            events: Sequence[Event]) -> Status:
    status = _terminal_status(app, events)
    if status is Status.ACTIVE:
        moment = _no_response_at(app, settings, tz, events)
        if moment is not None and moment <= now:
            return Status.CLOSED_NO_RESPONSE
    return status


def effective_status(app: Application, settings: Settings, now: dt.datetime,
                     tz: ZoneInfo | None = None) -> Status:
    """The application's status at ``now``.

    The latest rejected / verbal-offer / withdrawn event (at or before ``now``) gives
    rejected / offer / withdrawn. Otherwise the stored status, except that an active
    application becomes closed-no-response once its latest round ended
    ``no_response_days`` ago with no reply since. With ``tz`` the days are local calendar
    days (as in :func:`plan`), without it elapsed days.
    """
    events = [e for e in app.events if e.at <= now]
    return _status(app, settings, now, tz, events)


def _latest_ended(interviews: Sequence[Interview], ends: Sequence[dt.datetime],
                  at: dt.datetime) -> tuple[Interview, dt.datetime] | None:
    """The round that ended last by ``at`` (ties: the later one listed), with its end."""
    best: tuple[Interview, dt.datetime] | None = None
    for iv, end in zip(interviews, ends, strict=True):
        if end <= at and (best is None or end >= best[1]):
            best = (iv, end)
    return best


def _latest(events: Sequence[Event], kind: EventKind) -> Event | None:
    found: Event | None = None
    for e in events:
        if e.kind is kind and (found is None or e.at >= found.at):
            found = e
    return found
