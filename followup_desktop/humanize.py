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


def relative_us(target_us: int, now_us: int, today: dt.date, tz: dt.tzinfo) -> str:
    """:func:`relative` of moments as microseconds since the epoch (``today``: the local
    date of ``now_us``), for the table's columns."""
    return relative_seconds((target_us - now_us) / 10**6,
                            days_between_us(today, target_us, tz))


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


def overdue_by_us(due_us: int, now_us: int, today: dt.date, tz: dt.tzinfo) -> str:
    return _amount(abs(now_us - due_us) / 10**6, abs(days_between_us(today, due_us, tz)))


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
