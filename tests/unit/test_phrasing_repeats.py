"""Issue 17 item 4: no phrase of a template's own wording appears twice in one note ("the
time you gave me ... the time you gave me"), for every phrasing, tone, kind and input; and
a formal note greets by the recorded salutation, or by the full name when none is recorded
(a title or gender is never guessed)."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from followup_desktop.compose.checks import check_context, run_checks
from followup_desktop.compose.render import (
    PHRASINGS,
    compose_drafts,
    render_template,
    template_context,
    template_name,
)
from followup_desktop.records import Kind, Person, Tone
from followup_desktop.settings import Settings
from tests.helpers.compose_records import (
    DANA,
    LEE,
    NOW,
    PROFILE,
    SAM,
    make_app,
    make_round,
    make_window,
    replace,
)

SETTINGS = Settings()
N = 4  # a run of this many words of the template's own text must not come twice
_WORD = re.compile(r"[a-z']+")
COMPANIES = ["Northwind Analytics", "Contoso", "Fabrikam Labs", "Tailspin"]
ROLES = ["Data Engineer", "Staff Engineer", "Product Designer", "Analyst"]


def _repeats(body: str, inputs: list[str]) -> set[tuple[str, ...]]:
    masked = body.casefold()
    for text in sorted(inputs, key=len, reverse=True):  # what the user typed is theirs
        if text.strip():
            masked = masked.replace(text.casefold(), " | ")
    seen: set[tuple[str, ...]] = set()
    twice: set[tuple[str, ...]] = set()
    for chunk in masked.split("|"):
        words = _WORD.findall(chunk)
        for i in range(len(words) - N + 1):
            gram = tuple(words[i:i + N])
            (twice if gram in seen else seen).add(gram)
    return twice


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(kind=st.sampled_from([k for k in Kind if k is not Kind.DEBRIEF]),
       tone=st.sampled_from(list(Tone)), variant=st.integers(0, PHRASINGS - 1),
       person=st.sampled_from([DANA, SAM, LEE]), company=st.sampled_from(COMPANIES),
       role=st.sampled_from(ROLES))
def test_no_phrase_of_a_template_comes_twice_in_one_note(kind, tone, variant, person, company,
                                                         role):
    app = replace(make_app(make_round(tone)), company=company, role=role)
    window = make_window(app, kind, person, promise_id=5 if kind is Kind.MATERIALS else None)
    variables = dict(template_context(window, app, PROFILE, SETTINGS, NOW))
    variables["variant"] = variant
    rendered = render_template(template_name(kind), variables)
    inputs = [company, role, PROFILE.name, PROFILE.email or "", PROFILE.phone or "",
              person.name, *(p for part in app.interviews[0].participants
                            for p in part.talking_points),
              *(pr.what for pr in app.interviews[0].promises)]
    assert not _repeats(rendered.body, inputs), (kind, tone, variant, rendered.body)


def test_the_note_seen_saying_the_time_you_gave_me_twice_now_says_it_once() -> None:
    app = make_app(make_round(Tone.FORMAL))
    window = make_window(app, Kind.THANK_YOU, SAM)
    variables = dict(template_context(window, app, PROFILE, SETTINGS, NOW))
    variables["variant"] = 4  # the formal phrasing that opened and closed with it
    body = render_template(template_name(Kind.THANK_YOU), variables).body
    assert body.count("the time you gave me") == 1, body


@pytest.mark.parametrize(("salutation", "greeting"), [
    (None, "Dear Jonas Weber,"),  # none recorded: the full name, no guessed Mr./Ms.
    ("Mr.", "Dear Mr. Weber,"),
    ("Mr", "Dear Mr. Weber,"),
    ("Herr", "Dear Herr Weber,"),
    ("Dr. Weber", "Dear Dr. Weber,"),
    ("Jonas", "Dear Jonas,"),  # they asked to be called so
])
def test_a_formal_note_greets_by_the_recorded_salutation(salutation, greeting) -> None:
    jonas = Person(1, "Jonas Weber", "Engineering Manager", "jonas@northwind.example",
                   salutation=salutation)
    app = make_app(make_round(Tone.FORMAL), people=(jonas, SAM, LEE))
    app = replace(app, interviews=(replace(app.interviews[0], participants=tuple(
        replace(p, person=jonas) if p.person.id == 1 else p
        for p in app.interviews[0].participants)),))
    window = make_window(app, Kind.THANK_YOU, jonas)
    (draft,) = compose_drafts([window], app, PROFILE, SETTINGS, NOW)
    assert draft.body.splitlines()[0] == greeting
    cctx = check_context(draft, app, PROFILE, SETTINGS, NOW, [draft])
    tone = next(r for r in run_checks(draft, cctx) if r.id == "tone")
    assert tone.ok, tone
    if salutation is None:  # and the check says how to write "Dear Mr. Weber"
        assert "salutation" in tone.reason and "Weber" in tone.reason
