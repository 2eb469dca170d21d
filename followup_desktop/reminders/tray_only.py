"""The tray without the window: the process a closed window leaves behind.

A window process that is closed to the tray keeps every widget's code, their Python types
and the heap its planning fragmented: about twice what a bare tray icon costs, for as long
as the user is logged in. So once the window has stayed closed for a moment, the process
re-executes itself (same process id, same command line) **tray-only** (:func:`relaunch`
with ``tray``): the store, the plan (read from the database, :mod:`..store.plan_cache`,
when it is still true), the reminder scheduler, the notifiers, the tray icon and its menu,
the automatic backups -- no window, no table, no composer.

Anything that needs the window ("Open Followup", a follow-up in the menu, a notice's
"Open", another launch asking to be shown) re-executes it again as the full app, which
starts as any start does (the plan from the database: well under a second) and shows that
follow-up. Between the two images the single-instance lock is released and taken again:
a launch in that moment becomes the owner and the re-executed process defers to it (it is
told to show itself), so two processes never share the data.

The mode travels in the environment (``FOLLOWUP_START``), read and removed at start, so
nothing the app launches inherits it. A password the user gave for this session only (no
keyring) goes on with the process through an inherited pipe (``services.secrets.hand_over``),
read and closed at start.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QObject, QTimer

log = logging.getLogger(__name__)

ENV = "FOLLOWUP_START"
#: how often the tray-only process asks "is a backup due?" (as the window does)
BACKUP_CHECK_MS = 5 * 60 * 1000
#: SQLite's page cache in the tray-only process (KiB; it reads the plan, rarely rows)
PAGE_CACHE_KIB = 256
#: the modules that make the window's kept rows (``ui.table_model.ROW_MODULES``, held
#: equal by a test): their source is in the fingerprint the window keeps its plan under
WINDOW_ROW_MODULES = ("followup_desktop.ui.table_model", "followup_desktop.humanize",
                      "followup_desktop.schedule.reasons", "followup_desktop.ui.calendar_pane")


def window_fingerprint(ctx: Any) -> str:
    """The fingerprint the window keeps its plan under (``ctx.plan_fingerprint`` of
    :data:`WINDOW_ROW_MODULES`), made without importing the window's modules: each one's
    source file is found, not run. So the tray reads the plan the window kept (the
    agenda; the rows are the window's) instead of planning again and keeping its own over
    it -- which would make the next window plan again too."""
    from followup_desktop.settings import settings_to_dict
    from followup_desktop.store import plan_cache

    parts = {"settings": settings_to_dict(ctx.settings()), "tz": ctx.profile().timezone}
    return plan_cache.fingerprint(parts, (*ctx.PLAN_MODULES, *WINDOW_ROW_MODULES))


def requested() -> tuple[str, str] | None:
    """``("tray", "")`` or ``("window", key)`` when this process was re-executed into a
    mode, ``("plan", "")`` in the helper that keeps the window's plan
    (:meth:`TrayOnly.plan_for_window`) (the variable is removed), else None. The
    session's secrets handed over by the image before are taken first
    (``services.secrets.take_over``)."""
    if os.environ.get("FOLLOWUP_SESSION_FD"):  # secrets.HANDOVER_ENV
        from followup_desktop.services import secrets

        secrets.take_over()
    value = os.environ.pop(ENV, None)
    if not value:
        return None
    mode, _, key = value.partition(":")
    return (mode, key) if mode in ("tray", "window", "plan") else None


def command() -> list[str]:
    """This process's own command line, to run again (a bundle: its executable)."""
    if getattr(sys, "frozen", False):
        return [sys.executable, *sys.argv[1:]]
    orig = getattr(sys, "orig_argv", None)
    if orig:
        return [sys.executable, *orig[1:]]
    return [sys.executable, *sys.argv]


def helper_command(paths: Any) -> list[str]:
    """The command of the helper that keeps the window's plan: the app itself, on the
    folder of ``paths``. Not this process's own command line (:func:`command`): a
    tray-only image runs the app, but a test runner or a script that drives
    :class:`TrayOnly` would be started again whole -- and its helper again."""
    from followup_desktop.paths import resolve

    frozen = getattr(sys, "frozen", False)
    cmd = [sys.executable] if frozen else [sys.executable, "-m", "followup_desktop"]
    if resolve() != paths:  # a folder of its own (--data-dir): the helper's too
        cmd += ["--data-dir", str(paths.data_dir)]
    return cmd


def relaunch(mode: str, key: str = "", *, before: Sequence[Any] = ()) -> None:
    """Run ``before`` (callables: save, close the store, release the lock), then replace
    this process with itself in ``mode`` (``tray`` or ``window``, showing follow-up
    ``key``). Does not return; if the exec fails, the process exits 1 (the lock is
    already released, so a new launch starts normally)."""
    for fn in before:
        try:
            fn()
        except Exception:  # noqa: BLE001 - each step is best effort on the way out
            log.exception("before relaunching %s", mode)
    os.environ[ENV] = f"{mode}:{key}" if key else mode
    if "followup_desktop.services.secrets" in sys.modules:  # else none held this session
        from followup_desktop.services import secrets

        secrets.hand_over()  # a password given for this session only goes on with it
    sys.stdout.flush()
    sys.stderr.flush()
    cmd = command()
    try:
        os.execv(cmd[0], cmd)
    except OSError as exc:
        log.error("could not relaunch %s: %s", mode, exc)
        os._exit(1)


class WindowLauncher(QObject):
    """Stands for the window in the tray-only process (``TrayController`` duck-types its
    window): showing it re-executes the full app on that follow-up."""

    def __init__(self, on_open: Any, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._on_open = on_open
        self._key = ""

    def show_followup(self, key: str) -> bool:
        self._key = key
        return True

    def bring_to_front(self) -> None:
        key, self._key = self._key, ""
        self._on_open(key)

    def show(self) -> None:
        self.bring_to_front()

    def isVisible(self) -> bool:  # noqa: N802 - the window's name
        return False

    def isMinimized(self) -> bool:  # noqa: N802
        return False


class TrayOnly:
    """The tray-only process: ``run()`` until Quit, or until the window is asked for."""

    def __init__(self, app: Any, paths: Any, instance: Any, *, clock: Any = None) -> None:
        self.app, self.paths, self.instance = app, paths, instance
        self.clock = clock  #: None: the system's (tests give theirs)
        self.ctx: Any = None
        self.tray: Any = None
        self.backups: Any = None
        self._backup_timer: QTimer | None = None
        self.mail_sync: Any = None
        #: what :meth:`plan_for_window` runs (None: :func:`helper_command`)
        self.helper_command: list[str] | None = None

    def run(self) -> int:
        code = self.start()
        if code is not None:
            return code
        code = self.app.exec()
        self.shut_down(exit_backup=True)
        return int(code)

    def start(self) -> int | None:
        """Everything before the event loop: the data, the plan, the tray, the backups,
        the accounts' syncs. An exit status when the process goes no further."""
        from followup_desktop.clock import system_clock
        from followup_desktop.context import AppContext
        from followup_desktop.store import StoreError

        try:
            ctx = AppContext.open(self.paths, clock=self.clock or system_clock)
        except StoreError:
            # Anything that needs a word with the user (a damaged or newer file) is the
            # window's job: it has the dialogs.
            self.open_window("")
            return 1
        self.ctx = ctx
        if ctx.store.is_sample_data():  # sample data has no tray: its window, then
            self.open_window("")
            return 0
        ctx.store.limit_page_cache(PAGE_CACHE_KIB)
        ctx.pack = True
        # The window's plan (kept when it closed), else the tray's own; else the first
        # check plans.
        now = ctx.now()
        stored = window_plan = ctx.stored_plan(
            now, extra=False, fingerprint=window_fingerprint(ctx), expired=False)
        if stored is None:
            stored = ctx.stored_plan(now, extra=False, expired=False)
        self.instance.listen()
        self.instance.activated.connect(lambda: self.open_window(""))
        from followup_desktop.reminders.tray import TrayController

        self.launcher = WindowLauncher(self.open_window)
        self.tray = TrayController(ctx, self.launcher)
        self.tray.start()  # its first check plans, if nothing was stored
        if window_plan is None:
            # The tray planned for itself, or read its own plan: a window opened from
            # here would plan again as it starts (a second or two for years of data).
            self.plan_for_window()
        if stored is None:
            ctx.keep_plan(None)  # for the next start of the tray
        self._start_backups()
        self._start_calendar_sync()
        self._start_mail_sync()
        return None

    def plan_for_window(self) -> bool:
        """Start the helper that plans with the window's rows and keeps them (a detached
        child at low priority: ``ui.main_window.plan_rows.keep_window_plan``), so that the
        window opened from here paints from them. Its modules and its plan's heap never
        enter this process. True when it started."""
        from PySide6.QtCore import QProcess, QProcessEnvironment

        if self.ctx is None or self.ctx.store.read_only:
            return False
        env = QProcessEnvironment.systemEnvironment()
        env.insert(ENV, "plan")
        env.insert("QT_QPA_PLATFORM", "offscreen")  # it shows nothing
        env.remove("FOLLOWUP_SESSION_FD")  # no secrets go with it
        cmd = self.helper_command or helper_command(self.paths)
        proc = QProcess()
        proc.setProgram(cmd[0])
        proc.setArguments(cmd[1:])
        proc.setProcessEnvironment(env)
        proc.setStandardInputFile(QProcess.nullDevice())
        proc.setStandardOutputFile(QProcess.nullDevice())
        proc.setStandardErrorFile(QProcess.nullDevice())
        started = bool(proc.startDetached())
        if not started:
            log.warning("could not start the helper that keeps the window's plan")
        return started

    def _start_backups(self) -> None:
        import contextlib

        from followup_desktop.store import StoreError
        from followup_desktop.store.backups import BackupManager, Reason

        ctx = self.ctx
        if ctx.store.read_only:
            return
        self.backups = manager = BackupManager(ctx.store, ctx.paths, ctx.clock)
        timer = QTimer()
        timer.setObjectName("autoBackupTimer")
        timer.setInterval(BACKUP_CHECK_MS)

        def tick() -> None:
            with contextlib.suppress(StoreError):
                manager.maybe_backup(Reason.PERIODIC)

        timer.timeout.connect(tick)
        timer.start()
        self._backup_timer = timer

    def _start_calendar_sync(self) -> None:
        """The calendar account's sync goes on in the tray, as it does beside the window
        (its failures are logged: there is no status bar to show them)."""
        try:
            from followup_desktop.reminders.calendar_sync import CalendarSync
        except ImportError:
            return
        self.calendar_sync = sync = CalendarSync(self.ctx, self.launcher)
        sync.attach(self.tray.scheduler)
        sync.status.connect(lambda text: text and log.info("calendar account: %s", text))
        sync.request()

    def _start_mail_sync(self) -> None:
        """The mail account's sync goes on in the tray on the window's schedule (the
        scheduler's re-checks; :class:`~.mail_sync.MailSync`), so sent notes and replies
        are noticed with the window closed and the reminders follow them. The mail code
        is loaded only once an account is set up (asked on every re-check: one set up by a
        command beside the tray is picked up)."""
        scheduler = self.tray.scheduler
        scheduler.ticked.connect(self._mail_tick)
        scheduler.checked.connect(self._mail_tick)
        self._mail_tick()

    def _mail_tick(self, *_: object) -> None:
        from followup_desktop.reminders.mail_sync import has_account

        if self.ctx is None:
            return
        if self.mail_sync is None:
            if not has_account(self.ctx):
                return
            from followup_desktop.reminders.mail_sync import MailRunner, MailSync

            runner = MailRunner(self.ctx, parent=self.launcher)
            self.mail_sync = sync = MailSync(self.ctx, runner, parent=self.launcher)
            sync.status.connect(
                lambda text, detail: text and log.info("mail account: %s (%s)", text, detail))
            # a sent note or a reply recorded: the reminders and the menu follow at once
            sync.synced.connect(self._mail_synced)
        self.mail_sync.tick()

    def _mail_synced(self, lines: Any) -> None:
        if lines and self.tray is not None:
            self.tray.scheduler.check()

    def shut_down(self, *, exit_backup: bool) -> None:
        if self._backup_timer is not None:
            self._backup_timer.stop()
        if self.mail_sync is not None:
            self.mail_sync.runner.stop()
            self.mail_sync = None
        if self.tray is not None:
            self.tray.stop()
            self.tray = None
        if self.ctx is not None:
            if exit_backup and self.backups is not None:
                import contextlib

                from followup_desktop.store import StoreError

                with contextlib.suppress(StoreError):
                    self.backups.maybe_backup("exit")
            self.ctx.close()
            self.ctx = None
        self.instance.release()

    def open_window(self, key: str) -> None:
        relaunch("window", key, before=[lambda: self.shut_down(exit_backup=False)])


__all__ = ["ENV", "TrayOnly", "WindowLauncher", "command", "relaunch", "requested"]
