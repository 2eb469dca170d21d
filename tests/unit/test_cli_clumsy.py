"""Clumsy command lines, as a user types them: each is one line on stderr with a non-zero
exit, says what is wrong in words and touches nothing. Real subprocesses, and the entry
function where a read-only folder is stood in for."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from followup_desktop import cli
from tests.unit.test_cli import run


def one_line(out, code: int = 1) -> str:  # type: ignore[no-untyped-def]
    assert out.returncode == code, (out.returncode, out.stderr)
    assert "Traceback" not in out.stderr and "usage:" not in out.stderr
    assert out.stderr.startswith("followup-desktop: ") and out.stderr.count("\n") == 1
    return str(out.stderr)


@pytest.mark.parametrize(("args", "says"), [
    (("frobnicate",), "invalid choice: 'frobnicate'"),
    (("mail",), "mail: the following arguments are required: ACTION"),
    (("calendar-account", "setup", "--url", "x"), "required: --user"),
    (("mail", "undo", "abc"), "invalid int value: 'abc'"),
    (("agenda", "--bogus"), "unrecognized arguments: --bogus"),
    (("import",), "import: the following arguments are required: FILE"),
])
def test_a_mistyped_command_line_is_one_line_with_where_to_look(
        tmp_path: Path, args: tuple[str, ...], says: str) -> None:
    err = one_line(run(*args, data_dir=tmp_path / "d", check=False), code=2)
    assert says in err and "--help` lists what it takes" in err
    assert not (tmp_path / "d").exists()


def test_help_is_still_the_full_usage() -> None:
    out = run("mail", "--help")
    assert out.stdout.startswith("usage: followup-desktop mail") and "dismiss" in out.stdout


def test_an_empty_data_dir_is_refused_not_read_as_the_default(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    env = {"HOME": str(home), "XDG_DATA_HOME": str(home / "data"), "FOLLOWUP_DATA_DIR": ""}
    err = one_line(run("--data-dir", "", "agenda", env=env, check=False))
    assert "--data-dir is empty" in err
    assert list(home.iterdir()) == []


def test_a_file_given_as_the_data_folder_is_named(tmp_path: Path) -> None:
    note = tmp_path / "notes.txt"
    note.write_text("mine")
    for folder in (note, note / "sub"):
        err = one_line(run("agenda", data_dir=folder, check=False))
        assert f"{note} is a file, not a folder" in err
    assert note.read_text() == "mine"


def test_a_database_given_to_import_says_what_it_is(tmp_path: Path) -> None:
    src = tmp_path / "in.json"
    src.write_text(json.dumps({"format": "followup/1", "applications": []}))
    data = tmp_path / "data"
    run("import", str(src), data_dir=data)
    err = one_line(run("import", str(data / "followup.sqlite3"), data_dir=data, check=False))
    assert "is a database, not a data file" in err and "File › Backups" in err


def test_the_accounts_status_works_in_a_read_only_data_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """``mail status`` and ``calendar-account status`` only read: on a folder that cannot
    be written they answer (once: "`mail` cannot change it"); ``mail forget`` is refused."""
    from followup_desktop.store import recovery

    data = tmp_path / "data"
    assert cli.main(["--data-dir", str(data), "demo"]) == 0
    os.chmod(data, 0o700)
    capsys.readouterr()
    monkeypatch.setattr(recovery, "folder_writable", lambda folder: False)
    before = (data / "followup.sqlite3").read_bytes()
    for command in ("mail", "calendar-account"):
        assert cli.main(["--data-dir", str(data), command, "status"]) == 0
        out, err = capsys.readouterr()
        assert out.startswith("No ") and err == ""
    assert cli.main(["--data-dir", str(data), "mail", "forget"]) == 1
    err = capsys.readouterr().err
    assert "read-only, so `mail forget` cannot change it" in err
    assert (data / "followup.sqlite3").read_bytes() == before
