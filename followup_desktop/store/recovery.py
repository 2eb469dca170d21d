"""Start-up checks and what to do with a damaged database. No Qt here.

:func:`open_checked` opens the store after the checks below; the window calls it through
:func:`followup_desktop.services.startup.open_checked`, which puts an ``AppContext``
around the store (``store/`` never builds one):

* ``quick_check`` at start; a full ``integrity_check`` when the last session did not
  close cleanly (its :func:`~followup_desktop.store.connection.running_marker` is still
  there). No check when the file is exactly the one the last clean close left, and that
  session had found it sound less than :data:`TRUST_DAYS` ago
  (:func:`~followup_desktop.store.connection.clean_stamp`: its inode, size, modification
  and change times; a write, copy, restore or ``touch`` by anyone changes one). SQLite
  still reports any damaged page it reads, and the damage seen in use is noted
  (``store.damage``) and sends the next start to the damaged-file choices.
* A damaged or unreadable database is never deleted or overwritten: it moves, with its
  ``-wal`` and ``-shm``, to ``damaged/<stamp>/`` and the caller gets a :class:`Problem` of
  kind ``DAMAGED``. The user then picks one of :class:`Choice` and the caller calls
  :func:`resolve_damaged`.
* A read-only data folder or database opens read-only; the :class:`Problem` (kind
  ``READ_ONLY``) comes *with* a store and carries the reason for a banner.
* A database in use by another Followup, or saved by a newer version, is refused and left
  exactly as it was.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from followup_desktop.clock import Clock, system_clock
from followup_desktop.paths import Paths
from followup_desktop.store.backups import (
    db_files,
    install_copy,
    move_aside,
    newest_good_backup,
    stamp,
    unique_dir,
)
from followup_desktop.store.connection import (
    SCHEMA_VERSION,
    read_clean_stamp,
    read_user_version,
    running_marker,
)
from followup_desktop.store.damage import DAMAGE_WORDS, error_text
from followup_desktop.store.errors import StoreError
from followup_desktop.store.repository import Store, open_store


class ProblemKind(StrEnum):
    READ_ONLY = "read-only"   # opened, but changes cannot be saved (the store is given)
    DAMAGED = "damaged"       # moved to damaged/; the user chooses what next
    IN_USE = "in-use"         # another Followup has it open
    NEWER = "newer"           # saved by a newer version; left untouched
    UNAVAILABLE = "unavailable"  # cannot be opened or created at all


class Choice(StrEnum):
    RESTORE_BACKUP = "restore-backup"
    OPEN_DAMAGED_READ_ONLY = "open-damaged-read-only"
    START_EMPTY = "start-empty"


@dataclass(frozen=True, slots=True)
class Problem:
    kind: ProblemKind
    message: str                      # for the user, one or two sentences
    damaged_dir: Path | None = None   # DAMAGED: where the files went
    backup: Path | None = None        # DAMAGED: the newest backup that passes integrity_check
    detail: str = ""                  # the underlying error, for the log

    @property
    def blocking(self) -> bool:
        """True when nothing was opened."""
        return self.kind is not ProblemKind.READ_ONLY

    def choices(self) -> tuple[Choice, ...]:
        if self.kind is not ProblemKind.DAMAGED:
            return ()
        out = [Choice.OPEN_DAMAGED_READ_ONLY, Choice.START_EMPTY]
        if self.backup is not None:
            out.insert(0, Choice.RESTORE_BACKUP)
        return tuple(out)


#: What opening gives: the open store (or None) and what went wrong (or None).
Result = tuple[Store | None, Problem | None]

#: what says, at start, that the file cannot be used as it is (also SQLite running out of
#: memory on a damaged file's nonsense sizes)
_DAMAGE_WORDS = (*DAMAGE_WORDS, "out of memory")
_BUSY_WORDS = ("locked", "busy", "in use")


def folder_writable(folder: Path) -> bool:
    """Really try: create and remove a file (``os.access`` says yes to root on a read-only
    mount's files, and to everyone on some network shares)."""
    try:
        fd, name = tempfile.mkstemp(prefix=".write-test-", dir=folder)
    except OSError:
        return False
    os.close(fd)
    with contextlib.suppress(OSError):
        os.unlink(name)
    return True


def file_writable(path: Path) -> bool:
    try:
        fd = os.open(path, os.O_RDWR)
    except OSError:
        return False
    os.close(fd)
    return True


def read_only_reason(paths: Paths) -> str | None:
    """Why this data must open read-only, or ``None`` when it can be written."""
    if not folder_writable(paths.data_dir):
        return (f"The data folder {paths.data_dir} is read-only, so Followup opened your data "
                "read-only: you can read and export, but changes cannot be saved.")
    if paths.db.exists() and not file_writable(paths.db):
        return (f"{paths.db.name} is read-only, so Followup opened it read-only: you can read "
                "and export, but changes cannot be saved.")
    return None


def _open(paths: Paths, clock: Clock, read_only: bool) -> Store:
    """The store, without ``paths.ensure()`` (which fails in a read-only folder)."""
    return open_store(paths.db, read_only=read_only, clock=clock)


def _check(store: Store, full: bool) -> list[str]:
    pragma = "integrity_check" if full else "quick_check"
    rows = store.db.execute_sql(f"PRAGMA {pragma}").fetchall()
    return [] if rows == [("ok",)] else [str(r[0]) for r in rows[:5]]


def _raw_version(path: Path) -> int | None:
    """``PRAGMA user_version`` read without creating or changing anything; ``None`` when
    the file is not readable as a database; StoreError when another process has it."""
    try:
        return read_user_version(path)
    except StoreError as exc:
        if any(w in error_text(exc) for w in _BUSY_WORDS):
            raise
        return None


def _in_use() -> Problem:
    return Problem(ProblemKind.IN_USE, "The data folder is in use by another Followup window; "
                   "close it and try again.")


def quarantine(paths: Paths, clock: Clock = system_clock, *, why: str = "") -> Path:
    """Move the database with its side files to ``damaged/<stamp>/``; returns the folder."""
    folder = unique_dir(paths.damaged, stamp(clock()))
    move_aside(paths.db, folder)
    marker = running_marker(paths.db)
    if marker.exists():
        with contextlib.suppress(OSError):
            os.replace(marker, folder / marker.name)
    if why:
        with contextlib.suppress(OSError):
            (folder / "why.txt").write_text(why + "\n", encoding="utf-8")
    return folder


def moved_aside(paths: Paths) -> Path | None:
    """Where the data file went when it was found damaged and the user has not chosen
    yet what to do (no data file since): the newest ``damaged/<stamp>/`` holding it."""
    if os.path.lexists(paths.db):
        return None
    try:
        found = [d for d in paths.damaged.iterdir() if (d / paths.db.name).exists()]
    except OSError:
        return None
    return max(found, key=lambda d: d.name) if found else None


def _noticed_damage(db: Path) -> str | None:
    """What a command or the window saw while using the database (``store.damage``): it
    was damaged, though the start-up check may pass."""
    from followup_desktop.store.damage import damage_marker

    try:
        text = damage_marker(db).read_text(encoding="utf-8", errors="replace")[:2000]
    except OSError:
        return None
    return f"found damaged while in use: {text.strip() or 'malformed'}"


def _damaged(paths: Paths, clock: Clock, detail: str) -> Result:
    from followup_desktop.store.damage import damage_marker

    folder = quarantine(paths, clock, why=detail)
    marker = damage_marker(paths.db)
    if marker.exists():
        with contextlib.suppress(OSError):
            os.replace(marker, folder / marker.name)
    return None, _damaged_problem(paths, folder, detail)


def _damaged_problem(paths: Paths, folder: Path, detail: str) -> Problem:
    backup = newest_good_backup(paths.backups)
    msg = (f"Followup's data file was damaged. It was moved, untouched, to {folder}. "
           + ("You can restore the newest good backup, " if backup else "There is no good "
              "backup; you can ")
           + "open the damaged file read-only to export what can be read, or start empty.")
    return Problem(ProblemKind.DAMAGED, msg, damaged_dir=folder, backup=backup, detail=detail)


def _before_opening(paths: Paths, clock: Clock, reason: str | None) -> Result | None:
    """The checks of a data file that is there, before it is opened: in use, newer,
    empty beside backups, damage noticed in use. None: open it."""
    db = paths.db
    try:
        version = _raw_version(db)
    except StoreError:
        return None, _in_use()
    if version is not None and version > SCHEMA_VERSION:
        return None, Problem(
            ProblemKind.NEWER,
            f"This data was saved by a newer version of Followup (data format {version}; "
            f"this version reads up to {SCHEMA_VERSION}). Install the newer version — "
            "nothing was changed.")
    if db.stat().st_size == 0 and any(paths.backups.glob("*.sqlite3")) and reason is None:
        return _damaged(paths, clock, "the data file is empty but backups exist")
    seen_damaged = _noticed_damage(db)
    if seen_damaged is not None and reason is None:
        return _damaged(paths, clock, seen_damaged)
    return None


def open_checked(paths: Paths, clock: Clock = system_clock, *,
                 start_empty: bool = False) -> Result:
    """Open the data in ``paths`` after the start-up checks. See the module docstring.

    Returns ``(store, None)`` when all is well, ``(store, Problem(READ_ONLY))`` when it
    opened read-only, and ``(None, Problem)`` otherwise. A data file moved aside as
    damaged with no choice made since is offered again (``DAMAGED``), unless the choice
    is ``start_empty``.
    """
    try:
        paths.data_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        return None, Problem(ProblemKind.UNAVAILABLE,
                             f"Followup cannot create its data folder {paths.data_dir}: "
                             f"{exc.strerror}.", detail=str(exc))
    db = paths.db
    reason = read_only_reason(paths)
    if reason is None:
        with contextlib.suppress(OSError):
            paths.ensure()

    present = db.exists()
    if present:
        refused = _before_opening(paths, clock, reason)
        if refused is not None:
            return refused
    elif reason is None and not start_empty and (aside := moved_aside(paths)) is not None:
        # found damaged at an earlier start, and no choice made since (the dialog was
        # left): the same choices again, never an empty folder in its place
        return None, _damaged_problem(paths, aside, "the data file was moved aside as damaged")
    elif reason is not None:
        return None, Problem(ProblemKind.UNAVAILABLE,
                             f"There is no data in {paths.data_dir} yet and the folder is "
                             "read-only, so Followup cannot start there.")

    unclean = running_marker(db).exists()
    trusted = None if unclean else _trusted_since(db, clock)
    read_only = reason is not None
    try:
        store = _open(paths, clock, read_only)
    except StoreError as exc:
        text = error_text(exc)
        if any(w in text for w in _BUSY_WORDS):
            return None, _in_use()
        if "newer version" in text:
            return None, Problem(ProblemKind.NEWER, str(exc))
        if ("readonly" in text or "read-only" in text) and not read_only:
            try:
                store = _open(paths, clock, True)
            except StoreError as exc2:
                return _classify_failure(paths, clock, exc2, read_only=True)
            return _after_open(paths, clock, store, full=unclean, trusted=trusted,
                               reason=f"Followup cannot write to {db}: it opened read-only.")
        return _classify_failure(paths, clock, exc, read_only=read_only)
    except Exception as exc:  # peewee/sqlite errors that escaped the store's mapping
        return _classify_failure(paths, clock, exc, read_only=read_only)
    return _after_open(paths, clock, store, full=unclean, trusted=trusted, reason=reason)


#: a file left untouched since a clean close is checked again after this many days
TRUST_DAYS = 7


def _trusted_since(db: Path, clock: Clock) -> float | None:
    """When ``db`` was last found sound, if no check is needed now (module docstring)."""
    checked_at = read_clean_stamp(db)
    if checked_at is None:
        return None
    age = clock().timestamp() - checked_at
    return checked_at if 0 <= age < TRUST_DAYS * 86400 else None


def _classify_failure(paths: Paths, clock: Clock, exc: BaseException, *,
                      read_only: bool) -> Result:
    text = error_text(exc)
    if any(w in text for w in _DAMAGE_WORDS) and not read_only:
        return _damaged(paths, clock, text)
    if any(w in text for w in _DAMAGE_WORDS):
        return None, Problem(ProblemKind.DAMAGED,
                             f"{paths.db.name} is damaged and the folder is read-only, so it "
                             "could not be moved aside. Copy the data folder somewhere "
                             "writable and start Followup there.", detail=text)
    return None, Problem(ProblemKind.UNAVAILABLE, str(exc), detail=text)


def _after_open(paths: Paths, clock: Clock, store: Store, *, full: bool,
                reason: str | None, trusted: float | None = None) -> Result:
    try:
        errors = [] if trusted is not None and not full else _check(store, full)
    except Exception as exc:  # the check itself tripped over the damage
        errors = [str(exc)]
    if errors:
        store.close()
        if store.read_only:
            return None, Problem(ProblemKind.DAMAGED,
                                 f"{paths.db.name} is damaged and the folder is read-only, "
                                 "so it could not be moved aside.", detail="; ".join(errors))
        return _damaged(paths, clock, "; ".join(errors))
    # found sound now (or trusted from the last clean close): a clean close says so
    store.db.checked_at = trusted if trusted is not None else clock().timestamp()
    if reason is not None:
        return store, Problem(ProblemKind.READ_ONLY, reason)
    return store, None


def resolve_damaged(paths: Paths, problem: Problem, choice: Choice,
                    clock: Clock = system_clock) -> Result:
    """Carry out the user's choice after :func:`open_checked` reported ``DAMAGED``."""
    if problem.kind is not ProblemKind.DAMAGED or problem.damaged_dir is None:
        raise ValueError("resolve_damaged needs a DAMAGED problem whose files were moved")
    if choice is Choice.RESTORE_BACKUP:
        if problem.backup is None:
            raise ValueError("no backup to restore")
        if db_files(paths.db):
            raise StoreError("A data file appeared in the data folder meanwhile; nothing "
                             "was restored.")
        from followup_desktop.store.verify import verify_backup

        verify_backup(problem.backup)
        install_copy(problem.backup, paths.db)
        return open_checked(paths, clock)
    if choice is Choice.START_EMPTY:
        return open_checked(paths, clock, start_empty=True)
    if choice is Choice.OPEN_DAMAGED_READ_ONLY:
        return open_damaged_read_only(paths, problem.damaged_dir, clock)
    raise ValueError(choice)


def damaged_view(paths: Paths, folder: Path) -> Paths:
    """The paths of the damaged copy in ``folder``: its data folder is ``folder``."""
    return Paths(data_dir=folder, log_dir=paths.log_dir, config_dir=paths.config_dir)


def open_damaged_read_only(paths: Paths, folder: Path, clock: Clock = system_clock) -> Result:
    """Open the damaged copy in ``folder`` read-only so what can be read can be exported
    (the store's data folder is :func:`damaged_view`)."""
    try:
        store = _open(damaged_view(paths, folder), clock, True)
    except Exception as exc:
        return None, Problem(ProblemKind.UNAVAILABLE,
                             f"The damaged file could not be opened even read-only ({exc}).",
                             detail=error_text(exc))
    return store, Problem(ProblemKind.READ_ONLY,
                          f"You are looking at the damaged data in {folder}, read-only. "
                          "Export what you need (File → Export); nothing here can be changed.")
