"""Hypothesis strategies the schedule tests share: generated applications and plans."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from hypothesis import strategies as st

from followup_desktop.records import (
    Application,
    Event,
    EventKind,
    FollowupState,
    FollowupWindow,
    Interview,
    Kind,
    Message,
    Participant,
    Person,
    Promise,
    Status,
)
from followup_desktop.schedule import plan
from followup_desktop.settings import Settings
from tests.helpers.builders import utc

ZONES = [ZoneInfo(n) for n in ("America/New_York", "Europe/Berlin", "UTC",
                                "Australia/Lord_Howe", "Asia/Kolkata")]
T0 = utc(2026, 1, 1)
YEAR_MIN = 400 * 24 * 60
S = Settings()

minutes = st.integers(min_value=0, max_value=YEAR_MIN)
moments = minutes.map(lambda m: T0 + dt.timedelta(minutes=m))


@st.composite
def applications(draw: st.DrawFn, app_id: int) -> Application:
    n_people = draw(st.integers(0, 4))
    people = tuple(
        Person(id=app_id * 100 + i, name=f"Person {i} Example",
               email=draw(st.sampled_from([None, "", f"p{i}@example.com"])),
               linkedin=draw(st.sampled_from([None, f"https://www.linkedin.com/in/p{i}"])))
        for i in range(n_people)
    )
    ids = iter(range(app_id * 1000, app_id * 1000 + 999))
    rounds = []
    for _ in range(draw(st.integers(0, 3))):
        start = draw(moments)
        chosen = draw(st.lists(st.sampled_from(people), max_size=4)) if people else []
        parts = tuple(Participant(p, main_contact=draw(st.booleans())) for p in chosen)
        decision = draw(st.one_of(st.none(), st.integers(-10, 70).map(
            lambda d, s=start: s.date() + dt.timedelta(days=d))))
        promises = tuple(
            Promise(id=next(ids), person_id=draw(st.sampled_from([None, *[p.id for p in people]])),
                    what="the thing")
            for _ in range(draw(st.integers(0, 2))))
        rounds.append(Interview(id=next(ids), start=start,
                                duration_minutes=draw(st.integers(15, 240)),
                                decision_by=decision, participants=parts, promises=promises))
    events = sorted(
        (Event(id=next(ids), kind=draw(st.sampled_from(list(EventKind))), at=draw(moments))
         for _ in range(draw(st.integers(0, 3)))), key=lambda e: e.at)
    recipients: list[tuple[int | None, str | None]] = [(None, None)]
    recipients += [(p.id, None) for p in people] + [(None, p.email) for p in people if p.email]
    messages = []
    for _ in range(draw(st.integers(0, 5))):
        pid, to = draw(st.sampled_from(recipients))
        messages.append(Message(id=next(ids), kind=draw(st.sampled_from(list(Kind))),
                                person_id=pid, to=to, sent_at=draw(moments)))
    return Application(
        id=app_id, company=draw(st.sampled_from(["Acme", "Beta", "Zeta"])), role="Engineer",
        status=draw(st.sampled_from(list(Status))), people=people,
        interviews=tuple(sorted(rounds, key=lambda r: r.start)), events=tuple(events),
        messages=tuple(sorted(messages, key=lambda m: m.sent_at)))


@st.composite
def scenarios(draw: st.DrawFn) -> tuple[list[Application], ZoneInfo, dt.datetime, Settings]:
    apps = [draw(applications(i + 1)) for i in range(draw(st.integers(1, 4)))]
    tz = draw(st.sampled_from(ZONES))
    now = draw(moments)
    s = S.replace(max_checkins=draw(st.integers(0, 2)),
                  no_response_days=draw(st.sampled_from([42, 30, 90])),
                  checkin_after_decision_days=draw(st.integers(0, 3)))
    return apps, tz, now, s


@st.composite
def planned(draw: st.DrawFn) -> tuple[list[FollowupWindow], dt.datetime, dict[str, FollowupState]]:
    """A plan with stored states drawn for some of its windows (notified, snoozed,
    drafted, exported): the flags and snooze times the packed columns must keep."""
    apps, tz, now, s = draw(scenarios())
    bare = plan(apps, s, tz, now)
    states: dict[str, FollowupState] = {}
    for w in bare:
        if draw(st.booleans()):
            hours = dt.timedelta(hours=draw(st.integers(-48, 48)))
            states[w.key] = FollowupState(
                w.key,
                notified_at=draw(st.sampled_from([None, now - hours, w.opens_at])),
                snoozed_until=draw(st.sampled_from([None, now + hours])),
                drafted_at=draw(st.sampled_from([None, now])),
                exported_at=draw(st.sampled_from([None, None, now])))
    return plan(apps, s, tz, now, states), now, states
