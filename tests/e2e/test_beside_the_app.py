"""Issue 18 item 6: every command works while the window runs on the same data folder,
and the window's table shows what a command changed within 2 s (a file watch, no poll).

The real window process (offscreen) runs ``tests/e2e/beside_probe.py``, which prints
its table's rows whenever they change; ``agenda``, ``export`` and ``import`` run beside it
as real subprocesses."""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def _doc(*companies: str) -> dict:  # type: ignore[type-arg]
    return {"format": "followup/1",
            "profile": {"name": "Ada Park", "timezone": "America/New_York"},
            "applications": [{"company": c, "role": "Data Engineer", "interviews": [{
                "start": "2026-11-30T10:00:00-05:00", "interviewers": [{
                    "name": "Dana Whitfield", "email": f"dana@{c.lower()}.example"}]}]}
                for c in companies]}


def _cli(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "followup_desktop", "--data-dir", str(data),
                           *args], capture_output=True, text=True, timeout=60, cwd=REPO)


class Probe:
    def __init__(self, data: Path) -> None:
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
        self.proc = subprocess.Popen(
            [sys.executable, str(REPO / "tests" / "e2e" / "beside_probe.py"), str(data)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=REPO)
        self.lines: queue.Queue[dict] = queue.Queue()  # type: ignore[type-arg]
        self.last: dict = {}  # type: ignore[type-arg]
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            if line.startswith("{"):
                self.lines.put(json.loads(line))

    def until(self, test, timeout: float) -> dict:  # type: ignore[no-untyped-def,type-arg]
        """The first report that passes ``test`` within ``timeout`` seconds."""
        end = time.monotonic() + timeout
        if self.last and test(self.last):
            return self.last
        while True:
            left = end - time.monotonic()
            if left <= 0:
                raise AssertionError(f"the window did not show it in {timeout} s; last "
                                     f"seen {self.last}")
            try:
                self.last = self.lines.get(timeout=left)
            except queue.Empty:
                continue
            if test(self.last):
                return self.last

    def stop(self) -> str:
        self.proc.send_signal(signal.SIGTERM)
        try:
            _, err = self.proc.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            _, err = self.proc.communicate()
        return err


@pytest.mark.slow
def test_commands_work_beside_the_window_and_it_shows_their_changes(tmp_path: Path) -> None:
    data = tmp_path / "data"
    first = tmp_path / "first.json"
    first.write_text(json.dumps(_doc("Northwind")))
    assert _cli(data, "import", str(first)).returncode == 0
    probe = Probe(data)
    try:
        probe.until(lambda r: r["rows"] == 1, 60)

        agenda = _cli(data, "agenda", "--json")
        assert agenda.returncode == 0, agenda.stderr
        assert {i["company"] for i in json.loads(agenda.stdout)} == {"Northwind"}

        out = tmp_path / "out.json"
        export = _cli(data, "export", str(out))
        assert export.returncode == 0, export.stderr
        assert [a["company"] for a in json.loads(out.read_text())["applications"]] == [
            "Northwind"]

        more = tmp_path / "more.json"
        more.write_text(json.dumps(_doc("Globex", "Initech")))
        imported = _cli(data, "import", str(more))
        assert imported.returncode == 0, imported.stderr
        done = time.monotonic()
        seen = probe.until(lambda r: r["rows"] == 3, 10)
        assert seen["companies"] == ["Globex", "Initech", "Northwind"]
        assert time.monotonic() - done < 2.0, "shown, but later than 2 s after the import"

        again = _cli(data, "import", str(more))  # the same file twice: nothing new
        assert again.returncode == 0 and "skipped 2" in again.stdout, again.stdout
        assert _cli(data, "agenda").returncode == 0
        assert probe.proc.poll() is None, "the window is still running"
    finally:
        err = probe.stop()
    assert "Traceback" not in err, err
