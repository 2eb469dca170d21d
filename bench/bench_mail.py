"""The mail account's sync against a plain IMAPClient script, on a real Dovecot.

A Dovecot of the tests (``tests/helpers/dovecot.py``: 127.0.0.1, TLS with a CA made for
the run) holds 5,000 new messages in Sent and 5,000 in INBOX; the data folder is the demo's
(a job seeker's few applications: the sync matches against them).

- 10,000 new: ``MailAccount.sync`` from the state before those messages arrived (reset
  before each run) against a plain IMAPClient script that logs in, and per folder examines
  it, searches ``UID n:*`` and fetches the same header fields of the same UIDs in the same
  batches -- the searches the sync does, with nothing done with the answers. Run
  alternately, median of 3. Target ≤ 1.5×.
- Nothing new: a sync with nothing new against a plain script that logs in and asks
  ``STATUS`` of the same folders. Target ≤ 1.2×; and the IMAP commands the sync sends per
  folder (everything but LOGIN, CAPABILITY and LOGOUT, counted at imaplib) at most 2.
"""

from __future__ import annotations

import datetime as dt
import imaplib
import shutil
import ssl
import statistics
import tempfile
import time
from pathlib import Path

from bench.harness import Result, ratio_result

NEW_LIMIT = 1.5
IDLE_LIMIT = 1.2
COMMANDS_PER_FOLDER = 2
N = 10_000
RUNS = 3


def _plain_new(server, folders: dict[str, int]) -> None:
    from imapclient import IMAPClient

    from followup_desktop.services.mail.headers import FETCH_ITEM
    from followup_desktop.services.mail.sync import BATCH

    imap = IMAPClient(server.host, port=server.port, ssl=True, timeout=60,
                      ssl_context=ssl.create_default_context(cafile=str(server.cert.ca)))
    imap.login(server.user, server.password)
    imap.normalise_times = False
    for folder, last in folders.items():
        imap.select_folder(folder, readonly=True)
        uids = sorted(u for u in imap.search(["UID", f"{last + 1}:*"]) if u > last)
        for i in range(0, len(uids), BATCH):
            imap.fetch(uids[i:i + BATCH], [FETCH_ITEM, "INTERNALDATE"])
    imap.logout()


def _plain_status(server, folders: list[str]) -> None:
    from imapclient import IMAPClient

    imap = IMAPClient(server.host, port=server.port, ssl=True, timeout=60,
                      ssl_context=ssl.create_default_context(cafile=str(server.cert.ca)))
    imap.login(server.user, server.password)
    for folder in folders:
        imap.folder_status(folder, [b"UIDNEXT", b"UIDVALIDITY", b"HIGHESTMODSEQ"])
    imap.logout()


def _timed(fn) -> float:  # type: ignore[no-untyped-def]
    t0 = time.perf_counter()
    fn()
    return (time.perf_counter() - t0) * 1000


def run(data_dir: Path) -> list[Result]:  # the big data folder is not used: see above
    from followup_desktop.clock import fixed_clock
    from followup_desktop.context import AppContext
    from followup_desktop.paths import Paths
    from followup_desktop.services.demo import fill_demo
    from followup_desktop.services.mail import MailAccount
    from followup_desktop.services.mail.journal import JOURNAL_KEY, SYNC_KEY
    from followup_desktop.services.secrets import Secrets
    from tests.helpers.dovecot import append_many, plain_message, run_dovecot

    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    tmp = Path(tempfile.mkdtemp(prefix="followup-bench-mail-"))
    try:
        with run_dovecot() as server:
            ctx = AppContext.open(Paths.for_data_dir(tmp / "data"), clock=fixed_clock(now))
            fill_demo(ctx.store, now, "UTC")
            mail = MailAccount(ctx, Secrets(probe=False), timeout=60)
            mail.setup(host=server.host, port=server.port, user=server.user,
                       password=server.password, ca_file=server.cert.ca, session_only=True)
            mail.sync(now)
            before = ctx.store.get_value(SYNC_KEY, {})
            journal = ctx.store.get_value(JOURNAL_KEY, None)
            account = mail.account()
            assert account is not None
            folders = {account.folders.sent: 0, account.folders.inbox: 0}
            date = now.strftime("%a, %d %b %Y %H:%M:%S +0000")
            half = N // 2
            append_many(server, account.folders.sent,
                        [plain_message(n, sender=server.user, to=f"friend{n}@else.example",
                                       date=date) for n in range(half)])
            append_many(server, account.folders.inbox,
                        [plain_message(n, sender=f"news{n}@shop.example", to=server.user,
                                       date=date) for n in range(half, N)])

            def ours_new() -> None:
                with ctx.store.write():
                    ctx.store.set_value(SYNC_KEY, before)
                    ctx.store.set_value(JOURNAL_KEY, journal)
                t0 = time.perf_counter()
                mail.sync(now)
                samples_ours.append((time.perf_counter() - t0) * 1000)

            samples_ours: list[float] = []
            samples_plain: list[float] = []
            ours_new()  # warm: Dovecot builds its index caches on the first fetch
            _plain_new(server, folders)
            samples_ours.clear()
            for _ in range(RUNS):
                ours_new()
                samples_plain.append(_timed(lambda: _plain_new(server, folders)))
            new = ratio_result("mail sync: 10,000 new messages (Sent + Inbox)",
                               statistics.median(samples_ours),
                               statistics.median(samples_plain), NEW_LIMIT,
                               note="against IMAPClient: select, UID SEARCH, FETCH of the "
                                    "same header fields in the same batches")

            # nothing new: count the commands, then time against a plain STATUS
            sent: list[str] = []
            real = imaplib.IMAP4._command

            def counting(self, name, *args):  # type: ignore[no-untyped-def]
                sent.append(str(name).upper())
                return real(self, name, *args)

            imaplib.IMAP4._command = counting  # type: ignore[method-assign]
            try:
                mail.sync(now)
            finally:
                imaplib.IMAP4._command = real  # type: ignore[method-assign]
            work = [c for c in sent if c not in ("LOGIN", "LOGOUT", "CAPABILITY")]
            per_folder = len(work) / len(folders)
            idle_ours: list[float] = []
            idle_plain: list[float] = []
            names = list(folders)
            _timed(lambda: mail.sync(now))
            _timed(lambda: _plain_status(server, names))
            for _ in range(RUNS * 3):
                idle_ours.append(_timed(lambda: mail.sync(now)))
                idle_plain.append(_timed(lambda: _plain_status(server, names)))
            idle = ratio_result("mail sync: nothing new", statistics.median(idle_ours),
                                statistics.median(idle_plain), IDLE_LIMIT,
                                note="against IMAPClient: login, STATUS of the same folders")
            commands = Result("mail sync: nothing new, IMAP commands per folder", per_folder,
                              0, "commands", f"≤ {COMMANDS_PER_FOLDER}",
                              per_folder <= COMMANDS_PER_FOLDER,
                              note=" ".join(work))
            ctx.close()
            return [new, idle, commands]
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    for result in run(Path(".")):
        print(result.row())
