"""SIGTERM and Ctrl+C end the window as File › Quit does (found by a review: SIGTERM
killed it outright, leaving the running marker, and Ctrl+C was ignored)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["TERM", "INT"])
def test_a_signal_closes_the_data_cleanly(qtbot, tmp_path: Path, sig: int) -> None:  # type: ignore[no-untyped-def]
    data = tmp_path / "data"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path / "home"),
           "XDG_CONFIG_HOME": str(tmp_path / "config"),
           "XDG_CACHE_HOME": str(tmp_path / "cache")}
    run = [sys.executable, "-m", "followup_desktop", "--data-dir", str(data)]
    assert subprocess.run([*run, "demo"], env=env, capture_output=True,
                          timeout=120).returncode == 0
    proc = subprocess.Popen(run, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        running = data / "followup.sqlite3.running"
        qtbot.waitUntil(running.exists, timeout=60_000)  # the data is open
        proc.send_signal(sig)
        _out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err[-1500:]
    assert not running.exists()  # closed cleanly: the next start needs no full check
    assert (data / "followup.sqlite3.clean").exists()
    assert not (data / "followup.lock").exists() or not _locked(data / "followup.lock")


def _locked(lock: Path) -> bool:
    import fcntl

    with lock.open("a") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return True
        fcntl.flock(fh, fcntl.LOCK_UN)
        return False
