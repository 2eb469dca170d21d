"""Start the window: one QApplication, one AppContext, the main window and the tray."""

from __future__ import annotations

import sys
from typing import Any

from followup_desktop import APP_ID, APP_NAME, __version__
from followup_desktop.paths import resolve


def _parse_size(text: str) -> tuple[int, int]:
    try:
        w, h = (int(x) for x in text.lower().split("x", 1))
    except ValueError:
        raise SystemExit(f"followup-desktop: --size {text!r}: expected WIDTHxHEIGHT, "
                         "e.g. 1280x800") from None
    if not (200 <= w <= 10000 and 200 <= h <= 10000):
        raise SystemExit("followup-desktop: --size must be between 200x200 and 10000x10000")
    return w, h


#: The WM_CLASS instance name of every Followup window (the command's name).
WM_CLASS_NAME = "followup-desktop"


def make_qapplication() -> object:
    from PySide6.QtGui import QGuiApplication, QIcon
    from PySide6.QtWidgets import QApplication

    from followup_desktop.ui.icons import app_icon

    # argv[0] names the X11 WM_CLASS instance: "followup-desktop" whether started as the
    # installed script, ``python -m followup_desktop`` or the sample-data window
    app = QApplication.instance() or QApplication([WM_CLASS_NAME])
    QGuiApplication.setApplicationName(APP_NAME)
    QGuiApplication.setApplicationDisplayName(APP_NAME)
    QGuiApplication.setApplicationVersion(__version__)
    QGuiApplication.setOrganizationName(APP_NAME)
    QGuiApplication.setDesktopFileName(APP_ID)
    icon: QIcon = app_icon()
    QGuiApplication.setWindowIcon(icon)
    return app


def run_gui(args: Any) -> int:
    """``args``: the window's options (``data_dir``, ``screenshot``, ``size``, ``hidden``),
    from ``app._gui_args`` or the command line's parser (``--selftest`` is ``app.main``'s)."""
    from PySide6.QtWidgets import QApplication

    from followup_desktop.ui.qt_messages import install_message_filter

    paths = resolve(args.data_dir)
    size = _parse_size(args.size) if args.screenshot is not None else None
    if args.screenshot is not None:  # a file export: a missing folder is an error, never made
        from followup_desktop.services.output_file import output_file_problem

        problem = output_file_problem("--screenshot", args.screenshot, "followup.png", paths)
        if problem is not None:
            print(f"followup-desktop: {problem}", file=sys.stderr)
            return 1
    from followup_desktop.reminders import tray_only

    mode = tray_only.requested()  # re-executed: "tray", or "window" on a follow-up
    if mode is not None and mode[0] == "plan":  # the tray's helper: no window, no lock
        from followup_desktop.ui.main_window.plan_rows import keep_window_plan

        return keep_window_plan(paths)
    install_message_filter()  # no "propagateSizeHints" noise on the terminal
    app = make_qapplication()
    assert isinstance(app, QApplication)
    if args.screenshot is not None:  # only reads: a folder with no database keeps none
        assert size is not None
        from followup_desktop.services.output_file import leaves_no_new_database

        with leaves_no_new_database(paths):
            paths.ensure()
            return _screenshot(paths, args.screenshot, size)
    paths.ensure()

    from followup_desktop.reminders.instance import SingleInstance

    quit_on_signals(app)
    instance = SingleInstance(paths)
    if not instance.acquire_lock():
        # Another Followup owns this data folder: it was asked to show itself.
        return 0
    if (mode is not None and mode[0] == "tray") or (
            mode is None and args.hidden and _tray_available()):
        # In the tray without the window's widgets; a window re-executes the full app.
        return tray_only.TrayOnly(app, paths, instance).run()
    start = _Startup(app, paths, instance, hidden=bool(args.hidden) and mode is None)
    if mode is not None:
        start.show_key = mode[1]
    return start.run()


_KEEP_ALIVE: list[Any] = []


def quit_on_signals(app: Any) -> None:
    """SIGTERM (the session ending, ``kill``) and SIGINT (Ctrl+C in a terminal) end the
    process as File › Quit does: the plan and the layout kept, the exit backup, the data
    closed cleanly (no running marker, so the next start needs no full check). Python runs
    a signal's handler only when it next runs code, and an idle window or tray runs none
    for minutes: the signal wakes Qt's loop through ``signal.set_wakeup_fd`` and a socket
    notifier. A wake-up descriptor set before (a test harness's) gets every byte too."""
    import signal
    import socket

    from PySide6.QtCore import QSocketNotifier

    if _KEEP_ALIVE:
        return
    rsock, wsock = socket.socketpair()
    rsock.setblocking(False)
    wsock.setblocking(False)
    try:
        before = signal.set_wakeup_fd(wsock.fileno())
    except ValueError:  # not the main thread: nothing to install
        rsock.close()
        wsock.close()
        return
    asked: list[int] = []

    def remember(signum: int, _frame: Any) -> None:
        asked.append(signum)

    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, remember)

    def woken() -> None:
        import contextlib
        import os

        with contextlib.suppress(OSError):
            data = rsock.recv(512)
            if before != -1:
                with contextlib.suppress(OSError):
                    os.write(before, data)  # the earlier reader's signals, passed on
        if asked:  # the handlers ran just now, before this line (Python code ran)
            asked.clear()
            app.quit()

    notifier = QSocketNotifier(rsock.fileno(), QSocketNotifier.Type.Read)
    notifier.activated.connect(woken)
    _KEEP_ALIVE.extend((rsock, wsock, notifier))


def _screenshot(paths: Any, file: str, size: tuple[int, int]) -> int:
    """``--screenshot``: the data must be in the first (and only) frame. A command: it
    never waits on a dialog (no recovery questions, no message boxes); any problem is one
    line on stderr and exit status 1."""
    from followup_desktop.clock import system_clock
    from followup_desktop.context import AppContext
    from followup_desktop.store import StoreError
    from followup_desktop.ui.errors import install_excepthook
    from followup_desktop.ui.main_window import MainWindow
    from followup_desktop.ui.screenshot import save_screenshot

    install_excepthook(paths.log_dir)
    try:
        ctx = AppContext.open(paths, clock=system_clock)
    except StoreError as exc:
        print(f"followup-desktop: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"followup-desktop: {exc.strerror or exc} ({exc.filename or paths.db})",
              file=sys.stderr)
        return 1
    try:
        damaged = _screenshot_damage(ctx)  # the check the window's start makes
        if damaged is not None:
            print(f"followup-desktop: {damaged}", file=sys.stderr)
            return 1
        window = MainWindow(ctx)
        save_screenshot(window, file, size)
    except OSError as exc:  # a command: the reason goes to the terminal, in one line
        where = f" ({exc.filename})" if exc.filename and str(exc.filename) != str(file) else ""
        print(f"followup-desktop: cannot write {file}: {exc.strerror or exc}{where}",
              file=sys.stderr)
        return 1
    except Exception as exc:
        from followup_desktop.store.damage import is_database_error

        if not is_database_error(exc) and not is_database_error(exc.__cause__ or exc):
            raise
        print(f"followup-desktop: {_damage_text(ctx, exc)}", file=sys.stderr)
        return 1
    finally:
        ctx.close()
    return 0


def _screenshot_damage(ctx: Any) -> str | None:
    """``quick_check``, as a start runs it: the damage in words (naming the backup that
    recovers it), or None. A command: nothing is moved aside, the next window start
    offers the choices (``note_damage``)."""
    import sqlite3

    try:
        rows = ctx.store.quick_check()
    except Exception as exc:  # noqa: BLE001 - the check itself tripped over the damage
        return _damage_text(ctx, exc)
    if rows == [("ok",)]:
        return None
    detail = "; ".join(str(r[0]) for r in rows[:3])
    return _damage_text(ctx, sqlite3.DatabaseError(
        f"database disk image is malformed: {detail}"))


def _damage_text(ctx: Any, exc: BaseException) -> str:
    from followup_desktop.store.damage import damage_message, is_damage, note_damage

    cause = exc.__cause__ if exc.__cause__ is not None and is_damage(exc.__cause__) else exc
    if is_damage(cause):
        note_damage(ctx.paths.db, cause)
        return damage_message(ctx.paths.db, ctx.paths.backups, cause)
    return f"the data file {ctx.paths.db} could not be used: {' '.join(str(exc).split())}"


#: SQLite's page cache in the window process (see ``Store.limit_page_cache``): 1.9 MB less
#: resident with 10,000 interviews, reads and a 10,000-interview import as fast
WINDOW_PAGE_CACHE_KIB = 256
#: the start's pause of the cyclic collector (``bulk.pause_for_start``) ends at the latest
#: this long after the start, should the data never come (a recovery dialog left open)
START_GC_PAUSE_MAX_MS = 20_000
#: a window closed to the tray for this long re-executes the process tray-only
TRAY_ONLY_AFTER_CLOSE_MS = 1500


class _Startup:
    """The window's start-up, in the order a user sees it.

    1. The window is built and shown with its saved layout before the data is opened, so
       its first frame costs little more than a bare window (``bench/``).
    2. Right after that frame: the error log, the "show yourself" socket, opening and
       checking the data (with the recovery dialogs if needed), then the window reads it.
    3. Once the rows are on screen: automatic backups and the tray with its reminders
       (at once when starting hidden in the tray).
    """

    def __init__(self, app: Any, paths: Any, instance: Any, *, hidden: bool) -> None:
        from followup_desktop.ui.main_window import MainWindow

        self.app, self.paths, self.instance = app, paths, instance
        self.ctx: Any = None
        self.backups: Any = None
        self.trays: list[Any] = []
        self.watch: Any = None
        self.window = MainWindow(None, paths=paths)
        self.hidden = hidden and _tray_available()
        #: a follow-up to show once loaded (the tray-only process asked for it)
        self.show_key = ""
        self._closed_timer: Any = None

    def run(self) -> int:
        from PySide6.QtCore import QTimer

        from followup_desktop.bulk import pause_for_start, resume_after_start

        pause_for_start()  # until the data is on screen (after_loaded)
        QTimer.singleShot(START_GC_PAUSE_MAX_MS, resume_after_start)
        if self.hidden:
            QTimer.singleShot(0, self.open_data)
        else:
            self.window.first_painted.connect(self.open_data)  # emitted once
            self.window.show()
        code = self.app.exec()
        self.shut_down()
        return int(code)

    def open_data(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        from followup_desktop.clock import system_clock
        from followup_desktop.store import StoreError
        from followup_desktop.ui.errors import install_excepthook
        from followup_desktop.ui.recovery_dialog import open_with_recovery

        install_excepthook(self.paths.log_dir, self.paths.db)
        self.instance.listen()
        self.instance.activated.connect(self.window.bring_to_front)
        parent = self.window if self.window.isVisible() else None
        try:
            opened = open_with_recovery(self.paths, system_clock, parent)
        except StoreError as exc:
            QMessageBox.critical(parent, APP_NAME, str(exc))
            opened = None
        if opened is None:
            from followup_desktop.bulk import resume_after_start

            resume_after_start()
            self.window.hide()
            self.app.exit(1)
            return
        self.ctx, read_only_reason = opened
        self.ctx.store.limit_page_cache(WINDOW_PAGE_CACHE_KIB)
        import contextlib

        from followup_desktop.services.startup import purge_deleted

        # deleted in an earlier session: its undo went with that session's history; if the
        # purge cannot be saved now, the rows stay hidden and go at the next start
        with contextlib.suppress(StoreError):
            purge_deleted(self.ctx)
        self.ctx.pack = True  # the window and the tray keep the agenda all day: packed
        if not self.hidden:
            self.window.loaded.connect(self.after_loaded)  # emitted once
        self.window.attach(self.ctx)
        if read_only_reason:
            self.window.show_read_only(read_only_reason)
        self._watch_data()
        if self.hidden:
            self.after_loaded()

    def _watch_data(self) -> None:
        """What a command beside the window changes shows within 2 s (data_watch.py): the
        window re-reads (a hidden one only notes it is stale), the tray re-checks."""
        from followup_desktop.reminders.data_watch import DataWatcher

        self.watch = DataWatcher(self.ctx, self.window)
        refresh = getattr(self.window, "_tick_refresh", None) or self.window.refresh
        self.watch.changed.connect(refresh)
        self.watch.changed.connect(self._trays_check)

    def _trays_check(self) -> None:
        for tray in self.trays:
            tray.scheduler.check()

    def after_loaded(self) -> None:
        """Backups and the tray (D-Bus, timers, a first plan) wait for the first rows."""
        from followup_desktop import class_code
        from followup_desktop.bulk import resume_after_start
        from followup_desktop.reminders.tray import TrayController
        from followup_desktop.ui import icon_cache
        from followup_desktop.ui.backups_dialog import install_auto_backups

        class_code.save()  # what the start compiled anew (after an upgrade), kept now
        icon_cache.save()  # and the icons it drew anew
        icon_cache.release()
        ctx = self.ctx
        if not ctx.store.read_only:
            self.backups = install_auto_backups(self.window, ctx)
        if ctx.store.is_sample_data():
            # Sample data is for looking around: its made-up follow-ups raise no desktop
            # reminders, it never changes the user's start-at-login entry, and closing its
            # window ends it.
            resume_after_start()
            return
        tray = TrayController(ctx, self.window)
        self.trays.append(tray)
        tray.start()
        from followup_desktop.reminders.calendar_sync import install_calendar_sync

        self.calendar_sync = install_calendar_sync(ctx, self.window, tray.scheduler)
        from followup_desktop.ui.mail_sync import install_mail_sync

        self.mail_sync = install_mail_sync(ctx, self.window, tray.scheduler)
        if self.show_key:
            self.window.show_followup(self.show_key)
        self._watch_close(tray)
        resume_after_start()

    # -- closed to the tray: the process goes on tray-only (reminders.tray_only) -----------

    def _watch_close(self, tray: Any) -> None:
        from PySide6.QtCore import QEvent, QObject, QTimer

        start = self

        class _OnClose(QObject):
            def eventFilter(self, obj: Any, event: Any) -> bool:  # noqa: N802
                if event.type() == QEvent.Type.Close and tray.started and tray.available():
                    timer = start._closed_timer
                    if timer is None:
                        timer = start._closed_timer = QTimer()
                        timer.setSingleShot(True)
                        timer.timeout.connect(start.to_tray_only)
                    timer.start(TRAY_ONLY_AFTER_CLOSE_MS)
                return False

        self._close_filter = _OnClose()
        self.window.installEventFilter(self._close_filter)

    def to_tray_only(self) -> None:
        """The window stayed closed: save what a start reads (the window's state, the
        plan), close the data, release the folder, and re-execute tray-only."""
        from followup_desktop.reminders import tray_only

        window = self.window
        if window.isVisible():
            return
        steps = []
        if window.is_built():
            steps.append(window.composer.flush)
        keep = getattr(window, "keep_plan", None)
        if callable(keep):
            steps.append(keep)
        for tray in self.trays:
            steps.append(tray.stop)
        mail_sync = getattr(self, "mail_sync", None)
        if mail_sync is not None:
            steps.append(mail_sync.runner.stop)
        ctx = self.ctx
        if ctx is not None:
            steps.append(ctx.close)
        steps.append(self.instance.release)
        tray_only.relaunch("tray", before=steps)

    def shut_down(self) -> None:
        if self.watch is not None:
            self.watch.stop()
        if self.ctx is not None and not self.ctx.store.read_only:
            self.window.keep_plan()  # what the next start paints from
        for tray in self.trays:
            tray.stop()
        mail_sync = getattr(self, "mail_sync", None)
        if mail_sync is not None:
            mail_sync.runner.stop()
        window, ctx = self.window, self.ctx
        if window.is_built():
            window.composer.shutdown()
        window.save_state()
        if ctx is not None:
            if self.backups is not None:
                from followup_desktop.store import StoreError

                try:
                    self.backups.store = ctx.store
                    self.backups.maybe_backup("exit")
                except StoreError:
                    pass  # the data itself is saved; a failed exit backup is retried next time
            ctx.close()
        self.instance.release()


def _tray_available() -> bool:
    from PySide6.QtWidgets import QSystemTrayIcon

    return bool(QSystemTrayIcon.isSystemTrayAvailable())
