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


def _doc(name: str, company: str, **extra: object) -> dict[str, object]:
    return {"format": "followup/1",
            "profile": {"name": name, "email": f"{name.split()[0].lower()}@example.org",
                        "timezone": "UTC"},
            "applications": [{"company": company, "role": "Data Engineer", "interviews": [{
                "start": "2026-03-02T10:00:00+00:00", "interviewers": [{
                    "name": "Dana Whitfield", "email": "dana@northwind.example"}]}]}],
            **extra}


def _import(tmp_path: Path, data: Path, doc: dict[str, object], name: str) -> str:
    f = tmp_path / name
    f.write_text(json.dumps(doc))
    return run("import", str(f), data_dir=data).stdout


def _exported(tmp_path: Path, data: Path) -> dict[str, object]:
    out = tmp_path / "export.json"
    out.unlink(missing_ok=True)
    run("export", str(out), data_dir=data)
    return json.loads(out.read_text())  # type: ignore[no-any-return]


def test_an_import_of_someone_elses_file_keeps_the_users_profile(tmp_path: Path) -> None:
    data = tmp_path / "data"
    _import(tmp_path, data, _doc("Jonas Weber", "Lumen"), "mine.json")
    said = _import(tmp_path, data, _doc("Ada Park", "Northwind"), "ada.json")
    assert "Kept your profile (Jonas Weber); the file's (Ada Park) was not used." in said
    doc = _exported(tmp_path, data)
    assert doc["profile"]["name"] == "Jonas Weber"  # type: ignore[index]
    assert doc["profile"]["email"] == "jonas@example.org"  # type: ignore[index]
    assert len(doc["applications"]) == 2  # type: ignore[arg-type]


def test_an_import_of_a_same_name_file_that_differs_keeps_the_profile_and_says_what(
        tmp_path: Path) -> None:
    data = tmp_path / "data"
    _import(tmp_path, data, _doc("Jonas Weber", "Lumen"), "mine.json")
    newer = _doc("Jonas Weber", "Northwind")
    newer["profile"]["phone"] = "+49 30 1234"  # type: ignore[index]
    said = _import(tmp_path, data, newer, "mine2.json")
    assert ("Kept your profile (Jonas Weber, UTC); the file's differs (phone +49 30 1234) "
            "and was not used.") in said
    assert _exported(tmp_path, data)["profile"]["phone"] == ""  # type: ignore[index]
    said = _import(tmp_path, data, _doc("Jonas Weber", "Cobalt"), "same.json")
    assert "Kept your" not in said  # the same profile: nothing to keep


def test_an_import_keeps_the_users_own_schedule_settings(tmp_path: Path) -> None:
    data = tmp_path / "data"
    _import(tmp_path, data, _doc("Jonas Weber", "Lumen"), "mine.json")
    mine = _exported(tmp_path, data)["settings"]
    assert isinstance(mine, dict)
    key = next(k for k, v in mine.items() if isinstance(v, int) and not isinstance(v, bool))
    own = _doc("Jonas Weber", "Cobalt", settings={key: mine[key] + 1})
    _import(tmp_path, data, own, "own.json")  # the user's settings are the defaults: taken
    assert _exported(tmp_path, data)["settings"][key] == mine[key] + 1  # type: ignore[index]
    other = _doc("Ada Park", "Northwind", settings={key: mine[key] + 5})
    said = _import(tmp_path, data, other, "ada.json")
    assert "Kept your schedule settings" in said
    assert _exported(tmp_path, data)["settings"][key] == mine[key] + 1  # type: ignore[index]


def test_an_export_into_an_empty_folder_gives_the_profile_and_settings_back(
        tmp_path: Path) -> None:
    data = tmp_path / "data"
    _import(tmp_path, data, _doc("Jonas Weber", "Lumen"), "mine.json")
    before = _exported(tmp_path, data)
    said = _import(tmp_path, tmp_path / "empty", before, "back.json")
    assert "Kept your" not in said
    after = _exported(tmp_path, tmp_path / "empty")
    assert (after["profile"], after["settings"]) == (before["profile"], before["settings"])


def test_agenda_all_lists_the_too_late_ones_last_useful_first(tmp_path: Path) -> None:
    import datetime as dt

    from followup_desktop.cli import agenda_text
    from followup_desktop.context import AppContext
    from followup_desktop.paths import Paths
    from followup_desktop.records import WindowState
    from followup_desktop.services.demo import fill_sample_data

    now = dt.datetime(2026, 3, 4, 15, 0, tzinfo=dt.UTC)
    ctx = AppContext.open(Paths.for_data_dir(tmp_path / "data"), clock=lambda: now)
    try:
        fill_sample_data(ctx)
        later = now + dt.timedelta(days=60)  # most of the demo is too late by then
        plan = ctx.agenda_all(later)
        expired = [w for w in plan if w.state is WindowState.EXPIRED]
        assert len(expired) >= 3
        texts = [agenda_text(ctx, later, order).splitlines()
                 for order in (plan, list(reversed(plan)))]
    finally:
        ctx.close()
    rows = []
    for lines in texts:
        head = lines.index(f"Too late ({len(expired)})")  # one pair of brackets
        assert not any("(expired)" in line for line in lines)
        rows.append(lines[head + 1:head + 1 + len(expired)])
    assert rows[0] == rows[1]  # whatever order the plan came in
    wanted = sorted(expired, key=lambda w: w.late_until or w.due_at or w.opens_at,
                    reverse=True)
    for row, w in ((rows[0][0], wanted[0]), (rows[0][-1], wanted[-1])):
        assert w.company in row and (w.recipient or "") in row, (row, w)


def test_drafts_with_nothing_open_says_when_the_next_opens_and_makes_no_folder(
        tmp_path: Path) -> None:
    data = tmp_path / "data"
    _import(tmp_path, data, _doc("Jonas Weber", "Northwind"), "mine.json")  # ends 11:00 UTC
    out = tmp_path / "drafts"
    said = run("drafts", str(out), "--at", "2026-03-01T09:00:00+00:00", data_dir=data).stdout
    assert "Wrote 0" not in said and not out.exists()
    assert said.startswith("No email follow-up is open as of Sun 01 Mar 09:00; nothing "
                           "written."), said
    assert "The next opens Mon 02 Mar 11:00: Thank-you to Dana Whitfield (Northwind)." in said
    late = run("drafts", str(out), "--at", "2027-06-01", data_dir=data).stdout
    assert "No later email follow-up is planned." in late and not out.exists()


def test_every_option_of_drafts_and_calendar_has_a_help_line() -> None:
    for command in ("drafts", "calendar"):
        text = run(command, "--help").stdout
        options = text[text.index("options:"):]
        for line in options.splitlines()[1:]:
            if line.strip().startswith("-"):
                flag, _, rest = line.strip().partition("  ")
                assert rest.strip(), (command, line)
