"""The shared field checks (pure functions, no Qt)."""

from __future__ import annotations

import pytest

from followup_desktop.interchange import parse_document
from followup_desktop.ui.dialogs import validation as v


@pytest.mark.parametrize("text", ["", "  ", "dana@northwind.example", "Dana.W+tag@x.example",
                                  "joerg@müller-gmbh.de"])
def test_good_or_empty_emails_pass(text):
    assert v.email_problem(text) is None


@pytest.mark.parametrize(("text", "words"), [
    ("dana", "@"),
    ("dana@", "after the @"),
    ("dana @x.example", "spaces"),
    ("dana@@x.example", "Not a valid email address."),
    ("dana@x.example\nBcc: evil@x.example", "single line"),
    ("jörg@muller.example", "before the @-sign are not supported"),  # no draft could hold it
])
def test_bad_emails_give_a_reason(text, words):
    reason = v.email_problem(text)
    assert reason is not None and words in reason


def test_required_email():
    assert v.email_problem("", required=True) == "An email address is required."


def test_normalized_email_lowercases_the_domain_only():
    assert v.normalize_email(" Dana@Northwind.EXAMPLE ") == "Dana@northwind.example"
    assert v.normalize_email("") is None


@pytest.mark.parametrize(("text", "ok"), [
    ("", True),
    ("https://www.linkedin.com/in/dana", True),
    ("http://www.linkedin.com/in/dana", False),
    ("www.linkedin.com/in/dana", False),
    ("https://", False),
    ("https://linkedin", False),
    ("https://www.linkedin.com/in/da na", False),
])
def test_urls(text, ok):
    assert (v.url_problem(text) is None) is ok


def test_names_are_required_single_lines():
    assert v.name_problem("") == "Name is required."
    assert v.name_problem("Dana\nWhitfield") == "Name must be a single line."
    assert "too long" in v.name_problem("x" * 201)
    assert v.name_problem("Dana Whitfield") is None


def test_time_zones():
    assert v.timezone_problem("") is None
    assert v.timezone_problem("Europe/Berlin") is None
    assert v.timezone_problem("America/").startswith("Unknown time zone")  # a folder
    assert v.timezone_problem("Mars/Olympus").startswith("Unknown time zone")
    assert "Europe/Berlin" in v.zone_names() and list(v.zone_names()) == sorted(v.zone_names())


def test_talking_points_one_per_line():
    assert v.points_from_text("- first\n\n  * second \n• third\n") == ("first", "second",
                                                                     "third")
    assert "One or two more" in v.points_hint(1)
    assert v.points_hint(2) == "2 talking points."


def test_what_a_dialog_accepts_the_data_file_accepts():
    """Values passing these checks import again (the export/import contract)."""
    email, url = "Dana@Northwind.example", "https://www.linkedin.com/in/dana"
    assert v.email_problem(email) is None and v.url_problem(url) is None
    doc = parse_document({"format": "followup/1", "applications": [{
        "company": "N", "role": "R", "interviews": [{
            "start": "2026-03-02T10:00:00+01:00",
            "interviewers": [{"name": "Dana", "email": v.normalize_email(email),
                              "linkedin": url}]}]}]})
    assert doc.applications[0].interviews[0].interviewers[0].email == v.normalize_email(email)
