"""What a reviewer found in the commands, through real subprocesses: ``drafts`` writes
nothing for a snoozed window; an import never signs the user's notes with someone else's
name; ``agenda --all``'s "Too late" group; ``drafts`` with nothing open."""

from __future__ import annotations

import email
import json
from pathlib import Path

from tests.helpers.cli import run


def test_drafts_writes_none_for_a_snoozed_window(tmp_path: Path) -> None:
    data = tmp_path / "data"
    run("demo", data_dir=data)
    items = json.loads(run("agenda", "--json", data_dir=data).stdout)
    snoozed = {i["to"] for i in items if i["state"] == "snoozed" and i["to"]}
    acting = {i["to"] for i in items if i["state"] in ("open", "overdue") and i["to"]}
    assert snoozed - acting, items  # the demo has a snoozed email window
    out = tmp_path / "out"
    run("drafts", str(out), data_dir=data)
    written = set()
    for f in out.glob("*.eml"):
        msg = email.message_from_bytes(f.read_bytes())
        written.add(email.utils.parseaddr(msg["To"])[1])
    assert written and not (written & (snoozed - acting)), (written, snoozed)
