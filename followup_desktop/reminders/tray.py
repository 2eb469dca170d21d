"""The tray icon and the reminders behind it: ``TrayController(ctx, window)``.

The controller owns the :class:`ReminderScheduler`, the notifier chain (desktop
notification, tray balloon, in-window banner) and the tray icon with its menu. The window
is duck-typed: it may provide ``show_followup(key)``, ``bring_to_front()`` and
``show_banner(text, key)``; anything missing is skipped.
"""

from __future__ import annotations

import datetime as dt
import gc
import logging
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QAction, QPixmapCache
from PySide6.QtWidgets import QApplication, QMenu, QSystemTrayIcon

from followup_desktop import APP_ID, APP_NAME
from followup_desktop import autostart as autostart_mod
from followup_desktop.humanize import overdue_by, relative
from followup_desktop.records import FollowupWindow
from followup_desktop.reminders import policy
from followup_desktop.reminders.notifiers import (
    BannerNotifier,
    DBusNotifier,
    FallbackNotifier,
    Notifier,
    TrayMessageNotifier,
)
from followup_desktop.reminders.policy import Notice
from followup_desktop.reminders.scheduler import ReminderScheduler
from followup_desktop.store import StoreError

log = logging.getLogger(__name__)

#: How many open follow-ups the tray menu lists.
MENU_ITEMS = 8
#: After the window is closed, freed memory is returned to the system this much later.
RELEASE_AFTER_CLOSE_MS = 1000
#: Started hidden: caches are dropped this long after start if the window is still hidden.
RELEASE_WHEN_HIDDEN_MS = 5000
#: Remembered in the store once the "still running in the tray" message was shown.
CLOSE_HINT_KEY = "tray.close_hint_shown"


def release_memory() -> None:
    """For a stay in the tray: drop Qt's pixmap cache (its 30-second flush timer would
    keep waking the process while it holds anything) and return freed heap pages to the
    system (the closed window's paint buffers): on glibc ``malloc_trim(0)``."""
    from followup_desktop.memory import trim_heap

    QPixmapCache.clear()
    gc.collect()
    trim_heap()


def _icon_path() -> str:
    """What desktop notifications show as the app icon: the SVG's path, else the app id."""
    from followup_desktop.resources import resource

    try:
        path = resource("icons", "followup.svg")
    except FileNotFoundError:
        return APP_ID
    return str(path) if path.is_file() else APP_ID


class TrayController(QObject):
    """Tray icon, menu, reminders. ``start()`` begins, ``stop()`` ends."""

    banner_requested = Signal(str, str)  # text, window key

    def __init__(self, ctx: Any, window: Any = None, *,
                 scheduler: ReminderScheduler | None = None,
                 notifiers: Sequence[Notifier] | None = None,
                 autostart: autostart_mod.Autostart | None = None,
                 tray_available: bool | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.window = window
        self._tray_available = tray_available
        from followup_desktop.reminders.app_icon import load_app_icon

        self.icon = load_app_icon()
        self.scheduler = (scheduler if scheduler is not None
                          else ReminderScheduler(ctx, parent=self))
        self.tray = QSystemTrayIcon(self.icon, self)
        self.tray.setToolTip(APP_NAME)
        self.tray.activated.connect(self._on_tray_activated)
        self.menu = QMenu()
        self._build_static_menu()
        self.tray.setContextMenu(self.menu)
        if notifiers is None:
            notifiers = [DBusNotifier(app_icon=_icon_path(), parent=self),
                         TrayMessageNotifier(self.tray, self.icon, parent=self),
                         BannerNotifier(self._banner, parent=self)]
        self.notifier = FallbackNotifier(notifiers, parent=self)
        self.notifier.activated.connect(self.open_followup)
        self.notifier.snooze_requested.connect(self.snooze_key)
        self.scheduler.notice.connect(self.show_notice)
        self.scheduler.checked.connect(self.refresh)
        self.scheduler.ticked.connect(self._refresh_tooltip)
        # The menu's times as of the click, from the last plan (a re-plan would keep a big
        # history's menu waiting; every opening of a window re-plans anyway).
        self.menu.aboutToShow.connect(lambda: self.refresh(self.windows or None))
        self.autostart = autostart
        self._autostart_synced: bool | None = None
        self.windows: Sequence[FollowupWindow] = []
        #: the follow-ups each notice shown announced, by the key its actions carry: a
        #: "Snooze" on "Thank-you note to Dana (+2 more)" snoozes all three
        self._announced: dict[str, tuple[str, ...]] = {}
        self.started = False

    # -- lifetime ---------------------------------------------------------------------------

    def available(self) -> bool:
        if self._tray_available is not None:
            return self._tray_available
        return QSystemTrayIcon.isSystemTrayAvailable()

    def start(self) -> None:
        if self.started:
            return
        self.started = True
        if self.available():
            QApplication.setQuitOnLastWindowClosed(False)
            self.tray.show()
        if self.window is not None and hasattr(self.window, "installEventFilter"):
            self.window.installEventFilter(self)
        self.scheduler.start()
        if self.available():
            QTimer.singleShot(RELEASE_WHEN_HIDDEN_MS, self._release_if_hidden)

    def _release_closed_window(self) -> None:
        """The window stayed closed: free its native window and paint buffer (``show()``
        makes new ones), then the caches and the freed heap."""
        w = self.window
        if w is not None and not _alive(w):
            return  # the window went before this timer fired (a test's window, say)
        if w is not None and hasattr(w, "isVisible") and not w.isVisible():
            destroy = getattr(w, "destroy", None)
            if callable(destroy):
                destroy(True, True)
            release_memory()

    def _release_if_hidden(self) -> None:
        w = self.window
        if self.started and w is not None and _alive(w) and hasattr(w, "isVisible") \
                and not w.isVisible():
            release_memory()

    def stop(self) -> None:
        if not self.started:
            return
        self.started = False
        self.scheduler.stop()
        self.notifier.close()
        self.tray.hide()
        if self.window is not None and hasattr(self.window, "removeEventFilter"):
            self.window.removeEventFilter(self)

    # -- notices ----------------------------------------------------------------------------

    def show_notice(self, notice: Notice) -> None:
        if notice.keys:
            self._announced[notice.key] = notice.keys
            while len(self._announced) > 200:  # notices long gone: the oldest first
                del self._announced[next(iter(self._announced))]
        if not self.notifier.show(notice):
            log.warning("no way to show the reminder %r", notice.title)

    def _banner(self, text: str, key: str) -> None:
        self.banner_requested.emit(text, key)
        show = getattr(self.window, "show_banner", None)
        if callable(show):
            show(text, key)

    # -- actions ----------------------------------------------------------------------------

    def open_followup(self, key: str) -> None:
        """Bring the window up on the follow-up ``key`` (the window alone when empty)."""
        if self.window is None:
            return
        if key:
            show = getattr(self.window, "show_followup", None)
            if callable(show):
                show(key)
        front = getattr(self.window, "bring_to_front", None)
        if callable(front):
            front()
        elif hasattr(self.window, "show"):
            self.window.show()

    def snooze_key(self, key: str) -> None:
        """A notice's Snooze: every follow-up that notice announced comes back later."""
        until = policy.snooze_later(self.ctx.now(), self.ctx.settings())
        keys = self._announced.get(key, (key,))
        if key not in keys:
            keys = (key, *keys)
        self.scheduler.snooze_keys(keys, until)

    def snooze_all(self) -> int:
        return self.scheduler.snooze_all(policy.snooze_later(self.ctx.now(),
                                                             self.ctx.settings()))

    def snooze_all_until_tomorrow(self) -> int:
        """Everything open now comes back at 09:00 tomorrow (local, DST-aware)."""
        return self.scheduler.snooze_all(policy.snooze_tomorrow(self.ctx.now(), self.ctx.tz()))

    def set_paused(self, paused: bool) -> None:
        try:
            self.ctx.store.set_setting("reminders_paused", paused)
        except StoreError as exc:
            log.warning("could not change the pause: %s", exc)
        self.scheduler.check()

    def toggle_window(self) -> None:
        w = self.window
        if w is None:
            return
        if w.isVisible() and not w.isMinimized():
            w.hide()
        else:
            self.open_followup("")

    def quit(self) -> None:
        QCoreApplication.quit()

    def _on_tray_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason == QSystemTrayIcon.ActivationReason.Trigger:
            self.toggle_window()

    # -- menu and tooltip -------------------------------------------------------------------

    def _build_static_menu(self) -> None:
        self.menu.setTitle(APP_NAME)
        self._followups_header = self.menu.addAction("No follow-ups due")
        self._followups_header.setEnabled(False)
        self._followup_actions: list[QAction] = []
        self._sep = self.menu.addSeparator()
        self.snooze_action = self.menu.addAction("Snooze all for 1 h")
        self.snooze_action.triggered.connect(self.snooze_all)
        self.snooze_tomorrow_action = self.menu.addAction("Snooze all until tomorrow 09:00")
        self.snooze_tomorrow_action.triggered.connect(self.snooze_all_until_tomorrow)
        self.pause_action = self.menu.addAction("Pause reminders")
        self.pause_action.setCheckable(True)
        self.pause_action.triggered.connect(self.set_paused)
        self.menu.addSeparator()
        self.open_action = self.menu.addAction(f"Open {APP_NAME}")
        self.open_action.triggered.connect(lambda: self.open_followup(""))
        self.quit_action = self.menu.addAction("Quit")
        self.quit_action.triggered.connect(self.quit)

    def refresh(self, windows: Sequence[FollowupWindow] | None = None) -> None:
        """Tooltip, menu and autostart entry, after a check (or any time)."""
        now = self.ctx.now()
        if windows is None:
            windows = self.ctx.agenda(now)
        self.windows = windows
        settings = self.ctx.settings()
        self._refresh_tooltip(now)
        self.pause_action.setChecked(settings.reminders_paused)
        minutes = settings.snooze_minutes
        self.snooze_action.setText(
            "Snooze all for 1 h" if minutes == 60 else f"Snooze all for {minutes} min")
        live = policy.open_windows(windows)
        self.snooze_action.setEnabled(bool(live))
        self.snooze_tomorrow_action.setEnabled(bool(live))
        for a in self._followup_actions:
            self.menu.removeAction(a)
            a.deleteLater()
        self._followup_actions = []
        self._followups_header.setVisible(not live)
        tz = self.ctx.tz()
        for w in live[:MENU_ITEMS]:
            when = (f"due {relative(w.due_at, now, tz)}" if w.due_at and w.due_at >= now
                    else f"overdue by {overdue_by(w.due_at, now, tz)}"
                    if w.due_at else "open")
            text = f"{policy.window_title(w)} — {w.company} ({when})"
            action = QAction(text.replace("&", "&&"), self.menu)
            action.setData(w.key)
            action.triggered.connect(lambda _=False, k=w.key: self.open_followup(k))
            self.menu.insertAction(self._sep, action)
            self._followup_actions.append(action)
        if len(live) > MENU_ITEMS:
            more = QAction(f"{len(live) - MENU_ITEMS} more…", self.menu)
            more.triggered.connect(lambda: self.open_followup(""))
            self.menu.insertAction(self._sep, more)
            self._followup_actions.append(more)
        self._sync_autostart(settings.start_at_login)

    def _refresh_tooltip(self, now: dt.datetime | None = None) -> None:
        """The tooltip's times as of ``now``, from the last plan (no re-plan: a tick)."""
        now = self.ctx.now() if now is None else now
        paused = self.ctx.settings().reminders_paused
        self.tray.setToolTip(policy.tooltip(self.windows, now, self.ctx.tz(), paused=paused))

    def _sync_autostart(self, enabled: bool) -> None:
        if self._autostart_synced is enabled:
            return
        self._autostart_synced = enabled
        target = self.autostart or autostart_mod.for_platform()
        try:
            autostart_mod.sync(enabled, target, autostart_mod.launch_command(self.ctx.paths))
        except OSError as exc:
            log.warning("could not update the start-at-login entry: %s", exc)

    # -- the window's close -----------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.window and event.type() == QEvent.Type.Close:
            self._maybe_say_still_running()
            if self.available():  # the process stays, in the tray: give back what it can
                QTimer.singleShot(RELEASE_AFTER_CLOSE_MS, self._release_closed_window)
        return False

    def _maybe_say_still_running(self) -> None:
        if not (self.available() and self.tray.isVisible()):
            return
        if self.ctx.store.get_value(CLOSE_HINT_KEY, False):
            return
        try:
            self.ctx.store.set_value(CLOSE_HINT_KEY, True)
        except StoreError:
            return
        self.notifier.show(Notice(
            title=f"{APP_NAME} is still running",
            body="Reminders keep coming while the window is closed. "
                 "Quit from the tray icon's menu.",
            key="", windows=()))


def _alive(obj: object) -> bool:
    """False once the C++ side of a Qt object is deleted."""
    try:
        from shiboken6 import isValid
    except ImportError:  # pragma: no cover - PySide6 always ships it
        return True
    return bool(isValid(obj))
