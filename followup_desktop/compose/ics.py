"""Follow-up windows as an iCalendar file, for the user's phone calendar.

One VEVENT per window: it starts when the window opens and ends when it is due (or one hour
later when it has no due time), with a stable UID made from the window's key (so a second
export updates the same events instead of duplicating them) and a DISPLAY alarm at the start.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

from icalendar import Alarm, Calendar, Event

from followup_desktop.compose.files import write_replace
from followup_desktop.compose.model import DraftError
from followup_desktop.records import Kind, Window

PRODID = "-//Followup//followup-desktop//EN"
UID_DOMAIN = "followup-desktop.invalid"
_NO_DUE = dt.timedelta(hours=1)


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


def _description(window: Window) -> str:
    lines = [f"{window.role} at {window.company}."]
    what = dict(window.extra).get("what")
    if what:
        lines.append(f"Promised: {what}.")
    if window.to:
        lines.append(f"To: {window.to}")
    if window.late_until is not None:
        lines.append("Still worth sending if late.")
    lines.append("Open Followup to draft it.")
    return "\n".join(lines)


def _utc(value: dt.datetime) -> dt.datetime:
    if value.tzinfo is None:
        raise DraftError("calendar times need a time zone")
    return value.astimezone(dt.UTC)


def build_calendar(windows: Iterable[Window], now: dt.datetime) -> bytes:
    """The windows as an iCalendar (RFC 5545) document."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", "Follow-ups")
    stamp = _utc(now).replace(microsecond=0)
    seen: set[str] = set()
    for window in windows:
        if window.key in seen:
            continue
        seen.add(window.key)
        start = _utc(window.opens_at).replace(microsecond=0)
        end = _utc(window.due_at).replace(microsecond=0) if window.due_at else None
        if end is None or end <= start:
            end = start + _NO_DUE
        event = Event()
        event.add("uid", f"{window.key}@{UID_DOMAIN}")
        event.add("dtstamp", stamp)
        event.add("dtstart", start)
        event.add("dtend", end)
        event.add("summary", summary(window))
        event.add("description", _description(window))
        event.add("categories", ["Follow-up"])
        event.add("transp", "TRANSPARENT")
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", summary(window))
        alarm.add("trigger", dt.timedelta(0))
        event.add_component(alarm)
        cal.add_component(event)
    data: bytes = cal.to_ical()
    return data


def write_ics(windows: Iterable[Window], path: Path, now: dt.datetime) -> Path:
    """Write the calendar to ``path`` atomically (the user chose the file: it is replaced)."""
    data = build_calendar(windows, now)
    try:
        return write_replace(path, data)
    except OSError as exc:
        raise DraftError(f"Cannot write {path}: {exc.strerror or exc}.") from None
