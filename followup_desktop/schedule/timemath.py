"""Calendar arithmetic in the profile's zone: "+ N days" keeps the local wall-clock time.

``docs/rules.md``, "Day and hour offsets": "+ N days" keeps the local wall time across a
DST change; "+ N h" is elapsed time (plain ``timedelta`` addition on UTC values). A wall
time that does not exist (spring forward) moves forward by the gap; an ambiguous one (fall
back) takes the first occurrence. Both fall out of ``fold=0`` in :mod:`zoneinfo` (PEP 495):
a gap time is read with the offset before the change, so it lands the gap later.

Every function takes and returns aware UTC date-times.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from followup_desktop.settings import Settings

UTC = dt.UTC
_ONE_DAY = dt.timedelta(days=1)
#: The day steps the settings allow, made once (a timedelta per call adds up over a plan).
_DAYS = {n: dt.timedelta(days=n) for n in range(-1, 400)}
_HOUR_US = 3_600_000_000


def _require_aware(t: dt.datetime) -> None:
    if t.tzinfo is None:
        raise ValueError("an aware date-time is needed")


def add_days_local(t: dt.datetime, days: int, tz: ZoneInfo) -> dt.datetime:
    """``t`` + ``days`` calendar days at the same local wall time, as aware UTC."""
    if t.tzinfo is None:
        raise ValueError("an aware date-time is needed")
    # Aware + timedelta with one tzinfo is wall-clock arithmetic, and gives fold=0.
    step = _DAYS.get(days)
    if step is None:
        step = dt.timedelta(days=days)
    return (t.astimezone(tz) + step).astimezone(UTC)


def add_days(t: dt.datetime, days: int, tz: ZoneInfo | None) -> dt.datetime:
    """:func:`add_days_local` in ``tz``, or elapsed days when no zone is known."""
    if tz is None:
        return t + dt.timedelta(days=days)
    return add_days_local(t, days, tz)


def at_local_time(d: dt.date, hour: int, tz: ZoneInfo, minute: int = 0) -> dt.datetime:
    """``hour``:``minute`` local wall time on date ``d``, as aware UTC (hour 24 = next day 0:00)."""
    # Aware + timedelta with one tzinfo is wall-clock arithmetic, and gives fold=0.
    wall = dt.datetime(d.year, d.month, d.day, tzinfo=tz) + dt.timedelta(hours=hour,
                                                                          minutes=minute)
    return wall.astimezone(UTC)


def defer_to_working_hours(t: dt.datetime, settings: Settings, tz: ZoneInfo) -> dt.datetime:
    """``t`` if it falls Monday-Friday within working hours local, else the next weekday start.

    Working hours are ``[work_day_start_hour, work_day_end_hour)`` local: 09:00 is inside,
    17:00 is outside and moves to the next weekday's 09:00. A time before 09:00 on a
    weekday moves to 09:00 the same day.
    """
    _require_aware(t)
    local = t.astimezone(tz)
    start_hour = settings.work_day_start_hour
    # The local time of day in microseconds, compared with [start, end) hours.
    time_of_day = (((local.hour * 60 + local.minute) * 60 + local.second) * 1_000_000
                   + local.microsecond)
    day = local.date()
    if day.weekday() < 5:
        if start_hour * _HOUR_US <= time_of_day < settings.work_day_end_hour * _HOUR_US:
            return t.astimezone(UTC)
        if time_of_day < start_hour * _HOUR_US:
            return at_local_time(day, start_hour, tz)
    day += _ONE_DAY
    while day.weekday() >= 5:
        day += _ONE_DAY
    return at_local_time(day, start_hour, tz)
