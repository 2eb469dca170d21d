"""A database found damaged while in use. No Qt here.

The start-up check (``quick_check``) does not see every damage: bytes flipped inside a
b-tree page may pass it and surface later, at any query, as ``DatabaseError: database disk
image is malformed``. Any such error is the damaged-database path: the file is kept as it
is, the user is told in words, and a marker beside the database makes the next start of
the window treat it as damaged (moved aside untouched, the newest verified backup offered).
"""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

#: Words of SQLite's messages that mean the file itself is damaged.
DAMAGE_WORDS = ("not a database", "malformed", "disk image", "corrupt", "file is not",
                "unsupported file format")


def error_text(exc: BaseException) -> str:
    """``exc`` and up to four of its causes, in lower case, ``|``-separated: the text that
    the damage and busy words are looked for in (the start-up checks use it too)."""
    parts = [str(exc)]
    cause = exc.__cause__ or exc.__context__
    while cause is not None and len(parts) < 5:
        parts.append(str(cause))
        cause = cause.__cause__ or cause.__context__
    return " | ".join(parts).lower()


def is_database_error(exc: BaseException) -> bool:
    """A peewee or sqlite3 database error (without importing peewee if it is not loaded)."""
    import sys

    pw = sys.modules.get("peewee")
    kinds: tuple[type[BaseException], ...] = (sqlite3.DatabaseError,)
    if pw is not None:
        kinds += (pw.DatabaseError,)
    return isinstance(exc, kinds)


def is_damage(exc: BaseException) -> bool:
    """``exc`` says the database file is damaged."""
    return is_database_error(exc) and any(w in error_text(exc) for w in DAMAGE_WORDS)


def damage_marker(db: Path) -> Path:
    return db.with_name(db.name + ".damaged")


def note_damage(db: Path, exc: BaseException) -> None:
    """Leave the marker the next start reads (best effort: a read-only folder keeps none)."""
    with contextlib.suppress(OSError):
        damage_marker(db).write_text(f"{error_text(exc)}\n", encoding="utf-8")


def damage_message(db: Path, backups: Path, exc: BaseException) -> str:
    """One paragraph for the user: what happened, that the file is kept, and which backup
    recovers it (named)."""
    from followup_desktop.store.backups import newest_good_backup

    detail = " ".join(str(exc).split())[:300] or type(exc).__name__
    try:
        backup = newest_good_backup(backups) if backups.is_dir() else None
    except Exception:  # noqa: BLE001 - naming the backup must not fail the message
        backup = None
    text = (f"the data file {db} is damaged ({detail}); it was kept as it is. ")
    if backup is not None:
        text += (f"The newest verified backup is {backup}: open the window (followup-desktop) "
                 "to restore it.")
    else:
        text += ("There is no verified backup; open the window (followup-desktop) to read "
                 "the damaged file read-only and export what can be read.")
    return text
