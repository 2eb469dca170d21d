"""SIGKILL during each migration step: the file is at the old or the new version, never
in between, and every row is still there."""

from __future__ import annotations

import random
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from followup_desktop.store import migrations
from tests.faults.conftest import Tally, integrity, reap, spawn, table_counts

TRIALS = 30


def _columns(con: sqlite3.Connection, table: str) -> dict[str, int]:
    return {r[1]: r[3] for r in con.execute(f'PRAGMA table_info("{table}")')}


def _shape(path: Path) -> tuple[int, str]:
    """(user_version, which schema the tables actually have: "1", "2", "3" or "mixed")."""
    con = sqlite3.connect(str(path))
    try:
        version = con.execute("PRAGMA user_version").fetchone()[0]
        app, iv, person, state = (_columns(con, t) for t in ("application", "interview",
                                                              "person", "followup_state"))
    finally:
        con.close()
    v2 = ("deleted_at" in app, "uid" in iv, person["email"] == 0)
    shape = "2" if all(v2) else "1" if not any(v2) else "mixed"
    if "uid" in state:  # schema 3: the windows' calendar UIDs
        shape = "3" if shape == "2" else "mixed"
    return version, shape


#: what each version's tables look like (a file at one version has exactly that shape)
SHAPES = {1: "1", 2: "2", 3: "3"}
LAST = migrations.SCHEMA_VERSION


def _run(db: Path) -> subprocess.Popen[str]:
    proc = spawn("migrate", str(db))
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "GO"
    return proc


@pytest.mark.slow
@pytest.mark.parametrize("step", sorted(migrations.STEPS))
def test_sigkill_during_migration_step(step: int, schema1_file: tuple[Path, dict[str, int]],
                                       copy_db, tmp_path: Path, tally: Tally) -> None:
    # Every step is reached from a schema-1 file: the kills spread over the whole run, and
    # each step's commit must have kills on both of its sides.
    assert LAST in SHAPES, "add the new schema's shape to _shape and SHAPES"
    fixture, counts = schema1_file
    # How long an uninterrupted migration takes here, to spread the kills over it.
    db = copy_db(fixture, tmp_path / "timing")
    t0 = time.monotonic()
    proc = _run(db)
    assert reap(proc, timeout=120) == 0, proc.stderr
    span = time.monotonic() - t0
    assert _shape(db) == (LAST, SHAPES[LAST])

    rng = random.Random(step)
    outcomes = dict.fromkeys(SHAPES, 0)
    failures = []
    for trial in range(TRIALS):
        db = copy_db(fixture, tmp_path / f"t{trial}")
        proc = _run(db)
        delay = span * trial / TRIALS + rng.uniform(0, span / TRIALS)
        try:
            proc.wait(timeout=delay)  # bounded polling of the child, then the kill
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGKILL)
        reap(proc)
        version, shape = _shape(db)
        ok = SHAPES.get(version) == shape
        ok &= integrity(db) == [("ok",)]
        ok &= table_counts(db) == counts
        if version in outcomes:
            outcomes[version] += 1
        # Opening it again finishes the job with nothing lost.
        from followup_desktop.store.connection import connect

        conn = connect(db)
        conn.close()
        from followup_desktop.store.models import DB

        DB.initialize(None)
        ok &= _shape(db) == (LAST, SHAPES[LAST]) and table_counts(db) == counts
        con = sqlite3.connect(str(db))
        ok &= con.execute("SELECT count(*) FROM person WHERE email = ''").fetchone()[0] == 0
        ok &= con.execute("SELECT count(*) FROM person WHERE email IS NULL").fetchone()[0] \
            == counts["person"] // 3
        con.close()
        if not tally(f"sigkill-during-migration-v{step}", ok):
            failures.append((trial, delay, version, shape))
    assert not failures, failures
    # The kills really landed on both sides of the commit (else the test proved little).
    before = sum(n for v, n in outcomes.items() if v <= step)
    after = sum(n for v, n in outcomes.items() if v > step)
    assert before > 0 and after > 0, outcomes
