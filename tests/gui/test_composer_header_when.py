"""The composer's header: the time in brackets is the one its words speak of -- an
upcoming window shows when it opens, not when it is due."""

from __future__ import annotations

import dataclasses
import datetime as dt

from followup_desktop.records import ApplicationSpec, InterviewSpec, Kind, PersonSpec, WindowState
from followup_desktop.ui.composer.common import header_when
from tests.helpers import composer as support_composer
from tests.helpers.composer import NOW, OFFSCREEN_NOISE, make_pane, northwind

pytestmark = OFFSCREEN_NOISE
demo_ctx = support_composer.demo_ctx  # fixture


def test_an_upcoming_window_shows_its_opening_time_in_brackets(qtbot, demo_ctx):
    # a round still going on: it ends (and its thank-you opens) in 37 min
    demo_ctx.store.add_application(ApplicationSpec("Tailspin", "Analyst", interviews=(
        InterviewSpec(NOW - dt.timedelta(minutes=23), 60, interviewers=(
            PersonSpec("Hannah Kim", email="hannah@tailspin.example"),)),)))
    w = next(w for w in demo_ctx.agenda() if w.company == "Tailspin"
             and w.kind is Kind.THANK_YOU)
    assert w.state is WindowState.UPCOMING and w.due_at is not None
    pane = make_pane(qtbot, demo_ctx, w)
    text = pane.subtitle.text()
    opens = w.opens_at.astimezone(demo_ctx.tz())
    assert f"opens in 37 min ({opens:%a %d %b %H:%M})" in text, text
    assert f"{w.due_at.astimezone(demo_ctx.tz()):%a %d %b %H:%M}" not in text, text


def test_open_snoozed_and_expired_windows_say_which_time_they_show(demo_ctx):
    tz = demo_ctx.tz()
    base = northwind(demo_ctx)
    due = NOW + dt.timedelta(days=1)  # Tue 03 Mar 16:00 in Berlin
    open_ = dataclasses.replace(base, state=WindowState.OPEN, due_at=due)
    assert header_when(open_, NOW, tz).endswith("(Tue 03 Mar 16:00)")
    snoozed = dataclasses.replace(base, state=WindowState.SNOOZED, due_at=due,
                                  snoozed_until=NOW + dt.timedelta(hours=2))
    assert header_when(snoozed, NOW, tz).endswith("(Mon 02 Mar 18:00, due Tue 03 Mar 16:00)")
    expired = dataclasses.replace(base, state=WindowState.EXPIRED,
                                  due_at=NOW - dt.timedelta(days=3))
    assert header_when(expired, NOW, tz).endswith("(was due Fri 27 Feb 16:00)")
