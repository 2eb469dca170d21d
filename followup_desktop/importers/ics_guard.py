"""An ``.ics`` file made safe to hand to icalendar. No Qt.

icalendar looks every ``TZID`` up with ``zoneinfo.ZoneInfo(name)``, which opens a file
named after it (``../../etc/passwd``; a 10,000-character name: "File name too long"), and
expands each ``VTIMEZONE`` rule up to 2038 (``FREQ=SECONDLY``: billions of steps). So before
icalendar reads anything:

* the file's size, its components and its attendees are bounded;
* every ``TZID`` is mapped through a table of known names (the IANA names of the
  installed tz database, Windows names, Mozilla-style prefixes): a known one is replaced
  by its IANA name, an unknown one by a name of our own (``X-FOLLOWUP-…``), so no raw text
  ever reaches a loader that opens files;
* a ``VTIMEZONE`` for a known zone is dropped (the tz database has its rules); one for an
  unknown zone is kept only when its rules are yearly and few, else dropped (the time is
  then read in the user's zone, with a note).
"""

from __future__ import annotations

import functools
import hashlib
import re
from dataclasses import dataclass, field

#: Bounds of the work per invite.
MAX_COMPONENTS = 5_000      # BEGIN: lines (events, alarms, time zones ...)
MAX_MEETINGS = 2_000        # VEVENTs; an interview invite holds a few
MAX_ATTENDEES = 5_000       # ATTENDEE lines in the whole file
MAX_PEOPLE = 100            # people kept per meeting
MAX_TZID = 200              # characters of a TZID that are looked at
MAX_ZONE_RULES = 60         # STANDARD/DAYLIGHT/RRULE/RDATE lines of a kept VTIMEZONE
UNKNOWN_PREFIX = "X-FOLLOWUP-"

_UTC_NAMES = {"utc", "gmt", "z", "etc/utc", "etc/gmt", "coordinated universal time", "zulu"}


class IcsRefused(ValueError):
    """The file is beyond what an invite holds; the message says so in words."""


@functools.lru_cache(maxsize=1)
def known_zones() -> dict[str, str]:
    """Lower-cased name → IANA name: every zone of the tz database, and Windows names."""
    import zoneinfo

    from followup_desktop.importers.invite import WINDOWS_ZONES

    table = {name.lower(): name for name in zoneinfo.available_timezones()}
    for windows, iana in WINDOWS_ZONES.items():
        if iana.lower() in table:
            table.setdefault(windows.lower(), table[iana.lower()])
    for utc in _UTC_NAMES:
        table[utc] = "UTC"
    return table


def map_tzid(tzid: str) -> str | None:
    """The IANA name a TZID means, from the table only (nothing is opened), or ``None``."""
    name = tzid.strip().strip('"').strip()
    if not name or len(name) > MAX_TZID:
        return None
    table = known_zones()
    found = table.get(name.lower())
    if found is not None:
        return found
    # "/mozilla.org/20050126_1/America/New_York": the last one to three parts
    parts = [p for p in name.split("/") if p][-3:]
    for i in range(len(parts)):
        tail = "/".join(parts[i:])
        if "/" in tail and tail.lower() in table:
            return table[tail.lower()]
    return None


@dataclass
class SafeIcs:
    text: str
    #: our name for a TZID → the TZID as the file wrote it (for the notes)
    original: dict[str, str] = field(default_factory=dict)


_UNFOLD = re.compile(r"\r?\n[ \t]")
_TZID_PARAM = re.compile(r'(;TZID=)("[^"\r\n]*"|[^;:\r\n]*)', re.I)
_TZID_PROP = re.compile(r"^(TZID(?:;[^:\r\n]*)?:)(.*)$", re.I | re.M)
_VTIMEZONE = re.compile(r"^BEGIN:VTIMEZONE\r?$.*?^END:VTIMEZONE\r?$\n?", re.I | re.M | re.S)
_BEGIN = re.compile(r"^BEGIN:", re.I | re.M)


def _our_name(raw: str, names: dict[str, str], original: dict[str, str]) -> str:
    value = raw.strip().strip('"')
    if value in names:
        return names[value]
    mapped = map_tzid(value)
    if mapped is None:
        digest = hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()[:20]
        mapped = f"{UNKNOWN_PREFIX}{digest}"
        original[mapped] = value[:MAX_TZID] + ("…" if len(value) > MAX_TZID else "")
    names[value] = mapped
    return mapped


def _keep_zone(block: str, zone_name: str) -> bool:
    """A VTIMEZONE of an unknown zone is kept when its rules cost little to expand."""
    if not zone_name.startswith(UNKNOWN_PREFIX):
        return False  # the tz database has it
    rules = 0
    for line in block.splitlines():
        key = line.split(":", 1)[0].split(";", 1)[0].upper()
        if key in ("RRULE", "RDATE", "BEGIN"):
            rules += 1 + line.count(",")
        if key == "RRULE" and not re.search(r"FREQ=YEARLY", line, re.I):
            return False
    return rules <= MAX_ZONE_RULES


def safe_ics(text: str, name: str = "The file") -> SafeIcs:
    """``text`` bounded and with every TZID mapped (see the module docstring)."""
    text = _UNFOLD.sub("", text)
    components = len(_BEGIN.findall(text))
    if components > MAX_COMPONENTS:
        raise IcsRefused(f"{name} holds {components} calendar entries; an invitation holds "
                         f"a few (at most {MAX_COMPONENTS} are read)")
    meetings = len(re.findall(r"^BEGIN:VEVENT\r?$", text, re.I | re.M))
    if meetings > MAX_MEETINGS:
        raise IcsRefused(f"{name} holds {meetings} meetings; Followup imports invitations of "
                         f"up to {MAX_MEETINGS} (export fewer from your calendar)")
    attendees = len(re.findall(r"^ATTENDEE[;:]", text, re.I | re.M))
    if attendees > MAX_ATTENDEES:
        raise IcsRefused(f"{name} lists {attendees} attendees; an interview invitation "
                         f"lists a few (at most {MAX_ATTENDEES} are read)")
    names: dict[str, str] = {}
    out = SafeIcs("")
    text = _TZID_PARAM.sub(lambda m: m.group(1) + _our_name(m.group(2), names, out.original),
                           text)

    def zone_block(m: re.Match[str]) -> str:
        block = m.group(0)
        prop = _TZID_PROP.search(block)
        if prop is None:
            return ""
        ours = _our_name(prop.group(2), names, out.original)
        if not _keep_zone(block, ours):
            return ""
        return block[:prop.start(2)] + ours + block[prop.end(2):]

    out.text = _VTIMEZONE.sub(zone_block, text)
    return out
