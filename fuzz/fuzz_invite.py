"""Fuzz the calendar-invite importer: only ImportFileError may come out of it."""

from __future__ import annotations

import sys
from zoneinfo import ZoneInfo

import atheris
from _common import main

with atheris.instrument_imports():
    from followup_desktop.importers.errors import ImportFileError
    from followup_desktop.importers.invite import parse_invite

TZ = ZoneInfo("Europe/Berlin")


def TestOneInput(data: bytes) -> None:  # noqa: N802
    try:
        guesses = parse_invite(data, {"me@example.com"}, tz=TZ, name="fuzz.ics")
    except ImportFileError:
        return
    for g in guesses:
        assert g.start.tzinfo is not None


if __name__ == "__main__":
    main(TestOneInput, "invite")
    sys.exit(0)
