"""Fuzz the file-name sanitiser: whatever the name, the result is one safe file name."""

from __future__ import annotations

import sys

import atheris
from _common import main

with atheris.instrument_imports():
    from followup_desktop.compose.files import safe_filename

RESERVED = {"CON", "PRN", "AUX", "NUL"} | {f"{p}{n}" for p in ("COM", "LPT")
                                          for n in "123456789"}


def TestOneInput(data: bytes) -> None:  # noqa: N802
    fdp = atheris.FuzzedDataProvider(data)
    stem = fdp.ConsumeUnicodeNoSurrogates(fdp.ConsumeIntInRange(0, 400))
    name = safe_filename(stem, ".eml")
    assert name.endswith(".eml"), name
    assert len(name.encode("utf-8")) <= 255, name
    assert "/" not in name and "\\" not in name and "\x00" not in name, name
    base = name[:-4]
    assert base and base not in (".", "..") and not base.endswith((" ", ".")), name
    assert not any(c in name for c in '<>:"|?*'), name
    assert not any(ord(c) < 32 or 0x7f <= ord(c) < 0xa0 for c in name), name
    assert base.split(".")[0].strip().upper() not in RESERVED, name
    assert safe_filename(base, ".eml") == name, name  # stable


if __name__ == "__main__":
    main(TestOneInput, "filename")
    sys.exit(0)
