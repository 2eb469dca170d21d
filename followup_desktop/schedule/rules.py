"""The follow-up rules of ``docs/rules.md`` ("Windows"): records and a moment in, windows out.

Pure functions: no Qt, no database, no clock of their own. :func:`plan` walks each
application once; sent messages are indexed per application by (kind, recipient) so that
matching a window to the messages that close it costs a dictionary look-up, not a scan.

Records dated after ``now`` (events, messages) are ignored, so a plan "as of" a past
moment shows what was pending then. Interviews in the future are kept: their windows are
listed as upcoming.

The status of an application lives in :mod:`.status`, who a follow-up goes to and what was
already sent in :mod:`.sent`; both are read here and their public names importable from
here as before.

Choices made where the rules leave room:

- **Status.** The latest rejected / verbal-offer / withdrawn event decides; else the stored
  status; an active application is closed-no-response once its latest round (by end; a
  round still to come keeps it active) ended ``no_response_days`` ago with no reply since.
- **Sent.** A message closes the windows of its kind and recipient (person id; or its
  ``to`` address when it names no person; a message naming nobody closes the debrief) that
  it could have been meant for: per-round windows from the round's *start* (a round may
  end early), check-in #1 from the driving round's end, check-in #2 from #1's sending,
  rejection reply / offer confirmation from their event. So a thank-you for round 1 never
  closes round 2's.
- **Check-ins** come from the latest round that has *ended*; a round still to come does
  not cancel them until it has ended. A stated date already past when the round ended
  counts as no date. None opens once the application would count as closed-no-response
  (when ``no_response_days`` < ``checkin_stop_days``). #2 needs a check-in-1 message to the
  main contact sent after the round ended. Without any main contact the check-in is still
  listed, with no recipient (as are rejection reply, offer confirmation, stay in touch).
- **Working hours** are ``[start, end)``: 17:00 is after hours.
- **Withdrawn** (effective) lists nothing; a withdrawal overridden by a later event still
  cancels every window anchored before it.
- **Stay in touch** only for rejected / closed-no-response applications; "last message"
  is any message but a debrief; each occurrence has its own key (``...:s<n>``, n = messages
  sent so far), since sending one starts the next 30 days later.
- **Rejection reply / offer confirmation** follow the latest such event only.
- **Debrief** is done (its window closes) once the round has self-reflection notes, or
  every interviewer of the round has at least one talking point recorded.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping, Sequence
from zoneinfo import ZoneInfo

from followup_desktop.bulk import gc_paused
from followup_desktop.records import (
    Application,
    Event,
    EventKind,
    FollowupState,
    FollowupWindow,
    Interview,
    Kind,
    Message,
    Person,
    ReplySays,
    Status,
    WindowState,
    window_key,
)
from followup_desktop.settings import Settings

from .sent import _Sent, main_contact, messages_to_person_in_week
from .status import (
    _latest,
    _latest_ended,
    _no_response_at,
    _terminal_status,
    effective_status,
    no_response_at,
)
from .timemath import add_days_local, at_local_time, defer_to_working_hours

__all__ = [
    "debrief_done",
    "effective_status",
    "main_contact",
    "messages_to_person_in_week",
    "no_response_at",
    "plan",
    "plan_each",
    "sort_windows",
]

_NO_STATES: Mapping[str, FollowupState] = {}


def debrief_done(iv: Interview) -> bool:
    """The private notes of a round are written: reflection, or points for everyone met."""
    if iv.reflection.strip():
        return True
    parts = iv.participants
    if not parts:
        return False
    for p in parts:  # noqa: SIM110 - a loop: all() over a generator costs more, per round
        if not p.talking_points:
            return False
    return True


# --------------------------------------------------------------------------- plan


def _never_closed(kind: Kind, person_id: int | None, email: str | None,
                  since: dt.datetime) -> bool:
    return False


class _Planner:
    """Builds windows for one :func:`plan` call; per-application fields are reset by
    :meth:`application`. The hot path (per round, per interviewer) avoids repeated work:
    one state per (opens, due) pair, keys built from a per-application prefix, no message
    look-up when an application has no messages."""

    __slots__ = (
        "s", "tz", "now", "states", "out", "include_expired",
        "debrief_due", "thank_due", "thank_late", "materials_due", "offer_due",
        "debrief_late", "offer_late",
        "app_id", "company", "role", "tag", "sent", "withdrawn_at", "rejected_at",
    )

    def __init__(self, settings: Settings, tz: ZoneInfo, now: dt.datetime,
                 states: Mapping[str, FollowupState], include_expired: bool = False) -> None:
        self.s = settings
        self.tz = tz
        self.now = now
        self.states = states
        self.include_expired = include_expired
        self.out: list[FollowupWindow] = []
        hours = dt.timedelta(hours=1)
        self.debrief_due = settings.debrief_due_hours * hours
        self.thank_due = settings.thank_you_due_hours * hours
        self.thank_late = settings.thank_you_late_hours * hours
        self.materials_due = settings.materials_due_hours * hours
        self.offer_due = settings.offer_confirmation_due_hours * hours
        self.debrief_late = settings.debrief_expires_hours * hours
        self.offer_late = settings.offer_confirmation_expire_hours * hours
        self.app_id = 0
        self.company = self.role = self.tag = ""
        self.sent: _Sent | None = None
        self.withdrawn_at: dt.datetime | None = None
        self.rejected_at: dt.datetime | None = None

    def application(self, app: Application, messages: Sequence[Message],
                    withdrawn_at: dt.datetime | None) -> None:
        self.app_id = app.id
        self.company = app.company
        self.role = app.role
        self.tag = f"a{app.id}"
        self.sent = _Sent(messages) if messages else None
        self.withdrawn_at = withdrawn_at

    def cancelled(self, anchor: dt.datetime) -> bool:
        """Withdrawn cancels everything pending: windows anchored before the withdrawal."""
        return self.withdrawn_at is not None and anchor < self.withdrawn_at

    def state(self, opens: dt.datetime, due: dt.datetime | None,
              late: dt.datetime | None = None) -> WindowState:
        """Upcoming, open, overdue (past ``due``) or expired (past ``late``, the kind's
        last useful moment)."""
        now = self.now
        if opens > now:
            return WindowState.UPCOMING
        if late is not None and now > late:
            return WindowState.EXPIRED
        if due is not None and now > due:
            return WindowState.OVERDUE
        return WindowState.OPEN

    def closed(self, kind: Kind, person_id: int | None, email: str | None,
               since: dt.datetime) -> bool:
        sent = self.sent
        return sent is not None and sent.closed(kind, person_id, email, since)

    def add(self, key: str, kind: Kind, opens: dt.datetime, due: dt.datetime | None,
            state: WindowState, interview_id: int | None, person: Person | None,
            person_id: int | None = None, promise_id: int | None = None,
            late_until: dt.datetime | None = None,
            extra: tuple[tuple[str, str], ...] = ()) -> None:
        if person is not None:
            person_id = person.id
            recipient: str | None = person.name
            to = person.email or None
        else:
            recipient = to = None
        if state is WindowState.EXPIRED and not self.include_expired:
            return  # too late to be of use: not in the plan (``include_expired`` lists it)
        st = self.states.get(key) if self.states else None
        if st is None:  # the common case: positional arguments are the quickest to bind
            self.out.append(FollowupWindow(key, kind, self.app_id, self.company, self.role, opens,
                                   due, state, interview_id, person_id, promise_id,
                                   recipient, to, late_until, False, False, False, None,
                                   extra))
            return
        if st.skipped_at is not None:
            return
        snoozed_until = st.snoozed_until
        if (snoozed_until is not None and snoozed_until > self.now
                and state is not WindowState.EXPIRED):
            state = WindowState.SNOOZED
        self.out.append(FollowupWindow(
            key=key, kind=kind, application_id=self.app_id, company=self.company,
            role=self.role, opens_at=opens, due_at=due, state=state,
            interview_id=interview_id, person_id=person_id, promise_id=promise_id,
            recipient=recipient, to=to, late_until=late_until,
            notified=st.notified_at is not None, drafted=st.drafted_at is not None,
            exported=st.exported_at is not None, snoozed_until=snoozed_until, extra=extra))

    def emit(self, kind: Kind, opens: dt.datetime, due: dt.datetime | None,
             match_from: dt.datetime, *, interview_id: int | None = None,
             person: Person | None = None, key_suffix: str = "",
             late: dt.datetime | None = None) -> None:
        """One window to the main contact (or nobody): check-ins, rejection, offer, ..."""
        person_id = person.id if person is not None else None
        if self.closed(kind, person_id, person.email if person else None, match_from):
            return
        key = window_key(kind, self.app_id, interview_id, person_id) + key_suffix
        late = _not_before(late, due)
        self.add(key, kind, opens, due, self.state(opens, due, late), interview_id, person,
                 late_until=late)

    # -- per round: debrief, thank-you, materials, LinkedIn note

    def round_windows(self, iv: Interview, end: dt.datetime,
                      people: Mapping[int, Person]) -> None:
        # Keys are window_key()'s, built from a prefix (a test checks they agree).
        prefix = f"{self.tag}:i{iv.id}"
        ivid = iv.id
        # A message sent once the round has begun counts for it (a round may end early).
        since = iv.start
        sent = self.sent
        closed = sent.closed if sent is not None else _never_closed
        add = self.add
        due = end + self.debrief_due
        if not debrief_done(iv) and not closed(Kind.DEBRIEF, None, None, since):
            late = _not_before(end + self.debrief_late, due)
            add(f"debrief:{prefix}", Kind.DEBRIEF, end, due, self.state(end, due, late), ivid,
                None, late_until=late)
        parts = iv.participants
        if parts:
            thank_due = end + self.thank_due
            thank_late = _not_before(end + self.thank_late, thank_due)
            thank_state = self.state(end, thank_due, thank_late)
            note_late = add_days_local(end, self.s.linkedin_note_expire_days, self.tz)
            note_state = self.state(end, None, note_late)
            seen: set[int] = set()
            for part in parts:
                p = part.person
                pid = p.id
                if pid in seen:
                    continue
                seen.add(pid)
                email = p.email
                if email and email.strip() and not closed(Kind.THANK_YOU, pid, email, since):
                    add(f"thank-you:{prefix}:p{pid}", Kind.THANK_YOU, end, thank_due,
                        thank_state, ivid, p, late_until=thank_late)
                if p.linkedin and p.linkedin.strip() and not closed(Kind.LINKEDIN_NOTE, pid,
                                                                    email, since):
                    add(f"linkedin-note:{prefix}:p{pid}", Kind.LINKEDIN_NOTE, end, None,
                        note_state, ivid, p, late_until=note_late)
        if iv.promises and (self.rejected_at is None or self.rejected_at < iv.start):
            mat_due = end + self.materials_due
            mat_late = _not_before(add_days_local(end, self.s.materials_expire_days, self.tz),
                                   mat_due)
            mat_state = self.state(end, mat_due, mat_late)
            for pr in iv.promises:
                target = people.get(pr.person_id) if pr.person_id is not None else None
                if closed(Kind.MATERIALS, pr.person_id, target.email if target else None,
                          since):
                    continue
                key = window_key(Kind.MATERIALS, self.app_id, ivid, pr.person_id, pr.id)
                add(key, Kind.MATERIALS, end, mat_due, mat_state, ivid, target,
                    person_id=pr.person_id, promise_id=pr.id, late_until=mat_late,
                    extra=(("what", pr.what),))

    # -- check-ins

    def thank_you_settled(self, rnd: Interview, end: dt.datetime,
                          contact: Person | None) -> dt.datetime | None:
        """When ``contact``'s thank-you of ``rnd`` stops holding their check-ins back
        (docs/rules.md, "Too late: expired windows"): the first of its sending, its skipping
        and its expiry; None when that person has no thank-you in the round."""
        if contact is None or not (contact.email and contact.email.strip()):
            return None
        if not any(part.person.id == contact.id for part in rnd.participants):
            return None
        settled = _not_before(end + self.thank_late, end + self.thank_due)
        assert settled is not None
        if self.sent is not None:
            sent = self.sent.first_since(Kind.THANK_YOU, contact.id, contact.email, rnd.start)
            if sent is not None:
                settled = min(settled, sent)
        st = self.states.get(f"thank-you:{self.tag}:i{rnd.id}:p{contact.id}") \
            if self.states else None
        if st is not None and st.skipped_at is not None:
            settled = min(settled, st.skipped_at)
        return settled

    def checkin_windows(self, rnd: Interview, end: dt.datetime, events: Sequence[Event],  # noqa: C901 (one rule table: order, reply meanings, the 42-day stop)
                        contact: Person | None, closes_at: dt.datetime | None) -> None:
        s, tz = self.s, self.tz
        # What the replies since the round said; the latest that means something wins.
        decision_by, told_at, cancelled = rnd.decision_by, None, False
        for e in events:
            if e.kind is not EventKind.REPLY or e.at <= end:
                continue
            says = e.says or ReplySays.OTHER
            if says is ReplySays.ACKNOWLEDGED:
                continue  # an acknowledgement keeps the check-ins as planned
            if says is ReplySays.DECISION_DATE and e.decision_by is not None:
                decision_by, told_at, cancelled = e.decision_by, e.at, False
            else:  # next steps, or other: the check-ins of rounds before it are cancelled
                cancelled = True
        if cancelled:
            return
        stop = add_days_local(end, s.checkin_stop_days, tz)

        def allowed(opens: dt.datetime) -> bool:
            return opens <= stop and (closes_at is None or opens < closes_at)

        if decision_by is not None:
            day = decision_by + dt.timedelta(days=s.checkin_after_decision_days)
            opens = at_local_time(day, s.checkin_open_hour, tz)
            # Never before the stated date has passed (the day after it, local).
            passed = at_local_time(decision_by + dt.timedelta(days=1), 0, tz)
            opens = max(opens, passed)
            if told_at is not None:
                opens = max(opens, told_at)  # a date told in a reply: not before the reply
            elif opens < end:  # a date stated before this round: stale, read as no date
                opens = add_days_local(end, s.checkin_no_date_days, tz)
        else:
            opens = add_days_local(end, s.checkin_no_date_days, tz)
        # Not while the person's thank-you of this round is open or overdue.
        settled = self.thank_you_settled(rnd, end, contact)
        if settled is not None and settled > opens:
            opens = settled
        opens = defer_to_working_hours(opens, s, tz)
        if allowed(opens):
            self.emit(Kind.CHECK_IN_1, opens, add_days_local(opens, s.checkin_due_days, tz), end,
                      interview_id=rnd.id, person=contact,
                      late=add_days_local(opens, s.checkin_expire_days, tz))
        if s.max_checkins < 2 or self.sent is None:
            return
        person_id = contact.id if contact is not None else None
        email = contact.email if contact is not None else None
        first_sent = self.sent.first_since(Kind.CHECK_IN_1, person_id, email, end)
        if first_sent is None:
            return
        opens2 = add_days_local(first_sent, s.checkin2_after_days, tz)
        if told_at is not None:  # a decision date told later: not before #1 would open
            opens2 = max(opens2, opens)
        if settled is not None and settled > opens2:
            opens2 = settled
        opens2 = defer_to_working_hours(opens2, s, tz)
        if allowed(opens2):
            self.emit(Kind.CHECK_IN_2, opens2, add_days_local(opens2, s.checkin_due_days, tz),
                      first_sent, interview_id=rnd.id, person=contact,
                      late=add_days_local(opens2, s.checkin_expire_days, tz))

    # -- one application

    def plan_application(self, app: Application) -> None:
        s, tz, now = self.s, self.tz, self.now
        events: Sequence[Event] = [e for e in app.events if e.at <= now] if app.events else ()
        status = _terminal_status(app, events)
        if status is Status.WITHDRAWN:
            return  # withdrawn cancels everything pending

        ends = [iv.end for iv in app.interviews]
        last_end = max(ends) if ends else None
        closes_at = (_no_response_at(app, s, tz, events, last_end)
                     if last_end is not None else None)
        if status is Status.ACTIVE and closes_at is not None and closes_at <= now:
            status = Status.CLOSED_NO_RESPONSE

        messages: Sequence[Message] = (
            [m for m in app.messages if m.sent_at <= now] if app.messages else ())
        withdrawn = _latest(events, EventKind.WITHDRAWN) if events else None
        # withdrawn, then e.g. an offer: what was pending at the withdrawal stays gone
        self.application(app, messages, withdrawn.at if withdrawn is not None else None)
        # a rejection cancels the materials still to send (nobody waits for them)
        rejected = _latest(events, EventKind.REJECTED) if status is Status.REJECTED else None
        self.rejected_at = rejected.at if rejected is not None else None

        interviews = app.interviews
        if interviews:
            people: dict[int, Person] = {}
            if any(iv.promises for iv in interviews):
                people = {p.id: p for p in app.people}
                for iv in interviews:
                    for part in iv.participants:
                        people.setdefault(part.person.id, part.person)
            withdrawn_at = self.withdrawn_at
            round_windows = self.round_windows
            for iv, end in zip(interviews, ends, strict=True):
                # not self.cancelled(iv.start), inline
                if withdrawn_at is None or not iv.start < withdrawn_at:
                    round_windows(iv, end, people)

        mc = main_contact(app)
        contact = mc.person if mc is not None else None

        # Check-ins follow the latest round that has ended (a new round cancels the earlier
        # rounds' check-ins); rejection, offer, withdrawal and no-response cancel them all.
        if status is Status.ACTIVE and s.max_checkins >= 1 and interviews:
            found = _latest_ended(interviews, ends, now)
            if found is not None and not self.cancelled(found[0].start):
                self.checkin_windows(found[0], found[1], events, contact, closes_at)

        rejection = _latest(events, EventKind.REJECTED) if events else None
        if rejection is not None and not self.cancelled(rejection.at):
            found = _latest_ended(interviews, ends, rejection.at)
            self.emit(Kind.REJECTION_REPLY, rejection.at,
                      add_days_local(rejection.at, s.rejection_reply_due_days, tz),
                      rejection.at, interview_id=found[0].id if found else None,
                      person=contact,
                      late=add_days_local(rejection.at, s.rejection_reply_expire_days, tz))

        offer = _latest(events, EventKind.VERBAL_OFFER) if events else None
        if offer is not None and not self.cancelled(offer.at):
            found = _latest_ended(interviews, ends, offer.at)
            self.emit(Kind.OFFER_CONFIRMATION, offer.at, offer.at + self.offer_due, offer.at,
                      interview_id=found[0].id if found else None, person=contact,
                      late=offer.at + self.offer_late)

        if status is Status.REJECTED or status is Status.CLOSED_NO_RESPONSE:
            self.stay_in_touch(messages, rejection,
                               closes_at if closes_at is not None and closes_at <= now
                               else None, contact)

    def stay_in_touch(self, messages: Sequence[Message], rejection: Event | None,
                      closed_at: dt.datetime | None, contact: Person | None) -> None:
        """30 days after the latest of: the last message sent, the rejection, the moment the
        application became closed-no-response. Sending one re-anchors the next, so each
        occurrence gets its own key (``:s<messages sent so far>``): a new occurrence is
        notified, snoozed and skipped on its own."""
        s, tz = self.s, self.tz
        anchors: list[dt.datetime] = []
        sent = [m for m in messages if m.kind is not Kind.DEBRIEF]
        if sent:
            anchors.append(max(m.sent_at for m in sent))
        if rejection is not None:
            anchors.append(rejection.at)
        if closed_at is not None:
            anchors.append(closed_at)
        if not anchors:
            return
        anchor = max(anchors)
        if self.cancelled(anchor):
            return
        opens = defer_to_working_hours(add_days_local(anchor, s.stay_in_touch_after_days, tz),
                                       s, tz)
        self.emit(Kind.STAY_IN_TOUCH, opens, add_days_local(opens, s.stay_in_touch_due_days, tz),
                  opens, person=contact, key_suffix=f":s{len(sent)}",
                  late=add_days_local(opens, s.stay_in_touch_expire_days, tz))


def _not_before(late: dt.datetime | None, due: dt.datetime | None) -> dt.datetime | None:
    """A last useful moment never earlier than the due time (settings may say so)."""
    if late is None or due is None:
        return late
    return late if late >= due else due


def plan_each(applications: Iterable[Application], settings: Settings, tz: ZoneInfo,
              now: dt.datetime, states: Mapping[str, FollowupState] | None = None,
              *, include_expired: bool = False
              ) -> Iterator[tuple[Application, list[FollowupWindow]]]:
    """:func:`plan`, one application at a time: each application with its own windows, in
    the order made. For a pass over years of data that keeps no records: the caller keeps
    what it needs of each (the windows, a table row) and lets the application go."""
    if now.tzinfo is None:
        raise ValueError("now must be an aware date-time")
    planner = _Planner(settings, tz, now.astimezone(dt.UTC),
                       states if states is not None else _NO_STATES, include_expired)
    for app in applications:
        planner.plan_application(app)
        windows, planner.out = planner.out, []
        yield app, windows


def sort_windows(windows: list[FollowupWindow]) -> list[FollowupWindow]:
    """In place, as :func:`plan` returns them: (opens_at, company, kind, recipient), then
    application id and key for ties."""
    # Kind is a StrEnum: it sorts as its value, without the cost of ``.value``.
    windows.sort(key=lambda w: (w.opens_at, w.company, w.kind, w.recipient or "",
                                w.application_id, w.key))
    return windows


def plan(applications: Iterable[Application], settings: Settings, tz: ZoneInfo,
         now: dt.datetime, states: Mapping[str, FollowupState] | None = None,
         *, include_expired: bool = False) -> list[FollowupWindow]:
    """Every window not yet sent, skipped or cancelled, as of ``now``, sorted by
    (opens_at, company, kind, recipient) (then application id and key, for ties).

    A window past its kind's last useful moment (its ``late_until``) has expired: left
    out, unless ``include_expired`` (then listed with state ``expired``)."""
    out: list[FollowupWindow] = []
    # Windows hold no cycles: a full collection while thousands are made would only walk
    # every record loaded (tens of thousands) again, several times.
    with gc_paused():
        for _app, windows in plan_each(applications, settings, tz, now, states,
                                       include_expired=include_expired):
            out += windows
        return sort_windows(out)
