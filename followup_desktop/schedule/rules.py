"""The follow-up rules of ``domain-rules.md`` ("Windows"): records and a moment in, windows out.

Pure functions: no Qt, no database, no clock of their own. :func:`plan` walks each
application once; sent messages are indexed per application by (kind, recipient) so that
matching a window to the messages that close it costs a dictionary look-up, not a scan.

Records dated after ``now`` (events, messages) are ignored, so a plan "as of" a past
moment shows what was pending then. Interviews in the future are kept: their windows are
listed as upcoming.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence
from zoneinfo import ZoneInfo

from followup_desktop.records import (
    Application,
    Event,
    EventKind,
    FollowupState,
    Interview,
    Kind,
    Message,
    Participant,
    Person,
    Status,
    Window,
    WindowState,
    window_key,
)
from followup_desktop.settings import Settings

from .timemath import add_days, add_days_local, at_local_time, defer_to_working_hours

_WEEK = dt.timedelta(days=7)
_NO_STATES: Mapping[str, FollowupState] = {}

#: Events that end an application, and the status each one gives.
_TERMINAL: dict[EventKind, Status] = {
    EventKind.REJECTED: Status.REJECTED,
    EventKind.VERBAL_OFFER: Status.OFFER,
    EventKind.WITHDRAWN: Status.WITHDRAWN,
}

#: Messages that do not count towards "2 follow-ups to one person in 7 days".
_NOT_COUNTED_IN_WEEK = frozenset({Kind.DEBRIEF, Kind.THANK_YOU})


# --------------------------------------------------------------------------- who


def main_contact(app: Application) -> Participant | None:
    """The interviewer marked main contact (latest round first); else the first
    interviewer with an email of the latest round (then of earlier rounds); else ``None``."""
    rounds = app.interviews
    for iv in reversed(rounds):
        for part in iv.participants:
            if part.main_contact:
                return part
    for iv in reversed(rounds):
        for part in iv.participants:
            if part.person.email:
                return part
    return None


def messages_to_person_in_week(app: Application, person_id: int, at: dt.datetime,
                               *, include_thank_you: bool = False) -> int:
    """How many follow-ups went to ``person_id`` in the 7 days up to ``at`` (``(at-7d, at]``).

    A message counts for the person by its ``person_id``, or by its ``to`` address when it
    names no person. Debriefs never count; thank-you notes are set aside unless asked
    for ("never more than 2 follow-up messages, thank-you notes aside", domain-rules.md).
    """
    person = app.person(person_id)
    email = person.email.strip().lower() if person and person.email else None
    since = at - _WEEK
    count = 0
    for m in app.messages:
        if not since < m.sent_at <= at:
            continue
        if m.kind is Kind.DEBRIEF or (m.kind is Kind.THANK_YOU and not include_thank_you):
            continue
        if m.person_id == person_id or (
            m.person_id is None and email is not None and m.to is not None
            and m.to.strip().lower() == email
        ):
            count += 1
    return count


# --------------------------------------------------------------------------- status


def _latest_end(app: Application) -> dt.datetime | None:
    latest: dt.datetime | None = None
    for iv in app.interviews:
        end = iv.end
        if latest is None or end > latest:
            latest = end
    return latest


def _no_response_at(app: Application, settings: Settings, tz: ZoneInfo | None,
                    events: Sequence[Event]) -> dt.datetime | None:
    """When the application counts as closed-no-response, unless a reply already came."""
    last_end = _latest_end(app)
    if last_end is None:
        return None
    for e in events:
        if e.kind is EventKind.REPLY and e.at >= last_end:
            return None
    return add_days(last_end, settings.no_response_days, tz)


def no_response_at(app: Application, settings: Settings, now: dt.datetime,
                   tz: ZoneInfo | None = None) -> dt.datetime | None:
    """The moment the application (as known at ``now``) becomes or became closed-no-response:
    the latest round's end + ``no_response_days``; ``None`` when a reply came after that
    round, or there is no round. Rejections and offers are not looked at here."""
    events = [e for e in app.events if e.at <= now]
    return _no_response_at(app, settings, tz, events)


def _status(app: Application, settings: Settings, now: dt.datetime, tz: ZoneInfo | None,
            events: Sequence[Event]) -> Status:
    terminal: Event | None = None
    for e in events:
        if e.kind in _TERMINAL and (terminal is None or e.at >= terminal.at):
            terminal = e
    if terminal is not None:
        return _TERMINAL[terminal.kind]
    if app.status is not Status.ACTIVE:
        return app.status
    moment = _no_response_at(app, settings, tz, events)
    if moment is not None and moment <= now:
        return Status.CLOSED_NO_RESPONSE
    return Status.ACTIVE


def effective_status(app: Application, settings: Settings, now: dt.datetime,
                     tz: ZoneInfo | None = None) -> Status:
    """The application's status at ``now``.

    The latest rejected / verbal-offer / withdrawn event (at or before ``now``) gives
    rejected / offer / withdrawn. Otherwise the stored status, except that an active
    application becomes closed-no-response once its latest round ended
    ``no_response_days`` ago with no reply since. With ``tz`` the days are local calendar
    days (as in :func:`plan`), without it elapsed days.
    """
    events = [e for e in app.events if e.at <= now]
    return _status(app, settings, now, tz, events)


# --------------------------------------------------------------------------- sent messages


_RecipientKey = int | str | None


def _message_recipient(m: Message) -> _RecipientKey:
    if m.person_id is not None:
        return m.person_id
    if m.to:
        return m.to.strip().lower()
    return None


class _Sent:
    """The messages of one application, as sorted send times per (kind, recipient)."""

    __slots__ = ("_by",)

    def __init__(self, messages: Iterable[Message]) -> None:
        by: dict[tuple[Kind, _RecipientKey], list[dt.datetime]] = {}
        for m in messages:
            by.setdefault((m.kind, _message_recipient(m)), []).append(m.sent_at)
        for times in by.values():
            times.sort()
        self._by = by

    def _lists(self, kind: Kind, person_id: int | None,
               email: str | None) -> list[list[dt.datetime]]:
        by = self._by
        if not by:
            return []
        found = []
        if person_id is not None:
            times = by.get((kind, person_id))
            if times:
                found.append(times)
        if email:
            times = by.get((kind, email.strip().lower()))
            if times:
                found.append(times)
        if person_id is None and not email:
            times = by.get((kind, None))
            if times:
                found.append(times)
        return found

    def closed(self, kind: Kind, person_id: int | None, email: str | None,
               since: dt.datetime) -> bool:
        """Was a message of ``kind`` to this recipient sent at or after ``since``?"""
        return any(times[-1] >= since for times in self._lists(kind, person_id, email))

    def first_since(self, kind: Kind, person_id: int | None, email: str | None,
                    since: dt.datetime) -> dt.datetime | None:
        first: dt.datetime | None = None
        for times in self._lists(kind, person_id, email):
            i = bisect_left(times, since)
            if i < len(times) and (first is None or times[i] < first):
                first = times[i]
        return first


# --------------------------------------------------------------------------- plan


class _AppPlanner:
    """Builds the windows of one application; appends them to ``out``."""

    __slots__ = ("app", "settings", "tz", "now", "states", "out", "sent", "withdrawn_at")

    def __init__(self, app: Application, settings: Settings, tz: ZoneInfo, now: dt.datetime,
                 states: Mapping[str, FollowupState], out: list[Window],
                 messages: Sequence[Message]) -> None:
        self.app = app
        self.settings = settings
        self.tz = tz
        self.now = now
        self.states = states
        self.out = out
        self.sent = _Sent(messages)
        self.withdrawn_at: dt.datetime | None = None

    def cancelled(self, anchor: dt.datetime) -> bool:
        """Withdrawn cancels everything pending: windows anchored before the withdrawal."""
        return self.withdrawn_at is not None and anchor < self.withdrawn_at

    def emit(self, kind: Kind, opens: dt.datetime, due: dt.datetime | None,
             match_from: dt.datetime, *, interview_id: int | None = None,
             person: Person | None = None, person_id: int | None = None,
             promise_id: int | None = None, late_until: dt.datetime | None = None,
             extra: tuple[tuple[str, str], ...] = (), key_suffix: str = "") -> None:
        if person is not None:
            person_id = person.id
        email = person.email if person is not None else None
        if self.sent.closed(kind, person_id, email, match_from):
            return
        key = window_key(kind, self.app.id, interview_id, person_id, promise_id) + key_suffix
        now = self.now
        st = self.states.get(key)
        snoozed_until: dt.datetime | None = None
        notified = drafted = exported = False
        if st is not None:
            if st.skipped_at is not None:
                return
            snoozed_until = st.snoozed_until
            notified = st.notified_at is not None
            drafted = st.drafted_at is not None
            exported = st.exported_at is not None
        if snoozed_until is not None and snoozed_until > now:
            state = WindowState.SNOOZED
        elif opens > now:
            state = WindowState.UPCOMING
        elif due is not None and now > due:
            state = WindowState.OVERDUE
        else:
            state = WindowState.OPEN
        app = self.app
        self.out.append(Window(
            key=key, kind=kind, application_id=app.id, company=app.company, role=app.role,
            opens_at=opens, due_at=due, state=state, interview_id=interview_id,
            person_id=person_id, promise_id=promise_id,
            recipient=person.name if person is not None else None, to=email or None,
            late_until=late_until, notified=notified, drafted=drafted, exported=exported,
            snoozed_until=snoozed_until, extra=extra,
        ))

    # -- per round: debrief, thank-you, materials, LinkedIn note

    def round_windows(self, iv: Interview, people: Mapping[int, Person]) -> None:
        s = self.settings
        end = iv.end
        # A message sent once the round has begun counts for it (a round may end early).
        since = iv.start
        self.emit(Kind.DEBRIEF, end, end + dt.timedelta(hours=s.debrief_due_hours), since,
                  interview_id=iv.id)
        seen: set[int] = set()
        thank_due = end + dt.timedelta(hours=s.thank_you_due_hours)
        thank_late = end + dt.timedelta(hours=s.thank_you_late_hours)
        for part in iv.participants:
            p = part.person
            if p.id in seen:
                continue
            seen.add(p.id)
            if p.email and p.email.strip():
                self.emit(Kind.THANK_YOU, end, thank_due, since, interview_id=iv.id, person=p,
                          late_until=thank_late)
            if p.linkedin and p.linkedin.strip():
                self.emit(Kind.LINKEDIN_NOTE, end, None, since, interview_id=iv.id, person=p)
        if iv.promises:
            mat_due = end + dt.timedelta(hours=s.materials_due_hours)
            for pr in iv.promises:
                target = people.get(pr.person_id) if pr.person_id is not None else None
                self.emit(Kind.MATERIALS, end, mat_due, since, interview_id=iv.id,
                          person=target, person_id=pr.person_id, promise_id=pr.id,
                          extra=(("what", pr.what),))

    # -- check-ins

    def checkin_windows(self, rnd: Interview, events: Sequence[Event],
                        contact: Person | None, closes_at: dt.datetime | None) -> None:
        s, tz = self.settings, self.tz
        end = rnd.end
        for e in events:
            if e.kind is EventKind.REPLY and e.at > end:
                return  # a reply cancels the check-ins of rounds that ended before it
        stop = add_days_local(end, s.checkin_stop_days, tz)

        def allowed(opens: dt.datetime) -> bool:
            return opens <= stop and (closes_at is None or opens < closes_at)

        if rnd.decision_by is not None:
            day = rnd.decision_by + dt.timedelta(days=s.checkin_after_decision_days)
            opens = at_local_time(day, s.checkin_open_hour, tz)
            # Never before the stated date has passed (the day after it, local).
            passed = at_local_time(rnd.decision_by + dt.timedelta(days=1), 0, tz)
            opens = max(opens, passed)
            if opens < end:  # a date stated before this round: stale, read as no date
                opens = add_days_local(end, s.checkin_no_date_days, tz)
        else:
            opens = add_days_local(end, s.checkin_no_date_days, tz)
        opens = defer_to_working_hours(opens, s, tz)
        person_id = contact.id if contact is not None else None
        if allowed(opens):
            self.emit(Kind.CHECK_IN_1, opens, add_days_local(opens, s.checkin_due_days, tz), end,
                      interview_id=rnd.id, person=contact)
        if s.max_checkins < 2:
            return
        email = contact.email if contact is not None else None
        first_sent = self.sent.first_since(Kind.CHECK_IN_1, person_id, email, end)
        if first_sent is None:
            return
        opens2 = defer_to_working_hours(add_days_local(first_sent, s.checkin2_after_days, tz),
                                        s, tz)
        if allowed(opens2):
            self.emit(Kind.CHECK_IN_2, opens2, add_days_local(opens2, s.checkin_due_days, tz),
                      first_sent, interview_id=rnd.id, person=contact)


def _latest_ended(interviews: Sequence[Interview], at: dt.datetime) -> Interview | None:
    best: Interview | None = None
    best_end: dt.datetime | None = None
    for iv in interviews:
        end = iv.end
        if end <= at and (best_end is None or end >= best_end):
            best, best_end = iv, end
    return best


def _latest(events: Sequence[Event], kind: EventKind) -> Event | None:
    found: Event | None = None
    for e in events:
        if e.kind is kind and (found is None or e.at >= found.at):
            found = e
    return found


def _plan_app(app: Application, settings: Settings, tz: ZoneInfo, now: dt.datetime,
              states: Mapping[str, FollowupState], out: list[Window]) -> None:
    events = [e for e in app.events if e.at <= now]
    status = _status(app, settings, now, tz, events)
    if status is Status.WITHDRAWN:
        return  # withdrawn cancels everything pending
    messages = [m for m in app.messages if m.sent_at <= now]
    planner = _AppPlanner(app, settings, tz, now, states, out, messages)
    withdrawn = _latest(events, EventKind.WITHDRAWN)
    if withdrawn is not None:  # withdrawn, then e.g. an offer: what was pending then stays gone
        planner.withdrawn_at = withdrawn.at

    interviews = app.interviews
    if interviews:
        people: dict[int, Person] = {p.id: p for p in app.people}
        for iv in interviews:
            for part in iv.participants:
                people.setdefault(part.person.id, part.person)
        for iv in interviews:
            if not planner.cancelled(iv.start):
                planner.round_windows(iv, people)

    mc = main_contact(app)
    contact = mc.person if mc is not None else None

    # Check-ins follow the latest round that has ended (a new round cancels the earlier
    # rounds' check-ins); rejection, offer, withdrawal and no-response cancel them all.
    if status is Status.ACTIVE and settings.max_checkins >= 1:
        rnd = _latest_ended(interviews, now)
        if rnd is not None and not planner.cancelled(rnd.start):
            closes_at = _no_response_at(app, settings, tz, events)
            planner.checkin_windows(rnd, events, contact, closes_at)

    rejection = _latest(events, EventKind.REJECTED)
    if rejection is not None and not planner.cancelled(rejection.at):
        rnd = _latest_ended(interviews, rejection.at)
        planner.emit(Kind.REJECTION_REPLY, rejection.at,
                     add_days_local(rejection.at, settings.rejection_reply_due_days, tz),
                     rejection.at, interview_id=rnd.id if rnd is not None else None,
                     person=contact)

    offer = _latest(events, EventKind.VERBAL_OFFER)
    if offer is not None and not planner.cancelled(offer.at):
        rnd = _latest_ended(interviews, offer.at)
        planner.emit(Kind.OFFER_CONFIRMATION, offer.at,
                     offer.at + dt.timedelta(hours=settings.offer_confirmation_due_hours),
                     offer.at, interview_id=rnd.id if rnd is not None else None,
                     person=contact)

    if status is Status.REJECTED or status is Status.CLOSED_NO_RESPONSE:
        _stay_in_touch(planner, app, settings, tz, now, events, messages, rejection, contact)


def _stay_in_touch(planner: _AppPlanner, app: Application, settings: Settings, tz: ZoneInfo,
                   now: dt.datetime, events: Sequence[Event], messages: Sequence[Message],
                   rejection: Event | None, contact: Person | None) -> None:
    """30 days after the latest of: the last message sent, the rejection, the moment the
    application became closed-no-response. Sending one re-anchors the next, so each
    occurrence gets its own key (``:s<messages sent so far>``): a new occurrence is
    notified, snoozed and skipped on its own."""
    anchors: list[dt.datetime] = []
    sent = [m for m in messages if m.kind is not Kind.DEBRIEF]
    if sent:
        anchors.append(max(m.sent_at for m in sent))
    if rejection is not None:
        anchors.append(rejection.at)
    closed = _no_response_at(app, settings, tz, events)
    if closed is not None and closed <= now:
        anchors.append(closed)
    if not anchors:
        return
    anchor = max(anchors)
    if planner.cancelled(anchor):
        return
    opens = defer_to_working_hours(add_days_local(anchor, settings.stay_in_touch_after_days, tz),
                                   settings, tz)
    planner.emit(Kind.STAY_IN_TOUCH, opens,
                 add_days_local(opens, settings.stay_in_touch_due_days, tz), opens,
                 person=contact, key_suffix=f":s{len(sent)}")


def _sort_key(w: Window) -> tuple[dt.datetime, str, str, str, int, str]:
    return (w.opens_at, w.company, w.kind.value, w.recipient or "", w.application_id, w.key)


def plan(applications: Iterable[Application], settings: Settings, tz: ZoneInfo,
         now: dt.datetime, states: Mapping[str, FollowupState] | None = None) -> list[Window]:
    """Every window not yet sent, skipped or cancelled, as of ``now``, sorted by
    (opens_at, company, kind, recipient) (then application id and key, for ties)."""
    if now.tzinfo is None:
        raise ValueError("now must be an aware date-time")
    now = now.astimezone(dt.UTC)
    out: list[Window] = []
    st = states if states is not None else _NO_STATES
    for app in applications:
        _plan_app(app, settings, tz, now, st, out)
    out.sort(key=_sort_key)
    return out
