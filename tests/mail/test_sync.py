"""Sent notes and replies noticed from new headers; suggestions never recorded."""

from __future__ import annotations

import imaplib
from pathlib import Path

import pytest

from followup_desktop.records import EventKind, Kind
from followup_desktop.services.mail import MailUnavailable
from followup_desktop.services.mail import sync as sync_module
from followup_desktop.services.mail.journal import JOURNAL_KEY, SYNC_KEY
from tests.helpers.dovecot import Dovecot, append_message, make_message_id
from tests.helpers.mail import (
    DANA,
    JONAH,
    MARCUS,
    NOW,
    REPLY_DATE,
    SENT_DATE,
    client,
    make_context,
    send_draft_from_phone,
    set_up,
)


@pytest.fixture
def ctx(tmp_path: Path, dovecot: Dovecot):
    context = make_context(tmp_path / "data", dovecot.user)
    yield context
    context.close()


def _northwind(ctx):
    return next(a for a in ctx.applications() if a.company == "Northwind Analytics")


def test_a_sent_draft_is_recorded_at_its_date(ctx, dovecot: Dovecot) -> None:
    mail = set_up(ctx, dovecot)
    mail.push(NOW)
    send_draft_from_phone(dovecot, DANA)
    lines = mail.sync(NOW)
    assert len(lines) == 1 and lines[0].startswith("sent [")
    assert "thank-you to Dana Whitfield (Northwind Analytics)" in lines[0]
    app = _northwind(ctx)
    [msg] = app.messages
    assert (msg.kind, msg.to, msg.sent_at.isoformat()) == (
        Kind.THANK_YOU, DANA, "2026-03-03T09:30:00+00:00")
    assert msg.body == ""  # nothing of the message's text is kept
    assert not any(w.to == DANA and w.kind is Kind.THANK_YOU for w in ctx.agenda(NOW))
    # again: nothing new, nothing recorded twice
    assert mail.sync(NOW) == []
    assert len(_northwind(ctx).messages) == 1


def test_recipient_and_subject_match_without_our_message_id(ctx, dovecot: Dovecot) -> None:
    mail = set_up(ctx, dovecot)
    w = next(w for w in ctx.agenda(NOW) if w.kind is Kind.THANK_YOU and w.to == MARCUS)
    from followup_desktop.drafting import drafts_for

    subject = drafts_for(ctx, w, NOW)[0].subject
    append_message(dovecot, "Sent", sender=dovecot.user, to=f"Marcus <{MARCUS}>",
                   subject=subject, date=SENT_DATE)
    # same recipient (Dana), another subject: only "probably" -- a suggestion
    append_message(dovecot, "Sent", sender=dovecot.user, to=DANA, subject="Lunch?",
                   date=SENT_DATE)
    lines = mail.sync(NOW)
    assert any(line.startswith("sent [") and "Marcus" in line for line in lines), lines
    [suggestion] = [line for line in lines if line.startswith("suggestion [")]
    assert "Is this your thank-you to Dana Whitfield (Northwind Analytics)?" in suggestion
    assert "“Lunch?”" in suggestion
    kinds = [(m.to, m.kind) for m in _northwind(ctx).messages]
    assert kinds == [(MARCUS, Kind.THANK_YOU)]  # Dana's is not recorded
    # confirming the suggestion records it, at the message's date
    entry = mail.suggestions()[0]
    mail.confirm(entry["id"])
    assert sorted(m.to for m in _northwind(ctx).messages) == [DANA, MARCUS]
    assert mail.suggestions() == []


def test_replies_and_what_is_only_suggested(ctx, dovecot: Dovecot) -> None:
    mail = set_up(ctx, dovecot)
    mail.push(NOW)
    mid = send_draft_from_phone(dovecot, DANA)
    # an interviewer writes
    append_message(dovecot, "INBOX", sender=f"Marcus Oyelaran <{MARCUS}>", to=dovecot.user,
                   subject="Next steps", date=REPLY_DATE)
    # someone at the company answers the thank-you (In-Reply-To ours)
    append_message(dovecot, "INBOX", sender="Pat <pat@northwind.example>", to=dovecot.user,
                   subject="Re: Thank you", date=REPLY_DATE, in_reply_to=mid)
    # a stranger from the company's domain: a suggestion only
    append_message(dovecot, "INBOX", sender="Lee Chen <lee.chen@northwind.example>",
                   to=dovecot.user, subject="Hello from Northwind", date=REPLY_DATE)
    # an out-of-office from the interviewer: ignored
    append_message(dovecot, "INBOX", sender=DANA, to=dovecot.user,
                   subject="Out of office: back Monday", date=REPLY_DATE,
                   extra="Auto-Submitted: auto-replied\r\n")
    # a stranger from free mail (the domain of Lumen's recruiter), an ATS: nothing
    append_message(dovecot, "INBOX", sender="someone@gmail.com", to=dovecot.user,
                   subject="Hi", date=REPLY_DATE)
    append_message(dovecot, "INBOX", sender="no-reply@greenhouse.io", to=dovecot.user,
                   subject="Your application", date=REPLY_DATE)
    lines = mail.sync(NOW)
    replies = [line for line in lines if line.startswith("reply [")]
    assert len(replies) == 2, lines
    assert any("Marcus Oyelaran" in line and "“Next steps”" in line for line in replies)
    suggestions = [line for line in lines if line.startswith("suggestion [")]
    assert len(suggestions) == 1
    assert "Is this from Northwind Analytics about your application (Data Engineer)?" \
        in suggestions[0] and "lee.chen@northwind.example" in suggestions[0]
    app = _northwind(ctx)
    assert [e.kind for e in app.events] == [EventKind.REPLY, EventKind.REPLY]
    assert all(e.at.isoformat() == "2026-03-03T11:15:00+00:00" for e in app.events)
    lumen = next(a for a in ctx.applications() if a.company == "Lumen Labs")
    assert lumen.events == ()
    assert JONAH.endswith("gmail.com")


def test_every_record_can_be_undone_and_says_why(ctx, dovecot: Dovecot) -> None:
    mail = set_up(ctx, dovecot)
    append_message(dovecot, "INBOX", sender=f"Dana Whitfield <{DANA}>", to=dovecot.user,
                   subject="Thanks!", date=REPLY_DATE)
    mail.sync(NOW)
    [record] = mail.records()
    assert record["cause"]["from"] == f"Dana Whitfield <{DANA}>"
    assert record["cause"]["subject"] == "Thanks!"
    assert record["cause"]["date"] == "2026-03-03T11:15:00+00:00"
    status = "\n".join(mail.status())
    assert "Thanks!" in status and f"mail undo {record['id']}" in status
    mail.undo(record["id"])
    assert _northwind(ctx).events == ()
    assert mail.sync(NOW) == []  # an undone record is not made again


def test_nothing_new_costs_one_status_per_folder(ctx, dovecot: Dovecot,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    mail = set_up(ctx, dovecot)
    mail.sync(NOW)
    sent: list[str] = []
    real = imaplib.IMAP4._command

    def counting(self, name, *args):  # type: ignore[no-untyped-def]
        sent.append(name.upper())
        return real(self, name, *args)

    monkeypatch.setattr(imaplib.IMAP4, "_command", counting)
    assert mail.sync(NOW) == []
    work = [c for c in sent if c not in ("LOGIN", "LOGOUT", "CAPABILITY")]
    assert work == ["STATUS", "STATUS"], sent


def test_a_server_that_closes_mid_sync(ctx, dovecot: Dovecot,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    mail = set_up(ctx, dovecot)
    mail.sync(NOW)
    for n in range(6):
        append_message(dovecot, "INBOX", sender=DANA if n % 2 == 0 else MARCUS,
                       to=dovecot.user, subject=f"Note {n}", date=REPLY_DATE)
    monkeypatch.setattr(sync_module, "BATCH", 2)
    batches: list[int] = []

    def cut(folder: str, last_uid: int) -> None:
        batches.append(last_uid)
        if len(batches) == 1:
            assert dovecot.drop_connections() >= 1

    with pytest.raises(MailUnavailable, match="closed the connection mid-way"):
        mail.sync(NOW, on_batch=cut)
    assert len(_northwind(ctx).events) == 2  # the first batch is kept
    lines = mail.sync(NOW)
    assert len(lines) == 4, lines  # the rest, once
    assert len(_northwind(ctx).events) == 6
    assert mail.sync(NOW) == []


def test_a_missing_folder_is_said_and_the_rest_synced(ctx, dovecot: Dovecot) -> None:
    mail = set_up(ctx, dovecot)
    account = mail.account()
    import dataclasses

    from followup_desktop.services.mail.account import ACCOUNT_KEY

    gone = dataclasses.replace(account, folders=dataclasses.replace(account.folders,
                                                                     sent="Sent Items"))
    ctx.store.set_value(ACCOUNT_KEY, gone.to_json())
    append_message(dovecot, "INBOX", sender=DANA, to=dovecot.user, subject="Hi",
                   date=REPLY_DATE)
    lines = mail.sync(NOW)
    assert any("folder 'Sent Items' cannot be read" in line for line in lines), lines
    assert any(line.startswith("reply [") for line in lines)
    assert mail.account().folders.sent == "Sent"  # looked for again


def test_a_ten_megabyte_header(ctx, dovecot: Dovecot) -> None:
    mail = set_up(ctx, dovecot)
    mail.sync(NOW)
    huge = " ".join(f"<ref{n}@x.example>" for n in range(600_000))[:10_000_000]
    append_message(dovecot, "INBOX", sender=DANA, to=dovecot.user, subject="Huge refs",
                   date=REPLY_DATE, extra=f"References: {huge}\r\n")
    append_message(dovecot, "INBOX", sender=MARCUS, to=dovecot.user, subject="Huge junk",
                   date=REPLY_DATE, extra=f"X-Junk: {'a' * 10_000_000}\r\n")
    lines = mail.sync(NOW)
    assert len([line for line in lines if line.startswith("reply [")]) == 2, lines


def test_gmail_reads_all_mail(tmp_path: Path, dovecot_gmail: Dovecot) -> None:
    ctx = make_context(tmp_path / "g", dovecot_gmail.user)
    try:
        mail = set_up(ctx, dovecot_gmail)
        mail.push(NOW)
        # Gmail shows a sent message in Sent Mail and in All Mail; a filtered reply only in
        # All Mail
        mid = send_draft_from_phone(dovecot_gmail, DANA, "[Gmail]/Sent Mail",
                                     "[Gmail]/Drafts")
        with client(dovecot_gmail, "[Gmail]/Sent Mail") as imap:
            imap.copy(imap.search(), "[Gmail]/All Mail")
        append_message(dovecot_gmail, "[Gmail]/All Mail", sender=DANA, to=dovecot_gmail.user,
                       subject="Re: Thank you", date=REPLY_DATE, in_reply_to=mid)
        lines = mail.sync(NOW)
        assert len([line for line in lines if line.startswith("sent [")]) == 1, lines
        assert len([line for line in lines if line.startswith("reply [")]) == 1, lines
    finally:
        ctx.close()


def test_keeps_nothing_of_unmatched_mail(ctx, dovecot: Dovecot) -> None:
    mail = set_up(ctx, dovecot)
    append_message(dovecot, "INBOX", sender="newsletter@shop.example", to=dovecot.user,
                   subject="Secret sale Zanzibar", date=REPLY_DATE,
                   message_id=make_message_id())
    assert mail.sync(NOW) == []
    raw = ctx.paths.db.read_bytes()
    assert b"Zanzibar" not in raw and b"shop.example" not in raw
    state = ctx.store.get_value(SYNC_KEY, {})
    assert state["folders"]["INBOX"]["last_uid"] == 1
    assert ctx.store.get_value(JOURNAL_KEY, {})["records"] == []


def test_ten_thousand_messages_since_the_last_sync(ctx, dovecot: Dovecot) -> None:
    from tests.helpers.dovecot import append_many, plain_message

    mail = set_up(ctx, dovecot)
    mail.sync(NOW)
    inbox = [plain_message(n, sender=f"shop{n}@news.example", to=dovecot.user)
             for n in range(5000)]
    inbox[4321] = plain_message(4321, sender=DANA, to=dovecot.user, subject="Re: Thanks",
                                date=REPLY_DATE)
    sent = [plain_message(n, sender=dovecot.user, to=f"friend{n}@else.example")
            for n in range(5000, 10000)]
    w = next(w for w in ctx.agenda(NOW) if w.kind is Kind.THANK_YOU and w.to == MARCUS)
    from followup_desktop.drafting import drafts_for

    sent[2500] = plain_message(2500, sender=dovecot.user, to=MARCUS,
                               subject=drafts_for(ctx, w, NOW)[0].subject, date=SENT_DATE)
    append_many(dovecot, "INBOX", inbox)
    append_many(dovecot, "Sent", sent)
    lines = mail.sync(NOW)
    assert len(lines) == 2, lines
    app = _northwind(ctx)
    assert len(app.events) == 1 and [m.to for m in app.messages] == [MARCUS]
    folders = ctx.store.get_value(SYNC_KEY, {})["folders"]
    assert folders["INBOX"]["last_uid"] == 5000 and folders["Sent"]["last_uid"] == 5000
    assert mail.sync(NOW) == []
