"""Relative words count calendar days on the user's wall clock, not 24-hour blocks: on
Wed 2 Dec, Wed 9 Dec 09:00 is "in 7 days" whatever the hour of now."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from followup_desktop.humanize import DayCounter, overdue_by, relative, window_phrase
from followup_desktop.records import FollowupWindow, Kind, WindowState

BERLIN = ZoneInfo("Europe/Berlin")
NY = ZoneInfo("America/New_York")


def _at(tz: ZoneInfo, *args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=tz).astimezone(dt.UTC)  # type: ignore[misc]


ROWS = [
    # (now, target, words) -- local wall-clock times in Berlin
    ((2026, 12, 2, 18, 0), (2026, 12, 9, 9, 0), "in 7 days"),  # the review's example
    ((2026, 12, 2, 8, 0), (2026, 12, 9, 9, 0), "in 7 days"),
    ((2026, 12, 2, 23, 59), (2026, 12, 9, 0, 1), "in 7 days"),
    ((2026, 12, 2, 18, 0), (2026, 12, 3, 9, 0), "tomorrow"),  # 15 h: tomorrow, not "15 h"
    ((2026, 12, 2, 1, 0), (2026, 12, 3, 23, 0), "tomorrow"),  # 46 h
    ((2026, 12, 2, 23, 0), (2026, 12, 4, 1, 0), "in 2 days"),  # 26 h, two days on
    ((2026, 12, 2, 9, 0), (2026, 12, 2, 23, 59), "in 14 h"),  # later today: hours
    ((2026, 12, 2, 23, 30), (2026, 12, 3, 0, 10), "in 40 min"),  # under an hour: minutes
    ((2026, 12, 2, 23, 0), (2026, 12, 3, 0, 30), "tomorrow"),  # past midnight, over 1 h
    ((2026, 12, 2, 12, 0), (2026, 12, 2, 12, 0), "in under a minute"),
    ((2026, 12, 2, 12, 0), (2026, 12, 15, 12, 0), "in 13 days"),
    ((2026, 12, 2, 12, 0), (2026, 12, 16, 1, 0), "in 2 weeks"),
    ((2026, 12, 2, 12, 0), (2027, 3, 2, 12, 0), "in 3 months"),
    # the past
    ((2026, 12, 9, 9, 0), (2026, 12, 2, 18, 0), "7 days ago"),
    ((2026, 12, 3, 9, 0), (2026, 12, 2, 18, 0), "yesterday"),
    ((2026, 12, 3, 0, 10), (2026, 12, 2, 23, 30), "40 min ago"),
    ((2026, 12, 3, 20, 0), (2026, 12, 3, 1, 0), "19 h ago"),
    # Berlin falls back on Sun 25 Oct 2026 (that day has 25 hours)
    ((2026, 10, 24, 12, 0), (2026, 10, 26, 0, 30), "in 2 days"),  # 37.5 h
    ((2026, 10, 24, 23, 30), (2026, 10, 25, 23, 30), "tomorrow"),  # 25 h
    ((2026, 10, 25, 0, 30), (2026, 10, 25, 23, 30), "in 24 h"),  # the same (long) day
    ((2026, 10, 23, 9, 0), (2026, 10, 30, 8, 0), "in 7 days"),
    ((2026, 10, 30, 8, 0), (2026, 10, 23, 9, 0), "7 days ago"),
    # and springs forward on Sun 29 Mar 2026 (23 hours)
    ((2026, 3, 28, 0, 30), (2026, 3, 29, 23, 30), "tomorrow"),  # 46 h
    ((2026, 3, 28, 23, 30), (2026, 3, 30, 0, 30), "in 2 days"),  # 24 h
]


@pytest.mark.parametrize(("now", "target", "words"), ROWS)
def test_days_are_calendar_days_in_the_users_zone(now: tuple[int, ...],
                                                  target: tuple[int, ...], words: str) -> None:
    n, t = _at(BERLIN, *now), _at(BERLIN, *target)
    assert relative(t, n, BERLIN) == words
    # the table's columns (microseconds) say the same
    assert DayCounter(n, BERLIN).relative(round(t.timestamp() * 10**6)) == words


def test_the_same_moments_read_in_another_zone_count_that_zones_days() -> None:
    now, target = _at(BERLIN, 2026, 12, 2, 18, 0), _at(BERLIN, 2026, 12, 3, 9, 0)
    assert relative(target, now, BERLIN) == "tomorrow"
    # in Tokyo both fall on Thu 3 Dec (02:00 and 17:00): later today
    assert relative(target, now, ZoneInfo("Asia/Tokyo")) == "in 15 h"
    # Wed 9 Dec 05:00 in Berlin is Tue 8 Dec 23:00 in New York: six days on there
    assert relative(_at(BERLIN, 2026, 12, 9, 5, 0), now, BERLIN) == "in 7 days"
    assert relative(_at(BERLIN, 2026, 12, 9, 5, 0), now, NY) == "in 6 days"


@pytest.mark.parametrize(("now", "due", "words"), [
    ((2026, 12, 3, 9, 0), (2026, 12, 2, 18, 0), "1 day"),
    ((2026, 12, 3, 0, 10), (2026, 12, 2, 23, 30), "40 min"),
    ((2026, 12, 3, 20, 0), (2026, 12, 3, 9, 0), "11 h"),
    ((2026, 12, 9, 8, 0), (2026, 12, 2, 23, 0), "7 days"),
    ((2026, 10, 26, 0, 30), (2026, 10, 24, 12, 0), "2 days"),
])
def test_overdue_by_counts_calendar_days(now: tuple[int, ...], due: tuple[int, ...],
                                         words: str) -> None:
    n, d = _at(BERLIN, *now), _at(BERLIN, *due)
    assert overdue_by(d, n, BERLIN) == words
    assert DayCounter(n, BERLIN).overdue_by(round(d.timestamp() * 10**6)) == words


def _window(state: WindowState, opens: dt.datetime, due: dt.datetime | None = None
            ) -> FollowupWindow:
    return FollowupWindow("k", Kind.THANK_YOU, 1, "Acme", "Role", opens, due, state)


def test_window_phrases_use_calendar_days() -> None:
    now = _at(BERLIN, 2026, 12, 2, 18, 0)
    wed = _at(BERLIN, 2026, 12, 9, 9, 0)
    assert window_phrase(_window(WindowState.UPCOMING, wed), now, BERLIN) \
        == "Thank-you opens in 7 days"
    thu = _at(BERLIN, 2026, 12, 3, 9, 0)
    assert window_phrase(_window(WindowState.OPEN, now, thu), now, BERLIN) \
        == "Thank-you due tomorrow"
    tue = _at(BERLIN, 2026, 12, 1, 20, 0)
    assert window_phrase(_window(WindowState.OVERDUE, tue, tue), now, BERLIN) \
        == "Thank-you overdue by 1 day"


@pytest.mark.parametrize("zone", ["Europe/Berlin", "America/New_York", "Asia/Kolkata",
                                  "Australia/Lord_Howe", "Pacific/Chatham", "UTC"])
def test_the_day_counter_agrees_with_the_calendar_hour_by_hour(zone: str) -> None:
    """The counter looks a UTC day's offset up once: every quarter hour over a year
    (both changes of offset, zones 30 and 45 minutes off) it counts as the calendar."""
    tz = ZoneInfo(zone)
    now = _at(tz, 2026, 1, 1, 12, 0)
    counter = DayCounter(now, tz)
    today = now.astimezone(tz).date()
    for q in range(0, 366 * 96, 7):  # every 7th quarter hour: all hours of the day
        t = now + dt.timedelta(minutes=15 * q + 1)
        assert counter.days(round(t.timestamp() * 10**6)) == \
            (t.astimezone(tz).date() - today).days, t
