"""The mail account off the GUI thread: a worker with its own IMAP connection, the tray's
periodic sync with backoff, and one status line when the server is down.

Beside :mod:`~followup_desktop.reminders.calendar_sync` for the same reason: it needs
QtCore only (a thread, signals, the scheduler's ticks), never a widget, so a process with
no window can sync too. The window's part (the status-bar labels, the "what did the reply
say?" questions) is :mod:`followup_desktop.ui.mail_sync`.

- :class:`MailRunner` owns a ``QThread`` (made on first use) and a :class:`MailWorker`
  living in it. A job (``"sync"``, ``"push"``, ``"setup"``) goes over a queued signal; the
  worker opens its own IMAP connection and answers with :attr:`MailRunner.done` or
  :attr:`MailRunner.failed`. The store has one SQLite connection (exclusive locking,
  owned by the GUI thread): the worker hands each piece of store work (reading the plan,
  saving a batch) to the GUI thread and waits for it -- milliseconds, between network
  round trips.
- :class:`MailSync` rides on the reminder scheduler's re-check (every 2 minutes): it starts
  a sync when ``mail_sync_minutes`` have passed or after a wake-up (wall and monotonic
  clocks apart), so the tray keeps its idle figures (no timer of its own). A server that
  is down is tried again after 1, 2, 4 ... minutes (at most ``mail_sync_minutes``) and is
  said in one line of the status bar -- never a dialog.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot

log = logging.getLogger(__name__)

#: wall and monotonic clocks apart by more than this since the last tick: a wake-up
GAP_S = 20.0
#: the store's values that say a mail account is set up, and what its sync recorded
#: (``services.mail.account.ACCOUNT_KEY``, ``services.mail.journal.JOURNAL_KEY``; a test
#: holds them equal): asked here without importing the mail code, so a process with no
#: mail account never loads it (IMAP, ssl: about 8 MB)
ACCOUNT_KEY = "mail.account"
JOURNAL_KEY = "mail.journal"


def has_account(ctx: Any) -> bool:
    """Is a mail account set up? (Never an error: a store that is busy or closed says no.)"""
    try:
        return bool(ctx.store.get_value(ACCOUNT_KEY, None))
    except Exception:  # noqa: BLE001 - asked on every tick: not now
        return False


class _Call:
    __slots__ = ("fn", "result", "error")

    def __init__(self, fn: Callable[[], Any]) -> None:
        self.fn = fn
        self.result: Any = None
        self.error: BaseException | None = None


class _DbBridge(QObject):
    """Lives in the GUI thread: runs the store's part of a mail job there (the store has
    one connection, opened in exclusive mode by the GUI thread) while the worker waits."""

    call = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.call.connect(self._run, Qt.ConnectionType.BlockingQueuedConnection)

    @Slot(object)
    def _run(self, job: _Call) -> None:
        try:
            job.result = job.fn()
        except BaseException as exc:  # handed back to the worker, raised there
            job.error = exc


class MailWorker(QObject):
    """Runs mail jobs in the runner's thread: the network here, the store's part (a few
    milliseconds per batch) on the GUI thread through the bridge. Never touches a widget."""

    done = Signal(str, object)  # job, list[str]
    failed = Signal(str, str, str)  # job, message, kind: "unavailable" | "password" | "error"

    def __init__(self, ctx: Any, bridge: _DbBridge,
                 make_account: Callable[[Any, Any], Any] | None = None) -> None:
        super().__init__()
        self.ctx = ctx
        self.bridge = bridge
        self._make_account = make_account
        self.cancelled = False

    def db(self, fn: Callable[[], Any]) -> Any:
        from followup_desktop.services.mail import MailError

        if QThread.currentThread() is self.bridge.thread():
            return fn()  # already there (a store step that reads the account, say)
        if self.cancelled:
            raise MailError("Followup is closing")
        job = _Call(fn)
        self.bridge.call.emit(job)
        if job.error is not None:
            raise job.error
        return job.result

    def account(self) -> Any:
        if self._make_account is not None:
            return self._make_account(self.ctx, self.db)
        from followup_desktop.services.mail import MailAccount

        return MailAccount(self.ctx, db=self.db)

    @Slot(str, object)
    def run(self, job: str, payload: Any) -> None:
        from followup_desktop.services.mail import MailError, MailUnavailable, NeedPassword
        from followup_desktop.store import StoreError

        try:
            mail = self.account()
            now = self.db(self.ctx.now)
            if job == "sync":
                lines = mail.sync(now)
            elif job == "push":
                lines = mail.push(now, drafts=payload)
            elif job == "setup":
                lines = mail.setup(**payload).lines
            else:
                raise MailError(f"unknown mail job {job}")
        except NeedPassword as exc:
            self.failed.emit(job, str(exc), "password")
        except MailUnavailable as exc:
            self.failed.emit(job, str(exc), "unavailable")
        except (MailError, StoreError) as exc:
            self.failed.emit(job, str(exc), "error")
        except Exception as exc:  # never let a worker die silently
            log.exception("mail job %s failed", job)
            self.failed.emit(job, f"{type(exc).__name__}: {exc}", "error")
        else:
            self.done.emit(job, list(lines))


class MailRunner(QObject):
    """The GUI side: ``submit(job, payload)``; answers come back on the GUI thread."""

    done = Signal(str, object)
    failed = Signal(str, str, str)
    _request = Signal(str, object)

    def __init__(self, ctx: Any, parent: QObject | None = None, *,
                 make_account: Callable[[Any, Any], Any] | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._make_account = make_account
        self._thread: QThread | None = None
        self._worker: MailWorker | None = None
        self._bridge = _DbBridge(self)
        self.busy: set[str] = set()

    def _ensure(self) -> None:
        if self._thread is not None:
            return
        self._thread = QThread(self)
        self._thread.setObjectName("mail-worker")
        self._worker = MailWorker(self.ctx, self._bridge, self._make_account)
        self._worker.moveToThread(self._thread)
        self._request.connect(self._worker.run)
        self._worker.done.connect(self._on_done)
        self._worker.failed.connect(self._on_failed)
        self._thread.start()

    def submit(self, job: str, payload: Any = None) -> bool:
        """Start ``job``; False when the same job is already running."""
        if job in self.busy:
            return False
        self._ensure()
        self.busy.add(job)
        self._request.emit(job, payload)
        return True

    def _on_done(self, job: str, lines: Any) -> None:
        self.busy.discard(job)
        self.done.emit(job, lines)

    def _on_failed(self, job: str, message: str, kind: str) -> None:
        self.busy.discard(job)
        self.failed.emit(job, message, kind)

    def stop(self, timeout_s: float = 30.0) -> None:
        """End the worker thread: a job under way stops at its next use of the store (the
        GUI thread keeps serving those while it waits, so neither waits for the other)."""
        from PySide6.QtCore import QCoreApplication

        thread, worker = self._thread, self._worker
        if thread is None:
            return
        if worker is not None:
            worker.cancelled = True
        thread.quit()
        deadline = time.monotonic() + timeout_s
        while thread.isRunning() and time.monotonic() < deadline:
            QCoreApplication.processEvents()
            thread.wait(20)
        self._thread = None


class MailSync(QObject):
    """Periodic sync on the scheduler's ticks, with backoff; ``status`` is the one line
    for the status bar ("" when all is well)."""

    status = Signal(str, str)  # the line ("" when all is well), its detail (the tooltip)
    synced = Signal(object)  # the lines of a sync that went through

    def __init__(self, ctx: Any, runner: MailRunner, *,
                 monotonic: Callable[[], float] = time.monotonic,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.runner = runner
        self._monotonic = monotonic
        self.last_attempt: dt.datetime | None = None
        self.failures = 0
        self.blocked = ""  #: a reason no retry helps (password needed, account gone)
        self._wall: dt.datetime | None = None
        self._mono = 0.0
        runner.done.connect(self._done)
        runner.failed.connect(self._failed)

    def has_account(self) -> bool:
        return has_account(self.ctx)

    def interval(self) -> dt.timedelta:
        return dt.timedelta(minutes=int(self.ctx.settings().mail_sync_minutes))

    def delay(self) -> dt.timedelta:
        """How long after the last attempt the next one is due (backoff after failures)."""
        if self.failures == 0:
            return self.interval()
        return min(self.interval(), dt.timedelta(minutes=2 ** (self.failures - 1)))

    def woke(self) -> bool:
        now, mono = self.ctx.now(), self._monotonic()
        gap = False
        if self._wall is not None:
            gap = abs((now - self._wall).total_seconds() - (mono - self._mono)) > GAP_S
        self._wall, self._mono = now, mono
        return gap

    def tick(self, *_: object) -> None:
        """A scheduler re-check: sync if it is time (or the machine just woke up)."""
        woke = self.woke()
        if self.blocked or not self.has_account():
            return
        now = self.ctx.now()
        if woke or self.last_attempt is None or now - self.last_attempt >= self.delay():
            self.sync_now()

    def sync_now(self) -> bool:
        self.last_attempt = self.ctx.now()
        return self.runner.submit("sync")

    def account_changed(self) -> None:
        """The user set up (or forgot) the account: start afresh."""
        self.failures = 0
        self.blocked = ""
        self.last_attempt = None
        self.status.emit("", "")

    def _done(self, job: str, lines: Any) -> None:
        if job == "setup":
            self.account_changed()
            return
        if job != "sync":
            return
        self.failures = 0
        self.status.emit("", "")
        self.synced.emit(lines)

    def _failed(self, job: str, message: str, kind: str) -> None:
        if job != "sync":
            return
        if kind == "unavailable":
            self.failures += 1
            minutes = int(self.delay().total_seconds() // 60)
            self.status.emit(f"Mail: the server cannot be reached — trying again in "
                             f"{minutes} min", message)
        elif kind == "password":
            self.blocked = message
            self.status.emit("Mail: the password is needed — Settings › Mail account",
                             message)
        else:
            self.failures += 1
            self.status.emit("Mail: the last check failed — Settings › Mail account",
                             message)
