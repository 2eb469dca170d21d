"""The start-up check skipped only on the very file a clean close left (store.recovery):
any other program's write, a copy put in its place, a ``touch``, an unclean end or a week
gone sends the start through ``quick_check`` again, and damage is still found."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from followup_desktop.clock import fixed_clock
from followup_desktop.paths import Paths
from followup_desktop.records import ApplicationSpec
from followup_desktop.services.startup import ProblemKind, open_checked
from followup_desktop.store import recovery
from followup_desktop.store.connection import clean_stamp, running_marker

T0 = dt.datetime(2026, 3, 2, 15, 0, tzinfo=dt.UTC)


@pytest.fixture
def checks(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """One entry per check run at a start (True: the full integrity_check)."""
    ran: list[bool] = []
    real = recovery._check

    def counting(store, full):  # type: ignore[no-untyped-def]
        ran.append(full)
        return real(store, full)

    monkeypatch.setattr(recovery, "_check", counting)
    return ran


def _session(paths: Paths, at: dt.datetime = T0, *, write: bool = False):  # type: ignore[no-untyped-def]
    ctx, problem = open_checked(paths, fixed_clock(at))
    assert ctx is not None and problem is None, problem
    if write:
        ctx.store.add_application(ApplicationSpec(company="Acme", role="Analyst"))
    ctx.close()
    return ctx


def test_an_untouched_file_after_a_clean_close_is_not_checked_again(
        tmp_path: Path, checks: list[bool]) -> None:
    paths = Paths.for_data_dir(tmp_path / "d")
    _session(paths, write=True)
    assert clean_stamp(paths.db).exists() and checks == [False]
    _session(paths)
    _session(paths, T0 + dt.timedelta(days=6))
    assert checks == [False]  # trusted twice: nobody touched the file
    _session(paths, T0 + dt.timedelta(days=7, minutes=1))  # a week since the last check
    assert checks == [False, False]


@pytest.mark.parametrize("how", ["write", "touch", "copy", "unclean"])
def test_anything_done_to_the_file_since_means_a_check(
        tmp_path: Path, checks: list[bool], how: str) -> None:
    paths = Paths.for_data_dir(tmp_path / "d")
    _session(paths, write=True)
    if how == "write":  # another program, through SQLite
        con = sqlite3.connect(paths.db)
        con.execute("UPDATE application SET role = 'Engineer'")
        con.commit()
        con.close()
    elif how == "touch":
        st = paths.db.stat()
        os.utime(paths.db, ns=(st.st_atime_ns, st.st_mtime_ns))  # same times, new ctime
    elif how == "copy":  # a restore or a copy put in its place, times kept
        shutil.copy2(paths.db, tmp_path / "copy")
        os.replace(tmp_path / "copy", paths.db)
    else:
        running_marker(paths.db).write_text("123\n")
    _session(paths)
    assert checks == [False, how == "unclean"]


def test_damage_written_into_a_trusted_file_is_found(tmp_path: Path,
                                                      checks: list[bool]) -> None:
    paths = Paths.for_data_dir(tmp_path / "d")
    _session(paths, write=True)
    con = sqlite3.connect(paths.db)
    (page,) = con.execute("SELECT rootpage FROM sqlite_master WHERE name = 'interview'"
                          ).fetchone()
    con.close()
    with open(paths.db, "r+b") as fh:  # a page of the data overwritten (not the schema's:
        fh.seek((page - 1) * 4096)     # that fails the open itself, without a check)
        fh.write(b"\xff" * 4096)
    ctx, problem = open_checked(paths, fixed_clock(T0))
    assert ctx is None and problem is not None and problem.kind is ProblemKind.DAMAGED
    assert len(checks) == 2


def test_a_damaged_stamp_only_means_a_check(tmp_path: Path, checks: list[bool]) -> None:
    paths = Paths.for_data_dir(tmp_path / "d")
    _session(paths, write=True)
    clean_stamp(paths.db).write_text("{not json")
    _session(paths)
    assert checks == [False, False]
