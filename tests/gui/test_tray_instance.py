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
