"""Start the window: one QApplication, one AppContext, the main window and the tray."""

from __future__ import annotations

import argparse
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


def make_qapplication() -> object:
    from PySide6.QtGui import QGuiApplication, QIcon
    from PySide6.QtWidgets import QApplication

    from followup_desktop.ui.icons import app_icon

    app = QApplication.instance() or QApplication(sys.argv[:1])
    QGuiApplication.setApplicationName(APP_NAME)
    QGuiApplication.setApplicationDisplayName(APP_NAME)
    QGuiApplication.setApplicationVersion(__version__)
    QGuiApplication.setOrganizationName(APP_NAME)
    QGuiApplication.setDesktopFileName(APP_ID)
    icon: QIcon = app_icon()
    QGuiApplication.setWindowIcon(icon)
    return app


def run_gui(args: argparse.Namespace) -> int:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication, QMessageBox

    from followup_desktop.store import StoreError
    from followup_desktop.ui.errors import install_excepthook

    paths = resolve(args.data_dir)
    if args.screenshot:
        size = _parse_size(args.size)
    app = make_qapplication()
    assert isinstance(app, QApplication)
    if args.selftest:  # touches nothing of the user's: it works in a temporary folder
        from followup_desktop.selftest import run_selftest

        return run_selftest()
    paths.ensure()
    install_excepthook(paths.log_dir)

    instance = None
    if not args.screenshot:
        from followup_desktop.reminders.instance import SingleInstance

        instance = SingleInstance(paths)
        if not instance.acquire():
            # Another Followup owns this data folder: it was asked to show itself.
            return 0

    from followup_desktop.clock import system_clock
    from followup_desktop.ui.recovery_dialog import open_with_recovery

    try:
        opened = open_with_recovery(paths, system_clock)
    except StoreError as exc:
        QMessageBox.critical(None, APP_NAME, str(exc))
        opened = None
    if opened is None:
        if instance is not None:
            instance.release()
        return 1
    ctx, read_only_reason = opened
    from followup_desktop.ui.main_window import MainWindow

    # Paint first, read the data right after: the window appears at once even with years
    # of interviews. A screenshot needs the data in the first frame.
    window = MainWindow(ctx, defer_load=not args.screenshot)
    if read_only_reason and hasattr(window, "show_read_only"):
        window.show_read_only(read_only_reason)
    if args.screenshot:
        from followup_desktop.ui.screenshot import save_screenshot

        ok = save_screenshot(window, args.screenshot, size)
        ctx.close()
        return 0 if ok else 1

    from followup_desktop.ui.backups_dialog import install_auto_backups

    backups = None if ctx.store.read_only else install_auto_backups(window, ctx)
    trays: list[Any] = []

    def start_tray() -> None:
        """The tray and its reminders (D-Bus, timers, a first plan): after the first frame
        with data is on screen, or at once when starting hidden in the tray."""
        from followup_desktop.reminders.tray import TrayController

        tray = TrayController(ctx, window)
        trays.append(tray)
        tray.start()

    if instance is not None:
        instance.activated.connect(window.bring_to_front)
    from PySide6.QtWidgets import QSystemTrayIcon

    if args.hidden and QSystemTrayIcon.isSystemTrayAvailable():
        start_tray()
    else:
        window.loaded.connect(start_tray, Qt.ConnectionType.SingleShotConnection)
        window.show()
    code = app.exec()
    for tray in trays:
        tray.stop()
    window.composer.shutdown()
    window.save_state()
    if backups is not None:
        try:
            backups.store = ctx.store
            backups.maybe_backup("exit")
        except StoreError:
            pass  # the data itself is saved; a failed exit backup is retried next time
    ctx.close()
    if instance is not None:
        instance.release()
    return int(code)
