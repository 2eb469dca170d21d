"""Item 10 (and 14's symlink): restore takes only backups the app can read in full."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from followup_desktop.clock import system_clock
from followup_desktop.context import AppContext
from followup_desktop.paths import Paths
from followup_desktop.services.backups import restore_into
from followup_desktop.store import StoreError
from followup_desktop.store.backup import integrity_ok
from followup_desktop.store.backups import BackupManager
from tests.hostile.conftest import document


def _demo(run, tmp_path) -> tuple[Paths, Path]:
    assert run.import_doc(document(), tmp_path)[0] == 0
    paths = Paths.for_data_dir(run.data_dir)
    ctx = AppContext.open(paths)
    try:
        good = BackupManager(ctx.store, paths, system_clock).backup_now("manual")
    finally:
        ctx.close()
    return paths, good


def _edit(src: Path, dest: Path, *sql: str) -> Path:
    shutil.copyfile(src, dest)
    con = sqlite3.connect(str(dest))
    try:
        for s in sql:
            con.executescript(s)
        con.commit()
    finally:
        con.close()
    assert integrity_ok(dest)
    return dest


HOSTILE = {
    "foreign schema": None,
    "missing column": ("ALTER TABLE person DROP COLUMN title",),
    "extra table": ("CREATE TABLE loot (x TEXT)",),
    "non-date start": ("UPDATE interview SET start = 'next tuesday'",),
    "unknown status": ("UPDATE application SET status = 'bogus'",),
    "name with a line break": ("UPDATE person SET name = 'Dana' || char(10) || 'Bcc: x@y.z'",),
    "trigger": ("CREATE TRIGGER rewrite AFTER INSERT ON person BEGIN "
                "UPDATE person SET email = 'evil@example.com'; END",),
    "view": ("CREATE VIEW v AS SELECT * FROM person",),
    # the name of one of the kept plan's own triggers, another body
    "trigger under the cache's name": (
        "CREATE TRIGGER plan_rev_person_insert AFTER INSERT ON person BEGIN "
        "UPDATE person SET email = 'evil@example.com'; END",),
}


@pytest.mark.parametrize("case", list(HOSTILE))
def test_a_backup_the_app_cannot_read_is_not_restored(run, tmp_path, case):
    paths, good = _demo(run, tmp_path)
    bad = tmp_path / f"{case.replace(' ', '-')}.sqlite3"
    if HOSTILE[case] is None:
        con = sqlite3.connect(str(bad))
        con.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
        con.commit()
        con.close()
    else:
        _edit(good, bad, *HOSTILE[case])
    before = paths.db.read_bytes()
    ctx = AppContext.open(paths)
    try:
        manager = BackupManager(ctx.store, paths, system_clock)
        with pytest.raises(StoreError, match="it was not restored"):
            manager.restore(bad)
        assert ctx.store.load_applications()[0].company == "Northwind"  # still usable
    finally:
        ctx.close()
    assert paths.db.read_bytes() == before
    code, out, err = run("agenda", "--json")
    assert code == 0, err


def test_a_good_backup_is_restored(run, tmp_path):
    paths, good = _demo(run, tmp_path)
    ctx = AppContext.open(paths)
    try:
        restore_into(ctx, BackupManager(ctx.store, paths, system_clock), good)
    finally:
        ctx.close()
    code, out, err = run("agenda", "--json")
    assert code == 0, err


def test_restore_through_a_linked_database_writes_through_the_link(run, tmp_path):
    paths, good = _demo(run, tmp_path)
    synced = tmp_path / "synced"
    synced.mkdir()
    shutil.move(paths.db, synced / "followup.sqlite3")
    paths.db.symlink_to(synced / "followup.sqlite3")
    ctx = AppContext.open(paths)
    try:
        restore_into(ctx, BackupManager(ctx.store, paths, system_clock), good)
    finally:
        ctx.close()
    assert paths.db.is_symlink()
    assert paths.db.resolve() == (synced / "followup.sqlite3").resolve()
    assert integrity_ok(synced / "followup.sqlite3")
    code, out, err = run("agenda", "--json")
    assert code == 0, err


def test_a_damage_the_window_meets_is_offered_for_recovery_at_the_next_start(run, tmp_path):
    """Item 8, the window's side: an uncaught ``DatabaseError: database disk image is
    malformed`` is said in words and leaves the marker; the next start moves the file
    aside untouched and offers the newest verified backup."""
    import sys

    import peewee

    from followup_desktop.services.startup import Choice, ProblemKind, open_checked
    from followup_desktop.ui.errors import install_excepthook, plain_words

    paths, good = _demo(run, tmp_path)
    before = paths.db.read_bytes()
    saved = sys.excepthook
    try:
        hook = install_excepthook(paths.log_dir, paths.db)
        exc = peewee.DatabaseError("database disk image is malformed")
        hook(type(exc), exc, None)
    finally:
        sys.excepthook = saved
    assert "damaged" in plain_words(exc) and "backup" in plain_words(exc)
    ctx, problem = open_checked(paths)
    assert ctx is None and problem is not None and problem.kind is ProblemKind.DAMAGED
    assert problem.backup is not None and problem.backup.name == good.name
    assert Choice.RESTORE_BACKUP in problem.choices()
    assert problem.damaged_dir is not None
    assert (problem.damaged_dir / "followup.sqlite3").read_bytes() == before
