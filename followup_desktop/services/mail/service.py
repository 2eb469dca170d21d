"""The mail account as the window, the tray and the command line use it.

:class:`MailAccount` takes the :class:`AppContext` and opens its own IMAP connection for
each piece of work (a worker thread has its own). No Qt here.
"""

from __future__ import annotations

import datetime as dt
import imaplib
import socket
import ssl
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from followup_desktop.context import AppContext
from followup_desktop.services import accounts_status
from followup_desktop.services import secrets as secrets_module
from followup_desktop.services.mail import connection
from followup_desktop.services.mail.account import (
    ACCOUNT_KEY,
    KEYRING_SERVICE,
    Account,
    validated,
)
from followup_desktop.services.mail.errors import MailError, MailUnavailable
from followup_desktop.services.mail.folders import find_folders
from followup_desktop.services.mail.journal import (
    ALL_KEYS,
    JOURNAL_KEY,
    SYNC_KEY,
    Journal,
    stored,
)
from followup_desktop.services.secrets import Secrets, SecretsError

#: what the setup page and ``mail status`` say about privacy
PRIVACY = (
    "What is read: the headers (sender, recipients, subject, date, message and reply ids) "
    "of mail that arrived since the last check, in Sent and Inbox (on Gmail, All Mail). "
    "Bodies and attachments are never read.",
    "What is written: only your follow-up drafts, into the Drafts folder; Followup "
    "replaces or removes only the copies it put there.",
    "What is kept: nothing of a message but the fact that it matched (for a recorded "
    "change: its sender, subject and date, so you can see why and undo it). The password "
    "stays in the system keyring, never in Followup's data, exports or backups.",
)


class NeedPassword(MailError):
    """No password is stored for the account (no secure keyring: asked per session)."""


@dataclass
class SetupResult:
    account: Account
    stored_in_keyring: bool
    lines: list[str]


def _dropped(exc: BaseException) -> bool:
    from imapclient.exceptions import IMAPClientAbortError

    return isinstance(exc, (IMAPClientAbortError, imaplib.IMAP4.abort, ConnectionError,
                            EOFError, TimeoutError, socket.timeout, ssl.SSLEOFError,
                            BrokenPipeError, OSError))


class MailAccount:
    """Setup, push, sync, status, forget -- for the one mail account of a data folder."""

    def __init__(self, ctx: AppContext, secrets: Secrets | None = None, *,
                 timeout: float = connection.TIMEOUT,
                 db: Callable[[Callable[[], Any]], Any] | None = None) -> None:
        self.ctx = ctx
        #: runs the store's part of a job: directly, or (the window's worker thread) on
        #: the thread that owns the store's connection
        self.db: Callable[[Callable[[], Any]], Any] = db or (lambda fn: fn())
        self.secrets = secrets or secrets_module.default()
        self.timeout = timeout
        self._tls: tuple[str | None, ssl.SSLContext] | None = None

    def _context(self, account: Account) -> ssl.SSLContext:
        """The TLS context of ``account``, made once (the system's authorities are read
        from disk each time one is made)."""
        if self._tls is None or self._tls[0] != account.ca_file:
            self._tls = (account.ca_file, connection.tls_context(account))
        return self._tls[1]

    # -- settings ---------------------------------------------------------------------------

    def account(self) -> Account | None:
        raw = self.db(lambda: self.ctx.store.get_value(ACCOUNT_KEY, None))
        return Account.from_json(raw)

    def _require(self) -> Account:
        account = self.account()
        if account is None:
            raise MailError(accounts_status.needs_account_error("mail"))
        return account

    def password(self, account: Account) -> str:
        try:
            secret = self.secrets.get_secret(KEYRING_SERVICE, account.keyring_user())
        except SecretsError as exc:
            raise MailError(str(exc)) from None
        if not secret:
            raise NeedPassword(f"no password for {account.user} at {account.host} in this "
                               "session (no secure system keyring keeps it)")
        return secret

    # -- setup ------------------------------------------------------------------------------

    def setup(self, *, host: str, user: str, password: str, port: int | None = None,
              security: str = "tls", ca_file: str | Path | None = None,
              session_only: bool = False) -> SetupResult:
        """Test the login; only then keep the settings (and the password: keyring, or
        memory for this session). Nothing is saved when anything fails."""
        account = validated(host, user, port, security, ca_file)
        if not password:
            raise MailError("no password given")
        if not session_only and not self.secrets.secure_backend():
            raise MailError("no secure system keyring (Secret Service, Keychain, Credential "
                            "Manager) is available to keep the password; use --session-only "
                            "to keep it in memory for this session only")
        imap = connection.connect(account, password, timeout=self.timeout,
                                  context=self._context(account))
        try:
            folders = find_folders(imap)
        except Exception as exc:
            connection.close(imap)
            raise self._failure(account, exc) from None
        connection.close(imap)
        result: SetupResult = self.db(
            lambda: self._save_setup(account, folders, password, session_only))
        return result

    def _save_setup(self, account: Account, folders: Any, password: str,
                    session_only: bool) -> SetupResult:
        if not account.address:
            account = _with(account, address=self.ctx.profile().email)
        account = _with(account, folders=folders)
        kept = False
        try:
            kept = self.secrets.set_secret(KEYRING_SERVICE, account.keyring_user(),
                                             password, session_only=session_only)
        except SecretsError as exc:
            raise MailError(f"{exc}; nothing was saved") from None
        old = self.account()
        with self.ctx.store.write():
            if old is not None and (old.host, old.user, old.port) != (
                    account.host, account.user, account.port):
                for key in ALL_KEYS:  # another account: its sync state does not apply
                    self.ctx.store.set_value(key, None)
            self.ctx.store.set_value(ACCOUNT_KEY, account.to_json())
        lines = [f"connected: {account.describe()}"]
        lines += self.folder_lines(account)
        lines.append("password: " + ("in the system keyring "
                                     f"({self.secrets.backend_name()})" if kept else
                                     "kept in memory for this session only"))
        return SetupResult(account, kept, lines)

    def folder_lines(self, account: Account) -> list[str]:
        f = account.folders
        return [f"Drafts: {f.drafts or 'none found (push cannot put drafts anywhere)'}",
                f"Sent: {f.sent or 'none found (sent follow-ups are not noticed)'}",
                f"Inbox: {f.inbox}" + (f" (and All Mail: {f.all_mail})" if f.all_mail
                                       else "")]

    # -- connections ------------------------------------------------------------------------

    @contextmanager
    def session(self, password: str | None = None) -> Iterator[tuple[Account, Any]]:
        account = self._require()
        secret = password or self.password(account)
        imap = connection.connect(account, secret, timeout=self.timeout,
                                  context=self._context(account))
        imap.normalise_times = False  # aware INTERNALDATEs
        try:
            yield account, imap
        except MailError:
            connection.close(imap)
            raise
        except Exception as exc:
            connection.close(imap)
            raise self._failure(account, exc) from exc
        else:
            connection.close(imap)

    def _failure(self, account: Account, exc: BaseException) -> MailError:
        from imapclient.exceptions import IMAPClientError

        if _dropped(exc):
            return MailUnavailable(f"{account.host} closed the connection mid-way "
                                   f"({type(exc).__name__}); what was done is saved, the "
                                   "next run resumes")
        if isinstance(exc, IMAPClientError):
            return MailError(f"{account.host} refused: {connection._server_words(str(exc))}")
        return MailError(f"{account.host}: {exc}")

    # -- the work ---------------------------------------------------------------------------

    def push(self, now: dt.datetime, *, password: str | None = None,
             drafts: list[Any] | None = None) -> list[str]:
        from followup_desktop.services.mail.push import push_drafts

        with self.session(password) as (account, imap):
            lines = push_drafts(self.ctx, account, imap, now, drafts=drafts, db=self.db)
        return [line.text for line in lines]

    def sync(self, now: dt.datetime, *, password: str | None = None,
             on_batch: Callable[[str, int], None] | None = None) -> list[str]:
        from followup_desktop.services.mail.sync import sync_folders

        with self.session(password) as (account, imap):
            lines = sync_folders(self.ctx, account, imap, now, on_batch=on_batch, db=self.db)
            if any(line.action == "folder" and "cannot be read" in line.text
                   for line in lines):
                fresh = find_folders(imap)  # renamed or deleted: look again for next time
                if fresh != account.folders:
                    value = _with(account, folders=fresh).to_json()
                    self.db(lambda: self.ctx.store.set_value(ACCOUNT_KEY, value))
        return [line.text for line in lines]

    def status(self) -> list[str]:
        account = self.account()
        if account is None:
            return [accounts_status.no_account_line("mail")]
        lines = [f"account: {account.describe()}"]
        lines += self.folder_lines(account)
        try:
            has = bool(self.secrets.get_secret(KEYRING_SERVICE, account.keyring_user()))
        except SecretsError as exc:
            has = False
            lines.append(f"keyring: {exc}")
        where = self.secrets.backend_name() if self.secrets.secure_backend() else \
            "memory, this session only"
        lines.append(f"password: {'kept' if has else 'not kept'} ({where})")
        sync = stored(self.ctx.store, SYNC_KEY)
        last = sync.get("last_sync")
        if last:
            when = dt.datetime.fromisoformat(last).astimezone(self.ctx.tz())
            lines.append(f"last sync: {when:%Y-%m-%d %H:%M}")
        else:
            lines.append("last sync: never")
        journal = Journal(self.ctx.store.get_value(JOURNAL_KEY, None))
        from followup_desktop.services.mail.sync import describe_cause

        for s in journal.suggestions:
            lines.append(f"suggestion [{s['id']}]: {s['text']} — "
                         f"{describe_cause(s['cause'], self.ctx)} "
                         f"(mail confirm {s['id']} / mail dismiss {s['id']})")
        for r in journal.records[-20:]:
            state = "undone" if r.get("undone") else f"mail undo {r['id']}"
            lines.append(f"recorded [{r['id']}]: {r['what']} — {r['text']}, from "
                         f"{describe_cause(r['cause'], self.ctx)} ({state})")
        return lines

    def suggestions(self) -> list[dict[str, Any]]:
        return Journal(self.ctx.store.get_value(JOURNAL_KEY, None)).suggestions

    def records(self) -> list[dict[str, Any]]:
        return Journal(self.ctx.store.get_value(JOURNAL_KEY, None)).records

    def undo(self, entry_id: int) -> str:
        from followup_desktop.services.mail.sync import undo

        return undo(self.ctx, entry_id)

    def confirm(self, entry_id: int) -> str:
        from followup_desktop.services.mail.sync import confirm

        return confirm(self.ctx, entry_id)

    def dismiss(self, entry_id: int) -> str:
        from followup_desktop.services.mail.sync import dismiss

        return dismiss(self.ctx, entry_id)

    def forget(self) -> list[str]:
        account = self.account()
        if account is None:
            return [accounts_status.nothing_to_forget_line("mail")]
        try:
            had = self.secrets.delete_secret(KEYRING_SERVICE, account.keyring_user())
        except SecretsError as exc:
            raise MailError(f"{exc}; the account was not forgotten") from None
        with self.ctx.store.write():
            self.ctx.store.set_value(ACCOUNT_KEY, None)
            for key in ALL_KEYS:
                self.ctx.store.set_value(key, None)
        return [f"forgot {account.describe()}",
                "password: " + ("removed from the keyring" if had else "none was kept"),
                "(what was recorded from mail stays in your plan; drafts already in "
                "Drafts stay there)"]


def _with(account: Account, **changes: Any) -> Account:
    import dataclasses

    return dataclasses.replace(account, **changes)
