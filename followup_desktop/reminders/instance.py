"""One Followup per data folder: a lock file decides, a local socket says "show yourself".

The first process takes a ``QLockFile`` in the data folder (a lock left by a crashed
process is stale: its PID is gone, and the lock is taken over) and listens on a
``QLocalServer`` whose name is derived from the data folder's path. A second process
fails to take the lock, connects, sends ``activate`` and exits 0; the first emits
:attr:`SingleInstance.activated` and its window comes to the front. So two processes
never both schedule reminders or write the database, and two data folders are independent.
"""

from __future__ import annotations

import getpass
import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QDeadlineTimer, QLockFile, QObject, Signal

from followup_desktop.paths import Paths

if TYPE_CHECKING:  # QtNetwork loads only to listen or to call the owner
    from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = logging.getLogger(__name__)

MESSAGE = b"activate\n"
#: How long a second launch keeps trying to reach the first (which may still be starting).
CONNECT_MS = 5_000
#: How long a second launch waits for the lock before it decides another instance owns it.
LOCK_WAIT_MS = 0


def server_name(paths: Paths) -> str:
    """A local-socket name unique to this user and data folder (short: socket paths are)."""
    import hashlib

    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = ""
    digest = hashlib.sha256(f"{user}\0{paths.data_dir.resolve()}".encode()).hexdigest()[:20]
    return f"followup-{digest}"


class SingleInstance(QObject):
    """``acquire()`` True: this process owns the data folder. False: another does, and was
    asked to show itself; this process should exit 0."""

    activated = Signal()

    def __init__(self, paths: Paths, parent: QObject | None = None, *,
                 connect_ms: int = CONNECT_MS) -> None:
        super().__init__(parent)
        self.paths = paths
        self._name: str | None = None
        self.connect_ms = connect_ms
        self.lock = QLockFile(str(paths.lock_file))
        # 0: never stale by age (Followup runs for days); stale only when the owner is gone.
        self.lock.setStaleLockTime(0)
        self.server: QLocalServer | None = None
        self.owner = False

    @property
    def name(self) -> str:
        if self._name is None:
            self._name = server_name(self.paths)
        return self._name

    def acquire(self) -> bool:
        """:meth:`acquire_lock` and, when this process owns the folder, :meth:`listen`."""
        if self.acquire_lock():
            self.listen()
            return True
        return False

    def acquire_lock(self) -> bool:
        """Take the folder's lock (no network module needed): True, this process owns the
        folder and should :meth:`listen` soon (a second launch retries for
        :data:`CONNECT_MS`); False, another owns it and was asked to show itself."""
        self.paths.data_dir.mkdir(parents=True, exist_ok=True)
        if self.lock.tryLock(LOCK_WAIT_MS):
            self.owner = True
            return True
        error = self.lock.error()
        if error == QLockFile.LockError.LockFailedError:
            self._send_activate()
        else:
            # No permission or an unknown error: say so; never run two on one database.
            log.error("cannot lock %s (%s)", self.paths.lock_file, error)
        return False

    def listen(self) -> None:
        """Answer later launches ("show yourself"); call once the lock is ours."""
        from PySide6.QtNetwork import QLocalServer

        if self.server is not None or not self.owner:
            return
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not server.listen(self.name):
            # A socket left by a crashed owner: we hold the lock, so it is ours to remove.
            QLocalServer.removeServer(self.name)
            if not server.listen(self.name):
                log.warning("single-instance server not listening: %s", server.errorString())
                return
        server.newConnection.connect(self._on_connection)
        self.server = server

    def _on_connection(self) -> None:
        assert self.server is not None
        while self.server.hasPendingConnections():
            sock = self.server.nextPendingConnection()
            if sock is None:
                break
            # The socket is the server's child: it goes with the server; no Python-side
            # deletion (PySide would otherwise delete a Qt-owned object twice).
            sock.readyRead.connect(self._on_ready)
            if sock.bytesAvailable():
                self._read(sock)

    def _on_ready(self) -> None:
        from PySide6.QtNetwork import QLocalSocket

        sock = self.sender()
        if isinstance(sock, QLocalSocket):
            self._read(sock)

    def _read(self, sock: QLocalSocket) -> None:
        data = bytes(sock.readAll().data())
        if b"activate" in data:
            self.activated.emit()

    def _send_activate(self) -> bool:
        """Ask the owner to show itself; it may still be starting, so retry briefly."""
        from PySide6.QtNetwork import QLocalSocket

        deadline = QDeadlineTimer(self.connect_ms)
        while not deadline.hasExpired():
            sock = QLocalSocket()
            sock.connectToServer(self.name)
            if sock.waitForConnected(min(500, max(1, deadline.remainingTime()))):
                sock.write(QByteArray(MESSAGE))
                ok = sock.waitForBytesWritten(1000)
                sock.disconnectFromServer()
                if sock.state() != QLocalSocket.LocalSocketState.UnconnectedState:
                    sock.waitForDisconnected(500)
                return ok
            sock.abort()
            # Not listening yet: wait a little without spinning, then retry.
            _pause(100)
        log.info("another Followup owns %s but did not answer", self.paths.data_dir)
        return False

    def release(self) -> None:
        if self.server is not None:
            self.server.close()
            self.server = None
        if self.owner:
            self.lock.unlock()
            self.owner = False


def _pause(ms: int) -> None:
    """Block this (not yet running) process briefly between connection attempts."""
    from PySide6.QtCore import QThread

    QThread.msleep(ms)
