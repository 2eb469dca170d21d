"""The fast paths behind the agenda give exactly what the plain ones give.

``Store.load_applications`` reads raw sqlite rows and converts them itself; the reference
here is the straightforward peewee ``.tuples()`` reading (each field's own converter).
``cli.windows_json_text`` builds the ``agenda --json`` text by hand; the reference is
``json.dumps(window_dicts(...), ensure_ascii=False, indent=1)``. Both are compared on the
sample data and on generated data, byte for byte.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from zoneinfo import ZoneInfo

import pytest

from bench.data import specs as generated_specs
from followup_desktop import cli
from followup_desktop.clock import fixed_clock
from followup_desktop.context import AppContext
from followup_desktop.paths import Paths
from followup_desktop.records import (
    Application,
    Event,
    EventKind,
    FollowupWindow,
    Format,
    Interview,
    Kind,
    Message,
    Participant,
    Person,
    Promise,
    Status,
    Tone,
    WindowState,
)
from followup_desktop.services.demo import fill_demo
from followup_desktop.store.models import (
    ApplicationRow,
    EventRow,
    FollowupStateRow,
    InterviewRow,
    MessageRow,
    ParticipantRow,
    PersonRow,
    PromiseRow,
    TalkingPointRow,
)

UTC = dt.UTC
NOW = dt.datetime(2026, 3, 2, 15, 0, tzinfo=UTC)
MOMENTS = [NOW - dt.timedelta(days=40), NOW, NOW + dt.timedelta(days=9),
           NOW + dt.timedelta(days=70)]


def reference_applications() -> list[Application]:
    """load_applications() as it was written with peewee's converters (all applications)."""
    apps = list(ApplicationRow.select(
        ApplicationRow.id, ApplicationRow.company, ApplicationRow.role, ApplicationRow.status,
        ApplicationRow.notes, ApplicationRow.created_at,
    ).where(ApplicationRow.deleted_at.is_null()).order_by(ApplicationRow.id).tuples())
    people: dict[int, list[Person]] = defaultdict(list)
    by_id: dict[int, Person] = {}
    for pid, aid, name, title, email, linkedin, salutation in PersonRow.select(
            PersonRow.id, PersonRow.application, PersonRow.name, PersonRow.title,
            PersonRow.email, PersonRow.linkedin, PersonRow.salutation,
    ).order_by(PersonRow.id).tuples():
        by_id[pid] = Person(pid, name, title, email, linkedin, salutation)
        people[aid].append(by_id[pid])
    points: dict[int, list[str]] = defaultdict(list)
    for part_id, text in TalkingPointRow.select(TalkingPointRow.participant, TalkingPointRow.text
                                                ).order_by(TalkingPointRow.participant,
                                                           TalkingPointRow.position).tuples():
        points[part_id].append(text)
    parts: dict[int, list[Participant]] = defaultdict(list)
    for part_id, iid, pid, main in ParticipantRow.select(
            ParticipantRow.id, ParticipantRow.interview, ParticipantRow.person,
            ParticipantRow.main_contact,
    ).order_by(ParticipantRow.interview, ParticipantRow.position).tuples():
        parts[iid].append(Participant(by_id[pid], bool(main), tuple(points.get(part_id, ()))))
    promises: dict[int, list[Promise]] = defaultdict(list)
    for mid, iid, pid, what in PromiseRow.select(PromiseRow.id, PromiseRow.interview,
                                                 PromiseRow.person, PromiseRow.what
                                                 ).order_by(PromiseRow.id).tuples():
        promises[iid].append(Promise(mid, pid, what))
    interviews: dict[int, list[Interview]] = defaultdict(list)
    for iid, aid, start, dur, fmt, tone, decision, notes, refl, uid in InterviewRow.select(
            InterviewRow.id, InterviewRow.application, InterviewRow.start,
            InterviewRow.duration_minutes, InterviewRow.format, InterviewRow.tone,
            InterviewRow.decision_by, InterviewRow.notes, InterviewRow.reflection,
            InterviewRow.uid,
    ).order_by(InterviewRow.start, InterviewRow.id).tuples():
        interviews[aid].append(Interview(iid, start, dur, Format(fmt), Tone(tone), decision,
                                         notes, refl, tuple(parts.get(iid, ())),
                                         tuple(promises.get(iid, ())), uid))
    events: dict[int, list[Event]] = defaultdict(list)
    for eid, aid, kind, at in EventRow.select(EventRow.id, EventRow.application, EventRow.kind,
                                              EventRow.at).order_by(EventRow.at,
                                                                    EventRow.id).tuples():
        events[aid].append(Event(eid, EventKind(kind), at))
    messages: dict[int, list[Message]] = defaultdict(list)
    for mid, aid, kind, pid, to, sent, subj, body in MessageRow.select(
            MessageRow.id, MessageRow.application, MessageRow.kind, MessageRow.person,
            MessageRow.to, MessageRow.sent_at, MessageRow.subject, MessageRow.body,
    ).order_by(MessageRow.sent_at, MessageRow.id).tuples():
        messages[aid].append(Message(mid, Kind(kind), pid, sent, to, subj, body))
    return [Application(aid, company, role, Status(status), notes, tuple(people[aid]),
                        tuple(interviews[aid]), tuple(events[aid]), tuple(messages[aid]),
                        created)
            for aid, company, role, status, notes, created in apps]


def reference_json(windows: list[FollowupWindow]) -> str:
    return json.dumps(cli.window_dicts(windows), ensure_ascii=False, indent=1)


def same_records(a: object, b: object) -> bool:
    """Equal, and equal in every type too (``repr`` shows a str where a datetime was)."""
    return a == b and repr(a) == repr(b)


@pytest.fixture(params=["demo", "generated"])
def ctx(request, tmp_path):
    context = AppContext.open(Paths.for_data_dir(tmp_path), clock=fixed_clock(NOW))
    try:
        if request.param == "demo":
            fill_demo(context.store, NOW, "America/New_York")
        else:
            context.store.import_document(generated_specs(300, NOW, seed=11),
                                          {"timezone": "Europe/Berlin"})
            apps = context.store.load_applications()
            # a few states of every sort, and a deleted application, so nothing is trivial
            context.store.delete_application(apps[3].id)
            windows = context.agenda()
            context.store.snooze(windows[0].application_id, windows[0].key,
                                 NOW + dt.timedelta(hours=5))
            context.store.update_states(windows[1].application_id, [windows[1].key],
                                        skipped_at=NOW)
            context.store.mark_notified([(w.application_id, w.key) for w in windows[2:9]],
                                        NOW)
        yield context
    finally:
        context.close()


def test_raw_reading_gives_the_records_peewee_gives(ctx):
    # rows written out of position order: the reading must still order them by position
    first = ParticipantRow.select().order_by(ParticipantRow.id).first()
    TalkingPointRow.create(participant=first.id, text="said first, written last", position=-1)
    iv = InterviewRow.get_by_id(first.interview_id)
    late = PersonRow.create(application=iv.application_id, name="Late Comer")
    ParticipantRow.create(interview=iv.id, person=late.id, position=-1)
    apps = ctx.store.load_applications()
    assert any(p.person.name == "Late Comer" and i.participants[0] is p
               for a in apps for i in a.interviews for p in i.participants)
    assert any(p.talking_points[:1] == ("said first, written last",)
               for a in apps for i in a.interviews for p in i.participants)
    assert apps and any(a.interviews for a in apps)
    assert same_records(apps, reference_applications())
    some = [a.id for a in apps[::3]]
    assert same_records(ctx.store.load_applications(some),
                        [a for a in reference_applications() if a.id in some])


@pytest.mark.parametrize("batch", [1, 7, 500, None])
def test_reading_in_batches_gives_the_same_records_and_agenda(ctx, batch):
    """The window reads and plans a batch at a time (``AppContext.batch``); records, plan
    and what ``survey`` hands each visitor are those of the one full read."""
    from followup_desktop.schedule import plan

    apps = ctx.store.load_applications()
    if batch is not None:
        assert same_records(list(ctx.store.iter_applications(batch)), apps)
    expected = plan(apps, ctx.settings(), ctx.tz(), NOW, ctx.store.states())
    ctx.batch = batch
    seen = []
    got = ctx.survey(NOW, lambda app, windows: seen.append((app, windows)))
    assert got == expected
    assert [app for app, _ in seen] == apps
    assert sorted((w for _, ws in seen for w in ws), key=lambda w: w.key) == \
        sorted(expected, key=lambda w: w.key)
    assert all(w.application_id == app.id for app, ws in seen for w in ws)
    assert ctx.agenda(NOW) is got  # the survey is the agenda at that moment


def test_raw_states_are_the_states_peewee_gives(ctx):
    ctx.agenda()
    ctx.store.snooze(1, "k-snoozed", NOW + dt.timedelta(hours=1))
    expected = {key: (n, s, c, sk, d, e) for key, n, s, c, sk, d, e in FollowupStateRow.select(
        FollowupStateRow.key, FollowupStateRow.notified_at, FollowupStateRow.snoozed_until,
        FollowupStateRow.snooze_count, FollowupStateRow.skipped_at,
        FollowupStateRow.drafted_at, FollowupStateRow.exported_at).tuples()}
    got = {k: (s.notified_at, s.snoozed_until, s.snooze_count, s.skipped_at, s.drafted_at,
               s.exported_at) for k, s in ctx.store.states().items()}
    assert len(got) >= 2 and same_records(got, expected)


@pytest.mark.parametrize("at", MOMENTS)
def test_agenda_json_text_is_byte_identical_to_json_dumps(ctx, at):
    windows = ctx.agenda(at)
    assert windows
    assert cli.windows_json_text(windows) == reference_json(windows)
    for per_chunk in (1, 3, len(windows) - 1, len(windows)):
        assert "".join(cli.windows_json_chunks(windows, per_chunk)) == reference_json(windows)


def test_agenda_json_text_edge_cases():
    assert cli.windows_json_text([]) == reference_json([]) == "[]"
    berlin = ZoneInfo("Europe/Berlin")
    odd = [
        FollowupWindow("k1", Kind.THANK_YOU, 1, 'Café "Ünïcode" \\ \n\t\x00 \u2028 😀', "Rôle/\x7f",
               dt.datetime(2026, 3, 29, 1, 30, 59, 999999, tzinfo=berlin), None,
               WindowState.SNOOZED, to="a@b.example", recipient="Zoë O'Neil"),
        FollowupWindow("k2", Kind.DEBRIEF, 2, "", "", dt.datetime(999, 12, 31, 23, 0, tzinfo=UTC),
               dt.datetime(5, 1, 1, tzinfo=UTC), WindowState.OVERDUE),
        FollowupWindow("k3", Kind.CHECK_IN_2, 3, "X", "Y",
               dt.datetime(2026, 10, 25, 2, 30, fold=1, tzinfo=berlin),
               dt.datetime(2026, 10, 25, 2, 30, fold=0, tzinfo=berlin), WindowState.OPEN),
        FollowupWindow("k4", Kind.STAY_IN_TOUCH, 3, "X", "Y",
               dt.datetime(2026, 10, 25, 0, 30, tzinfo=UTC),  # the same instant as k3's
               dt.datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC), WindowState.UPCOMING),
    ]
    assert cli.windows_json_text(odd) == reference_json(odd)


def test_the_command_prints_the_reference_text(tmp_path, capsys):
    paths = Paths.for_data_dir(tmp_path)
    context = AppContext.open(paths, clock=fixed_clock(NOW))
    try:
        fill_demo(context.store, NOW, "America/New_York")
        expected = reference_json(context.agenda(NOW))
    finally:
        context.close()
    assert cli.main(["--data-dir", str(tmp_path), "agenda", "--json", "--at",
                     NOW.isoformat()]) == 0
    assert capsys.readouterr().out == expected + "\n"

