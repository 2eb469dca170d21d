"""The checks of how a note is addressed, signed and timed: after the decision date, one
recipient, the round's tone, signature, subject, spelling, and not too many follow-ups."""

from __future__ import annotations

import datetime as dt
import re

from followup_desktop.clock import zone
from followup_desktop.compose.check_base import (
    _EMAIL,
    _EMPTY_SLOT,
    _HONORIFIC,
    _NO_FOLLOWUP_COUNT,
    CheckContext,
    CheckResult,
    _date_text,
    _na,
    _result,
)
from followup_desktop.compose.check_text import (
    _GREETING,
    split_body,
)
from followup_desktop.compose.model import Draft
from followup_desktop.compose.spelling import misspelled, word_set
from followup_desktop.records import (
    Kind,
    Person,
    Tone,
)


def check_checkin_timing(draft: Draft, ctx: CheckContext) -> CheckResult:
    cid = "check-in-timing"
    if draft.kind not in (Kind.CHECK_IN_1, Kind.CHECK_IN_2):
        return _na(cid, draft)
    decision = ctx.interview.decision_by if ctx.interview is not None else None
    if decision is None:
        return _result(cid, True, "No decision date was stated for this round.")
    today = ctx.now.astimezone(zone(ctx.profile.timezone)).date()
    if today <= decision:
        return _result(cid, False, f"They said they would decide by {_date_text(decision)}; "
                       "wait until that date has passed before checking in.")
    return _result(cid, True, f"The stated decision date ({_date_text(decision)}) has passed.")


def check_one_recipient(draft: Draft, ctx: CheckContext) -> CheckResult:
    cid = "one-recipient"
    if not draft.kind.is_email:
        return _na(cid, draft)
    if draft.cc or draft.bcc:
        return _result(cid, False, "Send each person their own message: remove the CC and BCC.")
    addr = (draft.to_email or "").strip()
    if not addr:
        who = draft.to_name or "the recipient"
        return _result(cid, False, f"There is no email address for {who}.")
    if not _EMAIL.match(addr):
        return _result(cid, False, f"\u201c{addr}\u201d is not one email address; send one "
                       "message to one person.")
    return _result(cid, True, f"One recipient: {addr}.")


def _expected_formal(person: Person) -> tuple[str, ...]:
    sal = (person.salutation or "").strip()
    if sal:
        if " " in sal or not _HONORIFIC.match(sal + " "):
            return (sal,)
        return (f"{sal.rstrip('.')}. {person.last_name}", f"{sal} {person.last_name}")
    return ()


def check_tone(draft: Draft, ctx: CheckContext) -> CheckResult:
    cid = "tone"
    if draft.kind is Kind.DEBRIEF:
        return _na(cid, draft)
    formal = ctx.interview is None or ctx.interview.tone is Tone.FORMAL
    m = _GREETING.match(draft.body)
    opening = m.group().split(",")[0].strip() if m else draft.body.strip().split("\n")[0][:40]
    person = ctx.person
    word = m.group(1).lower() if m else ""
    if formal:
        if word != "dear":
            want = (f"Dear {_expected_formal(person)[0]}" if person and _expected_formal(person)
                    else "Dear Ms./Mr./Dr. Lastname")
            return _result(cid, False, f"This was a formal round: open with \u201c{want}\u201d,"
                           f" not \u201c{opening}\u201d.")
        if person is not None:
            forms = _expected_formal(person)
            rest = opening[4:].strip()
            if forms and not any(rest.startswith(f) for f in forms):
                return _result(cid, False, f"{person.name} prefers \u201c{forms[0]}\u201d.")
            if person.last_name not in rest and not forms:
                return _result(cid, False, f"Address {person.name} by their last name in a "
                               "formal note.")
            if not forms and not _HONORIFIC.match(rest):
                return _result(cid, True, f"Formal greeting. Tip: record {person.first_name}'s "
                               "salutation (Ms./Mr./Dr.) to write \u201cDear Dr. "
                               f"{person.last_name}\u201d.")
        return _result(cid, True, "Formal greeting for a formal round.")
    if word not in ("hi", "hello", "hey"):
        want = f"Hi {person.first_name}" if person else "Hi"
        return _result(cid, False, f"This was a casual round: open with \u201c{want}\u201d, "
                       f"not \u201c{opening}\u201d.")
    if person is not None and person.first_name not in opening:
        return _result(cid, False, f"Greet {person.name} by their first name.")
    return _result(cid, True, "Casual greeting for a casual round.")


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def check_signature(draft: Draft, ctx: CheckContext) -> CheckResult:
    cid = "signature"
    if not draft.kind.is_email:
        return _na(cid, draft)
    profile = ctx.profile
    if not profile.name.strip():
        return _result(cid, False, "Your name is not set in your profile, so the note "
                       "cannot be signed: add it in Edit › Settings › Profile.", blocking=True)
    parts = split_body(draft.body)
    tail = parts.signature or draft.body.strip().split("\n\n")[-1]
    if profile.name.strip() not in tail:
        return _result(cid, False, f"Sign with your full name ({profile.name.strip()}).")
    has_email = bool(profile.email.strip()) and profile.email.strip().lower() in tail.lower()
    phone = _digits(profile.phone)
    has_phone = len(phone) >= 5 and phone in _digits(tail)
    if not (has_email or has_phone):
        return _result(cid, False, "Add your phone number or email under your name.")
    return _result(cid, True, "Signed with your name and contact details.")


def check_subject(draft: Draft, ctx: CheckContext) -> CheckResult:
    cid = "subject"
    if not draft.kind.is_email:
        return _na(cid, draft)
    subject = draft.subject.strip()
    if not subject:
        return _result(cid, False, "Add a subject.")
    if not ctx.profile.name.strip():
        return _result(cid, False, "Your name is not set in your profile, so the subject "
                       "cannot carry it: add it in Edit › Settings › Profile.", blocking=True)
    if _EMPTY_SLOT.search(subject):
        return _result(cid, False, f"The subject has a gap where a value is missing: "
                       f"\u201c{subject}\u201d.")
    low = subject.lower()
    role = ctx.app.role.strip().lower()
    name = ctx.profile.name.strip().lower()
    if (role and role in low) or (name and name in low):
        return _result(cid, True, "The subject names the role or you.")
    return _result(cid, False, "Name the role or yourself in the subject, so it is easy to "
                   "file.")


def _known_words(draft: Draft, ctx: CheckContext) -> frozenset[str]:
    texts = [ctx.app.company, ctx.app.role, ctx.profile.name, draft.to_name, draft.company,
             draft.role]
    texts += [p.name for p in ctx.app.people]
    texts += [p.title for p in ctx.app.people]
    for iv in ctx.app.interviews:
        for part in iv.participants:
            texts.extend(part.talking_points)
        texts.extend(pr.what for pr in iv.promises)
    return word_set(texts) | ctx.user_words


def check_spelling(draft: Draft, ctx: CheckContext) -> CheckResult:
    cid = "spelling"
    known = _known_words(draft, ctx)
    spans = tuple(misspelled(draft.body, known))
    in_subject = [w for _, _, w in misspelled(draft.subject, known)]
    if spans or in_subject:
        shown = ", ".join(dict.fromkeys([w for _, _, w in spans] + in_subject))
        return _result(cid, False, f"Check the spelling of: {shown}.", spans)
    return _result(cid, True, "No unknown words.")


def check_pace(draft: Draft, ctx: CheckContext) -> CheckResult:
    cid = "pace"
    if draft.kind in _NO_FOLLOWUP_COUNT or draft.person_id is None:
        return _na(cid, draft)
    since = ctx.now - dt.timedelta(days=7)
    recent = [m for m in ctx.sent if m.person_id == draft.person_id
              and m.kind not in _NO_FOLLOWUP_COUNT and since < m.sent_at <= ctx.now]
    limit = ctx.settings.max_messages_per_week
    if len(recent) >= limit:
        return _result(cid, False, f"You already sent {len(recent)} follow-ups to "
                       f"{draft.to_name} in the last 7 days; a {_ordinal(len(recent) + 1)} can "
                       "read as pushy. Consider waiting.")
    return _result(cid, True, f"{len(recent)} follow-up(s) to {draft.to_name or 'them'} in the "
                   "last 7 days.")


def _ordinal(n: int) -> str:
    return {1: "first", 2: "second", 3: "third", 4: "fourth"}.get(n, f"{n}th")
