"""Day offsets across DST (both ways, New York and Berlin) and working-hours deferral.

"+ N days" keeps the local wall time; "+ N h" is elapsed; a nonexistent wall time moves
forward by the gap; an ambiguous one takes the first occurrence (docs/rules.md).
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from followup_desktop.records import EventKind, Kind
from followup_desktop.schedule import (
    add_days_local,
    at_local_time,
    defer_to_working_hours,
    plan,
)
from followup_desktop.settings import Settings
from tests.helpers.builders import (
    local,
    main,
    make_app,
    make_event,
    make_interview,
    make_person,
    utc,
)

NY = ZoneInfo("America/New_York")
BERLIN = ZoneInfo("Europe/Berlin")
S = Settings()
ZONES = {"America/New_York": NY, "Europe/Berlin": BERLIN}


def wall(t: dt.datetime, tz: ZoneInfo) -> tuple[int, int, int, int, int]:
    x = t.astimezone(tz)
    return (x.year, x.month, x.day, x.hour, x.minute)


# --------------------------------------------------------------------------- + N days


@pytest.mark.parametrize(("zone", "start", "days", "expect_utc"), [
    # 10:00 EST (15:00Z) + 7 days -> 10:00 EDT (14:00Z), across 8 March 2026
    ("America/New_York", (2026, 3, 2, 10), 7, utc(2026, 3, 9, 14)),
    # 10:00 EDT (14:00Z) + 7 days -> 10:00 EST (15:00Z), across 1 November 2026
    ("America/New_York", (2026, 10, 27, 10), 7, utc(2026, 11, 3, 15)),
    # 10:00 CET (09:00Z) + 7 days -> 10:00 CEST (08:00Z), across 29 March 2026
    ("Europe/Berlin", (2026, 3, 24, 10), 7, utc(2026, 3, 31, 8)),
    # 10:00 CEST (08:00Z) + 7 days -> 10:00 CET (09:00Z), across 25 October 2026
    ("Europe/Berlin", (2026, 10, 20, 10), 7, utc(2026, 10, 27, 9)),
    # and backwards
    ("Europe/Berlin", (2026, 3, 31, 10), -7, utc(2026, 3, 24, 9)),
], ids=["ny-spring", "ny-fall", "berlin-spring", "berlin-fall", "berlin-backwards"])
def test_plus_days_keeps_local_wall_time(zone: str, start: tuple[int, int, int, int],
                                         days: int, expect_utc: dt.datetime) -> None:
    t = local(zone, *start)
    got = add_days_local(t, days, ZONES[zone])
    assert got == expect_utc
    assert got.tzinfo is dt.UTC
    assert wall(got, ZONES[zone])[3] == start[3]
    assert got - t != dt.timedelta(days=days)  # not elapsed time


@pytest.mark.parametrize(("zone", "start", "expect_utc", "expect_local"), [
    # 02:30 does not exist on 8 March 2026 in New York: forward by the gap -> 03:30 EDT
    ("America/New_York", (2026, 3, 7, 2, 30), utc(2026, 3, 8, 7, 30), (2026, 3, 8, 3, 30)),
    # ... nor on 29 March 2026 in Berlin -> 03:30 CEST
    ("Europe/Berlin", (2026, 3, 28, 2, 30), utc(2026, 3, 29, 1, 30), (2026, 3, 29, 3, 30)),
], ids=["ny", "berlin"])
def test_nonexistent_wall_time_moves_forward_by_the_gap(
        zone: str, start: tuple[int, ...], expect_utc: dt.datetime,
        expect_local: tuple[int, ...]) -> None:
    got = add_days_local(local(zone, *start), 1, ZONES[zone])
    assert got == expect_utc
    assert wall(got, ZONES[zone]) == expect_local


@pytest.mark.parametrize(("zone", "start", "expect_utc"), [
    # 01:30 happens twice on 1 November 2026 in New York: the first is 01:30 EDT (05:30Z)
    ("America/New_York", (2026, 10, 31, 1, 30), utc(2026, 11, 1, 5, 30)),
    # 02:30 happens twice on 25 October 2026 in Berlin: the first is 02:30 CEST (00:30Z)
    ("Europe/Berlin", (2026, 10, 24, 2, 30), utc(2026, 10, 25, 0, 30)),
], ids=["ny", "berlin"])
def test_ambiguous_wall_time_takes_the_first_occurrence(
        zone: str, start: tuple[int, ...], expect_utc: dt.datetime) -> None:
    assert add_days_local(local(zone, *start), 1, ZONES[zone]) == expect_utc
    # from the day after (the later, standard-time side), a day back: first occurrence too
    d = dt.date(*start[:3]) + dt.timedelta(days=2)
    later = local(zone, d.year, d.month, d.day, *start[3:])
    assert add_days_local(later, -1, ZONES[zone]) == expect_utc


def test_at_local_time_on_change_days() -> None:
    assert at_local_time(dt.date(2026, 3, 10), 9, NY) == utc(2026, 3, 10, 13)
    assert at_local_time(dt.date(2026, 3, 2), 9, NY) == utc(2026, 3, 2, 14)
    assert at_local_time(dt.date(2026, 3, 8), 2, NY) == utc(2026, 3, 8, 7)  # 03:00 EDT
    assert at_local_time(dt.date(2026, 11, 1), 1, NY) == utc(2026, 11, 1, 5)  # first 01:00
    assert at_local_time(dt.date(2026, 3, 29), 2, BERLIN, minute=30) == utc(2026, 3, 29, 1, 30)
    assert at_local_time(dt.date(2026, 3, 1), 24, BERLIN) == utc(2026, 3, 1, 23)


def test_add_days_needs_an_aware_time() -> None:
    with pytest.raises(ValueError, match="aware"):
        add_days_local(dt.datetime(2026, 1, 1), 1, NY)  # noqa: DTZ001


# --------------------------------------------------------------------------- in a plan


@pytest.mark.parametrize(("zone", "start", "expect_utc"), [
    ("America/New_York", (2026, 3, 2, 9), utc(2026, 3, 9, 14)),     # 10:00 EDT
    ("America/New_York", (2026, 10, 26, 9), utc(2026, 11, 2, 15)),  # 10:00 EST
    ("Europe/Berlin", (2026, 3, 23, 9), utc(2026, 3, 30, 8)),       # 10:00 CEST
    ("Europe/Berlin", (2026, 10, 19, 9), utc(2026, 10, 26, 9)),     # 10:00 CET
], ids=["ny-spring", "ny-fall", "berlin-spring", "berlin-fall"])
def test_check_in_seven_days_later_keeps_ten_o_clock(zone: str, start: tuple[int, ...],
                                                     expect_utc: dt.datetime) -> None:
    iv = make_interview(local(zone, *start), people=[main(make_person())])  # ends 10:00
    ws = plan([make_app(iv)], S, ZONES[zone], iv.end)
    (w,) = [w for w in ws if w.kind is Kind.CHECK_IN_1]
    assert w.opens_at == expect_utc
    assert wall(w.opens_at, ZONES[zone])[3:] == (10, 0)
    assert wall(w.due_at, ZONES[zone])[3:] == (10, 0)  # type: ignore[arg-type]


def test_hours_are_elapsed_across_a_change() -> None:
    # Round ends Saturday 7 March 15:00 EST; 24 h later is Sunday 16:00 EDT.
    iv = make_interview(local(NY, 2026, 3, 7, 14), people=[main(make_person())])
    offer = make_event(EventKind.VERBAL_OFFER, local(NY, 2026, 3, 7, 20))
    ws = plan([make_app(iv, events=[offer])], S, NY, local(NY, 2026, 3, 7, 21))
    (thanks,) = [w for w in ws if w.kind is Kind.THANK_YOU]
    assert thanks.due_at == iv.end + dt.timedelta(hours=24)
    assert wall(thanks.due_at, NY)[3] == 16  # type: ignore[arg-type]
    (conf,) = [w for w in ws if w.kind is Kind.OFFER_CONFIRMATION]
    assert conf.due_at == offer.at + dt.timedelta(hours=24)


def test_rejection_reply_due_in_days_keeps_wall_time_across_a_change() -> None:
    iv = make_interview(local(BERLIN, 2026, 3, 20, 9), people=[main(make_person())])
    rejected = make_event(EventKind.REJECTED, local(BERLIN, 2026, 3, 28, 11))
    ws = plan([make_app(iv, events=[rejected])], S, BERLIN, rejected.at)
    (w,) = [w for w in ws if w.kind is Kind.REJECTION_REPLY]
    assert w.due_at == local(BERLIN, 2026, 3, 30, 11)
    assert w.due_at - w.opens_at == dt.timedelta(days=2, hours=-1)  # type: ignore[operator]


def test_check_in_on_a_stated_date_that_lands_on_the_change_day() -> None:
    # decided by Friday 6 March -> Sunday 8 March 09:00 (the change day) -> Monday 09:00 EDT
    iv = make_interview(local(NY, 2026, 3, 2, 9), people=[main(make_person())],
                        decision_by=dt.date(2026, 3, 6))
    ws = plan([make_app(iv)], S, NY, iv.end)
    (w,) = [w for w in ws if w.kind is Kind.CHECK_IN_1]
    assert w.opens_at == utc(2026, 3, 9, 13)


# --------------------------------------------------------------------------- working hours


@pytest.mark.parametrize(("at", "expect"), [
    ((2026, 4, 18, 10, 0), (2026, 4, 20, 9, 0)),   # Saturday -> Monday
    ((2026, 4, 19, 23, 0), (2026, 4, 20, 9, 0)),   # Sunday night -> Monday
    ((2026, 4, 17, 17, 0), (2026, 4, 20, 9, 0)),   # Friday 17:00 is after hours
    ((2026, 4, 17, 16, 59), (2026, 4, 17, 16, 59)),  # Friday 16:59 is inside
    ((2026, 4, 20, 8, 59), (2026, 4, 20, 9, 0)),   # Monday early -> same day 09:00
    ((2026, 4, 20, 0, 0), (2026, 4, 20, 9, 0)),    # Monday midnight -> same day
    ((2026, 4, 21, 9, 0), (2026, 4, 21, 9, 0)),    # Tuesday 09:00 is inside
    ((2026, 4, 22, 20, 0), (2026, 4, 23, 9, 0)),   # Wednesday evening -> Thursday
], ids=["saturday", "sunday-night", "friday-17", "friday-1659", "monday-early",
        "monday-midnight", "tuesday-9", "wednesday-evening"])
@pytest.mark.parametrize("zone", ["America/New_York", "Europe/Berlin"])
def test_defer_to_working_hours(zone: str, at: tuple[int, ...], expect: tuple[int, ...]) -> None:
    tz = ZONES[zone]
    got = defer_to_working_hours(local(tz, *at), S, tz)
    assert got == local(tz, *expect)
    assert got.tzinfo is dt.UTC


def test_working_hours_come_from_the_settings() -> None:
    s = S.replace(work_day_start_hour=8, work_day_end_hour=18)
    assert defer_to_working_hours(local(NY, 2026, 4, 17, 17, 30), s, NY) == local(
        NY, 2026, 4, 17, 17, 30)
    assert defer_to_working_hours(local(NY, 2026, 4, 17, 18), s, NY) == local(
        NY, 2026, 4, 20, 8)


def test_deferral_across_the_change_weekend_lands_on_nine_local() -> None:
    # Saturday 7 March 12:00 EST -> Monday 9 March 09:00 EDT (13:00Z)
    assert defer_to_working_hours(local(NY, 2026, 3, 7, 12), S, NY) == utc(2026, 3, 9, 13)
    # Saturday 24 October 12:00 CEST -> Monday 26 October 09:00 CET (08:00Z)
    assert defer_to_working_hours(local(BERLIN, 2026, 10, 24, 12), S, BERLIN) == utc(
        2026, 10, 26, 8)


def test_thank_you_and_rejection_reply_are_never_deferred() -> None:
    iv = make_interview(local(NY, 2026, 4, 18, 19), people=[main(make_person())])  # Saturday
    rejected = make_event(EventKind.REJECTED, local(NY, 2026, 4, 19, 22))
    ws = plan([make_app(iv, events=[rejected])], S, NY, rejected.at)
    assert {w.opens_at for w in ws if w.kind is Kind.THANK_YOU} == {iv.end}
    assert {w.opens_at for w in ws if w.kind is Kind.REJECTION_REPLY} == {rejected.at}
