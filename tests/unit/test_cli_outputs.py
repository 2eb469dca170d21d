"""Where the commands write: a file export into a folder that does not exist is one line
and a non-zero exit, never a new tree of folders; Followup's own database is never a
target; an empty name is refused. Through real subprocesses."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.unit.test_cli import REPO, run

DOC = {"format": "followup/1", "profile": {"name": "Ada Park", "email": "ada@example.org",
                                          "timezone": "UTC"},
       "applications": [{"company": "Northwind", "role": "Data Engineer", "interviews": [{
           "start": "2026-03-02T10:00:00+00:00", "interviewers": [{
               "name": "Dana Whitfield", "email": "dana@northwind.example"}]}]}]}
OFFSCREEN = {"QT_QPA_PLATFORM": "offscreen"}


@pytest.fixture
def data(tmp_path: Path) -> Path:
    src = tmp_path / "in.json"
    src.write_text(json.dumps(DOC))
    folder = tmp_path / "data"
    run("import", str(src), data_dir=folder)
    return folder


def one_line_error(out: subprocess.CompletedProcess[str]) -> str:
    assert out.returncode == 1, (out.returncode, out.stdout, out.stderr)
    assert out.stderr.startswith("followup-desktop: ") and out.stderr.count("\n") == 1
    assert "Traceback" not in out.stderr
    return out.stderr


@pytest.mark.parametrize("args", [
    ("--screenshot", "{missing}/shot.png"),
    ("export", "{missing}/out.json"),
    ("calendar", "{missing}/out.ics"),
])
def test_a_missing_folder_is_an_error_and_is_not_made(data: Path, tmp_path: Path,
                                                      args: tuple[str, ...]) -> None:
    missing = tmp_path / "no-such" / "folder"
    argv = [a.format(missing=missing) for a in args]
    err = one_line_error(run(*argv, data_dir=data, env=OFFSCREEN, check=False))
    assert "does not exist" in err and str(missing) in err
    assert not (tmp_path / "no-such").exists()


def test_drafts_makes_its_own_folder_in_one_that_exists(data: Path, tmp_path: Path) -> None:
    run("drafts", str(tmp_path / "drafts"), "--at", "2026-03-02T12:00:00+00:00", data_dir=data)
    # the draft, and the hidden list of the files drafts wrote (run again, it replaces
    # them instead of piling up copies)
    assert sorted(p.suffix for p in (tmp_path / "drafts").iterdir()) == [".eml", ".json"]
    assert (tmp_path / "drafts" / ".followup-drafts.json").is_file()


@pytest.mark.parametrize("args", [("--screenshot", "{db}"), ("export", "--force", "{db}"),
                                  ("calendar", "--force", "{db}"),
                                  ("export", "--force", "{db}-wal")])
def test_followups_own_database_is_never_written_over(data: Path, args: tuple[str, ...]) -> None:
    db = data / "followup.sqlite3"
    before = db.read_bytes()
    argv = [a.format(db=db) for a in args]
    err = one_line_error(run(*argv, data_dir=data, env=OFFSCREEN, check=False))
    assert "Followup's own files" in err
    assert db.read_bytes()[:16] == before[:16] == b"SQLite format 3\x00"
    assert "Northwind" in run("agenda", "--at", "2026-03-02T12:00:00+00:00", data_dir=data).stdout


@pytest.mark.parametrize("args", [("--screenshot", ""), ("export", ""), ("calendar", ""),
                                  ("drafts", ""), ("import", "")])
def test_an_empty_name_is_refused_not_read_as_the_current_folder(
        data: Path, tmp_path: Path, args: tuple[str, ...]) -> None:
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    out = subprocess.run([sys.executable, "-m", "followup_desktop", "--data-dir", str(data),
                          *args], capture_output=True, text=True, timeout=60, cwd=cwd,
                         env={**os.environ, **OFFSCREEN, "PYTHONPATH": str(REPO)})
    assert "it was empty" in one_line_error(out)
    assert list(cwd.iterdir()) == []


def test_a_screenshot_into_a_missing_folder_leaves_a_new_data_folder_unmade(
        tmp_path: Path) -> None:
    fresh = tmp_path / "fresh"
    one_line_error(run("--screenshot", str(tmp_path / "nope" / "x.png"), data_dir=fresh,
                       env=OFFSCREEN, check=False))
    assert not fresh.exists() and not (tmp_path / "nope").exists()


def test_drafts_into_a_folder_whose_parents_are_missing_is_refused(data: Path,
                                                                    tmp_path: Path) -> None:
    """It once made the whole tree /tmp/x/zz2/zz3 and exited 0."""
    err = one_line_error(run("drafts", str(tmp_path / "x" / "zz2" / "zz3"), "--at",
                             "2026-03-02T12:00:00+00:00", data_dir=data, check=False))
    assert f"the folder {tmp_path / 'x' / 'zz2'} does not exist" in err
    assert not (tmp_path / "x").exists()


@pytest.mark.parametrize("folder", ["backups", "damaged", "attachments", "templates", "logs",
                                    ".", "backups/new"])
def test_drafts_never_go_into_followups_own_folders(data: Path, folder: str) -> None:
    target = data / folder
    before = sorted(p.relative_to(data) for p in data.rglob("*"))
    err = one_line_error(run("drafts", str(target), "--at", "2026-03-02T12:00:00+00:00",
                             data_dir=data, check=False))
    assert "one of Followup's own folders" in err and str(target) in err
    assert sorted(p.relative_to(data) for p in data.rglob("*")) == before


@pytest.mark.parametrize("args", [("calendar", "{data}/followup.sqlite3.clean", "--force"),
                                  ("calendar", "{data}/window.ini", "--force"),
                                  ("export", "{data}/attachments-picked.json", "--force"),
                                  ("export", "{data}/followup.lock", "--force"),
                                  ("--screenshot", "{data}/window.ini")])
def test_followups_own_files_are_never_written_over(data: Path, args: tuple[str, ...]) -> None:
    """``calendar D/followup.sqlite3.clean --force`` once wrote an .ics over the stamp."""
    argv = [a.format(data=data) for a in args]
    target = Path(argv[1])
    target.write_bytes(b"Followup's own\n")
    err = one_line_error(run(*argv, data_dir=data, env=OFFSCREEN, check=False))
    assert f"{target} is one of Followup's own files" in err
    assert target.read_bytes() == b"Followup's own\n"


@pytest.mark.parametrize("made", [False, True], ids=["no-folder", "empty-folder"])
def test_a_screenshot_of_a_folder_with_no_database_leaves_nothing_behind(
        tmp_path: Path, made: bool) -> None:
    """It once made the folder and a 176 KB database; the first-run page is still drawn."""
    fresh = tmp_path / "new" / "data"
    if made:
        fresh.mkdir(parents=True)
    shot = tmp_path / "shot.png"
    run("--screenshot", str(shot), "--size", "800x600", data_dir=fresh, env=OFFSCREEN)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    if made:
        assert list(fresh.iterdir()) == []
    else:
        assert not (tmp_path / "new").exists()
