"""Fuzz the spreadsheet (CSV) reader: only ImportFileError may come out of it."""

from __future__ import annotations

import sys

import atheris
from _common import main

with atheris.instrument_imports():
    from followup_desktop.importers.errors import ImportFileError
    from followup_desktop.importers.spreadsheet import guess_mapping, read_csv


def TestOneInput(data: bytes) -> None:  # noqa: N802
    try:
        table = read_csv(data, name="fuzz.csv")
    except ImportFileError:
        return
    guess_mapping(table.headers)


if __name__ == "__main__":
    main(TestOneInput, "csv")
    sys.exit(0)
