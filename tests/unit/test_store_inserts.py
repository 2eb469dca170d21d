"""New applications are written in bulk (``store/inserts.py``): the same rows as one round
at a time through ``save_interview`` gives, and a number of statements that does not grow
with the number of applications."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from followup_desktop.records import (
    ApplicationSpec,
    EventKind,
    EventSpec,
    InterviewSpec,
    Kind,
    MessageSpec,
    PersonSpec,
    PromiseSpec,
)
from followup_desktop.store import StoreError, open_store

UTC = dt.UTC
T0 = dt.datetime(2026, 3, 2, 15, 0, tzinfo=UTC)

ROUNDS = (
    InterviewSpec(start=T0, interviewers=(
        PersonSpec("Dana Whitfield", "EM", main_contact=True, talking_points=("streaming",)),
        PersonSpec("Lena Fischer", salutation="Ms. Fischer")),
        promises=(PromiseSpec("the case study", "dana whitfield"),)),
    # Dana again, now with her email and no title: matched by name, the title kept
    InterviewSpec(start=T0 + dt.timedelta(days=7), interviewers=(
        PersonSpec("DANA WHITFIELD", "", "dana@northwind.example"),
        PersonSpec("Lena Fischer", "CTO", "lena@other.example")),
        promises=(PromiseSpec("references", "dana@northwind.example"),
                  PromiseSpec("a call", "nobody"))),
    # the same name with another email is someone else
    InterviewSpec(start=T0 + dt.timedelta(days=9), interviewers=(
        PersonSpec("Dana Whitfield", "VP", "dana@elsewhere.example"),)),
)
SPEC = ApplicationSpec("Northwind", "Data Engineer", notes="n", interviews=ROUNDS,
                       events=(EventSpec(EventKind.REPLY, T0 + dt.timedelta(days=2)),),
                       messages=(MessageSpec(Kind.THANK_YOU, T0 + dt.timedelta(hours=3),
                                             "LENA@other.example", "Thanks", "b"),))


def _people(app):
    return [(p.name, p.title, p.email, p.salutation) for p in app.people]


def _rounds(app):
    return [([(part.person.name, part.person.email, part.main_contact, part.talking_points)
              for part in iv.participants],
             [(pr.what, pr.person_id is not None) for pr in iv.promises])
            for iv in app.interviews]


def test_bulk_rows_are_the_rows_of_one_round_at_a_time(tmp_path: Path) -> None:
    with open_store(tmp_path / "a.sqlite3", clock=lambda: T0) as bulk:  # (one at a time:
        a = bulk.load_application(bulk.add_application(SPEC))  # the models' DB is shared)
    with open_store(tmp_path / "b.sqlite3", clock=lambda: T0) as rows:
        first = dataclasses.replace(SPEC, interviews=ROUNDS[:1], messages=())
        app_id = rows.add_application(first)
        for iv in ROUNDS[1:]:
            rows.save_interview(app_id, None, iv)
        rows.record_message(app_id, Kind.THANK_YOU, person_id=rows._find_person(
            app_id, "LENA@other.example"), to="LENA@other.example",
            sent_at=T0 + dt.timedelta(hours=3), subject="Thanks", body="b")
        b = rows.load_application(app_id)
    assert _people(a) == _people(b) == [
        ("DANA WHITFIELD", "EM", "dana@northwind.example", None),
        ("Lena Fischer", "CTO", "lena@other.example", "Ms. Fischer"),
        ("Dana Whitfield", "VP", "dana@elsewhere.example", None)]
    assert _rounds(a) == _rounds(b)
    assert a.messages[0].person_id == a.people[1].id
    assert [e.kind for e in a.events] == [EventKind.REPLY]


def test_a_failing_application_leaves_none_of_the_batch(tmp_path: Path) -> None:
    twice = dataclasses.replace(SPEC, company="Twice", interviews=(InterviewSpec(
        start=T0, interviewers=(PersonSpec("Ann", email="a@x.example"),
                                PersonSpec("ann", email="A@X.example"))),))
    with open_store(tmp_path / "a.sqlite3", clock=lambda: T0) as store:
        with pytest.raises(StoreError, match="ann is listed twice"):
            store.add_applications([SPEC, twice])
        assert store.is_empty()
        ids = store.add_applications([SPEC, SPEC])  # ids as SQLite gives them, after it
        assert ids == [1, 2] and len(store.load_applications()) == 2


def test_statements_do_not_grow_with_the_applications(tmp_path: Path) -> None:
    """Row by row, 10,000 interviews took ~100,000 statements (8 s); in bulk, one per
    table and batch."""
    specs = [dataclasses.replace(SPEC, company=f"Company {n}") for n in range(300)]
    with open_store(tmp_path / "a.sqlite3", clock=lambda: T0) as store:
        seen: list[str] = []
        real = store.db.execute_sql

        def counted(sql, params=None, *args, **kwargs):
            seen.append(sql)
            return real(sql, params, *args, **kwargs)

        store.db.execute_sql = counted  # every peewee statement goes through it
        store.import_counted(specs)
        del store.db.execute_sql
        assert len(store.load_applications()) == 300
    assert len(seen) < 100, len(seen)
