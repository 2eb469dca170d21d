"""The few header fields a sync reads, parsed from ``BODY.PEEK[HEADER.FIELDS (...)]``.

Only these fields are asked for, and at most :data:`HEADER_LIMIT` bytes of them (a partial
fetch: a message with a 10 MB ``References`` costs 64 KiB); bodies are never fetched.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from email.header import decode_header, make_header
from email.parser import HeaderParser
from email.policy import compat32
from email.utils import getaddresses, parsedate_to_datetime

from followup_desktop.records import in_span

FIELDS = ("FROM", "TO", "CC", "SUBJECT", "DATE", "MESSAGE-ID", "IN-REPLY-TO", "REFERENCES",
          "AUTO-SUBMITTED", "X-AUTOREPLY", "X-AUTORESPOND", "PRECEDENCE")
HEADER_LIMIT = 65536
FETCH_ITEM = f"BODY.PEEK[HEADER.FIELDS ({' '.join(FIELDS)})]<0.{HEADER_LIMIT}>"

_PARSER = HeaderParser(policy=compat32)
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
    try:
        return str(make_header(decode_header(value))).strip()
    except (ValueError, LookupError, UnicodeError):
        return value.strip()


def normal_subject(subject: str) -> str:
    """A subject without Re:/Fwd: prefixes, spaces folded, case folded."""
    return " ".join(_PREFIX.sub("", subject).split()).casefold()


def _date(value: str | None, arrived: dt.datetime | None) -> dt.datetime | None:
    when = None
    if value:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError, OverflowError):
            when = None
    if when is not None and when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    if when is None or not in_span(when):
        when = arrived if arrived is not None and arrived.tzinfo is not None else None
        if when is not None and not in_span(when):
            when = None
    return when.astimezone(dt.UTC) if when is not None else None


def parse_header(uid: int, raw: bytes, arrived: dt.datetime | None = None) -> Header:
    try:  # 8-bit headers are UTF-8 (RFC 6532) far more often than anything else
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")
    msg = _PARSER.parsestr(text)
    senders = getaddresses([_text(v) for v in msg.get_all("From", [])])
    name, sender = senders[0] if senders else ("", "")
    rcpt = getaddresses([_text(v) for v in msg.get_all("To", []) + msg.get_all("Cc", [])])
    refs = tuple(_MSGID.findall(" ".join(str(v) for v in
                                         msg.get_all("In-Reply-To", []) +
                                         msg.get_all("References", []))))
    mid = _MSGID.search(str(msg.get("Message-ID", "") or ""))
    subject = _text(msg.get("Subject"))
    auto_submitted = str(msg.get("Auto-Submitted", "") or "").strip().lower()
    precedence = str(msg.get("Precedence", "") or "").strip().lower()
    automatic = bool(
        (auto_submitted and auto_submitted != "no")
        or msg.get("X-Autoreply") or msg.get("X-Autorespond")
        or precedence in ("auto_reply", "bulk", "junk", "list")
        or _AUTO_SUBJECT.match(subject)
        or sender.lower().startswith(("mailer-daemon@", "postmaster@")))
    return Header(uid=uid, sender=sender.strip().lower(), sender_name=name.strip(),
                  recipients=tuple(a.strip().lower() for _n, a in rcpt if "@" in a),
                  subject=subject, date=_date(msg.get("Date"), arrived),
                  message_id=mid.group(0) if mid else "", references=refs,
                  automatic=automatic)


def header_bytes(item: dict[bytes, object]) -> bytes:
    """The header-fields part of one FETCH answer (its key carries the field list)."""
    for key, value in item.items():
        if isinstance(key, bytes) and key.startswith(b"BODY[") and isinstance(value, bytes):
            return value
    return b""
