"""Fuzz the followup/1 JSON reader: only FormatError may come out of it."""

from __future__ import annotations

import contextlib
import json
import sys

import atheris
from _common import main

with atheris.instrument_imports():
    from followup_desktop.interchange import FormatError, parse_document


def TestOneInput(data: bytes) -> None:  # noqa: N802 - atheris's name
    try:
        doc = json.loads(data.decode("utf-8", errors="replace"))
    except (ValueError, RecursionError):
        return
    with contextlib.suppress(FormatError):
        parse_document(doc)


if __name__ == "__main__":
    main(TestOneInput, "interchange")
    sys.exit(0)
