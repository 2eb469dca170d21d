"""The checks of what a note says: no placeholders, personal, not a copy of another
note, concise, no decision question, the promise kept, and in the recipient's voice."""

from __future__ import annotations

import re
from collections.abc import Iterable

from followup_desktop.clock import zone
from followup_desktop.compose.check_base import (
    _DECISION_ASK,
    _EMPTY_SLOT,
    _NO_NAME,
    _PLACEHOLDERS,
    CheckContext,
    CheckResult,
    _date_text,
    _na,
    _result,
)
from followup_desktop.compose.check_text import (
    paragraphs,
    sentences,
    similarity,
    split_body,
    uses_phrase,
    words,
)
from followup_desktop.compose.model import Draft
from followup_desktop.compose.render import talking_points_for
from followup_desktop.records import (
    Kind,
    Message,
    Promise,
)


def check_placeholders(draft: Draft, ctx: CheckContext) -> CheckResult:
    cid = "placeholders"
    found = [m.group() for m in _PLACEHOLDERS.finditer(draft.body)]
    found += [m.group() for m in _PLACEHOLDERS.finditer(draft.subject)]
    if draft.kind.is_email and not draft.subject.strip():
        return _result(cid, False, "The subject is empty.")
    if not draft.body.strip():
        return _result(cid, False, "The message is empty.")
    if draft.kind is not Kind.DEBRIEF and not ctx.profile.name.strip():
        return _result(cid, False, _NO_NAME)
    if found:
        shown = ", ".join(dict.fromkeys(found[:5]))
        return _result(cid, False, f"Fill in or remove the placeholder text: {shown}.")
    if draft.kind.is_email and _EMPTY_SLOT.search(draft.subject):
        return _result(cid, False, f"The subject has a gap where a value is missing: "
                       f"\u201c{draft.subject.strip()}\u201d.")
    return _result(cid, True, "No placeholder text is left.")


def _points(draft: Draft, ctx: CheckContext) -> tuple[str, ...]:
    return talking_points_for(ctx.app, ctx.interview, draft.person_id)


def check_personal(draft: Draft, ctx: CheckContext) -> CheckResult:
    cid = "personal"
    person = ctx.person
    if draft.kind is Kind.DEBRIEF:
        return _na(cid, draft)
    if person is None:
        return _result(cid, False, "The note is not addressed to a recorded person.")
    names = {person.first_name, person.last_name, person.name.strip()}
    if person.salutation:
        names.add(person.salutation.strip())
    if not any(n and re.search(rf"(?<!\w){re.escape(n)}(?!\w)", draft.body) for n in names):
        return _result(cid, False, f"The note does not name {person.name}.")
    if draft.kind not in (Kind.THANK_YOU, Kind.LINKEDIN_NOTE):
        return _result(cid, True, f"Addressed to {person.name} by name.")
    points = _points(draft, ctx)
    if not points:
        return _result(cid, False, f"No talking points are recorded for {person.name}: add two "
                       "or three things they said, so the note is specific to them.")
    if not any(uses_phrase(draft.body, p) for p in points):
        return _result(cid, False, f"The note uses none of {person.first_name}'s talking "
                       f"points, e.g. \u201c{points[0]}\u201d.")
    return _result(cid, True, f"Names {person.first_name} and refers to something they said.")


def last_sent_to(draft: Draft, ctx: CheckContext) -> Message | None:
    """The last note recorded as sent to the draft's person (with its text), if any."""
    if draft.person_id is None:
        return None
    sent = [m for m in ctx.sent if m.person_id == draft.person_id and m.body.strip()
            and m.sent_at <= ctx.now]
    return max(sent, key=lambda m: m.sent_at) if sent else None


def check_panel(draft: Draft, ctx: CheckContext) -> CheckResult:
    cid = "panel"
    last = last_sent_to(draft, ctx)
    if not ctx.others and last is None:
        return _result(cid, True, "No other note of this round to compare with.")
    limit = ctx.settings.panel_similarity
    if last is not None:
        ratio = similarity(draft.body, last.body)
        if ratio > limit:
            day = last.sent_at.astimezone(zone(ctx.profile.timezone)).date()
            who = draft.to_name or "this person"
            return _result(cid, False, f"This note is {ratio:.0%} like the one you sent "
                           f"{who} on {_date_text(day)}; write something new this time.")
    worst, worst_to = 0.0, ""
    for other in ctx.others:
        ratio = similarity(draft.body, other.body)
        if ratio > worst:
            worst, worst_to = ratio, other.to_name
    if worst > limit:
        return _result(cid, False, f"This note is {worst:.0%} like the one to {worst_to}; "
                       "panels compare notes, so make each one personal.")
    if not ctx.others:
        return _result(cid, True, "Different enough from your last note to "
                       f"{draft.to_name or 'them'}.")
    return _result(cid, True, f"Different enough from the other notes of the round "
                   f"(at most {worst:.0%} alike).")


def check_concise(draft: Draft, ctx: CheckContext) -> CheckResult:
    cid = "concise"
    s = ctx.settings
    if draft.kind is Kind.LINKEDIN_NOTE:
        n = len(draft.body.strip())
        if n > s.linkedin_note_max_chars:
            return _result(cid, False, f"A LinkedIn note holds at most "
                           f"{s.linkedin_note_max_chars} characters; this one has {n}.")
        return _result(cid, True, f"{n} of {s.linkedin_note_max_chars} characters.")
    if draft.kind is not Kind.THANK_YOU:
        return _na(cid, draft)
    core = split_body(draft.body).core
    n_words, n_sent, n_par = len(words(core)), sentences(core), paragraphs(core)
    problems = []
    if n_words > s.thank_you_max_words:
        problems.append(f"{n_words} words (keep it under {s.thank_you_max_words})")
    if n_sent < s.thank_you_min_sentences:
        problems.append(f"only {n_sent} sentence{'s' if n_sent != 1 else ''} (aim for "
                        f"{s.thank_you_min_sentences}-{s.thank_you_max_sentences})")
    elif n_sent > s.thank_you_max_sentences:
        problems.append(f"{n_sent} sentences (aim for {s.thank_you_min_sentences}-"
                        f"{s.thank_you_max_sentences})")
    if n_par > s.thank_you_max_paragraphs:
        problems.append(f"{n_par} paragraphs (at most {s.thank_you_max_paragraphs})")
    if problems:
        return _result(cid, False, "A thank-you note should be short: " + "; ".join(problems)
                       + ".")
    return _result(cid, True, f"{n_sent} sentences, {n_words} words.")


def check_no_decision_ask(draft: Draft, ctx: CheckContext) -> CheckResult:
    cid = "no-decision-ask"
    if draft.kind is not Kind.THANK_YOU:
        return _na(cid, draft)
    m = _DECISION_ASK.search(draft.body)
    if m:
        return _result(cid, False, f"A thank-you note should not ask about the decision yet "
                       f"(\u201c{m.group().strip()}\u201d); save it for the check-in.")
    return _result(cid, True, "Does not ask when the decision will come.")


def _promises_to(ctx: CheckContext, person_id: int | None) -> list[Promise]:
    if ctx.interview is None or person_id is None:
        return []
    return [p for p in ctx.interview.promises if p.person_id == person_id and p.what.strip()]


def check_promise(draft: Draft, ctx: CheckContext) -> CheckResult:
    cid = "promise"
    if draft.kind not in (Kind.THANK_YOU, Kind.MATERIALS):
        return _na(cid, draft)
    promises = _promises_to(ctx, draft.person_id)
    if not promises:
        return _result(cid, True, "Nothing was promised to this person.")
    if draft.kind is Kind.MATERIALS and not draft.attachments:
        return _result(cid, False, f"Attach {promises[0].what.strip()} before sending.")
    if draft.attachments:
        return _result(cid, True, "The promised material is attached.")
    missing = [p.what.strip() for p in promises if not uses_phrase(draft.body, p.what)]
    if missing:
        return _result(cid, False, f"You promised {missing[0]}: attach it or say when it "
                       "will follow.")
    return _result(cid, True, "The note mentions what you promised.")


#: Third-person words that, inside a recipient's own talking point, talk *about* them.
_PRONOUN = re.compile(r"(?<![\w'’-])(she|her|hers|herself|he|him|his|himself|they|them|their"
                      r"|theirs|themselves)(?![\w'’-])", re.I)
_SECOND_PERSON = {"she": "you", "he": "you", "they": "you", "him": "you", "them": "you",
                  "her": "your", "his": "your", "their": "your", "hers": "yours",
                  "theirs": "yours", "herself": "yourself", "himself": "yourself",
                  "themselves": "yourself"}


def _phrase_pattern(phrase: str) -> re.Pattern[str] | None:
    tokens = phrase.split()
    if not tokens:
        return None
    return re.compile(r"(?<!\w)" + r"\s+".join(re.escape(t) for t in tokens) + r"(?!\w)",
                      re.I)


def pronoun_spans(body: str, points: Iterable[str]) -> list[tuple[int, int, str]]:
    """(start, end, word) of each third-person pronoun inside a talking point as it
    appears in ``body``."""
    spans: list[tuple[int, int, str]] = []
    for point in points:
        pattern = _phrase_pattern(point)
        if pattern is None or not _PRONOUN.search(point):
            continue
        for m in pattern.finditer(body):
            for p in _PRONOUN.finditer(m.group()):
                spans.append((m.start() + p.start(), m.start() + p.end(), p.group()))
    return sorted(set(spans))


def check_voice(draft: Draft, ctx: CheckContext) -> CheckResult:
    cid = "voice"
    person = ctx.person
    if draft.kind is Kind.DEBRIEF or person is None:
        return _na(cid, draft) if draft.kind is Kind.DEBRIEF else _result(
            cid, True, "The note is not addressed to a recorded person.")
    spans = tuple(pronoun_spans(draft.body, _points(draft, ctx)))
    if spans:
        word = spans[0][2]
        better = _SECOND_PERSON.get(word.lower(), "you")
        shown = ", ".join(dict.fromkeys(f"\u201c{w}\u201d" for _, _, w in spans))
        return _result(cid, False, f"This note is to {person.first_name}, but {shown} in "
                       f"{person.first_name}'s own talking points reads as someone else: write "
                       f"\u201c{better}\u201d, or record the point as a noun phrase "
                       "(\u201cthe move from nightly batches to streaming\u201d).", spans)
    return _result(cid, True, f"Talks to {person.first_name}, not about them.")
