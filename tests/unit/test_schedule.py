"""The rules of docs/rules.md ("Windows"), row by row: one test id per row or precise rule.

Every scenario is in America/New_York. The base round is Tuesday 14 April 2026,
14:00-15:00 local (18:00-19:00 UTC), so ``E`` = Tuesday 15:00 local.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from zoneinfo import ZoneInfo

import pytest

from followup_desktop.records import (
    Application,
    EventKind,
    FollowupState,
    Kind,
    Status,
    Window,
    WindowState,
    window_key,
)
from followup_desktop.schedule import (
    effective_status,
    main_contact,
    messages_to_person_in_week,
    no_response_at,
    plan,
)
from followup_desktop.settings import Settings
from tests.helpers.builders import (
    local,
    main,
    make_app,
    make_event,
    make_interview,
    make_message,
    make_person,
    make_promise,
    participant,
)

NY = ZoneInfo("America/New_York")
S = Settings()
H = dt.timedelta(hours=1)
D = dt.timedelta(days=1)


def ny(month: int, day: int, hour: int = 0, minute: int = 0, year: int = 2026) -> dt.datetime:
    return local(NY, year, month, day, hour, minute)


START = ny(4, 14, 14)  # Tuesday
E = ny(4, 14, 15)


def windows(app: Application, now: dt.datetime, settings: Settings = S,
            states: dict[str, FollowupState] | None = None) -> list[Window]:
    return plan([app], settings, NY, now, states)


def of(ws: list[Window], kind: Kind) -> list[Window]:
    return [w for w in ws if w.kind is kind]


def one(ws: list[Window], kind: Kind) -> Window:
    found = of(ws, kind)
    assert len(found) == 1, found
    return found[0]


def kinds(ws: list[Window]) -> set[Kind]:
    return {w.kind for w in ws}


def base(**kw: object):  # type: ignore[no-untyped-def]
    """Dana (main contact, email, LinkedIn), Lee (email), Sam (no email), one round at E."""
    dana = make_person("Dana Whitfield", linkedin="https://www.linkedin.com/in/dana")
    lee = make_person("Lee Ortiz")
    sam = make_person("Sam Noel", email=None)
    iv = make_interview(START, people=[main(dana), lee, sam], **kw)  # type: ignore[arg-type]
    return dana, lee, sam, iv


RULES: dict[str, Callable[[], None]] = {}


def rule(name: str) -> Callable[[Callable[[], None]], Callable[[], None]]:
    def register(fn: Callable[[], None]) -> Callable[[], None]:
        assert name not in RULES
        RULES[name] = fn
        return fn
    return register


# --------------------------------------------------------------------------- debrief


@rule("debrief: one per round, to the user, opens at end, due end + 3 h")
def _() -> None:
    dana, _, _, r1 = base()
    r2 = make_interview(ny(4, 21, 10), people=[dana], duration_minutes=90)
    ws = of(windows(make_app(r1, r2), E), Kind.DEBRIEF)
    assert [(w.interview_id, w.opens_at, w.due_at) for w in ws] == [
        (r1.id, E, E + 3 * H), (r2.id, ny(4, 21, 11, 30), ny(4, 21, 14, 30))]
    assert all(w.to is None and w.recipient is None and w.person_id is None for w in ws)


@rule("debrief: done once the round has reflection notes or talking points for everyone")
def _() -> None:
    dana, _, _, r1 = base()
    lena = make_person("Lena Fischer")
    reflected = make_interview(ny(4, 21, 10), people=[dana], reflection="Rushed the SQL answer.")
    pointed = make_interview(ny(4, 28, 10), people=[
        participant(dana, talking_points=["streaming"]),
        participant(lena, talking_points=["dashboards"])])
    half = make_interview(ny(5, 5, 10), people=[
        participant(dana, talking_points=["streaming"]), participant(lena)])
    # (expired ones listed too: by June every debrief is past its last useful moment)
    ws = of(plan([make_app(r1, reflected, pointed, half)], S, NY, ny(6, 1, 10),
                 include_expired=True), Kind.DEBRIEF)
    assert [w.interview_id for w in ws] == [r1.id, half.id]


# --------------------------------------------------------------------------- thank-you


@rule("thank-you: each interviewer with an email, one each, due end + 24 h")
def _() -> None:
    dana, lee, sam, iv = base()
    ws = of(windows(make_app(iv), E), Kind.THANK_YOU)
    assert sorted((w.person_id, w.to, w.recipient) for w in ws) == sorted([
        (dana.id, dana.email, dana.name), (lee.id, lee.email, lee.name)])
    assert all(w.opens_at == E and w.due_at == E + 24 * H for w in ws)


@rule("thank-you: none for an interviewer without an email")
def _() -> None:
    _, _, sam, iv = base()
    assert sam.id not in {w.person_id for w in windows(make_app(iv), E)
                          if w.kind is Kind.THANK_YOU}


@rule("thank-you: late but worth sending until end + 48 h")
def _() -> None:
    _, _, _, iv = base()
    ws = windows(make_app(iv), E + 30 * H)
    assert {w.late_until for w in of(ws, Kind.THANK_YOU)} == {E + 48 * H}
    assert {w.state for w in of(ws, Kind.THANK_YOU)} == {WindowState.OVERDUE}


@rule("thank-you: a person listed twice in a round gets one; each round gets its own")
def _() -> None:
    dana = make_person()
    r1 = make_interview(START, people=[dana, participant(dana, main=True)])
    r2 = make_interview(ny(4, 21, 10), people=[dana])
    ws = of(windows(make_app(r1, r2), E), Kind.THANK_YOU)
    assert sorted(w.interview_id for w in ws) == sorted([r1.id, r2.id])


# --------------------------------------------------------------------------- materials


@rule("materials: one per promise, to the promised person, due end + 24 h")
def _() -> None:
    dana, lee, _, _ = base()
    p1 = make_promise(dana, "the case study")
    p2 = make_promise(dana, "the slides")
    p3 = make_promise(lee, "my thesis")
    iv = make_interview(START, people=[main(dana), lee], promises=[p1, p2, p3])
    ws = of(windows(make_app(iv), E), Kind.MATERIALS)
    got = sorted((w.promise_id, w.person_id, w.to, w.extra) for w in ws)
    assert got == sorted([(p1.id, dana.id, dana.email, (("what", "the case study"),)),
                          (p2.id, dana.id, dana.email, (("what", "the slides"),)),
                          (p3.id, lee.id, lee.email, (("what", "my thesis"),))])
    assert all(w.opens_at == E and w.due_at == E + 24 * H for w in ws)
    assert len({w.key for w in ws}) == 3


# --------------------------------------------------------------------------- check-in #1


@rule("check-in #1: 09:00 local on the stated date + 2 days, to the main contact")
def _() -> None:
    dana, _, _, iv = base(decision_by=dt.date(2026, 4, 20))  # Monday
    w = one(windows(make_app(iv), E), Kind.CHECK_IN_1)
    assert (w.opens_at, w.due_at) == (ny(4, 22, 9), ny(4, 29, 9))
    assert (w.person_id, w.to, w.interview_id) == (dana.id, dana.email, iv.id)


@rule("check-in #1: with no stated date, end + 7 days, due + 7 days")
def _() -> None:
    _, _, _, iv = base()
    w = one(windows(make_app(iv), E), Kind.CHECK_IN_1)
    assert (w.opens_at, w.due_at) == (ny(4, 21, 15), ny(4, 28, 15))


@rule("check-in #1: a weekend opening moves to Monday 09:00")
def _() -> None:
    _, _, _, iv = base(decision_by=dt.date(2026, 4, 24))  # Friday -> Sunday 09:00
    assert one(windows(make_app(iv), E), Kind.CHECK_IN_1).opens_at == ny(4, 27, 9)


@rule("check-in #1: an after-hours opening moves to the next weekday 09:00")
def _() -> None:
    dana = make_person()
    iv = make_interview(ny(4, 14, 16, 30), people=[dana])  # ends 17:30
    assert one(windows(make_app(iv), ny(4, 15)), Kind.CHECK_IN_1).opens_at == ny(4, 22, 9)


@rule("check-in #1: never opens before the stated date has passed")
def _() -> None:
    _, _, _, iv = base(decision_by=dt.date(2026, 4, 20))
    settings = S.replace(checkin_after_decision_days=0)  # 09:00 on the date itself
    assert one(windows(make_app(iv), E, settings), Kind.CHECK_IN_1).opens_at == ny(4, 21, 9)


@rule("check-in #1: a stated date already past at the round's end counts as no date")
def _() -> None:
    _, _, _, iv = base(decision_by=dt.date(2026, 4, 1))
    assert one(windows(make_app(iv), E), Kind.CHECK_IN_1).opens_at == ny(4, 21, 15)


@rule("check-in #1: sending it closes it")
def _() -> None:
    dana, _, _, iv = base()
    app = make_app(iv, messages=[make_message(Kind.CHECK_IN_1, ny(4, 21, 16), dana)])
    assert not of(windows(app, ny(4, 22, 9)), Kind.CHECK_IN_1)


# --------------------------------------------------------------------------- check-in #2


@rule("check-in #2: 7 days after #1 was sent, due + 7 days")
def _() -> None:
    dana, _, _, iv = base()
    app = make_app(iv, messages=[make_message(Kind.CHECK_IN_1, ny(4, 22, 10), dana)])
    ws = windows(app, ny(4, 23, 10))
    w = one(ws, Kind.CHECK_IN_2)
    assert (w.opens_at, w.due_at, w.person_id) == (ny(4, 29, 10), ny(5, 6, 10), dana.id)
    assert not of(ws, Kind.CHECK_IN_1)


@rule("check-in #2: also when #1 was recorded by address only")
def _() -> None:
    dana, _, _, iv = base()
    app = make_app(iv, messages=[make_message(Kind.CHECK_IN_1, ny(4, 22, 10), dana.email)])
    ws = windows(app, ny(4, 23, 10))
    assert one(ws, Kind.CHECK_IN_2).opens_at == ny(4, 29, 10)
    assert not of(ws, Kind.CHECK_IN_1)


@rule("check-in #2: none until #1 was sent")
def _() -> None:
    _, _, _, iv = base()
    assert not of(windows(make_app(iv), ny(5, 20)), Kind.CHECK_IN_2)


@rule("check-in #2: none if a reply came")
def _() -> None:
    dana, _, _, iv = base()
    app = make_app(iv, messages=[make_message(Kind.CHECK_IN_1, ny(4, 22, 10), dana)],
                   events=[make_event(EventKind.REPLY, ny(4, 23, 12))])
    assert not of(windows(app, ny(4, 24)), Kind.CHECK_IN_2)


@rule("check-ins: at most max_checkins")
def _() -> None:
    dana, _, _, iv = base()
    app = make_app(iv, messages=[make_message(Kind.CHECK_IN_1, ny(4, 22, 10), dana)])
    assert of(windows(app, ny(4, 23)), Kind.CHECK_IN_2)
    assert not of(windows(app, ny(4, 23), S.replace(max_checkins=1)), Kind.CHECK_IN_2)
    app0 = make_app(iv)
    assert not kinds(windows(app0, E, S.replace(max_checkins=0))) & {Kind.CHECK_IN_1,
                                                                      Kind.CHECK_IN_2}


@rule("check-ins: none opens later than end + 42 days")
def _() -> None:
    settings = S.replace(no_response_days=90)  # so that only the stop rule is at work
    dana, _, _, iv = base(decision_by=dt.date(2026, 5, 22))  # -> Sun 24 May -> Mon 25 May
    assert one(windows(make_app(iv), E, settings), Kind.CHECK_IN_1).opens_at == ny(5, 25, 9)
    _, _, _, late = base(decision_by=dt.date(2026, 5, 26))  # -> 28 May > E + 42 d (26 May)
    assert not of(windows(make_app(late), E, settings), Kind.CHECK_IN_1)
    ok = make_app(iv, messages=[make_message(Kind.CHECK_IN_1, ny(5, 19, 10), dana)])
    assert one(windows(ok, ny(5, 20), settings), Kind.CHECK_IN_2).opens_at == ny(5, 26, 10)
    past = make_app(iv, messages=[make_message(Kind.CHECK_IN_1, ny(5, 19, 16), dana)])
    assert not of(windows(past, ny(5, 20), settings), Kind.CHECK_IN_2)  # 26 May 16:00 > E+42


@rule("check-in #2: a weekend opening moves to Monday 09:00")
def _() -> None:
    dana, _, _, iv = base()
    app = make_app(iv, messages=[make_message(Kind.CHECK_IN_1, ny(4, 25, 10), dana)])  # Sat
    assert one(windows(app, ny(4, 26)), Kind.CHECK_IN_2).opens_at == ny(5, 4, 9)


@rule("check-ins: none opens once the application would count as closed-no-response")
def _() -> None:
    settings = S.replace(no_response_days=30)  # closes 14 May 15:00, before E + 42 days
    dana, _, _, iv = base()
    app = make_app(iv, messages=[make_message(Kind.CHECK_IN_1, ny(5, 8, 10), dana)])
    assert effective_status(app, settings, ny(5, 9), NY) is Status.ACTIVE
    assert not of(windows(app, ny(5, 9), settings), Kind.CHECK_IN_2)  # would open 15 May
    early = make_app(iv, messages=[make_message(Kind.CHECK_IN_1, ny(5, 4, 10), dana)])
    assert one(windows(early, ny(5, 5), settings), Kind.CHECK_IN_2).opens_at == ny(5, 11, 10)
    late = make_app(iv, messages=[make_message(Kind.CHECK_IN_1, ny(5, 7, 16), dana)])
    assert not of(windows(late, ny(5, 8), settings), Kind.CHECK_IN_2)  # 14 May 16:00


@rule("check-ins: follow the latest round that has ended; a new round cancels earlier ones")
def _() -> None:
    dana, _, _, r1 = base()
    r2 = make_interview(ny(4, 28, 10), people=[main(dana)])
    sent = make_message(Kind.CHECK_IN_1, ny(4, 22, 10), dana)  # for round 1
    app = make_app(r1, r2, messages=[sent])
    before = windows(app, ny(4, 23))  # round 2 not held yet: round 1 drives
    assert one(before, Kind.CHECK_IN_2).interview_id == r1.id
    after = windows(app, ny(4, 28, 12))
    assert one(after, Kind.CHECK_IN_1).interview_id == r2.id
    assert one(after, Kind.CHECK_IN_1).opens_at == ny(5, 5, 11)
    assert not of(after, Kind.CHECK_IN_2)


@rule("check-ins: a reply cancels the check-ins of rounds that ended before it")
def _() -> None:
    dana, _, _, r1 = base()
    replied = make_app(r1, events=[make_event(EventKind.REPLY, ny(4, 16, 12))])
    assert not of(windows(replied, ny(4, 16, 13)), Kind.CHECK_IN_1)
    r2 = make_interview(ny(4, 28, 10), people=[main(dana)])
    # The reply (which set up round 2) came before round 2 ended: round 2 still gets one.
    both = make_app(r1, r2, events=[make_event(EventKind.REPLY, ny(4, 16, 12))])
    assert one(windows(both, ny(4, 28, 12)), Kind.CHECK_IN_1).interview_id == r2.id


# --------------------------------------------------------------------------- no response


@rule("no response: end + 42 days with no reply -> closed-no-response")
def _() -> None:
    _, _, _, iv = base()
    app = make_app(iv)
    closes = ny(5, 26, 15)
    assert no_response_at(app, S, E, NY) == closes
    assert effective_status(app, S, closes - dt.timedelta(minutes=1), NY) is Status.ACTIVE
    assert effective_status(app, S, closes, NY) is Status.CLOSED_NO_RESPONSE
    replied = make_app(iv, events=[make_event(EventKind.REPLY, ny(4, 20, 9))])
    assert effective_status(replied, S, closes + D, NY) is Status.ACTIVE
    assert no_response_at(replied, S, closes, NY) is None


@rule("no response: a round still to come keeps the application active")
def _() -> None:
    dana, _, _, r1 = base()
    r2 = make_interview(ny(7, 1, 10), people=[dana])
    assert effective_status(make_app(r1, r2), S, ny(6, 1), NY) is Status.ACTIVE


@rule("no response: pending check-ins go, stay-in-touch opens 30 days after")
def _() -> None:
    dana, _, _, iv = base()
    app = make_app(iv, messages=[make_message(Kind.THANK_YOU, E + 2 * H, dana)])
    ws = windows(app, ny(5, 27))
    assert not kinds(ws) & {Kind.CHECK_IN_1, Kind.CHECK_IN_2}
    w = one(ws, Kind.STAY_IN_TOUCH)
    assert (w.opens_at, w.due_at, w.person_id) == (ny(6, 25, 15), ny(8, 24, 15), dana.id)
    assert not of(windows(app, ny(5, 25)), Kind.STAY_IN_TOUCH)  # still active the day before


# --------------------------------------------------------------------------- rejection


@rule("rejection reply: opens at the rejection, due + 2 days, to the main contact")
def _() -> None:
    dana, _, _, iv = base()
    at = ny(4, 17, 18, 30)  # Friday evening: never deferred
    ws = windows(make_app(iv, events=[make_event(EventKind.REJECTED, at)]), at)
    w = one(ws, Kind.REJECTION_REPLY)
    assert (w.opens_at, w.due_at, w.person_id, w.interview_id) == (at, ny(4, 19, 18, 30),
                                                                   dana.id, iv.id)


@rule("rejection: cancels all pending check-ins")
def _() -> None:
    dana, _, _, iv = base()
    app = make_app(iv, events=[make_event(EventKind.REJECTED, ny(4, 30, 10))],
                   messages=[make_message(Kind.CHECK_IN_1, ny(4, 22, 10), dana)])
    assert of(windows(app, ny(4, 30, 9)), Kind.CHECK_IN_2)
    assert not kinds(windows(app, ny(4, 30, 11))) & {Kind.CHECK_IN_1, Kind.CHECK_IN_2}
    assert effective_status(app, S, ny(4, 30, 11), NY) is Status.REJECTED


# --------------------------------------------------------------------------- offer


@rule("offer confirmation: opens at the verbal offer, due + 24 h, to the main contact")
def _() -> None:
    dana, _, _, iv = base()
    at = ny(4, 18, 20)  # Saturday evening: never deferred
    w = one(windows(make_app(iv, events=[make_event(EventKind.VERBAL_OFFER, at)]), at),
            Kind.OFFER_CONFIRMATION)
    assert (w.opens_at, w.due_at, w.person_id) == (at, at + 24 * H, dana.id)


@rule("offer: cancels pending check-ins")
def _() -> None:
    _, _, _, iv = base()
    app = make_app(iv, events=[make_event(EventKind.VERBAL_OFFER, ny(4, 18))])
    assert of(windows(app, ny(4, 17)), Kind.CHECK_IN_1)
    assert not of(windows(app, ny(4, 18, 1)), Kind.CHECK_IN_1)
    assert effective_status(app, S, ny(4, 18, 1), NY) is Status.OFFER


# --------------------------------------------------------------------------- stay in touch


@rule("stay in touch: 30 days after the last message when it is the latest, deferred")
def _() -> None:
    dana, _, _, iv = base()
    app = make_app(iv, events=[make_event(EventKind.REJECTED, ny(4, 16, 11))],
                   messages=[make_message(Kind.REJECTION_REPLY, ny(4, 16, 15), dana)])
    w = one(windows(app, ny(4, 17)), Kind.STAY_IN_TOUCH)
    # Saturday 16 May 15:00 -> Monday 18 May 09:00; due + 60 days.
    assert (w.opens_at, w.due_at, w.to) == (ny(5, 18, 9), ny(7, 17, 9), dana.email)


@rule("stay in touch: 30 days after the rejection when it is the latest")
def _() -> None:
    dana, _, _, iv = base()
    app = make_app(iv, events=[make_event(EventKind.REJECTED, ny(4, 20, 11))],
                   messages=[make_message(Kind.THANK_YOU, ny(4, 14, 17), dana)])
    assert one(windows(app, ny(4, 21)), Kind.STAY_IN_TOUCH).opens_at == ny(5, 20, 11)


@rule("stay in touch: not while the application is active or has an offer")
def _() -> None:
    dana, _, _, iv = base()
    app = make_app(iv, messages=[make_message(Kind.THANK_YOU, ny(4, 14, 17), dana)])
    assert not of(windows(app, ny(5, 20)), Kind.STAY_IN_TOUCH)
    offer = make_app(iv, events=[make_event(EventKind.VERBAL_OFFER, ny(4, 16))])
    assert not of(windows(offer, ny(6, 20)), Kind.STAY_IN_TOUCH)


@rule("stay in touch: sending one starts the next 30 days later, under a new key")
def _() -> None:
    dana, _, _, iv = base()
    rejected = make_event(EventKind.REJECTED, ny(4, 20, 11))
    first = one(windows(make_app(iv, id=1, events=[rejected]), ny(5, 20, 12)),
                Kind.STAY_IN_TOUCH)
    assert first.opens_at == ny(5, 20, 11)
    sent = make_message(Kind.STAY_IN_TOUCH, ny(5, 20, 12), dana)
    nxt = one(windows(make_app(iv, id=1, events=[rejected], messages=[sent]), ny(5, 21)),
              Kind.STAY_IN_TOUCH)
    assert nxt.opens_at == ny(6, 19, 12)
    assert nxt.key != first.key


# --------------------------------------------------------------------------- LinkedIn


@rule("LinkedIn note: each interviewer with a profile URL, opens at end, no due")
def _() -> None:
    dana, _, _, iv = base()
    w = one(windows(make_app(iv), E), Kind.LINKEDIN_NOTE)
    assert (w.person_id, w.opens_at, w.due_at, w.state) == (dana.id, E, None, WindowState.OPEN)
    assert one(windows(make_app(iv), E + 29 * D), Kind.LINKEDIN_NOTE).state is WindowState.OPEN
    # no due, but a last useful moment: 30 days after the round (see test_expiry.py)
    assert of(windows(make_app(iv), E + 31 * D), Kind.LINKEDIN_NOTE) == []


# --------------------------------------------------------------------------- withdrawn


@rule("withdrawn: cancels everything pending")
def _() -> None:
    dana, _, _, iv = base(promises=[make_promise()])
    app = make_app(iv, events=[make_event(EventKind.WITHDRAWN, E + H)])
    assert len(windows(app, E + 0.5 * H)) > 4
    assert windows(app, E + 2 * H) == []
    assert effective_status(app, S, E + 2 * H, NY) is Status.WITHDRAWN
    assert windows(make_app(iv, status=Status.WITHDRAWN), E) == []


@rule("withdrawn, then an offer: only what came after the withdrawal is pending")
def _() -> None:
    _, _, _, iv = base()
    app = make_app(iv, events=[make_event(EventKind.WITHDRAWN, E + H),
                               make_event(EventKind.VERBAL_OFFER, E + 30 * H)])
    assert kinds(windows(app, E + 31 * H)) == {Kind.OFFER_CONFIRMATION}


# --------------------------------------------------------------------------- sent


@rule("sent: a message closes the window of its kind and recipient only")
def _() -> None:
    dana, lee, _, iv = base()
    app = make_app(iv, messages=[make_message(Kind.THANK_YOU, E + H, dana),
                                 make_message(Kind.LINKEDIN_NOTE, E + H, lee)])
    ws = windows(app, E + 2 * H)
    assert [w.person_id for w in of(ws, Kind.THANK_YOU)] == [lee.id]
    assert [w.person_id for w in of(ws, Kind.LINKEDIN_NOTE)] == [dana.id]


@rule("sent: a thank-you for round 1 does not close round 2's")
def _() -> None:
    dana, _, _, r1 = base()
    r2 = make_interview(ny(4, 21, 10), people=[main(dana)])
    app = make_app(r1, r2, messages=[make_message(Kind.THANK_YOU, E + H, dana)])
    ws = [w for w in of(windows(app, ny(4, 21, 12)), Kind.THANK_YOU) if w.person_id == dana.id]
    assert [w.interview_id for w in ws] == [r2.id]


@rule("sent: a thank-you sent once the round began counts for it (rounds end early)")
def _() -> None:
    dana, _, _, iv = base()
    app = make_app(iv, messages=[make_message(Kind.THANK_YOU, E - 0.25 * H, dana)])
    assert dana.id not in {w.person_id for w in of(windows(app, E), Kind.THANK_YOU)}
    before = make_app(iv, messages=[make_message(Kind.THANK_YOU, START - H, dana)])
    assert dana.id in {w.person_id for w in of(windows(before, E), Kind.THANK_YOU)}


@rule("sent: matched by email when the message names no person")
def _() -> None:
    dana, _, _, iv = base()
    app = make_app(iv, messages=[make_message(Kind.THANK_YOU, E + H, dana.email.upper())])
    assert dana.id not in {w.person_id for w in of(windows(app, E + 2 * H), Kind.THANK_YOU)}


@rule("sent: a message recorded after the plan's moment does not count yet")
def _() -> None:
    dana, _, _, iv = base()
    app = make_app(iv, messages=[make_message(Kind.THANK_YOU, E + 5 * H, dana)])
    assert dana.id in {w.person_id for w in of(windows(app, E + 2 * H), Kind.THANK_YOU)}
    assert dana.id not in {w.person_id for w in of(windows(app, E + 6 * H), Kind.THANK_YOU)}


@rule("sent: a debrief recorded as done closes the debrief")
def _() -> None:
    _, _, _, iv = base()
    app = make_app(iv, messages=[make_message(Kind.DEBRIEF, E + H)])
    assert not of(windows(app, E + 2 * H), Kind.DEBRIEF)


# --------------------------------------------------------------------------- rounds to come


@rule("a round still to come: its windows are upcoming, none opens before it ends")
def _() -> None:
    _, _, _, iv = base(promises=[make_promise()])
    ws = windows(make_app(iv), START - D)
    assert ws and all(w.state is WindowState.UPCOMING and w.opens_at >= E for w in ws)
    assert not of(ws, Kind.CHECK_IN_1)  # check-ins follow rounds that have ended


@pytest.mark.parametrize("name", list(RULES))
def test_rule(name: str) -> None:
    RULES[name]()


# --------------------------------------------------------------------------- main contact


def test_main_contact_is_the_marked_one_latest_round_first() -> None:
    dana, lee, kim = make_person("Dana A"), make_person("Lee B"), make_person("Kim C")
    r1 = make_interview(START, people=[dana, main(lee)])
    r2 = make_interview(ny(4, 21, 10), people=[dana, main(kim)])
    mc = main_contact(make_app(r1, r2))
    assert mc is not None and mc.person == kim
    mc = main_contact(make_app(r1, make_interview(ny(4, 21, 10), people=[dana])))
    assert mc is not None and mc.person == lee


def test_main_contact_else_first_of_the_latest_round_with_an_email() -> None:
    no_mail, dana, lee = make_person("Sam N", email=None), make_person("Dana A"), make_person()
    r1 = make_interview(START, people=[lee])
    r2 = make_interview(ny(4, 21, 10), people=[no_mail, dana])
    mc = main_contact(make_app(r1, r2))
    assert mc is not None and mc.person == dana
    assert main_contact(make_app(make_interview(START, people=[no_mail]))) is None
    assert main_contact(make_app()) is None


def test_check_ins_go_to_the_main_contact_not_the_first_interviewer() -> None:
    dana, lee = make_person("Dana A"), make_person("Lee B")
    iv = make_interview(START, people=[dana, main(lee)])
    assert one(windows(make_app(iv), E), Kind.CHECK_IN_1).person_id == lee.id


def test_without_any_contact_check_ins_still_remind_with_no_recipient() -> None:
    iv = make_interview(START)
    w = one(windows(make_app(iv), E), Kind.CHECK_IN_1)
    assert (w.person_id, w.to, w.recipient) == (None, None, None)


# --------------------------------------------------------------------------- states


def _thank_you(states: dict[str, FollowupState] | None, now: dt.datetime) -> Window | None:
    dana = make_person(id=7)
    app = make_app(make_interview(START, id=5, people=[dana]), id=3)
    found = [w for w in windows(app, now, states=states) if w.kind is Kind.THANK_YOU]
    return found[0] if found else None


KEY = window_key(Kind.THANK_YOU, 3, 5, 7)


@pytest.mark.parametrize(("now", "state"), [
    (E - H, WindowState.UPCOMING),
    (E, WindowState.OPEN),
    (E + 24 * H, WindowState.OPEN),
    (E + 24 * H + dt.timedelta(seconds=1), WindowState.OVERDUE),
], ids=["before-opens", "at-opens", "at-due", "after-due"])
def test_state_follows_the_clock(now: dt.datetime, state: WindowState) -> None:
    w = _thank_you(None, now)
    assert w is not None and w.state is state and w.key == KEY


def test_snoozed_until_later_is_snoozed_and_an_old_snooze_is_not() -> None:
    later = FollowupState(KEY, snoozed_until=E + 5 * H)
    w = _thank_you({KEY: later}, E + H)
    assert w is not None and w.state is WindowState.SNOOZED and w.snoozed_until == E + 5 * H
    w = _thank_you({KEY: later}, E + 6 * H)
    assert w is not None and w.state is WindowState.OPEN


def test_skipped_windows_are_left_out() -> None:
    assert _thank_you({KEY: FollowupState(KEY, skipped_at=E + H)}, E + 2 * H) is None
    assert _thank_you({"other": FollowupState("other", skipped_at=E)}, E + 2 * H) is not None


def test_notified_drafted_exported_come_from_the_state() -> None:
    w = _thank_you({KEY: FollowupState(KEY, notified_at=E, drafted_at=E + H)}, E + 2 * H)
    assert w is not None and (w.notified, w.drafted, w.exported) == (True, True, False)
    w = _thank_you({KEY: FollowupState(KEY, exported_at=E)}, E + 2 * H)
    assert w is not None and (w.notified, w.drafted, w.exported) == (False, False, True)


def test_keys_are_stable_for_the_same_records() -> None:
    dana, lee, _, iv = base(promises=[make_promise()])
    app = make_app(iv, messages=[make_message(Kind.CHECK_IN_1, ny(4, 22, 10), dana)])
    first = [w.key for w in windows(app, ny(4, 23))]
    assert first == [w.key for w in windows(app, ny(4, 23, 5))]
    assert len(set(first)) == len(first)
    assert window_key(Kind.CHECK_IN_2, app.id, iv.id, dana.id) in first


def test_plan_sorts_across_applications() -> None:
    a = make_app(make_interview(START + H, people=[make_person()]), company="Beta")
    b = make_app(make_interview(START, people=[make_person()]), company="Zeta")
    c = make_app(make_interview(START + H, people=[make_person()]), company="Alpha")
    ws = plan([a, b, c], S, NY, E)
    assert [w.company for w in ws][:2] == ["Zeta", "Zeta"]
    rest = [(w.opens_at, w.company, w.kind.value, w.recipient or "") for w in ws]
    assert rest == sorted(rest)


def test_plan_needs_an_aware_now() -> None:
    with pytest.raises(ValueError, match="aware"):
        plan([], S, NY, dt.datetime(2026, 1, 1))  # noqa: DTZ001


# --------------------------------------------------------------------------- 2 per 7 days


def test_messages_to_person_in_week_counts_the_last_seven_days() -> None:
    dana, lee, _, iv = base()
    app = make_app(iv, messages=[
        make_message(Kind.THANK_YOU, E + H, dana),              # set aside
        make_message(Kind.MATERIALS, E + 2 * H, dana),
        make_message(Kind.CHECK_IN_1, ny(4, 20, 10), dana.email),  # by address
        make_message(Kind.CHECK_IN_1, ny(4, 20, 10), lee),      # someone else
        make_message(Kind.CHECK_IN_2, ny(4, 30, 10), dana),     # after `at`
    ])
    assert messages_to_person_in_week(app, dana.id, ny(4, 21)) == 2
    assert messages_to_person_in_week(app, dana.id, ny(4, 21), include_thank_you=True) == 3
    assert messages_to_person_in_week(app, dana.id, E + 2 * H + 7 * D) == 1  # (at-7d, at]
    assert messages_to_person_in_week(app, lee.id, ny(4, 21)) == 1
