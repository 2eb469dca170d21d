"""Drafts from records: build a read-only context, render the kind's template, tidy the text.

``compose_drafts(windows, app, profile, settings, now, user_templates)`` is the entry point
for the UI and the CLI. A user template (``data_dir/templates/<kind>.txt.j2``) wins over the
default; when it is broken (syntax or render error, over the limits) the default is used and
the draft's ``template_problem`` names the file and line at fault.

Template files: ``<kind>.txt.j2``. The rendered output is the body; the subject is the
top-level variable ``subject`` (``{% set subject %}...{% endset %}``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import traceback
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from followup_desktop.clock import zone
from followup_desktop.compose import render_memo
from followup_desktop.compose.model import Draft, PersonView, ProfileView, RoundView
from followup_desktop.records import (
    Application,
    FollowupWindow,
    Interview,
    Kind,
    Participant,
    Person,
    Profile,
    Tone,
)
from followup_desktop.resources import template_dir
from followup_desktop.settings import Settings

if TYPE_CHECKING:
    from jinja2 import Template

    from followup_desktop.compose.sandbox import FollowupEnvironment

# Jinja2 and the sandbox load with the first template actually rendered: a draft whose
# inputs were rendered before comes from the memo (:mod:`.render_memo`), and the
# template context, talking points and checks need neither.

TEMPLATE_SUFFIX = ".txt.j2"
#: Template names of the kinds (each ``templates/<kind>.txt.j2``).
TEMPLATE_NAMES: Mapping[Kind, str] = MappingProxyType(
    {k: f"{k.value}{TEMPLATE_SUFFIX}" for k in Kind})


@dataclass(frozen=True, slots=True)
class Rendered:
    subject: str
    body: str
    problem: str | None = None  # the user template's fault, when the default was used


def template_name(kind: Kind) -> str:
    return TEMPLATE_NAMES[kind]


def get_environment(user_templates: Path | None = None) -> FollowupEnvironment:
    """The environment for a user template folder (``None``: defaults only)."""
    from followup_desktop.compose.sandbox import environment

    user = user_templates.resolve() if user_templates is not None else None
    return environment(user, template_dir().resolve())


# --------------------------------------------------------------------------- rendering


def render_template(name: str, variables: Mapping[str, Any],
                    user_templates: Path | None = None) -> Rendered:
    """Render one template by name: the user's copy if any, else (or if broken) the default.

    A problem with the default template itself is the product's bug and is raised.
    The same inputs (name, variables, every template file's text, this code) give the
    same text, so a render already made is taken from :mod:`.render_memo`.
    """
    key = render_memo.key(name, variables, user_templates)
    hit = render_memo.get(key)
    if hit is not None:
        return Rendered(*hit)
    rendered = _render_named(name, variables, user_templates)
    render_memo.put(key, (rendered.subject, rendered.body, rendered.problem))
    return rendered


def _render_named(name: str, variables: Mapping[str, Any],
                  user_templates: Path | None) -> Rendered:
    from followup_desktop.compose.sandbox import DEFAULT_PREFIX

    env = get_environment(user_templates)
    if user_templates is not None:
        try:
            rendered = _render(env, env.get_template(name), variables)
            if rendered.subject.strip():
                return rendered
        except Exception as exc:  # a user's template may fail in any way; fall back
            problem = describe_template_error(exc)
        else:  # a draft without a subject cannot be written: the default's subject it is
            default = _render(env, env.get_template(DEFAULT_PREFIX + name), variables)
            return Rendered(default.subject, rendered.body,
                            f"{name}: the template sets no subject ({{% set subject %}}...); "
                            "the default subject was used")
        rendered = _render(env, env.get_template(DEFAULT_PREFIX + name), variables)
        return Rendered(rendered.subject, rendered.body, problem)
    return _render(env, env.get_template(DEFAULT_PREFIX + name), variables)


def render_source(source: str, variables: Mapping[str, Any]) -> Rendered:
    """Render template text (a preview in the template editor, tests) in the same sandbox."""
    env = get_environment(None)
    return _render(env, env.from_string(source), variables)


def _render(env: FollowupEnvironment, template: Template,
            variables: Mapping[str, Any]) -> Rendered:
    from followup_desktop.compose.sandbox import OUTPUT_LIMIT, RenderLimitError, render_budget

    with render_budget() as budget:
        context = template.new_context(dict(variables))
        parts: list[str] = []
        size = 0
        try:
            for chunk in template.root_render_func(context):
                size += len(chunk)
                if size > OUTPUT_LIMIT:
                    raise RenderLimitError(f"the template wrote more than {OUTPUT_LIMIT} "
                                           "characters")
                parts.append(chunk)
            budget.tick()
        except Exception:
            env.handle_exception()  # re-raises with template file names and lines
        subject = context.get_exported().get("subject", "")
    if not isinstance(subject, str):
        subject = str(subject)
    body = tidy_body("".join(parts))
    subject = tidy_subject(subject)
    if len(body.encode("utf-8")) + len(subject.encode("utf-8")) > OUTPUT_LIMIT:
        raise RenderLimitError(f"the draft is larger than {OUTPUT_LIMIT // 1024} KB")
    return Rendered(subject, body)


def describe_template_error(exc: BaseException) -> str:
    """``"thank-you.txt.j2, line 7: 'x' is undefined"``: the file and line at fault."""
    from jinja2 import TemplateSyntaxError

    if isinstance(exc, TemplateSyntaxError):
        where = Path(exc.filename or exc.name or "template").name
        return f"{where}, line {exc.lineno}: {exc.message}"
    frames = [f for f in traceback.extract_tb(exc.__traceback__)
              if f.filename.endswith(".j2")]
    message = str(exc) or type(exc).__name__
    if frames:
        frame = frames[-1]
        return f"{Path(frame.filename).name}, line {frame.lineno}: {message}"
    return f"template: {message}"


_BLANKS = re.compile(r"\n{3,}")
_TRAILING = re.compile(r"[ \t]+\n")


def tidy_body(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _TRAILING.sub("\n", text)
    text = _BLANKS.sub("\n\n", text)
    return text.strip("\n").rstrip() + "\n"


def tidy_subject(text: str) -> str:
    return " ".join(text.split())


# --------------------------------------------------------------------------- context


def _local(value: dt.datetime, tz_name: str) -> dt.datetime:
    return value.astimezone(zone(tz_name))


def _date_text(day: dt.date) -> str:
    return f"{day:%A} {day.day} {day:%B}"


def _formal_name(person: Person) -> str:
    """How a formal note greets ``person``: their recorded salutation with the last name
    ("Dr. Whitfield", "Herr Weber"), or a full form as recorded. With none recorded, a
    title at the start of the name counts as the salutation ("Dr. Ines Moreau" is greeted
    "Dr. Moreau"); with no title either the full name ("Dear Jonas Weber"): the neutral
    formal form, as a title or gender is never guessed; the tone check then suggests
    recording one."""
    sal = (person.salutation or "").strip()
    if not sal:
        titles, rest = _leading_titles(person.name)
        if not titles or not rest:
            return person.name.strip()
        return " ".join([*(_with_dot(t) for t in titles), rest[-1]])
    if " " in sal or sal.lower().rstrip(".") not in _HONORIFICS:
        return sal  # a full form such as "Dr. Whitfield"
    return f"{_with_dot(sal)} {person.last_name}"


def _with_dot(title: str) -> str:
    """"Dr" as "Dr.", "Herr" as it is."""
    return title if title.endswith(".") or title.lower() in _NO_DOT else title + "."


def _leading_titles(name: str) -> tuple[list[str], list[str]]:
    """The titles a name starts with ("Prof. Dr." of "Prof. Dr. Ines Moreau"), and the
    rest of its words."""
    words = name.split()
    n = 0
    while n < len(words) and words[n].lower().rstrip(".") in _HONORIFICS:
        n += 1
    return words[:n], words[n:]


_NO_DOT = frozenset({"miss", "prof", "herr", "frau", "mme", "mlle"})
_HONORIFICS = frozenset({"ms", "mr", "mrs", "mx", "dr"}) | _NO_DOT


def person_view(person: Person, participant: Participant | None, position: int,
                talking_points: tuple[str, ...] | None = None) -> PersonView:
    points = talking_points if talking_points is not None else (
        participant.talking_points if participant else ())
    return PersonView(
        id=person.id,
        name=person.name.strip(),
        first_name=_first_name(person),
        last_name=person.last_name,
        title=person.title,
        email=person.email,
        linkedin=person.linkedin,
        salutation=person.salutation,
        formal_name=_formal_name(person),
        main_contact=bool(participant and participant.main_contact),
        talking_points=tuple(p.strip() for p in points if p.strip()),
        position=position,
    )


def _first_name(person: Person) -> str:
    """The name an informal note greets: the first word after any title ("Hi Ines" for
    "Dr. Ines Moreau")."""
    _titles, rest = _leading_titles(person.name)
    return rest[0] if rest else person.first_name


def profile_view(profile: Profile) -> ProfileView:
    name = profile.name.strip()
    signature = profile.signature.strip()
    return ProfileView(name=name, first_name=name.split()[0] if name.split() else "",
                       email=profile.email.strip(), phone=profile.phone.strip(),
                       linkedin=profile.linkedin.strip(), signature=signature,
                       signs_off=_starts_with_sign_off(signature))


#: closings a signature's first line may be, without their comma ("Warmly", "Best wishes")
_CLOSINGS = frozenset({
    "best", "best regards", "best wishes", "all the best", "warmly", "warm regards",
    "warmest regards", "warm wishes", "kind regards", "kindest regards", "regards",
    "many thanks", "thanks", "thank you", "thanks again", "thanks so much", "with thanks",
    "cheers", "sincerely", "yours sincerely", "sincerely yours", "yours truly",
    "yours faithfully", "respectfully", "take care", "talk soon", "with appreciation",
    "with gratitude", "gratefully", "cordially", "mit freundlichen grüßen",
    "viele grüße", "beste grüße", "liebe grüße", "cordialement",
})


def _starts_with_sign_off(signature: str) -> bool:
    """Whether a signature's first line is a sign-off: a known closing ("Warmly",
    "Kind regards!") or a short line ending with a comma ("Until soon,")."""
    lines = signature.strip().splitlines()
    if not lines:
        return False
    first = " ".join(lines[0].split())
    if first.rstrip(",.!").strip().casefold() in _CLOSINGS:
        return True
    return first.endswith(",") and len(first) <= 40 and len(first.split()) <= 5


def _when(start_local: dt.datetime, now_local: dt.datetime) -> str:
    days = (now_local.date() - start_local.date()).days
    if days == 0:
        return "today"
    if days == 1:
        return "yesterday"
    if 1 < days < 7:
        return f"on {start_local:%A}"
    return f"on {_date_text(start_local.date())}"


def round_view(interview: Interview, tz_name: str, now: dt.datetime) -> RoundView:
    start = _local(interview.start, tz_name)
    hour = start.hour
    part = "morning" if hour < 12 else "afternoon" if hour < 17 else "evening"
    people = tuple(person_view(p.person, p, i) for i, p in enumerate(interview.participants))
    return RoundView(
        id=interview.id,
        date=_date_text(start.date()),
        weekday=f"{start:%A}",
        when=_when(start, _local(now, tz_name)),
        day_part=part,
        format=interview.format.value,
        formal=interview.tone is Tone.FORMAL,
        decision_by=_date_text(interview.decision_by) if interview.decision_by else None,
        interviewers=people,
        notes=interview.notes,
        reflection=interview.reflection,
    )


def interview_for(window: FollowupWindow, app: Application, now: dt.datetime) -> Interview | None:
    """The window's round; else the latest round that has ended; else the latest one."""
    if window.interview_id is not None:
        for iv in app.interviews:
            if iv.id == window.interview_id:
                return iv
    ended = [iv for iv in app.interviews if iv.end <= now]
    pool = ended or list(app.interviews)
    return max(pool, key=lambda iv: iv.start) if pool else None


def _participant(interview: Interview | None, person_id: int | None) -> Participant | None:
    if interview is None:
        return None
    for p in interview.participants:
        if p.person.id == person_id:
            return p
    return None


def talking_points_for(app: Application, interview: Interview | None,
                       person_id: int | None) -> tuple[str, ...]:
    """This round's talking points for the person; else those of their latest round."""
    part = _participant(interview, person_id)
    if part is not None and part.talking_points:
        return part.talking_points
    for iv in sorted(app.interviews, key=lambda i: i.start, reverse=True):
        other = _participant(iv, person_id)
        if other is not None and other.talking_points:
            return other.talking_points
    return ()


def thanks_carrier(interview: Interview) -> Participant | None:
    """Who carries the thanks for interviewers with no email: the main contact, else the
    first interviewer of the round with an email."""
    with_email = [p for p in interview.participants if p.person.email]
    for p in with_email:
        if p.main_contact:
            return p
    return with_email[0] if with_email else None


#: How many phrasings each part of a template keeps (the thank-you note has this many per
#: tone; shorter templates take ``variant % 3``).
PHRASINGS = 6


def _seed(person: Person, company: str, interview: Interview) -> int:
    """A number fixed by what the note is about: the person, the company and the round
    (its start, which survives an export and import; ids do not)."""
    who = (person.email or person.name).strip().casefold()
    text = f"{who}|{company.strip().casefold()}|{interview.start.isoformat()}"
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "big")


def phrasings(app: Application, interview: Interview,
              _memo: dict[int, dict[int, int]] | None = None) -> dict[int, int]:
    """Which phrasing (``0..PHRASINGS-1``) each person of ``interview`` gets.

    Chosen from a hash of recipient, company and round, never at random: the same note
    renders the same way every time, the first interviewer of each company does not get
    the same opening, two people of one round never share a phrasing (up to
    ``PHRASINGS`` people), and a person met again gets another phrasing than in the round
    before.
    """
    memo = {} if _memo is None else _memo
    if interview.id in memo:
        return memo[interview.id]
    memo[interview.id] = {}  # a guard; rounds only look at earlier rounds
    out: dict[int, int] = {}
    taken: set[int] = set()
    earlier = sorted((iv for iv in app.interviews if iv.start < interview.start),
                     key=lambda iv: iv.start, reverse=True)
    for part in interview.participants:
        pid = part.person.id
        before = next((phrasings(app, iv, memo).get(pid) for iv in earlier
                       if any(p.person.id == pid for p in iv.participants)), None)
        seed = _seed(part.person, app.company, interview)
        order = [(seed + k) % PHRASINGS for k in range(PHRASINGS)]
        free = [v for v in order if v not in taken and v != before]
        free = free or [v for v in order if v != before] or order
        out[pid] = free[0]
        taken.add(free[0])
    memo[interview.id] = out
    return out


def template_context(window: FollowupWindow, app: Application, profile: Profile, settings: Settings,
                     now: dt.datetime) -> Mapping[str, Any]:
    """The read-only variables a template sees: frozen views, tuples and strings only."""
    interview = interview_for(window, app, now)
    person = app.person(window.person_id)
    part = _participant(interview, window.person_id)
    position = -1
    if interview is not None and part is not None:
        position = interview.participants.index(part)
    recipient = None
    if person is not None:
        recipient = person_view(person, part, position,
                                talking_points_for(app, interview, person.id))
    rview = round_view(interview, profile.timezone, now) if interview is not None else None
    pass_thanks: tuple[PersonView, ...] = ()
    promises: tuple[str, ...] = ()
    if interview is not None and person is not None:
        carrier = thanks_carrier(interview)
        if window.kind is Kind.THANK_YOU and carrier is not None and carrier.person.id == person.id:
            pass_thanks = tuple(
                person_view(p.person, p, i) for i, p in enumerate(interview.participants)
                if not p.person.email and p.person.id != person.id)
        promises = tuple(pr.what.strip() for pr in interview.promises
                         if pr.person_id == person.id and pr.what.strip())
    promise = dict(window.extra).get("what")
    if promise is None and window.promise_id is not None and interview is not None:
        for pr in interview.promises:
            if pr.id == window.promise_id:
                promise = pr.what.strip()
    formal = rview.formal if rview is not None else True
    round_promises: tuple[str, ...] = ()
    if interview is not None:
        round_promises = tuple(
            f"{pr.what.strip()} (to {_name_of(app, pr.person_id)})" if pr.person_id is not None
            else pr.what.strip() for pr in interview.promises if pr.what.strip())
    return MappingProxyType({
        "kind": window.kind.value,
        "company": app.company.strip(),
        "role": app.role.strip(),
        "recipient": recipient,
        "profile": profile_view(profile),
        "interview": rview,
        "formal": formal,
        "position": max(position, 0),
        "variant": _variant(app, interview, person),
        "pass_thanks_to": pass_thanks,
        "promises": promises,
        "promise": promise,
        "round_promises": round_promises,
        "today": _date_text(_local(now, profile.timezone).date()),
        "linkedin_max_chars": settings.linkedin_note_max_chars,
    })


def _variant(app: Application, interview: Interview | None, person: Person | None) -> int:
    if interview is None or person is None:
        return 0
    found = phrasings(app, interview).get(person.id)
    if found is not None:
        return found
    return _seed(person, app.company, interview) % PHRASINGS  # not among the round's people


def _name_of(app: Application, person_id: int | None) -> str:
    person = app.person(person_id)
    return person.name.strip() if person is not None else "someone"


# --------------------------------------------------------------------------- drafts


def compose_draft(window: FollowupWindow, app: Application, profile: Profile, settings: Settings,
                  now: dt.datetime, user_templates: Path | None = None) -> Draft:
    variables = template_context(window, app, profile, settings, now)
    rendered = render_template(template_name(window.kind), variables, user_templates)
    person = app.person(window.person_id)
    interview = interview_for(window, app, now)
    if window.kind is Kind.DEBRIEF:
        to_name, to_email = profile.name.strip(), None
    else:
        to_name = person.name.strip() if person else (window.recipient or "")
        to_email = window.to if window.to is not None else (person.email if person else None)
    return Draft(
        kind=window.kind,
        window_key=window.key,
        person_id=window.person_id,
        to_name=to_name,
        to_email=to_email,
        subject=rendered.subject,
        body=rendered.body,
        attachments=(),
        template_problem=rendered.problem,
        application_id=app.id,
        interview_id=interview.id if interview is not None else None,
        company=app.company.strip(),
        role=app.role.strip(),
    )


def compose_drafts(windows: FollowupWindow | Iterable[FollowupWindow], app: Application,
                   profile: Profile, settings: Settings, now: dt.datetime,
                   user_templates: Path | None = None) -> list[Draft]:
    """One draft per window (each window has one recipient), in the order given."""
    if isinstance(windows, FollowupWindow):
        windows = (windows,)
    return [compose_draft(w, app, profile, settings, now, user_templates) for w in windows
            if w.application_id == app.id]
