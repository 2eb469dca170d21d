"""Hostile files and damaged data (issue 23): the attacks, run through the command line
in-process (``cli.main``), each asserting one line on stderr and no traceback."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from followup_desktop import cli

AT = "2026-03-02T15:00:00+00:00"
START = "2026-03-02T10:00:00+00:00"


def person(name: str = "Dana Whitfield", email: str = "dana@northwind.example") -> dict[str, Any]:
    return {"name": name, "email": email, "talking_points": ["the data platform migration"]}


def document(*people: dict[str, Any], drafts: list[dict[str, Any]] | None = None,
             company: str = "Northwind") -> dict[str, Any]:
    app: dict[str, Any] = {"company": company, "role": "Data Engineer",
                           "interviews": [{"start": START,
                                           "interviewers": list(people or [person()])}]}
    if drafts:
        app["drafts"] = drafts
    return {"format": "followup/1",
            "profile": {"name": "Ada Park", "email": "ada@example.com",
                        "timezone": "Europe/Berlin"},
            "applications": [app]}


def thank_you_draft(to: str = "dana@northwind.example", **fields: Any) -> dict[str, Any]:
    return {"window": {"kind": "thank-you", "round": 0, "person": to}, "to": to,
            "subject": "Thank you: Data Engineer", "body": "Dear Dana,\n\nThank you.\n",
            **fields}


class Run:
    def __init__(self, capsys: pytest.CaptureFixture[str], data_dir: Path) -> None:
        self.capsys = capsys
        self.data_dir = data_dir

    def __call__(self, *args: str, data_dir: Path | None = None) -> tuple[int, str, str]:
        self.capsys.readouterr()
        code = cli.main(["--data-dir", str(data_dir or self.data_dir), *args])
        out, err = self.capsys.readouterr()
        assert "Traceback" not in err, err
        return code, out, err

    def import_doc(self, doc: dict[str, Any], tmp: Path,
                   name: str = "in.json") -> tuple[int, str, str]:
        path = tmp / name
        path.write_text(json.dumps(doc), encoding="utf-8")
        return self("import", str(path))


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> Run:
    return Run(capsys, tmp_path / "data")


@pytest.fixture
def doc() -> Callable[..., dict[str, Any]]:
    return lambda *a, **k: copy.deepcopy(document(*a, **k))
