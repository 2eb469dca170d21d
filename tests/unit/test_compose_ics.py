"""The .ics writer: one event per window with a display alarm, stable UIDs, strict parsers."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
import vobject
from ical.calendar_stream import IcsCalendarStream
from icalendar import Calendar

from followup_desktop.compose.ics import build_calendar, summary, write_ics
from followup_desktop.compose.model import DraftError
from followup_desktop.records import FollowupWindow, Kind
from tests.helpers.compose_records import DANA, NOW, SAM, make_app, make_window


def _windows() -> list[FollowupWindow]:
    app = make_app()
    return [
        make_window(app, Kind.DEBRIEF),
        make_window(app, Kind.THANK_YOU, DANA),
        make_window(app, Kind.THANK_YOU, SAM),
        dataclasses.replace(make_window(app, Kind.LINKEDIN_NOTE, SAM), due_at=None),
        dataclasses.replace(make_window(app, Kind.MATERIALS, DANA, promise_id=5),
                            extra=(("what", "the case study; with a comma, and\nnewline"),)),
    ]


def test_each_window_is_an_event_with_an_alarm() -> None:
    windows = _windows()
    cal = Calendar.from_ical(build_calendar(windows, NOW))
    events = cal.walk("VEVENT")
    assert len(events) == len(windows)
    by_uid = {str(e["UID"]): e for e in events}
    assert set(by_uid) == {f"{w.key}@followup-desktop.invalid" for w in windows}
    thanks = by_uid["thank-you:a7:i10:p1@followup-desktop.invalid"]
    assert str(thanks["SUMMARY"]) == "Thank-you note to Dana Whitfield — Northwind Analytics"
    assert thanks.decoded("DTSTART") == windows[1].opens_at
    assert thanks.decoded("DTEND") == windows[1].due_at
    assert thanks.decoded("DTSTAMP") == NOW
    (alarm,) = thanks.walk("VALARM")
    assert str(alarm["ACTION"]) == "DISPLAY" and alarm.decoded("TRIGGER") == dt.timedelta(0)
    note = by_uid["linkedin-note:a7:i10:p2@followup-desktop.invalid"]
    assert note.decoded("DTEND") - note.decoded("DTSTART") == dt.timedelta(hours=1)
    materials = by_uid["materials:a7:i10:p1:m5@followup-desktop.invalid"]
    assert "the case study; with a comma, and\nnewline" in str(materials["DESCRIPTION"])


def test_uids_are_stable_and_duplicates_are_dropped() -> None:
    windows = _windows()
    later = NOW + dt.timedelta(days=3)
    first = Calendar.from_ical(build_calendar(windows, NOW))
    second = Calendar.from_ical(build_calendar(windows + windows[:2], later))
    assert [str(e["UID"]) for e in first.walk("VEVENT")] == [
        str(e["UID"]) for e in second.walk("VEVENT")]


def test_strict_parsers_accept_the_file(tmp_path: Path) -> None:
    path = write_ics(_windows(), tmp_path / "followups.ics", NOW)
    text = path.read_text(encoding="utf-8")
    parsed = vobject.readOne(text, validate=True)
    assert len(parsed.vevent_list) == 5
    cal = IcsCalendarStream.calendar_from_ics(text)
    assert len(cal.events) == 5
    assert all(len(e.alarm) == 1 for e in cal.events)
    assert {e.summary for e in cal.events} >= {"Write your debrief — Northwind Analytics"}


def test_an_empty_plan_is_still_a_valid_calendar(tmp_path: Path) -> None:
    path = write_ics([], tmp_path / "empty.ics", NOW)
    text = path.read_text(encoding="utf-8")
    vobject.readOne(text, validate=True)
    assert IcsCalendarStream.calendar_from_ics(text).events == []


def test_write_replaces_the_chosen_file_atomically(tmp_path: Path) -> None:
    target = tmp_path / "plan.ics"
    target.write_text("old", encoding="utf-8")
    write_ics(_windows()[:1], target, NOW)
    assert target.read_bytes().startswith(b"BEGIN:VCALENDAR")
    assert [p.name for p in tmp_path.iterdir()] == ["plan.ics"]


def test_a_folder_that_cannot_be_written_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(DraftError, match="Cannot write"):
        write_ics(_windows(), blocker / "sub" / "plan.ics", NOW)


@pytest.mark.parametrize("kind", list(Kind))
def test_every_kind_has_a_summary(kind: Kind) -> None:
    w = make_window(make_app(), kind, None if kind is Kind.DEBRIEF else DANA)
    text = summary(w)
    assert text.endswith("— Northwind Analytics")
    if kind is not Kind.DEBRIEF:
        assert "Dana Whitfield" in text
