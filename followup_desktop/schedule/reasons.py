"""Why an active application has nothing to do now: the words of its row and tooltip.

A reply is never the end of the plan without saying so: an active application
whose plan has no open follow-up says what it is waiting for ("Waiting for their decision
by 7 Dec — check-in opens 9 Dec") or why nothing is planned ("Nothing planned: they
replied on 30 Nov — Add round or set a decision date"). Pure: records in, words out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from zoneinfo import ZoneInfo

from followup_desktop.records import (
    Application,
    EventKind,
    FollowupWindow,
    Kind,
    ReplySays,
    Status,
    WindowState,
)
from followup_desktop.settings import Settings

from .rules import effective_status

_ACTING = (WindowState.OPEN, WindowState.OVERDUE, WindowState.SNOOZED)
_CHECKINS = (Kind.CHECK_IN_1, Kind.CHECK_IN_2)


def short_day(t: dt.datetime | dt.date, tz: ZoneInfo) -> str:
    """``7 Dec`` (a moment is read in ``tz``)."""
    d = t.astimezone(tz).date() if isinstance(t, dt.datetime) else t
    return f"{d.day} {d:%b}"


def stated_decision(app: Application, now: dt.datetime) -> dt.date | None:
    """The decision date the company stated for the latest round that has ended: the
    latest decision-date reply since that round, else the round's own ``decision_by``."""
    ended = [iv for iv in app.interviews if iv.end <= now]
    if not ended:
        return None
    rnd = max(ended, key=lambda iv: iv.end)
    decision = rnd.decision_by
    for e in app.events:
        if (e.kind is EventKind.REPLY and rnd.end < e.at <= now
                and e.says is ReplySays.DECISION_DATE and e.decision_by is not None):
            decision = e.decision_by
    return decision


def plan_reason(app: Application, windows: Sequence[FollowupWindow], settings: Settings,
                tz: ZoneInfo, now: dt.datetime) -> str | None:
    """What an active application's row says when none of its follow-ups is open now;
    None when one is (the row shows it), or when the application is not active.

    ``windows`` are the application's windows of the plan at ``now``."""
    if effective_status(app, settings, now, tz) is not Status.ACTIVE:
        return None
    if any(w.state in _ACTING for w in windows):
        return None
    upcoming = sorted((w for w in windows if w.state is WindowState.UPCOMING),
                      key=lambda w: w.opens_at)
    if upcoming:
        nxt = upcoming[0]
        if nxt.kind in _CHECKINS:
            decision = stated_decision(app, now)
            if decision is not None:
                return (f"Waiting for their decision by {short_day(decision, tz)} — "
                        f"check-in opens {short_day(nxt.opens_at, tz)}")
        return None  # the row names it ("Check-in opens ...")
    if not app.interviews:
        return "Nothing planned: no interview recorded yet — Add round"
    ended = [iv for iv in app.interviews if iv.end <= now]
    if not ended:
        return None
    last_end = max(iv.end for iv in ended)
    replies = [e for e in app.events if e.kind is EventKind.REPLY and last_end < e.at <= now
               and e.says is not ReplySays.ACKNOWLEDGED]
    if replies:
        latest = replies[-1]
        if latest.says is ReplySays.NEXT_STEPS:
            return (f"Nothing planned: next steps since {short_day(latest.at, tz)} — "
                    "Add round")
        return (f"Nothing planned: they replied on {short_day(latest.at, tz)} — "
                "Add round or set a decision date")
    sent = [m for m in app.messages if m.kind in _CHECKINS and m.sent_at > last_end
            and m.sent_at <= now]
    if len(sent) >= settings.max_checkins:
        return "Nothing planned: every check-in went out — waiting for their answer"
    return "Nothing planned: waiting for their answer — record their reply or Add round"
