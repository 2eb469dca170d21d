"""Fuzz the one rule for one-line fields (``guards.check_line``, issue 23 items 4 and 7):
whatever comes in, out comes a clean line or a :class:`FieldError`, and a second pass
changes nothing."""

from __future__ import annotations

import sys
import unicodedata

import atheris
from _common import main

with atheris.instrument_imports():
    from followup_desktop.guards import LINE_BREAKS, FieldError, check_line


def TestOneInput(data: bytes) -> None:  # noqa: N802
    fdp = atheris.FuzzedDataProvider(data)
    text = fdp.ConsumeUnicode(fdp.ConsumeIntInRange(0, 300))
    try:
        out = check_line(text, "the name", max_len=200)
    except FieldError:
        return
    assert len(out) <= 200, out
    assert out == out.strip(), repr(out)
    assert not any(c in LINE_BREAKS for c in out), repr(out)
    assert not any(unicodedata.category(c) in ("Cc", "Cs") for c in out), repr(out)
    assert not any(unicodedata.category(c) == "Cf" and c not in "\u200c\u200d"
                   for c in out), repr(out)
    assert check_line(out, "the name", max_len=200) == out, repr(out)  # stable


if __name__ == "__main__":
    main(TestOneInput, "fields")
    sys.exit(0)
