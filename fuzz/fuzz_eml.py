"""Fuzz the .eml writer: DraftError or a message whose parsed headers are exactly ours."""

from __future__ import annotations

import datetime as dt
import sys

import atheris
from _common import main

with atheris.instrument_imports():
    from followup_desktop.compose.eml import build_message, message_bytes, verify_message
    from followup_desktop.compose.model import Draft, DraftError
    from followup_desktop.records import Kind, Profile

NOW = dt.datetime(2026, 3, 2, 15, 0, tzinfo=dt.UTC)
EMAILS = ("ann@example.com", "bob.smith@mail.example.org", "x@y.co", "", "not an address",
          "a@b", "ann@exämple.com")


def TestOneInput(data: bytes) -> None:  # noqa: N802
    fdp = atheris.FuzzedDataProvider(data)

    def text(n: int) -> str:
        return fdp.ConsumeUnicodeNoSurrogates(fdp.ConsumeIntInRange(0, n))

    def email() -> str:
        return fdp.PickValueInList(list(EMAILS)) if fdp.ConsumeBool() else text(60)

    profile = Profile(name=text(80), email=email())
    draft = Draft(kind=Kind.THANK_YOU, window_key="k", person_id=1, to_name=text(80),
                  to_email=email(), subject=text(200), body=text(2000))
    try:
        msg = build_message(draft, profile, NOW, message_id="<fuzz@example.com>")
    except DraftError:
        return
    raw = message_bytes(msg)
    verify_message(raw, draft, profile)  # raises (a crash here) if headers were injected


if __name__ == "__main__":
    main(TestOneInput, "eml")
    sys.exit(0)
