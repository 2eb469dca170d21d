"""Notifiers behind one adapter, with an ordered fallback.

1. :class:`DBusNotifier`: ``org.freedesktop.Notifications`` over the session bus, with the
   actions "Write note" and "Snooze". PySide6's QtDBus cannot marshal ``Notify``'s ``u``
   argument, so it speaks D-Bus through ``jeepney`` (pure Python). The connection is
   jeepney's blocking one, driven by Qt: a ``QSocketNotifier`` on its socket wakes the event
   loop only when the bus sends something (``ActionInvoked``, ``NotificationClosed``), and
   each wake-up drains what is readable without blocking. No thread, no polling.
2. :class:`TrayMessageNotifier`: ``QSystemTrayIcon.showMessage`` (clicking it opens).
3. :class:`BannerNotifier`: hands the text to the main window to show in a banner.

Policy (what, when, quiet hours, snooze) lives in :mod:`.policy`; these only deliver.
"""

from __future__ import annotations

import contextlib
import logging
from collections import deque
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QObject, QSocketNotifier, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QSystemTrayIcon

from followup_desktop import APP_ID, APP_NAME
from followup_desktop.humanize import escape_markup
from followup_desktop.reminders.policy import Notice

log = logging.getLogger(__name__)

BUS_NAME = "org.freedesktop.Notifications"
OBJECT_PATH = "/org/freedesktop/Notifications"
INTERFACE = "org.freedesktop.Notifications"

ACTION_OPEN = "default"  # the notification itself was clicked
ACTION_WRITE = "write"
ACTION_SNOOZE = "snooze"


class Notifier(QObject):
    """One way to show a notice. ``activated(key)``: open that follow-up;
    ``snooze_requested(key)``: snooze it."""

    activated = Signal(str)
    snooze_requested = Signal(str)
    name = "notifier"

    def available(self) -> bool:
        raise NotImplementedError

    def show(self, notice: Notice) -> bool:
        """Show ``notice``; False when this transport could not (the next one is tried)."""
        raise NotImplementedError

    def close(self) -> None:
        """Release what the notifier holds (connections); it may not be used afterwards."""


# -- 1. D-Bus --------------------------------------------------------------------------------


def _open_session_bus() -> Any:
    from jeepney.io.blocking import open_dbus_connection

    return open_dbus_connection("SESSION", auth_timeout=2.0)


class DBusNotifier(Notifier):
    """Desktop notifications through the freedesktop notification server."""

    name = "dbus"

    def __init__(self, *, app_icon: str = APP_ID, app_name: str = APP_NAME,
                 timeout: float = 3.0, connect: Callable[[], Any] = _open_session_bus,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.app_icon = app_icon
        self.app_name = app_name
        self.timeout = timeout
        self._connect_fn = connect
        self._conn: Any = None
        self._tried = False
        self._queue: deque[Any] = deque()
        self._filter: Any = None
        self._socket_notifier: QSocketNotifier | None = None
        self.capabilities: tuple[str, ...] = ()
        self.server: tuple[str, ...] = ()  # (name, vendor, version, spec) when known
        self.shown: dict[int, str] = {}  # notification id -> window key

    # -- connection -------------------------------------------------------------------------

    def _address(self) -> Any:
        from jeepney import DBusAddress

        return DBusAddress(OBJECT_PATH, bus_name=BUS_NAME, interface=INTERFACE)

    def _call(self, method: str, signature: str | None = None, body: tuple[Any, ...] = ()
              ) -> tuple[Any, ...]:
        from jeepney import new_method_call
        from jeepney.wrappers import unwrap_msg

        reply = self._conn.send_and_get_reply(
            new_method_call(self._address(), method, signature, body), timeout=self.timeout)
        try:
            return tuple(unwrap_msg(reply))
        finally:
            self._drain()  # signals read while waiting for the reply

    def _ensure(self) -> bool:
        if self._conn is not None:
            return True
        if self._tried:
            return False
        self._tried = True
        from jeepney import MatchRule
        from jeepney.wrappers import DBusErrorResponse

        try:
            self._conn = self._connect_fn()
        except (KeyError, OSError, TimeoutError, ValueError, RuntimeError) as exc:
            log.info("no session bus for notifications: %s", exc)
            self._conn = None
            return False
        try:
            rule = MatchRule(type="signal", interface=INTERFACE, path=OBJECT_PATH)
            self._filter = self._conn.filter(rule, queue=self._queue)
            self._conn.bus_proxy.AddMatch(rule, _timeout=self.timeout)
            self.capabilities = tuple(self._call("GetCapabilities")[0])
            try:
                self.server = tuple(self._call("GetServerInformation"))
            except DBusErrorResponse:
                self.server = ()
        except (DBusErrorResponse, OSError, TimeoutError, ValueError) as exc:
            log.info("no notification server on the session bus: %s", exc)
            self._drop()
            return False
        self._socket_notifier = QSocketNotifier(self._conn.sock.fileno(),
                                                QSocketNotifier.Type.Read, self)
        self._socket_notifier.activated.connect(self._drain)
        return True

    def _drop(self) -> None:
        if self._socket_notifier is not None:
            self._socket_notifier.setEnabled(False)
            self._socket_notifier.deleteLater()
            self._socket_notifier = None
        if self._conn is not None:
            with contextlib.suppress(OSError):
                self._conn.close()
        self._conn = None

    def _drain(self, *_: object) -> None:
        """Read whatever the bus has sent, without blocking, and act on the signals."""
        if self._conn is None:
            return
        try:
            while True:
                self._conn.recv_messages(timeout=0)
        except TimeoutError:
            pass
        except (OSError, ValueError) as exc:  # the bus went away
            log.info("session bus connection lost: %s", exc)
            self._drop()
        self._dispatch()

    def _dispatch(self) -> None:
        from jeepney import HeaderFields

        while self._queue:
            msg = self._queue.popleft()
            member = msg.header.fields.get(HeaderFields.member)
            if member == "ActionInvoked":
                nid, action = msg.body
                key = self.shown.get(nid)
                if key is None:
                    continue
                if action == ACTION_SNOOZE:
                    self.snooze_requested.emit(key)
                elif action in (ACTION_OPEN, ACTION_WRITE):
                    self.activated.emit(key)
            elif member == "NotificationClosed":
                self.shown.pop(msg.body[0], None)

    # -- the adapter ------------------------------------------------------------------------

    def available(self) -> bool:
        return self._ensure()

    def show(self, notice: Notice) -> bool:
        from jeepney.wrappers import DBusErrorResponse

        if not self._ensure():
            return False
        actions: list[str] = []
        if "actions" in self.capabilities:
            actions = [ACTION_OPEN, "Open", ACTION_WRITE, "Write note", ACTION_SNOOZE, "Snooze"]
        body = notice.body
        if "body-markup" in self.capabilities:
            body = escape_markup(body, quote=False)
        hints = {"desktop-entry": ("s", APP_ID), "urgency": ("y", 1),
                 "category": ("s", "x-followup.reminder")}
        try:
            (nid,) = self._call("Notify", "susssasa{sv}i",
                                (self.app_name, 0, self.app_icon, notice.title, body, actions,
                                 hints, -1))
        except (DBusErrorResponse, OSError, TimeoutError, ValueError) as exc:
            log.warning("desktop notification failed: %s", exc)
            if not isinstance(exc, DBusErrorResponse):
                self._drop()
            return False
        self.shown[int(nid)] = notice.key
        return True

    def close(self) -> None:
        self._drop()
        self._tried = True


# -- 2. the tray's balloon -------------------------------------------------------------------


class TrayMessageNotifier(Notifier):
    """``QSystemTrayIcon.showMessage``; a click on the message opens the follow-up."""

    name = "tray"

    def __init__(self, tray: QSystemTrayIcon, icon: QIcon | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.tray = tray
        self.icon = icon
        self.last_key: str | None = None
        tray.messageClicked.connect(self._clicked)

    def _clicked(self) -> None:
        if self.last_key is not None:
            self.activated.emit(self.last_key)

    def available(self) -> bool:
        return self.tray.isVisible() and QSystemTrayIcon.supportsMessages()

    def show(self, notice: Notice) -> bool:
        if not self.available():
            return False
        self.last_key = notice.key
        if self.icon is not None and not self.icon.isNull():
            self.tray.showMessage(notice.title, notice.body, self.icon, 15_000)
        else:
            self.tray.showMessage(notice.title, notice.body,
                                  QSystemTrayIcon.MessageIcon.Information, 15_000)
        return True


# -- 3. the window's banner ------------------------------------------------------------------


class BannerNotifier(Notifier):
    """Where no notification server or tray exists: the main window shows a banner."""

    name = "banner"

    def __init__(self, show_banner: Callable[[str, str], None],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._show_banner = show_banner

    def available(self) -> bool:
        return True

    def show(self, notice: Notice) -> bool:
        text = notice.title
        if notice.body:
            text += " — " + notice.body.splitlines()[0]
        self._show_banner(text, notice.key)
        return True


# -- the adapter -----------------------------------------------------------------------------


class FallbackNotifier(Notifier):
    """Tries each notifier in order; the first that shows the notice wins."""

    name = "fallback"

    def __init__(self, notifiers: Sequence[Notifier], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.notifiers = list(notifiers)
        self.last_used: str | None = None
        for n in self.notifiers:
            n.activated.connect(self.activated)
            n.snooze_requested.connect(self.snooze_requested)

    def available(self) -> bool:
        return any(n.available() for n in self.notifiers)

    def show(self, notice: Notice) -> bool:
        for n in self.notifiers:
            if n.available() and n.show(notice):
                self.last_used = n.name
                return True
        self.last_used = None
        return False

    def close(self) -> None:
        for n in self.notifiers:
            n.close()
