"""Each window's calendar UID: random, stored, made when first needed, kept across export
-> import; the .ics writer's all-day, snoozed and alarm rules, read by two parsers."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import sqlite3
import uuid
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import vobject
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from followup_desktop.cli import main as cli
from followup_desktop.compose.ics import build_calendar, event_times
from followup_desktop.interchange import FormatError, parse_document
from followup_desktop.records import ApplicationSpec, Kind, WindowState
from followup_desktop.store import open_store
from followup_desktop.store.migrations import SCHEMA_VERSION
from tests.helpers.compose_records import DANA, NOW, make_app, make_window

UTC = dt.UTC
BERLIN = ZoneInfo("Europe/Berlin")
AT = "2026-03-03T12:00:00+00:00"


def _uids_of(path: Path) -> dict[str, str]:
    """UID -> SUMMARY of every event, read by icalendar and checked against vobject."""
    data = path.read_bytes()
    by_icalendar = {str(e["UID"]): str(e["SUMMARY"])
                    for e in Calendar.from_ical(data).walk("VEVENT")}
    by_vobject = {e.uid.value: e.summary.value
                  for e in vobject.readOne(data.decode()).vevent_list}
    assert by_icalendar == by_vobject
    return by_icalendar


def test_uids_are_random_stored_and_made_once(tmp_path: Path) -> None:
    store = open_store(tmp_path / "f.sqlite3")
    app_id = store.add_application(ApplicationSpec("Northwind", "Engineer"))
    try:
        first = store.window_uids([(app_id, "debrief:a1:i1"), (app_id, "thank-you:a1:i1:p1")])
        assert len(set(first.values())) == 2
        for uid in first.values():
            assert uuid.UUID(uid).version == 4
        rev = store.revision
        again = store.window_uids([(app_id, "thank-you:a1:i1:p1"), (app_id, "debrief:a1:i1")])
        assert again == first and store.revision == rev  # nothing written the second time
        assert store.states()["debrief:a1:i1"].uid == first["debrief:a1:i1"]
        # a state made before (a snooze) gets its UID added, its snooze kept
        store.snooze(app_id, "check-in-1:a1:i1:p1", NOW)
        made = store.window_uids([(app_id, "check-in-1:a1:i1:p1")])
        state = store.states()["check-in-1:a1:i1:p1"]
        assert state.uid == made["check-in-1:a1:i1:p1"] and state.snoozed_until == NOW
    finally:
        store.close()


def test_calendar_export_import_keeps_every_uid(tmp_path: Path) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    assert cli(["--data-dir", str(one), "demo"]) == 0
    assert cli(["--data-dir", str(one), "calendar", str(tmp_path / "a.ics"), "--at", AT]) == 0
    assert cli(["--data-dir", str(one), "calendar", str(tmp_path / "a2.ics"), "--at", AT]) == 0
    first = _uids_of(tmp_path / "a.ics")
    assert first and first == _uids_of(tmp_path / "a2.ics")  # stable between exports
    assert all(uuid.UUID(u).version == 4 for u in first)
    assert cli(["--data-dir", str(one), "export", str(tmp_path / "data.json")]) == 0
    doc = json.loads((tmp_path / "data.json").read_text())
    exported = {f["uid"] for a in doc["applications"] for f in a.get("followups", ())
                if "uid" in f}
    assert set(first) <= exported
    assert cli(["--data-dir", str(two), "import", str(tmp_path / "data.json")]) == 0
    assert cli(["--data-dir", str(two), "calendar", str(tmp_path / "b.ics"), "--at", AT]) == 0
    assert _uids_of(tmp_path / "b.ics") == first  # the phone updates, never duplicates


def _doc(*followups: dict) -> dict:
    return {"format": "followup/1", "applications": [{
        "company": "Northwind", "role": "Engineer",
        "interviews": [{"start": "2026-03-02T10:00:00-05:00"}],
        "followups": list(followups)}]}


@pytest.mark.parametrize(("uid", "why"), [
    ("", "must not be empty|not a calendar UID"),
    ("has space", "not a calendar UID"),
    ("line\nbreak", "not a calendar UID"),
    ("x" * 300, "longer than 255"),
    (7, "expected text"),
])
def test_a_bad_uid_is_named_by_its_path(uid: object, why: str) -> None:
    with pytest.raises(FormatError, match=r"applications\[0\]\.followups\[0\]\.uid: "
                       f"({why})"):
        parse_document(_doc({"window": {"kind": "debrief", "round": 0}, "uid": uid}))


def test_the_same_uid_twice_is_refused() -> None:
    with pytest.raises(FormatError, match=r"followups\[1\]\.uid: the same UID as "
                       r"applications\[0\]\.followups\[0\]\.uid"):
        parse_document(_doc({"window": {"kind": "debrief", "round": 0}, "uid": "abc"},
                            {"window": {"kind": "materials", "round": 0}, "uid": "abc"}))


def test_an_import_never_gives_one_uid_to_two_windows(tmp_path: Path) -> None:
    path = tmp_path / "d.json"
    path.write_text(json.dumps(_doc({"window": {"kind": "debrief", "round": 0},
                                     "uid": "same-uid"})))
    data = tmp_path / "data"
    assert cli(["--data-dir", str(data), "import", str(path)]) == 0
    assert cli(["--data-dir", str(data), "import", str(path)]) == 0  # a second application
    con = sqlite3.connect(data / "followup.sqlite3")
    uids = [u for (u,) in con.execute("SELECT uid FROM followup_state ORDER BY key")]
    con.close()
    assert uids.count("same-uid") == 1


def test_migration_adds_the_uid_column(tmp_path: Path) -> None:
    from tests.helpers.schema_v1 import make_v1_db

    path = tmp_path / "followup.sqlite3"
    make_v1_db(path)
    store = open_store(path)
    try:
        assert store.db.execute_sql("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        cols = [r[1] for r in store.db.execute_sql("PRAGMA table_info(followup_state)")]
        assert "uid" in cols
    finally:
        store.close()


# --- the .ics rules ------------------------------------------------------------------------


def test_a_long_window_is_all_day_on_its_opening_day_with_its_due_date() -> None:
    app = make_app()
    opens = dt.datetime(2026, 3, 9, 13, 0, tzinfo=UTC)  # 14:00 in Berlin, a Monday
    week = dataclasses.replace(make_window(app, Kind.CHECK_IN_1, DANA), opens_at=opens,
                               due_at=opens + dt.timedelta(days=7))
    data = build_calendar([week], NOW, tz=BERLIN, uids={week.key: "u-1"})
    (event,) = Calendar.from_ical(data).walk("VEVENT")
    assert event.decoded("DTSTART") == dt.date(2026, 3, 9)
    assert event.decoded("DTEND") == dt.date(2026, 3, 10)
    assert str(event["UID"]) == "u-1"
    text = str(event["DESCRIPTION"])
    assert "Due: Mon 16 Mar 2026, 14:00 (Europe/Berlin)" in text
    assert "To: Dana Whitfield <dana.whitfield@northwind.example>" in text
    (alarm,) = event.walk("VALARM")
    assert alarm.decoded("TRIGGER") == dt.timedelta(hours=14)  # at its opening
    vevent = vobject.readOne(data.decode()).vevent
    assert vevent.dtstart.value == dt.date(2026, 3, 9)
    assert vevent.valarm.trigger.value == dt.timedelta(hours=14)


def test_the_alarm_of_an_all_day_event_on_a_dst_day_rings_at_the_opening() -> None:
    app = make_app()
    opens = dt.datetime(2026, 3, 29, 8, 0, tzinfo=UTC)  # 10:00 CEST; the day has 23 h
    w = dataclasses.replace(make_window(app, Kind.CHECK_IN_1, DANA), opens_at=opens,
                            due_at=opens + dt.timedelta(days=3))
    (event,) = Calendar.from_ical(build_calendar([w], NOW, tz=BERLIN)).walk("VEVENT")
    (alarm,) = event.walk("VALARM")
    midnight = dt.datetime(2026, 3, 29, tzinfo=BERLIN)
    assert midnight.astimezone(UTC) + alarm.decoded("TRIGGER") == opens
    assert alarm.decoded("TRIGGER") == dt.timedelta(hours=9)


def test_a_snoozed_window_is_at_its_snoozed_time() -> None:
    app = make_app()
    w = make_window(app, Kind.THANK_YOU, DANA)
    until = NOW + dt.timedelta(hours=3)
    snoozed = dataclasses.replace(w, state=WindowState.SNOOZED, snoozed_until=until)
    (event,) = Calendar.from_ical(build_calendar([snoozed], NOW)).walk("VEVENT")
    assert event.decoded("DTSTART") == until
    assert event.decoded("DTEND") == (w.due_at if w.due_at > until
                                      else until + dt.timedelta(hours=1))
    # a snooze already over: the window's own opening again
    assert event_times(snoozed, until + dt.timedelta(hours=1)).start == w.opens_at


def test_a_day_long_window_stays_a_timed_event() -> None:
    app = make_app()
    w = make_window(app, Kind.THANK_YOU, DANA)
    assert w.due_at - w.opens_at <= dt.timedelta(days=1)
    (event,) = Calendar.from_ical(build_calendar([w], NOW)).walk("VEVENT")
    assert event.decoded("DTSTART") == w.opens_at and event.decoded("DTEND") == w.due_at


_moments = st.datetimes(min_value=dt.datetime(2000, 1, 1),  # noqa: DTZ001 (naive bounds)
                        max_value=dt.datetime(2090, 1, 1),  # noqa: DTZ001
                        timezones=st.just(UTC))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(opens=_moments, length=st.one_of(st.none(), st.timedeltas(
    min_value=dt.timedelta(minutes=1), max_value=dt.timedelta(days=70))),
    zone=st.sampled_from(["UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata",
                          "Pacific/Chatham"]),
    uid=st.from_regex(r"[A-Za-z0-9][A-Za-z0-9@._:+=-]{0,60}", fullmatch=True))
def test_round_trip_through_two_parsers(opens, length, zone, uid) -> None:
    tz = ZoneInfo(zone)
    app = make_app()
    w = dataclasses.replace(make_window(app, Kind.CHECK_IN_1, DANA), opens_at=opens,
                            due_at=None if length is None else opens + length)
    data = build_calendar([w], opens, tz=tz, uids={w.key: uid})
    (event,) = Calendar.from_ical(data).walk("VEVENT")
    vevent = vobject.readOne(data.decode()).vevent
    assert str(event["UID"]) == vevent.uid.value == uid
    start = event.decoded("DTSTART")
    assert vevent.dtstart.value == start
    (alarm,) = event.walk("VALARM")
    opened = opens.replace(microsecond=0)
    if isinstance(start, dt.datetime):
        assert start == opened and alarm.decoded("TRIGGER") == dt.timedelta(0)
    else:
        assert length is not None and length > dt.timedelta(days=1)
        assert start == opened.astimezone(tz).date()
        ring = dt.datetime.combine(start, dt.time(), tz).astimezone(UTC) + alarm.decoded(
            "TRIGGER")
        assert ring == opened
        assert vevent.valarm.trigger.value == alarm.decoded("TRIGGER")


@settings(max_examples=50, deadline=None)
@given(uid=st.from_regex(r"[A-Za-z0-9][A-Za-z0-9@._:+=-]{0,254}", fullmatch=True))
def test_any_valid_uid_survives_the_data_file(uid: str) -> None:
    from followup_desktop.interchange import dumps

    doc = parse_document(json.loads(dumps(_doc({"window": {"kind": "debrief", "round": 0},
                                                "uid": uid}))))
    assert doc.applications[0].followups[0].state.uid == uid


def test_a_read_only_store_gives_uids_without_writing(tmp_path: Path) -> None:
    path = tmp_path / "f.sqlite3"
    store = open_store(path)
    app_id = store.add_application(ApplicationSpec("Northwind", "Engineer"))
    kept = store.window_uids([(app_id, "debrief:a1:i1")])
    store.close()
    ro = open_store(path, read_only=True)
    try:
        first = ro.window_uids([(app_id, "debrief:a1:i1"), (app_id, "thank-you:a1:i1:p1")])
        again = ro.window_uids([(app_id, "thank-you:a1:i1:p1")])
    finally:
        ro.close()
    assert first["debrief:a1:i1"] == kept["debrief:a1:i1"]  # the stored one
    assert first["thank-you:a1:i1:p1"] == again["thank-you:a1:i1:p1"]  # stable, unstored


def test_an_export_before_any_calendar_carries_the_uids_the_calendar_then_uses(
        tmp_path: Path) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    assert cli(["--data-dir", str(one), "demo"]) == 0
    # the first thing done: an export (no calendar file, no CalDAV sync yet)
    assert cli(["--data-dir", str(one), "export", str(tmp_path / "first.json")]) == 0
    doc = json.loads((tmp_path / "first.json").read_text())
    exported = {f["uid"] for a in doc["applications"] for f in a.get("followups", ())
                if "uid" in f}
    assert exported and all(uuid.UUID(u).version == 4 for u in exported)
    # (the demo is made around the real clock: the calendar is of the same moment's plan)
    assert cli(["--data-dir", str(one), "calendar", str(tmp_path / "a.ics")]) == 0
    first = _uids_of(tmp_path / "a.ics")
    assert first and set(first) <= exported  # the same UIDs, not new ones
    # a second export says the same, and the imported copy's calendar too
    assert cli(["--data-dir", str(one), "export", str(tmp_path / "again.json")]) == 0
    again = json.loads((tmp_path / "again.json").read_text())
    assert {f["uid"] for a in again["applications"] for f in a.get("followups", ())
            if "uid" in f} == exported
    assert cli(["--data-dir", str(two), "import", str(tmp_path / "first.json")]) == 0
    assert cli(["--data-dir", str(two), "calendar", str(tmp_path / "b.ics")]) == 0
    assert _uids_of(tmp_path / "b.ics") == first


def test_planned_uids_differ_by_window_and_by_data_folder(tmp_path: Path) -> None:
    uids = []
    for name in ("a", "b"):
        store = open_store(tmp_path / f"{name}.sqlite3")
        try:
            got = store.planned_uids(["debrief:a1:i1", "thank-you:a1:i1:p1"])
            assert store.planned_uids(["debrief:a1:i1"])["debrief:a1:i1"] \
                == got["debrief:a1:i1"]
            uids.append(got)
        finally:
            store.close()
    assert len({*uids[0].values(), *uids[1].values()}) == 4


def test_migration_to_6_gives_an_old_folder_its_uid_secret_once(tmp_path: Path) -> None:
    from followup_desktop.store.migrations import UID_SECRET_KEY
    from followup_desktop.store.models import DB

    path = tmp_path / "followup.sqlite3"
    store = open_store(path)
    app_id = store.add_application(ApplicationSpec("Northwind", "Engineer"))
    kept = store.window_uids([(app_id, "debrief:a1:i1")])  # a calendar named it already
    store.close()
    DB.initialize(None)
    con = sqlite3.connect(path)
    con.execute("DELETE FROM setting WHERE key = ?", (UID_SECRET_KEY,))
    con.execute("PRAGMA user_version = 5")
    con.commit()
    con.close()
    store = open_store(path)
    try:
        assert store.db.execute_sql("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        (secret,) = store.db.execute_sql("SELECT value FROM setting WHERE key = ?",
                                         (UID_SECRET_KEY,)).fetchone()
        assert len(json.loads(secret)) == 64
        assert store.planned_uids(["debrief:a1:i1"]) == kept  # a stored UID stays
        later = store.planned_uids(["thank-you:a1:i1:p1"])
        assert store.window_uids([(app_id, "thank-you:a1:i1:p1")]) == later
    finally:
        store.close()
    DB.initialize(None)
