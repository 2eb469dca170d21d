"""Time zones as invites name them: IANA, Windows (Outlook's TZID), a bare UTC offset."""

from __future__ import annotations

import datetime as dt
import re
from contextvars import ContextVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

UTC = dt.UTC

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


def zone_for(name: str, default: dt.tzinfo) -> dt.tzinfo:
    """The zone named ``name`` (IANA or Windows), else ``default``."""
    return _zoneinfo(name) or default
