"""Issue 18 item 9: the command line's small courtesies, through real subprocesses."""

from __future__ import annotations

import json
import os
from pathlib import Path

from tests.helpers.cli import run

DOC = {"format": "followup/1",
       "profile": {"name": "Ada Park", "timezone": "America/New_York"},
       "applications": [{"company": "Northwind", "role": "Data Engineer", "interviews": [{
           "start": "2026-03-02T10:00:00-05:00", "interviewers": [{
               "name": "Dana Whitfield", "email": "dana@northwind.example"}]}]}]}


def _data(tmp_path: Path) -> Path:
    src = tmp_path / "in.json"
    src.write_text(json.dumps(DOC))
    data = tmp_path / "data"
    run("import", str(src), data_dir=data)
    return data


def test_import_help_names_every_file_it_takes() -> None:
    text = run("import", "--help").stdout
    assert ".json" in text and ".ics" in text and ".csv" in text
    top = run("--help").stdout
    import_line = next(line for line in top.splitlines() if line.strip().startswith("import"))
    assert ".json" in import_line and ".ics" in import_line


def test_at_takes_a_bare_date_as_midnight_in_the_profiles_zone(tmp_path: Path) -> None:
    data = _data(tmp_path)
    text = run("agenda", "--at", "2026-03-03", data_dir=data).stdout
    assert "as of Tue 03 Mar 00:00 (America/New_York)" in text
    bare = json.loads(run("agenda", "--json", "--at", "2026-03-03", data_dir=data).stdout)
    full = json.loads(run("agenda", "--json", "--at", "2026-03-03T00:00:00-05:00",
                          data_dir=data).stdout)
    assert bare == full and bare
    bad = run("agenda", "--at", "2026-02-30", data_dir=data, check=False)
    assert bad.returncode == 1 and bad.stderr.count("\n") == 1 and "2026-02-30" in bad.stderr


def test_calendar_and_export_to_a_folder_ask_for_a_file_name(tmp_path: Path) -> None:
    data = _data(tmp_path)
    folder = tmp_path / "out"
    folder.mkdir()
    for args in (("calendar", str(folder)), ("calendar", str(folder), "--force"),
                 ("export", str(folder), "--force")):
        out = run(*args, data_dir=data, check=False)
        assert out.returncode == 1, args
        assert "needs a file name" in out.stderr and str(folder) in out.stderr
        assert ".part" not in out.stderr and out.stderr.count("\n") == 1
    assert list(folder.iterdir()) == []


def test_no_message_names_a_temporary_part_file(tmp_path: Path) -> None:
    from followup_desktop.fileio import atomic_write

    target = tmp_path / "taken"
    target.mkdir()
    (target / "inside").write_text("x")  # a folder that a rename cannot replace
    try:
        atomic_write(target, b"data", overwrite=True)
    except OSError as exc:
        assert ".part" not in str(exc) and str(exc.filename) == str(target)
    else:  # pragma: no cover
        raise AssertionError("replaced a folder")
    assert [p.name for p in tmp_path.iterdir()] == ["taken"]  # no temporary file left


def test_screenshot_stderr_is_clean_and_a_bad_folder_is_one_line(tmp_path: Path) -> None:
    data = _data(tmp_path)
    env = {"QT_QPA_PLATFORM": "offscreen"}
    out = run("--screenshot", str(tmp_path / "shot.png"), data_dir=data, env=env)
    assert "propagateSizeHints" not in out.stderr and out.stderr == ""
    assert (tmp_path / "shot.png").stat().st_size > 1000
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "followup.sqlite3").write_bytes(b"not a database " * 20)
    env_bad = {**env, "FOLLOWUP_DATA_DIR": ""}
    out = run("--screenshot", str(tmp_path / "bad.png"), data_dir=bad, env=env_bad,
              check=False)
    assert out.returncode == 1
    assert out.stderr.startswith("followup-desktop: ") and out.stderr.count("\n") == 1
    assert os.path.exists(bad / "followup.sqlite3")


def test_demo_prints_the_real_commands_that_open_its_data(tmp_path: Path) -> None:
    import shlex
    import subprocess
    import sys

    data = tmp_path / "Ada's sample data"  # a space and a quote: quoted for the shell
    out = run("demo", data_dir=data).stdout
    assert "..." not in out
    commands = [shlex.split(line.split(":", 1)[1]) for line in out.splitlines()[1:]]
    assert commands == [["followup-desktop", "--data-dir", str(data)],
                        ["followup-desktop", "--data-dir", str(data), "agenda"]]
    agenda = run(*commands[1][3:], data_dir=Path(commands[1][2])).stdout
    assert "Northwind Analytics" in agenda
    # started through a script of that name, the script is named as it was started
    script = tmp_path / "bin" / "followup-desktop"
    script.parent.mkdir()
    script.write_text(f"#!{sys.executable}\nimport sys\nfrom followup_desktop.app import main\n"
                      "sys.exit(main())\n")
    script.chmod(0o755)
    fresh = tmp_path / "fresh"
    text = subprocess.run([str(script), "--data-dir", str(fresh), "demo"], capture_output=True,
                          text=True, check=True, timeout=120,
                          env={**os.environ, "PATH": "/usr/bin:/bin"}).stdout
    assert shlex.split(text.splitlines()[1].split(":", 1)[1]) == [
        str(script), "--data-dir", str(fresh)]
