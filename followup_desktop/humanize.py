"""Words for times and windows, shared by the command line, the table and the tray."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from followup_desktop.records import FollowupWindow, WindowState


def relative(target: dt.datetime, now: dt.datetime, tz: dt.tzinfo) -> str:
    """``in 20 min``, ``in 5 h`` (later today), ``tomorrow``, ``in 3 days``, ``2 h ago``,
    ``yesterday``. Days are calendar days on the wall clock of ``tz``: a moment next
    Wednesday is ``in 7 days`` whatever its hour; under an hour away is in minutes."""
    return relative_seconds((target - now).total_seconds(),
                            days_between(now.astimezone(tz).date(), target, tz))


_DAY_US = 86_400 * 10**6
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


class DayCounter:
    """:func:`relative` and :func:`overdue_by` of moments as microseconds since the epoch,
    as of ``now`` in ``tz``: for the table's columns, thousands of rows at a time. A UTC
    day's offset is looked up once (a day with a change of offset is read moment by
    moment)."""

    def __init__(self, now: dt.datetime, tz: dt.tzinfo) -> None:
        self.tz = tz
        self.now_us = (now - _EPOCH) // dt.timedelta(microseconds=1)  # as agenda.to_us
        self.today = now.astimezone(tz).date().toordinal()
        self._offsets: dict[int, int | None] = {}
        self._epoch_day = dt.date(1970, 1, 1).toordinal()

    def _offset_us(self, day: int) -> int | None:
        """The zone's offset all through UTC day ``day`` (None: it changes that day)."""
        if day not in self._offsets:
            start = _EPOCH + dt.timedelta(days=day)
            a = self.tz.utcoffset(start.astimezone(self.tz))
            b = self.tz.utcoffset((start + dt.timedelta(days=1, microseconds=-1))
                                  .astimezone(self.tz))
            same = a is not None and a == b
            self._offsets[day] = a // dt.timedelta(microseconds=1) if same and a else (
                0 if same else None)
        return self._offsets[day]

    def days(self, target_us: int) -> int:
        """Calendar days from today to the local date of ``target_us``."""
        offset = self._offset_us(target_us // _DAY_US)
        if offset is None:
            return days_between_us(dt.date.fromordinal(self.today), target_us, self.tz)
        return self._epoch_day + (target_us + offset) // _DAY_US - self.today

    def relative(self, target_us: int) -> str:
        return relative_seconds((target_us - self.now_us) / 10**6, self.days(target_us))

    def overdue_by(self, due_us: int) -> str:
        return _amount(abs(self.now_us - due_us) / 10**6, abs(self.days(due_us)))




def days_between(today: dt.date, target: dt.datetime, tz: dt.tzinfo) -> int:
    """Calendar days from ``today`` to the local date of ``target`` (negative: before)."""
    return (target.astimezone(tz).date() - today).days


def days_between_us(today: dt.date, target_us: int, tz: dt.tzinfo) -> int:
    local = dt.datetime.fromtimestamp(target_us / 10**6, tz)
    return (local.date() - today).days


def relative_seconds(seconds: float, days: int) -> str:
    """:func:`relative` of a moment ``seconds`` from now (negative: past) that falls
    ``days`` calendar days from today."""
    future = seconds >= 0
    amount = _amount(abs(seconds), abs(days))
    if amount == "under a minute":
        return "in under a minute" if future else "under a minute ago"
    if amount == "1 day":
        return "tomorrow" if future else "yesterday"
    return f"in {amount}" if future else f"{amount} ago"


def overdue_by(due: dt.datetime, now: dt.datetime, tz: dt.tzinfo) -> str:
    """``20 min``, ``3 h`` (earlier today), ``1 day`` (yesterday), ``4 days``: how long
    ago ``due`` was, in the same counts as :func:`relative`."""
    today = now.astimezone(tz).date()
    return _amount(abs((now - due).total_seconds()), abs(days_between(today, due, tz)))


def _amount(s: float, days: int) -> str:
    if s < 60:
        return "under a minute"
    if s < 3600:
        return f"{int(s // 60)} min"
    if days == 0:
        return f"{int(s // 3600)} h"
    if days == 1:
        return "1 day"
    if days < 14:
        return f"{days} days"
    if days < 60:
        return f"{days // 7} weeks"
    return f"{days // 30} months"


def local_when(value: dt.datetime, tz: ZoneInfo, now: dt.datetime | None = None) -> str:
    """``Mon 23 Nov 14:00`` in the profile's zone (the year when it is not this year's)."""
    local = value.astimezone(tz)
    if now is not None and local.year != now.astimezone(tz).year:
        return local.strftime("%a %d %b %Y %H:%M")
    return local.strftime("%a %d %b %H:%M")


def window_phrase(w: FollowupWindow, now: dt.datetime, tz: dt.tzinfo) -> str:
    """``Thank-you due in 5 h``, ``Check-in overdue by 2 days``, ``Debrief opens
    tomorrow`` (days counted on the calendar of ``tz``, see :func:`relative`)."""
    label = w.kind.label
    if w.state is WindowState.SNOOZED and w.snoozed_until is not None:
        return f"{label} snoozed, back {relative(w.snoozed_until, now, tz)}"
    if w.state is WindowState.UPCOMING:
        return f"{label} opens {relative(w.opens_at, now, tz)}"
    if w.state is WindowState.EXPIRED:
        return f"{label} too late"
    if w.state is WindowState.OVERDUE and w.due_at is not None:
        return f"{label} overdue by {overdue_by(w.due_at, now, tz)}"
    if w.due_at is not None:
        return f"{label} due {relative(w.due_at, now, tz)}"
    return f"{label} open"


_MARKUP = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;",
                         "'": "&#x27;"})
_MARKUP_TEXT = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})


def escape_markup(text: str, *, quote: bool = True) -> str:
    """``html.escape``, for the rich text of labels and notifications. The :mod:`html`
    package loads its whole entity table (2,000 names) to offer ``unescape``, which
    Followup never needs on the way to its first window."""
    return text.translate(_MARKUP if quote else _MARKUP_TEXT)
