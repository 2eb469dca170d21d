"""The README tells the truth about the command line: every command and every account
action is in its table, its sample-data commands run as written, and it promises nothing
the accounts contradict."""

from __future__ import annotations

import argparse
import re
import shlex
from pathlib import Path

from followup_desktop.cli import build_parser
from tests.unit.test_cli import REPO, run

README = (REPO / "README.md").read_text(encoding="utf-8")


def _choices(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def table_rows() -> list[str]:
    section = README.split("## Command line", 1)[1].split("\n## ", 1)[0]
    return [line for line in section.splitlines() if line.startswith("| `followup-desktop")]


def test_every_command_and_account_action_is_in_the_table() -> None:
    rows = table_rows()
    for name, sub in _choices(build_parser()).items():
        mine = [r for r in rows if r.startswith(f"| `followup-desktop {name}")]
        assert mine, f"no row for {name}"
        if name in ("mail", "calendar-account"):  # each action in a row's first column
            named = set(re.findall(r"[\w-]+", " ".join(r.split(" | ")[0] for r in mine)))
            assert set(_choices(sub)) <= named, (name, set(_choices(sub)) - named)


def test_the_readme_does_not_promise_no_account() -> None:
    assert "no account, no network" not in README
    assert "no account needed" in README and "system keyring" in README


def test_the_sample_data_commands_run_as_written(tmp_path: Path) -> None:
    block = README.split("## Try it with sample data", 1)[1].split("```sh", 1)[1]
    block = block.split("```", 1)[0]
    lines = [shlex.split(line, comments=True) for line in block.splitlines()
             if line.startswith(".venv/bin/followup-desktop")]
    assert [words[3:] for words in lines] == [["demo"], ["agenda"], []]
    data = tmp_path / "followup-demo"
    assert {words[2] for words in lines} == {"/tmp/followup-demo"}
    assert "Added 11 sample applications" in run(*lines[0][3:], data_dir=data).stdout
    assert "Follow-up plan for Ada Park" in run(*lines[1][3:], data_dir=data).stdout
