"""Issue 17 item 9 (core parts): a rejection cancels the materials still to send; the
kinds read right inside a sentence ("LinkedIn note", not "linkedin note")."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from followup_desktop.records import EventKind, Kind, Status
from followup_desktop.schedule import plan
from followup_desktop.settings import Settings
from tests.helpers.builders import (
    local,
    main,
    make_app,
    make_event,
    make_interview,
    make_person,
    make_promise,
)

NY = ZoneInfo("America/New_York")
START = local(NY, 2026, 4, 14, 14)
END = START + dt.timedelta(hours=1)


def _kinds(app, now):  # type: ignore[no-untyped-def]
    return [w.kind for w in plan([app], Settings(), NY, now)]


def test_a_rejection_cancels_the_open_materials_window():
    dana = make_person("Dana Whitfield")
    iv = make_interview(START, people=[main(dana)], promises=[make_promise(dana)])
    now = END + dt.timedelta(hours=3)
    assert Kind.MATERIALS in _kinds(make_app(iv), now)
    rejected = make_app(iv, status=Status.REJECTED,
                        events=[make_event(EventKind.REJECTED, END + dt.timedelta(hours=2))])
    kinds = _kinds(rejected, now)
    assert Kind.MATERIALS not in kinds
    assert Kind.REJECTION_REPLY in kinds


def test_a_round_after_the_rejection_keeps_its_materials():
    dana = make_person("Dana Whitfield")
    first = make_interview(START, people=[main(dana)])
    later = START + dt.timedelta(days=10)
    second = make_interview(later, people=[main(dana)], promises=[make_promise(dana)])
    app = make_app(first, second, status=Status.REJECTED,
                   events=[make_event(EventKind.REJECTED, START + dt.timedelta(days=2))])
    # a rejection then a new round: the latest event still says rejected, but the promise
    # of the new round was made after it
    assert Kind.MATERIALS in _kinds(app, later + dt.timedelta(hours=3))


def test_kind_phrases_keep_linkedin_capitalised():
    assert Kind.LINKEDIN_NOTE.phrase == "LinkedIn note"
    assert Kind.THANK_YOU.phrase == "thank-you"
    assert Kind.CHECK_IN_2.phrase == "second check-in"
