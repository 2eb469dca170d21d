"""What every draft check shares: its result, the context it judges in, the patterns
several checks use, and the titles shown in the composer's check list."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from followup_desktop.compose.model import Draft
from followup_desktop.records import (
    Application,
    Interview,
    Kind,
    Message,
    Person,
    Profile,
)
from followup_desktop.settings import Settings


@dataclass(frozen=True, slots=True)
class CheckResult:
    id: str
    title: str
    ok: bool
    reason: str
    blocking: bool = False
    spans: tuple[tuple[int, int, str], ...] = ()  # body offsets to underline (spelling)


@dataclass(frozen=True, slots=True)
class CheckContext:
    """What the checks need besides the draft itself."""

    app: Application
    profile: Profile
    settings: Settings
    now: dt.datetime
    interview: Interview | None = None
    person: Person | None = None
    others: tuple[Draft, ...] = ()  # the other drafts of the same round and kind
    messages: tuple[Message, ...] | None = None  # sent so far; None: the app's
    user_words: frozenset[str] = field(default_factory=frozenset)

    @property
    def sent(self) -> tuple[Message, ...]:
        return self.app.messages if self.messages is None else self.messages


def check_context(draft: Draft, app: Application, profile: Profile, settings: Settings,
                  now: dt.datetime, drafts: Iterable[Draft] = (),
                  user_words: Iterable[str] = ()) -> CheckContext:
    """A context for ``draft``: its round and person from the records, and, among
    ``drafts``, those of the same round and kind to other people (for the panel check)."""
    interview = next((iv for iv in app.interviews if iv.id == draft.interview_id), None)
    others = tuple(
        d for d in drafts
        if d.window_key != draft.window_key and d.kind is draft.kind
        and d.interview_id == draft.interview_id and d.person_id != draft.person_id)
    return CheckContext(app=app, profile=profile, settings=settings, now=now,
                        interview=interview, person=app.person(draft.person_id),
                        others=others, user_words=frozenset(w.lower() for w in user_words))


Check = Callable[[Draft, CheckContext], CheckResult]
_EMAIL = re.compile(r"^[^@\s,;:<>()\[\]\\\"]+@[^@\s,;:<>()\[\]\\\"]+\.[^@\s,;:<>()\[\]\\\".]+$")
_PLACEHOLDERS = re.compile(
    r"\[[^\]\n]{1,60}\]|\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}|<[A-Za-z][\w .'’-]{0,40}>"
    r"|\b(?:TODO|TBD|XXX|FIXME)\b|\{[A-Za-z_ ]{1,40}\}", re.S)
_DECISION_ASK = re.compile(
    r"\bwhen\b[^.?!\n]{0,60}\b(?:hear|decision|decide|decided|know|update|news|expect)"
    r"|\bhear back\b|\b(?:timeline|timeframe|time frame)\b"
    r"|\b(?:any|an) (?:update|news)\b|\bdecision\b[^.!\n]{0,60}\?"
    r"|\b(?:next steps?|decision)\b[^.!\n]{0,40}\bwhen\b", re.I)
_HONORIFIC = re.compile(r"^(?:Ms|Mr|Mrs|Mx|Dr|Prof|Miss|Herr|Frau|Mme|Mlle)\.?\s", re.I)
#: A gap left by an empty value: "Thank you — , Data Engineer", "( )", "from" at the end.
_EMPTY_SLOT = re.compile(r"[—–:,-]\s*[,;:]|[—–:-]\s*$|^\s*[,;:—–]|\(\s*\)|\bfrom\s*$", re.I)
_NO_NAME = ("Your name is not set in your profile, so the note cannot be signed and has a "
            "gap where your name belongs: add it in Edit › Settings › Profile.")
_NO_FOLLOWUP_COUNT = (Kind.THANK_YOU, Kind.LINKEDIN_NOTE, Kind.DEBRIEF)


def _result(cid: str, ok: bool, reason: str, spans: tuple[tuple[int, int, str], ...] = (),
            *, blocking: bool = False) -> CheckResult:
    """A check's result; a failing ``placeholders`` check always blocks, others only when
    ``blocking`` says so (a missing profile name fails Signature and Subject outright)."""
    return CheckResult(cid, TITLES[cid], ok, reason,
                       blocking=blocking or cid == "placeholders", spans=spans)


def _na(cid: str, draft: Draft) -> CheckResult:
    phrase = draft.kind.phrase
    note = "" if phrase.endswith("note") else " note"
    return _result(cid, True, f"Does not apply to a {phrase}{note}.")


def _date_text(day: dt.date) -> str:
    return f"{day:%A} {day.day} {day:%B}"


TITLES: dict[str, str] = {
    "placeholders": "No placeholders",
    "personal": "Personal",
    "panel": "Not a copy of a panel note",
    "concise": "Concise",
    "no-decision-ask": "No decision question",
    "check-in-timing": "After the decision date",
    "one-recipient": "One recipient",
    "tone": "Tone",
    "signature": "Signature",
    "subject": "Subject",
    "spelling": "Spelling",
    "promise": "Promise kept",
    "pace": "Not too many follow-ups",
    "voice": "Speaks to them, not about them",
}
