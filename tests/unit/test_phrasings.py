"""Issue 17 item 4: no two notes alike -- several phrasings per template part, chosen
from what the note is about (never at random), and the panel check also compares with
the last note sent to the same person."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from followup_desktop.compose.checks import check_context, run_checks, similarity
from followup_desktop.compose.render import compose_drafts, phrasings
from followup_desktop.records import Application, Kind, Message, Participant, Person, Tone
from followup_desktop.settings import Settings
from tests.helpers.compose_records import (
    DANA,
    NOW,
    PROFILE,
    SAM,
    START,
    make_app,
    make_round,
    make_window,
)

COMPANIES = ("Northwind Analytics", "Contoso", "Fabrikam", "Tailspin Toys", "Litware",
             "Adventure Works", "Wingtip", "Proseware")


def _opening(body: str) -> str:
    return body.split("\n")[2].split(" today")[0].split(" yesterday")[0]


def _first_interviewer_note(company: str, tone: Tone = Tone.FORMAL, kind=Kind.THANK_YOU):  # type: ignore[no-untyped-def]
    person = Person(1, "Dana Whitfield", "Engineering Manager",
                    f"dana@{company.split()[0].lower()}.example", None, "Dr.")
    iv = make_round(tone, participants=(Participant(person, True, ("the data roadmap",)),),
                    promises=())
    app = dataclasses.replace(make_app(iv, people=(person,)), company=company)
    (draft,) = compose_drafts(make_window(app, kind, person), app, PROFILE, Settings(), NOW)
    return draft


@pytest.mark.parametrize("tone", list(Tone))
def test_the_first_interviewer_of_each_company_does_not_get_the_same_opening(tone):
    openings = [_opening(_first_interviewer_note(c, tone).body) for c in COMPANIES]
    assert len(set(openings)) >= 4, openings


SHORTER = [Kind.CHECK_IN_1, Kind.CHECK_IN_2, Kind.STAY_IN_TOUCH, Kind.LINKEDIN_NOTE,
           Kind.MATERIALS, Kind.REJECTION_REPLY]


@pytest.mark.parametrize("kind", SHORTER)
def test_shorter_templates_have_several_phrasings_too(kind):
    def opening(body: str) -> str:
        lines = [ln for ln in body.split("\n") if ln.strip()]
        return (lines[1] if len(lines) > 1 else lines[0])[:60]

    bodies = {opening(_first_interviewer_note(c, kind=kind).body) for c in COMPANIES}
    assert len(bodies) >= 2, bodies


@pytest.mark.parametrize("tone", list(Tone))
@pytest.mark.parametrize("kind", [Kind.THANK_YOU, *SHORTER])
def test_every_phrasing_reads_well_enough_to_pass_the_checks(kind, tone):
    """Whatever phrasing a note gets, the checks about its wording pass."""
    wording = ("placeholders", "personal", "concise", "no-decision-ask", "tone", "signature",
               "subject", "spelling", "voice")
    for company in COMPANIES:
        person = Person(1, "Dana Whitfield", "Engineering Manager",
                        f"dana@{company.split()[0].lower()}.example",
                        "https://www.linkedin.com/in/dana", "Dr.")
        iv = make_round(tone, participants=(Participant(person, True, ("the data roadmap",)),),
                        promises=())
        app = dataclasses.replace(make_app(iv, people=(person,)), company=company)
        (draft,) = compose_drafts(make_window(app, kind, person), app, PROFILE, Settings(),
                                  NOW)
        ctx = check_context(draft, app, PROFILE, Settings(), NOW)
        bad = [r for r in run_checks(draft, ctx) if r.id in wording and not r.ok]
        assert not bad, (company, draft.body, bad)


def test_the_choice_is_fixed_by_what_the_note_is_about_not_random():
    app = make_app()
    window = make_window(app, Kind.THANK_YOU, SAM)
    texts = {compose_drafts(window, app, PROFILE, Settings(), NOW)[0].body for _ in range(20)}
    assert len(texts) == 1
    # an hour later, another day of rendering: the same phrasing
    later = compose_drafts(window, app, PROFILE, Settings(), NOW + dt.timedelta(hours=1))[0]
    assert _opening(later.body) == _opening(texts.pop())


def test_a_panel_of_six_gets_six_phrasings():
    people = tuple(Person(i, f"Person{i} Example", "", f"p{i}@x.example") for i in range(1, 7))
    iv = make_round(participants=tuple(Participant(p, i == 0, (f"topic {i}",))
                                       for i, p in enumerate(people)), promises=())
    app = make_app(iv, people=people)
    assert sorted(phrasings(app, iv).values()) == [0, 1, 2, 3, 4, 5]


def _two_rounds() -> Application:
    first = make_round(interview_id=10, start=START,
                       participants=(Participant(DANA, True, ("the data roadmap",)),),
                       promises=())
    second = make_round(interview_id=11, start=START + dt.timedelta(days=7),
                        participants=(Participant(DANA, True, ("the hiring plan",)),),
                        promises=())
    return make_app(first, second, people=(DANA,))


def test_a_person_met_in_two_rounds_gets_another_phrasing_the_second_time():
    for company in COMPANIES:
        app = dataclasses.replace(_two_rounds(), company=company)
        one, two = app.interviews
        assert phrasings(app, one)[DANA.id] != phrasings(app, two)[DANA.id], company
        now = START + dt.timedelta(days=7, hours=3)
        (d1,) = compose_drafts(make_window(app, Kind.THANK_YOU, DANA, interview_id=10), app,
                               PROFILE, Settings(), now)
        (d2,) = compose_drafts(make_window(app, Kind.THANK_YOU, DANA, interview_id=11), app,
                               PROFILE, Settings(), now)
        assert _opening(d1.body) != _opening(d2.body)


def _panel(app: Application, body: str | None = None):  # type: ignore[no-untyped-def]
    now = START + dt.timedelta(days=7, hours=3)
    (draft,) = compose_drafts(make_window(app, Kind.THANK_YOU, DANA, interview_id=11), app,
                              PROFILE, Settings(), now)
    if body is not None:
        draft = dataclasses.replace(draft, body=body)
    ctx = check_context(draft, app, PROFILE, Settings(), now)
    return draft, next(r for r in run_checks(draft, ctx) if r.id == "panel")


def test_the_panel_check_compares_with_the_last_note_sent_to_the_same_person():
    app = _two_rounds()
    (sent,) = compose_drafts(make_window(app, Kind.THANK_YOU, DANA, interview_id=10), app,
                             PROFILE, Settings(), START + dt.timedelta(hours=3))
    message = Message(1, Kind.THANK_YOU, DANA.id, START + dt.timedelta(hours=4), DANA.email,
                      sent.subject, sent.body)
    app = dataclasses.replace(app, messages=(message,))
    draft, result = _panel(app)
    assert result.ok, result.reason
    assert similarity(draft.body, sent.body) < Settings().panel_similarity
    # the user pastes last week's note: the check says so, naming the person and the day
    _, copied = _panel(app, body=sent.body)
    assert not copied.ok
    assert "you sent Dana Whitfield on Monday 2 March" in copied.reason
