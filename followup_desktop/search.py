"""Search text as people remember it: accents and case do not matter ("tomas" finds
Tomás, "MULLER" finds Müller, "strasse" finds Straße). No Qt here."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

#: letters that do not decompose into a base letter and a mark, as a reader would type them
_PLAIN = str.maketrans({"ø": "o", "Ø": "o", "đ": "d", "Đ": "d", "ł": "l", "Ł": "l",
                        "ı": "i", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "þ": "th",
                        "ð": "d"})


def fold(text: str) -> str:
    """``text`` without accents, case-folded: the form both a query and the searched text
    are compared in."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.translate(_PLAIN))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return bare.casefold()


@lru_cache(maxsize=256)
def query_words(query: str) -> tuple[str, ...]:
    """The folded words of a search box's text; every one must appear."""
    return tuple(fold(query).split())
