"""The calendar account's sync, off the GUI thread: after every change of the plan and
every N minutes, driven by the tray's reminder scheduler (no timer of its own: the
scheduler's tick already wakes the tray once a minute).

The network runs in a worker thread. The store has one connection, owned by the GUI
thread: the worker hands each database access to it (:class:`WorkerContext`, a blocking
queued call) and waits, so the window never blocks on the server, only for the few
milliseconds of each read or write. A failure is one line for the status bar
(:attr:`CalendarSync.status`); a server that is down is tried again with backoff.
"""

from __future__ import annotations

import datetime as dt
import inspect
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal, Slot

#: waits between tries while the server is unreachable (seconds)
BACKOFF = (30.0, 120.0, 600.0)
#: the store's value that holds the account's settings
#: (``services.calendar_account.account.SETTINGS_KEY``; a test holds them equal): asked
#: first, so that with no account the account's code (its DAV client, ssl: about 5.7 MB
#: resident) is never loaded
SETTINGS_KEY = "calendar_account"


def _set_up(ctx: Any) -> bool:
    try:
        return ctx.store.get_value(SETTINGS_KEY, None) is not None
    except Exception:  # noqa: BLE001 - the store is busy or closed: not now
        return False


class _Box:
    __slots__ = ("fn", "result", "error")

    def __init__(self, fn: Callable[[], Any]) -> None:
        self.fn = fn
        self.result: Any = None
        self.error: BaseException | None = None


class _Invoker(QObject):
    """Runs callables on the thread it lives in (the GUI thread), for a worker."""

    call = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.call.connect(self._run, Qt.ConnectionType.BlockingQueuedConnection)

    @Slot(object)
    def _run(self, box: _Box) -> None:
        try:
            box.result = box.fn()
        except BaseException as exc:  # handed back to the worker, raised there
            box.error = exc

    def invoke(self, fn: Callable[[], Any]) -> Any:
        if threading.current_thread() is threading.main_thread():
            return fn()
        box = _Box(fn)
        self.call.emit(box)
        if box.error is not None:
            raise box.error
        return box.result


class _OnGui:
    """``target``'s methods, each called on the GUI thread."""

    def __init__(self, target: Any, invoke: Callable[[Callable[[], Any]], Any]) -> None:
        self._target = target
        self._invoke = invoke

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._target, name)
        if not inspect.ismethod(value):  # an attribute (``revision``, ``db``): as it is
            return value
        invoke = self._invoke

        def call(*args: Any, **kwargs: Any) -> Any:
            return invoke(lambda: value(*args, **kwargs))

        return call


class WorkerContext:
    """What the sync needs of the AppContext, for a worker thread: every database
    access runs on the GUI thread (``run_on_store``)."""

    def __init__(self, ctx: Any, invoke: Callable[[Callable[[], Any]], Any]) -> None:
        self._ctx = ctx
        self.paths = ctx.paths
        self.clock = ctx.clock
        self.store = _OnGui(ctx.store, invoke)
        self.run_on_store = invoke

    def now(self) -> dt.datetime:
        return self.clock()  # type: ignore[no-any-return]

    def agenda(self, now: dt.datetime | None = None) -> list[Any]:
        return self.run_on_store(lambda: list(self._ctx.agenda(now)))  # type: ignore[no-any-return]

    def tz(self) -> Any:
        return self.run_on_store(self._ctx.tz)

    def profile(self) -> Any:
        return self.run_on_store(self._ctx.profile)

    def application(self, app_id: int) -> Any:
        return self.run_on_store(lambda: self._ctx.application(app_id))

    def applications(self) -> list[Any]:
        return self.run_on_store(self._ctx.applications)  # type: ignore[no-any-return]


class CalendarSync(QObject):
    """Starts a sync when asked (and one is not running), reports in signals.

    ``status``: one line for the status bar ("" when the last sync went well);
    ``finished``: the :class:`SyncReport`, or None after a failure; ``offers``: the
    invites offered by this sync (lines).
    """

    status = Signal(str)
    finished = Signal(object)
    offers = Signal(list)

    def __init__(self, ctx: Any, parent: QObject | None = None, *,
                 sync: Callable[..., Any] | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._sync = sync
        self._invoker = _Invoker(self)
        self._thread: threading.Thread | None = None
        self._again = False
        self._seen_revision = -1
        self._last_run: dt.datetime | None = None
        self._failures = 0
        self._retry_at: dt.datetime | None = None
        self._done.connect(self._on_done, Qt.ConnectionType.QueuedConnection)

    _done = Signal(object, object)  # report, error text

    # -- when ------------------------------------------------------------------------------

    def attach(self, scheduler: Any) -> None:
        """Sync after the plan changed (the scheduler re-checked it) and every N minutes
        (its tick)."""
        scheduler.checked.connect(lambda *_: self.plan_changed())
        scheduler.ticked.connect(self.tick)

    def configured(self) -> bool:
        if not _set_up(self.ctx):
            return False
        from followup_desktop.services.calendar_account import load_config

        try:
            return load_config(self.ctx) is not None
        except Exception:  # the store is busy or closed: not now
            return False

    def plan_changed(self) -> None:
        if self.ctx.store.revision != self._seen_revision:
            self.request()

    def tick(self) -> None:
        now = self.ctx.now()
        if self._retry_at is not None:
            if now >= self._retry_at:
                self.request()
            return
        if not _set_up(self.ctx):
            return
        from followup_desktop.services.calendar_account import load_config

        config = load_config(self.ctx)
        if config is None:
            return
        every = dt.timedelta(minutes=max(1, config.interval_minutes))
        due = self._last_run is None or now - self._last_run >= every
        if due or self.ctx.store.revision != self._seen_revision:
            self.request()

    @property
    def running(self) -> bool:
        return self._thread is not None

    def request(self) -> bool:
        """Start a sync now; one running already runs again after it. False when no
        account is set up."""
        if not self.configured():
            return False
        if self._thread is not None:
            self._again = True
            return True
        self._again = False
        self._last_run = self.ctx.now()
        worker_ctx = WorkerContext(self.ctx, self._invoker.invoke)
        self._thread = threading.Thread(target=self._work, args=(worker_ctx,),
                                        name="calendar-sync", daemon=True)
        self._thread.start()
        return True

    # -- the worker --------------------------------------------------------------------------

    def _work(self, worker_ctx: WorkerContext) -> None:
        from followup_desktop.services.calendar_account import (
            CalendarAccountError,
            sync_account,
        )

        run = self._sync or sync_account
        try:
            report = run(worker_ctx)
        except CalendarAccountError as exc:
            self._done.emit(None, str(exc))
        except Exception as exc:  # a store error, anything: a line, never a crash
            self._done.emit(None, f"{type(exc).__name__}: {exc}")
        else:
            self._done.emit(report, None)

    @Slot(object, object)
    def _on_done(self, report: Any, error: str | None) -> None:
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.join(timeout=1)
        self._seen_revision = self.ctx.store.revision
        if error is not None:
            from followup_desktop.services.calendar_account import CalendarAccountError
            from followup_desktop.services.calendar_account.sync import _transient

            transient = _transient(CalendarAccountError(error))
            if transient:
                delay = BACKOFF[min(self._failures, len(BACKOFF) - 1)]
                self._failures += 1
                self._retry_at = self.ctx.now() + dt.timedelta(seconds=delay)
                self.status.emit(f"Calendar account: {error} Trying again in "
                                 f"{_minutes(delay)}.")
            else:
                self._retry_at = None
                self.status.emit(f"Calendar account: {error}")
            self.finished.emit(None)
            return
        self._failures = 0
        self._retry_at = None
        self.status.emit("")
        if report is not None and report.offers:
            self.offers.emit(list(report.offers))
        self.finished.emit(report)
        if self._again:
            self.request()


def _minutes(seconds: float) -> str:
    if seconds < 60:
        return f"{int(seconds)} s"
    return f"{int(seconds // 60)} min"


class Worker(QObject):
    """One call ``fn(worker_ctx)`` in a thread; ``done(result, error text)`` on the GUI
    thread. For the settings page's Test and save, Sync now."""

    done = Signal(object, object)

    def __init__(self, ctx: Any, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._invoker = _Invoker(self)
        self._thread: threading.Thread | None = None
        self._relay.connect(self._finish, Qt.ConnectionType.QueuedConnection)

    _relay = Signal(object, object)

    @property
    def running(self) -> bool:
        return self._thread is not None

    def start(self, fn: Callable[[WorkerContext], Any]) -> bool:
        if self._thread is not None:
            return False
        worker_ctx = WorkerContext(self.ctx, self._invoker.invoke)

        def work() -> None:
            from followup_desktop.services.calendar_account import CalendarAccountError

            try:
                result = fn(worker_ctx)
            except CalendarAccountError as exc:
                self._relay.emit(None, str(exc))
            except Exception as exc:  # shown as a line, never a crash
                self._relay.emit(None, f"{type(exc).__name__}: {exc}")
            else:
                self._relay.emit(result, None)

        self._thread = threading.Thread(target=work, name="calendar-account", daemon=True)
        self._thread.start()
        return True

    @Slot(object, object)
    def _finish(self, result: Any, error: str | None) -> None:
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.join(timeout=1)
        self.done.emit(result, error)


def install_calendar_sync(ctx: Any, window: Any, scheduler: Any) -> CalendarSync:
    """The window's and the tray's sync: attached to the reminder scheduler, its failures
    one line in the window's status bar (cleared when a sync works again), its invites
    pointed to in the status bar. A first sync at once when an account is set up."""
    sync = CalendarSync(ctx, window)
    sync.attach(scheduler)
    shown = {"text": ""}

    def show(text: str) -> None:
        bar = window.statusBar()
        if text:
            bar.showMessage(text)
        elif shown["text"] and bar.currentMessage() == shown["text"]:
            bar.clearMessage()
        shown["text"] = text

    def offered(lines: list[str]) -> None:
        n = len(lines)
        what = "an interview invite" if n == 1 else f"{n} interview invites"
        show(f"Calendar account: {what} found in your calendar — add "
             f"{'it' if n == 1 else 'them'} in Settings › Calendar account.")

    sync.status.connect(show)
    sync.offers.connect(offered)
    sync.request()
    return sync
