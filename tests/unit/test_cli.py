"""The command line of interchange.md, through real subprocesses."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from followup_desktop import __version__
from tests.helpers.cli import REPO, run


def test_version():
    assert run("--version").stdout.strip() == f"followup-desktop {__version__}"


def test_demo_then_agenda_prints_a_readable_plan(tmp_path):
    run("demo", data_dir=tmp_path)
    text = run("agenda", data_dir=tmp_path).stdout
    assert "Follow-up plan for Ada Park" in text
    assert "Thank-you due " in text and "Northwind Analytics" in text
    assert "Traceback" not in text


def test_demo_refuses_a_folder_with_data(tmp_path):
    run("demo", data_dir=tmp_path)
    out = run("demo", data_dir=tmp_path, check=False)
    assert out.returncode != 0
    assert out.stderr.startswith("followup-desktop: ") and out.stderr.count("\n") == 1


def test_agenda_json_follows_the_contract(tmp_path):
    run("demo", data_dir=tmp_path)
    items = json.loads(run("agenda", "--json", data_dir=tmp_path).stdout)
    assert items, "the demo has follow-ups"
    keys = {"company", "role", "kind", "to", "opens_at", "due_at", "state"}
    assert all(keys <= set(i) for i in items)
    assert [i["opens_at"] for i in items] == sorted(i["opens_at"] for i in items)
    assert {i["state"] for i in items} <= {"upcoming", "open", "overdue", "snoozed"}
    assert all(i["opens_at"].endswith("Z") for i in items)
    assert all(i["to"] is None for i in items if i["kind"] == "debrief")
    kinds = {i["kind"] for i in items}
    assert {"thank-you", "materials", "check-in-1", "rejection-reply", "offer-confirmation",
            "stay-in-touch", "linkedin-note"} <= kinds


def test_agenda_at(tmp_path):
    doc = {"format": "followup/1", "profile": {"timezone": "America/New_York"},
           "applications": [{"company": "Northwind", "role": "DE", "interviews": [{
               "start": "2026-03-02T10:00:00-05:00",
               "interviewers": [{"name": "Dana", "email": "dana@northwind.example"}]}]}]}
    f = tmp_path / "in.json"
    f.write_text(json.dumps(doc))
    run("import", str(f), data_dir=tmp_path / "d")
    items = json.loads(run("agenda", "--at", "2026-03-02T12:00:00-05:00", "--json",
                           data_dir=tmp_path / "d").stdout)
    thank = [i for i in items if i["kind"] == "thank-you"]
    assert thank == [{"company": "Northwind", "role": "DE", "kind": "thank-you",
                      "to": "dana@northwind.example", "recipient": "Dana",
                      "opens_at": "2026-03-02T16:00:00Z", "due_at": "2026-03-03T16:00:00Z",
                      "state": "open"}]


@pytest.mark.parametrize("args", [
    ("agenda", "--at", "yesterday"),
    ("agenda", "--at", "2026-03-02T10:00:00"),
    ("import", "/nonexistent/file.json"),
])
def test_user_errors_are_one_line_without_traceback(tmp_path, args):
    out = run(*args, data_dir=tmp_path, check=False)
    assert out.returncode != 0
    assert "Traceback" not in out.stderr
    assert out.stderr.startswith("followup-desktop: ") and out.stderr.count("\n") == 1


@pytest.mark.parametrize("args", [
    ("calendar", "{blocked}/plan.ics"),
    ("export", "{blocked}/sub/all.json"),
    ("drafts", "{blocked}/drafts"),
    ("drafts", "{blocked}"),
])
def test_a_file_in_the_way_of_an_output_folder_is_named_in_one_line(tmp_path, args):
    """Every command that writes reports a file standing where its folder should be in
    words, naming that file, with exit code 1 (``calendar`` once ended in a traceback)."""
    blocked = tmp_path / "notes.txt"
    blocked.write_text("not a folder")
    argv = [a.format(blocked=blocked) for a in args]
    run("demo", data_dir=tmp_path / "data")  # drafts refuses a profile without a name
    out = run(*argv, data_dir=tmp_path / "data", check=False)
    assert out.returncode == 1, out.stderr
    assert "Traceback" not in out.stderr
    assert out.stderr.startswith("followup-desktop: ") and out.stderr.count("\n") == 1
    assert "is a file, not a folder" in out.stderr and str(blocked) in out.stderr
    assert blocked.read_text() == "not a folder"


def test_a_damaged_database_is_named_in_one_line(tmp_path):
    """A database cut short fails past connect() with "disk image is malformed" (once a
    traceback); the file is left as it was, for the recovery the window offers."""
    run("demo", data_dir=tmp_path / "whole")
    damaged = tmp_path / "damaged"
    damaged.mkdir()
    data = (tmp_path / "whole" / "followup.sqlite3").read_bytes()[:8192]
    (damaged / "followup.sqlite3").write_bytes(data)
    out = run("agenda", data_dir=damaged, check=False)
    assert out.returncode == 1
    assert out.stderr.startswith("followup-desktop: ") and out.stderr.count("\n") == 1
    assert "damaged" in out.stderr
    assert (damaged / "followup.sqlite3").read_bytes() == data


def test_bad_import_changes_nothing_and_names_the_path(tmp_path):
    run("demo", data_dir=tmp_path)
    before = run("export", str(tmp_path / "before.json"), data_dir=tmp_path)
    bad = {"format": "followup/1", "applications": [
        {"company": "Fine", "role": "R"},
        {"company": "Broken", "role": "R", "interviews": [{"start": "2026-03-02"}]}]}
    f = tmp_path / "bad.json"
    f.write_text(json.dumps(bad))
    out = run("import", str(f), data_dir=tmp_path, check=False)
    assert out.returncode == 1
    assert out.stderr.strip() == ("followup-desktop: applications[1].interviews[0].start: "
                                  "not an ISO 8601 date-time with an offset")
    run("export", str(tmp_path / "after.json"), data_dir=tmp_path)
    assert before.returncode == 0
    assert (tmp_path / "before.json").read_text() == (tmp_path / "after.json").read_text()


def test_export_import_round_trip_through_the_cli(tmp_path):
    run("demo", data_dir=tmp_path / "a")
    run("export", str(tmp_path / "a.json"), data_dir=tmp_path / "a")
    run("import", str(tmp_path / "a.json"), data_dir=tmp_path / "b")
    run("export", str(tmp_path / "b.json"), data_dir=tmp_path / "b")
    assert (tmp_path / "a.json").read_text() == (tmp_path / "b.json").read_text()


def test_export_never_overwrites_silently(tmp_path):
    target = tmp_path / "out.json"
    target.write_text("mine")
    out = run("export", str(target), data_dir=tmp_path / "d", check=False)
    assert out.returncode == 1 and "already exists" in out.stderr
    assert target.read_text() == "mine"


def test_data_dir_from_the_environment(tmp_path):
    run("demo", env={"FOLLOWUP_DATA_DIR": str(tmp_path / "env")})
    assert (tmp_path / "env" / "followup.sqlite3").exists()
    assert (tmp_path / "env").stat().st_mode & 0o777 == 0o700


CORE = ["followup_desktop.cli", "followup_desktop.store", "followup_desktop.schedule",
        "followup_desktop.compose", "followup_desktop.context", "followup_desktop.interchange",
        "followup_desktop.importers.invite", "followup_desktop.importers.spreadsheet",
        "followup_desktop.services.imports", "followup_desktop.services.drafts",
        "followup_desktop.services.startup", "followup_desktop.services.demo",
        "followup_desktop.services.backups"]


def test_the_command_line_and_the_core_never_import_qt(tmp_path):
    code = (
        "import sys, importlib\n"
        f"for m in {CORE!r}:\n"
        "    importlib.import_module(m)\n"
        "from followup_desktop import cli\n"
        f"cli.main(['--data-dir', {str(tmp_path)!r}, 'demo'])\n"
        f"cli.main(['--data-dir', {str(tmp_path)!r}, 'agenda', '--json'])\n"
        "bad = sorted(m for m in sys.modules if m.startswith('PySide6'))\n"
        "assert not bad, bad\n"
        "print('clean')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=120, cwd=REPO)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().endswith("clean")


def test_importing_the_package_creates_nothing(tmp_path):
    code = ("import followup_desktop, followup_desktop.paths, followup_desktop.app, "
            "followup_desktop.cli")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=60, cwd=REPO, env={**os.environ, "HOME": str(tmp_path),
                                                    "XDG_DATA_HOME": str(tmp_path / "d")})
    assert out.returncode == 0, out.stderr
    assert list(tmp_path.iterdir()) == []


def test_no_display_is_explained_in_one_line(tmp_path):
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    out = subprocess.run([sys.executable, "-m", "followup_desktop", "--data-dir", str(tmp_path)],
                         capture_output=True, text=True, timeout=60, cwd=REPO, env=env)
    assert out.returncode == 1
    assert "no display found" in out.stderr and out.stderr.count("\n") == 1


def test_an_import_into_existing_data_is_preceded_by_a_backup(tmp_path):
    run("demo", data_dir=tmp_path)
    doc = {"format": "followup/1", "applications": [{"company": "Extra", "role": "R"}]}
    f = tmp_path / "more.json"
    f.write_text(json.dumps(doc))
    run("import", str(f), data_dir=tmp_path)
    backups = list((tmp_path / "backups").glob("*before-import*.sqlite3"))
    assert len(backups) == 1
    import sqlite3

    con = sqlite3.connect(backups[0])
    assert con.execute("SELECT count(*) FROM application").fetchone()[0] == 11  # before Extra
    con.close()


_GUI_TOKENS = ["--hidden", "--selftest", "--data-dir", "--screenshot", "--size", "--data-dir=d",
               "--size=800x600", "--screenshot=s.png", "/tmp/x", "a.png", "-v", "--", "agenda",
               "--hidden=1", "--data", "", "900x700"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_GUI_TOKENS), max_size=6))
def test_the_window_fast_path_parses_exactly_as_the_command_line(argv: list[str]) -> None:
    """app._gui_args skips argparse for the window's own options: whatever it accepts must
    give the same values the full parser gives; the rest is left to the full parser."""
    from followup_desktop.app import _gui_args
    from followup_desktop.cli import build_parser

    fast = _gui_args(argv)
    if fast is None:
        return
    full = build_parser().parse_args(argv)  # must not fail on what the fast path took
    for name in ("command", "data_dir", "screenshot", "size", "selftest", "hidden"):
        assert getattr(fast, name) == getattr(full, name), name


def test_a_week_away_expired_windows_leave_the_agenda_and_drafts_but_agenda_all_lists_them(
        tmp_path):
    """Issue 18: a round 10 days ago leaves no "overdue" thank-you, debrief or
    materials, and no draft for them; ``agenda --all`` lists them as expired."""
    doc = {"format": "followup/1", "profile": {"name": "Ada Park", "email": "ada@example.org",
                                               "timezone": "America/New_York"},
           "applications": [{"company": "Northwind", "role": "Data Engineer", "interviews": [{
               "start": "2026-03-02T10:00:00-05:00", "interviewers": [{
                   "name": "Dana Whitfield", "email": "dana@northwind.example",
                   "main_contact": True, "talking_points": ["streaming"]}],
               "promises": [{"to": "dana@northwind.example", "what": "the case study"}]}]}]}
    src = tmp_path / "in.json"
    src.write_text(json.dumps(doc))
    data = tmp_path / "data"
    run("import", str(src), data_dir=data)
    at = "2026-03-12T10:00:00-05:00"
    items = json.loads(run("agenda", "--json", "--at", at, data_dir=data).stdout)
    assert [(i["kind"], i["state"]) for i in items] == [("check-in-1", "open")]
    every = json.loads(run("agenda", "--all", "--json", "--at", at, data_dir=data).stdout)
    assert sorted((i["kind"], i["state"]) for i in every) == [
        ("check-in-1", "open"), ("materials", "expired"), ("thank-you", "expired")]
    text = run("agenda", "--all", "--at", at, data_dir=data).stdout
    assert "Too late (2)" in text and "Thank-you too late" in text
    run("drafts", str(tmp_path / "out"), "--at", at, data_dir=data)
    names = sorted(p.name for p in (tmp_path / "out").glob("*.eml"))
    assert len(names) == 1 and names[0].startswith("Check-in"), names


def test_agenda_reads_as_the_window_does_overdue_open_now_today_this_week_later(tmp_path):
    run("demo", data_dir=tmp_path)
    text = run("agenda", data_dir=tmp_path, env={"LC_ALL": "de_DE.UTF-8"}).stdout
    titles = [line.split(" (")[0] for line in text.splitlines()
              if line and not line.startswith(" ") and line.endswith(")")
              and not line.startswith("Follow-up plan")]
    assert titles and titles == [t for t in ("Overdue", "Open now", "Later today",
                                             "This week", "Later") if t in titles]
    assert "Upcoming" not in text
    open_now = text.split("Open now (")[1].split("\n\n")[0].splitlines()[1:]
    assert open_now and all(" opens " not in line for line in open_now)
    # open, due a few calendar days on (how many depends on today's hour)
    assert any(re.search(r"due in [2-9] days", line) for line in open_now)
    later = text.split("Later (")[1].split("\n\n")[0] if "Later (" in text else ""
    assert " due in " not in later  # nothing open is under Later
