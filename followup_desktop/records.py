"""Plain, immutable domain records shared by the store, the schedule, the composer and the UI.

No Qt and no peewee here: the store turns rows into these records, everything else reads
them. All date-times are timezone-aware and in UTC; ``date`` values (a stated decision
date) are read in the profile's time zone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum


class Kind(StrEnum):
    """The follow-up kinds of ``interchange.md``."""

    DEBRIEF = "debrief"
    THANK_YOU = "thank-you"
    MATERIALS = "materials"
    CHECK_IN_1 = "check-in-1"
    CHECK_IN_2 = "check-in-2"
    REJECTION_REPLY = "rejection-reply"
    STAY_IN_TOUCH = "stay-in-touch"
    LINKEDIN_NOTE = "linkedin-note"
    OFFER_CONFIRMATION = "offer-confirmation"

    @property
    def is_email(self) -> bool:
        return self not in (Kind.DEBRIEF, Kind.LINKEDIN_NOTE)

    @property
    def label(self) -> str:
        return KIND_LABELS[self]

    @property
    def phrase(self) -> str:
        """The label inside a sentence: lower case, but "LinkedIn" keeps its capitals."""
        return KIND_LABELS[self].lower().replace("linkedin", "LinkedIn")


KIND_LABELS: dict[Kind, str] = {
    Kind.DEBRIEF: "Debrief",
    Kind.THANK_YOU: "Thank-you",
    Kind.MATERIALS: "Materials",
    Kind.CHECK_IN_1: "Check-in",
    Kind.CHECK_IN_2: "Second check-in",
    Kind.REJECTION_REPLY: "Rejection reply",
    Kind.STAY_IN_TOUCH: "Stay in touch",
    Kind.LINKEDIN_NOTE: "LinkedIn note",
    Kind.OFFER_CONFIRMATION: "Offer confirmation",
}

#: Kinds that are written to another person (everything but the private debrief).
MESSAGE_KINDS = tuple(k for k in Kind if k is not Kind.DEBRIEF)
#: Kinds that leave as an email (.eml, mailto:): not the debrief, not the LinkedIn note.
EMAIL_KINDS = tuple(k for k in Kind if k.is_email)


class Status(StrEnum):
    ACTIVE = "active"
    OFFER = "offer"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    CLOSED_NO_RESPONSE = "closed-no-response"


class Format(StrEnum):
    PHONE = "phone"
    VIDEO = "video"
    ONSITE = "onsite"
    PANEL = "panel"


class Tone(StrEnum):
    FORMAL = "formal"
    CASUAL = "casual"


class EventKind(StrEnum):
    REPLY = "reply"
    REJECTED = "rejected"
    VERBAL_OFFER = "verbal-offer"
    WITHDRAWN = "withdrawn"


class WindowState(StrEnum):
    """The agenda states of ``interchange.md``."""

    UPCOMING = "upcoming"
    OPEN = "open"
    OVERDUE = "overdue"
    SNOOZED = "snoozed"
    EXPIRED = "expired"  # past its kind's last useful moment (listed only when asked for)


class ReplySays(StrEnum):
    """What a reply from the company said (``events[].says``, interchange.md version 2)."""

    ACKNOWLEDGED = "acknowledged"  # check-ins stay planned
    NEXT_STEPS = "next-steps"  # a new round is coming: check-ins cancelled
    DECISION_DATE = "decision-date"  # the round's decision date becomes ``decision_by``
    OTHER = "other"  # as before version 2: check-ins of earlier rounds cancelled


@dataclass(frozen=True, slots=True)
class Person:
    """Someone met in one or more rounds of one application."""

    id: int
    name: str
    title: str = ""
    email: str | None = None
    linkedin: str | None = None
    salutation: str | None = None

    @property
    def first_name(self) -> str:
        return self.name.split()[0] if self.name.split() else self.name

    @property
    def last_name(self) -> str:
        parts = self.name.split()
        return parts[-1] if parts else self.name


@dataclass(frozen=True, slots=True)
class Participant:
    """A person's part in one round: main contact or not, and what they talked about."""

    person: Person
    main_contact: bool = False
    talking_points: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Promise:
    """Something the user said they would send after a round."""

    id: int
    person_id: int | None
    what: str


@dataclass(frozen=True, slots=True)
class Interview:
    """One round of an application."""

    id: int
    start: dt.datetime
    duration_minutes: int = 60
    format: Format = Format.VIDEO
    tone: Tone = Tone.FORMAL
    decision_by: dt.date | None = None
    notes: str = ""
    reflection: str = ""
    participants: tuple[Participant, ...] = ()
    promises: tuple[Promise, ...] = ()
    uid: str | None = None

    @property
    def end(self) -> dt.datetime:
        return self.start + dt.timedelta(minutes=self.duration_minutes)


@dataclass(frozen=True, slots=True)
class Event:
    id: int
    kind: EventKind
    at: dt.datetime
    says: ReplySays | None = None  # replies only; None reads as OTHER
    decision_by: dt.date | None = None  # with ReplySays.DECISION_DATE


@dataclass(frozen=True, slots=True)
class Message:
    """A follow-up the user recorded as sent."""

    id: int
    kind: Kind
    person_id: int | None
    sent_at: dt.datetime
    to: str | None = None
    subject: str = ""
    body: str = ""


@dataclass(frozen=True, slots=True)
class Application:
    id: int
    company: str
    role: str
    status: Status = Status.ACTIVE
    notes: str = ""
    people: tuple[Person, ...] = ()
    interviews: tuple[Interview, ...] = ()  # sorted by start
    events: tuple[Event, ...] = ()  # sorted by time
    messages: tuple[Message, ...] = ()  # sorted by time
    created_at: dt.datetime | None = None

    def person(self, person_id: int | None) -> Person | None:
        for p in self.people:
            if p.id == person_id:
                return p
        return None


@dataclass(frozen=True, slots=True)
class Profile:
    name: str = ""
    email: str = ""
    phone: str = ""
    linkedin: str = ""
    signature: str = ""
    timezone: str = ""  # IANA name; "" means the machine's zone


#: the moments a :class:`FollowupState` records (each None until it happens)
STATE_TIMES = ("notified_at", "snoozed_until", "skipped_at", "drafted_at", "exported_at")


@dataclass(frozen=True, slots=True)
class FollowupState:
    """What the user (or the reminder) did with one window, keyed by ``FollowupWindow.key``."""

    key: str
    notified_at: dt.datetime | None = None
    snoozed_until: dt.datetime | None = None
    snooze_count: int = 0
    skipped_at: dt.datetime | None = None
    drafted_at: dt.datetime | None = None
    exported_at: dt.datetime | None = None
    #: the window's calendar UID (random, made the first time a calendar needs it; kept
    #: across export and import so that a calendar updates its event, never duplicates it)
    uid: str | None = None


@dataclass(frozen=True, slots=True)
class FollowupWindow:
    """One follow-up that should be sent (or a private debrief to write), with its window."""

    key: str
    kind: Kind
    application_id: int
    company: str
    role: str
    opens_at: dt.datetime
    due_at: dt.datetime | None
    state: WindowState
    interview_id: int | None = None
    person_id: int | None = None
    promise_id: int | None = None
    recipient: str | None = None  # the person's name, None for the debrief
    to: str | None = None  # the person's email, None for the debrief or when unknown
    late_until: dt.datetime | None = None  # still worth sending until then
    notified: bool = False
    drafted: bool = False
    exported: bool = False
    snoozed_until: dt.datetime | None = None
    extra: tuple[tuple[str, str], ...] = field(default=())  # e.g. the promise's "what"


def split_window_key(key: str) -> tuple[Kind, int, int | None, int | None, int | None,
                                         str] | None:
    """The parts :func:`window_key` joined -- (kind, application, round, person, promise,
    suffix) -- or None for a key it did not make."""
    parts = key.split(":")
    try:
        kind = Kind(parts[0])
    except ValueError:
        return None
    if len(parts) < 2 or parts[1][:1] != "a" or not parts[1][1:].isdigit():
        return None
    ids: dict[str, int | None] = {"i": None, "p": None, "m": None}
    rest = parts[2:]
    for tag in ("i", "p", "m"):
        if rest and rest[0][:1] == tag and rest[0][1:].isdigit():
            ids[tag] = int(rest[0][1:])
            rest = rest[1:]
    suffix = "".join(f":{r}" for r in rest)
    return kind, int(parts[1][1:]), ids["i"], ids["p"], ids["m"], suffix


def window_key(
    kind: Kind,
    application_id: int,
    interview_id: int | None = None,
    person_id: int | None = None,
    promise_id: int | None = None,
) -> str:
    """The stable identity of a window: the same records always give the same key."""
    parts = [kind.value, f"a{application_id}"]
    if interview_id is not None:
        parts.append(f"i{interview_id}")
    if person_id is not None:
        parts.append(f"p{person_id}")
    if promise_id is not None:
        parts.append(f"m{promise_id}")
    return ":".join(parts)


# --- The span of dates Followup keeps -----------------------------------------------------

#: The years a round, a decision date, an event or a message may fall in. Wider values (a
#: "9999-12-31" placeholder, a "0226" typo) would overflow when the schedule adds days to
#: them, so every way in -- imports, dialogs, the store -- refuses them with this reason.
FIRST_YEAR, LAST_YEAR = 1970, 2100
SPAN_REASON = f"dates must fall between {FIRST_YEAR} and {LAST_YEAR}"


def in_span(value: dt.date) -> bool:
    """``value`` (a date, or a date-time: its UTC date when aware) is in the span kept."""
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        try:
            value = value.astimezone(dt.UTC)
        except OverflowError:
            return False
    return FIRST_YEAR <= value.year <= LAST_YEAR


# --- Input specs: what an import, a dialog or the demo hands to the store -------------------


@dataclass(frozen=True, slots=True)
class PersonSpec:
    name: str
    title: str = ""
    email: str | None = None
    linkedin: str | None = None
    salutation: str | None = None
    main_contact: bool = False
    talking_points: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        # every way in (dialogs, invites, spreadsheets, data files) stores "First Last"
        from followup_desktop.names import natural_name

        object.__setattr__(self, "name", natural_name(self.name))


@dataclass(frozen=True, slots=True)
class PromiseSpec:
    what: str
    to: str | None = None  # the person's email, or their name when they have none

    def __post_init__(self) -> None:
        from followup_desktop.names import natural_name

        if self.to:
            object.__setattr__(self, "to", natural_name(self.to))


@dataclass(frozen=True, slots=True)
class InterviewSpec:
    start: dt.datetime
    duration_minutes: int = 60
    format: Format = Format.VIDEO
    tone: Tone = Tone.FORMAL
    decision_by: dt.date | None = None
    notes: str = ""
    reflection: str = ""
    interviewers: tuple[PersonSpec, ...] = ()
    promises: tuple[PromiseSpec, ...] = ()
    uid: str | None = None


@dataclass(frozen=True, slots=True)
class EventSpec:
    kind: EventKind
    at: dt.datetime
    says: ReplySays | None = None
    decision_by: dt.date | None = None


@dataclass(frozen=True, slots=True)
class MessageSpec:
    kind: Kind
    sent_at: dt.datetime
    to: str | None = None  # email, or the person's name when they have none
    subject: str = ""
    body: str = ""


@dataclass(frozen=True, slots=True)
class WindowRef:
    """A window named by what it is about rather than by database ids -- the data file's
    form of a :attr:`FollowupWindow.key`: its kind, the round's position in the application, the
    person (email, else name), the promise's position in that round, and what follows
    the ids in the key (a check-in's ``":s1"``)."""

    kind: Kind
    round: int | None = None
    person: str | None = None
    promise: int | None = None
    suffix: str = ""


@dataclass(frozen=True, slots=True)
class StateSpec:
    """What was done with one window, for an import: the state's key is made from
    ``window`` in the database it goes to (the one in ``state`` is not used)."""

    window: WindowRef
    state: FollowupState


@dataclass(frozen=True, slots=True)
class DraftSpec:
    """The user's own text of one follow-up for one recipient (email, else name)."""

    window: WindowRef
    to: str | None = None
    subject: str = ""
    body: str = ""
    attachments: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ApplicationSpec:
    company: str
    role: str
    status: Status = Status.ACTIVE
    notes: str = ""
    interviews: tuple[InterviewSpec, ...] = ()
    events: tuple[EventSpec, ...] = ()
    messages: tuple[MessageSpec, ...] = ()
    created_at: dt.datetime | None = None  # when applied (spreadsheet imports); None: now
    followups: tuple[StateSpec, ...] = ()  # snoozed, skipped... (a data file's round trip)
    drafts: tuple[DraftSpec, ...] = ()
