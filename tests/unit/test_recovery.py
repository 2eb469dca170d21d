"""Start-up checks: the clean path, the running marker, damaged files, choices."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from followup_desktop.clock import fixed_clock
from followup_desktop.paths import Paths
from followup_desktop.records import ApplicationSpec
from followup_desktop.services.startup import (
    Choice,
    Problem,
    ProblemKind,
    open_checked,
    resolve_damaged,
)
from followup_desktop.store.backups import BackupManager
from followup_desktop.store.connection import running_marker
from followup_desktop.store.recovery import quarantine

CLOCK = fixed_clock(dt.datetime(2026, 3, 2, 15, 0, tzinfo=dt.UTC))


def test_clean_start_creates_and_marks(tmp_path: Path) -> None:
    paths = Paths.for_data_dir(tmp_path / "d")
    ctx, problem = open_checked(paths, CLOCK)
    assert ctx is not None and problem is None
    assert running_marker(paths.db).exists()  # written at open...
    ctx.store.add_application(ApplicationSpec(company="A", role="R"))
    ctx.close()
    assert not running_marker(paths.db).exists()  # ...removed at a clean close
    ctx, problem = open_checked(paths, CLOCK)
    assert ctx is not None and problem is None and len(ctx.applications()) == 1
    ctx.close()


def test_unclean_marker_alone_is_not_damage(tmp_path: Path) -> None:
    paths = Paths.for_data_dir(tmp_path / "d")
    ctx, _ = open_checked(paths, CLOCK)
    assert ctx is not None
    ctx.store.add_application(ApplicationSpec(company="A", role="R"))
    ctx.close()
    running_marker(paths.db).write_text("123\n")
    ctx, problem = open_checked(paths, CLOCK)  # full integrity_check, which passes
    assert ctx is not None and problem is None
    ctx.close()
    assert not running_marker(paths.db).exists()


def test_empty_file_beside_backups_is_treated_as_damaged(tmp_path: Path) -> None:
    paths = Paths.for_data_dir(tmp_path / "d")
    ctx, _ = open_checked(paths, CLOCK)
    assert ctx is not None
    ctx.store.add_application(ApplicationSpec(company="A", role="R"))
    BackupManager(ctx.store, paths, CLOCK).backup_now()
    ctx.close()
    paths.db.write_bytes(b"")
    ctx, problem = open_checked(paths, CLOCK)
    assert ctx is None and problem is not None and problem.kind is ProblemKind.DAMAGED
    assert problem.damaged_dir is not None
    assert (problem.damaged_dir / paths.db.name).stat().st_size == 0
    assert problem.choices() == (Choice.RESTORE_BACKUP, Choice.OPEN_DAMAGED_READ_ONLY,
                                 Choice.START_EMPTY)
    ctx, again = resolve_damaged(paths, problem, Choice.RESTORE_BACKUP, CLOCK)
    assert ctx is not None and again is None
    assert [a.company for a in ctx.applications()] == ["A"]
    ctx.close()


def test_not_a_database_is_moved_with_side_files(tmp_path: Path) -> None:
    paths = Paths.for_data_dir(tmp_path / "d").ensure()
    paths.db.write_bytes(b"this is a text file, not a database" * 100)
    Path(f"{paths.db}-wal").write_bytes(b"stale log")
    Path(f"{paths.db}-shm").write_bytes(b"stale index")
    ctx, problem = open_checked(paths, CLOCK)
    assert ctx is None and problem is not None and problem.kind is ProblemKind.DAMAGED
    assert problem.damaged_dir is not None and problem.backup is None
    moved = sorted(p.name for p in problem.damaged_dir.iterdir())
    assert moved == ["followup.sqlite3", "followup.sqlite3-shm", "followup.sqlite3-wal",
                     "why.txt"]
    assert (problem.damaged_dir / "followup.sqlite3-wal").read_bytes() == b"stale log"
    assert not paths.db.exists()
    ctx, again = resolve_damaged(paths, problem, Choice.START_EMPTY, CLOCK)
    assert ctx is not None and again is None and ctx.applications() == []
    ctx.close()


def test_quarantine_never_overwrites_an_earlier_one(tmp_path: Path) -> None:
    paths = Paths.for_data_dir(tmp_path / "d").ensure()
    paths.db.write_bytes(b"first")
    one = quarantine(paths, CLOCK)
    paths.db.write_bytes(b"second")
    two = quarantine(paths, CLOCK)  # same clock reading: a new folder all the same
    assert one != two
    assert (one / "followup.sqlite3").read_bytes() == b"first"
    assert (two / "followup.sqlite3").read_bytes() == b"second"


def test_resolve_needs_a_damaged_problem(tmp_path: Path) -> None:
    paths = Paths.for_data_dir(tmp_path / "d")
    with pytest.raises(ValueError):
        resolve_damaged(paths, Problem(ProblemKind.IN_USE, "x"), Choice.START_EMPTY, CLOCK)
    assert Problem(ProblemKind.READ_ONLY, "x").blocking is False
    assert Problem(ProblemKind.NEWER, "x").blocking is True


def test_a_file_moved_aside_and_left_without_a_choice_is_offered_again(tmp_path: Path) -> None:
    """Found by a review: after the damaged-file dialog was left with Quit, the next start
    (and every command) took the folder for an empty one: `agenda` said "Nothing to follow
    up", `demo` filled it, and the window opened on it with no word of damaged/."""
    import subprocess
    import sys

    paths = Paths.for_data_dir(tmp_path / "d").ensure()
    paths.db.write_bytes(b"this is a text file, not a database" * 100)
    ctx, problem = open_checked(paths, CLOCK)
    assert ctx is None and problem is not None and problem.damaged_dir is not None
    assert not paths.db.exists()  # moved; the user leaves the dialog
    ctx, again = open_checked(paths, CLOCK)  # the next start
    assert ctx is None and again is not None and again.kind is ProblemKind.DAMAGED
    assert again.damaged_dir == problem.damaged_dir and not paths.db.exists()
    for args in (["agenda"], ["demo"], ["export", str(tmp_path / "e.json")]):
        r = subprocess.run([sys.executable, "-m", "followup_desktop", "--data-dir",
                            str(paths.data_dir), *args], capture_output=True, text=True,
                           timeout=120)
        assert r.returncode == 1 and "found damaged and moved" in r.stderr, (args, r.stderr)
        assert r.stderr.count("\n") == 1 and not paths.db.exists()
    ctx, none = resolve_damaged(paths, again, Choice.START_EMPTY, CLOCK)  # a choice made
    assert ctx is not None and none is None
    ctx.close()
    r = subprocess.run([sys.executable, "-m", "followup_desktop", "--data-dir",
                        str(paths.data_dir), "agenda"], capture_output=True, text=True,
                       timeout=120)
    assert r.returncode == 0, r.stderr
