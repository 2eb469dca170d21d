"""Sample data dated around ``now``: every follow-up kind and state, so a first look shows all.

Everything here is invented; companies and people use ``example`` domains.
"""

from __future__ import annotations

import datetime as dt
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


def demo_applications(now: dt.datetime, tz: ZoneInfo) -> list[ApplicationSpec]:
    today = now.astimezone(tz).date()

    def at(days: int, hour: int, minute: int = 0) -> dt.datetime:
        """``days`` from today (negative: ago) at a local wall time, as UTC."""
        day = today + dt.timedelta(days=days)
        return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=tz).astimezone(UTC)

    def ago(hours: float) -> dt.datetime:
        return (now - dt.timedelta(hours=hours)).replace(second=0, microsecond=0)

    # 1. A panel that ended three hours ago: thank-yous due, a promise, a debrief, LinkedIn.
    northwind = ApplicationSpec(
        company="Northwind Analytics",
        role="Data Engineer",
        notes="Referred by Sam from the data meetup. Hybrid, 2 days in the office.",
        interviews=(
            InterviewSpec(
                start=at(-14, 11),
                duration_minutes=30,
                format=Format.PHONE,
                tone=Tone.CASUAL,
                notes="Recruiter screen: salary band fits, team of six.",
                interviewers=(
                    PersonSpec("Priya Raman", "Technical Recruiter",
                               "priya.raman@northwind.example", main_contact=True,
                               talking_points=("the team doubling in size next year",
                                               "the mentoring programme for new hires")),
                ),
            ),
            InterviewSpec(
                start=ago(3),
                duration_minutes=60,
                format=Format.PANEL,
                tone=Tone.FORMAL,
                decision_by=today + dt.timedelta(days=7),
                notes="Panel: system design, then a pipeline debugging exercise.",
                interviewers=(
                    PersonSpec("Dana Whitfield", "Engineering Manager",
                               "dana.whitfield@northwind.example", salutation="Ms.",
                               linkedin="https://www.linkedin.com/in/dana-whitfield-example",
                               talking_points=("the move from nightly batches to streaming",
                                               "the redesigned on-call rotation")),
                    PersonSpec("Marcus Oyelaran", "Staff Engineer",
                               "marcus.oyelaran@northwind.example", salutation="Mr.",
                               talking_points=("back-filling late events without double counts",
                                               "the choice of Kafka over Kinesis")),
                    PersonSpec("Lena Fischer", "Data Analyst"),
                ),
                promises=(PromiseSpec("the case study on pipeline back-fills",
                                      "dana.whitfield@northwind.example"),),
            ),
        ),
        messages=(MessageSpec(Kind.THANK_YOU, at(-14, 15), "priya.raman@northwind.example",
                              "Thank you — Data Engineer conversation"),),
    )

    # 2. A stated decision date has passed: check-in #1 is open.
    lumen = ApplicationSpec(
        company="Lumen Health",
        role="Product Designer",
        interviews=(
            InterviewSpec(
                start=at(-12, 14),
                format=Format.VIDEO,
                tone=Tone.CASUAL,
                decision_by=today - dt.timedelta(days=4),
                notes="Portfolio review; they liked the onboarding redesign.",
                interviewers=(
                    PersonSpec("Jonah Patel", "Head of Design", "jonah.patel@lumen.example",
                               main_contact=True,
                               talking_points=("designing for nurses on night shifts",
                                               "the accessibility audit last spring")),
                ),
            ),
        ),
        messages=(MessageSpec(Kind.THANK_YOU, at(-12, 18), "jonah.patel@lumen.example",
                              "Thanks for the portfolio review"),),
    )

    # 3. Check-in #1 went out a week ago with no reply: check-in #2 is open.
    harbor = ApplicationSpec(
        company="Harbor & Finch",
        role="Marketing Coordinator",
        interviews=(
            InterviewSpec(
                start=at(-20, 10),
                format=Format.ONSITE,
                tone=Tone.FORMAL,
                interviewers=(
                    PersonSpec("Grace Liu", "Marketing Director", "grace.liu@harborfinch.example",
                               salutation="Dr.", main_contact=True,
                               talking_points=("the spring brand campaign",
                                               "growing the newsletter audience")),
                ),
            ),
        ),
        messages=(
            MessageSpec(Kind.THANK_YOU, at(-20, 16), "grace.liu@harborfinch.example"),
            MessageSpec(Kind.CHECK_IN_1, at(-8, 9, 30), "grace.liu@harborfinch.example"),
        ),
    )

    # 4. Rejected yesterday: the rejection reply is open.
    brightline = ApplicationSpec(
        company="Brightline Logistics",
        role="Operations Analyst",
        status=Status.REJECTED,
        interviews=(
            InterviewSpec(
                start=at(-9, 13),
                tone=Tone.FORMAL,
                interviewers=(
                    PersonSpec("Tomás Herrera", "Operations Manager",
                               "tomas.herrera@brightline.example", salutation="Mr.",
                               main_contact=True,
                               talking_points=("routing trucks around port delays",)),
                ),
            ),
        ),
        events=(EventSpec(EventKind.REJECTED, ago(20)),),
        messages=(MessageSpec(Kind.THANK_YOU, at(-9, 17), "tomas.herrera@brightline.example"),),
    )

    # 5. A verbal offer this morning: the offer confirmation is due.
    cobalt = ApplicationSpec(
        company="Cobalt Robotics",
        role="Firmware Engineer",
        status=Status.OFFER,
        interviews=(
            InterviewSpec(
                start=at(-6, 10),
                duration_minutes=90,
                format=Format.ONSITE,
                tone=Tone.CASUAL,
                interviewers=(
                    PersonSpec("Mei Tanaka", "Engineering Lead", "mei.tanaka@cobalt.example",
                               main_contact=True,
                               talking_points=("the motor controller rewrite",
                                               "testing firmware on real arms overnight")),
                ),
            ),
        ),
        events=(EventSpec(EventKind.REPLY, at(-3, 11)),
                EventSpec(EventKind.VERBAL_OFFER, ago(2))),
        messages=(MessageSpec(Kind.THANK_YOU, at(-6, 15), "mei.tanaka@cobalt.example"),),
    )

    # 6. Six weeks of silence: closed with no response; stay in touch comes later.
    meridian = ApplicationSpec(
        company="Meridian Books",
        role="Editorial Assistant",
        interviews=(
            InterviewSpec(
                start=at(-50, 15),
                tone=Tone.FORMAL,
                interviewers=(
                    PersonSpec("Olivia Grant", "Managing Editor", "olivia.grant@meridian.example",
                               salutation="Ms.", main_contact=True,
                               talking_points=("the new translated-fiction list",)),
                ),
            ),
        ),
        messages=(
            MessageSpec(Kind.THANK_YOU, at(-50, 19), "olivia.grant@meridian.example"),
            MessageSpec(Kind.CHECK_IN_1, at(-41, 10), "olivia.grant@meridian.example"),
        ),
    )

    # 7. Rejected five weeks ago, reply sent: time to stay in touch.
    quarry = ApplicationSpec(
        company="Quarry Labs",
        role="QA Engineer",
        status=Status.REJECTED,
        interviews=(
            InterviewSpec(
                start=at(-45, 10),
                tone=Tone.CASUAL,
                interviewers=(
                    PersonSpec("Felix Moreau", "QA Lead", "felix.moreau@quarry.example",
                               main_contact=True,
                               talking_points=("the flaky-test dashboard",)),
                ),
            ),
        ),
        events=(EventSpec(EventKind.REJECTED, at(-38, 12)),),
        messages=(
            MessageSpec(Kind.THANK_YOU, at(-45, 14), "felix.moreau@quarry.example"),
            MessageSpec(Kind.REJECTION_REPLY, at(-37, 10), "felix.moreau@quarry.example"),
        ),
    )

    # 8. An interview tomorrow: its follow-ups are upcoming.
    tidewater = ApplicationSpec(
        company="Tidewater Energy",
        role="Data Analyst",
        interviews=(
            InterviewSpec(
                start=at(1, 14),
                duration_minutes=45,
                format=Format.VIDEO,
                tone=Tone.FORMAL,
                interviewers=(
                    PersonSpec("Samuel Osei", "Analytics Manager", "samuel.osei@tidewater.example",
                               salutation="Mr.", main_contact=True),
                ),
            ),
        ),
    )

    # 9. They replied after the thank-you; the decision date is next week.
    silverpine = ApplicationSpec(
        company="Silverpine Software",
        role="Backend Developer",
        interviews=(
            InterviewSpec(
                start=at(-4, 9, 30),
                tone=Tone.CASUAL,
                decision_by=today + dt.timedelta(days=5),
                interviewers=(
                    PersonSpec("Aisha Bello", "CTO", "aisha.bello@silverpine.example",
                               main_contact=True,
                               linkedin="https://www.linkedin.com/in/aisha-bello-example",
                               talking_points=("moving billing to an event log",
                                               "the four-day week trial")),
                ),
                reflection="Went well; I rushed the caching answer — revisit LRU vs TTL.",
            ),
        ),
        events=(EventSpec(EventKind.REPLY, at(-2, 16)),),
        messages=(MessageSpec(Kind.THANK_YOU, at(-4, 14), "aisha.bello@silverpine.example"),),
    )

    # 10. A round yesterday morning and no thank-you yet: overdue, still worth sending.
    orchard = ApplicationSpec(
        company="Orchard Bank",
        role="Risk Analyst",
        interviews=(
            InterviewSpec(
                start=ago(30),
                duration_minutes=45,
                format=Format.VIDEO,
                tone=Tone.FORMAL,
                interviewers=(
                    PersonSpec("Hannah Kim", "Head of Credit Risk", "hannah.kim@orchard.example",
                               salutation="Ms.", main_contact=True,
                               talking_points=("stress-testing the mortgage book",
                                               "the move to open-source risk models")),
                ),
                reflection="Strong on modelling questions; need to brush up on Basel III.",
            ),
        ),
    )

    # 11. Withdrawn: nothing pending.
    quill = ApplicationSpec(
        company="Quill & Co",
        role="Content Strategist",
        status=Status.WITHDRAWN,
        interviews=(
            InterviewSpec(
                start=at(-16, 16),
                tone=Tone.CASUAL,
                interviewers=(PersonSpec("Rosa Vidal", "Content Lead", "rosa.vidal@quill.example",
                                         main_contact=True),),
            ),
        ),
        events=(EventSpec(EventKind.WITHDRAWN, at(-10, 9)),),
    )

    return [northwind, lumen, harbor, brightline, cobalt, meridian, quarry, tidewater,
            silverpine, orchard, quill]


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
