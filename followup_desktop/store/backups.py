"""Automatic backups: when to take one, which to keep, listing them, restoring one.

The copy itself is :func:`followup_desktop.store.backup.backup_to` (SQLite's backup API →
``integrity_check`` on the copy → fsync → rename). This module adds the policy around it:

* :func:`backup_due` — a pure function: is a backup due now, for this reason?
* :func:`thin` — a pure function: from backup time stamps, which to keep
  (12 daily, 10 weekly, 9 monthly, and always the newest).
* :class:`BackupManager` — takes, lists and restores backups of one open :class:`Store`.

Backups are named ``followup-<UTC stamp>-<reason>.sqlite3``; the name carries the time, so
nothing else records when the last one was taken. Files whose names do not parse (such as
``before-migration-v1.sqlite3``) are listed but never thinned away.

A restore never overwrites anything: a backup of the current data is taken first, the store
is closed, and the current database moves aside *with* its ``-wal`` and ``-shm`` (SQLite
would otherwise replay a stale write-ahead log over the restored file) into
``replaced/<stamp>/``, where it is kept.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from followup_desktop.fileio import fsync_dir
from followup_desktop.paths import make_private_dir
from followup_desktop.store import plan_cache
from followup_desktop.store.backup import integrity_ok
from followup_desktop.store.errors import StoreError
from followup_desktop.store.repository import Counts, Store, open_store

if TYPE_CHECKING:
    from followup_desktop.paths import Paths

UTC = dt.UTC
Clock = Callable[[], dt.datetime]

INTERVAL = dt.timedelta(minutes=30)
KEEP_DAILY = 12
KEEP_WEEKLY = 10
KEEP_MONTHLY = 9

#: The files that make up one SQLite database in WAL mode; they always move together.
SIDE_SUFFIXES = ("", "-wal", "-shm", "-journal")

_NAME = re.compile(r"^followup-(\d{8}T\d{6}\d{6})Z-([a-z-]+)(?:-\d+)?\.sqlite3$")
_IMPORT_NAME = re.compile(r"^before-import-(\d{8}-\d{6})(?: \(\d+\))?\.sqlite3$")


class Reason(StrEnum):
    """Why a backup is taken."""

    PERIODIC = "periodic"      # data changed and the last backup is old enough
    EXIT = "exit"              # the app is closing and data changed
    MANUAL = "manual"          # the user asked
    IMPORT = "before-import"
    RESTORE = "before-restore"
    MIGRATION = "before-migration"


#: Reasons that always take a backup (something risky follows, or the user asked).
ALWAYS = frozenset({Reason.MANUAL, Reason.IMPORT, Reason.RESTORE, Reason.MIGRATION})


@dataclass(frozen=True, slots=True)
class BackupInfo:
    path: Path
    taken_at: dt.datetime | None  # None: a file whose name carries no time (kept for ever)
    size: int
    counts: Counts | None          # None: the file could not be read
    reason: str


# --- pure policy ----------------------------------------------------------------------------


def backup_due(reason: Reason, *, now: dt.datetime, last_at: dt.datetime | None,
               changed: bool, interval: dt.timedelta = INTERVAL) -> bool:
    """Whether to take a backup for ``reason``.

    ``changed``: the data changed since the last backup this session took (or since it
    opened). Periodic backups need a change and ``interval`` since the newest backup;
    exit backups need a change; manual and before-risky-step backups are always taken.
    A clock that jumped back (``now < last_at``) counts as "long enough ago".
    """
    if reason in ALWAYS:
        return True
    if not changed:
        return False
    if reason is Reason.EXIT or last_at is None:
        return True
    return not (last_at <= now < last_at + interval)


def thin(stamps: Iterable[dt.datetime], *, daily: int = KEEP_DAILY, weekly: int = KEEP_WEEKLY,
         monthly: int = KEEP_MONTHLY, tz: dt.tzinfo = UTC) -> set[dt.datetime]:
    """The stamps to keep: the newest of each of the last ``daily`` days that have a backup,
    of the last ``weekly`` ISO weeks, of the last ``monthly`` months — and the newest."""
    ordered = sorted(set(stamps), reverse=True)
    keep: set[dt.datetime] = set(ordered[:1])

    def newest_per(period: Callable[[dt.datetime], object], count: int) -> None:
        seen: set[object] = set()
        for stamp in ordered:
            key = period(stamp.astimezone(tz))
            if key in seen:
                continue
            if len(seen) >= count:
                break
            seen.add(key)
            keep.add(stamp)

    newest_per(lambda d: d.date(), daily)
    newest_per(lambda d: d.isocalendar()[:2], weekly)
    newest_per(lambda d: (d.year, d.month), monthly)
    return keep


def backup_name(at: dt.datetime, reason: Reason | str) -> str:
    value = reason.value if isinstance(reason, Reason) else reason
    stamp = at.astimezone(UTC).strftime("%Y%m%dT%H%M%S%f")
    return f"followup-{stamp}Z-{value}.sqlite3"


def parse_backup_name(name: str) -> tuple[dt.datetime, str] | None:
    """(UTC time, reason) from a backup's name; also reads the invite importer's
    ``before-import-YYYYmmdd-HHMMSS[ (n)].sqlite3``. ``None`` for other names."""
    m = _NAME.match(name)
    if m:
        at = dt.datetime.strptime(m.group(1), "%Y%m%dT%H%M%S%f").replace(tzinfo=UTC)
        return at, m.group(2)
    m = _IMPORT_NAME.match(name)
    if m:
        at = dt.datetime.strptime(m.group(1), "%Y%m%d-%H%M%S").replace(tzinfo=UTC)
        return at, Reason.IMPORT.value
    return None


# --- files ----------------------------------------------------------------------------------


def db_files(path: Path) -> list[Path]:
    """``path`` and whichever of its ``-wal``/``-shm``/``-journal`` exist."""
    return [p for p in (Path(f"{path}{s}") for s in SIDE_SUFFIXES) if p.exists()]


def unique_dir(parent: Path, name: str) -> Path:
    """A new, empty folder ``parent/name`` (``name-2``… when taken)."""
    make_private_dir(parent)
    n = 1
    while True:
        candidate = parent / (name if n == 1 else f"{name}-{n}")
        try:
            candidate.mkdir(mode=0o700)
            return candidate
        except FileExistsError:
            n += 1


def stamp(at: dt.datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H-%M-%SZ")


def move_aside(db: Path, folder: Path) -> list[Path]:
    """Move ``db`` with its ``-wal``/``-shm``/``-journal`` into ``folder`` (same names).

    The main file moves last: until it moves, SQLite would still find its log beside it;
    once the log moved, the main file is never opened without it because it moves next.
    """
    moved = []
    files = db_files(db)
    files.sort(key=lambda p: p == db)  # side files first, the database last
    for src in files:
        dest = folder / src.name
        _move(src, dest)
        moved.append(dest)
    fsync_dir(folder)
    fsync_dir(db.parent)
    return moved


def _move(src: Path, dest: Path) -> None:
    """``os.replace``, or, across file systems (a linked database elsewhere), a complete
    copy then the removal of the original."""
    try:
        os.replace(src, dest)
    except OSError as exc:
        import errno

        if exc.errno != errno.EXDEV:
            raise
        shutil.copy2(src, dest)
        with open(dest, "rb+") as fh:
            os.fsync(fh.fileno())
        os.unlink(src)


def install_copy(source: Path, db: Path) -> None:
    """Copy ``source`` to ``db`` atomically (temp file, fsync, rename). Refuses to run
    while ``db`` or any of its side files exist: they must have been moved aside."""
    leftovers = db_files(db)
    if leftovers:
        raise StoreError(f"Refusing to restore over {', '.join(p.name for p in leftovers)}.")
    tmp = db.with_name(f".{db.name}.restoring")
    try:
        shutil.copyfile(source, tmp)
        plan_cache.install_in(tmp)  # the counters a kept plan needs (backups go without)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, db)
        fsync_dir(db.parent)
    finally:
        if tmp.exists():
            tmp.unlink()


def read_counts(path: Path) -> Counts | None:
    """Counts of a backup file, read-only; ``None`` when it cannot be read."""
    try:
        con = sqlite3.connect(f"{Path(path).absolute().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        cols = {r[1] for r in con.execute("PRAGMA table_info(application)")}
        live = "WHERE deleted_at IS NULL" if "deleted_at" in cols else ""
        ids = f"SELECT id FROM application {live}"

        def count(sql: str) -> int:
            return int(con.execute(sql).fetchone()[0])

        return Counts(
            applications=count(f"SELECT count(*) FROM application {live}"),
            interviews=count(f"SELECT count(*) FROM interview WHERE application_id IN ({ids})"),
            people=count(f"SELECT count(*) FROM person WHERE application_id IN ({ids})"),
            messages=count(f"SELECT count(*) FROM message WHERE application_id IN ({ids})"),
        )
    except sqlite3.Error:
        return None
    finally:
        con.close()


def list_backups(folder: Path, *, with_counts: bool = True) -> list[BackupInfo]:
    """Every backup in ``folder``, newest first (undated files last)."""
    out: list[BackupInfo] = []
    try:
        entries = list(Path(folder).iterdir())
    except OSError:
        return []
    for p in entries:
        if not p.name.endswith(".sqlite3") or p.name.startswith(".") or not p.is_file():
            continue
        parsed = parse_backup_name(p.name)
        at, reason = parsed if parsed else (None, p.stem)
        try:
            size = p.stat().st_size
        except OSError:
            continue
        out.append(BackupInfo(p, at, size, read_counts(p) if with_counts else None, reason))
    far_past = dt.datetime.min.replace(tzinfo=UTC)
    out.sort(key=lambda b: (b.taken_at or far_past, b.path.name), reverse=True)
    return out


def newest_good_backup(folder: Path) -> Path | None:
    """The newest backup that passes a full ``integrity_check`` (undated ones last)."""
    from followup_desktop.store.verify import verify_backup

    for info in list_backups(folder, with_counts=False):
        if integrity_ok(info.path):
            try:
                verify_backup(info.path)
            except StoreError:
                continue  # sound SQLite, but not data this version can use
            return info.path
    return None


# --- the manager ----------------------------------------------------------------------------


class BackupManager:
    """Backups of one open store. ``store`` changes after :meth:`restore` (a new Store)."""

    def __init__(self, store: Store, paths: Paths, clock: Clock, *,
                 interval: dt.timedelta = INTERVAL, keep: Sequence[int] = (
                     KEEP_DAILY, KEEP_WEEKLY, KEEP_MONTHLY)) -> None:
        self.store = store
        self.paths = paths
        self.clock = clock
        self.interval = interval
        self.keep = tuple(keep)
        self._backed_up_revision = store.revision

    @property
    def folder(self) -> Path:
        return self.paths.backups

    def changed(self) -> bool:
        return self.store.revision != self._backed_up_revision

    def last_taken_at(self) -> dt.datetime | None:
        stamps = [b.taken_at for b in list_backups(self.folder, with_counts=False)
                  if b.taken_at is not None]
        return max(stamps, default=None)

    def maybe_backup(self, reason: Reason | str = Reason.PERIODIC) -> Path | None:
        """Take a backup if :func:`backup_due` says so; returns its path, or ``None``."""
        reason = Reason(reason)
        if self.store.read_only:
            return None
        if not backup_due(reason, now=self.clock(), last_at=self.last_taken_at(),
                          changed=self.changed(), interval=self.interval):
            return None
        return self.backup_now(reason)

    def backup_now(self, reason: Reason | str = Reason.MANUAL, *,
                   protect: Iterable[Path] = ()) -> Path:
        """Take a backup now (then thin the folder, sparing ``protect``).
        :class:`StoreError` if it failed."""
        reason = Reason(reason)
        revision = self.store.revision
        name = backup_name(self.clock(), reason)
        target = self.folder / name
        n = 2
        while target.exists():  # two backups in one microsecond (a fixed test clock)
            target = self.folder / name.replace(".sqlite3", f"-{n}.sqlite3")
            n += 1
        path = self.store.backup(target)
        self._backed_up_revision = revision
        self.thin(protect=protect)
        return path

    def thin(self, *, protect: Iterable[Path] = ()) -> list[Path]:
        """Delete the backups :func:`thin` does not keep (never one in ``protect``);
        returns what was removed."""
        spared = {Path(p).resolve() for p in protect}
        dated = [b for b in list_backups(self.folder, with_counts=False) if b.taken_at]
        daily, weekly, monthly = self.keep
        keep = thin([b.taken_at for b in dated if b.taken_at is not None],
                    daily=daily, weekly=weekly, monthly=monthly)
        removed = []
        for b in dated:
            if b.taken_at not in keep and b.path.resolve() not in spared:
                try:
                    b.path.unlink()
                    removed.append(b.path)
                except OSError:
                    pass
        return removed

    def list(self) -> list[BackupInfo]:  # noqa: A003 - the brief's name
        return list_backups(self.folder)

    def restore(self, backup: Path) -> Store:
        """Replace the current data with ``backup``; returns the new open :class:`Store`.

        The current data is backed up first and then kept, with its ``-wal``/``-shm``,
        in ``replaced/<stamp>/``. If the restored file cannot be opened, the previous
        data is put back and reopened, and :class:`StoreError` says why.
        """
        backup = Path(backup)
        if not integrity_ok(backup):
            raise StoreError(f"{backup.name} is damaged; it was not restored.")
        from followup_desktop.store.connection import SCHEMA_VERSION, read_user_version

        version = read_user_version(backup)
        if version > SCHEMA_VERSION:
            raise StoreError(f"{backup.name} was saved by a newer version of Followup; it was "
                             "not restored.")
        if self.store.read_only:
            raise StoreError("Followup opened this data read-only; it cannot restore a backup.")
        from followup_desktop.store.verify import verify_backup

        verify_backup(backup)  # Followup's schema exactly, and every row readable
        old = self.store
        self.backup_now(Reason.RESTORE, protect=[backup])  # thinning must not take it
        link = old.path
        # A linked followup.sqlite3 (a synced copy elsewhere) is restored through the link:
        # the file it points to gets the backup's contents, the link stays.
        db = Path(os.path.realpath(link)) if link.is_symlink() else link
        old.close()
        kept = unique_dir(self.paths.data_dir / "replaced", stamp(self.clock()))
        move_aside(db, kept)
        try:
            install_copy(backup, db)
            new = open_store(link, clock=old.clock)
        except Exception:
            for p in db_files(db):
                p.unlink()  # the copy we just made; the backup itself is untouched
            for src in sorted(kept.iterdir(), key=lambda p: p.name == db.name):
                _move(src, db.parent / src.name)
            self.store = open_store(link, clock=old.clock)
            self.store.revision = old.revision + 1
            raise
        new.revision = old.revision + 1  # watchers see a change
        self.store = new
        self._backed_up_revision = new.revision
        return new

