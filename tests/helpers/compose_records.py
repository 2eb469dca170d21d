"""Records for the composer's tests (plain constructors).

A panel round at Northwind Analytics: Dana (main contact, formal salutation "Dr."), Sam and
Lee with emails, Jo (recruiter) without one; one promise to Dana.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from followup_desktop.records import (
    Application,
    FollowupWindow,
    Format,
    Interview,
    Kind,
    Message,
    Participant,
    Person,
    Profile,
    Promise,
    Tone,
    WindowState,
    window_key,
)

UTC = dt.UTC
START = dt.datetime(2026, 3, 2, 15, 0, tzinfo=UTC)  # 10:00 in New York
NOW = dt.datetime(2026, 3, 2, 18, 0, tzinfo=UTC)  # two hours after the round ended

DANA = Person(1, "Dana Whitfield", "Engineering Manager", "dana.whitfield@northwind.example",
              None, "Dr.")
SAM = Person(2, "Sam Okafor", "Staff Engineer", "sam.okafor@northwind.example",
             "https://www.linkedin.com/in/samokafor")
LEE = Person(3, "Lee Chen", "Data Scientist", "lee.chen@northwind.example")
JO = Person(4, "Jo Martin", "Recruiter", None)

PROFILE = Profile("Ada Park", "ada.park@example.org", "+1 555 0100",
                  "https://www.linkedin.com/in/adapark", "", "America/New_York")


def make_round(tone: Tone = Tone.FORMAL, *, decision_by: dt.date | None = dt.date(2026, 3, 13),
               participants: tuple[Participant, ...] | None = None,
               promises: tuple[Promise, ...] | None = None, interview_id: int = 10,
               start: dt.datetime = START) -> Interview:
    if participants is None:
        participants = (
            Participant(DANA, True, ("the move from nightly batches to streaming",
                                     "the redesigned on-call rotation")),
            Participant(SAM, False, ("the schema registry rollout",
                                     "how code review works across time zones")),
            Participant(LEE, False, ("forecasting demand with sparse data",)),
            Participant(JO, False, ()),
        )
    if promises is None:
        promises = (Promise(5, DANA.id, "the case study on pipeline back-fills"),)
    return Interview(interview_id, start, 60, Format.PANEL, tone, decision_by, "",
                     participants=participants, promises=promises)


def make_app(*interviews: Interview, messages: tuple[Message, ...] = (),
             people: tuple[Person, ...] = (DANA, SAM, LEE, JO)) -> Application:
    return Application(7, "Northwind Analytics", "Data Engineer", people=people,
                       interviews=interviews or (make_round(),), messages=messages)


def make_window(app: Application, kind: Kind, person: Person | None = None,
                promise_id: int | None = None, interview_id: int | None = 10) -> FollowupWindow:
    iv = next((i for i in app.interviews if i.id == interview_id), app.interviews[-1])
    pid = person.id if person else None
    return FollowupWindow(window_key(kind, app.id, interview_id, pid, promise_id), kind, app.id,
                  app.company, app.role, iv.end, iv.end + dt.timedelta(hours=24),
                  WindowState.OPEN, interview_id, pid, promise_id,
                  person.name if person else None, person.email if person else None)


def replace(record, **changes):  # type: ignore[no-untyped-def]
    return dataclasses.replace(record, **changes)
