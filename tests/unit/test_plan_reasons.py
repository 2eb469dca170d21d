"""The words of an active application with nothing to do now (schedule/reasons.py)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from followup_desktop.records import Event, EventKind, Kind, ReplySays
from followup_desktop.schedule import plan
from followup_desktop.schedule.reasons import plan_reason
from followup_desktop.settings import Settings
from tests.helpers.builders import (
    local,
    main,
    make_app,
    make_interview,
    make_message,
    make_person,
    next_id,
)

NY = ZoneInfo("America/New_York")
S = Settings()


def reply(at: dt.datetime, says: ReplySays | None = None,
          by: dt.date | None = None) -> Event:
    return Event(next_id(), EventKind.REPLY, at, says, by)


def reason(app, now):  # type: ignore[no-untyped-def]
    return plan_reason(app, plan([app], S, NY, now), S, NY, now)


DANA = make_person("Dana Whitfield")
ROUND = make_interview(local(NY, 2026, 11, 24, 14), people=[main(DANA)])  # Tue 24 Nov
THANKED = make_message(Kind.THANK_YOU, local(NY, 2026, 11, 24, 18), DANA)


@pytest.mark.parametrize(("case", "events", "messages", "now", "expected"), [
    ("a thank-you to write: the row shows it", [], [], (2026, 11, 24, 16), None),
    ("thanked, check-in a week on: the row shows it", [], [THANKED], (2026, 11, 26, 9), None),
    ("they replied: nothing planned, and why", [reply(local(NY, 2026, 11, 30, 10))],
     [THANKED], (2026, 12, 1, 9),
     "Nothing planned: they replied on 30 Nov — Add round or set a decision date"),
    ("next steps", [reply(local(NY, 2026, 11, 30, 10), ReplySays.NEXT_STEPS)], [THANKED],
     (2026, 12, 1, 9), "Nothing planned: next steps since 30 Nov — Add round"),
    ("a decision date", [reply(local(NY, 2026, 11, 30, 10), ReplySays.DECISION_DATE,
                               dt.date(2026, 12, 7))], [THANKED], (2026, 12, 1, 9),
     "Waiting for their decision by 7 Dec — check-in opens 9 Dec"),
    ("an acknowledgement: the check-in stays, the row shows it",
     [reply(local(NY, 2026, 11, 25, 10), ReplySays.ACKNOWLEDGED)], [THANKED],
     (2026, 11, 26, 9), None),
])
def test_an_active_application_says_why_nothing_is_open(case, events, messages, now,
                                                        expected) -> None:
    app = make_app(ROUND, events=events, messages=messages)
    assert reason(app, local(NY, *now)) == expected


def test_a_round_with_a_stated_date_waits_for_it() -> None:
    iv = make_interview(local(NY, 2026, 11, 24, 14), people=[main(DANA)],
                        decision_by=dt.date(2026, 12, 4))
    app = make_app(iv, messages=[THANKED])
    assert reason(app, local(NY, 2026, 11, 28, 9)) == \
        "Waiting for their decision by 4 Dec — check-in opens 7 Dec"


def test_no_round_yet_and_not_active() -> None:
    assert reason(make_app(), local(NY, 2026, 11, 26, 9)) == \
        "Nothing planned: no interview recorded yet — Add round"
    rejected = make_app(ROUND, events=[Event(next_id(), EventKind.REJECTED,
                                             local(NY, 2026, 11, 30, 10))])
    assert reason(rejected, local(NY, 2026, 12, 1, 9)) is None
