"""Version 2 of the plan, row by row: last useful moments (expiry), the order of a
thank-you and a check-in, and what a reply says (domain-rules.md, "Last useful moment",
"Order", "What a reply says"). Wall times are local to each row's zone; rows cross the
spring-forward and fall-back changes of New York and Berlin."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from followup_desktop.records import (
    Application,
    Event,
    EventKind,
    FollowupState,
    Kind,
    ReplySays,
    Window,
    WindowState,
)
from followup_desktop.schedule import plan
from followup_desktop.settings import Settings
from tests.helpers.builders import (
    local,
    main,
    make_app,
    make_interview,
    make_message,
    make_person,
    make_promise,
    next_id,
)

S = Settings()
MIN = dt.timedelta(minutes=1)


def ev(kind: EventKind, at: dt.datetime, says: ReplySays | None = None,
       decision_by: dt.date | None = None) -> Event:
    return Event(next_id(), kind, at.astimezone(dt.UTC), says, decision_by)


def windows(app: Application, zone: str, now: dt.datetime, *, settings: Settings = S,
            states: dict[str, FollowupState] | None = None,
            include_expired: bool = True) -> list[Window]:
    return plan([app], settings, ZoneInfo(zone), now, states, include_expired=include_expired)


def only(ws: list[Window], kind: Kind) -> Window:
    found = [w for w in ws if w.kind is kind]
    assert len(found) == 1, found
    return found[0]


def scenario(kind: Kind, zone: str, anchor: dt.datetime) -> Application:
    """An application whose window of ``kind`` hangs on ``anchor``: the round's end (60
    minutes after its start), or the event that opens the window."""
    dana = make_person("Dana Whitfield", linkedin="https://www.linkedin.com/in/dana")
    if kind in (Kind.DEBRIEF, Kind.THANK_YOU, Kind.MATERIALS, Kind.LINKEDIN_NOTE,
                Kind.CHECK_IN_1):
        iv = make_interview(anchor - dt.timedelta(hours=1), people=[main(dana)],
                            promises=[make_promise(dana)])
        return make_app(iv)
    iv = make_interview(anchor - dt.timedelta(days=10), people=[main(dana)])
    event = {Kind.REJECTION_REPLY: EventKind.REJECTED, Kind.STAY_IN_TOUCH: EventKind.REJECTED,
             Kind.OFFER_CONFIRMATION: EventKind.VERBAL_OFFER}[kind]
    # the thank-you went out: the plan has only what the row is about
    # a reply after the round: the application never counts as closed-no-response
    return make_app(iv, events=[ev(EventKind.REPLY, anchor - dt.timedelta(days=8)),
                                ev(event, anchor)],
                    messages=[make_message(Kind.THANK_YOU, anchor - dt.timedelta(days=9), dana)])


NY, BER = "America/New_York", "Europe/Berlin"

# (kind, zone, anchor (local wall), last useful moment (local wall)); "+ N h" is elapsed
# time, "+ N days" keeps the wall time (domain-rules.md, "Day and hour offsets").
EXPIRY_ROWS = [
    # debrief: end + 3 days (72 h, elapsed)
    (Kind.DEBRIEF, NY, (2026, 4, 14, 15), (2026, 4, 17, 15)),
    (Kind.DEBRIEF, NY, (2026, 3, 7, 15), (2026, 3, 10, 16)),  # across spring forward
    (Kind.DEBRIEF, NY, (2026, 10, 30, 15), (2026, 11, 2, 14)),  # across fall back
    # thank-you: end + 48 h (the "still worth sending" limit)
    (Kind.THANK_YOU, NY, (2026, 4, 14, 15), (2026, 4, 16, 15)),
    (Kind.THANK_YOU, BER, (2026, 3, 27, 15), (2026, 3, 29, 16)),  # Berlin springs forward
    # promised materials: end + 7 days (wall time kept)
    (Kind.MATERIALS, NY, (2026, 3, 5, 15), (2026, 3, 12, 15)),
    (Kind.MATERIALS, BER, (2026, 10, 22, 15), (2026, 10, 29, 15)),
    # LinkedIn note: end + 30 days
    (Kind.LINKEDIN_NOTE, NY, (2026, 4, 14, 15), (2026, 5, 14, 15)),
    (Kind.LINKEDIN_NOTE, NY, (2026, 10, 20, 15), (2026, 11, 19, 15)),
    # check-in #1: opens (end + 7 days) + 14 days
    (Kind.CHECK_IN_1, NY, (2026, 4, 14, 15), (2026, 5, 5, 15)),
    (Kind.CHECK_IN_1, NY, (2026, 2, 27, 15), (2026, 3, 20, 15)),  # opens EST, expires EDT
    # rejection reply: the rejection + 7 days
    (Kind.REJECTION_REPLY, NY, (2026, 4, 20, 10), (2026, 4, 27, 10)),
    (Kind.REJECTION_REPLY, BER, (2026, 3, 25, 10), (2026, 4, 1, 10)),
    # stay in touch: its due (opens + 60 days); opens 30 days after the rejection
    (Kind.STAY_IN_TOUCH, NY, (2026, 4, 20, 10), (2026, 7, 19, 10)),
    # offer confirmation: the offer + 72 h
    (Kind.OFFER_CONFIRMATION, NY, (2026, 4, 20, 10), (2026, 4, 23, 10)),
    (Kind.OFFER_CONFIRMATION, NY, (2026, 3, 7, 10), (2026, 3, 10, 11)),  # spring forward
]


@pytest.mark.parametrize(("kind", "zone", "anchor", "expires"), EXPIRY_ROWS,
                         ids=[f"{r[0].value}-{r[1]}-{r[2][1]}.{r[2][2]}" for r in EXPIRY_ROWS])
def test_a_window_expires_at_its_last_useful_moment(kind: Kind, zone: str, anchor: tuple,
                                                    expires: tuple) -> None:  # type: ignore[type-arg]
    app = scenario(kind, zone, local(zone, *anchor))
    last = local(zone, *expires)
    before = only(windows(app, zone, last - MIN), kind)
    assert before.late_until == last
    assert before.state in (WindowState.OPEN, WindowState.OVERDUE)
    after = only(windows(app, zone, last + MIN), kind)
    assert after.state is WindowState.EXPIRED
    # the plan leaves it out unless asked: no reminder, no draft, no red, not in the agenda
    assert [w for w in windows(app, zone, last + MIN, include_expired=False)
            if w.kind is kind] == []


@pytest.mark.parametrize(("setting", "value", "kind", "anchor", "expires"), [
    ("debrief_expires_hours", 24, Kind.DEBRIEF, (2026, 4, 14, 15), (2026, 4, 15, 15)),
    ("thank_you_late_hours", 72, Kind.THANK_YOU, (2026, 4, 14, 15), (2026, 4, 17, 15)),
    ("materials_expire_days", 2, Kind.MATERIALS, (2026, 4, 14, 15), (2026, 4, 16, 15)),
    ("linkedin_note_expire_days", 3, Kind.LINKEDIN_NOTE, (2026, 4, 14, 15), (2026, 4, 17, 15)),
    ("checkin_expire_days", 10, Kind.CHECK_IN_1, (2026, 4, 14, 15), (2026, 5, 1, 15)),
    ("rejection_reply_expire_days", 3, Kind.REJECTION_REPLY, (2026, 4, 20, 10),
     (2026, 4, 23, 10)),
    ("stay_in_touch_expire_days", 61, Kind.STAY_IN_TOUCH, (2026, 4, 20, 10),
     (2026, 7, 20, 10)),
    ("offer_confirmation_expire_hours", 48, Kind.OFFER_CONFIRMATION, (2026, 4, 20, 10),
     (2026, 4, 22, 10)),
    # never before the due time, whatever the setting says
    ("debrief_expires_hours", 1, Kind.DEBRIEF, (2026, 4, 14, 15), (2026, 4, 14, 18)),
])
def test_each_last_useful_moment_is_a_setting(setting: str, value: int, kind: Kind,
                                              anchor: tuple, expires: tuple) -> None:  # type: ignore[type-arg]
    settings = S.replace(**{setting: value})
    app = scenario(kind, NY, local(NY, *anchor))
    last = local(NY, *expires)
    assert only(windows(app, NY, last - MIN, settings=settings), kind).state is not \
        WindowState.EXPIRED
    assert only(windows(app, NY, last + MIN, settings=settings), kind).state is \
        WindowState.EXPIRED


def test_a_debrief_never_filled_expires_and_a_late_note_sent_anyway_closes_it() -> None:
    dana = make_person("Dana Whitfield")
    iv = make_interview(local(NY, 2026, 4, 14, 14), people=[main(dana)])
    two_weeks = local(NY, 2026, 4, 28, 10)
    assert {w.kind: w.state for w in windows(make_app(iv), NY, two_weeks)} == {
        Kind.DEBRIEF: WindowState.EXPIRED, Kind.THANK_YOU: WindowState.EXPIRED,
        Kind.CHECK_IN_1: WindowState.OPEN}
    late = make_message(Kind.THANK_YOU, local(NY, 2026, 4, 27, 9), dana)
    assert Kind.THANK_YOU not in {w.kind for w in windows(make_app(iv, messages=[late]), NY,
                                                          two_weeks)}


def test_a_snoozed_window_past_its_last_useful_moment_is_expired_not_snoozed() -> None:
    app = scenario(Kind.THANK_YOU, NY, local(NY, 2026, 4, 14, 15))
    key = only(windows(app, NY, local(NY, 2026, 4, 14, 16)), Kind.THANK_YOU).key
    now = local(NY, 2026, 4, 16, 16)
    states = {key: FollowupState(key, snoozed_until=now + dt.timedelta(hours=5))}
    assert only(windows(app, NY, now, states=states), Kind.THANK_YOU).state is \
        WindowState.EXPIRED


# --------------------------------------------------------------------------- order

# The round ends Tuesday 14 April 15:00 local; the decision is stated for that same day,
# so check-in #1 would open Thursday 16 April 09:00, before the thank-you's 48 h are up
# (Thursday 15:00).
ORDER_ROWS = [
    # (case, zone, thank-you: sent / skipped at (local) or None, settings, opens (local))
    ("thank-you still pending: waits for its expiry", NY, None, None, {},
     (2026, 4, 16, 15)),
    ("sent early: the usual opening", NY, "sent", (2026, 4, 15, 10), {}, (2026, 4, 16, 9)),
    ("sent late: opens when it was sent", NY, "sent", (2026, 4, 16, 12), {},
     (2026, 4, 16, 12)),
    ("skipped late: opens when it was skipped", NY, "skipped", (2026, 4, 16, 11), {},
     (2026, 4, 16, 11)),
    ("a longer late limit, ending on a Sunday: the next working morning", NY, None, None,
     {"thank_you_late_hours": 120}, (2026, 4, 20, 9)),
    ("Berlin", BER, None, None, {}, (2026, 4, 16, 15)),
]


@pytest.mark.parametrize(("case", "zone", "how", "when", "changes", "opens"), ORDER_ROWS,
                         ids=[r[0] for r in ORDER_ROWS])
def test_a_check_in_waits_for_the_same_persons_thank_you(case: str, zone: str,
                                                        how: str | None, when: tuple | None,  # type: ignore[type-arg]
                                                        changes: dict, opens: tuple) -> None:  # type: ignore[type-arg]
    settings = S.replace(**changes)
    dana = make_person("Dana Whitfield")
    iv = make_interview(local(zone, 2026, 4, 14, 14), people=[main(dana)],
                        decision_by=dt.date(2026, 4, 14))
    messages = [make_message(Kind.THANK_YOU, local(zone, *when), dana)] if how == "sent" else []
    app = make_app(iv, messages=messages)
    states = None
    if how == "skipped":
        assert when is not None
        key = only(windows(app, zone, local(zone, 2026, 4, 14, 16)), Kind.THANK_YOU).key
        states = {key: FollowupState(key, skipped_at=local(zone, *when))}
    # as of Thursday 13:00: after each row's sending or skipping (later records are unknown)
    checkin = only(windows(app, zone, local(zone, 2026, 4, 16, 13), settings=settings,
                           states=states), Kind.CHECK_IN_1)
    assert checkin.opens_at == local(zone, *opens)
    assert checkin.due_at == local(zone, *opens) + dt.timedelta(days=7)


def test_a_check_in_never_opens_while_the_thank_you_is_open_or_overdue() -> None:
    dana = make_person("Dana Whitfield")
    iv = make_interview(local(NY, 2026, 4, 14, 14), people=[main(dana)],
                        decision_by=dt.date(2026, 4, 14))
    app = make_app(iv)
    for now in (local(NY, 2026, 4, 16, 9, 30), local(NY, 2026, 4, 16, 14, 59)):
        ws = windows(app, NY, now)
        assert only(ws, Kind.THANK_YOU).state is WindowState.OVERDUE
        assert only(ws, Kind.CHECK_IN_1).state is WindowState.UPCOMING
    ws = windows(app, NY, local(NY, 2026, 4, 16, 15, 1))
    assert only(ws, Kind.THANK_YOU).state is WindowState.EXPIRED
    assert only(ws, Kind.CHECK_IN_1).state is WindowState.OPEN


def test_someone_with_no_email_has_no_thank_you_to_wait_for() -> None:
    dana = make_person("Dana Whitfield", email=None)
    iv = make_interview(local(NY, 2026, 4, 14, 14), people=[main(dana)],
                        decision_by=dt.date(2026, 4, 14))
    checkin = only(windows(make_app(iv), NY, local(NY, 2026, 4, 14, 16)), Kind.CHECK_IN_1)
    assert checkin.opens_at == local(NY, 2026, 4, 16, 9)


# --------------------------------------------------------------------------- a reply's meaning

REPLY = (2026, 4, 16, 11)  # Thursday, two days after the round
REPLY_ROWS = [
    # (case, zone, replies [(says, decision_by, at)], check-in #1 opens (local) or None)
    ("no reply", NY, [], (2026, 4, 21, 15)),
    ("acknowledged: as planned", NY, [(ReplySays.ACKNOWLEDGED, None, REPLY)],
     (2026, 4, 21, 15)),
    ("next steps: cancelled", NY, [(ReplySays.NEXT_STEPS, None, REPLY)], None),
    ("other: cancelled (as before)", NY, [(ReplySays.OTHER, None, REPLY)], None),
    ("nothing said: other", NY, [(None, None, REPLY)], None),
    ("decision by Fri 24 April: 09:00 two days on, a Sunday, so Monday", NY,
     [(ReplySays.DECISION_DATE, dt.date(2026, 4, 24), REPLY)], (2026, 4, 27, 9)),
    ("decision by Wed 22 April: Friday 09:00", NY,
     [(ReplySays.DECISION_DATE, dt.date(2026, 4, 22), REPLY)], (2026, 4, 24, 9)),
    ("a decision date, then another reply: cancelled", NY,
     [(ReplySays.DECISION_DATE, dt.date(2026, 4, 22), REPLY),
      (ReplySays.OTHER, None, (2026, 4, 17, 9))], None),
    ("a reply, then a decision date: planned again", NY,
     [(ReplySays.OTHER, None, REPLY),
      (ReplySays.DECISION_DATE, dt.date(2026, 4, 22), (2026, 4, 17, 9))], (2026, 4, 24, 9)),
    ("an acknowledgement after a decision date keeps it", NY,
     [(ReplySays.DECISION_DATE, dt.date(2026, 4, 22), REPLY),
      (ReplySays.ACKNOWLEDGED, None, (2026, 4, 17, 9))], (2026, 4, 24, 9)),
    ("Berlin, decision by Thu 23 April: Saturday, so Monday", BER,
     [(ReplySays.DECISION_DATE, dt.date(2026, 4, 23), REPLY)], (2026, 4, 27, 9)),
]


@pytest.mark.parametrize(("case", "zone", "replies", "opens"), REPLY_ROWS,
                         ids=[r[0] for r in REPLY_ROWS])
def test_what_a_reply_says_decides_the_check_in(case: str, zone: str, replies: list,  # type: ignore[type-arg]
                                                opens: tuple | None) -> None:  # type: ignore[type-arg]
    dana = make_person("Dana Whitfield")
    iv = make_interview(local(zone, 2026, 4, 14, 14), people=[main(dana)])
    sent = make_message(Kind.THANK_YOU, local(zone, 2026, 4, 14, 18), dana)
    events = [ev(EventKind.REPLY, local(zone, *at), says, by) for says, by, at in replies]
    app = make_app(iv, events=events, messages=[sent])
    ws = [w for w in windows(app, zone, local(zone, 2026, 4, 18, 12)) if
          w.kind is Kind.CHECK_IN_1]
    if opens is None:
        assert ws == []
    else:
        assert [w.opens_at for w in ws] == [local(zone, *opens)]


def test_a_decision_date_across_spring_forward_opens_at_nine_local() -> None:
    dana = make_person("Dana Whitfield")
    iv = make_interview(local(NY, 2026, 3, 2, 14), people=[main(dana)])
    reply = ev(EventKind.REPLY, local(NY, 2026, 3, 3, 9), ReplySays.DECISION_DATE,
               dt.date(2026, 3, 5))  # Thursday: + 2 days is Saturday 7th -> Monday 9th (EDT)
    app = make_app(iv, events=[reply],
                   messages=[make_message(Kind.THANK_YOU, local(NY, 2026, 3, 2, 18), dana)])
    checkin = only(windows(app, NY, local(NY, 2026, 3, 4, 12)), Kind.CHECK_IN_1)
    assert checkin.opens_at == local(NY, 2026, 3, 9, 9)
    assert checkin.opens_at.hour == 13  # 09:00 EDT is 13:00 UTC (it was 14:00 in EST)


def test_a_decision_date_told_after_check_in_1_went_out_holds_check_in_2_back() -> None:
    dana = make_person("Dana Whitfield")
    iv = make_interview(local(NY, 2026, 4, 14, 14), people=[main(dana)])
    msgs = [make_message(Kind.THANK_YOU, local(NY, 2026, 4, 14, 18), dana),
            make_message(Kind.CHECK_IN_1, local(NY, 2026, 4, 21, 16), dana)]
    reply = ev(EventKind.REPLY, local(NY, 2026, 4, 22, 10), ReplySays.DECISION_DATE,
               dt.date(2026, 5, 6))  # Wednesday: check-in opens Friday 8 May 09:00
    app = make_app(iv, events=[reply], messages=msgs)
    second = only(windows(app, NY, local(NY, 2026, 4, 23, 12)), Kind.CHECK_IN_2)
    assert second.opens_at == local(NY, 2026, 5, 8, 9)


@pytest.mark.parametrize("packed", [False, True])
def test_reminders_never_announce_an_expired_window(packed: bool) -> None:
    from followup_desktop.reminders.policy import decide
    from followup_desktop.schedule.agenda import Agenda

    app = scenario(Kind.THANK_YOU, NY, local(NY, 2026, 4, 14, 15))
    now = local(NY, 2026, 4, 17, 16)  # past the thank-you's 48 h and the debrief's 72 h
    every = windows(app, NY, now)
    assert {w.state for w in every if w.kind is Kind.THANK_YOU} == {WindowState.EXPIRED}
    given = Agenda(every) if packed else every
    decision = decide(given, {}, S, ZoneInfo(NY), now, started_at=now - dt.timedelta(days=5))
    announced = {key.split(":")[0] for n in decision.notices for _app, key in n.windows}
    assert announced == {"materials", "linkedin-note"}  # still worth it, unlike the others
    assert Kind.MATERIALS in {w.kind for w in every if w.state is WindowState.OVERDUE}
