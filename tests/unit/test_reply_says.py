"""What a reply said (``events[].says``, ``events[].decision_by``) through the data file,
the store and the migration to schema 3."""

from __future__ import annotations

import copy
import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from followup_desktop.interchange import FormatError, export_document, parse_document
from followup_desktop.records import EventKind, ReplySays
from followup_desktop.store import StoreError, open_store
from tests.helpers.schema_v1 import make_v1_db
from tests.unit.test_interchange import GOOD


def _doc(*events: dict) -> dict:  # type: ignore[type-arg]
    doc = copy.deepcopy(GOOD)
    doc["applications"][0]["events"] = list(events)
    return doc


AT = "2026-03-06T16:20:00-05:00"


@pytest.mark.parametrize(("event", "says", "decision_by"), [
    ({"kind": "reply", "at": AT}, None, None),
    ({"kind": "reply", "at": AT, "says": "acknowledged"}, ReplySays.ACKNOWLEDGED, None),
    ({"kind": "reply", "at": AT, "says": "next-steps"}, ReplySays.NEXT_STEPS, None),
    ({"kind": "reply", "at": AT, "says": "other"}, ReplySays.OTHER, None),
    ({"kind": "reply", "at": AT, "says": "decision-date", "decision_by": "2026-03-20"},
     ReplySays.DECISION_DATE, dt.date(2026, 3, 20)),
    ({"kind": "reply", "at": AT, "says": None, "decision_by": None}, None, None),
])
def test_a_reply_says_what_it_meant(event, says, decision_by) -> None:
    (app,) = parse_document(_doc(event)).applications
    assert (app.events[0].says, app.events[0].decision_by) == (says, decision_by)


@pytest.mark.parametrize(("event", "message"), [
    ({"kind": "reply", "at": AT, "says": "maybe"},
     "applications[0].events[0].says: must be one of acknowledged, next-steps, "
     "decision-date, other"),
    ({"kind": "reply", "at": AT, "says": "decision-date"},
     "applications[0].events[0].decision_by: a decision-date reply needs the date"),
    ({"kind": "reply", "at": AT, "says": "decision-date", "decision_by": "20 March"},
     "applications[0].events[0].decision_by: not an ISO 8601 date"),
    ({"kind": "reply", "at": AT, "says": "other", "decision_by": "2026-03-20"},
     "applications[0].events[0].decision_by: only with \"says\": \"decision-date\""),
    ({"kind": "rejected", "at": AT, "says": "acknowledged"},
     "applications[0].events[0].says: only a reply event says something"),
    ({"kind": "reply", "at": AT, "said": "other"},
     "applications[0].events[0]"),
])
def test_a_bad_reply_names_its_json_path(event, message) -> None:
    with pytest.raises(FormatError) as err:
        parse_document(_doc(event))
    assert str(err.value).startswith(message), str(err.value)


def test_export_then_import_keeps_what_replies_said(tmp_path: Path) -> None:
    events = ({"kind": "reply", "at": AT, "says": "decision-date", "decision_by": "2026-03-20"},
              {"kind": "reply", "at": "2026-03-07T10:00:00-05:00", "says": "acknowledged"},
              {"kind": "reply", "at": "2026-03-08T10:00:00-05:00"})
    doc = parse_document(_doc(*events))
    one = open_store(tmp_path / "one.sqlite3")
    try:
        one.import_document(doc.applications, doc.profile)
        exported = export_document(one.profile(), one.load_applications(), {})
    finally:
        one.close()
    out = exported["applications"][0]["events"]
    assert out[0] == {"kind": "reply", "at": "2026-03-06T21:20:00Z", "says": "decision-date",
                      "decision_by": "2026-03-20"}
    assert out[1]["says"] == "acknowledged"
    assert "says" not in out[2] and "decision_by" not in out[2]  # version 1's form
    two = open_store(tmp_path / "two.sqlite3")
    try:
        again = parse_document(exported)
        two.import_document(again.applications, again.profile)
        assert [(e.says, e.decision_by) for e in two.load_applications()[0].events] == [
            (ReplySays.DECISION_DATE, dt.date(2026, 3, 20)), (ReplySays.ACKNOWLEDGED, None),
            (None, None)]
    finally:
        two.close()


def test_the_store_records_what_a_reply_said_and_refuses_nonsense(tmp_path: Path) -> None:
    doc = parse_document(_doc())
    store = open_store(tmp_path / "f.sqlite3")
    try:
        (app_id,) = store.import_document(doc.applications, doc.profile)
        at = dt.datetime(2026, 3, 9, 15, tzinfo=dt.UTC)
        store.record_event(app_id, EventKind.REPLY, at, says=ReplySays.DECISION_DATE,
                           decision_by=dt.date(2026, 3, 27))
        with pytest.raises(StoreError, match="Only a reply"):
            store.record_event(app_id, EventKind.REJECTED, at, says=ReplySays.OTHER)
        with pytest.raises(StoreError, match="decision date"):
            store.record_event(app_id, EventKind.REPLY, at, says=ReplySays.DECISION_DATE)
        with pytest.raises(StoreError, match="between 1970 and 2100"):
            store.record_event(app_id, EventKind.REPLY, at, says=ReplySays.DECISION_DATE,
                               decision_by=dt.date(9999, 12, 31))
        (event,) = store.load_applications()[0].events
        assert (event.says, event.decision_by) == (ReplySays.DECISION_DATE, dt.date(2026, 3, 27))
    finally:
        store.close()


def test_schema_3_adds_what_a_reply_said_and_keeps_every_event(tmp_path: Path) -> None:
    path = tmp_path / "followup.sqlite3"
    make_v1_db(path)
    con = sqlite3.connect(path)
    before = con.execute("SELECT id, kind, at FROM event ORDER BY id").fetchall()
    con.close()
    store = open_store(path)
    try:
        events = [e for a in store.load_applications() for e in a.events]
        assert sorted(e.id for e in events) == [r[0] for r in before]
        assert all(e.says is None and e.decision_by is None for e in events)
    finally:
        store.close()
    con = sqlite3.connect(path)
    cols = {r[1] for r in con.execute("PRAGMA table_info(event)")}
    con.close()
    assert {"says", "decision_by"} <= cols


# -- the same file twice (issue 18 item 7): in the store, so every import path has it -------


def test_the_same_file_twice_adds_nothing_and_says_how_many_it_skipped(tmp_path: Path) -> None:
    from tests.helpers.cli import run

    doc = copy.deepcopy(GOOD)
    second = copy.deepcopy(doc["applications"][0])
    second["role"] = "Senior Data Engineer"  # another application of the same company
    doc["applications"].append(second)
    src = tmp_path / "in.json"
    import json

    src.write_text(json.dumps(doc))
    data = tmp_path / "data"
    first = run("import", str(src), data_dir=data).stdout.strip()
    assert first == "Imported 2 application(s) from in.json."
    again = run("import", str(src), data_dir=data).stdout.strip()
    assert again == "Imported 0 application(s) from in.json; skipped 2 already in Followup."
    exported = tmp_path / "out.json"
    run("export", str(exported), data_dir=data)
    assert len(json.loads(exported.read_text())["applications"]) == 2


@pytest.mark.parametrize(("change", "skipped"), [
    ({}, 1),
    ({"company": "  NORTHWIND analytics "}, 1),  # case and spaces do not make it new
    ({"start": "2026-03-02T15:00:00Z"}, 1),  # the same moment, another offset
    ({"role": "Analyst"}, 0),
    ({"start": "2026-03-02T11:00:00-05:00"}, 0),  # another round time: another application
])
def test_what_counts_as_already_present(tmp_path: Path, change: dict, skipped: int) -> None:  # type: ignore[type-arg]
    store = open_store(tmp_path / "f.sqlite3")
    try:
        store.import_document(parse_document(copy.deepcopy(GOOD)).applications)
        doc = copy.deepcopy(GOOD)
        app = doc["applications"][0]
        if "start" in change:
            app["interviews"][0]["start"] = change["start"]
        app.update({k: v for k, v in change.items() if k != "start"})
        done = store.import_counted(parse_document(doc).applications)
        assert (len(done.ids), done.skipped) == (1 - skipped, skipped)
    finally:
        store.close()


def test_an_application_in_the_bin_is_not_present_and_alike_ones_in_one_file_are_kept(
        tmp_path: Path) -> None:
    """Two alike applications in one file are both imported: an export of a database that
    holds two must give two back (the round trip of interchange.md)."""
    store = open_store(tmp_path / "f.sqlite3")
    try:
        (gone,) = store.import_document(parse_document(copy.deepcopy(GOOD)).applications)
        store.delete_application(gone)
        doc = copy.deepcopy(GOOD)
        doc["applications"].append(copy.deepcopy(doc["applications"][0]))
        done = store.import_counted(parse_document(doc).applications)
        assert (len(done.ids), done.skipped) == (2, 0)
        again = store.import_counted(parse_document(doc).applications)
        assert (len(again.ids), again.skipped) == (0, 2)
    finally:
        store.close()
