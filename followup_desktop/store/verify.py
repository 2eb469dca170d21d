"""A backup is restored only when the app can read all of it. No Qt.

``integrity_check`` says a file is a sound SQLite database, not that it is Followup's: a
foreign schema, a missing column, a start that is not a date or an unknown status would be
restored and then every read would fail; a trigger inside a backup would survive the
restore and run at the next write. :func:`verify_backup` checks, on a scratch copy:

1. no trigger or view (the app makes none but the kept plan's counters, which are
   accepted exactly as the app makes them), and a version this code reads;
2. once opened (and migrated) by this code, exactly the tables and columns of a database
   this code creates (the kept plan's tables aside: a cache);
3. every row read as the app reads it and then through the same checks as an import
   (the data file's parser: dates, statuses, names, addresses).
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import tempfile
from pathlib import Path

from followup_desktop.store.errors import StoreError


def _readonly(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{Path(path).absolute().as_uri()}?mode=ro", uri=True)


def _columns(con: sqlite3.Connection) -> dict[str, list[tuple[str, str, int, int]]]:
    from followup_desktop.store.plan_cache import CACHE_TABLES

    tables = [r[0] for r in con.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name") if r[0] not in CACHE_TABLES]
    return {t: sorted((r[1], str(r[2]).upper(), int(r[3]), int(r[5]))
                      for r in con.execute(f'PRAGMA table_info("{t}")')) for t in tables}


def _extras(con: sqlite3.Connection) -> list[str]:
    """Triggers and views, but the kept plan's own triggers, exactly as the app makes them
    (a backup taken by an earlier version carries them)."""
    from followup_desktop.store.plan_cache import OWN_TRIGGERS

    return [f"{kind} {name}" for kind, name, sql in con.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE type IN ('trigger', 'view')")
        if not (kind == "trigger" and OWN_TRIGGERS.get(name) == sql)]


def verify_backup(backup: Path) -> None:
    """Raise :class:`StoreError` naming why ``backup`` cannot be restored (see the module
    docstring); return when it can. Opens no store the caller has open: the models'
    database is put back as it was."""
    from followup_desktop.store.connection import SCHEMA_VERSION
    from followup_desktop.store.models import DB

    name = Path(backup).name
    try:
        con = _readonly(backup)
        try:
            extras = _extras(con)
            version = int(con.execute("PRAGMA user_version").fetchone()[0])
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{name} cannot be read ({exc}); it was not restored.") from None
    if extras:
        raise StoreError(f"{name} holds what Followup never makes ({', '.join(extras[:3])}); "
                         "it was not restored.")
    if version > SCHEMA_VERSION:
        raise StoreError(f"{name} was saved by a newer version of Followup; it was not "
                         "restored.")
    saved = DB.obj
    with tempfile.TemporaryDirectory(prefix="followup-verify-") as tmp:
        copy = Path(tmp) / "copy" / "followup.sqlite3"
        fresh = Path(tmp) / "fresh" / "followup.sqlite3"
        copy.parent.mkdir()
        fresh.parent.mkdir()
        shutil.copyfile(backup, copy)
        try:
            _check_copy(copy, fresh, name)
        finally:
            DB.initialize(saved)


def _check_copy(copy: Path, fresh: Path, name: str) -> None:
    from followup_desktop.store.repository import open_store

    reference = open_store(fresh)
    reference.close()
    con = sqlite3.connect(str(fresh))
    try:
        expected = _columns(con)
    finally:
        con.close()
    try:
        store = open_store(copy)
    except Exception as exc:  # noqa: BLE001 - any failure to open is a refusal in words
        raise StoreError(f"{name} is not a Followup database this version can open "
                         f"({' '.join(str(exc).split())[:200]}); it was not restored.") from None
    try:
        found = _columns(store.db.connection())
        extras = _extras(store.db.connection())
        if extras:
            raise StoreError(f"{name} holds what Followup never makes "
                             f"({', '.join(extras[:3])}); it was not restored.")
        if found != expected:
            raise StoreError(f"{name} does not have Followup's tables and columns "
                             f"({_schema_difference(expected, found)}); it was not restored.")
        _read_every_row(store, name)
    finally:
        store.close()


def _schema_difference(expected: dict[str, list[tuple[str, str, int, int]]],
                       found: dict[str, list[tuple[str, str, int, int]]]) -> str:
    missing = sorted(set(expected) - set(found))
    extra = sorted(set(found) - set(expected))
    if missing:
        return f"no table {missing[0]}"
    if extra:
        return f"a table {extra[0]} Followup does not make"
    for table in sorted(expected):
        want = {c[0]: c for c in expected[table]}
        have = {c[0]: c for c in found[table]}
        gone = sorted(set(want) - set(have))
        if gone:
            return f"{table} has no column {gone[0]}"
        more = sorted(set(have) - set(want))
        if more:
            return f"{table} has a column {more[0]} Followup does not make"
        changed = sorted(c for c in want if want[c] != have[c])
        if changed:
            return f"{table}.{changed[0]} is not of Followup's type"
    return "a different schema"


def _read_every_row(store: object, name: str) -> None:
    """Every row as the app reads it, then through the data file's checks (an import's)."""
    from followup_desktop.interchange import FormatError, dumps, export_document, parse_document
    from followup_desktop.settings import settings_to_dict

    try:
        states, drafts = store.window_records()
        doc = export_document(store.profile(), store.load_applications(),
                              settings_to_dict(store.settings()),
                              states=states, drafts=drafts,
                              words=store.words())
        parse_document(json.loads(dumps(doc)))
    except FormatError as exc:
        raise StoreError(f"{name} holds data Followup cannot use ({exc}); it was not "
                         "restored.") from None
    except (ValueError, TypeError, KeyError, AttributeError, OverflowError,
            sqlite3.Error) as exc:
        raise StoreError(f"{name} holds a record Followup cannot read "
                         f"({' '.join(str(exc).split())[:200]}); it was not restored.") from None
    except Exception as exc:
        from followup_desktop.store.damage import is_database_error

        if not is_database_error(exc):
            raise
        raise StoreError(f"{name} cannot be read ({exc}); it was not restored.") from None
