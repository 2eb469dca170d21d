"""A first command on a data folder that has no database yet: when it fails, or when it
only reads, it leaves no trace (no empty database, no folders); when it adds data, the
folder stays. Through real subprocesses."""

from __future__ import annotations

import json
from pathlib import Path

from tests.unit.test_cli import run

GOOD = {"format": "followup/1", "profile": {"timezone": "UTC"},
        "applications": [{"company": "Northwind", "role": "Data Engineer", "interviews": [{
            "start": "2026-03-02T10:00:00+00:00", "interviewers": [{
                "name": "Dana Whitfield", "email": "dana@northwind.example"}]}]}]}
BROKEN = {"format": "followup/1", "applications": [{"company": "Northwind"}]}


def write(tmp_path: Path, name: str, doc: object) -> Path:
    f = tmp_path / name
    f.write_text(json.dumps(doc))
    return f


def failed(out) -> str:  # type: ignore[no-untyped-def]
    assert out.returncode == 1 and "Traceback" not in out.stderr, out.stderr
    assert out.stderr.count("\n") == 1
    return str(out.stderr)


def test_a_failed_import_into_a_new_folder_leaves_nothing(tmp_path: Path) -> None:
    new = tmp_path / "new" / "data"
    err = failed(run("import", str(write(tmp_path, "broken.json", BROKEN)), data_dir=new,
                     check=False))
    assert "applications[0].role" in err
    assert not (tmp_path / "new").exists()


def test_an_import_of_a_missing_file_makes_no_data_folder(tmp_path: Path) -> None:
    new = tmp_path / "new"
    err = failed(run("import", str(tmp_path / "nope.json"), data_dir=new, check=False))
    assert "no such file" in err and not new.exists()


def test_a_command_that_only_reads_makes_no_data_folder(tmp_path: Path) -> None:
    new = tmp_path / "typo"
    assert "Nothing to follow up" in run("agenda", data_dir=new).stdout
    run("export", str(tmp_path / "out.json"), data_dir=new)
    run("mail", "status", data_dir=new)
    run("calendar-account", "status", data_dir=new)
    assert not new.exists()
    assert json.loads((tmp_path / "out.json").read_text())["applications"] == []


def test_a_folder_the_user_made_stays_with_what_is_in_it(tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    mine.mkdir(mode=0o700)
    (mine / "notes.txt").write_text("keep me")
    failed(run("import", str(write(tmp_path, "broken.json", BROKEN)), data_dir=mine,
               check=False))
    assert sorted(p.name for p in mine.iterdir()) == ["notes.txt"]


def test_a_first_import_that_works_keeps_its_folder(tmp_path: Path) -> None:
    new = tmp_path / "new"
    run("import", str(write(tmp_path, "good.json", GOOD)), data_dir=new)
    assert (new / "followup.sqlite3").is_file()
    failed(run("import", str(write(tmp_path, "broken.json", BROKEN)), data_dir=new,
               check=False))  # the data that is there stays
    assert "Northwind" in run("agenda", "--at", "2026-03-02T12:00:00+00:00", data_dir=new).stdout


def test_a_folder_another_followup_holds_is_left_alone(tmp_path: Path) -> None:
    """The window took the folder meanwhile (its lock file): the database it uses stays."""
    held = tmp_path / "held"
    held.mkdir(mode=0o700)
    (held / "followup.lock").write_text("12345\n")
    failed(run("import", str(write(tmp_path, "broken.json", BROKEN)), data_dir=held,
               check=False))
    assert (held / "followup.sqlite3").is_file()
