"""The spelling list as a sorted, memory-mapped word file (``compose.spelling.WordFile``):
the same verdicts as the list in memory, written once, rebuilt when damaged, and the list in
memory when no cache folder can be written."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from followup_desktop.compose import spelling


@pytest.fixture
def fresh(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """A lexicon not loaded yet, whose word file goes to ``tmp_path``."""
    target = tmp_path / "cache" / "spelling-en-test.words"
    monkeypatch.setattr(spelling, "_word_file_path", lambda: target)
    monkeypatch.setattr(spelling, "_LEXICON", [])
    spelling._known.cache_clear()
    yield target
    spelling._known.cache_clear()


def _all_words() -> list[str]:
    return [w for bucket in spelling._dictionary().values() for w in bucket.split("\n") if w]


def test_the_word_file_holds_the_whole_list_sorted(fresh: Path) -> None:
    words = _all_words()
    lexicon = spelling._lexicon()
    assert isinstance(lexicon, spelling.WordFile)
    data = fresh.read_bytes()
    assert data.startswith(spelling.WORDS_HEADER)
    lines = data[len(spelling.WORDS_HEADER):].decode("utf-8").split("\n")
    assert lines.pop() == ""
    assert lines == sorted(words)
    assert len(lines) > 100_000


def test_the_word_file_answers_as_the_list_does(fresh: Path) -> None:
    words = _all_words()
    lexicon = spelling._lexicon()
    in_memory = spelling._Buckets(spelling._dictionary())
    rng = random.Random(7)
    probes = rng.sample(words, 3000) + [words[0], words[-1], min(words), max(words)]
    probes += [w + "q" for w in probes[:1000]] + [w[:-1] for w in probes[:1000]]
    probes += ["", "a", "zzzzzz", "naïve", "don't", "x\ny", "\U0001f600", "aardvark"]
    for word in probes:
        assert (word in lexicon) == (word in in_memory), word
    assert "aardvark" in lexicon and "qwzxv" not in lexicon


def test_a_second_start_maps_the_file_without_reading_the_list(
        fresh: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    spelling._lexicon()
    monkeypatch.setattr(spelling, "_LEXICON", [])

    def no_list() -> dict[str, str]:
        raise AssertionError("the list was read again")

    monkeypatch.setattr(spelling, "_dictionary", no_list)
    lexicon = spelling._lexicon()
    assert isinstance(lexicon, spelling.WordFile) and "interview" in lexicon


def test_a_damaged_word_file_is_written_again(fresh: Path) -> None:
    fresh.parent.mkdir(parents=True)
    fresh.write_bytes(b"interview\nthanks\n")  # no header: not ours
    lexicon = spelling._lexicon()
    assert isinstance(lexicon, spelling.WordFile) and "thanks" in lexicon
    assert fresh.read_bytes().startswith(spelling.WORDS_HEADER)


def test_stale_word_files_are_removed(fresh: Path) -> None:
    fresh.parent.mkdir(parents=True)
    old = fresh.parent / "spelling-en-1-2.words"
    old.write_bytes(b"old")
    spelling._lexicon()
    assert fresh.exists() and not old.exists()


def test_without_a_writable_cache_the_list_stays_in_memory(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would be")
    monkeypatch.setattr(spelling, "_word_file_path", lambda: blocker / "x.words")
    monkeypatch.setattr(spelling, "_LEXICON", [])
    spelling._known.cache_clear()
    try:
        lexicon = spelling._lexicon()
        assert not isinstance(lexicon, spelling.WordFile)
        assert "interview" in lexicon and "intervew" not in lexicon
        assert spelling.misspelled("Thank you for the intervew") == [(18, 26, "intervew")]
    finally:
        spelling._known.cache_clear()


_WORD = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\n"),
                min_size=1, max_size=12)


@settings(max_examples=150, deadline=None)
@given(words=st.sets(_WORD, max_size=60), probes=st.lists(_WORD, max_size=30))
def test_bisection_agrees_with_a_set(tmp_path_factory: pytest.TempPathFactory,
                                     words: set[str], probes: list[str]) -> None:
    path = tmp_path_factory.mktemp("words") / "w.words"
    spelling.write_word_file(path, spelling._bucketed(words))
    lexicon = spelling.WordFile(path)
    lowered = {w.lower() for w in words}
    for word in [*probes, *lowered]:
        assert (word in lexicon) == (word in lowered), word
