"""``drafts DIR`` run again into the same folder: one file per follow-up and person,
replaced when its text changed, left alone when not; the user's own files never touched;
no folder made when no draft could be written. Through the command line, in-process."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from followup_desktop import cli
from followup_desktop.services.drafts_folder import MANIFEST

AT = "2026-03-02T15:00:00+00:00"


def _doc(*emails: str, drafts: list[dict[str, Any]] | None = None,
         profile_email: str = "ada@example.com") -> dict[str, Any]:
    people = [{"name": f"Person {e[0].upper()}", "email": e} for e in emails]
    app: dict[str, Any] = {"company": "Northwind", "role": "Data Engineer",
                           "interviews": [{"start": "2026-03-02T10:00:00+00:00",
                                           "interviewers": people}]}
    if drafts:
        app["drafts"] = drafts
    return {"format": "followup/1",
            "profile": {"name": "Ada Park", "email": profile_email, "timezone": "UTC"},
            "applications": [app]}


class Cli:
    def __init__(self, capsys: pytest.CaptureFixture[str], tmp: Path) -> None:
        self.capsys, self.tmp, self.data = capsys, tmp, tmp / "data"

    def __call__(self, *args: str) -> tuple[int, str, str]:
        self.capsys.readouterr()
        code = cli.main(["--data-dir", str(self.data), *args])
        out, err = self.capsys.readouterr()
        assert "Traceback" not in err, err
        return code, out, err

    def load(self, doc: dict[str, Any]) -> None:
        src = self.tmp / "in.json"
        src.write_text(json.dumps(doc), encoding="utf-8")
        assert self("import", str(src))[0] == 0


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> Cli:
    return Cli(capsys, tmp_path)


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.name != MANIFEST}


def test_a_second_run_leaves_the_same_drafts_alone(run: Cli, tmp_path: Path) -> None:
    run.load(_doc("dana@northwind.example", "marcus@northwind.example"))
    out = tmp_path / "out"
    code, said, _ = run("drafts", str(out), "--at", AT)
    assert code == 0 and said.strip().endswith(f"Drafts in {out}: 2 written."), said
    first = _files(out)
    assert len(first) == 2
    code, said, _ = run("drafts", str(out), "--at", AT)
    assert code == 0 and said.strip() == f"Drafts in {out}: 2 unchanged.", said
    assert _files(out) == first  # no "(2)" copy, not even a new Date header
    # an hour later: still the same text, still left alone
    code, said, _ = run("drafts", str(out), "--at", "2026-03-02T16:00:00+00:00")
    assert said.strip() == f"Drafts in {out}: 2 unchanged." and _files(out) == first


def test_a_changed_draft_replaces_its_own_file_only(run: Cli, tmp_path: Path) -> None:
    saved = {"window": {"kind": "thank-you", "round": 0, "person": "dana@northwind.example"},
             "to": "dana@northwind.example", "subject": "Thank you",
             "body": "Dear Dana,\n\nThank you.\n"}
    run.load(_doc("dana@northwind.example", "marcus@northwind.example", drafts=[saved]))
    out = tmp_path / "out"
    run("drafts", str(out), "--at", AT)
    first = _files(out)
    con = sqlite3.connect(run.data / "followup.sqlite3")
    with con:  # the user edits Dana's saved draft in the window
        con.execute("UPDATE draft SET body = 'Dear Dana, edited.' WHERE body LIKE 'Dear D%'")
        assert con.total_changes == 1
    con.close()
    code, said, _ = run("drafts", str(out), "--at", AT)
    assert code == 0, said
    lines = said.strip().splitlines()
    assert lines[-1] == f"Drafts in {out}: 1 replaced, 1 unchanged.", said
    now = _files(out)
    assert sorted(now) == sorted(first)  # the same two names
    dana = next(n for n in now if "Dana" in n or "Person D" in n)
    assert lines[0] == dana
    assert b"edited" in now[dana] and now[dana] != first[dana]
    other = next(n for n in now if n != dana)
    assert now[other] == first[other]


def test_the_users_own_files_are_never_touched(run: Cli, tmp_path: Path) -> None:
    run.load(_doc("dana@northwind.example"))
    out = tmp_path / "out"
    out.mkdir()
    run("drafts", str(tmp_path / "probe"), "--at", AT)
    name = next(iter(_files(tmp_path / "probe")))
    (out / name).write_bytes(b"my own message\n")  # the same name as the draft's
    (out / "notes.txt").write_bytes(b"mine\n")
    run("drafts", str(out), "--at", AT)
    assert (out / name).read_bytes() == b"my own message\n"
    assert (out / "notes.txt").read_bytes() == b"mine\n"
    written = [n for n in _files(out) if n not in (name, "notes.txt")]
    assert len(written) == 1 and written[0].endswith("(2).eml"), written
    # the user edits the file drafts wrote: it is theirs now, left as it is
    (out / written[0]).write_bytes(b"edited by hand\n")
    code, said, _ = run("drafts", str(out), "--at", AT)
    assert (out / written[0]).read_bytes() == b"edited by hand\n"
    assert (out / name).read_bytes() == b"my own message\n"
    # the unchanged draft's file is gone from the list (edited): a new file beside it
    assert said.strip().endswith("1 written."), said
    assert len(_files(out)) == 4
    # and that new file is left alone the next time
    code, said, _ = run("drafts", str(out), "--at", AT)
    assert said.strip().endswith("1 unchanged.") and len(_files(out)) == 4


def test_a_deleted_file_is_written_again(run: Cli, tmp_path: Path) -> None:
    run.load(_doc("dana@northwind.example"))
    out = tmp_path / "out"
    run("drafts", str(out), "--at", AT)
    (name,) = _files(out)
    (out / name).unlink()
    code, said, _ = run("drafts", str(out), "--at", AT)
    lines = said.strip().splitlines()
    assert code == 0 and lines[0] == name and lines[-1] == f"Drafts in {out}: 1 written."
    assert (out / name).is_file()


def test_a_damaged_list_only_means_new_files(run: Cli, tmp_path: Path) -> None:
    run.load(_doc("dana@northwind.example"))
    out = tmp_path / "out"
    run("drafts", str(out), "--at", AT)
    first = _files(out)
    (out / MANIFEST).write_text('{"files": {"x": {"name": "../../etc", "content": ""')
    code, said, _ = run("drafts", str(out), "--at", AT)
    assert code == 0 and said.strip().endswith("1 written.")
    assert all(_files(out)[n] == b for n, b in first.items())  # nothing replaced


def test_no_folder_when_every_draft_fails(run: Cli, tmp_path: Path) -> None:
    run.load(_doc("dana@northwind.example", "marcus@northwind.example",
                  profile_email="ada@example.com"))
    con = sqlite3.connect(run.data / "followup.sqlite3")
    with con:  # a sender address no message can carry (an old database, a bad edit)
        con.execute("UPDATE setting SET value = '\"not an address\"' "
                    "WHERE key = 'profile.email'")
    con.close()
    out = tmp_path / "never"
    code, _said, err = run("drafts", str(out), "--at", AT)
    assert code != 0
    assert err.count("not written:") == 2, err
    assert "nothing written" in err
    assert not out.exists()


def test_the_folder_is_filled_as_the_drafts_come(run: Cli, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """Streamed, in batches: the first outcome comes before every draft is composed (a list
    of every message once took 9.4 GB for 190,000 drafts)."""
    import datetime as dt

    from followup_desktop import drafting
    from followup_desktop.cli import open_context
    from followup_desktop.paths import Paths
    from followup_desktop.services import drafts_folder

    run.load(_doc("dana@northwind.example", "marcus@northwind.example",
                  "mei@northwind.example"))
    read: list[object] = []
    real = drafting.drafts_with_warnings

    def counted(ctx: object, now: dt.datetime) -> object:
        for item in real(ctx, now):  # type: ignore[arg-type]
            read.append(item)
            yield item

    monkeypatch.setattr(drafting, "drafts_with_warnings", counted)
    monkeypatch.setattr(drafts_folder, "BATCH", 1)
    ctx = open_context(Paths.for_data_dir(run.data))
    try:
        outcomes = drafts_folder.fill_drafts_folder(
            ctx, tmp_path / "out", dt.datetime(2026, 3, 2, 15, 0, tzinfo=dt.UTC))
        first = next(outcomes)
        assert first.action == drafts_folder.WRITTEN and len(read) == 1
        assert [o.action for o in outcomes] == [drafts_folder.WRITTEN] * 2
    finally:
        ctx.close()
    assert len(_files(tmp_path / "out")) == 3
    assert json.loads((tmp_path / "out" / MANIFEST).read_text())["version"] == 1


def test_a_folder_whose_parent_is_missing_is_refused_and_nothing_is_made(
        run: Cli, tmp_path: Path) -> None:
    """The service itself makes the folder, never its parents (the command checks the
    path before it opens anything; here the service is asked directly)."""
    import datetime as dt

    from followup_desktop.clock import fixed_clock
    from followup_desktop.compose import DraftError
    from followup_desktop.context import AppContext
    from followup_desktop.paths import Paths
    from followup_desktop.services.drafts_folder import fill_drafts_folder

    run.load(_doc("dana@northwind.example"))
    now = dt.datetime.fromisoformat(AT)
    ctx = AppContext.open(Paths.for_data_dir(run.data), clock=fixed_clock(now))
    try:
        with pytest.raises(DraftError, match="Cannot write to .*No such file"):
            list(fill_drafts_folder(ctx, tmp_path / "no" / "such" / "drafts", now))
        assert not (tmp_path / "no").exists()
        made = tmp_path / "drafts"
        assert [o.action for o in fill_drafts_folder(ctx, made, now)]
        assert made.stat().st_mode & 0o777 == 0o700
    finally:
        ctx.close()
