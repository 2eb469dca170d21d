"""Search folds accents and case (followup_desktop/search.py)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from followup_desktop.search import fold, query_words


@pytest.mark.parametrize(("text", "folded"), [
    ("Tomás", "tomas"), ("MÜLLER", "muller"), ("Straße", "strasse"), ("Søren", "soren"),
    ("Łukasz", "lukasz"), ("Ångström", "angstrom"), ("Zoë", "zoe"), ("ﬁnance", "finance"),
    ("Kafka", "kafka"), ("", ""),
])
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_query_words() -> None:
    assert query_words("  Tomás  HERRERA ") == ("tomas", "herrera")


@given(st.text())
def test_a_folded_text_contains_its_folded_words(text: str) -> None:
    hay = fold(text)
    for word in query_words(text):
        assert word in hay
