"""The store's service: plain records out, specs in, every write one transaction."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import peewee as pw

from followup_desktop.bulk import gc_paused
from followup_desktop.records import (
    Application,
    ApplicationSpec,
    EventKind,
    InterviewSpec,
    Kind,
    PersonSpec,
    ReplySays,
    Status,
)
from followup_desktop.settings import SPEC_BY_KEY
from followup_desktop.store import connection
from followup_desktop.store.backup import backup_to
from followup_desktop.store.errors import StoreError
from followup_desktop.store.models import (
    DB,
    ApplicationRow,
    EventRow,
    InterviewRow,
    MessageRow,
    ParticipantRow,
    PersonRow,
    PromiseRow,
    SettingRow,
    TalkingPointRow,
    WordRow,
)
from followup_desktop.store.reading import read_applications
from followup_desktop.store.rules import check_span as _check_span
from followup_desktop.store.rules import one_line as _one_line
from followup_desktop.store.rules import span_checked as _span_checked
from followup_desktop.store.rules import write_error as _write_error
from followup_desktop.store.values import PROFILE_KEYS, SAMPLE_DATA_KEY, Values
from followup_desktop.store.windows import StoredDraft, WindowRecords

if TYPE_CHECKING:
    from followup_desktop.store.attachments import Picks
    from followup_desktop.store.inserts import Inserts

UTC = dt.UTC


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


class Store(WindowRecords, Values):
    """One open database. Create with :func:`open_store`; close with :meth:`close`.

    Split by concern: reading whole applications is :mod:`~followup_desktop.store.reading`,
    new applications are written by :mod:`~followup_desktop.store.inserts`, the window
    states and drafts are :class:`~followup_desktop.store.windows.WindowRecords`, the
    profile, settings and words :class:`~followup_desktop.store.values.Values`."""

    def __init__(self, db: pw.SqliteDatabase, path: Path, *, read_only: bool = False,
                 clock: Callable[[], dt.datetime] = _now) -> None:
        self.db = db
        self.path = path
        self.read_only = read_only
        self.clock = clock  # (every clock set is checked: see the property)
        self.revision = 0  # bumped on every committed write; cheap change detection
        #: ``PRAGMA data_version`` as last seen (:meth:`changed_elsewhere`)
        self._data_version: int | None = None
        self._inserts: Inserts | None = None  # new applications being added (_adding)
        self._picked: Picks | None = None  # the attachments picked here (_picks)

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
    def write(self, *, bump: bool = True) -> Iterator[None]:
        """One immediate transaction; bumps :attr:`revision` when it commits (``bump=False``:
        a write nothing read or cached depends on, see ``Values.note_value``)."""
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
        if bump:
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
        return self._cursor(query).fetchall()

    def _cursor(self, query: pw.Query) -> Any:
        """:meth:`_rows` one at a time (the cursor), for a caller that keeps none of them."""
        sql, params = query.sql()
        return self.db.execute_sql(sql, params)

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
        return read_applications(self._rows, ids)

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
        """No application and no setting (the UID secret every new database is made with
        is not the user's: ``migrations.give_uid_secret``)."""
        from followup_desktop.store.migrations import UID_SECRET_KEY

        return not ApplicationRow.select().exists() and not SettingRow.select().where(
            SettingRow.key != UID_SECRET_KEY).exists()

    # -- applications -----------------------------------------------------------------------

    def add_applications(self, specs: Iterable[ApplicationSpec]) -> list[int]:
        """Add every spec in one transaction: all or nothing."""
        with self.write(), self._adding():
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
        with self.write(), self._adding():
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

    @contextmanager
    def _adding(self) -> Iterator[None]:
        """Inside a write: new applications are kept by :meth:`_insert_application` and
        written in bulk when the block ends (:mod:`followup_desktop.store.inserts`)."""
        from followup_desktop.store.inserts import Inserts

        if self._inserts is not None:  # an outer block writes them
            yield
            return
        self._inserts = Inserts(self.db, self.clock)
        try:
            yield
            self._inserts.flush()
        finally:
            self._inserts = None

    def _insert_application(self, spec: ApplicationSpec) -> int:
        """One new application, its id (within :meth:`_adding`)."""
        if self._inserts is None:
            with self._adding():
                return self._insert_application(spec)
        return self._inserts.add(spec)

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

    def application_heads(self) -> list[tuple[int, str, str, str]]:
        """``(id, company, role, status)`` of every application not deleted, by id: what
        matching an invite to an application needs, without reading every record."""
        return [(int(i), c, r, s) for i, c, r, s in ApplicationRow.select(
            ApplicationRow.id, ApplicationRow.company, ApplicationRow.role,
            ApplicationRow.status).where(ApplicationRow.deleted_at.is_null())
            .order_by(ApplicationRow.id).tuples()]


def open_store(path: Path, *, read_only: bool = False,
               clock: Callable[[], dt.datetime] = _now) -> Store:
    db = connection.connect(Path(path), read_only=read_only)
    return Store(db, Path(path), read_only=read_only, clock=clock)


__all__ = ["PROFILE_KEYS", "SAMPLE_DATA_KEY", "Counts", "ImportOutcome", "Store", "StoredDraft",
           "application_key", "open_store"]
