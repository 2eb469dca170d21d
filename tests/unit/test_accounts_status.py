"""``mail`` and ``calendar-account`` say "no account" the same way and exit alike: status
and forget report it (exit 0), an action that needs the account fails in one line (exit 1).
Through real subprocesses, on a fresh data folder."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.unit.test_cli import run

SETUP = {"mail": "followup-desktop mail setup --host HOST --user USER",
         "calendar-account": "followup-desktop calendar-account setup --url URL --user USER"}
PAGE = {"mail": "Settings › Mail account", "calendar-account": "Settings › Calendar account"}
NOUN = {"mail": "mail account", "calendar-account": "calendar account"}


def said(tmp_path: Path, command: str, action: str) -> tuple[int, str, str]:
    out = run(command, action, data_dir=tmp_path / "data", check=False)
    assert "Traceback" not in out.stderr
    return out.returncode, out.stdout, out.stderr


def shape(command: str, text: str) -> str:
    """The message with the account's own words taken out."""
    for words in (SETUP[command], PAGE[command], NOUN[command]):
        text = text.replace(words, "<>")
    return re.sub(r"\s+", " ", text).strip()


@pytest.mark.parametrize("command", ["mail", "calendar-account"])
def test_status_with_no_account_says_how_to_add_one(tmp_path: Path, command: str) -> None:
    code, out, err = said(tmp_path, command, "status")
    assert (code, err) == (0, "")
    assert out == f"No {NOUN[command]} is set up. Add one with: {SETUP[command]} " \
                  f"(or {PAGE[command]}).\n"


@pytest.mark.parametrize("command", ["mail", "calendar-account"])
def test_forget_with_no_account_is_no_error(tmp_path: Path, command: str) -> None:
    code, out, err = said(tmp_path, command, "forget")
    assert (code, err) == (0, "")
    assert out == f"No {NOUN[command]} is set up; there is nothing to forget.\n"


@pytest.mark.parametrize(("command", "action"), [("mail", "sync"), ("mail", "push"),
                                                 ("calendar-account", "sync")])
def test_an_action_that_needs_the_account_fails_in_one_line(
        tmp_path: Path, command: str, action: str) -> None:
    code, out, err = said(tmp_path, command, action)
    assert (code, out) == (1, "")
    assert err == (f"followup-desktop: no {NOUN[command]} is set up: first run "
                   f"{SETUP[command]} (or {PAGE[command]})\n")


def test_both_accounts_use_one_phrasing(tmp_path: Path) -> None:
    for action in ("status", "forget", "sync"):
        mail = said(tmp_path, "mail", action)
        calendar = said(tmp_path, "calendar-account", action)
        assert mail[0] == calendar[0]
        assert shape("mail", mail[1] + mail[2]) == shape("calendar-account",
                                                          calendar[1] + calendar[2])
