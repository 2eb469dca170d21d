"""Spelling, as a word processor marks it: unknown words with their character offsets.

The dictionary (pyspellchecker's English list) is loaded once, on first use, and each
word's verdict is cached, so checking a draft while the user types costs microseconds.
For the checks the list is kept compact — its words joined into one string per two-letter
prefix, about 3 MB instead of the ~26 MB of a ``SpellChecker`` — and the ``SpellChecker``
itself is only built for suggestions (a right-click on a marked word).
Names of the company, the people, the role and the talking points are passed in as extra
words, and so is the user's own word list.
"""

from __future__ import annotations

import functools
import gzip
import json
import re
from collections.abc import Iterable

#: Words of job searching and software that the general dictionary lacks.
BUILTIN_WORDS = frozenset("""
analytics backend backfill backfills blockchain bootcamp cybersecurity dataset datasets
devops dm email emails fintech frontend github gitlab hackathon healthtech javascript
kafka kubernetes linkedin mx nonprofit onboarding onsite postgres postgresql preprocessing
recruiter recruiters roadmap saas scalability sql startup startups typescript ux ui
webinar workflow workflows
""".split())  # noqa: SIM905

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
# Spans that are not prose: URLs, e-mail addresses, @handles, words glued to digits.
_SKIP = re.compile(r"(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|@\w+|\w*\d\w*")
_SUFFIXES = ("'s", "'ll", "'re", "'ve", "'d", "'m", "n't")


@functools.cache
def _checker() -> object:
    from spellchecker import SpellChecker

    return SpellChecker(language="en", distance=1)


_ENTRY = re.compile(r'"([^"\\\n]+)":\s*\d+')


@functools.cache
def _dictionary() -> dict[str, str]:
    """pyspellchecker's English words (the same list ``SpellChecker`` loads), lower case,
    as ``{two-letter prefix: "\\nword\\nword\\n..."}``.

    Read a few thousand entries at a time: a list of all 160,000 words as Python strings
    would cost ~25 MB on the way (and the freed memory mostly stays with the process),
    for a result of 1.5 MB."""
    from importlib.resources import files

    data = files("spellchecker").joinpath("resources", "en.json.gz").read_bytes()
    text = gzip.decompress(data).decode("utf-8")
    del data
    if "\\" in text:  # escapes in the list: the slow, exact way
        return _bucketed(list(json.loads(text)))
    buckets: dict[str, str] = {}
    pos, end = 0, len(text)
    while pos < end:
        # JSON strings hold no raw newline: a cut after one never splits an entry.
        cut = text.find("\n", min(pos + _CHUNK, end))
        cut = end if cut < 0 else cut + 1
        for prefix, words in _bucketed(_ENTRY.findall(text, pos, cut)).items():
            buckets[prefix] = buckets[prefix] + words[1:] if prefix in buckets else words
        pos = cut
    return buckets


_CHUNK = 1 << 16


def _bucketed(words: Iterable[str]) -> dict[str, str]:
    lists: dict[str, list[str]] = {}
    for w in words:
        w = w.lower()
        lists.setdefault(w[:2], []).append(w)
    return {k: "\n" + "\n".join(v) + "\n" for k, v in lists.items()}


def _in_dictionary(word: str) -> bool:
    bucket = _dictionary().get(word[:2])
    return bucket is not None and f"\n{word}\n" in bucket


@functools.lru_cache(maxsize=65536)
def _known(word: str) -> bool:
    """``word`` is lower case with straight apostrophes."""
    if word in BUILTIN_WORDS or _in_dictionary(word):
        return True
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) > len(suffix) + 1:
            stem = word[: -len(suffix)]
            return stem in BUILTIN_WORDS or _in_dictionary(stem)
    return False


def word_set(texts: Iterable[str]) -> frozenset[str]:
    """The words of some texts (names, talking points), lower-cased, for ``extra_words``."""
    words: set[str] = set()
    for text in texts:
        for m in _WORD.finditer(text or ""):
            w = _normal(m.group())
            words.add(w)
            if w.endswith("'s"):
                words.add(w[:-2])
    return frozenset(words)


def _normal(word: str) -> str:
    return word.replace("’", "'").lower()


def misspelled(text: str, extra_words: Iterable[str] = ()) -> list[tuple[int, int, str]]:
    """Unknown words as ``(start, end, word)`` character offsets into ``text``.

    Skipped: URLs, e-mail addresses, words with digits, acronyms in capitals (``SQL``),
    single letters, and ``extra_words`` (compared case-insensitively).
    """
    extra = extra_words if isinstance(extra_words, frozenset | set) else frozenset(extra_words)
    skip_spans = [m.span() for m in _SKIP.finditer(text)]
    found: list[tuple[int, int, str]] = []
    k = 0
    for m in _WORD.finditer(text):
        start, end = m.span()
        while k < len(skip_spans) and skip_spans[k][1] <= start:
            k += 1
        if k < len(skip_spans) and skip_spans[k][0] < end and start < skip_spans[k][1]:
            continue
        word = m.group()
        if len(word) < 2 or (word.isupper() and len(word) <= 6):
            continue
        norm = _normal(word)
        if norm in extra or (norm.endswith("'s") and norm[:-2] in extra):
            continue
        if not _known(norm):
            found.append((start, end, word))
    return found


def warm_up() -> None:
    """Load the dictionary now (e.g. in a worker thread at start-up)."""
    _dictionary()
