"""Data and helpers shared by the mail tests."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from followup_desktop.clock import fixed_clock
from followup_desktop.context import AppContext
from followup_desktop.paths import Paths
from followup_desktop.services.mail import MailAccount
from followup_desktop.services.secrets import Secrets
from tests.helpers.dovecot import Dovecot

#: the round ended 2026-03-02 16:00 UTC: thank-you notes are open, due 2026-03-03 16:00
NOW = dt.datetime(2026, 3, 3, 12, 0, tzinfo=dt.UTC)
SENT_DATE = "Tue, 03 Mar 2026 09:30:00 +0000"
REPLY_DATE = "Tue, 03 Mar 2026 11:15:00 +0000"

DANA = "dana.whitfield@northwind.example"
MARCUS = "marcus.oyelaran@northwind.example"
JONAH = "jonah.patel@gmail.com"  # a recruiter writing from free mail


def document(user: str) -> dict[str, Any]:
    return {
        "format": "followup/1",
        "profile": {"name": "Ada Park", "email": user, "phone": "+1 555 0100",
                    "timezone": "UTC"},
        "applications": [
            {"company": "Northwind Analytics", "role": "Data Engineer", "interviews": [{
                "start": "2026-03-02T15:00:00Z", "duration_minutes": 60, "format": "panel",
                "interviewers": [
                    {"name": "Dana Whitfield", "email": DANA, "main_contact": True,
                     "talking_points": ["back-filling pipelines"]},
                    {"name": "Marcus Oyelaran", "email": MARCUS,
                     "talking_points": ["on-call rotations"]}]}]},
            {"company": "Lumen Labs", "role": "Product Designer", "interviews": [{
                "start": "2026-03-02T13:00:00Z", "duration_minutes": 45,
                "interviewers": [{"name": "Jonah Patel", "email": JONAH,
                                  "main_contact": True,
                                  "talking_points": ["the design system"]}]}]},
        ],
    }


def make_context(data_dir: Path, user: str, now: dt.datetime = NOW) -> AppContext:
    from followup_desktop.interchange import parse_document

    ctx = AppContext.open(Paths.for_data_dir(data_dir), clock=fixed_clock(now))
    doc = parse_document(json.loads(json.dumps(document(user))))
    ctx.store.import_document(doc.applications, doc.profile, settings=doc.settings,
                              words=doc.words)
    return ctx


def set_up(ctx: AppContext, server: Dovecot, secrets: Secrets | None = None) -> MailAccount:
    mail = MailAccount(ctx, secrets or Secrets(probe=False), timeout=20)
    mail.setup(host=server.host, port=server.port, user=server.user,
               password=server.password, ca_file=server.cert.ca, session_only=True)
    return mail


@contextmanager
def client(server: Dovecot, folder: str | None = None) -> Iterator[Any]:
    imap = server.client(folder=folder)
    try:
        yield imap
    finally:
        imap.logout()


def folder_messages(server: Dovecot, folder: str) -> list[dict[bytes, Any]]:
    """Every message of ``folder``: flags and headers, read by another client."""
    with client(server, folder) as imap:
        uids = imap.search()
        got = imap.fetch(uids, ["FLAGS", "BODY.PEEK[HEADER]", "RFC822.SIZE"]) if uids else {}
        return [got[u] for u in sorted(got)]


def header(item: dict[bytes, Any], name: str) -> str:
    from email.parser import BytesHeaderParser
    from email.policy import default

    msg = BytesHeaderParser(policy=default).parsebytes(item[b"BODY[HEADER]"])
    return str(msg.get(name, ""))


def send_draft_from_phone(server: Dovecot, to: str, sent_folder: str = "Sent",
                           drafts: str = "Drafts") -> str:
    """The user sends the pushed draft from another mail program: it goes to Sent with
    its Message-ID, and leaves Drafts."""
    with client(server, drafts) as imap:
        uid = imap.search(["HEADER", "To", to])[0]
        raw = imap.fetch([uid], ["RFC822"])[uid][b"RFC822"]
        imap.delete_messages([uid])
        imap.expunge()
        head, _, body = raw.partition(b"\r\n\r\n")
        lines = [h for h in head.split(b"\r\n") if not h.lower().startswith(b"date:")]
        raw = b"\r\n".join([*lines, b"Date: " + SENT_DATE.encode()]) + b"\r\n\r\n" + body
        imap.append(sent_folder, raw, flags=(b"\\Seen",))
    from email.parser import BytesHeaderParser

    return str(BytesHeaderParser().parsebytes(raw)["Message-ID"])
