"""Sample data dated around ``now``: every follow-up kind and state, so a first look shows all.

Everything here is invented; companies and people use ``example`` domains.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from followup_desktop.context import AppContext
from followup_desktop.records import (
    ApplicationSpec,
    EventKind,
    EventSpec,
    Format,
    InterviewSpec,
    Kind,
    MessageSpec,
    PersonSpec,
    Profile,
    PromiseSpec,
    Status,
    Tone,
)
from followup_desktop.store import Store
from followup_desktop.store.repository import SAMPLE_DATA_KEY

UTC = dt.UTC


def demo_profile(timezone: str) -> Profile:
    return Profile(
        name="Ada Park",
        email="ada.park@example.org",
        phone="+1 555 0100",
        linkedin="https://www.linkedin.com/in/adapark",
        signature="",
        timezone=timezone,
    )


class At(NamedTuple):
    """``days`` from today (negative: ago) at a local wall time."""

    days: int
    hour: int
    minute: int = 0


class Ago(NamedTuple):
    """``hours`` before now, to the minute."""

    hours: float


class Day(NamedTuple):
    """The date ``days`` from today."""

    days: int


#: The sample applications, one a dict of :class:`ApplicationSpec`'s fields (its rounds,
#: people, promises, events and messages as plain data too), with their times relative to
#: the moment the demo is made (:class:`At`, :class:`Ago`, :class:`Day`). Each shows
#: follow-up kinds and states the others do not.
SAMPLES: tuple[dict[str, Any], ...] = (
    # 1. A panel that ended three hours ago: thank-yous due, a promise, a debrief, LinkedIn.
    {"company": "Northwind Analytics", "role": "Data Engineer",
     "notes": "Referred by Sam from the data meetup. Hybrid, 2 days in the office.",
     "interviews": (
         {"start": At(-14, 11), "duration_minutes": 30, "format": Format.PHONE,
          "tone": Tone.CASUAL, "notes": "Recruiter screen: salary band fits, team of six.",
          "interviewers": (
              {"name": "Priya Raman", "title": "Technical Recruiter",
               "email": "priya.raman@northwind.example", "main_contact": True,
               "talking_points": ("the team doubling in size next year",
                                  "the mentoring programme for new hires")},)},
         {"start": Ago(3), "duration_minutes": 60, "format": Format.PANEL,
          "tone": Tone.FORMAL, "decision_by": Day(7),
          "notes": "Panel: system design, then a pipeline debugging exercise.",
          "interviewers": (
              {"name": "Dana Whitfield", "title": "Engineering Manager",
               "email": "dana.whitfield@northwind.example", "salutation": "Ms.",
               "linkedin": "https://www.linkedin.com/in/dana-whitfield-example",
               "talking_points": ("the move from nightly batches to streaming",
                                  "the redesigned on-call rotation")},
              {"name": "Marcus Oyelaran", "title": "Staff Engineer",
               "email": "marcus.oyelaran@northwind.example", "salutation": "Mr.",
               "talking_points": ("back-filling late events without double counts",
                                  "the choice of Kafka over Kinesis")},
              {"name": "Lena Fischer", "title": "Data Analyst"}),
          "promises": (("the case study on pipeline back-fills",
                        "dana.whitfield@northwind.example"),)}),
     "messages": ((Kind.THANK_YOU, At(-14, 15), "priya.raman@northwind.example",
                   "Thank you — Data Engineer conversation"),)},
    # 2. A stated decision date has passed: check-in #1 is open.
    {"company": "Lumen Health", "role": "Product Designer",
     "interviews": (
         {"start": At(-12, 14), "format": Format.VIDEO, "tone": Tone.CASUAL,
          "decision_by": Day(-4), "notes": "Portfolio review; they liked the onboarding redesign.",
          "interviewers": (
              {"name": "Jonah Patel", "title": "Head of Design",
               "email": "jonah.patel@lumen.example", "main_contact": True,
               "talking_points": ("designing for nurses on night shifts",
                                  "the accessibility audit last spring")},)},),
     "messages": ((Kind.THANK_YOU, At(-12, 18), "jonah.patel@lumen.example",
                   "Thanks for the portfolio review"),)},
    # 3. Check-in #1 went out a week ago with no reply: check-in #2 is open.
    {"company": "Harbor & Finch", "role": "Marketing Coordinator",
     "interviews": (
         {"start": At(-20, 10), "format": Format.ONSITE, "tone": Tone.FORMAL,
          "interviewers": (
              {"name": "Grace Liu", "title": "Marketing Director",
               "email": "grace.liu@harborfinch.example", "salutation": "Dr.",
               "main_contact": True,
               "talking_points": ("the spring brand campaign",
                                  "growing the newsletter audience")},)},),
     "messages": ((Kind.THANK_YOU, At(-20, 16), "grace.liu@harborfinch.example"),
                  (Kind.CHECK_IN_1, At(-8, 9, 30), "grace.liu@harborfinch.example"))},
    # 4. Rejected yesterday: the rejection reply is open.
    {"company": "Brightline Logistics", "role": "Operations Analyst",
     "status": Status.REJECTED,
     "interviews": (
         {"start": At(-9, 13), "tone": Tone.FORMAL,
          "interviewers": (
              {"name": "Tomás Herrera", "title": "Operations Manager",
               "email": "tomas.herrera@brightline.example", "salutation": "Mr.",
               "main_contact": True,
               "talking_points": ("routing trucks around port delays",)},)},),
     "events": ((EventKind.REJECTED, Ago(20)),),
     "messages": ((Kind.THANK_YOU, At(-9, 17), "tomas.herrera@brightline.example"),)},
    # 5. A verbal offer this morning: the offer confirmation is due.
    {"company": "Cobalt Robotics", "role": "Firmware Engineer", "status": Status.OFFER,
     "interviews": (
         {"start": At(-6, 10), "duration_minutes": 90, "format": Format.ONSITE,
          "tone": Tone.CASUAL,
          "interviewers": (
              {"name": "Mei Tanaka", "title": "Engineering Lead",
               "email": "mei.tanaka@cobalt.example", "main_contact": True,
               "talking_points": ("the motor controller rewrite",
                                  "testing firmware on real arms overnight")},)},),
     "events": ((EventKind.REPLY, At(-3, 11)), (EventKind.VERBAL_OFFER, Ago(2))),
     "messages": ((Kind.THANK_YOU, At(-6, 15), "mei.tanaka@cobalt.example"),)},
    # 6. Six weeks of silence: closed with no response; stay in touch comes later.
    {"company": "Meridian Books", "role": "Editorial Assistant",
     "interviews": (
         {"start": At(-50, 15), "tone": Tone.FORMAL,
          "interviewers": (
              {"name": "Olivia Grant", "title": "Managing Editor",
               "email": "olivia.grant@meridian.example", "salutation": "Ms.",
               "main_contact": True,
               "talking_points": ("the new translated-fiction list",)},)},),
     "messages": ((Kind.THANK_YOU, At(-50, 19), "olivia.grant@meridian.example"),
                  (Kind.CHECK_IN_1, At(-41, 10), "olivia.grant@meridian.example"))},
    # 7. Rejected five weeks ago, reply sent: time to stay in touch.
    {"company": "Quarry Labs", "role": "QA Engineer", "status": Status.REJECTED,
     "interviews": (
         {"start": At(-45, 10), "tone": Tone.CASUAL,
          "interviewers": (
              {"name": "Felix Moreau", "title": "QA Lead",
               "email": "felix.moreau@quarry.example", "main_contact": True,
               "talking_points": ("the flaky-test dashboard",)},)},),
     "events": ((EventKind.REJECTED, At(-38, 12)),),
     "messages": ((Kind.THANK_YOU, At(-45, 14), "felix.moreau@quarry.example"),
                  (Kind.REJECTION_REPLY, At(-37, 10), "felix.moreau@quarry.example"))},
    # 8. An interview tomorrow: its follow-ups are upcoming.
    {"company": "Tidewater Energy", "role": "Data Analyst",
     "interviews": (
         {"start": At(1, 14), "duration_minutes": 45, "format": Format.VIDEO,
          "tone": Tone.FORMAL,
          "interviewers": (
              {"name": "Samuel Osei", "title": "Analytics Manager",
               "email": "samuel.osei@tidewater.example", "salutation": "Mr.",
               "main_contact": True},)},)},
    # 9. They replied after the thank-you; the decision date is next week.
    {"company": "Silverpine Software", "role": "Backend Developer",
     "interviews": (
         {"start": At(-4, 9, 30), "tone": Tone.CASUAL, "decision_by": Day(5),
          "interviewers": (
              {"name": "Aisha Bello", "title": "CTO", "email": "aisha.bello@silverpine.example",
               "main_contact": True,
               "linkedin": "https://www.linkedin.com/in/aisha-bello-example",
               "talking_points": ("moving billing to an event log",
                                  "the four-day week trial")},),
          "reflection": "Went well; I rushed the caching answer — revisit LRU vs TTL."},),
     "events": ((EventKind.REPLY, At(-2, 16)),),
     "messages": ((Kind.THANK_YOU, At(-4, 14), "aisha.bello@silverpine.example"),)},
    # 10. A round yesterday morning and no thank-you yet: overdue, still worth sending.
    {"company": "Orchard Bank", "role": "Risk Analyst",
     "interviews": (
         {"start": Ago(30), "duration_minutes": 45, "format": Format.VIDEO,
          "tone": Tone.FORMAL,
          "interviewers": (
              {"name": "Hannah Kim", "title": "Head of Credit Risk",
               "email": "hannah.kim@orchard.example", "salutation": "Ms.",
               "main_contact": True,
               "talking_points": ("stress-testing the mortgage book",
                                  "the move to open-source risk models")},),
          "reflection": "Strong on modelling questions; need to brush up on Basel III."},)},
    # 11. Withdrawn: nothing pending.
    {"company": "Quill & Co", "role": "Content Strategist", "status": Status.WITHDRAWN,
     "interviews": (
         {"start": At(-16, 16), "tone": Tone.CASUAL,
          "interviewers": (
              {"name": "Rosa Vidal", "title": "Content Lead",
               "email": "rosa.vidal@quill.example", "main_contact": True},)},),
     "events": ((EventKind.WITHDRAWN, At(-10, 9)),)},
)


def demo_applications(now: dt.datetime, tz: ZoneInfo) -> list[ApplicationSpec]:
    """:data:`SAMPLES` as specs, their times resolved around ``now`` in ``tz``."""
    today = now.astimezone(tz).date()

    def when(t: Any) -> Any:
        if isinstance(t, At):
            day = today + dt.timedelta(days=t.days)
            return dt.datetime(day.year, day.month, day.day, t.hour, t.minute,
                               tzinfo=tz).astimezone(UTC)
        if isinstance(t, Ago):
            return (now - dt.timedelta(hours=t.hours)).replace(second=0, microsecond=0)
        return today + dt.timedelta(days=t.days)

    def interview(i: dict[str, Any]) -> InterviewSpec:
        return InterviewSpec(**{
            **i, "start": when(i["start"]),
            "decision_by": when(i["decision_by"]) if "decision_by" in i else None,
            "interviewers": tuple(PersonSpec(**p) for p in i.get("interviewers", ())),
            "promises": tuple(PromiseSpec(*p) for p in i.get("promises", ()))})

    return [ApplicationSpec(**{
        **s, "interviews": tuple(interview(i) for i in s.get("interviews", ())),
        "events": tuple(EventSpec(kind, when(at)) for kind, at in s.get("events", ())),
        "messages": tuple(MessageSpec(kind, when(at), *rest)
                          for kind, at, *rest in s.get("messages", ()))})
        for s in SAMPLES]


def fill_demo(store: Store, now: dt.datetime, timezone: str) -> int:
    """Add the sample applications and profile, and give a few windows a state of their own
    (a snoozed check-in, a skipped LinkedIn note), so every state shows. Returns the count."""
    from followup_desktop.clock import zone
    from followup_desktop.schedule import plan

    tz = zone(timezone)
    specs = demo_applications(now, tz)
    store.add_applications(specs)
    store.save_profile(demo_profile(timezone))
    store.set_value(SAMPLE_DATA_KEY, True)  # see Store.is_sample_data
    windows = plan(store.load_applications(), store.settings(), tz, now, store.states())
    for w in windows:
        if w.kind is Kind.CHECK_IN_1 and w.company == "Lumen Health":
            store.snooze(w.application_id, w.key, now + dt.timedelta(hours=2))
        if w.kind is Kind.LINKEDIN_NOTE and w.company == "Silverpine Software":
            store.update_states(w.application_id, [w.key], skipped_at=now)
    return len(specs)


def fill_sample_data(ctx: AppContext) -> int:
    """:func:`fill_demo` into ``ctx``'s store, dated around its clock, in the profile's zone
    (else the machine's); returns how many applications were added."""
    from followup_desktop.clock import machine_zone_name

    return fill_demo(ctx.store, ctx.now(), ctx.profile().timezone or machine_zone_name())
