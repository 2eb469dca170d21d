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
    """(user_version, which schema the tables actually have: "1" to "4", or "mixed")."""
    con = sqlite3.connect(str(path))
    try:
        version = con.execute("PRAGMA user_version").fetchone()[0]
        app, iv, person, event, state = (
            _columns(con, t)
            for t in ("application", "interview", "person", "event", "followup_state"))
        basis = _columns(con, "draft_basis")
        secret = con.execute("SELECT count(*) FROM setting WHERE key = ?",
                             (migrations.UID_SECRET_KEY,)).fetchone()[0]
    finally:
        con.close()
    v2 = ("deleted_at" in app, "uid" in iv, person["email"] == 0)
    v3 = ("says" in event, "decision_by" in event)
    shape = "2" if all(v2) else "1" if not any(v2) else "mixed"
    if shape == "2" and all(v3):
        shape = "3"
    elif any(v3):
        shape = "mixed"
    if "uid" in state:  # schema 4: the windows' calendar UIDs
        shape = "4" if shape == "3" else "mixed"
    if basis:  # schema 5: what edited drafts were made from
        shape = "5" if shape == "4" else "mixed"
    if secret:  # schema 6: the data folder's secret for window UIDs
        shape = "6" if shape == "5" else "mixed"
    return version, shape


def _same_rows(now: dict[str, int], before: dict[str, int]) -> bool:
    """Every table of before keeps its rows; a table a later step adds starts empty (and
    ``setting`` may hold the one row schema 6 adds, the UID secret)."""
    return all(now.get(t) == c or (t == "setting" and now.get(t) == c + 1)
               for t, c in before.items()) and all(
        now[t] == 0 for t in now if t not in before)


def _run(db: Path) -> subprocess.Popen[str]:
    proc = spawn("migrate", str(db))
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "GO"
    return proc


@pytest.mark.slow
@pytest.mark.parametrize("step", [1])
def test_sigkill_during_migration_step(step: int, schema1_file: tuple[Path, dict[str, int]],
                                       copy_db, tmp_path: Path, tally: Tally) -> None:
    """From schema 1 through every later step (schemas 3 and 4 only add columns,
    schema 5 a table, schema 6 a row: a kill lands before or after each step's commit, never inside
    one)."""
    last = migrations.SCHEMA_VERSION
    shapes = {(v, str(v)) for v in range(1, last + 1)}
    fixture, counts = schema1_file
    # How long an uninterrupted migration takes here, to spread the kills over it.
    db = copy_db(fixture, tmp_path / "timing")
    t0 = time.monotonic()
    proc = _run(db)
    assert reap(proc, timeout=120) == 0, proc.stderr
    span = time.monotonic() - t0
    assert _shape(db) == (last, str(last))

    rng = random.Random(step)
    outcomes = dict.fromkeys(range(1, last + 1), 0)
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
        ok = (version, shape) in shapes
        ok &= integrity(db) == [("ok",)]
        ok &= _same_rows(table_counts(db), counts)
        if version in outcomes:
            outcomes[version] += 1
        # Opening it again finishes the job with nothing lost.
        from followup_desktop.store.connection import connect

        conn = connect(db)
        conn.close()
        from followup_desktop.store.models import DB

        DB.initialize(None)
        ok &= _shape(db) == (last, str(last)) and _same_rows(table_counts(db), counts)
        con = sqlite3.connect(str(db))
        ok &= con.execute("SELECT count(*) FROM person WHERE email = ''").fetchone()[0] == 0
        ok &= con.execute("SELECT count(*) FROM person WHERE email IS NULL").fetchone()[0] \
            == counts["person"] // 3
        con.close()
        if not tally(f"sigkill-during-migration-v{step}", ok):
            failures.append((trial, delay, version, shape))
    assert not failures, failures
    # The kills really landed on both sides of the commit (else the test proved little).
    assert outcomes[1] > 0 and outcomes[last] > 0, outcomes
