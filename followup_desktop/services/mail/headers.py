"""The few header fields a sync reads, parsed from ``BODY.PEEK[HEADER.FIELDS (...)]``.

Only these fields are asked for, and at most :data:`HEADER_LIMIT` bytes of them (a partial
fetch: a message with a 10 MB ``References`` costs 64 KiB); bodies are never fetched.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from email.header import decode_header, make_header
from email.utils import getaddresses, parsedate_to_datetime

from followup_desktop.records import in_span

FIELDS = ("FROM", "TO", "CC", "SUBJECT", "DATE", "MESSAGE-ID", "IN-REPLY-TO", "REFERENCES",
          "AUTO-SUBMITTED", "X-AUTOREPLY", "X-AUTORESPOND", "PRECEDENCE")
HEADER_LIMIT = 65536
FETCH_ITEM = f"BODY.PEEK[HEADER.FIELDS ({' '.join(FIELDS)})]<0.{HEADER_LIMIT}>"

_MSGID = re.compile(r"<[^<>\s]{1,998}>")
_PREFIX = re.compile(r"^\s*((re|aw|sv|vs|antw|antwort|fw|fwd|wg|tr|rv|r)\s*(\[\d+\])?\s*:\s*)+",
                     re.I)
_AUTO_SUBJECT = re.compile(
    r"^\s*(out of (the )?office|automatic reply|auto(matic)?[- ]?(reply|response)|"
    r"abwesenheitsnotiz|automatische antwort|réponse automatique|absence|"
    r"respuesta automática|risposta automatica|fuera de la oficina|undeliverable|"
    r"delivery status notification|mail delivery (failed|subsystem))", re.I)


@dataclass(frozen=True, slots=True)
class Header:
    uid: int
    sender: str  #: the From address, lower case ("" when none)
    sender_name: str
    recipients: tuple[str, ...]  #: To and Cc addresses, lower case
    subject: str
    date: dt.datetime | None  #: aware; the Date header, else the server's arrival time
    message_id: str  #: "<...>" or ""
    references: tuple[str, ...]  #: In-Reply-To and References Message-IDs
    automatic: bool  #: an auto-reply, out-of-office or bounce: never counts


def _text(value: str | None) -> str:
    if not value:
        return ""
    if "=?" not in value:
        return " ".join(value.split())
    try:
        return str(make_header(decode_header(value))).strip()
    except (ValueError, LookupError, UnicodeError):
        return value.strip()


def normal_subject(subject: str) -> str:
    """A subject without Re:/Fwd: prefixes, spaces folded, case folded."""
    return " ".join(_PREFIX.sub("", subject).split()).casefold()


_MONTHS = {m: n for n, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug",
                                       "sep", "oct", "nov", "dec"), 1)}
_PLAIN_DATE = re.compile(r"^(?:[A-Za-z]{3},\s*)?(\d{1,2})\s+([A-Za-z]{3})\s+(\d{4})\s+"
                         r"(\d{1,2}):(\d{2})(?::(\d{2}))?\s+([+-])(\d{2})(\d{2})\s*"
                         r"(?:\([^)]*\))?\s*$")


def _parse_date(value: str) -> dt.datetime | None:
    plain = _PLAIN_DATE.match(value)
    if plain:  # the RFC 5322 form nearly every program writes: no need for the slow path
        d, mon, y, hh, mm, ss, sign, oh, om = plain.groups()
        month = _MONTHS.get(mon.lower())
        if month is not None:
            try:
                offset = dt.timedelta(hours=int(oh), minutes=int(om))
                return dt.datetime(int(y), month, int(d), int(hh), int(mm), int(ss or 0),
                                   tzinfo=dt.timezone(-offset if sign == "-" else offset))
            except ValueError:
                return None
    try:
        return parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def _date(value: str | None, arrived: dt.datetime | None) -> dt.datetime | None:
    when = _parse_date(value) if value else None
    if when is not None and when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    if when is None or not in_span(when):
        when = arrived if arrived is not None and arrived.tzinfo is not None else None
        if when is not None and not in_span(when):
            when = None
    return when.astimezone(dt.UTC) if when is not None else None


_FOLD = re.compile(r"\r?\n(?=[ \t])")
_BARE = re.compile(r"^\s*<?([^<>\s\",;:()\[\]@]+@[^<>\s\",;:()\[\]@]+)>?\s*$")
_NAMED = re.compile(r"^\s*([^<>\",;:()\[\]@]*?)\s*<([^<>\s\",;:()\[\]@]+@"
                    r"[^<>\s\",;:()\[\]@]+)>\s*$")


def _fields(text: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for line in _FOLD.sub(" ", text).splitlines():
        name, colon, value = line.partition(":")
        if colon and name and not name[0].isspace():
            out.setdefault(name.strip().lower(), []).append(value.strip())
    return out


def _addresses(values: list[str]) -> list[tuple[str, str]]:
    """(name, address) pairs; the common one-address forms without the slow parser."""
    found: list[tuple[str, str]] = []
    slow: list[str] = []
    for value in values:
        bare = _BARE.match(value)
        if bare:
            found.append(("", bare.group(1)))
            continue
        named = _NAMED.match(value) if "=?" not in value else None
        if named:
            found.append((named.group(1).strip(), named.group(2)))
            continue
        slow.append(_text(value))
    if slow:
        found += getaddresses(slow)
    return found


def fields_of(raw: bytes) -> dict[str, list[str]]:
    """The header fields (lower-case names, unfolded values) of a FETCH answer."""
    try:  # 8-bit headers are UTF-8 (RFC 6532) far more often than anything else
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")
    return _fields(text)


_ANY_ADDRESS = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+@[A-Za-z0-9.-]+")


def rough_addresses(fields: dict[str, list[str]], *names: str) -> set[str]:
    """Every address-looking word of these fields, lower case: a quick first look (a
    superset of the addresses; :func:`parse_header` reads them properly)."""
    return {a.lower() for name in names for v in fields.get(name, ())
            for a in _ANY_ADDRESS.findall(v)}


def rough_references(fields: dict[str, list[str]]) -> list[str]:
    return _MSGID.findall(" ".join(fields.get("in-reply-to", []) +
                                   fields.get("references", [])))


def parse_header(uid: int, raw: bytes | dict[str, list[str]],
                 arrived: dt.datetime | None = None) -> Header:
    fields = fields_of(raw) if isinstance(raw, bytes) else raw

    def one(name: str) -> str:
        values = fields.get(name)
        return values[0] if values else ""

    senders = _addresses(fields.get("from", []))
    name, sender = senders[0] if senders else ("", "")
    rcpt = _addresses(fields.get("to", []) + fields.get("cc", []))
    refs = tuple(_MSGID.findall(" ".join(fields.get("in-reply-to", []) +
                                         fields.get("references", []))))
    mid = _MSGID.search(one("message-id"))
    subject = _text(one("subject"))
    auto_submitted = one("auto-submitted").lower()
    precedence = one("precedence").lower()
    automatic = bool(
        (auto_submitted and auto_submitted != "no")
        or one("x-autoreply") or one("x-autorespond")
        or precedence in ("auto_reply", "bulk", "junk", "list")
        or _AUTO_SUBJECT.match(subject)
        or sender.lower().startswith(("mailer-daemon@", "postmaster@")))
    return Header(uid=uid, sender=sender.strip().lower(), sender_name=_text(name),
                  recipients=tuple(a.strip().lower() for _n, a in rcpt if "@" in a),
                  subject=subject, date=_date(one("date") or None, arrived),
                  message_id=mid.group(0) if mid else "", references=refs,
                  automatic=automatic)


def header_bytes(item: dict[bytes, object]) -> bytes:
    """The header-fields part of one FETCH answer (its key carries the field list)."""
    for key, value in item.items():
        if isinstance(key, bytes) and key.startswith(b"BODY[") and isinstance(value, bytes):
            return value
    return b""
