"""A kept row's "Next follow-up" read from the agenda's columns (table_model.
next_from_columns) is what window_phrase and urgency make of the window itself: every
kind and state, with and without a deadline, snoozes, recipients, odd keys and time zones,
the moments around each boundary of the phrases."""

from __future__ import annotations

import datetime as dt
import itertools
from zoneinfo import ZoneInfo

import pytest

from followup_desktop.humanize import window_phrase
from followup_desktop.records import FollowupWindow, Kind, WindowState, window_key
from followup_desktop.schedule.agenda import Agenda
from followup_desktop.ui.table_model import next_from_columns, urgency

NOW = dt.datetime(2026, 3, 9, 12, 0, 0, 123456, tzinfo=dt.UTC)
OFFSETS = [dt.timedelta(seconds=s) for s in
           (-90 * 86400, -20 * 86400, -3 * 86400, -47 * 3600, -3599, -61, -60, -59.5, -1e-6,
            0, 1e-6, 59.999999, 60, 3600, 48 * 3600 - 1e-6, 13 * 86400, 59 * 86400, 400 * 86400)]


def _windows() -> list[FollowupWindow]:
    out = []
    zone = ZoneInfo("Europe/Paris")
    for n, (kind, state, off, due, snooze, who) in enumerate(itertools.product(
            Kind, [s for s in WindowState if s is not WindowState.EXPIRED], OFFSETS[::3],
            (None, 0, 5), (None, 7), (None, "", "Ada"))):
        opens = NOW + OFFSETS[(OFFSETS.index(off) + 1) % len(OFFSETS)]
        due_at = None if due is None else NOW + OFFSETS[(OFFSETS.index(off) + due) % len(OFFSETS)]
        snoozed = None if snooze is None else NOW + OFFSETS[(n + snooze) % len(OFFSETS)]
        if n % 5 == 0:  # kept whole by the agenda (not in UTC)
            opens = opens.astimezone(zone)
        key = window_key(kind, n, n % 3 or None, None, None) + (":s1" if n % 7 == 0 else "")
        if n % 11 == 0:
            key = f"odd-{n}"
        out.append(FollowupWindow(key, kind, n, "Acme", "Role", opens, due_at, state,
                                  interview_id=n % 3 or None, recipient=who,
                                  snoozed_until=snoozed))
    return out


@pytest.mark.parametrize("step", [dt.timedelta(0), dt.timedelta(seconds=59.5),
                                  dt.timedelta(hours=5), dt.timedelta(hours=11, minutes=30),
                                  dt.timedelta(days=16)])
@pytest.mark.parametrize("tz", ["UTC", "Europe/Berlin", "Pacific/Kiritimati"])
def test_the_columns_say_what_the_window_says(step: dt.timedelta, tz: str) -> None:
    windows = _windows()
    agenda = Agenda(windows)
    now = NOW + step
    at = next_from_columns(agenda, now, ZoneInfo(tz))
    for i, w in enumerate(windows):
        phrase = window_phrase(w, now, ZoneInfo(tz))
        if w.recipient:
            phrase = f"{phrase} · {w.recipient}"
        assert at(i) == (phrase, urgency(w), w.state is WindowState.OVERDUE, w.key), w


def test_an_expired_window_has_no_rank_as_before() -> None:
    w = FollowupWindow(window_key(Kind.THANK_YOU, 1, 2, None, None), Kind.THANK_YOU, 1, "A",
                       "R", NOW, None, WindowState.EXPIRED)
    with pytest.raises(KeyError):
        urgency(w)
    with pytest.raises(KeyError):
        next_from_columns(Agenda([w]), NOW, dt.UTC)(0)
