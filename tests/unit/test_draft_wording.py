"""Wording in drafts: a title written in the name is the salutation, and a signature that
brings its own sign-off is not given a second one."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given
from hypothesis import strategies as st

from followup_desktop.compose.render import compose_drafts, person_view, profile_view
from followup_desktop.records import Kind, Participant, Person, Profile, Tone
from followup_desktop.settings import Settings
from tests.helpers.compose_records import NOW, PROFILE, make_app, make_round, make_window

TITLES = ("Dr.", "Dr", "Prof.", "Mr.", "Ms.", "Mrs.", "Mx.", "Herr", "Frau")
#: words that are names, never titles (upper-case first letter, no dot)
_WORD = st.from_regex(r"[A-Z][a-z]{1,9}", fullmatch=True).filter(
    lambda w: w.lower() not in {"dr", "mr", "ms", "mrs", "mx", "herr", "frau", "prof",
                                "miss", "mme", "mlle"})


def _formal(name: str, salutation: str | None = None) -> str:
    return person_view(Person(1, name, "", None, None, salutation), None, 0).formal_name


def _first_lines(person: Person, tone: Tone, kind: Kind = Kind.THANK_YOU,
                 profile: Profile = PROFILE) -> str:
    rnd = make_round(tone, participants=(Participant(person, True, ("streaming",)),))
    app = make_app(rnd, people=(person,))
    (draft,) = compose_drafts(make_window(app, kind, person), app, profile, Settings(), NOW)
    assert draft.template_problem is None
    return draft.body


def test_a_title_in_the_name_is_the_salutation_of_a_formal_note() -> None:
    ines = Person(5, "Dr. Ines Moreau", "CTO", "ines@northwind.example")
    body = _first_lines(ines, Tone.FORMAL)
    assert body.splitlines()[0] == "Dear Dr. Moreau,"
    assert _first_lines(ines, Tone.CASUAL).splitlines()[0] == "Hi Ines,"


@pytest.mark.parametrize(("name", "expected"), [
    ("Dr. Ines Moreau", "Dr. Moreau"),
    ("Dr Ines Moreau", "Dr. Moreau"),
    ("Prof. Dr. Ines Moreau", "Prof. Dr. Moreau"),
    ("Herr Jonas Weber", "Herr Weber"),
    ("Frau Weber", "Frau Weber"),
    ("Mx. Sam Okafor", "Mx. Okafor"),
    ("Dr.", "Dr."),  # nothing after the title: the name as written
    ("Ines Moreau", "Ines Moreau"),  # no title: none guessed
    ("Drew Barrymore", "Drew Barrymore"),
])
def test_formal_names(name: str, expected: str) -> None:
    assert _formal(name) == expected


def test_a_recorded_salutation_still_wins() -> None:
    assert _formal("Dr. Ines Moreau", "Prof.") == "Prof. Moreau"
    assert _formal("Ines Moreau", "Madame la Directrice") == "Madame la Directrice"


@given(st.lists(_WORD, min_size=1, max_size=4))
def test_a_name_without_a_title_is_greeted_in_full(words: list[str]) -> None:
    name = " ".join(words)
    assert _formal(name) == name
    assert person_view(Person(1, name, "", None), None, 0).first_name == words[0]


@given(st.sampled_from(TITLES), st.lists(_WORD, min_size=1, max_size=4))
def test_a_leading_title_greets_title_and_last_name(title: str, words: list[str]) -> None:
    formal = _formal(" ".join([title, *words]))
    shown = title if title.endswith(".") or title in ("Herr", "Frau") else title + "."
    assert formal == f"{shown} {words[-1]}"
    view = person_view(Person(1, " ".join([title, *words]), "", None), None, 0)
    assert view.first_name == words[0]


SIGNED = ["Warmly,\nAda", "Kind regards,\nAda Park", "Best\nAda", "Cheers!\nAda",
          "Thanks,\nAda Park\n+1 555 0100", "Until next time,\nAda", "Best wishes\nAda"]


@pytest.mark.parametrize("signature", SIGNED)
@pytest.mark.parametrize("tone", list(Tone))
@pytest.mark.parametrize("kind", [k for k in Kind if k.is_email])
def test_a_signature_with_its_own_sign_off_is_not_given_a_second(
        signature: str, tone: Tone, kind: Kind) -> None:
    dana = Person(1, "Dana Whitfield", "EM", "dana@northwind.example", None, "Dr.")
    profile = dataclasses.replace(PROFILE, signature=signature)
    body = _first_lines(dana, tone, kind, profile)
    assert body.rstrip("\n").endswith("\n\n" + signature), body
    for closing in ("Kind regards,", "Best,", "Thanks again,"):
        if not signature.startswith(closing):
            assert closing + "\n" + signature not in body


@pytest.mark.parametrize("signature", [
    "Ada Park\n+1 555 0100", "Ada Park, PhD\nData Engineer",
    "Ada Park — Data Engineer, Northwind, Berlin, Germany,\nada@example.org"])
def test_a_signature_without_a_sign_off_keeps_the_templates(signature: str) -> None:
    dana = Person(1, "Dana Whitfield", "EM", "dana@northwind.example", None, "Dr.")
    profile = dataclasses.replace(PROFILE, signature=signature)
    assert not profile_view(profile).signs_off
    body = _first_lines(dana, Tone.FORMAL, Kind.THANK_YOU, profile)
    assert "Kind regards,\n" + signature in body
