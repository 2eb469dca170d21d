"""Why an active application has nothing to do now: the words of its row and tooltip.

A reply is never the end of the plan without saying so: an active application
whose plan has no open follow-up says what it is waiting for ("Waiting for their decision
by 7 Dec — check-in opens 9 Dec") or why nothing is planned ("Nothing planned: they
replied on 30 Nov — Add round or set a decision date"). Pure: records in, words out.

Every way an active application ends up with nothing open or coming, and its words:

- no round recorded; only rounds still to come whose windows were all skipped;
- a reply that cancelled the check-ins: *next steps* ("Add round"), *other* ("Add round
  or set a decision date"); an acknowledgement cancels nothing;
- check-ins turned off (``max_checkins`` 0);
- the check-in too late (expired unsent), or skipped;
- every check-in sent (``max_checkins``): waiting for their answer; or none allowed that
  long after the round (``checkin_stop_days``, a decision date far off).

An upcoming check-in with a stated decision date says it waits for that date; any other
upcoming follow-up is named by the row itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from zoneinfo import ZoneInfo

from followup_desktop.records import (
    Application,
    Event,
    EventKind,
    FollowupWindow,
    Interview,
    Kind,
    ReplySays,
    Status,
    WindowState,
)
from followup_desktop.settings import Settings

from .rules import effective_status, plan_each
from .timemath import at_local_time

_ACTING = (WindowState.OPEN, WindowState.OVERDUE, WindowState.SNOOZED)
_CHECKINS = (Kind.CHECK_IN_1, Kind.CHECK_IN_2)
_ORDINAL = {Kind.CHECK_IN_1: "check-in", Kind.CHECK_IN_2: "second check-in"}
_RECORD = "record their reply or Add round"


def short_day(t: dt.datetime | dt.date, tz: ZoneInfo) -> str:
    """``7 Dec`` (a moment is read in ``tz``)."""
    d = t.astimezone(tz).date() if isinstance(t, dt.datetime) else t
    return f"{d.day} {d:%b}"


def _latest_round(app: Application, now: dt.datetime) -> Interview | None:
    ended = [iv for iv in app.interviews if iv.end <= now]
    return max(ended, key=lambda iv: iv.end) if ended else None


def stated_decision(app: Application, now: dt.datetime, settings: Settings | None = None,
                    tz: ZoneInfo | None = None) -> dt.date | None:
    """The decision date the company stated for the latest round that has ended: the
    latest decision-date reply since that round, else the round's own ``decision_by`` —
    unless (with ``settings`` and ``tz``) that one is stale, as the schedule reads it: its
    check-in would open before the round ended (docs/rules.md, "Rounds and check-ins")."""
    rnd = _latest_round(app, now)
    if rnd is None:
        return None
    decision = rnd.decision_by
    if decision is not None and settings is not None and tz is not None:
        opens = at_local_time(decision + dt.timedelta(days=settings.checkin_after_decision_days),
                              settings.checkin_open_hour, tz)
        if opens < rnd.end:
            decision = None
    for e in app.events:
        if (e.kind is EventKind.REPLY and rnd.end < e.at <= now
                and e.says is ReplySays.DECISION_DATE and e.decision_by is not None):
            decision = e.decision_by
    return decision


def _cancelling_reply(app: Application, since: dt.datetime, now: dt.datetime) -> Event | None:
    """The reply after ``since`` that cancelled the check-ins (next steps or other), as the
    schedule reads the replies: the latest that means something wins, and a decision date
    plans them again."""
    cancel: Event | None = None
    for e in app.events:
        if e.kind is not EventKind.REPLY or not since < e.at <= now:
            continue
        says = e.says or ReplySays.OTHER
        if says is ReplySays.ACKNOWLEDGED:
            continue
        cancel = None if says is ReplySays.DECISION_DATE and e.decision_by is not None else e
    return cancel


def _waiting(app: Application, nxt: FollowupWindow, settings: Settings, tz: ZoneInfo,
             now: dt.datetime) -> str | None:
    decision = stated_decision(app, now, settings, tz)
    if decision is None:
        return None  # the row names it ("Check-in opens ...")
    opens = short_day(nxt.opens_at, tz)
    if decision < now.astimezone(tz).date():
        return f"Their decision was due by {short_day(decision, tz)} — check-in opens {opens}"
    return f"Waiting for their decision by {short_day(decision, tz)} — check-in opens {opens}"


def plan_reason(app: Application, windows: Sequence[FollowupWindow], settings: Settings,
                tz: ZoneInfo, now: dt.datetime) -> str | None:
    """What an active application's row says when none of its follow-ups is open now;
    None when one is (the row shows it), or when the application is not active.

    ``windows`` are the application's windows of the plan at ``now`` (none expired)."""
    if effective_status(app, settings, now, tz) is not Status.ACTIVE:
        return None
    if any(w.state in _ACTING for w in windows):
        return None
    upcoming = sorted((w for w in windows if w.state is WindowState.UPCOMING),
                      key=lambda w: w.opens_at)
    if upcoming:
        nxt = upcoming[0]
        return _waiting(app, nxt, settings, tz, now) if nxt.kind in _CHECKINS else None
    if not app.interviews:
        return "Nothing planned: no interview recorded yet — Add round"
    coming = [iv.start for iv in app.interviews if iv.start > now]
    rnd = _latest_round(app, now)
    if coming:  # a round to come (its windows skipped): it is what comes
        return f"Nothing planned before the round on {short_day(min(coming), tz)}"
    if rnd is None:  # a round under way (its windows skipped)
        return "Nothing planned before the round ends"
    return _after_round(app, rnd, windows, settings, tz, now)


def _after_round(app: Application, rnd: Interview, windows: Sequence[FollowupWindow],
                 settings: Settings, tz: ZoneInfo, now: dt.datetime) -> str:
    """Why the latest ended round ``rnd`` has no check-in open or coming."""
    reply = _cancelling_reply(app, rnd.end, now)
    if reply is not None:
        if reply.says is ReplySays.NEXT_STEPS:
            return f"Nothing planned: next steps since {short_day(reply.at, tz)} — Add round"
        return (f"Nothing planned: they replied on {short_day(reply.at, tz)} — "
                "Add round or set a decision date")
    if settings.max_checkins < 1:
        return f"Nothing planned: check-ins are turned off in Settings — {_RECORD}"
    # The check-ins as planned with nothing skipped and the late ones kept: one listed
    # here and not in ``windows`` was skipped; one expired was too late.
    planned = [w for _a, own in plan_each([app], settings, tz, now, include_expired=True)
               for w in own if w.kind in _CHECKINS]
    if planned:
        last = max(planned, key=lambda w: w.opens_at)
        what = _ORDINAL[last.kind]
        if last.state is WindowState.EXPIRED:
            return (f"Nothing planned: too late for the {what} of "
                    f"{short_day(last.opens_at, tz)} — {_RECORD}")
        if all(w.key != last.key for w in windows):
            return f"Nothing planned: you skipped the {what} — {_RECORD}"
    sent = [m.sent_at for m in app.messages if m.kind in _CHECKINS and rnd.end < m.sent_at <= now]
    if sent:
        return (f"Nothing planned: your last check-in went out on {short_day(max(sent), tz)}"
                " — waiting for their answer")
    if settings.no_response_days >= settings.checkin_stop_days:
        # not cancelled, none sent, none planned: the first would come after the stop
        return (f"Nothing planned: check-ins stop {_span(settings.checkin_stop_days)} after "
                f"the round — {_RECORD}")
    return f"Nothing planned: waiting for their answer — {_RECORD}"


def _span(days: int) -> str:
    """``6 weeks``, ``1 week``, ``10 days``."""
    if days % 7 == 0:
        weeks = days // 7
        return f"{weeks} week" if weeks == 1 else f"{weeks} weeks"
    return f"{days} days"
