"""Issue 17 item 3: talking points in the recipient's voice, and "Last, First" names
stored as "First Last" at every way in."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from followup_desktop.clock import fixed_clock
from followup_desktop.compose.checks import check_context, pronoun_spans, run_checks
from followup_desktop.compose.eml import build_message
from followup_desktop.compose.render import compose_drafts
from followup_desktop.context import AppContext
from followup_desktop.importers.invite import parse_invite
from followup_desktop.importers.spreadsheet import guess_mapping, plan_import, read_csv
from followup_desktop.interchange import parse_document
from followup_desktop.names import natural_name
from followup_desktop.paths import Paths
from followup_desktop.records import Kind, Participant, PersonSpec, PromiseSpec
from followup_desktop.services.demo import fill_demo
from followup_desktop.settings import Settings
from tests.helpers.compose_records import (
    DANA,
    NOW,
    PROFILE,
    SAM,
    make_app,
    make_round,
    make_window,
)

DATA = Path(__file__).parent / "data" / "invites"


def _voice(points: tuple[str, ...], person=DANA, body_change=None):  # type: ignore[no-untyped-def]
    parts = (Participant(DANA, True, points), Participant(SAM, False, ("the schema registry",)))
    app = make_app(make_round(participants=parts), people=(DANA, SAM))
    (draft,) = compose_drafts(make_window(app, Kind.THANK_YOU, person), app, PROFILE,
                              Settings(), NOW)
    if body_change:
        draft = dataclasses.replace(draft, body=body_change(draft.body))
    ctx = check_context(draft, app, PROFILE, Settings(), NOW)
    (result,) = [r for r in run_checks(draft, ctx) if r.id == "voice"]
    return draft, result


@pytest.mark.parametrize("point,word", [
    ("their move from nightly batches to streaming", "their"),
    ("the on-call rotation she redesigned", "she"),
    ("why he chose Kafka over Kinesis", "he"),
    ("the team that reports to him", "him"),
    ("his plan for the data platform", "his"),
    ("the migration they led last year", "they"),
    ("the budget she got for her team", "her"),
])
def test_a_pronoun_inside_the_recipients_own_talking_point_warns_with_its_span(point, word):
    draft, result = _voice((point, "the schema registry"))
    assert not result.ok
    assert result.title and f"\u201c{word}\u201d" in result.reason
    assert "Dana" in result.reason
    marked = [draft.body[s:e] for s, e, _ in result.spans]
    assert word in [m.lower() for m in marked]
    # every mark is inside the talking point as the note has it
    start = draft.body.lower().index(point.lower())
    assert all(start <= s < e <= start + len(point) for s, e, _ in result.spans)


def test_noun_phrases_pass_and_a_pronoun_outside_a_talking_point_is_fine():
    draft, result = _voice(("the move from nightly batches to streaming",
                            "the redesigned on-call rotation"))
    assert result.ok, result.reason
    draft, result = _voice(("the move from nightly batches to streaming",),
                           body_change=lambda b: b.replace(
                               "Kind regards", "Please thank them for me.\n\nKind regards"))
    assert result.ok


def test_an_edited_note_that_rewrites_the_point_in_second_person_passes():
    point = "their move from nightly batches to streaming"
    _, result = _voice((point,), body_change=lambda b: b.replace(
        point, "your move from nightly batches to streaming"))
    assert result.ok


def test_pronoun_spans_ignore_words_that_only_contain_a_pronoun():
    body = "I liked the theme of the hearing: the theory there."
    assert pronoun_spans(body, ["the theme of the hearing"]) == []
    body = "About their  move\nfrom batches."
    assert pronoun_spans(body, ["their move from batches"]) == [(6, 11, "their")]


def test_the_sample_data_and_the_input_hint_use_noun_phrases(tmp_path):
    ctx = AppContext.open(Paths.for_data_dir(tmp_path / "d"),
                          clock=fixed_clock(dt.datetime(2026, 3, 2, 18, tzinfo=dt.UTC)))
    try:
        fill_demo(ctx.store, ctx.now(), "America/New_York")
        points = [tp for app in ctx.applications() for iv in app.interviews
                  for part in iv.participants for tp in part.talking_points]
    finally:
        ctx.close()
    assert points
    offending = [p for p in points if pronoun_spans(p, [p])]
    assert offending == []
    source = (Path(__file__).resolve().parents[2] / "followup_desktop" / "ui" / "dialogs"
              / "_people.py").read_text()
    hint = source.split("setPlaceholderText(", 1)[1].split(")", 1)[0]
    assert "the move from nightly batches to streaming" in hint
    assert pronoun_spans(hint, [hint.strip('"\n ')]) == []


# --- "Last, First" -----------------------------------------------------------------------


@pytest.mark.parametrize("raw,stored", [
    ("Müller, Katrin", "Katrin Müller"),
    ("  Müller ,  Katrin ", "Katrin Müller"),
    ("von der Leyen, Ursula", "Ursula von der Leyen"),
    ("Dr. Müller, Katrin", "Dr. Katrin Müller"),
    ("Smith, John, Jr.", "John Smith Jr."),
    ("John Smith, Jr.", "John Smith, Jr."),
    ("Lee Chen, PhD", "Lee Chen, PhD"),
    ("Katrin Müller", "Katrin Müller"),
    ("李雷", "李雷"),
])
def test_natural_name(raw, stored):
    assert natural_name(raw) == stored


def test_every_spec_stores_first_last():
    assert PersonSpec("Müller, Katrin").name == "Katrin Müller"
    assert PromiseSpec("the slides", to="Müller, Katrin").to == "Katrin Müller"
    assert PromiseSpec("the slides", to="k@x.example").to == "k@x.example"


OUTLOOK = b"""BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:Microsoft Exchange Server 2010\r
METHOD:REQUEST\r
BEGIN:VEVENT\r
ORGANIZER;CN="M\xc3\xbcller, Katrin":mailto:katrin.mueller@contoso.com\r
ATTENDEE;CN="Park, Ada":mailto:ada.park@example.org\r
ATTENDEE;CN="O'Brien, Marcus":mailto:marcus.obrien@contoso.com\r
UID:lastfirst-1\r
SUMMARY:Contoso - Data Engineer - Interview\r
DTSTART:20260310T170000Z\r
DTEND:20260310T180000Z\r
END:VEVENT\r
END:VCALENDAR\r
"""


def test_an_outlook_invite_with_last_first_names():
    [inv] = parse_invite(OUTLOOK, {"someone@else.example"}, tz=dt.UTC,
                         own_names={"Ada Park"}, name="invite.ics")
    names = [p.name for p in inv.people]
    assert names == ["Katrin Müller", "Marcus O'Brien"], "Ada herself is left out"


def test_a_spreadsheet_with_last_first_names():
    data = ("Company,Role,Interview date,Interviewers,Interviewer emails\n"
            'Contoso,Data Engineer,2026-03-10 10:00,"Müller, Katrin; O\'Brien, Marcus",'
            '"katrin@contoso.example; marcus@contoso.example"\n').encode()
    table = read_csv(data)
    plan = plan_import(table, guess_mapping(table.headers), tz=dt.UTC)
    assert not plan.problems, plan.problems
    [planned] = plan.to_add
    names = [p.name for p in planned.interviews[0].interviewers]
    assert names == ["Katrin Müller", "Marcus O'Brien"]


def test_a_data_file_with_a_last_first_name_and_the_note_it_gives(tmp_path):
    doc = {"format": "followup/1", "profile": {"name": "Ada Park", "email": "ada@example.org",
                                               "timezone": "Europe/Berlin"},
           "applications": [{"company": "Contoso", "role": "Data Engineer", "interviews": [{
               "start": "2026-03-02T10:00:00+01:00", "tone": "formal",
               "interviewers": [{"name": "Müller, Katrin", "email": "k@contoso.example",
                                 "talking_points": ["the data platform roadmap"]}],
               "promises": [{"to": "Müller, Katrin", "what": "the slides"}]}]}]}
    parsed = parse_document(doc)
    ctx = AppContext.open(Paths.for_data_dir(tmp_path / "d"),
                          clock=fixed_clock(dt.datetime(2026, 3, 2, 12, tzinfo=dt.UTC)))
    try:
        ctx.store.import_document(parsed.applications, parsed.profile)
        [app] = ctx.applications()
        assert [p.name for p in app.people] == ["Katrin Müller"]
        assert app.interviews[0].promises[0].person_id == app.people[0].id
        windows = [w for w in ctx.agenda(ctx.now()) if w.kind is Kind.THANK_YOU]
        (draft,) = compose_drafts(windows[0], app, ctx.profile(), ctx.settings(), ctx.now())
    finally:
        ctx.close()
    assert "Müller, Katrin" not in draft.body and "Dear Katrin Müller," in draft.body
    message = build_message(draft, PROFILE, dt.datetime(2026, 3, 2, 12, tzinfo=dt.UTC))
    assert message["To"] == "Katrin Müller <k@contoso.example>"
