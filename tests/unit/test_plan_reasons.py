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


# -- every path to "nothing open or coming", row by row (issue 18, item 3) ------------------
# ROUND: Tue 24 Nov 2026 14:00-15:00 New York. With no stated date check-in #1 opens Tue
# 1 Dec 15:00 (end + 7 days), due 8 Dec, expires 15 Dec 15:00 (opens + 14 days); it is
# closed with no response from 5 Jan (end + 42 days).

def _plan_key(app, kind, now):  # type: ignore[no-untyped-def]
    return next(w.key for w in plan([app], S, NY, now) if w.kind is kind)


def _reason_with(app, now, settings=S, states=None):  # type: ignore[no-untyped-def]
    return plan_reason(app, plan([app], settings, NY, now, states), settings, NY, now)


CHECKED_1 = make_message(Kind.CHECK_IN_1, local(NY, 2026, 12, 2, 10), DANA)


@pytest.mark.parametrize(("case", "events", "messages", "now", "expected"), [
    ("the check-in went unsent past its last useful moment", [], [THANKED],
     (2026, 12, 16, 9),
     "Nothing planned: too late for the check-in of 1 Dec — record their reply or Add round"),
    ("an acknowledgement keeps the check-in, which then expired",
     [reply(local(NY, 2026, 11, 30, 10), ReplySays.ACKNOWLEDGED)], [THANKED],
     (2026, 12, 16, 9),
     "Nothing planned: too late for the check-in of 1 Dec — record their reply or Add round"),
    ("check-in #1 sent, #2 (opens 9 Dec 10:00) expired on 23 Dec", [], [THANKED, CHECKED_1],
     (2026, 12, 24, 9), "Nothing planned: too late for the second check-in of 9 Dec — "
                        "record their reply or Add round"),
    ("both check-ins sent", [], [THANKED, CHECKED_1,
                                 make_message(Kind.CHECK_IN_2, local(NY, 2026, 12, 9, 11),
                                              DANA)],
     (2026, 12, 10, 9),
     "Nothing planned: your last check-in went out on 9 Dec — waiting for their answer"),
    ("a decision date told, then next steps: next steps win",
     [reply(local(NY, 2026, 11, 27, 10), ReplySays.DECISION_DATE, dt.date(2026, 12, 7)),
      reply(local(NY, 2026, 11, 30, 10), ReplySays.NEXT_STEPS)], [THANKED],
     (2026, 12, 1, 9), "Nothing planned: next steps since 30 Nov — Add round"),
    ("next steps, then a decision date: the check-in re-plans from it",
     [reply(local(NY, 2026, 11, 27, 10), ReplySays.NEXT_STEPS),
      reply(local(NY, 2026, 11, 30, 10), ReplySays.DECISION_DATE, dt.date(2026, 12, 7))],
     [THANKED], (2026, 12, 1, 9), "Waiting for their decision by 7 Dec — check-in opens 9 Dec"),
    ("the decision date has passed, the check-in opens the day after next",
     [reply(local(NY, 2026, 11, 30, 10), ReplySays.DECISION_DATE, dt.date(2026, 12, 7))],
     [THANKED], (2026, 12, 8, 10), "Their decision was due by 7 Dec — check-in opens 9 Dec"),
    ("an old reply (no meaning recorded) reads as other",
     [reply(local(NY, 2026, 11, 30, 22))], [THANKED], (2026, 12, 1, 9),
     "Nothing planned: they replied on 30 Nov — Add round or set a decision date"),
])
def test_every_way_to_nothing_planned_says_why(case, events, messages, now,
                                               expected) -> None:
    app = make_app(ROUND, events=events, messages=messages)
    assert reason(app, local(NY, *now)) == expected, case


def test_a_skipped_check_in_says_so() -> None:
    from followup_desktop.records import FollowupState

    app = make_app(ROUND, messages=[THANKED])
    now = local(NY, 2026, 12, 2, 9)
    key = _plan_key(app, Kind.CHECK_IN_1, now)
    states = {key: FollowupState(key, skipped_at=local(NY, 2026, 12, 1, 16))}
    assert _reason_with(app, now, states=states) == \
        "Nothing planned: you skipped the check-in — record their reply or Add round"


def test_check_ins_turned_off_and_stopped() -> None:
    import dataclasses

    app = make_app(ROUND, messages=[THANKED])
    now = local(NY, 2026, 12, 2, 9)
    off = dataclasses.replace(S, max_checkins=0)
    assert _reason_with(app, now, off) == \
        "Nothing planned: check-ins are turned off in Settings — record their reply or Add round"
    one = dataclasses.replace(S, max_checkins=1)
    sent = make_app(ROUND, messages=[THANKED, CHECKED_1])
    assert _reason_with(sent, local(NY, 2026, 12, 20, 9), one) == \
        "Nothing planned: your last check-in went out on 2 Dec — waiting for their answer"
    # a decision date two months off, past the 6-week stop: no check-in at all
    far = make_interview(local(NY, 2026, 11, 24, 14), people=[main(DANA)],
                         decision_by=dt.date(2027, 1, 25))
    assert reason(make_app(far, messages=[THANKED]), now) == \
        "Nothing planned: check-ins stop 6 weeks after the round — record their reply or Add round"


def test_no_people_and_rounds_to_come() -> None:
    alone = make_interview(local(NY, 2026, 11, 24, 14), reflection="went well")
    # the check-in is listed with no recipient: the row names it
    assert reason(make_app(alone), local(NY, 2026, 12, 2, 9)) is None
    replied = make_app(alone, events=[reply(local(NY, 2026, 11, 30, 10))])
    assert reason(replied, local(NY, 2026, 12, 2, 9)) == \
        "Nothing planned: they replied on 30 Nov — Add round or set a decision date"
    # a round to come whose windows were all skipped is what comes next
    from followup_desktop.records import FollowupState

    nxt = make_interview(local(NY, 2026, 12, 9, 14), reflection="")
    app = make_app(alone, nxt, events=[reply(local(NY, 2026, 11, 30, 10))])
    now = local(NY, 2026, 12, 2, 9)
    states = {w.key: FollowupState(w.key, skipped_at=now) for w in plan([app], S, NY, now)}
    assert states  # the new round's debrief was planned, and is skipped
    assert _reason_with(app, now, states=states) == "Nothing planned before the round on 9 Dec"


def test_a_stale_stated_date_is_not_waited_for() -> None:
    # decided "by 20 Nov" in a round of 24 Nov: stale, read as no date (check-in 1 Dec)
    iv = make_interview(local(NY, 2026, 11, 24, 14), people=[main(DANA)],
                        decision_by=dt.date(2026, 11, 20))
    assert reason(make_app(iv, messages=[THANKED]), local(NY, 2026, 11, 26, 9)) is None


@pytest.mark.parametrize(("zone", "expected"), [
    # decision Sat 3 Apr 2027; NZ daylight time ends Sun 4 Apr 03:00: the check-in opens
    # Mon 5 Apr 09:00 NZST = Sun 4 Apr 21:00 UTC, and the row names the local day
    ("Pacific/Auckland", "Waiting for their decision by 3 Apr — check-in opens 5 Apr"),
    # the same in New York (DST began 14 Mar): Mon 5 Apr 09:00 EDT
    ("America/New_York", "Waiting for their decision by 3 Apr — check-in opens 5 Apr"),
])
def test_waiting_words_read_in_the_profile_zone_across_dst(zone, expected) -> None:
    tz = ZoneInfo(zone)
    person = make_person("Aisha Bello")
    iv = make_interview(local(tz, 2027, 3, 29, 10), people=[main(person)],
                        decision_by=dt.date(2027, 4, 3))
    app = make_app(iv, messages=[make_message(Kind.THANK_YOU, local(tz, 2027, 3, 29, 15),
                                              person)])
    now = local(tz, 2027, 4, 2, 12)
    windows = plan([app], S, tz, now)
    ci = next(w for w in windows if w.kind is Kind.CHECK_IN_1)
    assert ci.opens_at == local(tz, 2027, 4, 5, 9)
    assert plan_reason(app, windows, S, tz, now) == expected
