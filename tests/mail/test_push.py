"""Drafts into the account's Drafts folder: flagged, once, replaced, removed."""

from __future__ import annotations

from pathlib import Path

import pytest

from followup_desktop.records import Kind
from followup_desktop.services.mail import MailError
from followup_desktop.services.mail.journal import PUSHED_KEY
from tests.helpers.dovecot import Dovecot, run_dovecot
from tests.helpers.mail import (
    DANA,
    MARCUS,
    NOW,
    client,
    folder_messages,
    header,
    make_context,
    set_up,
)


@pytest.fixture
def ctx(tmp_path: Path, dovecot: Dovecot):
    context = make_context(tmp_path / "data", dovecot.user)
    yield context
    context.close()


def _to(items) -> list[str]:
    return sorted(header(i, "To") for i in items)


def test_push_puts_one_flagged_draft_per_recipient_once(ctx, dovecot: Dovecot) -> None:
    mail = set_up(ctx, dovecot)
    lines = mail.push(NOW)
    assert sum(line.startswith("added: thank-you") for line in lines) == 3, lines
    items = folder_messages(dovecot, "Drafts")
    assert len(items) == 3
    assert all({b"\\Draft", b"\\Seen"} <= set(i[b"FLAGS"]) for i in items)
    assert any(DANA in t for t in _to(items)) and any(MARCUS in t for t in _to(items))
    assert all(header(i, "From") == f"Ada Park <{dovecot.user}>" for i in items)
    ids = {header(i, "Message-ID") for i in items}
    assert len(ids) == 3
    # again: nothing changes on the server
    again = mail.push(NOW)
    assert all(line.startswith("unchanged") for line in again), again
    items2 = folder_messages(dovecot, "Drafts")
    assert {header(i, "Message-ID") for i in items2} == ids and len(items2) == 3


def test_a_changed_draft_replaces_its_copy(ctx, dovecot: Dovecot) -> None:
    mail = set_up(ctx, dovecot)
    mail.push(NOW)
    before = {header(i, "Message-ID"): i for i in folder_messages(dovecot, "Drafts")}
    w = next(w for w in ctx.agenda(NOW) if w.kind is Kind.THANK_YOU and w.to == DANA)
    ctx.store.save_draft(w.application_id, w.key, w.person_id, subject="Thanks, Dana",
                         body="Dear Ms. Whitfield,\n\nThank you.\n\nAda Park\n")
    lines = mail.push(NOW)
    assert [line for line in lines if line.startswith("replaced")] == [
        f"replaced: thank-you to Dana Whitfield <{DANA}> — Thanks, Dana"]
    items = folder_messages(dovecot, "Drafts")
    assert len(items) == 3  # never a duplicate
    dana = [i for i in items if DANA in header(i, "To")]
    assert len(dana) == 1 and header(dana[0], "Subject") == "Thanks, Dana"
    assert header(dana[0], "Message-ID") in before  # the same Message-ID, kept


def test_attachments_go_too(ctx, dovecot: Dovecot, tmp_path: Path) -> None:
    mail = set_up(ctx, dovecot)
    pdf = tmp_path / "case-study.pdf"
    pdf.write_bytes(b"%PDF-1.4 a case study\n")
    w = next(w for w in ctx.agenda(NOW) if w.kind is Kind.THANK_YOU and w.to == DANA)
    ctx.store.save_draft(w.application_id, w.key, w.person_id, subject="Thank you",
                         body="Dear Ms. Whitfield,\n\nAttached.\n\nAda Park\n",
                         attachments=[str(pdf)])
    mail.push(NOW)
    with client(dovecot, "Drafts") as imap:
        uids = imap.search(["HEADER", "To", DANA])
        raw = imap.fetch(uids, ["RFC822"])[uids[0]][b"RFC822"]
    from email import message_from_bytes, policy

    msg = message_from_bytes(raw, policy=policy.default)
    names = [part.get_filename() for part in msg.iter_attachments()]
    assert names == ["case-study.pdf"]


def test_a_closed_window_removes_its_draft(ctx, dovecot: Dovecot) -> None:
    mail = set_up(ctx, dovecot)
    mail.push(NOW)
    w = next(w for w in ctx.agenda(NOW) if w.kind is Kind.THANK_YOU and w.to == MARCUS)
    ctx.store.record_message(w.application_id, w.kind, person_id=w.person_id, to=w.to,
                             sent_at=NOW)
    lines = mail.push(NOW)
    assert f"removed: thank-you to {MARCUS} (the window is closed)" in lines
    assert not any(MARCUS in header(i, "To") for i in folder_messages(dovecot, "Drafts"))
    assert len(folder_messages(dovecot, "Drafts")) == 2


def test_a_draft_changed_in_the_mail_program_is_left_alone(ctx, dovecot: Dovecot) -> None:
    mail = set_up(ctx, dovecot)
    mail.push(NOW)
    # the user edits Marcus's draft on their phone: it saves a new copy, deletes the old
    with client(dovecot, "Drafts") as imap:
        uid = imap.search(["HEADER", "To", MARCUS])[0]
        raw = imap.fetch([uid], ["RFC822"])[uid][b"RFC822"]
        imap.append("Drafts", raw.replace(b"Thank you", b"Many thanks", 1) + b"P.S. hi\r\n",
                    flags=(b"\\Draft", b"\\Seen"))
        imap.delete_messages([uid])
        imap.expunge()
    w = next(w for w in ctx.agenda(NOW) if w.kind is Kind.THANK_YOU and w.to == MARCUS)
    ctx.store.save_draft(w.application_id, w.key, w.person_id, subject="Changed here too",
                         body="Dear Mr. Oyelaran,\n\nThanks.\n\nAda Park\n")
    lines = mail.push(NOW)
    assert any(line.startswith("kept: thank-you to Marcus") for line in lines), lines
    marcus = [i for i in folder_messages(dovecot, "Drafts") if MARCUS in header(i, "To")]
    assert len(marcus) == 1 and b"P.S." not in marcus[0][b"BODY[HEADER]"]
    # and when the window closes, the user's version stays
    ctx.store.record_message(w.application_id, w.kind, person_id=w.person_id, to=w.to,
                             sent_at=NOW)
    lines = mail.push(NOW)
    assert any(line.startswith(f"kept: thank-you to {MARCUS}") for line in lines), lines
    assert len([i for i in folder_messages(dovecot, "Drafts")
                if MARCUS in header(i, "To")]) == 1


def test_a_draft_deleted_there_is_not_put_back(ctx, dovecot: Dovecot) -> None:
    mail = set_up(ctx, dovecot)
    mail.push(NOW)
    with client(dovecot, "Drafts") as imap:
        imap.delete_messages(imap.search(["HEADER", "To", MARCUS]))
        imap.expunge()
    lines = mail.push(NOW)
    assert any(line.startswith("not in Drafts any more") and "Marcus" in line
               for line in lines), lines
    assert len(folder_messages(dovecot, "Drafts")) == 2


def test_an_interrupted_push_leaves_no_duplicate(ctx, dovecot: Dovecot) -> None:
    """A push that appended a new copy but died before removing the old one: the next
    push removes the extra copy."""
    mail = set_up(ctx, dovecot)
    mail.push(NOW)
    with client(dovecot, "Drafts") as imap:  # as if a copy had been appended twice
        uid = imap.search(["HEADER", "To", DANA])[0]
        raw = imap.fetch([uid], ["RFC822"])[uid][b"RFC822"]
        imap.append("Drafts", raw, flags=(b"\\Draft", b"\\Seen"))
    assert len(folder_messages(dovecot, "Drafts")) == 4
    mail.push(NOW)
    assert len(folder_messages(dovecot, "Drafts")) == 3


def test_gmail_drafts_folder(tmp_path: Path, dovecot_gmail: Dovecot) -> None:
    ctx = make_context(tmp_path / "g", dovecot_gmail.user)
    try:
        set_up(ctx, dovecot_gmail).push(NOW)
        assert len(folder_messages(dovecot_gmail, "[Gmail]/Drafts")) == 3
    finally:
        ctx.close()


def test_localised_drafts_folder(tmp_path: Path) -> None:
    with run_dovecot(layout="localised") as server:
        ctx = make_context(tmp_path / "l", server.user)
        try:
            set_up(ctx, server).push(NOW)
            assert len(folder_messages(server, "Entwürfe")) == 3
        finally:
            ctx.close()


def test_no_drafts_folder_is_said_in_words(tmp_path: Path) -> None:
    with run_dovecot(layout="bare") as server:
        ctx = make_context(tmp_path / "b", server.user)
        try:
            mail = set_up(ctx, server)
            with pytest.raises(MailError, match="no Drafts folder"):
                mail.push(NOW)
        finally:
            ctx.close()


def test_a_drafts_folder_deleted_after_setup(tmp_path: Path) -> None:
    with run_dovecot(layout="bare") as server:
        with client(server) as imap:
            imap.create_folder("Drafts")
        ctx = make_context(tmp_path / "b", server.user)
        try:
            mail = set_up(ctx, server)
            assert mail.account().folders.drafts == "Drafts"  # found by its name
            with client(server) as imap:
                imap.rename_folder("Drafts", "Old drafts")
            with pytest.raises(MailError, match="not on the server any more"):
                mail.push(NOW)
            assert ctx.store.get_value(PUSHED_KEY, {}) == {}
        finally:
            ctx.close()
