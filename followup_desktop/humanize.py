"""Words for times and windows, shared by the command line, the table and the tray."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from followup_desktop.records import FollowupWindow, WindowState


def relative(target: dt.datetime, now: dt.datetime) -> str:
    """``in 5 h``, ``in 3 days``, ``2 h ago``, ``in under a minute``."""
    return relative_seconds((target - now).total_seconds())


def relative_seconds(seconds: float) -> str:
    """:func:`relative` of a moment ``seconds`` from now (negative: past)."""
    future = seconds >= 0
    s = abs(seconds)
    if s < 60:
        return "in under a minute" if future else "under a minute ago"
    if s < 3600:
        amount = f"{int(s // 60)} min"
    elif s < 48 * 3600:
        amount = f"{int(s // 3600)} h"
    elif s < 14 * 86400:
        amount = f"{int(s // 86400)} days"
    elif s < 60 * 86400:
        amount = f"{int(s // (7 * 86400))} weeks"
    else:
        amount = f"{int(s // (30 * 86400))} months"
    return f"in {amount}" if future else f"{amount} ago"


def local_when(value: dt.datetime, tz: ZoneInfo, now: dt.datetime | None = None) -> str:
    """``Mon 23 Nov 14:00`` in the profile's zone (the year when it is not this year's)."""
    local = value.astimezone(tz)
    if now is not None and local.year != now.astimezone(tz).year:
        return local.strftime("%a %d %b %Y %H:%M")
    return local.strftime("%a %d %b %H:%M")


def window_phrase(w: FollowupWindow, now: dt.datetime) -> str:
    """``Thank-you due in 5 h``, ``Check-in overdue by 2 days``, ``Debrief opens in 3 days``."""
    label = w.kind.label
    if w.state is WindowState.SNOOZED and w.snoozed_until is not None:
        return f"{label} snoozed, back {relative(w.snoozed_until, now)}"
    if w.state is WindowState.UPCOMING:
        return f"{label} opens {relative(w.opens_at, now)}"
    if w.state is WindowState.EXPIRED:
        return f"{label} too late"
    if w.state is WindowState.OVERDUE and w.due_at is not None:
        return f"{label} overdue by {relative(w.due_at, now).removesuffix(' ago')}"
    if w.due_at is not None:
        return f"{label} due {relative(w.due_at, now)}"
    return f"{label} open"


_MARKUP = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;",
                         "'": "&#x27;"})
_MARKUP_TEXT = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})


def escape_markup(text: str, *, quote: bool = True) -> str:
    """``html.escape``, for the rich text of labels and notifications. The :mod:`html`
    package loads its whole entity table (2,000 names) to offer ``unescape``, which
    Followup never needs on the way to its first window."""
    return text.translate(_MARKUP if quote else _MARKUP_TEXT)
