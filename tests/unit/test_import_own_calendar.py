"""Followup's own calendar export imported back (issue #18 item 5): never interviews.

``demo`` -> ``calendar`` -> ``import`` once added one application per follow-up event. The
command line here runs in a subprocess as a user runs it; the moved-event case runs in
process with a fixed clock.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from followup_desktop.clock import fixed_clock
from followup_desktop.context import AppContext
from followup_desktop.importers.errors import ImportFileError
from followup_desktop.paths import Paths
from followup_desktop.records import FollowupWindow
from followup_desktop.services.demo import fill_sample_data
from followup_desktop.services.imports import import_file
from tests.helpers.cli import run

DATA = Path(__file__).parent / "data"
NOW = dt.datetime(2026, 3, 20, 16, 0, tzinfo=dt.UTC)


def _export(tmp_path: Path) -> tuple[Path, Path, int]:
    data, ics = tmp_path / "a", tmp_path / "a.ics"
    run("demo", data_dir=data)
    out = run("calendar", str(ics), data_dir=data).stdout
    count = int(re.search(r"Wrote (\d+) follow-up", out).group(1))  # type: ignore[union-attr]
    return data, ics, count


def _count(data: Path, tmp_path: Path) -> int:
    dump = tmp_path / f"dump{len(list(tmp_path.glob('dump*')))}.json"
    run("export", str(dump), data_dir=data)
    return len(json.loads(dump.read_text("utf-8"))["applications"])


def test_demo_calendar_import_adds_nothing_and_says_why(tmp_path: Path) -> None:
    data, ics, count = _export(tmp_path)
    assert count > 1
    before = _count(data, tmp_path)
    out = run("import", str(ics), data_dir=data)
    assert out.returncode == 0
    assert out.stdout.strip() == (
        f"Nothing added: {ics} is Followup's own calendar of {count} follow-up(s) "
        f"({count} already here). To move data between folders use `export` and import "
        "the .json.")
    assert _count(data, tmp_path) == before
    # another data folder's export: skipped, nothing added there either
    other = run("import", str(ics), data_dir=tmp_path / "b")
    assert f"({count} from another data folder: skipped)" in other.stdout
    assert _count(tmp_path / "b", tmp_path) == 0


def test_a_mixed_file_imports_the_invitation_and_names_the_follow_ups(tmp_path: Path) -> None:
    data, ics, _ = _export(tmp_path)
    ours = re.findall(r"BEGIN:VEVENT.*?END:VEVENT\r?\n", ics.read_text("utf-8"), re.S)[:2]
    invite = (DATA / "invites" / "google.ics").read_text("utf-8")
    cut = invite.rindex("END:VCALENDAR")
    mixed = tmp_path / "mixed.ics"
    mixed.write_text(invite[:cut] + "".join(ours) + invite[cut:], "utf-8")  # a phone's export
    before = _count(data, tmp_path)
    out = run("import", str(mixed), data_dir=data).stdout.splitlines()
    assert _count(data, tmp_path) == before  # the invitation: a round of the demo's Northwind
    assert out[0].startswith("Added a round to Northwind Analytics — Data Engineer on ")
    summaries = [re.search(r"SUMMARY:(.*)", e).group(1).strip() for e in ours]  # type: ignore[union-attr]
    assert out[1].startswith("Skipped 2 follow-up event(s) of Followup's own calendar "
                             "(2 already here): ")
    assert all(s in out[1] for s in summaries)
    # in another folder (the events' UIDs unknown there, a phone's PRODID): still skipped
    fresh = run("import", str(mixed), data_dir=tmp_path / "b").stdout.splitlines()
    assert fresh[0].startswith("Added a new application with a round: Northwind")
    assert "(2 from another data folder)" in fresh[1]
    assert _count(tmp_path / "b", tmp_path) == 1


def _moved_export(ctx: AppContext, path: Path) -> tuple[FollowupWindow, dt.datetime, int]:
    """The demo's follow-up calendar with one timed event moved two days on, as a phone
    would: (its window, the new start, how many windows)."""
    from followup_desktop.compose.ics import write_ics

    fill_sample_data(ctx)
    windows = ctx.agenda(NOW)
    timed = next(w for w in windows if w.due_at is None
                 or w.due_at - w.opens_at <= dt.timedelta(days=1))
    uids = ctx.store.window_uids((w.application_id, w.key) for w in windows)
    write_ics(windows, path, NOW, tz=ctx.tz(), uids=uids)
    later = (max(timed.opens_at, NOW) + dt.timedelta(days=2)).astimezone(dt.UTC)
    text = path.read_text("utf-8")
    [event] = [e for e in re.findall(r"BEGIN:VEVENT.*?END:VEVENT", text, re.S)
               if f"UID:{uids[timed.key]}" in e]
    start = re.search(r"DTSTART:\S+", event).group(0)  # type: ignore[union-attr]
    path.write_text(text.replace(event, event.replace(
        start, f"DTSTART:{later:%Y%m%dT%H%M%SZ}")), "utf-8")
    return timed, later, len(windows)


def test_a_follow_up_moved_in_the_calendar_is_snoozed_like_the_caldav_read_back(
        tmp_path: Path) -> None:
    ctx = AppContext.open(Paths.for_data_dir(tmp_path / "data"), clock=fixed_clock(NOW))
    try:
        ics = tmp_path / "f.ics"
        timed, later, count = _moved_export(ctx, ics)
        apps = len(ctx.applications())
        done = import_file(ctx, ics)
        assert done is not None and done.application_ids == ()
        assert f"({count - 1} already here; 1 moved in the calendar" in done.message
        assert "moved, snoozed:" in done.message.splitlines()[1]
        assert len(ctx.applications()) == apps
        moved = next(w for w in ctx.agenda(NOW) if w.key == timed.key)
        assert moved.snoozed_until == later
        again = import_file(ctx, ics)  # the same file again: nothing more to move
        assert again is not None and f"({count} already here)" in again.message
    finally:
        ctx.close()


def test_a_refused_import_moves_no_follow_up_either(tmp_path: Path) -> None:
    """All or nothing: an invitation whose company is unknown stops the import before the
    moved follow-up of the same file is snoozed."""
    ctx = AppContext.open(Paths.for_data_dir(tmp_path / "data"), clock=fixed_clock(NOW))
    try:
        ics = tmp_path / "f.ics"
        timed, _, _ = _moved_export(ctx, ics)
        text = ics.read_text("utf-8").replace("PRODID:-//Followup//followup-desktop//EN",
                                              "PRODID:-//A phone//EN")
        cut = text.rindex("END:VCALENDAR")
        ics.write_text(text[:cut] + "BEGIN:VEVENT\r\nUID:chat-1@example.org\r\n"
                       "DTSTAMP:20260320T100000Z\r\nDTSTART:20260325T150000Z\r\n"
                       "DTEND:20260325T153000Z\r\nSUMMARY:Chat\r\nEND:VEVENT\r\n"
                       + text[cut:], "utf-8")
        with pytest.raises(ImportFileError, match="company of “Chat” is unknown"):
            import_file(ctx, ics)
        assert next(w for w in ctx.agenda(NOW) if w.key == timed.key).snoozed_until is None
    finally:
        ctx.close()


def test_an_import_of_several_meetings_says_one_line_each(tmp_path: Path) -> None:
    events = []
    for name in ("google.ics", "zoom.ics", "outlook.ics"):
        text = (DATA / "invites" / name).read_text("utf-8")
        events += re.findall(r"BEGIN:VEVENT.*?END:VEVENT\r?\n", text, re.S)
    google = (DATA / "invites" / "google.ics").read_text("utf-8")
    head = google[:google.index("BEGIN:VEVENT")]
    several = tmp_path / "several.ics"
    several.write_text(head + "".join(events) + "END:VCALENDAR\r\n", "utf-8")
    ctx = AppContext.open(Paths.for_data_dir(tmp_path / "data"), clock=fixed_clock(NOW))
    try:
        done = import_file(ctx, several)
    finally:
        ctx.close()
    assert done is not None
    lines = done.message.splitlines()
    assert len(events) == 3
    assert [line.split(" on ")[0].startswith("Added") for line in lines[:3]] == [True] * 3
    assert lines[3].startswith("Tip: set your email")  # its own line too
