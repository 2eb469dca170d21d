"""The store's service: plain records out, specs in, every write one transaction."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, replace
from operator import itemgetter
from pathlib import Path
from typing import Any, TypeVar

import peewee as pw

from followup_desktop.bulk import gc_paused
from followup_desktop.records import (
    SPAN_REASON,
    STATE_TIMES,
    Application,
    ApplicationSpec,
    Event,
    EventKind,
    FollowupState,
    Format,
    Interview,
    InterviewSpec,
    Kind,
    Message,
    MessageSpec,
    Participant,
    Person,
    PersonSpec,
    Profile,
    Promise,
    ReplySays,
    Status,
    Tone,
    WindowRef,
    in_span,
    window_key,
)
from followup_desktop.settings import SPEC_BY_KEY, Settings, settings_from, settings_to_dict
from followup_desktop.store import connection
from followup_desktop.store.backup import backup_to
from followup_desktop.store.errors import StoreError
from followup_desktop.store.models import (
    DB,
    ApplicationRow,
    DraftBasisRow,
    DraftRow,
    EventRow,
    FollowupStateRow,
    InterviewRow,
    MessageRow,
    ParticipantRow,
    PersonRow,
    PromiseRow,
    SettingRow,
    TalkingPointRow,
    WordRow,
)

UTC = dt.UTC
T = TypeVar("T")

#: the namespace of the UIDs a read-only store gives windows it has none stored for
_READ_ONLY_UIDS = uuid.UUID("5d1c6a3e-6f0b-4c55-9a47-2f7c0e3b8d11")
PROFILE_KEYS = ("name", "email", "phone", "linkedin", "signature", "timezone")
#: set by ``demo`` in the folder it fills (see :meth:`Store.is_sample_data`)
SAMPLE_DATA_KEY = "sample_data"


def _check_span(*values: dt.date | None) -> None:
    """Refuse a date outside the span Followup keeps (see ``records.in_span``) before it is
    written: the schedule could not add days to it."""
    for value in values:
        if value is not None and not in_span(value):
            day = value.date() if isinstance(value, dt.datetime) else value
            raise StoreError(f"Not saved: {SPAN_REASON} ({day.isoformat()} is not).")


@dataclass(frozen=True, slots=True)
class StoredDraft:
    key: str
    person_id: int | None
    subject: str
    body: str
    attachments: tuple[str, ...]
    updated_at: dt.datetime


@dataclass(frozen=True, slots=True)
class Counts:
    applications: int
    interviews: int
    people: int
    messages: int


@dataclass(frozen=True, slots=True)
class ImportOutcome:
    """What an import added (the new applications' ids) and how many it skipped."""

    ids: list[int]
    skipped: int = 0


def application_key(company: str, role: str, starts: Iterable[dt.datetime]
                    ) -> tuple[str, str, tuple[dt.datetime, ...]]:
    """What makes two applications the same for an import: company and role (trimmed,
    any case) and the set of their rounds' start times (as UTC moments)."""
    return (company.strip().casefold(), role.strip().casefold(),
            tuple(sorted({t.astimezone(UTC) for t in starts})))


def _now() -> dt.datetime:
    return dt.datetime.now(UTC)


class Store:
    """One open database. Create with :func:`open_store`; close with :meth:`close`."""

    def __init__(self, db: pw.SqliteDatabase, path: Path, *, read_only: bool = False,
                 clock: Callable[[], dt.datetime] = _now) -> None:
        self.db = db
        self.path = path
        self.read_only = read_only
        self.clock = clock  # (every clock set is checked: see the property)
        self.revision = 0  # bumped on every committed write; cheap change detection
        #: ``PRAGMA data_version`` as last seen (:meth:`changed_elsewhere`)
        self._data_version: int | None = None

    @property
    def clock(self) -> Callable[[], dt.datetime]:
        """What stamps the writes; a time outside 1970-2100 fails the write in words."""
        return self._clock

    @clock.setter
    def clock(self, value: Callable[[], dt.datetime]) -> None:
        self._clock = _span_checked(value)

    # -- lifetime ---------------------------------------------------------------------------

    def limit_page_cache(self, kib: int) -> None:
        """Keep at most ``kib`` KiB of database pages in this process (SQLite's cache).

        For a long-running window: its reads go through the whole file once a minute, so
        any cache fills up and stays full, while the file's pages stay in the system's
        cache anyway. A one-shot command keeps the 2 MB default: its joins revisit index
        pages (``agenda --json`` is ~5% slower with 256 KiB)."""
        self.db.execute_sql(f"PRAGMA cache_size = -{max(int(kib), 64)}")

    def close(self) -> None:
        if not self.db.is_closed():
            self.db.close()
        if DB.obj is self.db:
            DB.initialize(None)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def write(self) -> Iterator[None]:
        """One immediate transaction; bumps :attr:`revision` when it commits."""
        if self.read_only:
            raise StoreError("Followup opened this data read-only; changes cannot be saved.")
        try:
            with self.db.atomic("immediate"):
                yield
        except pw.OperationalError as exc:
            raise _write_error(exc) from exc
        except pw.IntegrityError as exc:
            raise StoreError(f"Not saved: the change conflicts with existing data ({exc}).") \
                from exc
        self.revision += 1

    def backup(self, target: Path) -> Path:
        return backup_to(self.db, target)

    def changed_elsewhere(self) -> bool:
        """Did another connection (a command beside the window) commit since the last
        call? Bumps :attr:`revision` when it did, so cached reads are made again.
        ``PRAGMA data_version`` changes only for other connections' commits."""
        if self.db.is_closed():
            return False
        try:
            version = int(self.db.execute_sql("PRAGMA data_version").fetchone()[0])
        except pw.DatabaseError:
            return False
        seen, self._data_version = self._data_version, version
        if seen is None or seen == version:
            return False
        self.revision += 1
        return True

    # -- reading ----------------------------------------------------------------------------

    def _rows(self, query: pw.Query) -> list[tuple[Any, ...]]:
        """The rows of ``query`` as plain sqlite tuples: no per-value peewee conversion
        (the callers convert the few columns that need it: date-times, dates, enums)."""
        sql, params = query.sql()
        return self.db.execute_sql(sql, params).fetchall()

    def load_applications(self, ids: Iterable[int] | None = None) -> list[Application]:
        """Every (not deleted) application with its rounds, people, events and messages."""
        # Rows are read raw (see _rows) and converted here exactly as the fields would:
        # UtcDateTimeField -> datetime.fromisoformat, IsoDateField -> date.fromisoformat,
        # BooleanField -> bool; text and integer columns come back from sqlite as is.
        with gc_paused():
            return self._load_applications(None if ids is None else list(ids))

    def iter_applications(self, batch: int = 500) -> Iterator[Application]:
        """:meth:`load_applications`, in id order, ``batch`` applications in memory at a
        time: for a pass over years of data that keeps none of it (the window's plan).

        Each batch is read by a range of ids, which SQLite answers from the foreign-key
        indexes as quickly as the whole table; a list of ids (``IN (...)``) would cost
        about twice as much. Reads between two writes: a write made during the pass may
        or may not be seen, as with any read.
        """
        ids = [i for (i,) in self._rows(ApplicationRow.select(ApplicationRow.id).where(
            ApplicationRow.deleted_at.is_null()).order_by(ApplicationRow.id))]
        for start in range(0, len(ids), batch):
            chunk = ids[start:start + batch]
            with gc_paused():
                apps = self._load_applications((chunk[0], chunk[-1]))
            yield from apps

    def _load_applications(self, ids: list[int] | tuple[int, int] | None) -> list[Application]:
        """``ids``: a list of ids, an inclusive ``(first, last)`` range, or None for all."""
        rows_of = self._rows
        to_dt = dt.datetime.fromisoformat
        to_date = dt.date.fromisoformat
        app_q = ApplicationRow.select(
            ApplicationRow.id, ApplicationRow.company, ApplicationRow.role,
            ApplicationRow.status, ApplicationRow.notes, ApplicationRow.created_at,
        ).where(ApplicationRow.deleted_at.is_null())

        def among(field: pw.Field) -> Any:
            if isinstance(ids, tuple):
                return field.between(*ids)
            return field.in_(ids)

        if ids is not None:
            app_q = app_q.where(among(ApplicationRow.id))
        apps = rows_of(app_q.order_by(ApplicationRow.id))
        if not apps:
            return []

        def scoped(q: Any, field: pw.Field) -> Any:
            return q.where(among(field)) if ids is not None else q

        people: dict[int, list[Person]] = defaultdict(list)
        person_by_id: dict[int, Person] = {}
        for pid, aid, name, title, email, linkedin, salutation in rows_of(scoped(PersonRow.select(
                PersonRow.id, PersonRow.application, PersonRow.name, PersonRow.title,
                PersonRow.email, PersonRow.linkedin, PersonRow.salutation),
                PersonRow.application).order_by(PersonRow.id)):
            p = Person(pid, name, title, email, linkedin, salutation)
            people[aid].append(p)
            person_by_id[pid] = p

        interviews_q = scoped(InterviewRow.select(
            InterviewRow.id, InterviewRow.application, InterviewRow.start,
            InterviewRow.duration_minutes, InterviewRow.format, InterviewRow.tone,
            InterviewRow.decision_by, InterviewRow.notes, InterviewRow.reflection,
            InterviewRow.uid), InterviewRow.application)
        rows = rows_of(interviews_q.order_by(InterviewRow.start, InterviewRow.id))

        points: dict[int, list[str]] = defaultdict(list)
        tp_q = TalkingPointRow.select(TalkingPointRow.participant, TalkingPointRow.position,
                                      TalkingPointRow.text)
        part_q = ParticipantRow.select(ParticipantRow.interview, ParticipantRow.position,
                                       ParticipantRow.id, ParticipantRow.person,
                                       ParticipantRow.main_contact)
        prom_q = PromiseRow.select(PromiseRow.id, PromiseRow.interview, PromiseRow.person,
                                   PromiseRow.what)
        if ids is not None:
            # the rounds of these applications, by the interview table's own index
            iids = InterviewRow.select(InterviewRow.id).where(among(InterviewRow.application))
            tp_q = tp_q.join(ParticipantRow).where(ParticipantRow.interview.in_(iids))
            part_q = part_q.where(ParticipantRow.interview.in_(iids))
            prom_q = prom_q.where(PromiseRow.interview.in_(iids))
        # Ordered here rather than by ORDER BY: with no index on (parent, position) SQLite
        # sorts through a temporary B-tree, while the rows already come nearly in order
        # (written in position order), which Python's stable sort passes over in one run.
        by_parent_then_position = itemgetter(0, 1)
        tp_rows = rows_of(tp_q)
        tp_rows.sort(key=by_parent_then_position)
        for part_id, _, text in tp_rows:
            points[part_id].append(text)
        parts: dict[int, list[Participant]] = defaultdict(list)
        no_points: tuple[str, ...] = ()
        part_rows = rows_of(part_q)
        part_rows.sort(key=by_parent_then_position)
        for iid, _, part_id, pid, main in part_rows:
            said = points.get(part_id)
            parts[iid].append(Participant(person_by_id[pid], bool(main),
                                          tuple(said) if said else no_points))
        promises: dict[int, list[Promise]] = defaultdict(list)
        for mid, iid, pid, what in rows_of(prom_q.order_by(PromiseRow.id)):
            promises[iid].append(Promise(mid, pid, what))

        interviews: dict[int, list[Interview]] = defaultdict(list)
        fmt_of = {f.value: f for f in Format}
        tone_of = {t.value: t for t in Tone}
        video, formal = Format.VIDEO, Tone.FORMAL
        for iid, aid, start, dur, fmt, tone, decision, notes, refl, uid in rows:
            with_parts = parts.get(iid)
            with_promises = promises.get(iid)
            interviews[aid].append(Interview(
                iid, to_dt(start), dur, fmt_of.get(fmt, video), tone_of.get(tone, formal),
                None if decision is None else to_date(decision), notes, refl,
                tuple(with_parts) if with_parts else (),
                tuple(with_promises) if with_promises else (), uid))

        events: dict[int, list[Event]] = defaultdict(list)
        says_of = {s.value: s for s in ReplySays}
        for eid, aid, kind, at, says, decided in rows_of(scoped(EventRow.select(
                EventRow.id, EventRow.application, EventRow.kind, EventRow.at,
                EventRow.says, EventRow.decision_by),
                EventRow.application).order_by(EventRow.at, EventRow.id)):
            events[aid].append(Event(eid, EventKind(kind), to_dt(at), says_of.get(says),
                                     None if decided is None else to_date(decided)))

        messages: dict[int, list[Message]] = defaultdict(list)
        for mid, aid, kind, pid, to, sent, subj, body in rows_of(scoped(MessageRow.select(
                MessageRow.id, MessageRow.application, MessageRow.kind, MessageRow.person,
                MessageRow.to, MessageRow.sent_at, MessageRow.subject, MessageRow.body),
                MessageRow.application).order_by(MessageRow.sent_at, MessageRow.id)):
            messages[aid].append(Message(mid, Kind(kind), pid, to_dt(sent), to, subj, body))

        status_of = {s.value: s for s in Status}
        empty: tuple[Any, ...] = ()
        return [
            Application(aid, company, role, status_of.get(status) or Status(status), notes,
                        tuple(people.get(aid, empty)), tuple(interviews.get(aid, empty)),
                        tuple(events.get(aid, empty)), tuple(messages.get(aid, empty)),
                        to_dt(created))
            for aid, company, role, status, notes, created in apps
        ]

    def rounds_between(self, start: dt.datetime, end: dt.datetime
                       ) -> list[tuple[dt.datetime, int, str, str]]:
        """(start, application id, company, role) of every round that starts in
        ``[start, end)``, of applications not deleted, by start: a calendar day's
        interviews, read when the day is shown."""
        q = (InterviewRow.select(InterviewRow.start, ApplicationRow.id, ApplicationRow.company,
                                 ApplicationRow.role)
             .join(ApplicationRow)
             .where(ApplicationRow.deleted_at.is_null(), InterviewRow.start >= start,
                    InterviewRow.start < end)
             .order_by(InterviewRow.start, InterviewRow.id))
        to_dt = dt.datetime.fromisoformat
        return [(to_dt(at), aid, company, role) for at, aid, company, role in self._rows(q)]

    def load_application(self, app_id: int) -> Application:
        apps = self.load_applications([app_id])
        if not apps:
            raise StoreError("That application no longer exists.")
        return apps[0]

    def counts(self) -> Counts:
        live = ApplicationRow.select(ApplicationRow.id).where(ApplicationRow.deleted_at.is_null())
        return Counts(
            applications=live.count(),
            interviews=InterviewRow.select().where(InterviewRow.application.in_(live)).count(),
            people=PersonRow.select().where(PersonRow.application.in_(live)).count(),
            messages=MessageRow.select().where(MessageRow.application.in_(live)).count(),
        )

    def quick_check(self) -> list[tuple[Any, ...]]:
        """The rows of ``PRAGMA quick_check``: ``[("ok",)]`` for a sound file."""
        return list(self.db.execute_sql("PRAGMA quick_check").fetchall())

    def is_empty(self) -> bool:
        return not ApplicationRow.select().exists() and not SettingRow.select().exists()

    # -- applications -----------------------------------------------------------------------

    def add_applications(self, specs: Iterable[ApplicationSpec]) -> list[int]:
        """Add every spec in one transaction: all or nothing."""
        with self.write():
            return [self._insert_application(s) for s in specs]

    def add_application(self, spec: ApplicationSpec) -> int:
        return self.add_applications([spec])[0]

    def import_document(self, specs: Iterable[ApplicationSpec],
                        profile_changes: Mapping[str, str] | None = None, *,
                        settings: Mapping[str, Any] | None = None,
                        words: Iterable[str] = ()) -> list[int]:
        """An import: the applications, the profile fields, the schedule settings and the
        dictionary words given, in one transaction. Applications already present are
        skipped (:meth:`import_counted`, which says how many)."""
        return self.import_counted(specs, profile_changes, settings=settings,
                                   words=words).ids

    def import_counted(self, specs: Iterable[ApplicationSpec],
                       profile_changes: Mapping[str, str] | None = None, *,
                       settings: Mapping[str, Any] | None = None,
                       words: Iterable[str] = ()) -> ImportOutcome:
        """:meth:`import_document`, saying how many applications it skipped: those already
        present (same company and role, whatever their case, and the same round start
        times; applications in the bin do not count). So an import of the same file twice
        changes nothing the second time. Two alike applications *within* one file are both
        kept: an export of a database that holds two must import as two (the round trip)."""
        with self.write():
            seen = self._application_keys()
            ids: list[int] = []
            skipped = 0
            for spec in specs:
                key = application_key(spec.company, spec.role,
                                      (iv.start for iv in spec.interviews))
                if key in seen:
                    skipped += 1
                    continue
                ids.append(self._insert_application(spec))
            for field, value in (profile_changes or {}).items():
                if field not in PROFILE_KEYS:
                    raise StoreError(f"unknown profile field {field!r}")
                self._put(f"profile.{field}", value)
            for name, value in (settings or {}).items():
                if name not in SPEC_BY_KEY:
                    raise StoreError(f"unknown setting {name!r}")
                self._put(name, SPEC_BY_KEY[name].parse(value))
            for word in words:
                WordRow.insert(word=word).on_conflict_ignore().execute()
            return ImportOutcome(ids, skipped)

    def _application_keys(self) -> set[tuple[str, str, tuple[dt.datetime, ...]]]:
        """:func:`application_key` of every application not in the bin."""
        starts: dict[int, list[dt.datetime]] = defaultdict(list)
        q = (InterviewRow.select(InterviewRow.application, InterviewRow.start)
             .join(ApplicationRow).where(ApplicationRow.deleted_at.is_null()))
        to_dt = dt.datetime.fromisoformat
        for aid, start in self._rows(q):
            starts[aid].append(to_dt(start))
        apps = ApplicationRow.select(ApplicationRow.id, ApplicationRow.company,
                                     ApplicationRow.role).where(
            ApplicationRow.deleted_at.is_null())
        return {application_key(company, role, starts.get(aid, ()))
                for aid, company, role in self._rows(apps)}

    def _insert_application(self, spec: ApplicationSpec) -> int:
        _check_span(spec.created_at, *(e.at for e in spec.events))
        now = self.clock()
        app = ApplicationRow.create(company=spec.company, role=spec.role,
                                    status=spec.status.value, notes=spec.notes,
                                    created_at=spec.created_at or now, updated_at=now)
        for interview in spec.interviews:
            self._save_interview(app.id, None, interview)
        for event in spec.events:
            _check_span(event.decision_by)
            EventRow.create(application=app.id, kind=event.kind.value, at=event.at,
                            says=event.says.value if event.says else None,
                            decision_by=event.decision_by)
        for msg in spec.messages:
            self._insert_message(app.id, msg)
        if spec.followups or spec.drafts:
            self._insert_window_records(int(app.id), spec)
        return int(app.id)

    def _insert_window_records(self, app_id: int, spec: ApplicationSpec) -> None:
        """The states and drafts of a data file, their windows named by position and
        person (:class:`WindowRef`) turned into this database's keys."""
        rounds = [int(i) for (i,) in InterviewRow.select(InterviewRow.id).where(
            InterviewRow.application == app_id).order_by(InterviewRow.id).tuples()]
        promises = {iid: [int(m) for (m,) in PromiseRow.select(PromiseRow.id).where(
            PromiseRow.interview == iid).order_by(PromiseRow.id).tuples()] for iid in rounds}

        def key_of(ref: WindowRef) -> str:
            iid = rounds[ref.round] if ref.round is not None else None
            pid = self._find_person(app_id, ref.person) if ref.person else None
            mid = (promises[iid][ref.promise]
                   if iid is not None and ref.promise is not None else None)
            if (ref.person and pid is None) or (ref.promise is not None and mid is None):
                raise StoreError(f"Not saved: a follow-up of {spec.company} names someone "
                                 "or something the application does not have.")
            return window_key(ref.kind, app_id, iid, pid, mid) + ref.suffix

        for item in spec.followups:
            times = {f: getattr(item.state, f) for f in STATE_TIMES}
            _check_span(*times.values())
            key = key_of(item.window)
            uid = item.state.uid
            if uid is not None and FollowupStateRow.select().where(
                    FollowupStateRow.uid == uid, FollowupStateRow.key != key).exists():
                uid = None  # another window here has it: this one gets its own when needed
            FollowupStateRow.insert(key=key, application=app_id,
                                    snooze_count=item.state.snooze_count, uid=uid,
                                    **times).on_conflict_replace().execute()
        for d in spec.drafts:
            DraftRow.insert(key=key_of(d.window), application=app_id,
                            person_id=(self._find_person(app_id, d.to) or 0) if d.to else 0,
                            subject=d.subject, body=d.body,
                            attachments=json.dumps(_imported_attachments(d.attachments)),
                            updated_at=self.clock()).on_conflict_replace().execute()

    def window_records(self) -> tuple[dict[int, list[FollowupState]],
                                      dict[int, list[StoredDraft]]]:
        """Every window state and saved draft, by application id (an export)."""
        states: dict[int, list[FollowupState]] = defaultdict(list)
        known = self.states()
        for key, app_id in FollowupStateRow.select(FollowupStateRow.key,
                                                   FollowupStateRow.application).tuples():
            states[int(app_id)].append(known[key])
        drafts: dict[int, list[StoredDraft]] = defaultdict(list)
        for row in DraftRow.select().order_by(DraftRow.key, DraftRow.person_id):
            drafts[int(row.application_id)].append(_stored_draft(row))
        return dict(states), dict(drafts)

    def update_application(self, app_id: int, *, company: str, role: str,
                           notes: str = "") -> None:
        with self.write():
            ApplicationRow.update(company=company, role=role, notes=notes,
                                  updated_at=self.clock()).where(
                ApplicationRow.id == app_id).execute()

    def set_status(self, app_id: int, status: Status) -> None:
        with self.write():
            ApplicationRow.update(status=status.value, updated_at=self.clock()).where(
                ApplicationRow.id == app_id).execute()

    def delete_application(self, app_id: int) -> None:
        """Hide the application; :meth:`undelete_application` brings it back whole."""
        with self.write():
            ApplicationRow.update(deleted_at=self.clock()).where(
                ApplicationRow.id == app_id).execute()

    def undelete_application(self, app_id: int) -> None:
        with self.write():
            ApplicationRow.update(deleted_at=None).where(ApplicationRow.id == app_id).execute()

    def purge_deleted(self) -> int:
        with self.write():
            return int(ApplicationRow.delete().where(
                ApplicationRow.deleted_at.is_null(False)).execute())

    # -- rounds -----------------------------------------------------------------------------

    def save_interview(self, app_id: int, interview_id: int | None,
                       spec: InterviewSpec) -> int:
        """Create or replace one round (its people, talking points and promises)."""
        with self.write():
            iid = self._save_interview(app_id, interview_id, spec)
            ApplicationRow.update(updated_at=self.clock()).where(
                ApplicationRow.id == app_id).execute()
            return iid

    def delete_interview(self, interview_id: int) -> None:
        with self.write():
            InterviewRow.delete().where(InterviewRow.id == interview_id).execute()

    def find_interview_by_uid(self, uid: str) -> tuple[int, int] | None:
        """(application id, interview id) of the round imported from invite ``uid``."""
        row = (InterviewRow.select(InterviewRow.application, InterviewRow.id)
               .join(ApplicationRow)
               .where(InterviewRow.uid == uid, ApplicationRow.deleted_at.is_null())
               .tuples().first())
        return (int(row[0]), int(row[1])) if row else None

    def _save_interview(self, app_id: int, interview_id: int | None,
                        spec: InterviewSpec) -> int:
        _check_span(spec.start, spec.decision_by)
        fields = dict(start=spec.start, duration_minutes=spec.duration_minutes,
                      format=spec.format.value, tone=spec.tone.value,
                      decision_by=spec.decision_by, notes=spec.notes,
                      reflection=spec.reflection, uid=spec.uid)
        if interview_id is None:
            iid = int(InterviewRow.create(application=app_id, **fields).id)
        else:
            iid = interview_id
            updated = InterviewRow.update(**fields).where(
                InterviewRow.id == iid, InterviewRow.application == app_id).execute()
            if not updated:
                raise StoreError("That round no longer exists.")
            ParticipantRow.delete().where(ParticipantRow.interview == iid).execute()
            PromiseRow.delete().where(PromiseRow.interview == iid).execute()
        seen: set[int] = set()
        for position, person in enumerate(spec.interviewers):
            pid = self._upsert_person(app_id, person)
            if pid in seen:
                raise StoreError(f"Not saved: {person.name} is listed twice in this round "
                                 "(the same name or email).")
            seen.add(pid)
            part = ParticipantRow.create(interview=iid, person=pid,
                                         main_contact=person.main_contact, position=position)
            for n, text in enumerate(person.talking_points):
                TalkingPointRow.create(participant=part.id, text=text, position=n)
        for promise in spec.promises:
            to_id = self._find_person(app_id, promise.to) if promise.to else None
            PromiseRow.create(interview=iid, person=to_id, what=promise.what)
        return iid

    def _people_of(self, app_id: int) -> list[tuple[int, str, str | None]]:
        """(id, name, email) of an application's people (a handful: compared in Python,
        where case folding knows every script, which SQLite's ``lower()`` does not)."""
        return [(int(i), n, e) for i, n, e in PersonRow.select(
            PersonRow.id, PersonRow.name, PersonRow.email).where(
            PersonRow.application == app_id).order_by(PersonRow.id).tuples()]

    def _find_person(self, app_id: int, who: str | None) -> int | None:
        """The person ``who`` names in an application: their email, else their name."""
        if not who:
            return None
        key = who.casefold()
        people = self._people_of(app_id)
        return next((i for i, _n, e in people if e and e.casefold() == key),
                    next((i for i, n, _e in people if n.casefold() == key), None))

    def _upsert_person(self, app_id: int, spec: PersonSpec) -> int:
        """Match across rounds of one application by email, then by name -- not a name
        whose email differs: that is someone else. A match by name alone (the spec gives
        no email) fills in what the spec leaves blank from what is known, so naming
        someone in a new round never wipes their email or title."""
        people = self._people_of(app_id)
        email = (spec.email or "").casefold()
        name = spec.name.casefold()
        pid = next((i for i, _n, e in people if email and e and e.casefold() == email), None)
        by_name = pid is None
        if by_name:
            pid = next((i for i, n, e in people if n.casefold() == name
                        and (not email or not e)), None)
        fields: dict[str, Any] = dict(name=_one_line(spec.name, "A person's name"),
                                      title=_one_line(spec.title, "A person's title"),
                                      email=spec.email or None, linkedin=spec.linkedin or None,
                                      salutation=spec.salutation or None)
        if pid is None:
            return int(PersonRow.create(application=app_id, **fields).id)
        if by_name:
            known = PersonRow.get_by_id(pid)
            fields = {k: v if v else getattr(known, k) for k, v in fields.items()}
        PersonRow.update(**fields).where(PersonRow.id == pid).execute()
        return pid

    # -- events and messages ----------------------------------------------------------------

    def record_event(self, app_id: int, kind: EventKind, at: dt.datetime, *,
                     says: ReplySays | None = None,
                     decision_by: dt.date | None = None) -> int:
        """An event; a reply may say what it meant (``says``, with the ``decision_by`` a
        decision-date reply gave)."""
        status = {EventKind.REJECTED: Status.REJECTED, EventKind.VERBAL_OFFER: Status.OFFER,
                  EventKind.WITHDRAWN: Status.WITHDRAWN}.get(kind)
        _check_span(at, decision_by)
        if says is not None and kind is not EventKind.REPLY:
            raise StoreError("Only a reply says something (acknowledged, next steps, ...).")
        if (says is ReplySays.DECISION_DATE) != (decision_by is not None):
            raise StoreError("A decision date goes with a reply that gave one, and only then.")
        with self.write():
            eid = int(EventRow.create(application=app_id, kind=kind.value, at=at,
                                      says=says.value if says else None,
                                      decision_by=decision_by).id)
            if status is not None:
                ApplicationRow.update(status=status.value, updated_at=self.clock()).where(
                    ApplicationRow.id == app_id).execute()
            return eid

    def delete_event(self, event_id: int) -> None:
        with self.write():
            EventRow.delete().where(EventRow.id == event_id).execute()

    def record_message(self, app_id: int, kind: Kind, *, person_id: int | None,
                       to: str | None, sent_at: dt.datetime, subject: str = "",
                       body: str = "") -> int:
        _check_span(sent_at)
        with self.write():
            return int(MessageRow.create(application=app_id, kind=kind.value, person=person_id,
                                         to=to, sent_at=sent_at, subject=subject,
                                         body=body).id)

    def delete_message(self, message_id: int) -> None:
        with self.write():
            MessageRow.delete().where(MessageRow.id == message_id).execute()

    def _insert_message(self, app_id: int, msg: MessageSpec) -> None:
        _check_span(msg.sent_at)
        pid = self._find_person(app_id, msg.to) if msg.to else None
        MessageRow.create(application=app_id, kind=msg.kind.value, person=pid, to=msg.to,
                          sent_at=msg.sent_at, subject=msg.subject, body=msg.body)

    # -- follow-up states -------------------------------------------------------------------

    def states(self) -> dict[str, FollowupState]:
        def when(value: str | None) -> dt.datetime | None:
            return None if value is None else dt.datetime.fromisoformat(value)

        out: dict[str, FollowupState] = {}
        for key, n, s, c, sk, d, e, uid in self._rows(FollowupStateRow.select(
                FollowupStateRow.key, FollowupStateRow.notified_at,
                FollowupStateRow.snoozed_until, FollowupStateRow.snooze_count,
                FollowupStateRow.skipped_at, FollowupStateRow.drafted_at,
                FollowupStateRow.exported_at, FollowupStateRow.uid)):
            out[key] = FollowupState(key, when(n), when(s), c, when(sk), when(d), when(e), uid)
        return out

    def window_uids(self, items: Iterable[tuple[int, str]]) -> dict[str, str]:
        """The calendar UID of each window ``(application id, key)``: a random one
        (uuid4) is made and stored the first time a window needs one, so every calendar
        -- an .ics file, the user's CalDAV account -- names the window the same way."""
        wanted = dict((key, app_id) for app_id, key in items)
        known: dict[str, str] = {}
        keys = list(wanted)
        for start in range(0, len(keys), 500):
            for key, uid in FollowupStateRow.select(FollowupStateRow.key, FollowupStateRow.uid
                                                    ).where(FollowupStateRow.key.in_(
                                                        keys[start:start + 500])).tuples():
                if uid:
                    known[key] = uid
        missing = [k for k in keys if k not in known]
        if missing and self.read_only:
            # Nothing can be stored (a read-only folder): UIDs that at least stay the same
            # for every export made from it
            for key in missing:
                known[key] = str(uuid.uuid5(_READ_ONLY_UIDS, key))
        elif missing:
            with self.write():
                for key in missing:
                    uid = str(uuid.uuid4())
                    (FollowupStateRow.insert(key=key, application=wanted[key], uid=uid)
                     .on_conflict(conflict_target=[FollowupStateRow.key],
                                  update={FollowupStateRow.uid: uid})
                     .execute())
                    known[key] = uid
        return known

    def update_states(self, app_id: int, keys: Iterable[str], **changes: Any) -> None:
        """Set fields (``notified_at=...``, ``skipped_at=...``) on the states of ``keys``."""
        allowed = {*STATE_TIMES, "snooze_count"}
        unknown = set(changes) - allowed
        if unknown:
            raise ValueError(f"unknown follow-up state fields: {sorted(unknown)}")
        with self.write():
            for key in keys:
                row = FollowupStateRow.get_or_none(FollowupStateRow.key == key)
                if row is None:
                    FollowupStateRow.create(key=key, application=app_id, **changes)
                else:
                    FollowupStateRow.update(**changes).where(
                        FollowupStateRow.key == key).execute()

    def mark_notified(self, items: Iterable[tuple[int, str]], at: dt.datetime) -> None:
        """Store that these windows were announced — before the notification is shown."""
        with self.write():
            for app_id, key in items:
                (FollowupStateRow.insert(key=key, application=app_id, notified_at=at)
                 .on_conflict(conflict_target=[FollowupStateRow.key],
                              update={FollowupStateRow.notified_at: at})
                 .execute())

    def snooze(self, app_id: int, key: str, until: dt.datetime) -> None:
        """Snooze a window until ``until``. Its notice is forgotten: the window is announced
        again once the snooze ends, whatever the clock said when it was first announced."""
        with self.write():
            row = FollowupStateRow.get_or_none(FollowupStateRow.key == key)
            if row is None:
                FollowupStateRow.create(key=key, application=app_id, snoozed_until=until,
                                        snooze_count=1)
            else:
                FollowupStateRow.update(snoozed_until=until, notified_at=None,
                                        snooze_count=FollowupStateRow.snooze_count + 1).where(
                    FollowupStateRow.key == key).execute()

    # -- drafts -----------------------------------------------------------------------------

    def load_draft(self, key: str, person_id: int | None) -> StoredDraft | None:
        row = DraftRow.get_or_none(DraftRow.key == key, DraftRow.person_id == (person_id or 0))
        return None if row is None else _stored_draft(row)

    def save_draft(self, app_id: int, key: str, person_id: int | None, *, subject: str,
                   body: str, attachments: Iterable[str] = ()) -> None:
        now = self.clock()
        with self.write():
            (DraftRow.insert(key=key, application=app_id, person_id=person_id or 0,
                             subject=subject, body=body,
                             attachments=json.dumps(list(attachments)), updated_at=now)
             .on_conflict(conflict_target=[DraftRow.key, DraftRow.person_id],
                          update={DraftRow.subject: subject, DraftRow.body: body,
                                  DraftRow.attachments: json.dumps(list(attachments)),
                                  DraftRow.updated_at: now})
             .execute())
            (FollowupStateRow.insert(key=key, application=app_id, drafted_at=now)
             .on_conflict(conflict_target=[FollowupStateRow.key],
                          update={FollowupStateRow.drafted_at: now})
             .execute())

    def discard_draft(self, key: str, person_id: int | None) -> None:
        with self.write():
            DraftRow.delete().where(DraftRow.key == key,
                                    DraftRow.person_id == (person_id or 0)).execute()
            DraftBasisRow.delete().where(DraftBasisRow.key == key,
                                         DraftBasisRow.person_id == (person_id or 0)).execute()

    def load_draft_basis(self, key: str, person_id: int | None) -> dict[str, str] | None:
        """What the saved draft was made from (``compose.basis``), if it was recorded."""
        row = DraftBasisRow.get_or_none(DraftBasisRow.key == key,
                                        DraftBasisRow.person_id == (person_id or 0))
        if row is None:
            return None
        value = json.loads(row.basis)
        return {str(k): str(v) for k, v in value.items()} if isinstance(value, dict) else None

    def save_draft_basis(self, app_id: int, key: str, person_id: int | None,
                         basis: Mapping[str, str]) -> None:
        text = json.dumps(dict(basis), sort_keys=True, ensure_ascii=False)
        with self.write():
            (DraftBasisRow.insert(key=key, application=app_id, person_id=person_id or 0,
                                  basis=text)
             .on_conflict(conflict_target=[DraftBasisRow.key, DraftBasisRow.person_id],
                          update={DraftBasisRow.basis: text})
             .execute())

    # -- profile, settings, words -----------------------------------------------------------

    def _raw_settings(self) -> dict[str, Any]:
        return {k: json.loads(v) for k, v in SettingRow.select(SettingRow.key,
                                                                SettingRow.value).tuples()}

    def profile(self) -> Profile:
        raw = self._raw_settings()
        return Profile(**{k: str(raw.get(f"profile.{k}", "") or "") for k in PROFILE_KEYS})

    def save_profile(self, profile: Profile) -> None:
        with self.write():
            for k in PROFILE_KEYS:
                self._put(f"profile.{k}", getattr(profile, k))

    def settings(self) -> Settings:
        return settings_from(self._raw_settings())

    def save_settings(self, settings: Settings) -> None:
        with self.write():
            for key, value in settings_to_dict(settings).items():
                self._put(key, value)

    def set_setting(self, key: str, value: Any) -> Settings:
        spec = SPEC_BY_KEY[key]
        parsed = spec.parse(value)
        with self.write():
            self._put(key, parsed)
        return replace(self.settings())

    def _put(self, key: str, value: Any) -> None:
        (SettingRow.insert(key=key, value=json.dumps(value))
         .on_conflict_replace().execute())

    def get_value(self, key: str, default: T) -> T:
        row = SettingRow.get_or_none(SettingRow.key == key)
        return default if row is None else json.loads(row.value)

    def set_value(self, key: str, value: Any) -> None:
        with self.write():
            self._put(key, value)

    def is_sample_data(self) -> bool:
        """This folder holds the made-up sample data: a Followup on it is for looking
        around -- no tray, no desktop reminders, no change to the start-at-login entry."""
        return bool(self.get_value(SAMPLE_DATA_KEY, False))

    def words(self) -> set[str]:
        return {w for (w,) in WordRow.select(WordRow.word).tuples()}

    def add_word(self, word: str) -> None:
        with self.write():
            WordRow.insert(word=word).on_conflict_ignore().execute()

    def application_heads(self) -> list[tuple[int, str, str, str]]:
        """``(id, company, role, status)`` of every application not deleted, by id: what
        matching an invite to an application needs, without reading every record."""
        return [(int(i), c, r, s) for i, c, r, s in ApplicationRow.select(
            ApplicationRow.id, ApplicationRow.company, ApplicationRow.role,
            ApplicationRow.status).where(ApplicationRow.deleted_at.is_null())
            .order_by(ApplicationRow.id).tuples()]


def _span_checked(clock: Callable[[], dt.datetime]) -> Callable[[], dt.datetime]:
    """The store's clock stamps its writes (created, updated, ...): one outside the span
    Followup keeps (set before 1970, or a dead clock battery) makes the write fail in words
    rather than store a 1969 date that every later read would trip over. Each call reads
    the clock once, as before."""
    if getattr(clock, "span_checked", False):
        return clock

    def checked() -> dt.datetime:
        now = clock()
        if not in_span(now):
            raise StoreError(f"Not saved: the computer's clock says "
                             f"{now.date().isoformat()}; {SPAN_REASON}. Set the date and "
                             "time, then try again.")
        return now

    checked.span_checked = True
    return checked


def _one_line(text: str, what: str) -> str:
    """The one rule for one-line fields (``guards.check_line``): the store holds no name
    with a line break or a hidden character, whichever way it came in (dialog, data file,
    invitation, spreadsheet)."""
    from followup_desktop.guards import FieldError, check_line

    try:
        return check_line(text or "", what)
    except FieldError as exc:
        raise StoreError(f"Not saved: {exc}.") from None


def _imported_attachments(names: Iterable[str]) -> list[str]:
    """A file's drafts keep only attachments under the data folder."""
    from followup_desktop.guards import imported_attachment_refusal

    return [a for a in names if imported_attachment_refusal(a) is None]


def _stored_draft(row: DraftRow) -> StoredDraft:
    return StoredDraft(row.key, row.person_id or None, row.subject, row.body,
                       tuple(json.loads(row.attachments)), row.updated_at)


def _write_error(exc: pw.OperationalError) -> StoreError:
    text = str(exc)
    if "full" in text:
        return StoreError("Not saved: the disk is full. Free some space and save again — "
                          "your text is still here.")
    if "readonly" in text:
        return StoreError("Not saved: Followup's data folder is read-only.")
    if "locked" in text or "busy" in text:
        return StoreError("Not saved: another Followup kept this data folder busy for "
                          "too long. Try again in a moment.")
    if "I/O" in text or "disk" in text:
        return StoreError(f"Not saved: the disk reported an error ({text}).")
    return StoreError(f"Not saved: {text}")


def open_store(path: Path, *, read_only: bool = False,
               clock: Callable[[], dt.datetime] = _now) -> Store:
    db = connection.connect(Path(path), read_only=read_only)
    return Store(db, Path(path), read_only=read_only, clock=clock)
