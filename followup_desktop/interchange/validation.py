"""The field rules of a ``followup/1`` file: each value checked, or :class:`FormatError`
naming its JSON path and why (``applications[2].interviews[0].start: not an ISO 8601
date-time with an offset``)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from contextvars import ContextVar
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from followup_desktop.records import (
    SPAN_REASON,
    in_span,
)

FORMAT = "followup/1"


#: A saved draft's subject, at most: what a draft can carry (``compose.eml.MAX_SUBJECT``).
DRAFT_SUBJECT_MAX = 300


#: A data file, at most. Import reads a chunk of text and one application at a time
#: (``_load_streamed``), so its memory is about the file's records (~1.35x the file): the
#: cap is far above what 100,000 applications export to (83 MB), so whatever ``export``
#: writes, ``import`` takes back.
MAX_BYTES = 1024 * 1024 * 1024


UTC = dt.UTC


_SURROGATE = re.compile("[\ud800-\udfff]")


#: Digits of a number in a data file, at most (CPython refuses more than 4,300).
MAX_DIGITS = 30


# Characters that must never reach a mail header (header injection, CVE-2024-6923).
_HEADER_BREAKERS = ("\r", "\n", "\x00", "\u2028", "\u2029", "\x85", "\x0b", "\x0c")


class FormatError(ValueError):
    """The file is not a valid followup/1 document; the message names where and why."""


def _fail(path: str, why: str) -> FormatError:
    text = f"{path or 'the file'}: {why}"
    if _SURROGATE.search(text):  # a key of the file named in the message: shown escaped
        text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return FormatError(text)


def _obj(value: Any, path: str, required: Iterable[str], optional: Iterable[str]) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _fail(path, "expected an object")
    req, opt = tuple(required), tuple(optional)
    for key in value:
        if key not in req and key not in opt:
            raise _fail(f"{path}.{key}" if path else key, "unknown field")
    for key in req:
        if key not in value or value[key] is None:
            raise _fail(f"{path}.{key}" if path else key, "required")
    return value


def _text(value: Any, path: str, *, header: bool = False, required: bool = False,
          max_len: int = 100_000) -> str:
    if value is None:
        if required:
            raise _fail(path, "required")
        return ""
    if not isinstance(value, str):
        raise _fail(path, "expected text")
    if "\x00" in value:
        raise _fail(path, "contains a NUL character")
    if _SURROGATE.search(value):  # "\ud800" in JSON: half of a character, not text
        raise _fail(path, "contains a lone surrogate (half of a character), which is not text")
    if header and any(c in value for c in _HEADER_BREAKERS):
        raise _fail(path, "contains a line break, which cannot go into an email header")
    if header:  # the one rule for one-line fields (guards.check_line), every way in
        from followup_desktop.guards import FieldError, check_line

        try:
            value = check_line(value, "it", max_len=max(max_len, 1))
        except FieldError as exc:
            raise _fail(path, exc.reason) from None
    if required and not value.strip():
        raise _fail(path, "must not be empty")
    if len(value) > max_len:
        raise _fail(path, f"longer than {max_len} characters")
    return str(value.strip() if header else value)


def _email(value: Any, path: str) -> str | None:
    if value is None or value == "":
        return None
    text = _text(value, path, header=True)
    return normalize_email(text, path)


def normalize_email(text: str, path: str = "email") -> str:
    from email_validator import EmailNotValidError, validate_email

    try:
        # An address that needs SMTPUTF8 (letters outside ASCII before the @) cannot be
        # put in a draft; an internationalized domain can (see compose.eml).
        info = validate_email(text, check_deliverability=False, allow_smtputf8=False)
    except EmailNotValidError as exc:
        raise _fail(path, f"not a valid email address ({exc})") from None
    return str(info.normalized)


def _url(value: Any, path: str) -> str | None:
    if value is None or value == "":
        return None
    text = _text(value, path, header=True, max_len=2000)
    if not (text.startswith("https://") or text.startswith("http://")):
        raise _fail(path, "not a web address (https://…)")
    return text


def _datetime(value: Any, path: str) -> dt.datetime:
    if not isinstance(value, str):
        raise _fail(path, "not an ISO 8601 date-time with an offset")
    try:
        parsed = dt.datetime.fromisoformat(value.strip())
    except ValueError:
        raise _fail(path, "not an ISO 8601 date-time with an offset") from None
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        raise _fail(path, "not an ISO 8601 date-time with an offset")
    if not in_span(parsed):
        raise _fail(path, SPAN_REASON)
    return parsed.astimezone(UTC)


def _date(value: Any, path: str) -> dt.date | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise _fail(path, "not an ISO 8601 date (YYYY-MM-DD)")
    try:
        day = dt.date.fromisoformat(value.strip())
    except ValueError:
        raise _fail(path, "not an ISO 8601 date (YYYY-MM-DD)") from None
    if not in_span(day):
        raise _fail(path, SPAN_REASON)
    return day


def _choice(value: Any, path: str, enum: Any, default: Any) -> Any:
    if value is None:
        return default
    try:
        return enum(value)
    except ValueError:
        allowed = ", ".join(e.value for e in enum)
        raise _fail(path, f"must be one of {allowed}") from None


def _int(value: Any, path: str, default: int, lo: int, hi: int) -> int:
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int):
        raise _fail(path, "expected a whole number")
    if not lo <= value <= hi:
        raise _fail(path, f"must be between {lo} and {hi}")
    return value


def _list(value: Any, path: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise _fail(path, "expected a list")
    return value


def check_timezone(name: str, path: str = "profile.timezone") -> str:
    if not name:
        return ""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a name too long (fuzz)
        raise _fail(path, f"unknown time zone {name!r} (use an IANA name such as "
                          "Europe/Berlin)") from None
    return name


def _optional_datetime(value: Any, path: str) -> dt.datetime | None:
    return None if value is None else _datetime(value, path)


#: a window's calendar UID in the data file (RFC 5545 allows any text; this is what a
#: CalDAV resource name and a phone's calendar keep safely: a uuid4, or another app's UID)
_UID = re.compile(r"[A-Za-z0-9][A-Za-z0-9@._:+=-]{0,254}")


def _window_uid(value: Any, path: str) -> str | None:
    if value is None:
        return None
    text = _text(value, path, max_len=255)
    if not _UID.fullmatch(text):
        raise _fail(path, "not a calendar UID (letters, digits and @ . _ : + = -, at most "
                          "255)")
    return text


def _bounded_int(text: str) -> int:
    """A JSON number: one far longer than any field takes is refused in words (5,000
    digits once ended in CPython's ``ValueError`` and a traceback)."""
    digits = len(text.lstrip("-"))
    if digits > MAX_DIGITS:
        raise FormatError(f"the file holds a number of {digits} digits; no field takes more "
                          f"than {MAX_DIGITS}")
    return int(text)


_WARNINGS: ContextVar[list[str] | None] = ContextVar("followup_import_warnings", default=None)


def _warn(text: str) -> None:
    found = _WARNINGS.get()
    if found is not None and len(found) < 1000:
        found.append(text)
