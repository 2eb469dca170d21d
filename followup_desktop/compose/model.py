"""The composer's plain records: a draft, its errors, and the read-only template context.

Everything here is immutable. Templates only ever see the frozen ``*View`` records built by
:func:`followup_desktop.compose.render.template_context`, never database rows.
"""

from __future__ import annotations

from dataclasses import dataclass

from followup_desktop.records import Kind


class DraftError(ValueError):
    """A draft cannot leave the product as asked (bad header value, missing attachment...)."""


@dataclass(frozen=True, slots=True)
class Draft:
    """The text of one follow-up for one recipient."""

    kind: Kind
    window_key: str
    person_id: int | None
    to_name: str
    to_email: str | None
    subject: str
    body: str
    attachments: tuple[str, ...] = ()
    template_problem: str | None = None
    application_id: int | None = None
    interview_id: int | None = None
    company: str = ""
    role: str = ""
    cc: tuple[str, ...] = ()
    bcc: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PersonView:
    """A person as templates see them, in one round."""

    id: int
    name: str
    first_name: str
    last_name: str
    title: str
    email: str | None
    linkedin: str | None
    salutation: str | None
    formal_name: str  # "Dr. Whitfield" with a salutation, else the full name
    main_contact: bool
    talking_points: tuple[str, ...]
    position: int  # 0-based place in the round's list of interviewers (-1: not in it)


@dataclass(frozen=True, slots=True)
class ProfileView:
    name: str
    first_name: str
    email: str
    phone: str
    linkedin: str
    signature: str
    #: the signature starts with its own sign-off ("Warmly,"): the template's is left out
    signs_off: bool = False


@dataclass(frozen=True, slots=True)
class RoundView:
    """One interview round, with dates already written out in the profile's zone."""

    id: int
    date: str  # "Monday 2 March"
    weekday: str  # "Monday"
    when: str  # relative to now: "today", "yesterday", "on Monday", "on Monday 2 March"
    day_part: str  # "morning", "afternoon" or "evening"
    format: str
    formal: bool
    decision_by: str | None  # "Friday 13 March"
    interviewers: tuple[PersonView, ...]
    notes: str
    reflection: str
