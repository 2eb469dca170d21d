"""New applications written in bulk: the rows of many applications, one statement per table.

:meth:`Store.add_applications` and :meth:`Store.import_counted` add whole new applications,
inside the store's write transaction. Row by row through peewee's ``create`` that cost
~8 s for 10,000 interviews (about 100,000 statements, each one built as SQL from scratch);
here every row is checked and given its id as before, kept, and written with one
``executemany`` per table when the batch is flushed.

The ids are the ones SQLite would give: the tables have no ``AUTOINCREMENT``, so a new row
gets the largest id plus one, and the write transaction (``BEGIN IMMEDIATE``) keeps every
other writer out while this one counts. An application's people are all new, so matching
a person (by email, then by name) runs against the ones this batch made, in memory, with
the rules of :meth:`Store._upsert_person` and :meth:`Store._find_person`.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable
from typing import Any

import peewee as pw

from followup_desktop.records import (
    STATE_TIMES,
    ApplicationSpec,
    InterviewSpec,
    PersonSpec,
    WindowRef,
    window_key,
)
from followup_desktop.store.errors import StoreError
from followup_desktop.store.models import (
    ApplicationRow,
    DraftRow,
    EventRow,
    FollowupStateRow,
    InterviewRow,
    MessageRow,
    ParticipantRow,
    PersonRow,
    PromiseRow,
    TalkingPointRow,
)
from followup_desktop.store.rules import check_span, imported_attachments, one_line

#: Applications kept before their rows are written (bounds the memory of a huge import).
FLUSH_EVERY = 2000


class _Table:
    """The pending rows of one table and the statement that writes them."""

    def __init__(self, db: pw.Database, model: type[pw.Model], columns: Iterable[str], *,
                 with_id: bool = True, replace: bool = False) -> None:
        names = ["id", *columns] if with_id else list(columns)
        self.fields = [model._meta.fields[n] for n in names]
        cols = ", ".join(f'"{f.column_name}"' for f in self.fields)
        marks = ", ".join("?" for _ in self.fields)
        verb = "INSERT OR REPLACE" if replace else "INSERT"
        self.sql = f'{verb} INTO "{model._meta.table_name}" ({cols}) VALUES ({marks})'
        self.rows: list[tuple[Any, ...]] = []
        self.last_id = 0
        if with_id:
            (found,) = db.execute_sql(
                f'SELECT COALESCE(MAX("id"), 0) FROM "{model._meta.table_name}"').fetchone()
            self.last_id = int(found)

    def add(self, *values: Any) -> int:
        """Keep one row (without its id, which is given here and returned)."""
        self.last_id += 1
        self.rows.append((self.last_id, *values))
        return self.last_id

    def add_row(self, *values: Any) -> None:
        self.rows.append(values)

    def write(self, db: pw.Database) -> None:
        if not self.rows:
            return
        fields = self.fields
        rows = [tuple(f.db_value(v) for f, v in zip(fields, row, strict=True))
                for row in self.rows]
        self.rows = []
        with pw.__exception_wrapper__:  # sqlite3's errors as peewee's, as ``execute_sql``
            db.cursor().executemany(self.sql, rows)


class _Person:
    __slots__ = ("id", "name", "title", "email", "linkedin", "salutation")

    def __init__(self, pid: int, fields: dict[str, Any]) -> None:
        self.id = pid
        self.set(fields)

    def set(self, fields: dict[str, Any]) -> None:
        self.name: str = fields["name"]
        self.title: str = fields["title"]
        self.email: str | None = fields["email"]
        self.linkedin: str | None = fields["linkedin"]
        self.salutation: str | None = fields["salutation"]

    def row(self) -> tuple[Any, ...]:
        return (self.name, self.title, self.email, self.linkedin, self.salutation)


class Inserts:
    """The rows of new applications, written by :meth:`flush` (and every
    :data:`FLUSH_EVERY` applications). Nothing is written when a check fails: the caller's
    transaction then rolls back whatever was flushed before."""

    def __init__(self, db: pw.Database, clock: Callable[[], dt.datetime]) -> None:
        self.db = db
        self.clock = clock
        self.apps = _Table(db, ApplicationRow, ("company", "role", "status", "notes",
                                                "created_at", "updated_at"))
        self.people = _Table(db, PersonRow, ("application", "name", "title", "email",
                                             "linkedin", "salutation"))
        self.interviews = _Table(db, InterviewRow, (
            "application", "start", "duration_minutes", "format", "tone", "decision_by",
            "notes", "reflection", "uid"))
        self.parts = _Table(db, ParticipantRow, ("interview", "person", "main_contact",
                                                 "position"))
        self.points = _Table(db, TalkingPointRow, ("participant", "text", "position"))
        self.promises = _Table(db, PromiseRow, ("interview", "person", "what"))
        self.events = _Table(db, EventRow, ("application", "kind", "at", "says",
                                            "decision_by"))
        self.messages = _Table(db, MessageRow, ("application", "kind", "person", "to",
                                                "sent_at", "subject", "body"))
        self.states = _Table(db, FollowupStateRow, ("key", "application", "snooze_count",
                                                    "uid", *STATE_TIMES),
                             with_id=False, replace=True)
        self.drafts = _Table(db, DraftRow, ("key", "application", "person_id", "subject",
                                            "body", "attachments", "updated_at"),
                             with_id=False, replace=True)
        #: people of the applications not yet flushed (the others are done with)
        self._people: dict[int, list[_Person]] = {}
        self._pending = 0
        #: ``uid -> keys`` and ``key -> uid`` of the follow-up states (:meth:`_uids`)
        self._uid_keys: dict[str, set[str]] | None = None
        self._key_uid: dict[str, str | None] = {}

    # -- one application -------------------------------------------------------------------

    def add(self, spec: ApplicationSpec) -> int:
        """Check and keep one new application; its id."""
        check_span(spec.created_at, *(e.at for e in spec.events))
        now = self.clock()
        app_id = self.apps.add(spec.company, spec.role, spec.status.value, spec.notes,
                               spec.created_at or now, now)
        people = self._people[app_id] = []
        rounds: list[int] = []
        promises: dict[int, list[int]] = {}
        for interview in spec.interviews:
            iid = self._interview(app_id, people, interview, promises)
            rounds.append(iid)
        for event in spec.events:
            check_span(event.decision_by)
            self.events.add(app_id, event.kind.value, event.at,
                            event.says.value if event.says else None, event.decision_by)
        for msg in spec.messages:
            check_span(msg.sent_at)
            pid = _find(people, msg.to) if msg.to else None
            self.messages.add(app_id, msg.kind.value, pid, msg.to, msg.sent_at, msg.subject,
                              msg.body)
        if spec.followups or spec.drafts:
            self._window_records(app_id, spec, people, rounds, promises)
        self._pending += 1
        if self._pending >= FLUSH_EVERY:
            self.flush()
        return app_id

    def _interview(self, app_id: int, people: list[_Person], spec: InterviewSpec,
                   promises: dict[int, list[int]]) -> int:
        check_span(spec.start, spec.decision_by)
        iid = self.interviews.add(app_id, spec.start, spec.duration_minutes,
                                  spec.format.value, spec.tone.value, spec.decision_by,
                                  spec.notes, spec.reflection, spec.uid)
        seen: set[int] = set()
        for position, person in enumerate(spec.interviewers):
            pid = self._upsert_person(app_id, people, person)
            if pid in seen:
                raise StoreError(f"Not saved: {person.name} is listed twice in this round "
                                 "(the same name or email).")
            seen.add(pid)
            part = self.parts.add(iid, pid, person.main_contact, position)
            for n, text in enumerate(person.talking_points):
                self.points.add(part, text, n)
        made = promises[iid] = []
        for promise in spec.promises:
            to_id = _find(people, promise.to) if promise.to else None
            made.append(self.promises.add(iid, to_id, promise.what))
        return iid

    def _upsert_person(self, app_id: int, people: list[_Person], spec: PersonSpec) -> int:
        """:meth:`Store._upsert_person` over this application's people in memory."""
        email = (spec.email or "").casefold()
        name = spec.name.casefold()
        found = next((p for p in people if email and p.email and p.email.casefold() == email),
                     None)
        by_name = found is None
        if by_name:
            found = next((p for p in people if p.name.casefold() == name
                          and (not email or not p.email)), None)
        fields: dict[str, Any] = dict(name=one_line(spec.name, "A person's name"),
                                      title=one_line(spec.title, "A person's title"),
                                      email=spec.email or None, linkedin=spec.linkedin or None,
                                      salutation=spec.salutation or None)
        if found is None:
            person = _Person(self.people.add(app_id, None, None, None, None, None), fields)
            people.append(person)
            return person.id
        if by_name:
            fields = {k: v if v else getattr(found, k) for k, v in fields.items()}
        found.set(fields)
        return found.id

    def _window_records(self, app_id: int, spec: ApplicationSpec, people: list[_Person],
                        rounds: list[int], promises: dict[int, list[int]]) -> None:
        """The states and drafts of a data file, their windows named by position and
        person (:class:`WindowRef`) turned into this database's keys."""

        def key_of(ref: WindowRef) -> str:
            iid = rounds[ref.round] if ref.round is not None else None
            pid = _find(people, ref.person) if ref.person else None
            mid = (promises[iid][ref.promise]
                   if iid is not None and ref.promise is not None else None)
            if (ref.person and pid is None) or (ref.promise is not None and mid is None):
                raise StoreError(f"Not saved: a follow-up of {spec.company} names someone "
                                 "or something the application does not have.")
            return window_key(ref.kind, app_id, iid, pid, mid) + ref.suffix

        for item in spec.followups:
            times = [getattr(item.state, f) for f in STATE_TIMES]
            check_span(*times)
            key = key_of(item.window)
            uid = item.state.uid
            if uid is not None and self._uid_elsewhere(uid, key):
                uid = None  # another window here has it: this one gets its own when needed
            self._note_state(key, uid)
            self.states.add_row(key, app_id, item.state.snooze_count, uid, *times)
        for d in spec.drafts:
            self.drafts.add_row(key_of(d.window), app_id,
                                (_find(people, d.to) or 0) if d.to else 0, d.subject, d.body,
                                json.dumps(imported_attachments(d.attachments)), self.clock())

    def _uids(self) -> dict[str, set[str]]:
        """``uid -> keys`` of the follow-up states, stored and kept (read when first
        needed, then kept up to date here)."""
        if self._uid_keys is None:
            self._uid_keys = {}
            for k, u in FollowupStateRow.select(FollowupStateRow.key, FollowupStateRow.uid
                                                ).where(FollowupStateRow.uid.is_null(False)
                                                        ).tuples():
                self._uid_keys.setdefault(u, set()).add(k)
                self._key_uid[k] = u
        return self._uid_keys

    def _uid_elsewhere(self, uid: str, key: str) -> bool:
        """Does a window other than ``key`` have this calendar UID (stored or kept)?"""
        return bool(self._uids().get(uid, set()) - {key})

    def _note_state(self, key: str, uid: str | None) -> None:
        """A state row replaces the one of the same key: its UID goes with it."""
        uids = self._uids()
        old = self._key_uid.pop(key, None)
        if old is not None:
            uids.get(old, set()).discard(key)
        if uid is not None:
            uids.setdefault(uid, set()).add(key)
            self._key_uid[key] = uid

    # -- writing ---------------------------------------------------------------------------

    def flush(self) -> None:
        """Write every kept row, parents before children."""
        self._fill_people()
        for table in (self.apps, self.people, self.interviews, self.parts, self.points,
                      self.promises, self.events, self.messages, self.states, self.drafts):
            table.write(self.db)
        self._people = {}
        self._pending = 0

    def _fill_people(self) -> None:
        """The people rows with each person's final fields (a later round may have filled
        in an email or title)."""
        if not self.people.rows:
            return
        first = self.people.rows[0][0]
        rows = self.people.rows
        for app_id, people in self._people.items():
            for p in people:
                rows[p.id - first] = (p.id, app_id, *p.row())


def _find(people: list[_Person], who: str | None) -> int | None:
    """:meth:`Store._find_person` over an application's people in memory."""
    if not who:
        return None
    key = who.casefold()
    return next((p.id for p in people if p.email and p.email.casefold() == key),
                next((p.id for p in people if p.name.casefold() == key), None))
