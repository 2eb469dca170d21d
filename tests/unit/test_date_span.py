"""Dates outside 1970-2100 are refused at every way in, with words, before anything is kept.

A "9999-12-31" placeholder or a "0226" typo once went into the database and every later
plan crashed with an OverflowError (the schedule adds days to these dates)."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from followup_desktop.importers.errors import ImportFileError
from followup_desktop.importers.invite import parse_invite
from followup_desktop.interchange import FormatError, parse_document
from followup_desktop.records import (
    FIRST_YEAR,
    LAST_YEAR,
    ApplicationSpec,
    EventKind,
    EventSpec,
    InterviewSpec,
    Kind,
    in_span,
)
from followup_desktop.store import StoreError, open_store

UTC = dt.UTC
T0 = dt.datetime(2026, 3, 2, 15, 0, tzinfo=UTC)
REPO = Path(__file__).resolve().parents[2]


def _doc(**interview: object) -> dict:
    return {"format": "followup/1", "applications": [{
        "company": "Northwind", "role": "DE",
        "interviews": [{"start": "2026-03-02T10:00:00-05:00", **interview}]}]}


@pytest.mark.parametrize(("field", "value"), [
    ("start", "9999-12-31T23:30:00+00:00"),
    ("start", "0001-01-01T00:30:00+01:00"),
    ("start", "0226-03-02T10:00:00-05:00"),
    ("start", "1969-12-31T23:59:00+00:00"),
    ("decision_by", "9999-12-31"),
    ("decision_by", "2101-01-01"),
])
def test_the_data_file_names_the_field_and_the_span(field, value):
    with pytest.raises(FormatError) as err:
        parse_document(_doc(**{field: value}))
    assert str(err.value) == (f"applications[0].interviews[0].{field}: dates must fall "
                              f"between {FIRST_YEAR} and {LAST_YEAR}")


def test_the_ends_of_the_span_are_kept():
    doc = parse_document(_doc(start="1970-01-01T00:00:00+00:00", decision_by="2100-12-31"))
    (interview,) = doc.applications[0].interviews
    assert interview.start.year == 1970 and interview.decision_by == dt.date(2100, 12, 31)


@given(st.datetimes(timezones=st.sampled_from([UTC, ZoneInfo("Pacific/Kiritimati"),
                                               ZoneInfo("America/New_York")])))
def test_in_span_is_the_utc_year(value):
    assert in_span(value) == (FIRST_YEAR <= value.astimezone(UTC).year <= LAST_YEAR)


@pytest.fixture
def store(tmp_path: Path):
    s = open_store(tmp_path / "data" / "followup.sqlite3", clock=lambda: T0)
    yield s
    s.close()


@pytest.mark.parametrize("bad", [
    ApplicationSpec("A", "R", interviews=(InterviewSpec(start=dt.datetime(9999, 12, 31,
                                                                          tzinfo=UTC)),)),
    ApplicationSpec("A", "R", interviews=(InterviewSpec(start=T0,
                                                        decision_by=dt.date(9999, 12, 31)),)),
    ApplicationSpec("A", "R", events=(EventSpec(EventKind.REPLY,
                                                dt.datetime(1, 1, 2, tzinfo=UTC)),)),
    ApplicationSpec("A", "R", created_at=dt.datetime(2200, 1, 1, tzinfo=UTC)),
], ids=["start", "decision", "event", "created"])
def test_the_store_refuses_and_keeps_nothing(store, bad):
    with pytest.raises(StoreError, match="dates must fall between 1970 and 2100"):
        store.add_applications([ApplicationSpec("Good", "R"), bad])
    assert store.load_applications() == []


def test_the_store_refuses_a_round_event_or_message_out_of_span(store):
    app_id = store.add_application(ApplicationSpec("A", "R"))
    far = dt.datetime(2999, 1, 1, tzinfo=UTC)
    with pytest.raises(StoreError, match="2999-01-01 is not"):
        store.save_interview(app_id, None, InterviewSpec(start=far))
    with pytest.raises(StoreError):
        store.record_event(app_id, EventKind.REJECTED, far)
    with pytest.raises(StoreError):
        store.record_message(app_id, Kind.THANK_YOU, person_id=None, to=None, sent_at=far)
    app = store.load_application(app_id)
    assert (app.interviews, app.events, app.messages) == ((), (), ())


@pytest.mark.parametrize("dtstart", ["DTSTART:99991231T233000Z",
                                     "DTSTART;TZID=Europe/Berlin:00010101T003000"])
def test_an_invite_out_of_span_is_refused_in_words(dtstart):
    ics = "\r\n".join([
        "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//EN", "METHOD:REQUEST",
        "BEGIN:VEVENT", "UID:far@example.org", "DTSTAMP:20260225T120000Z", dtstart,
        "DURATION:PT1H", "SUMMARY:Interview: Data Engineer at Northwind",
        "ORGANIZER;CN=Dana Whitfield:mailto:dana@northwind.example",
        "ATTENDEE;CN=Ada Park:mailto:ada.park@example.org",
        "END:VEVENT", "END:VCALENDAR", ""]).encode()
    with pytest.raises(ImportFileError, match="dates must fall between 1970 and 2100"):
        parse_invite(ics, {"ada.park@example.org"}, tz=ZoneInfo("America/New_York"),
                     own_names={"Ada Park"}, name="far.ics")


@pytest.mark.parametrize("at", ["0001-01-01T00:00:00+01:00", "9999-12-31T23:00:00Z"])
def test_agenda_at_out_of_span_is_one_line(tmp_path, at):
    out = subprocess.run([sys.executable, "-m", "followup_desktop", "--data-dir",
                          str(tmp_path), "agenda", "--at", at], capture_output=True,
                         text=True, timeout=120, cwd=REPO)
    assert out.returncode == 1
    assert out.stderr.startswith("followup-desktop: --at ") and out.stderr.count("\n") == 1
    assert "Traceback" not in out.stderr


def test_a_placeholder_date_import_leaves_the_folder_usable(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(_doc(decision_by="9999-12-31")))
    cmd = [sys.executable, "-m", "followup_desktop", "--data-dir", str(tmp_path / "d")]
    imported = subprocess.run([*cmd, "import", str(bad)], capture_output=True, text=True,
                              timeout=120, cwd=REPO)
    assert imported.returncode == 1 and "decision_by" in imported.stderr
    agenda = subprocess.run([*cmd, "agenda", "--json"], capture_output=True, text=True,
                            timeout=120, cwd=REPO)
    assert agenda.returncode == 0, agenda.stderr
    assert json.loads(agenda.stdout) == []
