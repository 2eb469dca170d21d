"""What an invite says about one round (:class:`InviteGuess`), before anything is saved."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from followup_desktop.records import (
    Format,
    InterviewSpec,
    PersonSpec,
)

# --- records ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class InvitePerson:
    """Someone on the invite (not the user): the organizer or an attendee."""

    name: str
    email: str | None
    organizer: bool = False


@dataclass(frozen=True, slots=True)
class InviteGuess:
    """What one invite says, and Followup's guesses; the preview dialog may change any field."""

    uid: str | None
    summary: str
    start: dt.datetime  # aware UTC
    duration_minutes: int
    zone_name: str  # the zone the invite was written in (IANA name, "UTC", or the TZID)
    company: str = ""
    role: str = ""
    format: Format = Format.VIDEO
    people: tuple[InvitePerson, ...] = ()
    location: str = ""
    url: str = ""
    description: str = ""
    all_day: bool = False
    recurring: bool = False
    cancelled: bool = False
    sequence: int = 0
    notes: tuple[str, ...] = field(default=())  # what the user should check, in words
    #: a follow-up event Followup wrote (its calendar's PRODID, or the event's category and
    #: text): never an interview
    own_calendar: bool = False

    @property
    def end(self) -> dt.datetime:
        return self.start + dt.timedelta(minutes=self.duration_minutes)

    def round_notes(self) -> str:
        """The round's notes: where the invite came from, where it happens, its text."""
        lines = [f"From the invite “{self.summary}”." if self.summary else "From an invite."]
        if self.location:
            lines.append(f"Location: {self.location}")
        if self.url and self.url not in self.location:
            lines.append(f"Link: {self.url}")
        desc = _clean_description(self.description)
        if desc:
            lines += ["", desc]
        return "\n".join(lines)

    def interview_spec(self) -> InterviewSpec:
        interviewers = tuple(
            PersonSpec(name=p.name, email=p.email, main_contact=(i == 0))
            for i, p in enumerate(_main_first(self.people))
        )
        return InterviewSpec(start=self.start, duration_minutes=self.duration_minutes,
                             format=self.format, notes=self.round_notes(),
                             interviewers=interviewers, uid=self.uid)


def _main_first(people: tuple[InvitePerson, ...]) -> list[InvitePerson]:
    """The organizer (usually the recruiter or the interviewer) first: the main contact."""
    return sorted(people, key=lambda p: not p.organizer)


def _clean_description(text: str, limit: int = 1500) -> str:
    """The invite's text without Teams/Zoom boilerplate rulers; capped."""
    lines = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        stripped = line.strip()
        if re.fullmatch(r"[_\-=~.*·]{4,}", stripped):
            continue
        if stripped.startswith("-::~:~::") or stripped.endswith("::~:~::-"):
            continue
        lines.append(line.rstrip())
    out = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    if len(out) > limit:
        out = out[:limit].rstrip() + " …"
    return out
