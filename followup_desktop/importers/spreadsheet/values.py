"""Reading one cell: dates and times in either order, statuses, formats, lists."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from enum import StrEnum

from followup_desktop.importers.spreadsheet.table import UTC
from followup_desktop.records import (
    Format,
    Status,
    in_span,
)

# --- values --------------------------------------------------------------------------------


class DateOrder(StrEnum):
    """How to read ``03/04/2026``: day first (most of the world) or month first (US)."""

    DAY_FIRST = "dmy"
    MONTH_FIRST = "mdy"


_NUMERIC_DATE = re.compile(r"^(\d{1,4})([./\-])(\d{1,2})\2(\d{1,4})\.?$")
_TIME = re.compile(r"^(\d{1,2})(?:[:h.](\d{2}))?(?::(\d{2}))?\s*([ap]\.?m\.?)?$", re.I)
_TEXT_DATE_FORMATS = ("%d %b %Y", "%d %B %Y", "%b %d %Y", "%B %d %Y", "%b %d, %Y",
                      "%B %d, %Y", "%a %d %b %Y", "%a, %d %b %Y", "%d-%b-%Y", "%d-%b-%y",
                      "%A, %B %d, %Y", "%a %b %d %Y", "%d. %B %Y", "%d. %b %Y")


class ValueProblem(ValueError):
    """A cell that cannot be read; the message is the reason shown to the user."""


def parse_time(text: str) -> dt.time:
    m = _TIME.match(text.strip())
    if not m:
        raise ValueProblem(f"time “{text.strip()}” is not a time (expected e.g. 14:30 or "
                           "2:30 pm)")
    hour, minute, second = int(m.group(1)), int(m.group(2) or 0), int(m.group(3) or 0)
    ampm = (m.group(4) or "").lower().replace(".", "")
    if ampm:
        if not 1 <= hour <= 12:
            raise ValueProblem(f"time “{text.strip()}” is not a time")
        hour = hour % 12 + (12 if ampm == "pm" else 0)
    if hour > 23 or minute > 59 or second > 59:
        raise ValueProblem(f"time “{text.strip()}” is not a time")
    return dt.time(hour, minute, second)


def _year(value: int) -> int:
    return value + 2000 if value < 100 else value


def parse_when(text: str, order: DateOrder, tz: dt.tzinfo) -> tuple[dt.datetime, bool]:
    """A date or date-time cell → (aware UTC date-time, whether it had a time).

    ISO 8601 (with or without offset), ``02/03/2026`` in ``order``, ``02.03.2026`` (always
    day first), ``2 Mar 2026``, ``March 2, 2026``; an optional time after a space."""
    raw = " ".join(text.split())
    if not raw:
        raise ValueProblem("date is empty")
    example = "2026-03-02 or " + ("02/03/2026" if order is DateOrder.DAY_FIRST
                                  else "03/02/2026")
    bad = ValueProblem(f"date “{raw[:60]}” is not a date (expected e.g. {example})")
    try:
        value = dt.datetime.fromisoformat(raw)
        if value.tzinfo is not None and value.utcoffset() is not None:
            return _check_year(value.astimezone(UTC), bad), True
        has_time = bool(re.search(r"\d[T ]\d", raw))
        return _check_year(value.replace(tzinfo=tz).astimezone(UTC), bad), has_time
    except ValueError:
        pass
    date_part, time_part = raw, ""
    m = re.match(r"^(.*?\d{2,4})(?:,?\s+|T)(\d{1,2}(?:[:h.]\d{2})?(?::\d{2})?\s*(?:[ap]\.?m\.?)?)$",
                 raw, re.I)
    if m and (":" in m.group(2) or re.search(r"[ap]\.?m|h", m.group(2), re.I)):
        date_part, time_part = m.group(1), m.group(2)
    day = _parse_date(date_part, order, bad)
    clock = parse_time(time_part) if time_part else dt.time(0, 0)
    local = dt.datetime.combine(day, clock, tzinfo=tz)
    return _check_year(local.astimezone(UTC), bad), bool(time_part)


def _check_year(value: dt.datetime, bad: ValueProblem) -> dt.datetime:
    if not in_span(value):
        raise bad
    return value


def _parse_date(text: str, order: DateOrder, bad: ValueProblem) -> dt.date:
    m = _NUMERIC_DATE.match(text.strip())
    try:
        if m:
            a, sep, b, c = m.group(1), m.group(2), m.group(3), m.group(4)
            if len(a) == 4:
                return dt.date(int(a), int(b), int(c))
            if len(c) not in (2, 4):
                raise bad
            if sep == "." or order is DateOrder.DAY_FIRST:
                return dt.date(_year(int(c)), int(b), int(a))
            return dt.date(_year(int(c)), int(a), int(b))
    except ValueError:
        raise bad from None
    cleaned = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", text.strip(), flags=re.I)
    for fmt in _TEXT_DATE_FORMATS:
        try:
            return dt.datetime.strptime(cleaned, fmt).date()  # noqa: DTZ007 - a date only
        except ValueError:
            continue
    raise bad


def guess_date_order(values: Iterable[str], delimiter: str = ",") -> DateOrder:
    """Day first unless a value proves month first (``03/25/2026``) — or the file is
    comma-separated and nothing proves day first (US Excel)."""
    day_first = month_first = False
    for v in values:
        m = _NUMERIC_DATE.match(v.strip().split(" ")[0].split("T")[0])
        if not m or len(m.group(1)) == 4 or m.group(2) == ".":
            continue
        a, b = int(m.group(1)), int(m.group(3))
        if a > 12 >= b:
            day_first = True
        elif b > 12 >= a:
            month_first = True
    if month_first and not day_first:
        return DateOrder.MONTH_FIRST
    if day_first:
        return DateOrder.DAY_FIRST
    return DateOrder.MONTH_FIRST if delimiter == "," else DateOrder.DAY_FIRST


_STATUS_WORDS: dict[str, Status] = {
    "active": Status.ACTIVE, "applied": Status.ACTIVE, "open": Status.ACTIVE,
    "in progress": Status.ACTIVE, "interviewing": Status.ACTIVE, "interview": Status.ACTIVE,
    "pending": Status.ACTIVE, "waiting": Status.ACTIVE, "screening": Status.ACTIVE,
    "submitted": Status.ACTIVE, "phone screen": Status.ACTIVE, "onsite": Status.ACTIVE,
    "offer": Status.OFFER, "offered": Status.OFFER, "offer received": Status.OFFER,
    "accepted": Status.OFFER, "offer accepted": Status.OFFER, "hired": Status.OFFER,
    "rejected": Status.REJECTED, "rejection": Status.REJECTED, "declined": Status.REJECTED,
    "not selected": Status.REJECTED, "turned down": Status.REJECTED, "no": Status.REJECTED,
    "absage": Status.REJECTED, "abgelehnt": Status.REJECTED,
    "withdrawn": Status.WITHDRAWN, "withdrew": Status.WITHDRAWN, "cancelled": Status.WITHDRAWN,
    "canceled": Status.WITHDRAWN, "zurückgezogen": Status.WITHDRAWN,
    "closed-no-response": Status.CLOSED_NO_RESPONSE, "closed no response":
        Status.CLOSED_NO_RESPONSE, "no response": Status.CLOSED_NO_RESPONSE,
    "ghosted": Status.CLOSED_NO_RESPONSE, "no reply": Status.CLOSED_NO_RESPONSE,
    "closed": Status.CLOSED_NO_RESPONSE, "keine antwort": Status.CLOSED_NO_RESPONSE,
}
_FORMAT_WORDS: dict[str, Format] = {
    "phone": Format.PHONE, "call": Format.PHONE, "telephone": Format.PHONE,
    "phone screen": Format.PHONE, "phone call": Format.PHONE, "telefon": Format.PHONE,
    "video": Format.VIDEO, "zoom": Format.VIDEO, "teams": Format.VIDEO, "meet": Format.VIDEO,
    "google meet": Format.VIDEO, "remote": Format.VIDEO, "virtual": Format.VIDEO,
    "video call": Format.VIDEO, "webex": Format.VIDEO, "skype": Format.VIDEO,
    "onsite": Format.ONSITE, "on-site": Format.ONSITE, "on site": Format.ONSITE,
    "in person": Format.ONSITE, "in-person": Format.ONSITE, "office": Format.ONSITE,
    "vor ort": Format.ONSITE, "panel": Format.PANEL,
}


def parse_status(text: str) -> Status:
    key = " ".join(text.lower().replace("_", " ").split())
    found = _STATUS_WORDS.get(key) or _STATUS_WORDS.get(key.replace("-", " "))
    if found is None:
        raise ValueProblem(f"status “{text.strip()[:40]}” is not one of active, offer, "
                           "rejected, withdrawn, closed-no-response")
    return found


def parse_format(text: str) -> Format:
    key = " ".join(text.lower().split())
    found = _FORMAT_WORDS.get(key)
    if found is None:
        raise ValueProblem(f"format “{text.strip()[:40]}” is not one of phone, video, "
                           "onsite, panel")
    return found


def _split_list(text: str) -> list[str]:
    """``a; b; c`` (or one per line) — empty places kept, so names and emails pair up."""
    if not text.strip():
        return []
    parts = re.split(r"[;\n]", text)
    if len(parts) == 1 and text.count("@") > 1:
        parts = text.split(",")
    return [p.strip() for p in parts]
