"""Small builders for domain records, for any test that needs an application.

Every builder has sensible defaults, takes keyword overrides, and gives records that
pass as real ones (aware UTC times, sorted interviews / events / messages)::

    dana = make_person("Dana Whitfield", linkedin="https://www.linkedin.com/in/dana")
    r1 = make_interview(utc(2026, 3, 2, 15), people=[main(dana)], decision_by=date(2026, 3, 13))
    app = make_app(r1, events=[make_event(EventKind.REPLY, utc(2026, 3, 6, 21))],
                   messages=[make_message(Kind.THANK_YOU, utc(2026, 3, 2, 20), dana)])

Ids come from a counter unless given, so records built in one test never collide.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Iterable, Sequence
from zoneinfo import ZoneInfo

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
    Status,
    Tone,
)

UTC = dt.UTC

_ids = itertools.count(1000)


class _Auto:
    """Marks "derive a default" where ``None`` is itself a meaningful value."""

    def __repr__(self) -> str:
        return "AUTO"


AUTO: _Auto = _Auto()


def next_id() -> int:
    return next(_ids)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    """An aware UTC date-time."""
    return dt.datetime(year, month, day, hour, minute, tzinfo=UTC)


def local(zone: str | ZoneInfo, year: int, month: int, day: int, hour: int = 0,
          minute: int = 0, fold: int = 0) -> dt.datetime:
    """A wall time in ``zone`` (first occurrence unless ``fold=1``), as aware UTC."""
    tz = ZoneInfo(zone) if isinstance(zone, str) else zone
    return dt.datetime(year, month, day, hour, minute, tzinfo=tz, fold=fold).astimezone(UTC)


def _email_for(name: str) -> str:
    slug = ".".join(re.sub(r"[^a-z]", "", part) for part in name.lower().split())
    return f"{slug or 'someone'}@example.com"


def make_person(name: str = "Dana Whitfield", *, id: int | None = None,
                email: str | None | _Auto = AUTO, linkedin: str | None = None,
                title: str = "Engineering Manager", salutation: str | None = None) -> Person:
    """A person; ``email`` defaults to one derived from the name, ``None`` means none."""
    return Person(
        id=next_id() if id is None else id,
        name=name,
        title=title,
        email=_email_for(name) if isinstance(email, _Auto) else email,
        linkedin=linkedin,
        salutation=salutation,
    )


def participant(person: Person, *, main: bool = False,
                talking_points: Sequence[str] = ()) -> Participant:
    return Participant(person=person, main_contact=main, talking_points=tuple(talking_points))


def main(person: Person, talking_points: Sequence[str] = ()) -> Participant:
    """``person`` as the round's main contact."""
    return participant(person, main=True, talking_points=talking_points)


def make_promise(person: Person | int | None = None, what: str = "the case study",
                 *, id: int | None = None) -> Promise:
    pid = person.id if isinstance(person, Person) else person
    return Promise(id=next_id() if id is None else id, person_id=pid, what=what)


def make_interview(start: dt.datetime, *, id: int | None = None, duration_minutes: int = 60,
                   people: Iterable[Person | Participant] = (),
                   decision_by: dt.date | None = None, promises: Iterable[Promise] = (),
                   format: Format = Format.VIDEO, tone: Tone = Tone.FORMAL, notes: str = "",
                   reflection: str = "", uid: str | None = None) -> Interview:
    """One round; ``people`` may mix persons (plain interviewers) and participants."""
    parts = tuple(p if isinstance(p, Participant) else participant(p) for p in people)
    return Interview(
        id=next_id() if id is None else id,
        start=start.astimezone(UTC),
        duration_minutes=duration_minutes,
        format=format,
        tone=tone,
        decision_by=decision_by,
        notes=notes,
        reflection=reflection,
        participants=parts,
        promises=tuple(promises),
        uid=uid,
    )


def make_event(kind: EventKind, at: dt.datetime, *, id: int | None = None) -> Event:
    return Event(id=next_id() if id is None else id, kind=kind, at=at.astimezone(UTC))


def make_message(kind: Kind, sent_at: dt.datetime, to: Person | int | str | None = None, *,
                 id: int | None = None, subject: str = "", body: str = "") -> Message:
    """A sent message; ``to`` is a person (id and email), a person id, an email, or nobody."""
    person_id: int | None = None
    email: str | None = None
    if isinstance(to, Person):
        person_id, email = to.id, to.email
    elif isinstance(to, int):
        person_id = to
    elif isinstance(to, str):
        email = to
    return Message(id=next_id() if id is None else id, kind=kind, person_id=person_id,
                   sent_at=sent_at.astimezone(UTC), to=email, subject=subject, body=body)


def make_app(*interviews: Interview, id: int | None = None,
             company: str = "Northwind Analytics", role: str = "Data Engineer",
             status: Status = Status.ACTIVE, events: Iterable[Event] = (),
             messages: Iterable[Message] = (), people: Iterable[Person] | None = None,
             notes: str = "", created_at: dt.datetime | None = None) -> Application:
    """An application; ``people`` defaults to everyone met in its rounds (first seen first)."""
    ivs = tuple(sorted(interviews, key=lambda iv: (iv.start, iv.id)))
    if people is None:
        seen: dict[int, Person] = {}
        for iv in ivs:
            for part in iv.participants:
                seen.setdefault(part.person.id, part.person)
        people = seen.values()
    return Application(
        id=next_id() if id is None else id,
        company=company,
        role=role,
        status=status,
        notes=notes,
        people=tuple(people),
        interviews=ivs,
        events=tuple(sorted(events, key=lambda e: (e.at, e.id))),
        messages=tuple(sorted(messages, key=lambda m: (m.sent_at, m.id))),
        created_at=created_at,
    )
