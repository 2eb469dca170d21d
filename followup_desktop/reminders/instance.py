"""One Followup per data folder: a lock file decides, a local socket says "show yourself".

The first process takes a ``QLockFile`` in the data folder (a lock left by a crashed
process is stale: its PID is gone, and the lock is taken over) and listens on a local
socket whose name is derived from the data folder's path. A second process fails to take
the lock, connects, sends ``activate`` and exits 0; the first emits
:attr:`SingleInstance.activated` and its window comes to the front. So two processes
never both schedule reminders or write the database, and two data folders are independent.

Where Python has Unix sockets (Linux, macOS) the socket is Python's own, read through a
``QSocketNotifier``, at the path ``QLocalServer`` would use (``<temp dir>/<name>``, owner
only): loading QtNetwork for this one socket maps QtNetwork, its Python binding and the
Kerberos libraries it links, about 3 MB resident for as long as the app runs. Elsewhere
(Windows) ``QLocalServer`` / ``QLocalSocket`` do the same job.
"""

from __future__ import annotations

import contextlib
import errno
import getpass
import logging
import os
import socket
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QLockFile, QObject, Signal

from followup_desktop.paths import Paths

if TYPE_CHECKING:  # QtNetwork loads only where Python has no Unix sockets
    from PySide6.QtNetwork import QLocalSocket

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


#: Python's Unix sockets (else QtNetwork's local sockets)
UNIX_SOCKETS = hasattr(socket, "AF_UNIX")


def socket_path(name: str) -> str:
    """Where ``QLocalServer`` puts a bare name on Unix: the temporary folder."""
    from PySide6.QtCore import QDir

    return os.path.join(QDir.tempPath(), name)


class _UnixServer(QObject):
    """A listening Unix socket, owner-only, served from the event loop: each message a
    client sends (up to its end) goes to ``on_message``."""

    def __init__(self, path: str, on_message: Callable[[bytes], None],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self.on_message = on_message
        self.sock: socket.socket | None = None
        self._notifiers: dict[int, Any] = {}
        self._clients: dict[int, tuple[socket.socket, bytearray]] = {}

    def listen(self) -> bool:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        old_mask = os.umask(0o177)  # srw------- from the start: only this user may call
        try:
            try:
                sock.bind(self.path)
            except OSError as exc:
                if exc.errno != errno.EADDRINUSE:
                    raise
                # A socket left by a crashed owner: we hold the lock, so it is ours.
                os.unlink(self.path)
                sock.bind(self.path)
        except OSError as exc:
            sock.close()
            log.warning("single-instance socket not listening at %s: %s", self.path, exc)
            return False
        finally:
            os.umask(old_mask)
        sock.listen(4)
        sock.setblocking(False)
        self.sock = sock
        self._watch(sock, self._accept)
        return True

    def isListening(self) -> bool:  # noqa: N802 - QLocalServer's name, for the same checks
        return self.sock is not None

    def _watch(self, sock: socket.socket, on_ready: Callable[[socket.socket], None]) -> None:
        from PySide6.QtCore import QSocketNotifier

        notifier = QSocketNotifier(sock.fileno(), QSocketNotifier.Type.Read, self)
        notifier.activated.connect(lambda *_: on_ready(sock))
        self._notifiers[sock.fileno()] = notifier

    def _unwatch(self, sock: socket.socket) -> None:
        notifier = self._notifiers.pop(sock.fileno(), None)
        if notifier is not None:
            notifier.setEnabled(False)
            notifier.deleteLater()

    def _accept(self, server: socket.socket) -> None:
        while True:
            try:
                conn, _ = server.accept()
            except (BlockingIOError, InterruptedError):
                return
            except OSError as exc:
                log.warning("single-instance socket: %s", exc)
                return
            conn.setblocking(False)
            self._clients[conn.fileno()] = (conn, bytearray())
            self._watch(conn, self._read)

    def _read(self, conn: socket.socket) -> None:
        _, buf = self._clients[conn.fileno()]
        while True:
            try:
                chunk = conn.recv(256)
            except (BlockingIOError, InterruptedError):
                if len(buf) < 4096:
                    return  # more may come; a chatty client is cut off below
                chunk = b""
            except OSError:
                chunk = b""
            if not chunk:  # the client is done: deliver what it said
                self._drop(conn)
                self.on_message(bytes(buf))
                return
            buf += chunk

    def _drop(self, conn: socket.socket) -> None:
        self._unwatch(conn)
        self._clients.pop(conn.fileno(), None)
        conn.close()

    def close(self) -> None:
        for conn, _ in list(self._clients.values()):
            self._drop(conn)
        if self.sock is not None:
            self._unwatch(self.sock)
            self.sock.close()
            self.sock = None
            with contextlib.suppress(OSError):
                os.unlink(self.path)


def _send_unix(path: str, deadline: float) -> bool:
    """Connect to the owner's socket until ``deadline`` (monotonic) and say ``activate``."""
    while True:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.settimeout(max(0.05, min(0.5, deadline - time.monotonic())))
            try:
                sock.connect(path)
                sock.sendall(MESSAGE)
                return True
            except OSError:
                pass
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.1)  # not listening yet: the owner may still be starting


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
        self.server: Any = None  # _UnixServer, or a QLocalServer where Python has none
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
        if self.server is not None or not self.owner:
            return
        if UNIX_SOCKETS:
            server = _UnixServer(socket_path(self.name), self._message, self)
            if server.listen():
                self.server = server
            return
        self._listen_qt()

    def _message(self, data: bytes) -> None:
        if b"activate" in data:
            self.activated.emit()

    def _listen_qt(self) -> None:  # pragma: no cover - where Python has no Unix sockets
        from PySide6.QtNetwork import QLocalServer

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

    def _on_connection(self) -> None:  # pragma: no cover - QLocalServer only
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

    def _on_ready(self) -> None:  # pragma: no cover - QLocalServer only
        from PySide6.QtNetwork import QLocalSocket

        sock = self.sender()
        if isinstance(sock, QLocalSocket):
            self._read(sock)

    def _read(self, sock: QLocalSocket) -> None:  # pragma: no cover - QLocalServer only
        self._message(bytes(sock.readAll().data()))

    def _send_activate(self) -> bool:
        """Ask the owner to show itself; it may still be starting, so retry briefly."""
        deadline = time.monotonic() + self.connect_ms / 1000
        if UNIX_SOCKETS:
            ok = _send_unix(socket_path(self.name), deadline)
        else:  # pragma: no cover - where Python has no Unix sockets
            ok = self._send_qt(deadline)
        if not ok:
            log.info("another Followup owns %s but did not answer", self.paths.data_dir)
        return ok

    def _send_qt(self, deadline: float) -> bool:  # pragma: no cover - QLocalSocket only
        from PySide6.QtCore import QByteArray
        from PySide6.QtNetwork import QLocalSocket

        while time.monotonic() < deadline:
            sock = QLocalSocket()
            sock.connectToServer(self.name)
            left_ms = int((deadline - time.monotonic()) * 1000)
            if sock.waitForConnected(min(500, max(1, left_ms))):
                sock.write(QByteArray(MESSAGE))
                ok = sock.waitForBytesWritten(1000)
                sock.disconnectFromServer()
                if sock.state() != QLocalSocket.LocalSocketState.UnconnectedState:
                    sock.waitForDisconnected(500)
                return bool(ok)
            sock.abort()
            time.sleep(0.1)  # not listening yet: wait a little, then retry
        return False

    def release(self) -> None:
        if self.server is not None:
            self.server.close()
            self.server = None
        if self.owner:
            self.lock.unlock()
            self.owner = False

