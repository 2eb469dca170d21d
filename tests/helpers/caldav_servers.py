"""Real CalDAV servers for the tests: Radicale (TLS, htpasswd users) and Xandikos.

Each runs as its own process on 127.0.0.1 and a free port, with a storage folder of its
own, and is stopped by its PID. Readiness is seen by connecting to the port (between two
tries the test waits on the child process itself, so a server that dies at start is
reported at once with its log), never by a fixed sleep.

- :func:`make_tls` writes a test CA and a server certificate for 127.0.0.1/localhost
  (``trustme``); the client is given the CA file, exactly as a user with a self-hosted
  server would give theirs.
- :class:`Radicale` writes a config with ``[auth] type = htpasswd`` (users plain or
  bcrypt), ``delay = 0`` (a wrong password answers at once), ``[rights] owner_only``.
- :class:`Xandikos` has no login of its own (it expects a reverse proxy): plain HTTP on
  loopback, for interoperability of the sync only.

Fixtures: ``tls_files``, ``radicale`` (users ``ada``/``s3cret-pw`` and ``bob``/``hunter2``),
``xandikos``.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest

READY_TIMEOUT = 20.0  # seconds: a loaded CI machine; Radicale is up in ~0.3 s


@dataclass(frozen=True)
class TlsFiles:
    ca: Path  # the CA certificate (PEM) the client trusts
    cert: Path  # the server's certificate chain
    key: Path  # the server's private key


def make_tls(folder: Path) -> TlsFiles:
    import trustme

    folder.mkdir(parents=True, exist_ok=True)
    ca = trustme.CA()
    server = ca.issue_cert("127.0.0.1", "localhost")
    files = TlsFiles(folder / "ca.pem", folder / "server.pem", folder / "server.key")
    ca.cert_pem.write_to_path(str(files.ca))
    server.private_key_pem.write_to_path(str(files.key))
    with files.cert.open("wb") as out:
        for blob in server.cert_chain_pems:
            out.write(blob.bytes())
    return files


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class _Process:
    """A server child process: started, waited for by connecting, stopped by PID."""

    name = "server"

    def __init__(self, folder: Path, port: int | None = None) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        self.port = port or free_port()
        self.log = folder / f"{self.name}.log"
        self.proc: subprocess.Popen[bytes] | None = None

    def command(self) -> list[str]:
        raise NotImplementedError

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def start(self) -> None:
        with self.log.open("ab") as log:
            self.proc = subprocess.Popen(self.command(), stdout=log, stderr=subprocess.STDOUT,
                                         stdin=subprocess.DEVNULL, cwd=self.folder)
        self._wait_ready()

    def _wait_ready(self) -> None:
        assert self.proc is not None
        deadline = time.monotonic() + READY_TIMEOUT
        while True:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                pass
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"{self.name} did not listen on {self.port}: "
                                   f"{self.log.read_text(errors='replace')[-2000:]}")
            # wait on the child itself: returns early (and we report) if it died
            with contextlib.suppress(subprocess.TimeoutExpired):
                code = self.proc.wait(timeout=0.02)
                raise RuntimeError(f"{self.name} exited with {code} at start: "
                                   f"{self.log.read_text(errors='replace')[-2000:]}")

    def stop(self) -> None:
        """Stop the server by its PID (SIGTERM, then SIGKILL after 5 s)."""
        proc, self.proc = self.proc, None
        if proc is None or proc.poll() is not None:
            return
        os.kill(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait(timeout=5)

    def restart(self) -> None:
        """Start again on the same port with the same storage (a server back up)."""
        self.stop()
        self.start()


class Radicale(_Process):
    name = "radicale"

    def __init__(self, folder: Path, tls: TlsFiles | None,
                 users: Mapping[str, str], *, encryption: str = "bcrypt",
                 port: int | None = None) -> None:
        super().__init__(folder, port)
        self.tls = tls
        self.users = dict(users)
        self.encryption = encryption
        self.storage = folder / "collections"
        self.config = folder / "radicale.conf"
        self.htpasswd = folder / "users"
        self._write_users()
        self._write_config()

    @property
    def url(self) -> str:
        scheme = "https" if self.tls else "http"
        return f"{scheme}://127.0.0.1:{self.port}/"

    def _write_users(self) -> None:
        lines = []
        for user, password in self.users.items():
            if self.encryption == "bcrypt":
                import bcrypt

                hashed = bcrypt.hashpw(password.encode(), bcrypt.gensalt(rounds=4)).decode()
                lines.append(f"{user}:{hashed}")
            else:
                lines.append(f"{user}:{password}")
        self.htpasswd.write_text("\n".join(lines) + "\n")

    def _write_config(self) -> None:
        ssl = ""
        if self.tls:
            ssl = (f"ssl = True\ncertificate = {self.tls.cert}\nkey = {self.tls.key}\n")
        self.config.write_text(
            "[server]\n"
            f"hosts = 127.0.0.1:{self.port}\n"
            f"{ssl}"
            "[auth]\n"
            "type = htpasswd\n"
            f"htpasswd_filename = {self.htpasswd}\n"
            f"htpasswd_encryption = {self.encryption}\n"
            "delay = 0\n"
            "[rights]\n"
            "type = owner_only\n"
            "[storage]\n"
            f"filesystem_folder = {self.storage}\n"
            "[web]\n"
            "type = none\n"
            "[logging]\n"
            "level = warning\n")

    def command(self) -> list[str]:
        return [sys.executable, "-m", "radicale", "--config", str(self.config)]


class Xandikos(_Process):
    name = "xandikos"

    def __init__(self, folder: Path, port: int | None = None) -> None:
        super().__init__(folder, port)
        self.storage = folder / "xandikos"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def command(self) -> list[str]:
        return [sys.executable, "-m", "xandikos.web", "--listen-address", "127.0.0.1",
                "--port", str(self.port), "-d", str(self.storage), "--defaults",
                "--state-dir", str(self.folder / "state"), "--no-detect-systemd",
                "--current-user-principal", "/user/"]


USERS = {"ada": "s3cret-pw", "bob": "hunter2"}


@pytest.fixture
def tls_files(tmp_path_factory: pytest.TempPathFactory) -> TlsFiles:
    return make_tls(tmp_path_factory.mktemp("tls"))


@pytest.fixture
def radicale(tmp_path_factory: pytest.TempPathFactory, tls_files: TlsFiles) -> Iterator[Radicale]:
    server = Radicale(tmp_path_factory.mktemp("radicale"), tls_files, USERS)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def xandikos(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Xandikos]:
    server = Xandikos(tmp_path_factory.mktemp("xandikos"))
    server.start()
    try:
        yield server
    finally:
        server.stop()
