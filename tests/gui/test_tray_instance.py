"""SingleInstance: one owner per data folder, stale locks taken over, "activate" delivered."""

from __future__ import annotations

import os
import socket
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSysInfo

from followup_desktop.paths import Paths
from followup_desktop.reminders.instance import SingleInstance, server_name


def test_a_second_instance_asks_the_first_to_show_itself(tmp_path: Path, qtbot: Any) -> None:
    paths = Paths.for_data_dir(tmp_path / "d")
    first = SingleInstance(paths)
    assert first.acquire()
    try:
        second = SingleInstance(paths, connect_ms=2000)
        with qtbot.waitSignal(first.activated, timeout=3000):
            assert second.acquire() is False
        assert not second.owner
    finally:
        first.release()
    third = SingleInstance(paths)
    assert third.acquire()  # released: the next launch owns it
    third.release()


def test_a_lock_left_by_a_dead_process_is_taken_over(tmp_path: Path, qapp: Any) -> None:
    paths = Paths.for_data_dir(tmp_path / "d")
    paths.data_dir.mkdir(parents=True)
    # QLockFile's format: pid, app name, host name. A PID that cannot be running:
    dead = 2**22 + 12345
    assert not os.path.exists(f"/proc/{dead}")
    paths.lock_file.write_text(f"{dead}\nfollowup\n{QSysInfo.machineHostName()}\n")
    inst = SingleInstance(paths)
    assert inst.acquire()
    assert paths.lock_file.read_text().split("\n")[0] == str(os.getpid())
    inst.release()


def test_a_socket_file_left_by_a_crash_does_not_block_listening(tmp_path: Path,
                                                               qapp: Any) -> None:
    paths = Paths.for_data_dir(tmp_path / "d")
    name = server_name(paths)
    stale = Path("/tmp") / name  # where QLocalServer puts a bare name on Linux
    s = socket.socket(socket.AF_UNIX)
    try:
        s.bind(str(stale))
    finally:
        s.close()
    try:
        inst = SingleInstance(paths)
        assert inst.acquire()
        assert inst.server is not None and inst.server.isListening()
        inst.release()
    finally:
        stale.unlink(missing_ok=True)


def test_different_data_folders_are_independent(tmp_path: Path, qapp: Any) -> None:
    a = SingleInstance(Paths.for_data_dir(tmp_path / "a"))
    b = SingleInstance(Paths.for_data_dir(tmp_path / "b"))
    assert a.name != b.name
    assert a.acquire() and b.acquire()
    a.release()
    b.release()


def test_the_socket_is_the_owners_alone_and_a_silent_caller_blocks_nobody(
        tmp_path: Path, qtbot: Any) -> None:
    from followup_desktop.reminders.instance import UNIX_SOCKETS, socket_path

    paths = Paths.for_data_dir(tmp_path / "d")
    first = SingleInstance(paths)
    assert first.acquire()
    try:
        if UNIX_SOCKETS:
            path = socket_path(first.name)
            assert (os.stat(path).st_mode & 0o777) == 0o600  # no other user may call
        silent = socket.socket(socket.AF_UNIX)
        silent.connect(socket_path(first.name))  # connects, says nothing, stays open
        try:
            second = SingleInstance(paths, connect_ms=2000)
            with qtbot.waitSignal(first.activated, timeout=3000):
                assert second.acquire() is False
        finally:
            silent.close()
    finally:
        first.release()
    if UNIX_SOCKETS:
        assert not os.path.exists(socket_path(first.name))  # released: the socket is gone


def test_the_window_process_never_loads_qtnetwork(tmp_path: Path) -> None:
    """Python's own Unix socket answers later launches, so QtNetwork (and the Kerberos
    libraries it links) never load in the long-running window process."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from PySide6.QtCore import QCoreApplication\n"
        "from followup_desktop.paths import Paths\n"
        "from followup_desktop.reminders.instance import SingleInstance\n"
        "app = QCoreApplication([])\n"
        f"inst = SingleInstance(Paths.for_data_dir({str(tmp_path / 'd')!r}))\n"
        "assert inst.acquire() and inst.server.isListening()\n"
        "maps = open('/proc/self/maps').read()\n"
        "print('PySide6.QtNetwork' in sys.modules, 'libQt6Network' in maps)\n"
        "inst.release()\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=60)
    assert out.returncode == 0, out.stderr[-1500:]
    assert out.stdout.split() == ["False", "False"]
