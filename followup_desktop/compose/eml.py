"""Drafts as ``.eml`` files (RFC 5322, UTF-8, ``X-Unsent: 1``), ``mailto:`` links and text.

Header injection: CPython 3.11.7 still lets CR, LF and friends, and encoded words that
decode to them (CVE-2024-6923), through into serialised headers. So every header value is
refused up front (:class:`DraftError`) if it holds a control character, U+2028/U+2029 or an
encoded word, and every written file is parsed back and must have exactly the expected
headers with the expected values. Lines are serialised with ``max_line_length=998`` so
that subjects are not folded (folding a long non-ASCII subject loses a space,
CPython gh-144156).
"""

from __future__ import annotations

import datetime as dt
import mimetypes
import re
from collections import Counter
from collections.abc import Iterable
from email import policy
from email.header import decode_header, make_header
from email.headerregistry import Address
from email.message import EmailMessage
from email.parser import BytesHeaderParser
from email.utils import format_datetime, getaddresses, make_msgid
from pathlib import Path
from urllib.parse import quote

from followup_desktop.compose.files import candidate_names, safe_filename, write_new
from followup_desktop.compose.model import Draft, DraftError
from followup_desktop.fileio import write_new_names
from followup_desktop.records import Profile

#: The serialising policy: CRLF, no folding below the RFC 5322 hard limit.
POLICY = policy.SMTP.clone(max_line_length=998)
MAX_SUBJECT = 300
MAX_NAME = 200
MAX_ATTACHMENTS_BYTES = 25 * 1024 * 1024
_BAD_CHARS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff]")
_ENCODED_WORD = re.compile(r"=\?.*\?=", re.S)
_ADDRESS = re.compile(r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+$")
_BASE_HEADERS = ("from", "to", "subject", "date", "message-id", "mime-version", "x-unsent",
                 "content-type")


def _header_value(label: str, value: str, limit: int) -> str:
    if _BAD_CHARS.search(value):
        raise DraftError(f"{label} contains a line break or control character; remove it.")
    if _ENCODED_WORD.search(value):
        raise DraftError(f"{label} contains an encoded word (=?...?=); remove it.")
    if len(value) > limit:
        raise DraftError(f"{label} is longer than {limit} characters.")
    return value.strip()


def display_name(name: str) -> str:
    """A name as it goes into From/To: runs of spaces made single (they do not survive the
    round trip through quoting and encoded words)."""
    return " ".join(name.split())


def _address(label: str, value: str | None) -> str:
    addr = (value or "").strip()
    if not addr:
        raise DraftError(f"{label}: no email address.")
    _header_value(label, addr, 254)
    local, at, domain = addr.rpartition("@")
    if at and local.isascii() and not domain.isascii():
        # An internationalized domain (müller.de) travels in its ASCII form (xn--...),
        # as every mail server reads it; the dialogs and imports accept such addresses.
        import idna

        try:
            addr = f"{local}@{idna.encode(domain, uts46=True).decode('ascii')}"
        except idna.IDNAError:
            raise DraftError(f"{label}: {addr!r} has a domain that cannot be "
                             "written in a draft.") from None
    if not _ADDRESS.match(addr) or ".." in addr or addr.startswith("."):
        raise DraftError(f"{label}: {addr!r} is not one plain email address.")
    return addr


def _domain(addr: str) -> str:
    return addr.rpartition("@")[2] if "@" in addr else "followup.invalid"


def _validated(draft: Draft, profile: Profile) -> tuple[str, str, str, str, str]:
    if not draft.kind.is_email:
        raise DraftError(f"A {draft.kind.phrase} is not an email.")
    if draft.cc or draft.bcc:
        raise DraftError("A follow-up goes to one person: no CC or BCC.")
    from_name = display_name(_header_value("Your name", profile.name, MAX_NAME))
    from_addr = _address("Your email", profile.email)
    to_name = display_name(_header_value("The recipient's name", draft.to_name, MAX_NAME))
    to_addr = _address("The recipient's email", draft.to_email)
    subject = _header_value("The subject", draft.subject, MAX_SUBJECT)
    if not subject:
        raise DraftError("The subject is empty.")
    if "\x00" in draft.body:
        raise DraftError("The message contains a NUL character.")
    return from_name, from_addr, to_name, to_addr, subject


def build_message(draft: Draft, profile: Profile, now: dt.datetime,
                  message_id: str | None = None) -> EmailMessage:
    """The draft as an :class:`EmailMessage`; :class:`DraftError` for anything unsafe."""
    if now.tzinfo is None:
        raise DraftError("The date of a message needs a time zone.")
    from_name, from_addr, to_name, to_addr, subject = _validated(draft, profile)
    if message_id is not None:
        _header_value("Message-ID", message_id, 250)
    files: list[tuple[str, bytes]] = []
    total = 0
    for raw in draft.attachments:
        path = Path(raw)
        if not path.is_absolute():  # never read relative to wherever the program runs
            raise DraftError(f"The attachment {raw[:80]!r} is not a file of this data "
                             "folder's attachments folder; attach it again.")
        name = _header_value("An attachment's name", path.name, 255)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise DraftError(f"Cannot read the attachment {path.name}: "
                             f"{exc.strerror or exc}.") from None
        total += len(data)
        if total > MAX_ATTACHMENTS_BYTES:
            raise DraftError(f"The attachments are larger than "
                             f"{MAX_ATTACHMENTS_BYTES // (1024 * 1024)} MB.")
        files.append((name, data))

    msg = EmailMessage(policy=POLICY)
    msg["From"] = Address(display_name=from_name, addr_spec=from_addr)
    msg["To"] = Address(display_name=to_name, addr_spec=to_addr)
    msg["Subject"] = subject
    msg["Date"] = format_datetime(now)
    msg["Message-ID"] = message_id or make_msgid(domain=_domain(from_addr))
    msg["X-Unsent"] = "1"
    body = draft.body.replace("\r\n", "\n").replace("\r", "\n")
    msg.set_content(body if body.endswith("\n") else body + "\n", charset="utf-8")
    for name, data in files:
        ctype = mimetypes.guess_type(name)[0] or "application/octet-stream"
        maintype, _, subtype = ctype.partition("/")
        msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    return msg


def message_bytes(msg: EmailMessage) -> bytes:
    return msg.as_bytes(policy=POLICY)


_HEADERS_ONLY = BytesHeaderParser(policy=policy.compat32)


def _decoded(raw: str) -> str:
    """A header value as text: encoded words decoded, folding undone."""
    return str(make_header(decode_header(raw)))


def _one_address(raw: str | None) -> tuple[str, str] | None:
    """(display name, address) when ``raw`` holds exactly one address, else None. The raw
    value is split first, so a decoded name with a comma cannot split it in two."""
    if raw is None:
        return None
    pairs = getaddresses([raw])
    if len(pairs) != 1:
        return None
    name, addr = pairs[0]
    return _decoded(name) if name else "", addr


def verify_message(data: bytes, draft: Draft, profile: Profile) -> None:
    """Parse a serialised draft back; its headers must be exactly the expected ones.

    The headers are what an injection would change, so only they are parsed again, with the
    plain (compat32) parser: the set of header names, one sender and one recipient with the
    names and addresses given, the subject and ``X-Unsent``.
    """
    parsed = _HEADERS_ONLY.parsebytes(data)
    names = Counter(k.lower() for k in parsed)
    expected = Counter(_BASE_HEADERS)
    if parsed.get_content_maintype() != "multipart":
        expected["content-transfer-encoding"] += 1
    if names != expected:
        extra = sorted((names - expected).elements())
        missing = sorted((expected - names).elements())
        raise DraftError(f"The message did not read back as written (headers added: {extra}, "
                         f"missing: {missing}).")
    if parsed.defects:
        raise DraftError(f"The message did not read back cleanly: {parsed.defects[0]!r}.")
    to = _one_address(parsed["To"])
    frm = _one_address(parsed["From"])
    checks = (
        (to is not None and frm is not None, "one sender and one recipient"),
        (to is not None and to[1] == _address("", draft.to_email), "the recipient"),
        (to is not None and to[0] == display_name(draft.to_name), "the recipient's name"),
        (frm is not None and frm[1] == _address("", profile.email), "your address"),
        (frm is not None and frm[0] == display_name(profile.name), "your name"),
        (_decoded(parsed["Subject"] or "") == draft.subject.strip(), "the subject"),
        (parsed["X-Unsent"] == "1", "X-Unsent"),
    )
    for ok, what in checks:
        if not ok:
            raise DraftError(f"The message did not read back as written ({what} changed).")


def eml_filename(draft: Draft) -> str:
    parts = [draft.kind.label, draft.to_name.strip() or "recipient"]
    if draft.company.strip():
        parts.append(draft.company.strip())
    return safe_filename(" - ".join(parts), ".eml")


def write_eml(draft: Draft, profile: Profile, folder: Path, now: dt.datetime,
              message_id: str | None = None) -> Path:
    """Write the draft as a new ``.eml`` in ``folder`` (never replacing a file) and return
    its path. :class:`DraftError` names the problem when the draft cannot be written."""
    msg = build_message(draft, profile, now, message_id)
    data = message_bytes(msg)
    verify_message(data, draft, profile)
    try:
        path = write_new(folder, eml_filename(draft), data)
    except OSError as exc:
        raise DraftError(f"Cannot write to {folder}: {exc.strerror or exc}.") from None
    if path.read_bytes() != data:
        raise DraftError(f"{path.name} did not read back as written.")
    return path


def write_emls(drafts: Iterable[Draft], profile: Profile, folder: Path,
               now: dt.datetime) -> list[Path]:
    """Write several drafts as new ``.eml`` files, each checked like :func:`write_eml`;
    the batch is made durable with one sync instead of one per file. Nothing is written
    when any draft is refused."""
    prepared = []
    for draft in drafts:
        data = message_bytes(build_message(draft, profile, now))
        verify_message(data, draft, profile)
        prepared.append((candidate_names(eml_filename(draft)), data))
    try:
        paths = write_new_names(folder, prepared)
    except OSError as exc:
        raise DraftError(f"Cannot write to {folder}: {exc.strerror or exc}.") from None
    for path, (_names, data) in zip(paths, prepared, strict=True):
        if path.read_bytes() != data:
            raise DraftError(f"{path.name} did not read back as written.")
    return paths


def mailto_url(draft: Draft) -> str:
    """A ``mailto:`` link (RFC 6068) for the default mail client: one recipient, subject and
    body; attachments cannot travel in a link."""
    if not draft.kind.is_email:
        raise DraftError(f"A {draft.kind.phrase} is not an email.")
    if draft.cc or draft.bcc:
        raise DraftError("A follow-up goes to one person: no CC or BCC.")
    addr = _address("The recipient's email", draft.to_email)
    subject = _header_value("The subject", draft.subject, MAX_SUBJECT)
    body = draft.body.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\r\n")
    return (f"mailto:{quote(addr, safe='@')}?subject={quote(subject, safe='')}"
            f"&body={quote(body, safe='')}")


def clipboard_text(draft: Draft, with_subject: bool = False) -> str:
    """The text to paste into a mail client or LinkedIn: the body, optionally after a
    ``Subject:`` line."""
    body = draft.body.replace("\r\n", "\n").rstrip("\n") + "\n"
    if with_subject and draft.subject.strip():
        return f"Subject: {draft.subject.strip()}\n\n{body}"
    return body
