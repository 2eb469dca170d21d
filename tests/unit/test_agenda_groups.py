"""Overdue / Open now / Later today / This week / Later, one rule for the window, the tray
and ``agenda`` (schedule/groups.py; issue 18 item 4), row by row with zones, DST and locales."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from followup_desktop.records import FollowupWindow, Kind, WindowState
from followup_desktop.reminders.policy import open_windows
from followup_desktop.schedule.agenda import Agenda
from followup_desktop.schedule.groups import (
    G_LATER,
    G_OPEN,
    G_OVERDUE,
    G_TODAY,
    G_WEEK,
    MONDAY,
    SATURDAY,
    SUNDAY,
    agenda_order,
    first_weekday,
    group_agenda,
    week_end,
)
from tests.helpers.builders import local

H = dt.timedelta(hours=1)
D = dt.timedelta(days=1)


def win(kind: Kind, state: WindowState, opens: dt.datetime, due: dt.datetime | None,
        n: int = 1, snoozed: dt.datetime | None = None) -> FollowupWindow:
    return FollowupWindow(key=f"{kind.value}:a{n}", kind=kind, application_id=n, company=f"C{n}",
                  role="R", opens_at=opens.astimezone(dt.UTC),
                  due_at=due.astimezone(dt.UTC) if due else None, state=state,
                  snoozed_until=snoozed.astimezone(dt.UTC) if snoozed else None)


@pytest.mark.parametrize(("name", "first"), [
    ("en_US.UTF-8", SUNDAY), ("de_DE.UTF-8", MONDAY), ("en_GB", MONDAY), ("fr", MONDAY),
    ("ar_EG.UTF-8", SATURDAY), ("pt-BR", SUNDAY), ("C.UTF-8", MONDAY), ("", MONDAY),
    (None, MONDAY), ("ja_JP@calendar", SUNDAY),
])
def test_the_first_weekday_of_a_locale(name: str | None, first: int) -> None:
    assert first_weekday(name) == first


@pytest.mark.parametrize(("today", "first", "end"), [
    (dt.date(2026, 12, 2), MONDAY, dt.date(2026, 12, 7)),  # Wednesday: until Sunday
    (dt.date(2026, 12, 6), MONDAY, dt.date(2026, 12, 7)),  # Sunday: only today
    (dt.date(2026, 12, 7), MONDAY, dt.date(2026, 12, 14)),  # Monday: the whole week
    (dt.date(2026, 12, 2), SUNDAY, dt.date(2026, 12, 6)),  # US: until Saturday
    (dt.date(2026, 12, 5), SUNDAY, dt.date(2026, 12, 6)),
    (dt.date(2026, 12, 2), SATURDAY, dt.date(2026, 12, 5)),
])
def test_this_week_ends_with_the_locales_week(today: dt.date, first: int,
                                             end: dt.date) -> None:
    assert week_end(today, first) == end


NY = "America/New_York"
BER = "Europe/Berlin"

# (case, zone, now (local), window: kind, state, opens, due (local), first weekday, group)
ROWS = [
    ("overdue", NY, (2026, 12, 2, 10), Kind.THANK_YOU, WindowState.OVERDUE,
     (2026, 11, 30, 15), (2026, 12, 1, 15), MONDAY, G_OVERDUE),
    ("open, due in 6 days: Open now, not Today, never Later", NY, (2026, 12, 2, 10),
     Kind.CHECK_IN_1, WindowState.OPEN, (2026, 12, 2, 9), (2026, 12, 9, 9), MONDAY, G_OPEN),
    ("open, due in 3 weeks (stay in touch): Open now", NY, (2026, 12, 2, 10),
     Kind.STAY_IN_TOUCH, WindowState.OPEN, (2026, 11, 30, 9), (2026, 12, 23, 9), MONDAY,
     G_OPEN),
    ("open, no deadline (LinkedIn): Open now", NY, (2026, 12, 2, 10), Kind.LINKEDIN_NOTE,
     WindowState.OPEN, (2026, 11, 20, 9), None, MONDAY, G_OPEN),
    ("open, due tonight: Open now", NY, (2026, 12, 2, 10), Kind.DEBRIEF,
     WindowState.OPEN, (2026, 12, 2, 9), (2026, 12, 2, 12), MONDAY, G_OPEN),
    ("opens tonight", NY, (2026, 12, 2, 10), Kind.THANK_YOU, WindowState.UPCOMING,
     (2026, 12, 2, 23, 30), (2026, 12, 3, 23, 30), MONDAY, G_TODAY),
    ("opens Sunday, Monday-first week", NY, (2026, 12, 2, 10), Kind.CHECK_IN_1,
     WindowState.UPCOMING, (2026, 12, 6, 9), (2026, 12, 13, 9), MONDAY, G_WEEK),
    ("opens Sunday, Sunday-first week (US)", NY, (2026, 12, 2, 10), Kind.CHECK_IN_1,
     WindowState.UPCOMING, (2026, 12, 6, 9), (2026, 12, 13, 9), SUNDAY, G_LATER),
    ("opens next Monday", NY, (2026, 12, 2, 10), Kind.CHECK_IN_1, WindowState.UPCOMING,
     (2026, 12, 7, 9), (2026, 12, 14, 9), MONDAY, G_LATER),
    # 23:30 Saturday in New York is already Sunday in UTC: the local day decides
    ("late Saturday local", NY, (2026, 12, 5, 10), Kind.THANK_YOU, WindowState.UPCOMING,
     (2026, 12, 5, 23, 30), (2026, 12, 6, 23, 30), SUNDAY, G_TODAY),
    # the week of the fall-back change (Berlin, 25 October 2026)
    ("Berlin, across fall back", BER, (2026, 10, 21, 10), Kind.CHECK_IN_1,
     WindowState.UPCOMING, (2026, 10, 25, 23, 30), (2026, 11, 1, 9), MONDAY, G_WEEK),
    ("Berlin, first hour of next week", BER, (2026, 10, 21, 10), Kind.CHECK_IN_1,
     WindowState.UPCOMING, (2026, 10, 26, 0, 30), (2026, 11, 2, 9), MONDAY, G_LATER),
    ("New York, across spring forward", NY, (2026, 3, 4, 10), Kind.CHECK_IN_1,
     WindowState.UPCOMING, (2026, 3, 8, 23, 0), (2026, 3, 15, 9), MONDAY, G_WEEK),
]


@pytest.mark.parametrize(("case", "zone", "now", "kind", "state", "opens", "due", "first",
                          "group"), ROWS, ids=[r[0] for r in ROWS])
def test_each_window_in_its_group(case, zone, now, kind, state, opens, due, first,
                                  group) -> None:  # type: ignore[no-untyped-def]
    w = win(kind, state, local(zone, *opens), local(zone, *due) if due else None)
    for given in ([w], Agenda([w])):
        groups = group_agenda(given, local(zone, *now), ZoneInfo(zone), first)
        assert [len(g) for g in groups] == [int(g == group) for g in range(5)]


def test_open_now_is_by_due_time_and_the_tray_lists_in_the_same_order() -> None:
    now = local(NY, 2026, 12, 2, 10)
    ws = [
        win(Kind.CHECK_IN_1, WindowState.OPEN, now - 2 * D, now + 6 * D, 1),
        win(Kind.LINKEDIN_NOTE, WindowState.OPEN, now - 3 * D, None, 2),
        win(Kind.DEBRIEF, WindowState.OPEN, now - 2 * H, now + dt.timedelta(minutes=59), 3),
        win(Kind.THANK_YOU, WindowState.OVERDUE, now - 2 * D, now - D, 4),
        win(Kind.MATERIALS, WindowState.OVERDUE, now - 3 * D, now - 2 * D, 5),
        win(Kind.THANK_YOU, WindowState.UPCOMING, now + 2 * H, now + D, 6),
        win(Kind.CHECK_IN_2, WindowState.SNOOZED, now - D, now + 5 * D, 7,
            snoozed=now + 3 * H),
        win(Kind.STAY_IN_TOUCH, WindowState.UPCOMING, now + 30 * D, now + 90 * D, 8),
    ]
    groups = group_agenda(ws, now, ZoneInfo(NY), MONDAY)
    ids = [[w.application_id for w in g] for g in groups]
    # open ones by due (none last); then what opens or comes back later today, by when
    assert ids == [[5, 4], [3, 1, 2], [6, 7], [], [8]]
    # the debrief due in 59 minutes before the check-in due in 6 days
    assert [w.kind for w in groups[G_OPEN]][:2] == [Kind.DEBRIEF, Kind.CHECK_IN_1]
    assert [w.kind for w in groups[G_TODAY]] == [Kind.THANK_YOU, Kind.CHECK_IN_2]
    tray = [w.application_id for w in open_windows(ws)]
    packed_tray = [w.application_id for w in open_windows(Agenda(ws))]
    acting = [w.application_id for w in agenda_order(ws, now, ZoneInfo(NY))
              if w.state in (WindowState.OPEN, WindowState.OVERDUE)]
    assert tray == packed_tray == acting == [5, 4, 3, 1, 2]


def test_expired_windows_are_in_no_group() -> None:
    now = local(NY, 2026, 12, 2, 10)
    ws = [win(Kind.THANK_YOU, WindowState.EXPIRED, now - 5 * D, now - 4 * D)]
    assert [len(g) for g in group_agenda(ws, now, ZoneInfo(NY))] == [0, 0, 0, 0, 0]


@pytest.mark.parametrize(("back", "group"), [
    ((2026, 12, 2, 13), G_TODAY), ((2026, 12, 4, 9), G_WEEK), ((2026, 12, 8, 9), G_LATER)])
def test_a_snoozed_window_is_under_the_day_it_comes_back(back, group) -> None:  # type: ignore[no-untyped-def]
    now = local(NY, 2026, 12, 2, 10)
    w = win(Kind.CHECK_IN_1, WindowState.SNOOZED, now - D, now + 5 * D,
            snoozed=local(NY, *back))
    assert [len(g) for g in group_agenda([w], now, ZoneInfo(NY))] == \
        [int(g == group) for g in range(5)]
