"""A real Secret Service for tests: GNOME Keyring on a private D-Bus session bus.

``dbus-run-session`` gives a bus of the test's own (never the user's); on it
``gnome-keyring-daemon --unlock`` reads the login keyring's password from standard input
and serves ``org.freedesktop.secrets`` from a keyring folder under the test's temporary
directory. Both are stopped by their process id when the test ends.

Use :func:`start_secret_service` directly (for a subprocess: pass ``.env``) or the
``secret_service`` fixture (registered by the conftest of the tests that need it), which
also points this process's ``DBUS_SESSION_BUS_ADDRESS`` at the private bus.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

KEYRING_PASSWORD = "followup-test-keyring"


@dataclass
class SecretService:
    address: str
    home: Path
    bus_pid: int
    daemon_pid: int
    env: dict[str, str] = field(default_factory=dict)


def _need(tool: str) -> str:
    found = shutil.which(tool)
    if found is None:
        pytest.fail(f"{tool} is not installed: the keyring tests need it "
                    "(Debian: dbus, gnome-keyring)")
    return found


def _owner_pid(address: str, name: str, timeout: float = 10.0) -> int | None:
    """The process id owning ``name`` on the bus, once someone owns it (asked again
    until ``timeout``: the daemon claims its names just after it forks)."""
    from jeepney import DBusAddress, MessageType, new_method_call
    from jeepney.io.blocking import open_dbus_connection

    bus = DBusAddress("/org/freedesktop/DBus", bus_name="org.freedesktop.DBus",
                      interface="org.freedesktop.DBus")
    deadline = time.monotonic() + timeout
    with contextlib.closing(open_dbus_connection(address)) as conn:
        while True:
            reply = conn.send_and_get_reply(
                new_method_call(bus, "GetConnectionUnixProcessID", "s", (name,)), timeout=5)
            if reply.header.message_type == MessageType.method_return:
                return int(reply.body[0])
            if time.monotonic() > deadline:
                return None
            time.sleep(0.01)  # the name is not claimed yet; the bus has no "wait for it"


@contextlib.contextmanager
def start_secret_service(home: Path) -> Iterator[SecretService]:
    run_session = _need("dbus-run-session")
    daemon = _need("gnome-keyring-daemon")
    home.mkdir(parents=True, exist_ok=True)
    # The child prints the private bus address and then waits on its stdin: closing the
    # pipe ends it, and dbus-run-session then stops the bus daemon it started.
    bus = subprocess.Popen(
        [run_session, "--", "sh", "-c", 'printf "%s\\n" "$DBUS_SESSION_BUS_ADDRESS"; exec cat'],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    daemon_pid = 0
    try:
        assert bus.stdout is not None
        address = bus.stdout.readline().strip()
        assert address.startswith("unix:"), f"dbus-run-session gave no address: {address!r}"
        env = dict(os.environ, DBUS_SESSION_BUS_ADDRESS=address, HOME=str(home),
                   XDG_DATA_HOME=str(home / "data"), XDG_CONFIG_HOME=str(home / "config"),
                   XDG_RUNTIME_DIR=str(home))
        env.pop("PYTHON_KEYRING_BACKEND", None)
        # --daemonize returns once the daemon has claimed its names on the bus
        done = subprocess.run([daemon, "--unlock", "--components=secrets", "--daemonize"],
                              input=KEYRING_PASSWORD, capture_output=True, text=True,
                              env=env, timeout=20, check=False)
        assert done.returncode == 0, f"gnome-keyring-daemon failed: {done.stderr.strip()}"
        pid = _owner_pid(address, "org.freedesktop.secrets")
        assert pid, "gnome-keyring-daemon did not claim org.freedesktop.secrets"
        daemon_pid = pid
        yield SecretService(address=address, home=home, bus_pid=bus.pid,
                            daemon_pid=daemon_pid, env=env)
    finally:
        if daemon_pid:
            with contextlib.suppress(ProcessLookupError):
                os.kill(daemon_pid, signal.SIGTERM)
            _gone(daemon_pid)
        if bus.stdin is not None:
            bus.stdin.close()
        try:
            bus.wait(timeout=10)
        except subprocess.TimeoutExpired:
            bus.kill()
            bus.wait()
        if bus.stdout is not None:
            bus.stdout.close()


def _gone(pid: int, timeout: float = 5.0) -> None:
    """Wait for a process that is not our child to exit (it was reparented)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (FileNotFoundError, ProcessLookupError, IndexError):
            return
        if state in ("Z", "X"):  # exited; its new parent reaps it
            return
        time.sleep(0.01)  # polling another process's exit; no signal to wait on
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)


@pytest.fixture
def secret_service(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[SecretService]:
    """A running, unlocked GNOME Keyring on a private bus; this process points at it."""
    from followup_desktop.services import secrets

    with start_secret_service(tmp_path / "keyring-home") as service:
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", service.address)
        monkeypatch.delenv("PYTHON_KEYRING_BACKEND", raising=False)
        secrets.reset_default()
        yield service
        secrets.reset_default()
