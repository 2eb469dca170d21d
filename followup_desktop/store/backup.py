"""Backups with SQLite's online backup API, verified before they get their final name."""

from __future__ import annotations

import os
import sqlite3
import tempfile
from pathlib import Path

import peewee as pw

from followup_desktop.fileio import fsync_dir
from followup_desktop.paths import make_private_dir
from followup_desktop.store import plan_cache
from followup_desktop.store.errors import StoreError


def integrity_ok(path: Path, *, quick: bool = False) -> bool:
    """``PRAGMA integrity_check`` (or ``quick_check``) on a file, opened read-only."""
    try:
        con = sqlite3.connect(f"{Path(path).absolute().as_uri()}?mode=ro", uri=True)
        try:
            pragma = "quick_check" if quick else "integrity_check"
            rows = con.execute(f"PRAGMA {pragma}").fetchall()
            return rows == [("ok",)]
        finally:
            con.close()
    except sqlite3.DatabaseError:
        return False


def backup_to(db: pw.SqliteDatabase, target: Path) -> Path:
    """Copy the open database to ``target``: backup API → integrity_check → fsync → rename."""
    target = Path(target)
    make_private_dir(target.parent)
    fd, tmp_name = tempfile.mkstemp(prefix=".backup-", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        dest = sqlite3.connect(str(tmp))
        try:
            db.connection().backup(dest)
            # the user's data only: the kept plan and its counters are a cache
            plan_cache.strip(dest)
            dest.execute("PRAGMA journal_mode = DELETE")
        finally:
            dest.close()
        if not integrity_ok(tmp):
            raise StoreError("The backup copy failed its integrity check; it was not kept.")
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, target)
        fsync_dir(target.parent)
        return target
    except sqlite3.Error as exc:
        raise StoreError(f"Could not write a backup: {exc}") from exc
    finally:
        if tmp.exists():
            tmp.unlink()
