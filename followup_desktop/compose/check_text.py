"""The parts of a note the checks measure: greeting, body and signature; words,
sentences and paragraphs; how alike two notes are; whether a phrase is used."""

from __future__ import annotations

import re
from dataclasses import dataclass

_GREETING = re.compile(r"^\s*(dear|hi|hello|hey|good (?:morning|afternoon|evening))\b[^\n]*",
                       re.I)
_SIGN_OFF = re.compile(
    r"^\s*(?:(?:best|kind|kindest|warm|warmest|many|with)\s+)?"
    r"(?:regards|wishes|thanks|thank you|sincerely|cheers|best|all the best|yours(?: sincerely"
    r"| truly)?|respectfully|talk soon)\s*[,.!]?\s*$", re.I)
_ABBREV = re.compile(r"\b(?:Mr|Ms|Mrs|Mx|Dr|Prof|St|Jr|Sr|vs|etc|e\.g|i\.e|approx|No)\.", re.I)
_SENTENCE_END = re.compile(r"[.!?]+(?=[\s\"')\]]|$)")
_WORDS = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*")


@dataclass(frozen=True, slots=True)
class Parts:
    greeting: str
    core: str
    signature: str


def split_body(body: str) -> Parts:
    """The greeting line, the message itself, and the sign-off with the signature."""
    lines = body.replace("\r\n", "\n").split("\n")
    start = 0
    while start < len(lines) and not lines[start].strip():
        start += 1
    greeting = ""
    if start < len(lines):
        first = lines[start]
        m = _GREETING.match(first)
        if m and len(first) <= 80 and first.rstrip().endswith((",", ":", "!")):
            greeting = first.strip()
            start += 1
    end = len(lines)
    for i in range(len(lines) - 1, start - 1, -1):
        if _SIGN_OFF.match(lines[i]):
            end = i
            break
    return Parts(greeting, "\n".join(lines[start:end]).strip(),
                 "\n".join(lines[end:]).strip())


def words(text: str) -> list[str]:
    return _WORDS.findall(text)


def sentences(text: str) -> int:
    plain = _ABBREV.sub(lambda m: m.group().replace(".", ""), text)
    return sum(1 for piece in _SENTENCE_END.split(plain) if re.search(r"[^\W\d_]", piece))


def paragraphs(text: str) -> int:
    return sum(1 for p in re.split(r"\n\s*\n", text) if p.strip())


def similarity(a: str, b: str) -> float:
    """How alike two drafts' messages are (0..1), word by word, greeting and signature
    left out: ``difflib`` ratio."""
    wa = [w.lower() for w in words(split_body(a).core)]
    wb = [w.lower() for w in words(split_body(b).core)]
    if not wa and not wb:
        return 1.0
    import difflib  # only when two drafts are compared

    matcher = difflib.SequenceMatcher(None, wa, wb, autojunk=False)
    return matcher.ratio()


_STOP = frozenset("""
the and for with that this from about into your their they them our what when have will
would there here which were been also how its it's of to in on at by an a is are was be as
or we you i my me
""".split())  # noqa: SIM905


def _content_words(text: str) -> list[str]:
    return [w.lower() for w in words(text) if len(w) > 3 and w.lower() not in _STOP]


def uses_phrase(body: str, phrase: str) -> bool:
    """The phrase appears, or at least half of its content words do (edited wording)."""
    if not phrase.strip():
        return False
    if " ".join(phrase.lower().split()) in " ".join(body.lower().split()):
        return True
    wanted = set(_content_words(phrase))
    if not wanted:
        return False
    have = set(_content_words(body))
    return len(wanted & have) * 2 >= len(wanted)
