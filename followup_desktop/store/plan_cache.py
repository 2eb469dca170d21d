"""The computed plan kept in the database, the way mail clients keep summary files. No Qt.

A start of the window with years of data spent most of its time reading every record and
planning every window again (about 0.7 s for 10,000 interviews), only to paint what it
had painted the time before. This module keeps what a plan produced -- the agenda packed
in columns and whatever the window keeps of each application (its table rows, the
calendar's interview days) -- in one row of the table ``plan_cache``, keyed by

- the **data revision**: a counter in the table ``data_revision`` that SQLite triggers
  bump on every insert, update and delete of a record the plan reads (applications,
  people, rounds, participants, talking points, promises, events, messages), whoever
  writes -- this process, the command line, an import, a restore's replay; and
- a **fingerprint** of everything else a plan depends on: the settings, the profile's
  time zone, and the source of the code that plans and shows it (the caller names the
  modules; a changed rule means a new plan).

The follow-up states (notified, snoozed, drafted, exported: written all day by the tray
and the composer) are not part of the key: they are read again and applied to the stored
windows at each read, except the skips, which shape other windows too (a digest of them
is kept with the plan and must match; ``schedule.horizon.skipped_digest``).

A plan is valid from the moment it was made until its ``valid_until``: the next moment at
which the records would plan differently (a round ends, an event or message dated later
comes into effect, an application goes quiet; :mod:`..schedule.horizon`). Between those,
only the windows' states move (upcoming → open → overdue), and those are recomputed from
the stored times for the moment of reading.

The tables and triggers are made with a new database, and in any other file on its
first save (``IF NOT EXISTS``, in the save's transaction; a restore installs them in the
copy it puts in place), not by a schema migration: this is a cache, not data. A file
without them plans as before; a Followup without this module ignores them, and its
writes still bump the counter, so a cache it leaves behind is never trusted wrongly.
Exports never read it, and backups go without it (:func:`strip`; a restore's check
accepts exactly these objects in a backup an earlier version took with them).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import marshal
import sqlite3
import zlib
from array import array
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from followup_desktop.records import FollowupWindow
    from followup_desktop.store.repository import Store

#: the payload's layout; a change makes every stored plan stale
FORMAT = 4
KEY = "window"

#: the tables a plan reads: a write to any of them makes every stored plan stale
PLAN_TABLES = ("application", "person", "interview", "participant", "talking_point",
               "promise", "event", "message")

_DDL = (
    "CREATE TABLE IF NOT EXISTS data_revision (id INTEGER PRIMARY KEY CHECK (id = 1), "
    "n INTEGER NOT NULL)",
    "INSERT OR IGNORE INTO data_revision (id, n) VALUES (1, 0)",
    "CREATE TABLE IF NOT EXISTS plan_cache (key TEXT PRIMARY KEY, revision INTEGER NOT NULL, "
    "fingerprint TEXT NOT NULL, made_at TEXT NOT NULL, valid_until TEXT, "
    "payload BLOB NOT NULL)",
    *(f"CREATE TRIGGER IF NOT EXISTS plan_rev_{t}_{op.lower()} AFTER {op} ON \"{t}\" "
      "BEGIN UPDATE data_revision SET n = n + 1 WHERE id = 1; END"
      for t in PLAN_TABLES for op in ("INSERT", "UPDATE", "DELETE")),
    # the follow-up states have a counter of their own: see the module docstring
    "CREATE TABLE IF NOT EXISTS state_revision (id INTEGER PRIMARY KEY CHECK (id = 1), "
    "n INTEGER NOT NULL)",
    "INSERT OR IGNORE INTO state_revision (id, n) VALUES (1, 0)",
    *(f"CREATE TRIGGER IF NOT EXISTS plan_rev_followup_state_{op.lower()} AFTER {op} ON "
      "followup_state BEGIN UPDATE state_revision SET n = n + 1 WHERE id = 1; END"
      for op in ("INSERT", "UPDATE", "DELETE")),
)


#: the cache's tables: not the user's data (a backup goes without them)
CACHE_TABLES = ("data_revision", "plan_cache", "state_revision")
#: the cache's triggers, by name, as SQLite keeps their text (``IF NOT EXISTS`` dropped)
OWN_TRIGGERS = {sql.split()[5]: sql.replace(" IF NOT EXISTS", "", 1)
                for sql in _DDL if sql.startswith("CREATE TRIGGER")}


def strip(con: sqlite3.Connection) -> None:
    """Drop the cache (its triggers and tables) from ``con``: a backup's copy."""
    with con:
        for name in OWN_TRIGGERS:
            con.execute(f'DROP TRIGGER IF EXISTS "{name}"')
        for table in CACHE_TABLES:
            con.execute(f'DROP TABLE IF EXISTS "{table}"')


def install_in(path: Path) -> None:
    """:func:`install` in the file at ``path``, not open anywhere (a restore's copy)."""
    con = sqlite3.connect(str(path))
    try:
        with con:
            con.execute("BEGIN IMMEDIATE")
            for sql in _DDL:
                con.execute(sql)
    finally:
        con.close()


@dataclass(frozen=True)
class StoredPlan:
    made_at: dt.datetime
    valid_until: dt.datetime | None  # None: no record moment lies ahead
    payload: Parts


class Parts(Mapping[str, Any]):
    """A stored plan's parts (the agenda, what the window keeps of each application, the
    expired windows, ...), each compressed on its own and inflated only when asked for,
    once. The whole payload in one piece meant a start inflated and read 5.2 MB (at
    10k) to use a part of it -- the tray, which reads neither the rows nor the expired
    windows, too -- and the process kept the pages: +17 MB of RSS for the read, of which
    a fifth is the data kept. ``ValueError`` for a part that does not read."""

    def __init__(self, packed: dict[str, bytes]) -> None:
        self._packed = packed
        self._read: dict[str, Any] = {}

    def __getitem__(self, name: str) -> Any:
        if name not in self._read:
            try:
                self._read[name] = marshal.loads(zlib.decompress(self._packed[name]))
            except (TypeError, EOFError, zlib.error) as exc:
                raise ValueError(f"the stored plan's {name} does not read: {exc}") from None
        return self._read[name]

    def packed(self, name: str) -> bytes | None:
        """Part ``name`` as it is stored (compressed), not read: for a part read later,
        if ever (:class:`LateWindows`), without keeping this mapping alive."""
        return self._packed.get(name)

    def __iter__(self) -> Iterator[str]:
        return iter(self._packed)

    def __len__(self) -> int:
        return len(self._packed)


@dataclass(frozen=True)
class Compressed:
    """A part as it was read from a kept plan, still compressed: kept again as it is."""

    data: bytes


def pack_parts(payload: Mapping[str, Any]) -> bytes:
    """What :class:`Parts` reads: each part marshalled and compressed on its own (a
    :class:`Compressed` part as it is)."""
    return marshal.dumps({name: part.data if isinstance(part, Compressed)
                          else zlib.compress(marshal.dumps(part), 6)
                          for name, part in payload.items()})


def fingerprint(parts: dict[str, Any], modules: tuple[str, ...]) -> str:
    """A digest of ``parts`` (JSON-able: settings, time zone, ...) and of the source of
    ``modules`` (their files as imported, or found without importing them; a module
    without a readable file, as in a bundle, counts by the app's version)."""
    import sys

    from followup_desktop import __version__

    h = hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode())
    h.update(f"format {FORMAT} {__version__}".encode())
    for name in modules:
        mod = sys.modules.get(name)
        path = getattr(mod, "__file__", None) if mod is not None else _source_of(name)
        try:
            with open(str(path), "rb") as fh:
                h.update(fh.read())
        except (OSError, TypeError):
            h.update(name.encode())
    return h.hexdigest()


def _source_of(name: str) -> str | None:
    """A module's source file, found without importing it (the tray-only process digests
    the window's modules without loading them: ``reminders.tray_only``)."""
    import importlib.util

    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return None
    return spec.origin if spec is not None else None


def install(db: Any) -> None:
    """Install the counters and the plan table (idempotent), inside the caller's
    transaction. A new database gets them when it is made (``store.connection``): a
    follow-up state written before the first plan is kept (the tray marking a reminder
    notified at the first start) must not leave that plan unprovable, planned again by
    the tray and refused by the window's keep."""
    for sql in _DDL:
        db.execute_sql(sql)


def _installed(store: Store) -> bool:
    row = store.db.execute_sql(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN "
        "('data_revision', 'state_revision', 'plan_cache')").fetchone()
    return bool(row and row[0] == 3)


def revision(store: Store, table: str = "data_revision") -> int | None:
    """The data revision, or None when the counter is not installed yet."""
    if not _installed(store):
        return None
    row = store.db.execute_sql(f"SELECT n FROM {table} WHERE id = 1").fetchone()
    return None if row is None else int(row[0])


def state_revision(store: Store) -> int | None:
    """The follow-up states' own revision, or None when not installed yet."""
    return revision(store, "state_revision")


#: one follow-up state as a kept plan needs it: (notified, drafted, exported) as flag
#: bits (``schedule.agenda``'s), snoozed until (µs since 1970, or ``agenda.NONE``),
#: skipped at (the stored text, or None)
StateFlags = tuple[int, int, "str | None"]


def read_states(store: Store) -> dict[str, StateFlags]:
    """Every follow-up state, read raw (no record objects: thousands of rows are read at
    a start): key → :data:`StateFlags`."""
    from followup_desktop.schedule.agenda import _DRAFTED, _EXPORTED, _NOTIFIED, NONE, to_us

    out: dict[str, StateFlags] = {}
    to_dt = dt.datetime.fromisoformat
    for key, n, d, e, snoozed, skipped in store.db.execute_sql(
            "SELECT key, notified_at IS NOT NULL, drafted_at IS NOT NULL, "
            "exported_at IS NOT NULL, snoozed_until, skipped_at FROM followup_state"):
        flags = (_NOTIFIED if n else 0) | (_DRAFTED if d else 0) | (_EXPORTED if e else 0)
        out[key] = (flags, to_us(to_dt(snoozed)) if snoozed else NONE, skipped)
    return out


def load(store: Store, fp: str, key: str = KEY) -> StoredPlan | None:
    """The plan stored under ``key`` for the current data revision and ``fp``, else None."""
    import peewee as pw

    try:
        if not _installed(store):
            return None
        row = store.db.execute_sql(
            "SELECT c.made_at, c.valid_until, c.payload FROM plan_cache c, data_revision r "
            "WHERE c.key = ? AND r.id = 1 AND c.revision = r.n AND c.fingerprint = ?",
            (key, fp)).fetchone()
    except pw.PeeweeException:  # a cache: never an error for the user
        return None
    if row is None:
        return None
    try:
        packed = marshal.loads(row[2])
        if not isinstance(packed, dict) or not all(isinstance(v, bytes)
                                                   for v in packed.values()):
            return None
        made = dt.datetime.fromisoformat(row[0])
        until = dt.datetime.fromisoformat(row[1]) if row[1] else None
    except (ValueError, EOFError, TypeError):
        return None
    return StoredPlan(made, until, Parts(packed))


def save(store: Store, fp: str, made_at: dt.datetime, valid_until: dt.datetime | None,
         payload: Any, *, at_revision: int | None, key: str = KEY) -> bool:
    """Keep ``payload`` (parts by name, each marshal-able; read back as :class:`Parts`)
    as the plan of the data at ``at_revision`` (read
    with :func:`revision` before planning; None: the counter was not installed, so the
    plan is kept only if nothing was written since it is installed now). False when not
    kept: read-only, the data changed meanwhile, or the write failed (a cache: never an
    error for the user)."""
    import peewee as pw

    if store.read_only:
        return False
    # compressed: a fifth of the size, so the start's integrity check and read of the
    # file cost less (the compression runs when a plan is kept)
    blob = pack_parts(payload)
    try:
        with store.db.atomic("immediate"):
            fresh = not _installed(store)
            install(store.db)
            (n,) = store.db.execute_sql("SELECT n FROM data_revision WHERE id = 1").fetchone()
            if not fresh and at_revision != n:
                return False  # written to since the plan read it: not this plan's data
            store.db.execute_sql(
                "INSERT OR REPLACE INTO plan_cache (key, revision, fingerprint, made_at, "
                "valid_until, payload) VALUES (?, ?, ?, ?, ?, ?)",
                (key, n, fp, made_at.isoformat(),
                 valid_until.isoformat() if valid_until is not None else None, blob))
    except pw.PeeweeException:  # a cache: never an error for the user
        return False
    return True


def keep_values(store: Store, key: str, payload: Any) -> bool:
    """Keep ``payload`` (marshal-able) under ``key`` whatever the data revision: for what
    is keyed by its own content (``compose.render_memo``'s renders), valid with any plan.
    False when not kept (read-only, the write failed: a cache, never an error)."""
    import peewee as pw

    if store.read_only:
        return False
    blob = zlib.compress(marshal.dumps(payload), 6)
    try:
        with store.db.atomic("immediate"):
            install(store.db)
            store.db.execute_sql(
                "INSERT OR REPLACE INTO plan_cache (key, revision, fingerprint, made_at, "
                "valid_until, payload) VALUES (?, -1, '', '', NULL, ?)", (key, blob))
    except pw.PeeweeException:
        return False
    return True


def read_values(store: Store, key: str) -> Any:
    """What :func:`keep_values` kept under ``key``, or None."""
    import peewee as pw

    try:
        if not _installed(store):
            return None
        row = store.db.execute_sql("SELECT payload FROM plan_cache WHERE key = ? AND "
                                   "revision = -1", (key,)).fetchone()
        return None if row is None else marshal.loads(zlib.decompress(row[0]))
    except (pw.PeeweeException, ValueError, EOFError, TypeError, zlib.error):
        return None


def forget(store: Store, key: str = KEY) -> None:
    import peewee as pw

    try:
        if _installed(store) and not store.read_only:
            with store.db.atomic("immediate"):
                store.db.execute_sql("DELETE FROM plan_cache WHERE key = ?", (key,))
    except pw.PeeweeException:  # a cache: never an error for the user
        pass


# -- the packed agenda as plain values --------------------------------------------------------

_INT_COLS = ("opens_us", "due_us", "late_us", "snoozed_us", "app_ids", "_interview",
             "_person", "_promise")
_BYTE_COLS = ("kind_codes", "state_codes", "_flags")
_STR_COLS = ("_company", "_role", "_recipient", "_to", "_extra", "_suffix")


def pack_agenda(agenda: Any) -> dict[str, Any] | None:
    """An :class:`~..schedule.agenda.Agenda` as marshal-able values: integer columns as
    bytes, each text column as a table of distinct values and an index per window (so
    that reading it back shares one string per company, as the plan did). None for an
    agenda holding windows kept whole (rare keys or time zones: planned each time)."""
    if agenda._whole:
        return None
    out: dict[str, Any] = {"n": len(agenda)}
    for name in _INT_COLS:
        out[name] = getattr(agenda, name).tobytes()
    for name in _BYTE_COLS:
        out[name] = bytes(getattr(agenda, name))
    for name in _STR_COLS:
        table: dict[Any, int] = {}
        idx = array("l", (table.setdefault(v, len(table)) for v in getattr(agenda, name)))
        out[name] = (list(table), idx.tobytes())
    # every window's key, read back only when follow-up states must be applied again
    out["keys"] = marshal.dumps([agenda.key(i) for i in range(len(agenda))])
    return out


def agenda_keys(data: dict[str, Any]) -> list[str]:
    keys: list[str] = marshal.loads(data["keys"])
    return keys


def keys_digest(keys: Iterable[str]) -> str:
    """Which windows these are, in one string (SHA-1 of the sorted keys): the expired
    windows a kept plan holds against those the "too late" bar last noted as shown."""
    return hashlib.sha1("\n".join(sorted(keys)).encode("utf-8"),
                        usedforsecurity=False).hexdigest()


class LateWindows(Sequence["FollowupWindow"]):
    """A kept plan's expired windows, inflated and unpacked only when first asked for.

    At 10,000 interviews they are 16,000 windows: 15-20 ms and ~6 MB of the window's
    start to read, for a "too late" bar that shows none of them when all were shown
    before. :attr:`digest` (:func:`keys_digest` of their keys, kept with the plan) says
    so without reading them. A part that does not read gives no windows and sets
    :attr:`damaged` (the plan is then not kept again: the next start plans anew)."""

    def __init__(self, packed: bytes, digest: str | None) -> None:
        self._packed: bytes | None = packed
        self._agenda: Any = None
        self.digest = digest
        self.damaged = False

    def loaded(self) -> Any:
        """The windows as a packed :class:`~..schedule.agenda.Agenda`, read once."""
        if self._agenda is None:
            from followup_desktop.schedule.agenda import Agenda

            packed, self._packed = self._packed, None
            try:
                data = marshal.loads(zlib.decompress(packed or b""))
                agenda = unpack_agenda(data)
                agenda.known_keys = agenda_keys(data)
                if len(agenda.known_keys) != len(agenda):
                    raise ValueError("a stored plan with keys of another length")
            except (TypeError, ValueError, EOFError, KeyError, zlib.error):
                agenda, self.damaged = Agenda(), True
            self._agenda = agenda
        return self._agenda

    @property
    def is_read(self) -> bool:
        return self._agenda is not None

    def unread(self) -> Compressed | None:
        """The part as it was kept, when it was never read and its digest is known: a
        plan kept again carries it unchanged (not inflated, unpacked, packed and
        compressed again: ~40 ms, and 6 MB the window would keep for the session)."""
        if self._agenda is not None or self._packed is None or self.digest is None:
            return None
        return Compressed(self._packed)

    def __len__(self) -> int:
        return len(self.loaded())

    def __getitem__(self, i: Any) -> Any:
        return self.loaded()[i]

    def all_keys(self) -> list[str]:
        keys: list[str] = self.loaded().all_keys()
        return keys

    def forget_keys(self) -> None:
        """Drop the keys read back with the windows (a window asked for later makes its
        own): the session does not keep years of keys."""
        if self._agenda is not None:
            self._agenda.known_keys = None

    def extend(self, windows: Iterable[FollowupWindow]) -> None:
        """Windows that expired since (``restate``): no longer the kept plan's set."""
        self.loaded().extend(windows)
        self.digest = None


def unpack_agenda(data: dict[str, Any]) -> Any:
    from followup_desktop.schedule.agenda import Agenda

    agenda = Agenda()
    for name in _INT_COLS:
        col = array("q")
        col.frombytes(data[name])
        setattr(agenda, name, col)
    for name in _BYTE_COLS:
        setattr(agenda, name, bytearray(data[name]))
    for name in _STR_COLS:
        values, raw = data[name]
        idx = array("l")
        idx.frombytes(raw)
        setattr(agenda, name, list(map(values.__getitem__, idx)))
    if any(len(getattr(agenda, n)) != data["n"] for n in (*_INT_COLS, *_BYTE_COLS,
                                                           *_STR_COLS)):
        raise ValueError("a stored plan with columns of different lengths")
    return agenda


__all__ = ["FORMAT", "PLAN_TABLES", "Compressed", "LateWindows", "StateFlags", "StoredPlan",
           "fingerprint", "forget", "keep_values", "keys_digest", "load", "pack_agenda",
           "read_states", "read_values", "revision", "save", "state_revision",
           "unpack_agenda"]
