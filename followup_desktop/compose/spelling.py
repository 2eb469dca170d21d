"""Spelling, as a word processor marks it: unknown words with their character offsets.

The dictionary is pyspellchecker's English list. The first time it is needed, its words
are written, sorted, to a file in the user's cache folder; from then on a lookup bisects
that file with a few small positioned reads (:class:`WordFile`), and the process holds
none of the list (reading the list itself costs about 5 MB on the way and 1.5 MB kept).
Where no cache can be written (or on Windows, without ``pread``), the list is kept compact
in memory instead: its words joined into one string per two-letter prefix. Each word's
verdict is cached, so checking a draft while the user types costs microseconds. The
``SpellChecker`` itself (about 26 MB) is only built for suggestions (a right-click on a
marked word).
Names of the company, the people, the role and the talking points are passed in as extra
words, and so is the user's own word list.
"""

from __future__ import annotations

import functools
import json
import os
import re
import threading
from collections.abc import Container, Iterable
from pathlib import Path

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
    import gzip  # here: a start with the sorted copy in the cache never reads the list
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


class _Buckets:
    """The list in memory, as :func:`_dictionary` keeps it."""

    def __init__(self, buckets: dict[str, str]) -> None:
        self._buckets = buckets

    def __contains__(self, word: object) -> bool:
        bucket = self._buckets.get(word[:2]) if isinstance(word, str) else None
        return bucket is not None and f"\n{word}\n" in bucket


#: The first line of a word file (a different layout gets a different line)
WORDS_HEADER = b"followup spelling words 1\n"


class WordFile:
    """A file of words sorted by their UTF-8 bytes, one per line after
    :data:`WORDS_HEADER`, searched by bisection with positioned reads: one small read per
    step, so the process holds none of it (a memory map would count every page touched,
    and the pages around it, as the process's own)."""

    def __init__(self, path: Path) -> None:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
        try:
            size = os.fstat(fd).st_size
            head = os.pread(fd, len(WORDS_HEADER), 0)
            tail = os.pread(fd, 1, size - 1) if size else b""
            if head != WORDS_HEADER or tail != b"\n":
                raise ValueError(f"{path} is not a word file")
        except BaseException:
            os.close(fd)
            raise
        self._fd, self._size = fd, size

    def __del__(self) -> None:
        fd = getattr(self, "_fd", -1)
        if fd >= 0:
            os.close(fd)

    def __contains__(self, word: object) -> bool:
        if not isinstance(word, str) or not word or "\n" in word:
            return False
        target = word.encode("utf-8", "surrogatepass")
        if len(target) >= MAX_WORD_BYTES:
            return False
        fd, span = self._fd, MAX_WORD_BYTES
        lo, hi = len(WORDS_HEADER), self._size  # whole lines: lo and hi start lines
        while lo < hi:
            mid = (lo + hi) // 2
            first = max(lo, mid - span)  # a line is shorter than ``span``: it starts here
            chunk = os.pread(fd, min(hi, mid + span) - first, first)
            at = mid - first
            start = chunk.rfind(b"\n", 0, at) + 1  # the line holding byte ``mid``
            end = chunk.find(b"\n", at)
            line = chunk[start:end]
            if line == target:
                return True
            if line < target:
                lo = first + end + 1
            else:
                hi = first + start
        return False


#: Longest word a word file holds, in UTF-8 bytes (the list's longest is about 30)
MAX_WORD_BYTES = 128


def write_word_file(path: Path, buckets: dict[str, str]) -> None:
    """Write :func:`_dictionary`'s buckets as a :class:`WordFile`, atomically.

    Sorting the buckets by prefix, then each bucket's words, sorts the whole list: two
    words of different buckets differ within their first two letters (or the shorter is a
    one-letter word that is a prefix of the other's bucket). Code-point order is UTF-8 byte
    order."""
    from followup_desktop.fileio import atomic_write

    chunks = [WORDS_HEADER]
    for prefix in sorted(buckets):
        words = sorted(w for w in buckets[prefix].split("\n")
                       if w and len(w.encode("utf-8", "surrogatepass")) < MAX_WORD_BYTES)
        chunks.append(("\n".join(words) + "\n").encode("utf-8", "surrogatepass"))
    atomic_write(path, b"".join(chunks), overwrite=True, mode=0o644)


def _word_file_path() -> Path | None:
    """Where the sorted list lives: the user's cache folder, named after the size and time
    of pyspellchecker's list (a new version writes a new file). None: no list on disk.
    The package is found, not imported: its module is only needed for suggestions."""
    if not hasattr(os, "pread"):  # Windows: no positioned reads; the list stays in memory
        return None
    from importlib.util import find_spec

    spec = find_spec("spellchecker")
    places = list(spec.submodule_search_locations or ()) if spec is not None else []
    try:
        st = os.stat(os.path.join(places[0], "resources", "en.json.gz"))
    except (OSError, IndexError):  # not a file on disk (a zip): keep the list in memory
        return None
    import platformdirs

    folder = Path(platformdirs.user_cache_dir("followup", appauthor=False))
    return folder / f"spelling-en-{st.st_size}-{st.st_mtime_ns}.words"


def _load_lexicon() -> Container[str]:
    path = _word_file_path()
    if path is not None:
        try:
            return WordFile(path)
        except (OSError, ValueError):
            pass  # not written yet (or damaged): write it below
    buckets = _dictionary()
    if path is not None:
        try:
            write_word_file(path, buckets)
            words = WordFile(path)
        except (OSError, ValueError):
            pass  # no cache to be had (read-only home, full disk): keep it in memory
        else:
            _dictionary.cache_clear()
            for old in path.parent.glob("spelling-en-*.words"):
                if old != path:
                    old.unlink(missing_ok=True)
            return words
    return _Buckets(buckets)


_LEXICON: list[Container[str]] = []
_LEXICON_LOCK = threading.Lock()


def _lexicon() -> Container[str]:
    """The dictionary's words (a :class:`WordFile`, else the list in memory), loaded once;
    the warm-up thread and the first check may ask at the same time."""
    if not _LEXICON:
        with _LEXICON_LOCK:
            if not _LEXICON:
                _LEXICON.append(_load_lexicon())
    return _LEXICON[0]


def _in_dictionary(word: str) -> bool:
    return word in _lexicon()


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
    _lexicon()
