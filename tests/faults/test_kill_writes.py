"""SIGKILL during a stream of writes: every acknowledged write survives, the file is sound."""

from __future__ import annotations

import random
import signal
import subprocess
import threading
from pathlib import Path

import pytest

from tests.faults.conftest import Tally, integrity, reap, spawn

TRIALS = 110
PARALLEL = 2


def _start(folder: Path, start: int) -> subprocess.Popen[str]:
    folder.mkdir(parents=True, exist_ok=True)
    return spawn("writes", str(folder), str(start))


def _kill_after(proc: subprocess.Popen[str], acks_wanted: int) -> dict[int, int]:
    """Read acknowledgements until ``acks_wanted`` arrived, then SIGKILL at once (the child
    is mid-way through its next transaction, at a point the scheduler picks)."""
    acked: dict[int, int] = {}
    assert proc.stdout is not None
    line = proc.stdout.readline()
    assert line.strip() == "READY", (line, proc.stderr.read() if proc.stderr else "")
    while len(acked) < acks_wanted:
        line = proc.stdout.readline()
        if not line:
            break
        _, n, app_id = line.split()
        acked[int(n)] = int(app_id)
    proc.send_signal(signal.SIGKILL)
    # Acks printed before the kill landed were committed too: read what is in the pipe.
    for line in proc.stdout:
        if line.startswith("ACK"):
            _, n, app_id = line.split()
            acked[int(n)] = int(app_id)
    assert reap(proc) == -signal.SIGKILL
    return acked


def _verify(folder: Path, acked: dict[int, int]) -> list[str]:
    """Through the app's own start-up path: checks pass, every ack is there, whole."""
    from followup_desktop.paths import Paths
    from followup_desktop.services.startup import open_checked

    problems: list[str] = []
    ctx, problem = open_checked(Paths.for_data_dir(folder))
    if ctx is None or problem is not None:
        return [f"start-up problem: {problem}"]
    try:
        apps = {a.id: a for a in ctx.store.load_applications()}
        for n, app_id in acked.items():
            app = apps.get(app_id)
            if app is None or app.company != f"Company {n}":
                problems.append(f"acknowledged application {n} (id {app_id}) missing")
        for app in apps.values():  # nothing half-written, acknowledged or not
            if len(app.interviews) != 1 or len(app.people) != 2 or \
                    len(app.interviews[0].participants) != 2 or \
                    len(app.interviews[0].promises) != 1:
                problems.append(f"application {app.id} is partly written")
    finally:
        ctx.close()
    rows = integrity(folder / "followup.sqlite3")
    if rows != [("ok",)]:
        problems.append(f"integrity_check: {rows[:3]}")
    return problems


@pytest.mark.slow
def test_sigkill_during_writes(tmp_path: Path, tally: Tally) -> None:
    """Two workers, each its own data folder, kill after kill on the same files."""
    failures: list[str] = []
    verify_lock = threading.Lock()  # one Store per process: verifications take turns

    def worker(w: int) -> None:
        rng = random.Random(20260302 + w)
        folder = tmp_path / f"d{w}"
        for trial in range(w, TRIALS, PARALLEL):
            proc = _start(folder, trial * 100_000)  # fresh company numbers per trial
            acked = _kill_after(proc, rng.choice((0, 1, 2, 3, 5, 8, 13)))
            with verify_lock:
                problems = _verify(folder, acked)
                tally("sigkill-during-writes", not problems)
            failures.extend(f"trial {trial}: {p}" for p in problems)

    threads = [threading.Thread(target=worker, args=(w,)) for w in range(PARALLEL)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=600)
    assert not any(t.is_alive() for t in threads)
    # The same files took every kill in turn: all acknowledged writes of all trials.
    assert not failures, failures[:10]
