"""The bytes of an invite → one :class:`InviteGuess` per meeting (:func:`parse_invite`)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from followup_desktop.importers.errors import ImportFileError
from followup_desktop.importers.invite.guess import InviteGuess
from followup_desktop.importers.invite.people import _people, _single_line
from followup_desktop.importers.invite.summary import guess_company_role, guess_format
from followup_desktop.importers.invite.zones import (
    _ORIGINAL_TZID,
    UTC,
    _offset_zone,
    _zoneinfo,
    iana_zone,
)
from followup_desktop.records import (
    SPAN_REASON,
    in_span,
)

MAX_BYTES = 5 * 1024 * 1024
ALL_DAY_HOUR = 9  # an all-day invite becomes a round at 09:00 local time, flagged for review
DEFAULT_MINUTES = 60
# --- parsing ---------------------------------------------------------------------------------


def _decode(data: bytes) -> str:
    if data.startswith(b"\xff\xfe") or data.startswith(b"\xfe\xff"):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _first(value: Any) -> Any:
    if isinstance(value, list):
        return value[0] if value else None
    return value


def _text(event: Any, name: str) -> str:
    value = _first(event.get(name))
    if value is None:
        return ""
    return str(value).replace("\x00", "")


def _resolve_start(prop: Any, fallback: ZoneInfo, notes: list[str],
                   what: str) -> tuple[dt.datetime | dt.date, str]:
    """The property's value as an aware date-time (or a date, for all-day events) and the
    name of the zone it was written in."""
    try:
        value = prop.dt
    except AttributeError:
        raise ImportFileError(f"its {what} is not a date or time") from None
    if isinstance(value, dt.datetime):
        tzid = str(prop.params.get("TZID", "") or "").strip()
        if tzid:
            zone = iana_zone(tzid)
            tzid = _ORIGINAL_TZID.get().get(tzid, tzid)  # as the file wrote it, for notes
            if zone is not None:
                return value.replace(tzinfo=None).replace(tzinfo=zone), zone.key
            if value.tzinfo is not None and value.utcoffset() is not None:
                return value, tzid  # the invite's own VTIMEZONE rules
            offset = _offset_zone(tzid)
            if offset is not None:
                return value.replace(tzinfo=offset), tzid
            notes.append(f"Unknown time zone “{tzid}”: the time was read in your zone "
                         f"({fallback.key}) — check it.")
            return value.replace(tzinfo=fallback), fallback.key
        if value.tzinfo is not None and value.utcoffset() is not None:
            return value, "UTC" if value.utcoffset() == dt.timedelta(0) else str(value.tzinfo)
        return value.replace(tzinfo=fallback), fallback.key  # floating: the user's zone
    if isinstance(value, dt.date):
        return value, fallback.key
    raise ImportFileError(f"its {what} is not a date or time")


def _parse_calendars(data: bytes, name: str) -> list[Any]:
    import icalendar

    if not isinstance(data, bytes | bytearray):
        raise ImportFileError(f"{name}: expected the bytes of an .ics file")
    if len(data) > MAX_BYTES:
        raise ImportFileError(f"{name} is larger than 5 MB; that is not a calendar invite")
    text = _decode(bytes(data))
    if "\x00" in text:
        raise ImportFileError(f"{name} is not a calendar invite (it holds binary data)")
    if "BEGIN:VCALENDAR" not in text.upper():
        raise ImportFileError(f"{name} is not a calendar invite (no BEGIN:VCALENDAR; "
                              "save the invitation as an .ics file and try again)")
    from followup_desktop.importers.ics_guard import IcsRefused, safe_ics

    try:
        safe = safe_ics(text, name)
    except IcsRefused as exc:
        raise ImportFileError(str(exc)) from None
    text = safe.text
    _ORIGINAL_TZID.set(safe.original)
    try:
        cals = icalendar.Calendar.from_ical(text, multiple=True)
    except (ValueError, KeyError, IndexError, TypeError, AttributeError,
            UnicodeError, RecursionError, OSError) as exc:  # OSError: an absurd TZID
        detail = " ".join(str(exc).split())[:120]
        raise ImportFileError(f"{name} is not a readable calendar invite ({detail})") from None
    cals = [c for c in cals if getattr(c, "name", "") == "VCALENDAR"]
    if not cals:
        raise ImportFileError(f"{name} is not a complete calendar invite "
                              "(BEGIN:VCALENDAR without its END:VCALENDAR)")
    return cals


def parse_invite(data: bytes, own_emails: set[str], *, tz: ZoneInfo | None = None,
                 own_names: set[str] | frozenset[str] = frozenset(),
                 name: str = "The file") -> list[InviteGuess]:
    """Every meeting in an invite, as guesses (one per UID; the first occurrence of a
    recurring one). ``own_emails``/``own_names`` are the user, left out of the people;
    ``tz`` reads floating and all-day times (default: the machine's zone).

    Raises :class:`ImportFileError` for anything that is not a usable invite."""
    from followup_desktop.clock import zone as zone_of
    from followup_desktop.compose.ics import PRODID

    fallback = tz or zone_of("")
    cals = _parse_calendars(data, name)
    guesses: list[InviteGuess] = []
    seen: dict[str, int] = {}
    for cal in cals:
        method = str(cal.get("METHOD", "") or "").strip().upper()
        own = str(cal.get("PRODID", "") or "").strip() == PRODID  # Followup's own export
        events = list(cal.walk("VEVENT"))
        masters = {_text(e, "UID") for e in events if e.get("RECURRENCE-ID") is None}
        for event in events:
            if event.get("RECURRENCE-ID") is not None and _text(event, "UID") in masters:
                continue  # a changed occurrence of a series we read from its master
            guess = _guess_event(event, method, fallback, own_emails, own_names, name)
            if own or _followup_marks(event):
                guess = replace(guess, own_calendar=True)
            key = guess.uid or f"#{len(guesses)}"
            if key in seen:
                i = seen[key]
                if guess.start < guesses[i].start:
                    guesses[i] = guess
                continue
            seen[key] = len(guesses)
            guesses.append(guess)
    if not guesses:
        kinds = sorted({c.name for cal in cals for c in cal.subcomponents} - {"VTIMEZONE"})
        has = f" (it holds {', '.join(kinds)})" if kinds else ""
        raise ImportFileError(f"{name} has no meeting in it: no VEVENT{has}")
    return guesses


def _followup_marks(event: Any) -> bool:
    """A follow-up event Followup wrote, come back through another calendar (a phone's
    export keeps the event but writes its own PRODID): its category and its last line."""
    value = event.get("CATEGORIES")
    cats = {str(c) for item in (value if isinstance(value, list) else [value])
            if item is not None for c in getattr(item, "cats", [item])}
    return "Follow-up" in cats and _text(event, "DESCRIPTION").rstrip().endswith(
        "Open Followup to draft it.")


def _guess_event(event: Any, method: str, fallback: ZoneInfo, own_emails: set[str],
                 own_names: set[str] | frozenset[str], name: str) -> InviteGuess:
    """One VEVENT's guess, its properties in order: the times, the people and places,
    then what the summary says (each step adds the notes the user should read)."""
    summary = _single_line(_text(event, "SUMMARY"), 300)
    label = f"{name} (“{summary}”)" if summary else name
    notes: list[str] = []
    start, zone_name, minutes, all_day = _event_times(event, fallback, label, notes)
    recurring = event.get("RRULE") is not None or event.get("RDATE") is not None
    if recurring:
        notes.append("A recurring invite: Followup imports its first occurrence only.")
    status = _text(event, "STATUS").strip().upper()
    cancelled = method == "CANCEL" or status == "CANCELLED"

    people = _people(event, own_emails, set(own_names))
    if not people:
        notes.append("Nobody else is on the invite: add the interviewers by hand.")
    location = _single_line(_text(event, "LOCATION"), 500)
    description = _text(event, "DESCRIPTION")[:20_000]
    url = _meeting_url(event, description)
    company, role = guess_company_role(summary, people, own_names, own_emails)
    fmt = guess_format(summary, location, url, description, len(people))
    if not company:
        notes.append("Company not found in the invite: fill it in.")
    if not role:
        notes.append("Role not found in the invite: fill it in.")
    try:
        sequence = int(str(_first(event.get("SEQUENCE")) or 0))
    except ValueError:
        sequence = 0
    uid = _single_line(_text(event, "UID"), 1000) or None
    return InviteGuess(uid=uid, summary=summary, start=start, duration_minutes=minutes,
                       zone_name=zone_name, company=company, role=role, format=fmt,
                       people=people, location=location, url=url, description=description,
                       all_day=all_day, recurring=recurring, cancelled=cancelled,
                       sequence=sequence, notes=tuple(notes))


def _event_times(event: Any, fallback: ZoneInfo, label: str, notes: list[str]
                 ) -> tuple[dt.datetime, str, int, bool]:
    """The round's start (UTC), its zone's name, its length in minutes and whether the
    invite was all-day; :class:`ImportFileError` when the start cannot be had."""
    start_prop = _first(event.get("DTSTART"))
    if start_prop is None:
        raise ImportFileError(f"{label} has no start time (DTSTART); ask the sender for a "
                              "complete invite or add the round by hand")
    bad = [why for prop, why in getattr(event, "errors", ()) if prop in ("DTSTART", "DTEND",
                                                                          "DURATION")]
    if bad:
        raise ImportFileError(f"{label}: its start or end cannot be read ({bad[0]})")
    start, zone_name = _resolve_start(start_prop, fallback, notes, "start (DTSTART)")
    all_day = not isinstance(start, dt.datetime)
    end: dt.datetime | dt.date | None = None
    end_prop = _first(event.get("DTEND"))
    if end_prop is not None:
        end, _ = _resolve_start(end_prop, ZoneInfo(zone_name) if _zoneinfo(zone_name)
                                else fallback, notes, "end (DTEND)")
    duration: dt.timedelta | None = None
    dur_prop = _first(event.get("DURATION"))
    if dur_prop is not None and isinstance(getattr(dur_prop, "dt", None), dt.timedelta):
        duration = dur_prop.dt
    if all_day:
        assert isinstance(start, dt.date)
        day = start
        start = dt.datetime.combine(day, dt.time(ALL_DAY_HOUR), tzinfo=fallback)
        zone_name = fallback.key
        minutes = DEFAULT_MINUTES
        notes.append(f"All-day event: Followup set the round to {ALL_DAY_HOUR:02d}:00 on "
                     f"{day:%a %d %b %Y} — set the real time.")
    else:
        assert isinstance(start, dt.datetime)
        minutes = _minutes(start, end, duration, notes)
    assert isinstance(start, dt.datetime)
    if not in_span(start):
        raise ImportFileError(f"{label}: its start ({start.date().isoformat()}) is outside what "
                              f"Followup keeps: {SPAN_REASON}")
    return start.astimezone(UTC), zone_name, minutes, all_day


def _minutes(start: dt.datetime, end: dt.datetime | dt.date | None,
             duration: dt.timedelta | None, notes: list[str]) -> int:
    """A timed round's length: from its end, else its DURATION, else the default."""
    if isinstance(end, dt.datetime):
        duration = end - start
    if duration is None:
        notes.append(f"The invite gives no end time: {DEFAULT_MINUTES} minutes assumed.")
        return DEFAULT_MINUTES
    minutes = int(duration.total_seconds() // 60)
    if not 1 <= minutes <= 24 * 60:
        notes.append(f"The invite's end time is odd ({minutes} minutes): "
                     f"{DEFAULT_MINUTES} minutes assumed.")
        return DEFAULT_MINUTES
    return minutes


def _meeting_url(event: Any, description: str) -> str:
    """The meeting's link: URL, a vendor's own property, else one in the description."""
    url = _single_line(_text(event, "URL"), 1000)
    for extra in ("X-GOOGLE-CONFERENCE", "X-MICROSOFT-SKYPETEAMSMEETINGURL"):
        if not url and _text(event, extra):
            url = _single_line(_text(event, extra), 1000)
    if not url:
        m = re.search(r"https://[^\s<>\"']*(?:zoom\.us/j/|teams\.microsoft\.com/l/meetup-join/"
                      r"|meet\.google\.com/)[^\s<>\"']*", description)
        if m:
            url = m.group(0)
    return url


# --- reading a file ------------------------------------------------------------------------


def read_invite_file(path: Path, own_emails: set[str], *, tz: ZoneInfo | None = None,
                     own_names: set[str] | frozenset[str] = frozenset()) -> list[InviteGuess]:
    """:func:`parse_invite` of the file at ``path`` (at most 5 MB); a file that cannot be read
    raises :class:`ImportFileError` naming it."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ImportFileError(f"{path.name} is larger than 5 MB; that is not a calendar "
                                  "invite")
        data = path.read_bytes()
    except OSError as exc:
        raise ImportFileError(f"cannot read {path}: {exc.strerror or exc}") from None
    return parse_invite(data, own_emails, tz=tz, own_names=own_names, name=path.name)
