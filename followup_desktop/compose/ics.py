"""Follow-up windows as an iCalendar file, for the user's phone calendar.

One VEVENT per window, with the window's stored random UID (``Store.window_uids``: the same
in every export, and kept across ``export`` -> ``import``, so a phone that imports the file
again updates its events instead of duplicating them) and a DISPLAY alarm at the moment the
window opens:

- a window of at most a day starts when it opens (a snoozed one: when its snooze ends) and
  ends when it is due (or one hour later when it has no due time);
- a longer window (a check-in's week, a stay-in-touch month) is an all-day event on its
  opening day in the profile's time zone, with the due date in its text -- not a bar
  across the phone's calendar for weeks -- and its alarm at the opening time.

:func:`window_event` makes one window's event: the CalDAV sync stores the same event.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, Event

from followup_desktop.compose.files import write_replace
from followup_desktop.compose.model import DraftError
from followup_desktop.records import Kind, Window

PRODID = "-//Followup//followup-desktop//EN"
UID_DOMAIN = "followup-desktop.invalid"
_NO_DUE = dt.timedelta(hours=1)
_DAY = dt.timedelta(days=1)
_UTC_ZONE = ZoneInfo("UTC")


def summary(window: Window) -> str:
    """"Thank-you note to Dana Whitfield — Northwind Analytics"."""
    who = window.recipient or "the main contact"
    what = {
        Kind.DEBRIEF: "Write your debrief",
        Kind.THANK_YOU: f"Thank-you note to {who}",
        Kind.MATERIALS: f"Send the promised material to {who}",
        Kind.CHECK_IN_1: f"Check in with {who}",
        Kind.CHECK_IN_2: f"Second check-in with {who}",
        Kind.REJECTION_REPLY: f"Reply to the rejection ({who})",
        Kind.STAY_IN_TOUCH: f"Stay in touch with {who}",
        Kind.LINKEDIN_NOTE: f"LinkedIn note to {who}",
        Kind.OFFER_CONFIRMATION: f"Confirm the offer with {who}",
    }[window.kind]
    return f"{what} — {window.company}"


@dataclass(frozen=True, slots=True)
class EventTimes:
    """When a window's event is: ``start``/``end`` are dates for an all-day event,
    aware UTC date-times otherwise; ``alarm`` is the exact moment the alarm rings (the
    window's opening, or the end of its snooze)."""

    all_day: bool
    start: dt.date | dt.datetime
    end: dt.date | dt.datetime
    alarm: dt.datetime
    due: dt.datetime | None


def event_times(window: Window, now: dt.datetime, tz: ZoneInfo | None = None) -> EventTimes:
    """See the module docstring. ``tz``: the profile's zone (the opening *day*)."""
    tz = tz or _UTC_ZONE
    opens = _utc(window.opens_at).replace(microsecond=0)
    snoozed = window.snoozed_until
    if snoozed is not None and _utc(snoozed) > _utc(now):
        opens = max(opens, _utc(snoozed).replace(microsecond=0))
    due = _utc(window.due_at).replace(microsecond=0) if window.due_at else None
    if due is not None and due - opens > _DAY:
        day = opens.astimezone(tz).date()
        return EventTimes(True, day, day + _DAY, opens, due)
    end = due if due is not None and due > opens else opens + _NO_DUE
    return EventTimes(False, opens, end, opens, due)


def _local_text(moment: dt.datetime, tz: ZoneInfo) -> str:
    local = moment.astimezone(tz)
    return f"{local:%a} {local.day} {local:%b %Y, %H:%M} ({tz.key})"


def _description(window: Window, times: EventTimes | None = None,
                 tz: ZoneInfo | None = None) -> str:
    tz = tz or _UTC_ZONE
    lines = [f"{window.role} at {window.company}."]
    what = dict(window.extra).get("what")
    if what:
        lines.append(f"Promised: {what}.")
    if window.recipient:
        lines.append(f"To: {window.recipient}" + (f" <{window.to}>" if window.to else ""))
    elif window.to:
        lines.append(f"To: {window.to}")
    if times is not None:
        lines.append(f"Opens: {_local_text(times.alarm, tz)}")
        if times.due is not None:
            lines.append(f"Due: {_local_text(times.due, tz)}")
    if window.late_until is not None:
        lines.append("Still worth sending if late.")
    lines.append("Open Followup to draft it.")
    return "\n".join(lines)


def _utc(value: dt.datetime) -> dt.datetime:
    if value.tzinfo is None:
        raise DraftError("calendar times need a time zone")
    return value.astimezone(dt.UTC)


def default_uid(window: Window) -> str:
    """The UID of a window that has no stored one (a caller without a store)."""
    return f"{window.key}@{UID_DOMAIN}"


def window_event(window: Window, now: dt.datetime, *, tz: ZoneInfo | None = None,
                 uid: str | None = None) -> Event:
    """One window's VEVENT (see the module docstring)."""
    tz = tz or _UTC_ZONE
    times = event_times(window, now, tz)
    event = Event()
    event.add("uid", uid or default_uid(window))
    event.add("dtstamp", _utc(now).replace(microsecond=0))
    event.add("dtstart", times.start)
    event.add("dtend", times.end)
    event.add("summary", summary(window))
    event.add("description", _description(window, times, tz))
    event.add("categories", ["Follow-up"])
    event.add("transp", "TRANSPARENT")
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", summary(window))
    if times.all_day:
        # relative to the day's start where the phone is; the exact span from the
        # profile zone's midnight (a DST day is 23 or 25 hours long)
        assert isinstance(times.start, dt.date)
        midnight = dt.datetime.combine(times.start, dt.time(), tz)
        alarm.add("trigger", times.alarm - midnight.astimezone(dt.UTC))
    else:
        alarm.add("trigger", dt.timedelta(0))
    event.add_component(alarm)
    return event


def new_calendar(name: str = "Follow-ups") -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    return cal


def build_calendar(windows: Iterable[Window], now: dt.datetime, *,
                   tz: ZoneInfo | None = None,
                   uids: Mapping[str, str] | None = None) -> bytes:
    """The windows as an iCalendar (RFC 5545) document. ``uids``: the stored UID of each
    window key (``Store.window_uids``); ``tz``: the profile's zone."""
    cal = new_calendar()
    uids = uids or {}
    seen: set[str] = set()
    for window in windows:
        if window.key in seen:
            continue
        seen.add(window.key)
        cal.add_component(window_event(window, now, tz=tz, uid=uids.get(window.key)))
    data: bytes = cal.to_ical()
    return data


def write_ics(windows: Iterable[Window], path: Path, now: dt.datetime, *,
              tz: ZoneInfo | None = None, uids: Mapping[str, str] | None = None) -> Path:
    """Write the calendar to ``path`` atomically (the user chose the file: it is replaced)."""
    data = build_calendar(windows, now, tz=tz, uids=uids)
    try:
        return write_replace(path, data)
    except OSError as exc:
        raise DraftError(f"Cannot write {path}: {exc.strerror or exc}.") from None
