"""The Dovecot fixture is what the mail tests take it for: a real IMAP server over TLS."""

from __future__ import annotations

import os
import ssl
import time

import pytest

from tests.helpers.dovecot import Dovecot, append_message, run_dovecot


def test_capabilities_and_special_use_folders(dovecot: Dovecot) -> None:
    imap = dovecot.client()
    try:
        caps = set(imap.capabilities())
        assert {b"SPECIAL-USE", b"IDLE", b"CONDSTORE", b"UIDPLUS"} <= caps
        assert imap.find_special_folder(b"\\Drafts") == "Drafts"
        assert imap.find_special_folder(b"\\Sent") == "Sent"
        assert imap.folder_status("INBOX", [b"MESSAGES"])[b"MESSAGES"] == 0
    finally:
        imap.logout()


def test_each_test_has_its_own_empty_mailbox(dovecot_server: Dovecot) -> None:
    one, two = dovecot_server.fresh_user(), dovecot_server.fresh_user()
    append_message(one, "INBOX", sender="a@x.org", to=one.user, subject="hi")
    for server, count in ((one, 1), (two, 0)):
        imap = server.client()
        assert imap.folder_status("INBOX", [b"MESSAGES"])[b"MESSAGES"] == count
        imap.logout()


def test_gmail_layout(dovecot_gmail: Dovecot) -> None:
    imap = dovecot_gmail.client()
    try:
        assert imap.find_special_folder(b"\\Drafts") == "[Gmail]/Drafts"
        assert imap.find_special_folder(b"\\Sent") == "[Gmail]/Sent Mail"
        assert imap.find_special_folder(b"\\All") == "[Gmail]/All Mail"
    finally:
        imap.logout()


def test_localised_names_have_no_flags_and_survive_utf7() -> None:
    with run_dovecot(layout="localised") as server:
        imap = server.client()
        try:
            names = [name for _flags, _sep, name in imap.list_folders()]
            assert "Entwürfe" in names and imap.find_special_folder(b"\\Drafts") is None
        finally:
            imap.logout()


def test_ready_quickly_and_stopped_by_pid() -> None:
    started = time.monotonic()
    with run_dovecot() as server:
        ready = time.monotonic() - started
        pid = server.process.pid
        assert ready < 10  # measured about 0.1 s of server start on an idle machine
        if os.geteuid() == 0:  # run as root, as CI is: the mail is not root's
            assert server.root.stat().st_mode & 0o055 == 0o055
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


def test_the_certificate_is_trusted_only_through_its_ca(dovecot: Dovecot) -> None:
    from imapclient import IMAPClient

    with pytest.raises(ssl.SSLCertVerificationError):
        IMAPClient(dovecot.host, port=dovecot.port, ssl=True,
                   ssl_context=ssl.create_default_context(), timeout=10)
