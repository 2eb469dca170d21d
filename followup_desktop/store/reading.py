"""Reading whole applications: every table's rows of some applications, put together as
records (:class:`~followup_desktop.records.Application`). No Qt here.

Rows are read raw (``Store._rows``) and converted here exactly as the fields would:
``UtcDateTimeField`` -> ``datetime.fromisoformat``, ``IsoDateField`` ->
``date.fromisoformat``, ``BooleanField`` -> ``bool``; text and integer columns come back
from sqlite as they are.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from operator import itemgetter
from typing import Any

import peewee as pw

from followup_desktop.records import (
    Application,
    Event,
    EventKind,
    Format,
    Interview,
    Kind,
    Message,
    Participant,
    Person,
    Promise,
    ReplySays,
    Status,
    Tone,
)
from followup_desktop.store.models import (
    ApplicationRow,
    EventRow,
    InterviewRow,
    MessageRow,
    ParticipantRow,
    PersonRow,
    PromiseRow,
    TalkingPointRow,
)

RowsOf = Callable[[pw.Query], list[tuple[Any, ...]]]
_to_dt = dt.datetime.fromisoformat
_to_date = dt.date.fromisoformat


class _Scope:
    """Which applications are read (a list of ids, an inclusive ``(first, last)`` range,
    or None for all) and how rows are read."""

    def __init__(self, rows_of: RowsOf, ids: list[int] | tuple[int, int] | None) -> None:
        self.rows_of, self.ids = rows_of, ids

    def among(self, field: pw.Field) -> Any:
        if isinstance(self.ids, tuple):
            return field.between(*self.ids)
        return field.in_(self.ids)

    def scoped(self, q: Any, field: pw.Field) -> Any:
        return q.where(self.among(field)) if self.ids is not None else q


def read_applications(rows_of: RowsOf,
                      ids: list[int] | tuple[int, int] | None) -> list[Application]:
    """The applications (not deleted) of ``ids`` -- a list of ids, an inclusive ``(first,
    last)`` range, or None for all -- with their rounds, people, events and messages,
    read by ``rows_of`` as plain tuples (see ``Store._rows``)."""
    scope = _Scope(rows_of, ids)
    app_q = ApplicationRow.select(
        ApplicationRow.id, ApplicationRow.company, ApplicationRow.role,
        ApplicationRow.status, ApplicationRow.notes, ApplicationRow.created_at,
    ).where(ApplicationRow.deleted_at.is_null())
    if ids is not None:
        app_q = app_q.where(scope.among(ApplicationRow.id))
    apps = rows_of(app_q.order_by(ApplicationRow.id))
    if not apps:
        return []
    people, person_by_id = _read_people(scope)
    rows = rows_of(scope.scoped(InterviewRow.select(
        InterviewRow.id, InterviewRow.application, InterviewRow.start,
        InterviewRow.duration_minutes, InterviewRow.format, InterviewRow.tone,
        InterviewRow.decision_by, InterviewRow.notes, InterviewRow.reflection,
        InterviewRow.uid), InterviewRow.application).order_by(InterviewRow.start,
                                                              InterviewRow.id))
    parts, promises = _read_round_people(scope, person_by_id)
    interviews = _interviews(rows, parts, promises)
    events, messages = _read_events(scope), _read_messages(scope)
    status_of = {s.value: s for s in Status}
    empty: tuple[Any, ...] = ()
    return [
        Application(aid, company, role, status_of.get(status) or Status(status), notes,
                    tuple(people.get(aid, empty)), tuple(interviews.get(aid, empty)),
                    tuple(events.get(aid, empty)), tuple(messages.get(aid, empty)),
                    _to_dt(created))
        for aid, company, role, status, notes, created in apps
    ]


def _read_people(scope: _Scope) -> tuple[dict[int, list[Person]], dict[int, Person]]:
    """The people of each application, and every person by id."""
    people: dict[int, list[Person]] = defaultdict(list)
    person_by_id: dict[int, Person] = {}
    for pid, aid, name, title, email, linkedin, salutation in scope.rows_of(scope.scoped(
            PersonRow.select(PersonRow.id, PersonRow.application, PersonRow.name,
                             PersonRow.title, PersonRow.email, PersonRow.linkedin,
                             PersonRow.salutation),
            PersonRow.application).order_by(PersonRow.id)):
        p = Person(pid, name, title, email, linkedin, salutation)
        people[aid].append(p)
        person_by_id[pid] = p
    return people, person_by_id


def _read_round_people(scope: _Scope, person_by_id: dict[int, Person]
                       ) -> tuple[dict[int, list[Participant]], dict[int, list[Promise]]]:
    """Each round's participants (with their talking points) and promises, by round id."""
    points: dict[int, list[str]] = defaultdict(list)
    tp_q = TalkingPointRow.select(TalkingPointRow.participant, TalkingPointRow.position,
                                  TalkingPointRow.text)
    part_q = ParticipantRow.select(ParticipantRow.interview, ParticipantRow.position,
                                   ParticipantRow.id, ParticipantRow.person,
                                   ParticipantRow.main_contact)
    prom_q = PromiseRow.select(PromiseRow.id, PromiseRow.interview, PromiseRow.person,
                               PromiseRow.what)
    if scope.ids is not None:
        # the rounds of these applications, by the interview table's own index
        iids = InterviewRow.select(InterviewRow.id).where(
            scope.among(InterviewRow.application))
        tp_q = tp_q.join(ParticipantRow).where(ParticipantRow.interview.in_(iids))
        part_q = part_q.where(ParticipantRow.interview.in_(iids))
        prom_q = prom_q.where(PromiseRow.interview.in_(iids))
    # Ordered here rather than by ORDER BY: with no index on (parent, position) SQLite
    # sorts through a temporary B-tree, while the rows already come nearly in order
    # (written in position order), which Python's stable sort passes over in one run.
    by_parent_then_position = itemgetter(0, 1)
    tp_rows = scope.rows_of(tp_q)
    tp_rows.sort(key=by_parent_then_position)
    for part_id, _, text in tp_rows:
        points[part_id].append(text)
    parts: dict[int, list[Participant]] = defaultdict(list)
    no_points: tuple[str, ...] = ()
    part_rows = scope.rows_of(part_q)
    part_rows.sort(key=by_parent_then_position)
    for iid, _, part_id, pid, main in part_rows:
        said = points.get(part_id)
        parts[iid].append(Participant(person_by_id[pid], bool(main),
                                      tuple(said) if said else no_points))
    promises: dict[int, list[Promise]] = defaultdict(list)
    for mid, iid, pid, what in scope.rows_of(prom_q.order_by(PromiseRow.id)):
        promises[iid].append(Promise(mid, pid, what))
    return parts, promises


def _interviews(rows: list[tuple[Any, ...]], parts: dict[int, list[Participant]],
                promises: dict[int, list[Promise]]) -> dict[int, list[Interview]]:
    """The rounds of each application, from the interview rows and their people."""
    to_dt, to_date = _to_dt, _to_date
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
    return interviews


def _read_events(scope: _Scope) -> dict[int, list[Event]]:
    to_dt, to_date = _to_dt, _to_date
    events: dict[int, list[Event]] = defaultdict(list)
    says_of = {s.value: s for s in ReplySays}
    for eid, aid, kind, at, says, decided in scope.rows_of(scope.scoped(EventRow.select(
            EventRow.id, EventRow.application, EventRow.kind, EventRow.at,
            EventRow.says, EventRow.decision_by),
            EventRow.application).order_by(EventRow.at, EventRow.id)):
        events[aid].append(Event(eid, EventKind(kind), to_dt(at), says_of.get(says),
                                 None if decided is None else to_date(decided)))
    return events


def _read_messages(scope: _Scope) -> dict[int, list[Message]]:
    to_dt = _to_dt
    messages: dict[int, list[Message]] = defaultdict(list)
    for mid, aid, kind, pid, to, sent, subj, body in scope.rows_of(scope.scoped(
            MessageRow.select(MessageRow.id, MessageRow.application, MessageRow.kind,
                              MessageRow.person, MessageRow.to, MessageRow.sent_at,
                              MessageRow.subject, MessageRow.body),
            MessageRow.application).order_by(MessageRow.sent_at, MessageRow.id)):
        messages[aid].append(Message(mid, Kind(kind), pid, to_dt(sent), to, subj, body))
    return messages
