"""Calendar invites (``.ics``) as Google Calendar, Outlook, Zoom and Teams send them → rounds.

:func:`parse_invite` turns the bytes of an invite into :class:`InviteGuess` records — the
round's time in its own zone, the people (minus the user), a guess of company, role and
format — without touching the database. Saving a guess (and updating the round imported
from the same invite UID before) is :mod:`followup_desktop.services.imports`.

Parsing uses the ``icalendar`` package. Every problem with the file raises
:class:`~followup_desktop.importers.errors.ImportFileError` with a message for the user.
"""

from __future__ import annotations

import datetime as dt
import re
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from followup_desktop.importers.errors import ImportFileError, InviteCancelled
from followup_desktop.names import natural_name
from followup_desktop.records import (
    SPAN_REASON,
    Format,
    InterviewSpec,
    PersonSpec,
    in_span,
)

UTC = dt.UTC
MAX_BYTES = 5 * 1024 * 1024
ALL_DAY_HOUR = 9  # an all-day invite becomes a round at 09:00 local time, flagged for review
DEFAULT_MINUTES = 60

# --- time zones ------------------------------------------------------------------------------

try:  # icalendar ships CLDR's Windows → IANA table (what Outlook writes in TZID)
    from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON as _WINDOWS
except ImportError:  # pragma: no cover - older icalendar
    _WINDOWS = {}

_WINDOWS_FALLBACK = {
    "Pacific Standard Time": "America/Los_Angeles",
    "Mountain Standard Time": "America/Denver",
    "Central Standard Time": "America/Chicago",
    "Eastern Standard Time": "America/New_York",
    "GMT Standard Time": "Europe/London",
    "W. Europe Standard Time": "Europe/Berlin",
    "Romance Standard Time": "Europe/Paris",
    "Central Europe Standard Time": "Europe/Budapest",
    "India Standard Time": "Asia/Calcutta",
    "China Standard Time": "Asia/Shanghai",
    "Tokyo Standard Time": "Asia/Tokyo",
    "AUS Eastern Standard Time": "Australia/Sydney",
    "UTC": "UTC",
}
WINDOWS_ZONES: dict[str, str] = {**_WINDOWS_FALLBACK, **_WINDOWS}
_WINDOWS_LOWER = {k.lower(): v for k, v in WINDOWS_ZONES.items()}
_UTC_NAMES = {"utc", "gmt", "z", "etc/utc", "etc/gmt", "coordinated universal time", "zulu"}


def _zoneinfo(name: str) -> ZoneInfo | None:
    """The zone of a name the tz database's table knows; nothing else reaches the loader
    (``ics_guard``: a TZID is never raw text to a function that opens files)."""
    from followup_desktop.importers.ics_guard import known_zones

    if not name or len(name) > 100:
        return None
    known = known_zones().get(name.lower())
    if known is None or known != name and known.lower() != name.lower():
        return None
    try:
        return ZoneInfo(known)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None


def iana_zone(tzid: str) -> ZoneInfo | None:
    """The IANA zone a TZID means: an IANA name, a Windows name (``Pacific Standard
    Time``), a Mozilla-style path (``/mozilla.org/20050126_1/America/New_York``), or
    ``None`` when the name is unknown. Mapped through the table of known names only."""
    from followup_desktop.importers.ics_guard import map_tzid

    mapped = map_tzid(tzid)
    return _zoneinfo(mapped) if mapped else None


#: Our names for the unknown TZIDs of the invite being read → as the file wrote them.
_ORIGINAL_TZID: ContextVar[dict[str, str]] = ContextVar("followup_invite_tzids", default={})  # noqa: B039 - never mutated

_UTC_OFFSET = re.compile(r"\(\s*(?:UTC|GMT)\s*([+-])(\d{1,2}):?(\d{2})\s*\)", re.I)


def _offset_zone(tzid: str) -> dt.tzinfo | None:
    """Old Outlook names such as ``(UTC-08:00) Pacific Time (US & Canada)``: a fixed offset."""
    m = _UTC_OFFSET.search(tzid)
    if not m:
        return None
    sign = -1 if m.group(1) == "-" else 1
    hours, minutes = int(m.group(2)), int(m.group(3))
    if hours > 14 or minutes >= 60:
        return None
    return dt.timezone(sign * dt.timedelta(hours=hours, minutes=minutes))


# --- records ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class InvitePerson:
    """Someone on the invite (not the user): the organizer or an attendee."""

    name: str
    email: str | None
    organizer: bool = False


@dataclass(frozen=True, slots=True)
class InviteGuess:
    """What one invite says, and Followup's guesses; the preview dialog may change any field."""

    uid: str | None
    summary: str
    start: dt.datetime  # aware UTC
    duration_minutes: int
    zone_name: str  # the zone the invite was written in (IANA name, "UTC", or the TZID)
    company: str = ""
    role: str = ""
    format: Format = Format.VIDEO
    people: tuple[InvitePerson, ...] = ()
    location: str = ""
    url: str = ""
    description: str = ""
    all_day: bool = False
    recurring: bool = False
    cancelled: bool = False
    sequence: int = 0
    notes: tuple[str, ...] = field(default=())  # what the user should check, in words

    @property
    def end(self) -> dt.datetime:
        return self.start + dt.timedelta(minutes=self.duration_minutes)

    def round_notes(self) -> str:
        """The round's notes: where the invite came from, where it happens, its text."""
        lines = [f"From the invite “{self.summary}”." if self.summary else "From an invite."]
        if self.location:
            lines.append(f"Location: {self.location}")
        if self.url and self.url not in self.location:
            lines.append(f"Link: {self.url}")
        desc = _clean_description(self.description)
        if desc:
            lines += ["", desc]
        return "\n".join(lines)

    def interview_spec(self) -> InterviewSpec:
        interviewers = tuple(
            PersonSpec(name=p.name, email=p.email, main_contact=(i == 0))
            for i, p in enumerate(_main_first(self.people))
        )
        return InterviewSpec(start=self.start, duration_minutes=self.duration_minutes,
                             format=self.format, notes=self.round_notes(),
                             interviewers=interviewers, uid=self.uid)


def _main_first(people: tuple[InvitePerson, ...]) -> list[InvitePerson]:
    """The organizer (usually the recruiter or the interviewer) first: the main contact."""
    return sorted(people, key=lambda p: not p.organizer)


def _clean_description(text: str, limit: int = 1500) -> str:
    """The invite's text without Teams/Zoom boilerplate rulers; capped."""
    lines = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        stripped = line.strip()
        if re.fullmatch(r"[_\-=~.*·]{4,}", stripped):
            continue
        if stripped.startswith("-::~:~::") or stripped.endswith("::~:~::-"):
            continue
        lines.append(line.rstrip())
    out = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    if len(out) > limit:
        out = out[:limit].rstrip() + " …"
    return out


# --- people ----------------------------------------------------------------------------------


def _email_of(address: Any) -> str | None:
    text = str(address or "").strip()
    if text.lower().startswith("mailto:"):
        text = text[7:]
    text = text.strip().strip("<>").strip()
    if not text or "@" not in text or any(c in text for c in " \r\n\t,;\x00"):
        return None
    try:
        from followup_desktop.interchange import FormatError, normalize_email

        return normalize_email(text)
    except FormatError:
        return None


def _single_line(text: str, limit: int = 200) -> str:
    return " ".join(str(text).split())[:limit]


def _invite_name(raw: Any) -> str:
    """A ``CN`` through the one rule for names (``guards.check_line``, the JSON path's):
    encoded words decoded, invisible characters dropped; a name that still holds a line
    break or a control character (``Dana\nBcc: x@y``) is not used (the address names
    the person instead)."""
    from followup_desktop.guards import FieldError, check_line

    text = str(raw)[:2000]
    try:
        return check_line(text, "the name", max_len=2000)[:200].strip().strip("'\"").strip()
    except FieldError:
        return ""


def name_from_email(email: str) -> str:
    """``dana.whitfield@x`` → ``Dana Whitfield`` (a stand-in when the invite has no CN)."""
    local = email.split("@", 1)[0]
    local = local.split("+", 1)[0]
    parts = [p for p in re.split(r"[._\-]+", local) if p and not p.isdigit()]
    return " ".join(p.capitalize() for p in parts) or local


def _people(event: Any, own_emails: set[str], own_names: set[str]) -> tuple[InvitePerson, ...]:
    found: dict[str, InvitePerson] = {}
    entries: list[tuple[Any, bool]] = []
    org = event.get("ORGANIZER")
    if org is not None:
        entries.append((org, True))
    attendees = event.get("ATTENDEE")
    if attendees is not None:
        if not isinstance(attendees, list):
            attendees = [attendees]
        entries += [(a, False) for a in attendees]
    own = {e.lower() for e in own_emails if e}
    names = {" ".join(n.lower().split()) for n in own_names if n and n.strip()}
    from followup_desktop.importers.ics_guard import MAX_PEOPLE

    for address, is_org in entries:
        if len(found) >= MAX_PEOPLE:  # an interview has a few; the rest are not read
            break
        params = getattr(address, "params", {}) or {}
        if str(params.get("CUTYPE", "")).upper() in ("ROOM", "RESOURCE"):
            continue
        email = _email_of(address)
        cn = _invite_name(params.get("CN", "") or "")
        if cn and "@" in cn and email and cn.lower().strip("<>") == email.lower():
            cn = ""
        if email and email.lower() in own:
            continue
        if cn and (" ".join(cn.lower().split()) in names
                   or natural_name(cn).lower() in names):
            continue
        if email is None and not cn:
            continue
        name = natural_name(cn) if cn else name_from_email(email or "")
        key = (email or name).lower()
        if key in found:
            if is_org and not found[key].organizer:
                found[key] = replace(found[key], organizer=True)
            continue
        found[key] = InvitePerson(name=name, email=email, organizer=is_org)
    return tuple(found.values())


# --- company and role from the summary -------------------------------------------------------

FREE_MAIL = {
    "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com", "msn.com",
    "yahoo.com", "ymail.com", "icloud.com", "me.com", "mac.com", "aol.com", "proton.me",
    "protonmail.com", "pm.me", "gmx.com", "gmx.de", "gmx.net", "web.de", "mail.com",
    "yandex.com", "yandex.ru", "mail.ru", "qq.com", "163.com", "126.com", "fastmail.com",
    "hey.com", "zoho.com", "tutanota.com",
}
SCHEDULER_DOMAINS = {
    "google.com", "calendar.google.com", "zoom.us", "calendly.com", "greenhouse.io",
    "lever.co", "hire.lever.co", "goodtime.io", "workday.com", "myworkday.com",
    "smartrecruiters.com", "ashbyhq.com", "icims.com", "gem.com", "modernloop.io",
    "teams.microsoft.com", "resource.calendar.google.com", "group.calendar.google.com",
    "cronofy.com", "prelude.co", "yello.co", "jobvite.com", "bamboohr.com", "personio.de",
    "recruitee.com", "teamtailor.com", "workable.com", "hirevue.com",
}
_SECOND_LEVEL = {"co", "com", "ac", "org", "net", "gov", "edu", "ne", "or"}

_PREFIX = re.compile(
    r"^\s*(?:(?:updated\s+)?invitation(?:\s+updated)?|new\s+event|accepted|declined|tentative|"
    r"tentatively\s+accepted|cancell?ed(?:\s+event)?|event\s+cancell?ed|fwd?|re|aw|wg|"
    r"reminder|rescheduled|updated)\s*:\s*", re.I)
_GOOGLE_WHEN = re.compile(r"\s+@\s+(?:mon|tue|wed|thu|fri|sat|sun)\w*\b.*$", re.I)
_TRAILING_EMAIL = re.compile(r"\s*\([^()]*@[^()]*\)\s*$")
_NOISE = re.compile(
    r"\b(?:\d+(?:st|nd|rd|th)?\s*(?:round|interview)|round\s*\d+|"
    r"\d+\s*(?:-\s*)?(?:min|mins|minutes?|hrs?|hours?)\b(?:\s+(?:meeting|call|chat|interview))?|"
    r"first|second|third|fourth|final|initial|next|follow[- ]?up|"
    r"hiring\s+manager\s+(?:interview|call|chat|screen|conversation)|"
    r"recruiter\s+(?:call|chat|screen|screening|conversation|interview)|"
    r"phone\s+screen(?:ing)?|phone\s+call|phone\s+interview|video\s+call|video\s+interview|"
    r"technical|tech|onsite|on-site|in[- ]person|virtual|remote|"
    r"interviews?|interviewing|screening|screen|call|chat|conversation|meeting|meet|sync|"
    r"intro(?:duction|ductory)?|panel|loop|debrief|coffee|catch[- ]?up|discussion|"
    r"zoom|microsoft\s+teams|teams|google\s+meet|webex|skype|hangouts?|"
    r"case\s+study|system\s+design|coding|pair(?:ing)?\s+programming|take[- ]home(?:\s+review)?|"
    r"culture(?:\s+fit)?|behaviou?ral|hr|"
    r"vorstellungsgespräch|bewerbungsgespräch|telefoninterview|gespräch|kennenlernen|"
    r"entretien|entrevista|colloquio|sollicitatiegesprek|"
    r"position|opportunity|job|role|vacancy|"
    r"between|with|for|and|the|our|your|a|an|re|invite|invitation|event)\b",
    re.I)
_ROLE_WORDS = re.compile(
    r"\b(?:engineer(?:ing)?|developer|programmer|manager|analyst|designer|scientist|architect|"
    r"lead|director|head\s+of|vp|vice\s+president|president|chief|cto|ceo|cfo|intern(?:ship)?|"
    r"specialist|consultant|administrator|admin|coordinator|officer|accountant|writer|editor|"
    r"researcher|technician|associate|assistant|representative|recruiter|sre|devops|qa|tester|"
    r"product\s+owner|scrum\s+master|nurse|teacher|marketer|marketing|sales|support|"
    r"operations|strategist|counsel|lawyer|paralegal|economist|statistician|librarian|"
    r"pharmacist|physician|therapist|fellow|apprentice|trainee|executive|advisor|adviser|"
    r"entwickler(?:in)?|ingenieur(?:in)?|berater(?:in)?|werkstudent(?:in)?|"
    r"full[- ]?stack|front[- ]?end|back[- ]?end|data|software|staff|senior|junior|principal)\b",
    re.I)
_SPLIT = re.compile(r"\s+[-–—|/~•·]\s+|\s*<>\s*|\s*[–—|:()\[\]{}«»\"“”]\s*|\s+x\s+|\s*,\s+")


def company_from_domain(email: str | None) -> str:
    """``dana@mail.northwind-analytics.com`` → ``Northwind Analytics``; ``""`` for free-mail
    and scheduling services."""
    if not email or "@" not in email:
        return ""
    domain = email.rsplit("@", 1)[1].lower().strip(".")
    if domain in FREE_MAIL or domain in SCHEDULER_DOMAINS:
        return ""
    if any(domain.endswith("." + d) for d in SCHEDULER_DOMAINS):
        return ""
    labels = [lb for lb in domain.split(".") if lb]
    if len(labels) < 2:
        return ""
    labels = labels[:-1]  # the top-level domain
    if len(labels) >= 2 and labels[-1] in _SECOND_LEVEL:
        labels = labels[:-1]  # co.uk, com.au
    name = labels[-1]
    if name.lower() in ("mail", "email", "corp", "example") or len(name) < 2:
        return ""
    words = re.split(r"[-_]+", name)
    return " ".join(w.upper() if len(w) <= 3 and not re.search(r"[aeiou]", w) else
                    w.capitalize() for w in words if w)


def _tidy(text: str) -> str:
    text = " ".join(text.split())
    return text.strip(" -–—|/:,.;&+@#*'\"").strip()


def _clean_segment(text: str, names: list[str]) -> str:
    for name in names:
        if name:
            text = re.sub(r"(?<!\w)" + re.escape(name) + r"(?!\w)(?:'s)?", " ", text, flags=re.I)
    text = _NOISE.sub(" ", text)
    text = re.sub(r"[@&+]", " ", text)
    return _tidy(text)


_GENDER = re.compile(r"\(\s*[mwfdx]\s*/\s*[mwfdx]\s*(?:/\s*[mwfdx*]\s*)?\)|\(\s*all genders\s*\)",
                     re.I)


def _strip_summary(summary: str) -> str:
    text = " ".join(_GENDER.sub(" ", summary).split())
    for _ in range(3):
        new = _PREFIX.sub("", text)
        if new == text:
            break
        text = new
    text = _GOOGLE_WHEN.sub("", text)
    text = _TRAILING_EMAIL.sub("", text)
    return text.strip()


def guess_company_role(summary: str, people: tuple[InvitePerson, ...] = (),
                       own_names: set[str] | frozenset[str] = frozenset(),
                       own_emails: set[str] | frozenset[str] = frozenset()) -> tuple[str, str]:
    """Company and role from an invite's summary (``Interview: Data Engineer at Northwind``,
    ``Northwind <> Ada Park — Data Engineer``); the organizer's mail domain names the
    company when the summary does not (``Zoom meeting``). ``""`` when unknown."""
    names = sorted({n for n in own_names if n} | {p.name for p in people if p.name}
                   | {n.split()[0] for n in own_names if n and len(n.split()) > 1}
                   | {p.name.split()[0] for p in people if len(p.name.split()) > 1},
                   key=len, reverse=True)
    text = _strip_summary(summary)
    roles: list[str] = []
    companies: list[str] = []
    for raw in _SPLIT.split(text):
        if not raw or not raw.strip():
            continue
        seg = raw.strip()
        # "Data Engineer at Northwind", "Data Engineer @ Northwind"
        m = re.match(r"^(.*?)(?:^|\s+)(?:at|@|bei|chez)\s+(.+)$", seg, re.I)
        if m:
            left, right = _clean_segment(m.group(1), names), _clean_segment(m.group(2), names)
            if left:
                (roles if _ROLE_WORDS.search(left) or not roles else companies).append(left)
            if right:
                companies.insert(0, right)
            continue
        # "Interview for Data Engineer" / "Phone screen with Northwind"
        m = re.match(r"^(.*?)\b(?:for|with)\s+(.+)$", seg, re.I)
        parts = [m.group(1), m.group(2)] if m else [seg]
        for part in parts:
            cleaned = _clean_segment(part, names)
            if not cleaned or not re.search(r"[^\W\d_]", cleaned):
                continue
            if _ROLE_WORDS.search(cleaned):
                roles.append(cleaned)
            else:
                companies.append(cleaned)
    domain_names = [company_from_domain(p.email) for p in _main_first(people)
                    if p.email and p.email.lower() not in {e.lower() for e in own_emails}]
    domain_names = [d for d in domain_names if d]
    company = ""
    for cand in companies:  # prefer what matches the organizer's domain
        key = re.sub(r"\W", "", cand.lower())
        if any(re.sub(r"\W", "", d.lower()) in key or key in re.sub(r"\W", "", d.lower())
               for d in domain_names if key):
            company = cand
            break
    if not company and companies:
        company = companies[0]
    if not company and domain_names:
        company = domain_names[0]
    role = roles[0] if roles else ""
    if not role and len(companies) > 1:
        others = [c for c in companies if c != company]
        role = others[0] if others else ""
    return company[:200], role[:200]


# --- format ----------------------------------------------------------------------------------

_VIDEO = re.compile(
    r"zoom\.us/|zoomgov\.com/|teams\.microsoft\.com|teams\.live\.com|meet\.google\.com|"
    r"webex\.com|whereby\.com|meet\.jit\.si|gotomeet|chime\.aws|bluejeans\.com|skype\.com|"
    r"\bmicrosoft teams\b|\bgoogle meet\b|\bzoom\b|\bwebex\b|\bvideo\b", re.I)
_PHONE_NUMBER = re.compile(r"(?:\+|\b00)?\(?\d[\d ().\-/]{6,}\d")
_ADDRESS = re.compile(
    r"\b\d{1,5}\s+\w+|\b(?:street|st\.|avenue|ave\.?|road|rd\.|blvd|boulevard|lane|drive|"
    r"suite|floor|building|bldg|room|office|campus|hq|headquarters|straße|strasse|str\.|"
    r"platz|weg|rue|via|calle)\b", re.I)


def guess_format(summary: str, location: str, url: str, description: str,
                 people_count: int = 0) -> Format:
    """Video for a Zoom/Teams/Meet link, phone for a number or a call, onsite for an
    address; what the summary says explicitly wins."""
    s = summary.lower()
    if re.search(r"\bpanel\b", s):
        return Format.PANEL
    if re.search(r"\bon-?site\b|\bin[- ]person\b|\bin office\b", s):
        return Format.ONSITE
    if re.search(r"\bphone\b|\btelephone\b", s):
        return Format.PHONE
    if _VIDEO.search(s) or _VIDEO.search(location) or _VIDEO.search(url):
        return Format.VIDEO
    loc = location.strip()
    if loc and _PHONE_NUMBER.fullmatch(re.sub(r"^(?:tel:|phone:?|call:?)\s*", "", loc, flags=re.I)):
        return Format.PHONE
    if loc.lower().startswith("tel:"):
        return Format.PHONE
    if _VIDEO.search(description):
        return Format.VIDEO
    if loc and not re.match(r"https?://", loc, re.I) and _ADDRESS.search(loc):
        return Format.ONSITE
    if re.search(r"\bcall\b", s) or re.search(r"\b(?:we|i|they) will call\b|\bcall you\b",
                                             description, re.I):
        return Format.PHONE
    return Format.VIDEO


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

    fallback = tz or zone_of("")
    cals = _parse_calendars(data, name)
    guesses: list[InviteGuess] = []
    seen: dict[str, int] = {}
    for cal in cals:
        method = str(cal.get("METHOD", "") or "").strip().upper()
        events = list(cal.walk("VEVENT"))
        masters = {_text(e, "UID") for e in events if e.get("RECURRENCE-ID") is None}
        for event in events:
            if event.get("RECURRENCE-ID") is not None and _text(event, "UID") in masters:
                continue  # a changed occurrence of a series we read from its master
            guess = _guess_event(event, method, fallback, own_emails, own_names, name)
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


def _guess_event(event: Any, method: str, fallback: ZoneInfo, own_emails: set[str],  # noqa: C901 - one VEVENT's properties in order (times, all-day, UID, people)
                 own_names: set[str] | frozenset[str], name: str) -> InviteGuess:
    summary = _single_line(_text(event, "SUMMARY"), 300)
    label = f"{name} (“{summary}”)" if summary else name
    start_prop = _first(event.get("DTSTART"))
    if start_prop is None:
        raise ImportFileError(f"{label} has no start time (DTSTART); ask the sender for a "
                              "complete invite or add the round by hand")
    bad = [why for prop, why in getattr(event, "errors", ()) if prop in ("DTSTART", "DTEND",
                                                                          "DURATION")]
    if bad:
        raise ImportFileError(f"{label}: its start or end cannot be read ({bad[0]})")
    notes: list[str] = []
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
        if isinstance(end, dt.datetime):
            duration = end - start
        minutes = int(duration.total_seconds() // 60) if duration is not None else 0
        if duration is None:
            minutes = DEFAULT_MINUTES
            notes.append(f"The invite gives no end time: {DEFAULT_MINUTES} minutes assumed.")
        elif not 1 <= minutes <= 24 * 60:
            notes.append(f"The invite's end time is odd ({minutes} minutes): "
                         f"{DEFAULT_MINUTES} minutes assumed.")
            minutes = DEFAULT_MINUTES
    assert isinstance(start, dt.datetime)
    if not in_span(start):
        raise ImportFileError(f"{label}: its start ({start.date().isoformat()}) is outside what "
                              f"Followup keeps: {SPAN_REASON}")
    start_utc = start.astimezone(UTC)

    recurring = event.get("RRULE") is not None or event.get("RDATE") is not None
    if recurring:
        notes.append("A recurring invite: Followup imports its first occurrence only.")
    status = _text(event, "STATUS").strip().upper()
    cancelled = method == "CANCEL" or status == "CANCELLED"

    people = _people(event, own_emails, set(own_names))
    if not people:
        notes.append("Nobody else is on the invite: add the interviewers by hand.")
    location = _single_line(_text(event, "LOCATION"), 500)
    url = _single_line(_text(event, "URL"), 1000)
    for extra in ("X-GOOGLE-CONFERENCE", "X-MICROSOFT-SKYPETEAMSMEETINGURL"):
        if not url and _text(event, extra):
            url = _single_line(_text(event, extra), 1000)
    description = _text(event, "DESCRIPTION")[:20_000]
    if not url:
        m = re.search(r"https://[^\s<>\"']*(?:zoom\.us/j/|teams\.microsoft\.com/l/meetup-join/"
                      r"|meet\.google\.com/)[^\s<>\"']*", description)
        if m:
            url = m.group(0)
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
    return InviteGuess(uid=uid, summary=summary, start=start_utc, duration_minutes=minutes,
                       zone_name=zone_name, company=company, role=role, format=fmt,
                       people=people, location=location, url=url, description=description,
                       all_day=all_day, recurring=recurring, cancelled=cancelled,
                       sequence=sequence, notes=tuple(notes))


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


def zone_for(name: str, default: dt.tzinfo) -> dt.tzinfo:
    """The zone named ``name`` (IANA or Windows), else ``default``."""
    return _zoneinfo(name) or default


__all__ = [
    "ALL_DAY_HOUR",
    "ImportFileError",
    "InviteCancelled",
    "InviteGuess",
    "InvitePerson",
    "company_from_domain",
    "guess_company_role",
    "guess_format",
    "iana_zone",
    "name_from_email",
    "parse_invite",
    "read_invite_file",
    "zone_for",
]
