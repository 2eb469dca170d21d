"""Opening the database: one connection, safe pragmas, schema checks, migrations."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path

import peewee as pw

from followup_desktop.paths import make_private_dir
from followup_desktop.store import migrations, plan_cache
from followup_desktop.store.errors import StoreError
from followup_desktop.store.models import DB, MODELS

SCHEMA_VERSION = migrations.SCHEMA_VERSION

# WAL with normal locking: the window, the tray and any number of commands share the file
# (one writer at a time, readers never blocked); a write waits up to busy_timeout for the
# lock, which every writer holds only for its short transaction.
PRAGMAS: tuple[tuple[str, object], ...] = (
    ("locking_mode", "normal"),
    ("journal_mode", "wal"),
    ("synchronous", "full"),
    ("foreign_keys", 1),
    ("busy_timeout", 3000),
    # SQLite's default page cache (2 MB). A full read of 10,000 interviews fills any cache
    # it is given (16 MB held 5 MB of pages for the life of the window) and is no faster
    # with a big one: the file's pages stay in the OS's cache. Imports measure the same.
    ("cache_size", -2000),
    ("temp_store", "memory"),
)

READ_ONLY_PRAGMAS: tuple[tuple[str, object], ...] = (
    ("foreign_keys", 1),
    ("busy_timeout", 3000),
    ("query_only", 1),
)


def clean_stamp(path: Path) -> Path:
    """Written when ``path`` closes cleanly after a session that checked it (or trusted
    the stamp before): the file's identity and times then, and when it was last checked
    (``store.recovery``: a start skips ``quick_check`` on a file no one touched since)."""
    path = Path(path)
    return path.with_name(path.name + ".clean")


def file_identity(path: Path) -> list[int] | None:
    """(inode, size, mtime, ctime in ns) of ``path``: any write, copy, restore, move or
    ``touch`` changes one of them (ctime cannot be set back)."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return [st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns]


def running_marker(path: Path) -> Path:
    """Written when ``path`` opens for writing, removed when it closes cleanly: found at
    start-up, it means the last session ended uncleanly (see ``store.recovery``)."""
    path = Path(path)
    return path.with_name(path.name + ".running")


class MarkedSqliteDatabase(pw.SqliteDatabase):
    """A database that removes its :func:`running_marker` when it closes cleanly."""

    marker: Path | None = None
    scratch: Path | None = None  # a private copy to remove at close (read-only opens)
    #: when the file was last found sound (epoch seconds; set by ``store.recovery``):
    #: a clean close then leaves :func:`clean_stamp`
    checked_at: float | None = None

    def rollback(self) -> None:
        # After SQLITE_FULL or an I/O error during COMMIT, SQLite has already rolled the
        # transaction back; a second ROLLBACK would fail with "no transaction is active"
        # and hide the real error (the disk is full) behind that one.
        if not self.is_closed() and not self.connection().in_transaction:
            return
        super().rollback()

    def close(self) -> bool:
        closed = bool(super().close())
        if closed and self.marker is not None:
            try:
                self.marker.unlink()
            except FileNotFoundError:
                pass
            except OSError:
                self.checked_at = None  # not clean: no stamp
            if self.checked_at is not None:
                _write_clean_stamp(Path(self.database), self.checked_at)
        if closed and self.scratch is not None:
            import shutil

            shutil.rmtree(self.scratch, ignore_errors=True)
            self.scratch = None
        return closed


def _write_clean_stamp(path: Path, checked_at: float) -> None:
    """See :func:`clean_stamp`. Not synced: a stamp lost in a crash only means a check."""
    import json

    ident = file_identity(path)
    if ident is None or Path(f"{path}-wal").exists():
        return
    stamp = clean_stamp(path)
    tmp = stamp.with_name(stamp.name + ".tmp")
    try:
        tmp.write_text(json.dumps({"file": ident, "checked_at": checked_at}), encoding="utf-8")
        os.replace(tmp, stamp)
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink()


def read_clean_stamp(path: Path) -> float | None:
    """When ``path`` was last found sound, if it is exactly the file a clean close left
    (:func:`clean_stamp`); None otherwise (no stamp, another file, or written since)."""
    import json

    try:
        data = json.loads(clean_stamp(path).read_text(encoding="utf-8"))
        checked_at = float(data["checked_at"])
        same = data["file"] == file_identity(path)
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if not same or Path(f"{path}-wal").exists():
        return None
    return checked_at


SQLITE_MAGIC = b"SQLite format 3\x00"


def read_user_version(path: Path) -> int:
    """The schema version of an existing file, read without changing it.

    Without a write-ahead log beside it, the version is read from the file header (bytes
    60-63), so not even a ``-shm`` file appears; with one, SQLite reads it (the log may
    hold a newer page 1)."""
    path = Path(path)
    wal = Path(f"{path}-wal")
    if not (wal.exists() and wal.stat().st_size > 0):
        return _header_version(path)
    uri = f"{path.absolute().as_uri()}?mode=ro"
    try:
        con = sqlite3.connect(uri, uri=True)
        try:
            return int(con.execute("PRAGMA user_version").fetchone()[0])
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        if "locked" in str(exc):
            raise StoreError(
                "The data folder is busy: another Followup is saving to it. Try again in a "
                "moment."
            ) from exc
        if "I/O" in str(exc) or "unable to open" in str(exc):
            # A read-only open needs a -shm file, which a full disk cannot take: fall back
            # to the header; connect() checks again once the log is replayed.
            return _header_version(path)
        raise StoreError(f"{path.name} is not a Followup database ({exc}).") from exc


def _header_version(path: Path) -> int:
    try:
        with open(path, "rb") as fh:
            header = fh.read(100)
    except OSError as exc:
        raise StoreError(f"Cannot read {path}: {exc.strerror}.") from exc
    if len(header) < 100 or not header.startswith(SQLITE_MAGIC):
        raise StoreError(f"{path.name} is not a Followup database (file is not a database).")
    return int.from_bytes(header[60:64], "big")


def connect(path: Path, *, read_only: bool = False) -> pw.SqliteDatabase:
    """Open ``path`` (creating or migrating it), bind the models, return the database."""
    path = Path(path)
    make_private_dir(path.parent)
    existed = path.exists() and path.stat().st_size > 0
    version = read_user_version(path) if existed else 0
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"This data was saved by a newer version of Followup (data format {version}; this "
            f"version reads up to {SCHEMA_VERSION}). Install the newer version — nothing was "
            "changed."
        )
    if read_only:
        uri, scratch = _read_only_uri(path)
        db = MarkedSqliteDatabase(uri, uri=True, pragmas=READ_ONLY_PRAGMAS, autoconnect=False)
        db.scratch = scratch
    else:
        db = MarkedSqliteDatabase(str(path), pragmas=PRAGMAS, autoconnect=False,
                                  check_same_thread=False)
    DB.initialize(db)
    try:
        db.connect()
    except (pw.DatabaseError, UnicodeDecodeError) as exc:  # "disk image is malformed"...
        DB.initialize(None)
        raise _friendly(exc, path) from exc
    try:
        if not read_only:
            _private(path)
            # Take the write lock once now (waiting busy_timeout at most for another
            # process's transaction): a file that cannot be written is told at once.
            db.execute_sql("BEGIN IMMEDIATE").close()
            db.execute_sql("COMMIT").close()
            # Now that any write-ahead log is replayed, the version as SQLite sees it.
            version = int(db.execute_sql("PRAGMA user_version").fetchone()[0])
            if version > SCHEMA_VERSION:
                raise StoreError(
                    f"This data was saved by a newer version of Followup (data format "
                    f"{version}; this version reads up to {SCHEMA_VERSION}). Install the newer "
                    "version — nothing was changed.")
            if version == 0 and not db.get_tables():
                with db.atomic("immediate"):
                    db.create_tables(MODELS)
                    migrations.give_uid_secret(db)
                    plan_cache.install(db)
                    db.execute_sql(f"PRAGMA user_version = {SCHEMA_VERSION}")
            elif version < SCHEMA_VERSION:
                from followup_desktop.store.backup import backup_to

                backup_to(db, path.parent / "backups" / f"before-migration-v{version}.sqlite3")
                migrations.migrate(db, version)
            _write_marker(db, running_marker(path))
    except (pw.DatabaseError, UnicodeDecodeError) as exc:  # a damaged file fails here
        db.close()
        DB.initialize(None)
        raise _friendly(exc, path) from exc
    except Exception:
        db.close()
        DB.initialize(None)
        raise
    return db


def _folder_writable(folder: Path) -> bool:
    import tempfile

    try:
        fd, name = tempfile.mkstemp(prefix=".probe-", dir=folder)
    except OSError:
        return False
    os.close(fd)
    os.unlink(name)
    return True


def _read_only_uri(path: Path) -> tuple[str, Path | None]:
    """How to open ``path`` read-only. SQLite's ``mode=ro`` needs to create a ``-shm``
    file beside a WAL database, which a read-only folder refuses: there, a file without a
    log is opened ``immutable`` (nothing can change it), and a file with a log is copied
    with its log to a private scratch folder first (returned, removed at close)."""
    plain = f"{path.absolute().as_uri()}?mode=ro"
    if not path.exists() or _folder_writable(path.parent):
        return plain, None
    wal = Path(f"{path}-wal")
    if not (wal.exists() and wal.stat().st_size > 0):
        return f"{path.absolute().as_uri()}?immutable=1", None
    import shutil
    import tempfile

    scratch = Path(tempfile.mkdtemp(prefix="followup-ro-"))
    shutil.copyfile(path, scratch / path.name)
    shutil.copyfile(wal, scratch / wal.name)
    return f"{(scratch / path.name).as_uri()}?mode=ro", scratch


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process (EPERM): alive
        return True
    return True


def _write_marker(db: MarkedSqliteDatabase, marker: Path) -> None:
    # A marker of another process still running (the window, while a command runs beside
    # it) is its own: left alone, and not removed when this connection closes.
    try:
        pid = int(marker.read_text().split()[0])
    except (OSError, ValueError, IndexError):
        pid = 0
    if pid and pid != os.getpid() and _pid_alive(pid):
        return
    try:
        marker.write_text(f"{os.getpid()}\n")
    except OSError:
        return  # no marker: the next start runs a quick check instead of a full one
    db.marker = marker


def _private(path: Path) -> None:
    """The database holds personal notes: readable by the user only."""
    for p in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        try:
            if p.exists() and p.stat().st_mode & 0o077:
                p.chmod(0o600)
        except OSError:
            pass


def _friendly(exc: Exception, path: Path) -> StoreError:
    if isinstance(exc, UnicodeDecodeError):
        # SQLite's "malformed database schema (...)" quotes the damaged schema text,
        # which Python then fails to decode: the schema itself is damaged.
        return StoreError(f"{path.name} is damaged: its database schema is malformed.")
    text = str(exc)
    if "locked" in text or "busy" in text:
        return StoreError("The data folder is busy: another Followup is saving to it. Try "
                          "again in a moment.")
    if "readonly" in text or "read-only" in text:
        return StoreError(f"Followup cannot write to {path.parent}: the folder is read-only.")
    if "not a database" in text or "malformed" in text:
        return StoreError(f"{path.name} is damaged or not a Followup database.")
    return StoreError(f"Could not open {path}: {text}")
