"""Time, injected: the core never calls ``datetime.now()`` itself."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

UTC = dt.UTC

Clock = Callable[[], dt.datetime]


def system_clock() -> dt.datetime:
    return dt.datetime.now(UTC)


def fixed_clock(at: dt.datetime) -> Clock:
    if at.tzinfo is None:
        raise ValueError("a clock needs an aware date-time")
    return lambda: at.astimezone(UTC)


def monotonic() -> float:
    return time.monotonic()


def machine_zone_name() -> str:
    """The IANA name of the machine's zone when it can be found, else ``UTC``."""
    import os
    from pathlib import Path

    tz = os.environ.get("TZ", "").lstrip(":")
    if tz and _valid_zone(tz):
        return tz
    try:
        target = Path("/etc/localtime").resolve()
        parts = target.parts
        if "zoneinfo" in parts:
            name = "/".join(parts[parts.index("zoneinfo") + 1:])
            if _valid_zone(name):
                return name
    except OSError:
        pass
    try:
        name = Path("/etc/timezone").read_text().strip()
        if _valid_zone(name):
            return name
    except OSError:
        pass
    return "UTC"


def _valid_zone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def zone(name: str | None) -> ZoneInfo:
    """The profile's zone (an IANA name); empty means the machine's zone."""
    return ZoneInfo(name or machine_zone_name())


def parse_aware(text: str) -> dt.datetime:
    """An ISO 8601 date-time with an offset (``Z`` allowed), as aware UTC; ``ValueError``."""
    value = dt.datetime.fromisoformat(text.strip())
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError("not an ISO 8601 date-time with an offset")
    return value.astimezone(UTC)


def iso_z(value: dt.datetime | None) -> str | None:
    if value is None:
        return None
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def last_full_hour(now: dt.datetime, tz: dt.tzinfo, length_minutes: int = 0) -> dt.datetime:
    """The latest full hour on the wall clock of ``tz`` (UTC) at which a round of
    ``length_minutes`` has already ended by ``now``: a round that just happened is logged
    without editing its time, and is not "in progress" (14:19 with 60 min gives 13:00, and
    so does 14:00). In a zone 30 or 45 minutes off UTC, "full" is local (10:00 in Kolkata,
    not 10:30)."""
    latest = now - dt.timedelta(minutes=max(0, length_minutes))
    local = latest.astimezone(tz).replace(minute=0, second=0, microsecond=0)
    return local.astimezone(dt.UTC)
