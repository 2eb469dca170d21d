"""The draft checks of docs/rules.md ("What the composer checks"), plus the pace warning.

``run_checks(draft, context)`` returns one :class:`CheckResult` per check, in the order of
:data:`CHECKS`. Every check gives a reason the user can act on; only the first
(placeholders) blocks export. Checks that do not concern a draft's kind pass with a reason
saying so, so the list always has the same shape.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from followup_desktop.clock import zone
from followup_desktop.compose.model import Draft
from followup_desktop.compose.render import talking_points_for
from followup_desktop.compose.spelling import misspelled, word_set
from followup_desktop.records import (
    Application,
    Interview,
    Kind,
    Message,
    Person,
    Profile,
    Promise,
    Tone,
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


# --------------------------------------------------------------------------- text parts

_GREETING = re.compile(r"^\s*(dear|hi|hello|hey|good (?:morning|afternoon|evening))\b[^\n]*",
                       re.I)
_SIGN_OFF = re.compile(
    r"^\s*(?:(?:best|kind|kindest|warm|warmest|many|with)\s+)?"
    r"(?:regards|wishes|thanks|thank you|sincerely|cheers|best|all the best|yours(?: sincerely"
    r"| truly)?|respectfully|talk soon)\s*[,.!]?\s*$", re.I)
_ABBREV = re.compile(r"\b(?:Mr|Ms|Mrs|Mx|Dr|Prof|St|Jr|Sr|vs|etc|e\.g|i\.e|approx|No)\.", re.I)
_SENTENCE_END = re.compile(r"[.!?]+(?=[\s\"')\]]|$)")
_WORDS = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*")


@dataclass(frozen=True, slots=True)
class Parts:
    greeting: str
    core: str
    signature: str


def split_body(body: str) -> Parts:
    """The greeting line, the message itself, and the sign-off with the signature."""
    lines = body.replace("\r\n", "\n").split("\n")
    start = 0
    while start < len(lines) and not lines[start].strip():
        start += 1
    greeting = ""
    if start < len(lines):
        first = lines[start]
        m = _GREETING.match(first)
        if m and len(first) <= 80 and first.rstrip().endswith((",", ":", "!")):
            greeting = first.strip()
            start += 1
    end = len(lines)
    for i in range(len(lines) - 1, start - 1, -1):
        if _SIGN_OFF.match(lines[i]):
            end = i
            break
    return Parts(greeting, "\n".join(lines[start:end]).strip(),
                 "\n".join(lines[end:]).strip())


def words(text: str) -> list[str]:
    return _WORDS.findall(text)


def sentences(text: str) -> int:
    plain = _ABBREV.sub(lambda m: m.group().replace(".", ""), text)
    return sum(1 for piece in _SENTENCE_END.split(plain) if re.search(r"[^\W\d_]", piece))


def paragraphs(text: str) -> int:
    return sum(1 for p in re.split(r"\n\s*\n", text) if p.strip())


def similarity(a: str, b: str) -> float:
    """How alike two drafts' messages are (0..1), word by word, greeting and signature
    left out: ``difflib`` ratio."""
    wa = [w.lower() for w in words(split_body(a).core)]
    wb = [w.lower() for w in words(split_body(b).core)]
    if not wa and not wb:
        return 1.0
    import difflib  # only when two drafts are compared

    matcher = difflib.SequenceMatcher(None, wa, wb, autojunk=False)
    return matcher.ratio()


_STOP = frozenset("""
the and for with that this from about into your their they them our what when have will
would there here which were been also how its it's of to in on at by an a is are was be as
or we you i my me
""".split())  # noqa: SIM905


def _content_words(text: str) -> list[str]:
    return [w.lower() for w in words(text) if len(w) > 3 and w.lower() not in _STOP]


def uses_phrase(body: str, phrase: str) -> bool:
    """The phrase appears, or at least half of its content words do (edited wording)."""
    if not phrase.strip():
        return False
    if " ".join(phrase.lower().split()) in " ".join(body.lower().split()):
        return True
    wanted = set(_content_words(phrase))
    if not wanted:
        return False
    have = set(_content_words(body))
    return len(wanted & have) * 2 >= len(wanted)


# --------------------------------------------------------------------------- the checks

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


def _result(cid: str, ok: bool, reason: str, spans: tuple[tuple[int, int, str], ...] = ()
            ) -> CheckResult:
    return CheckResult(cid, TITLES[cid], ok, reason, blocking=(cid == "placeholders"),
                       spans=spans)


def _na(cid: str, draft: Draft) -> CheckResult:
    phrase = draft.kind.phrase
    note = "" if phrase.endswith("note") else " note"
    return _result(cid, True, f"Does not apply to a {phrase}{note}.")


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


def _date_text(day: dt.date) -> str:
    return f"{day:%A} {day.day} {day:%B}"


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
        return _result(cid, False, "Your name is not set in your profile.")
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
                       "cannot carry it: add it in Edit › Settings › Profile.")
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

#: The checks in order: the twelve of docs/rules.md, then the pace warning.
CHECKS: tuple[tuple[str, Check], ...] = (
    ("placeholders", check_placeholders),
    ("personal", check_personal),
    ("panel", check_panel),
    ("concise", check_concise),
    ("no-decision-ask", check_no_decision_ask),
    ("check-in-timing", check_checkin_timing),
    ("one-recipient", check_one_recipient),
    ("tone", check_tone),
    ("signature", check_signature),
    ("subject", check_subject),
    ("spelling", check_spelling),
    ("promise", check_promise),
    ("pace", check_pace),
    ("voice", check_voice),
)
CHECK_IDS: tuple[str, ...] = tuple(cid for cid, _ in CHECKS)


def run_checks(draft: Draft, context: CheckContext) -> list[CheckResult]:
    return [check(draft, context) for _, check in CHECKS]


def blocking_problems(results: Iterable[CheckResult]) -> list[CheckResult]:
    """The failed checks that stop an export (today: placeholders only)."""
    return [r for r in results if r.blocking and not r.ok]
