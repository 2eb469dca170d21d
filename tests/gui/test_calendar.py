"""Calendar marks, the chosen day's items and the agenda groups, for a known data set."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QDate

from followup_desktop.records import (
    ApplicationSpec,
    Format,
    InterviewSpec,
    PersonSpec,
    WindowState,
)
from followup_desktop.schedule.agenda import Agenda
from followup_desktop.ui.calendar_pane import (
    DUE,
    G_LATER,
    G_OPEN,
    G_OVERDUE,
    G_TODAY,
    G_WEEK,
    INTERVIEW,
    OPENS,
    AgendaModel,
    CalendarPane,
    TargetRole,
    day_items,
    day_marks,
    group_agenda,
    interview_days,
    meetings_on,
)
from tests.helpers.strategies import planned
from tests.helpers.window import NOW

UTC = dt.UTC


@pytest.fixture
def known_ctx(open_ctx):  # type: ignore[no-untyped-def]
    """NOW is Wed 4 March 2026 15:00 UTC; the profile is in UTC so days are plain."""
    from followup_desktop.records import Profile

    ctx = open_ctx()
    ctx.store.save_profile(Profile(name="Ada Park", email="ada@example.org", timezone="UTC"))
    dana = PersonSpec("Dana Whitfield", email="dana@example.com", main_contact=True)
    ctx.store.add_application(ApplicationSpec(
        company="Northwind", role="Data Engineer",
        interviews=(InterviewSpec(start=dt.datetime(2026, 3, 2, 14, 0, tzinfo=UTC),
                                  duration_minutes=60, format=Format.VIDEO,
                                  interviewers=(dana,)),)))
    ctx.store.add_application(ApplicationSpec(
        company="Lumen", role="Designer",
        interviews=(InterviewSpec(start=dt.datetime(2026, 3, 9, 10, 0, tzinfo=UTC),
                                  interviewers=(PersonSpec("Jonah Patel",
                                                           email="jonah@example.com"),)),)))
    return ctx


def _pane(qtbot, ctx) -> CalendarPane:  # type: ignore[no-untyped-def]
    pane = CalendarPane(ctx)
    qtbot.addWidget(pane)
    days = set().union(*(interview_days(app, ctx.tz()) for app in ctx.applications()))
    pane.set_data(days, ctx.agenda(), NOW, ctx.tz())
    return pane


def test_marks_for_a_known_data_set(qtbot, known_ctx) -> None:  # type: ignore[no-untyped-def]
    pane = _pane(qtbot, known_ctx)
    cal = pane.calendar
    # Round ended 2 March 15:00: debrief + thank-you open that day, debrief due 18:00 that day
    assert cal.mark(dt.date(2026, 3, 2)) == INTERVIEW | OPENS | DUE
    # the thank-you is due 24 h after the end
    assert cal.mark(dt.date(2026, 3, 3)) & DUE
    assert not cal.mark(dt.date(2026, 3, 3)) & INTERVIEW
    # check-in #1 with no stated date opens end + 7 days (Monday 9 March, a working day)
    assert cal.mark(dt.date(2026, 3, 9)) & OPENS
    # the second application's round on 9 March is an interview mark
    assert cal.mark(dt.date(2026, 3, 9)) & INTERVIEW
    # a quiet day has no mark
    assert cal.mark(dt.date(2026, 3, 5)) == 0
    # the calendar starts on today (the injected clock's)
    assert pane.selected_day() == dt.date(2026, 3, 4)


def test_selecting_a_day_lists_its_items(qtbot, known_ctx) -> None:  # type: ignore[no-untyped-def]
    pane = _pane(qtbot, known_ctx)
    pane.calendar.setSelectedDate(QDate(2026, 3, 2))
    texts = [pane.day_list.item(i).text() for i in range(pane.day_list.count())]
    assert texts[0].startswith("14:00  Interview · Northwind")
    assert any("Thank-you opens · Northwind · Dana Whitfield" in t for t in texts)
    assert any("Debrief due" in t for t in texts)
    chosen: list[object] = []
    pane.application_chosen.connect(lambda i: chosen.append(("app", i)))
    pane.followup_chosen.connect(lambda k: chosen.append(("key", k)))
    pane.day_list.itemClicked.emit(pane.day_list.item(0))
    app_id = next(a.id for a in known_ctx.applications() if a.company == "Northwind")
    assert chosen == [("app", app_id)]
    thank = next(pane.day_list.item(i) for i in range(pane.day_list.count())
                 if "Thank-you opens" in pane.day_list.item(i).text())
    pane.day_list.itemClicked.emit(thank)
    assert chosen[-1][0] == "key" and str(chosen[-1][1]).startswith("thank-you:")
    assert thank.data(TargetRole)[0] == "window"
    # each item has its mark's dot; the items of one mark share one icon (one pixmap
    # drawn a mark, not one an item: a busy day lists hundreds)
    icons = [pane.day_list.item(i).icon() for i in range(pane.day_list.count())]
    assert all(not icon.isNull() for icon in icons)
    kinds = {"Interview" if " Interview · " in t else "opens" if " opens · " in t else "due"
             for t in texts}
    assert len(kinds) < len(icons)
    assert len({icon.cacheKey() for icon in icons}) == len(kinds)
    pane.calendar.setSelectedDate(QDate(2026, 3, 5))
    assert pane.day_list.count() == 1 and "Nothing planned" in pane.day_list.item(0).text()


def test_agenda_groups_with_counts(qtbot, known_ctx) -> None:  # type: ignore[no-untyped-def]
    pane = _pane(qtbot, known_ctx)
    m = pane.agenda_model
    groups = m.groups()
    kinds = {g: sorted(w.kind.value for w in groups[g]) for g in range(5)}
    # debrief (due 2 March 18:00) and thank-you (due 3 March 15:00) are overdue at NOW
    assert kinds[G_OVERDUE] == ["debrief", "thank-you"]
    assert kinds[G_OPEN] == kinds[G_TODAY] == []
    # the check-in opens Monday 9 March: next week (this one ends on Sunday), so Later
    assert "check-in-1" in kinds[G_LATER] and "check-in-1" not in kinds[G_WEEK]
    assert all(w.state is WindowState.UPCOMING for w in groups[G_LATER])
    titles = [m.data(m.index(g, 0)) for g in range(5)]
    assert titles[0] == "Overdue (2)"
    assert titles[1] == "Open now (0)"
    assert titles[2] == "Later today (0)"
    assert titles[3].startswith("This week (")


def test_agenda_model_passes_qtmodeltester(qapp, qtmodeltester, known_ctx) -> None:  # type: ignore[no-untyped-def]
    model = AgendaModel()
    model.set_agenda(known_ctx.agenda(), NOW, known_ctx.tz())
    assert model.rowCount(model.index(G_OVERDUE, 0)) == 2
    qtmodeltester.check(model, force_py=True)


def test_clicking_an_agenda_item_chooses_its_followup(qtbot, known_ctx) -> None:  # type: ignore[no-untyped-def]
    pane = _pane(qtbot, known_ctx)
    m = pane.agenda_model
    ix = m.index(0, 0, m.index(G_OVERDUE, 0))
    with qtbot.waitSignal(pane.followup_chosen) as blocker:
        pane.agenda_view.clicked.emit(ix)
    assert blocker.args == [m.window_at(ix).key]


def test_agenda_groups_are_capped_with_a_more_row(qapp, qtmodeltester, known_ctx,  # type: ignore[no-untyped-def]
                                                  monkeypatch) -> None:
    from followup_desktop.ui import calendar_pane

    monkeypatch.setattr(calendar_pane, "GROUP_LIMIT", 1)
    model = AgendaModel()
    model.set_agenda(known_ctx.agenda(), NOW, known_ctx.tz())
    overdue = model.index(G_OVERDUE, 0)
    assert model.data(overdue) == "Overdue (2)"
    assert model.rowCount(overdue) == 2  # one window + "… and 1 more"
    more = model.index(1, 0, overdue)
    assert model.data(more).startswith("… and 1 more")
    assert model.window_at(more) is None
    qtmodeltester.check(model, force_py=True)


@pytest.mark.parametrize("zone", ["Pacific/Auckland", "Pacific/Honolulu", "Europe/London"])
def test_a_days_interviews_are_read_for_its_local_day(tmp_path, zone) -> None:  # type: ignore[no-untyped-def]
    """The day list reads its rounds from the store: a round just after local midnight
    (or just before it) belongs to its local day, whatever day it is in UTC."""
    from zoneinfo import ZoneInfo

    from followup_desktop.context import AppContext
    from followup_desktop.paths import Paths
    from followup_desktop.records import ApplicationSpec, InterviewSpec

    tz = ZoneInfo(zone)
    ctx = AppContext.open(Paths.for_data_dir(tmp_path / "d"))
    early = dt.datetime(2026, 3, 29, 0, 30, tzinfo=tz)  # the day the UK's clocks go forward
    late = dt.datetime(2026, 3, 29, 23, 30, tzinfo=tz)
    ctx.store.add_application(ApplicationSpec(company="Early", role="R", interviews=(
        InterviewSpec(start=early.astimezone(UTC)), InterviewSpec(start=late.astimezone(UTC)))))
    gone = ctx.store.add_application(ApplicationSpec(company="Gone", role="R", interviews=(
        InterviewSpec(start=early.astimezone(UTC)),)))
    ctx.store.delete_application(gone)
    day = dt.date(2026, 3, 29)
    got = meetings_on(ctx.store, day, tz)
    assert [(m.start, m.company) for m in got] == [(early, "Early"), (late, "Early")]
    assert meetings_on(ctx.store, day - dt.timedelta(days=1), tz) == []
    assert meetings_on(ctx.store, day + dt.timedelta(days=1), tz) == []
    [app] = ctx.applications()
    assert interview_days(app, tz) == {day}
    ctx.close()


# -- the pane reads a packed agenda's columns: the same answers as window by window ---------


def _group_of(w, now, tz):  # type: ignore[no-untyped-def]
    """The groups' rule, window by window (the specification the columns must match):
    open is always Open now; upcoming and snoozed by their next moment's local day, the
    week ending before the locale's first weekday (Monday here, offscreen's C locale)."""
    if w.state is WindowState.OVERDUE:
        return G_OVERDUE
    if w.state is WindowState.OPEN:
        return G_OPEN
    when = w.opens_at if w.state is WindowState.UPCOMING else (w.snoozed_until or w.opens_at)
    today, day = now.astimezone(tz).date(), when.astimezone(tz).date()
    end = today + dt.timedelta(days=(7 - today.weekday()) or 7)
    return G_TODAY if day <= today else G_WEEK if day < end else G_LATER


def _order(w):  # type: ignore[no-untyped-def]
    from followup_desktop.schedule.groups import KIND_PRIORITY

    acting = w.state in (WindowState.OPEN, WindowState.OVERDUE)
    far = dt.datetime.max.replace(tzinfo=dt.UTC)
    moment = ((w.due_at or far) if acting else
              (w.snoozed_until or w.opens_at) if w.state is WindowState.SNOOZED
              else w.opens_at)
    return (not acting, moment, KIND_PRIORITY.get(w.kind, 99), w.opens_at, w.key)


@settings(max_examples=60, deadline=None)
@given(planned(), st.sampled_from([ZoneInfo(n) for n in (
    "America/New_York", "Europe/Berlin", "Australia/Lord_Howe", "Asia/Kolkata", "UTC",
    "Pacific/Kiritimati", "Pacific/Pago_Pago", "America/Sitka")]),
       st.integers(-96, 96))
def test_marks_groups_and_day_items_read_from_columns_match_window_by_window(
        p, tz, hours) -> None:  # type: ignore[no-untyped-def]
    ws, now, _ = p
    now += dt.timedelta(hours=hours)
    packed = Agenda(ws)
    marks: dict[dt.date, int] = {}
    for w in ws:
        marks[w.opens_at.astimezone(tz).date()] = marks.get(w.opens_at.astimezone(tz).date(),
                                                            0) | OPENS
        if w.due_at is not None:
            d = w.due_at.astimezone(tz).date()
            marks[d] = marks.get(d, 0) | DUE
    assert day_marks((), packed, tz) == day_marks((), ws, tz) == marks

    groups: list[list] = [[], [], [], [], []]  # type: ignore[type-arg]
    for w in ws:
        groups[_group_of(w, now, tz)].append(w)
    for g in groups:
        g.sort(key=_order)
    assert [list(g) for g in group_agenda(packed, now, tz)] == groups

    for day in {w.opens_at.astimezone(tz).date() for w in ws[:5]}:
        expected = sorted((at, mark, ("window", w.key)) for w in ws
                          for at, mark in ((w.opens_at, OPENS), (w.due_at, DUE))
                          if at is not None and at.astimezone(tz).date() == day)
        got = day_items(day, [], packed, tz)
        assert sorted((at, mark, target) for at, _, mark, target in got) == expected
        assert [at for at, *_ in got] == sorted(at for at, *_ in got)
        assert all((" opens · " if mark == OPENS else " due · ") in text
                   for _, text, mark, _ in got)


def test_empty_groups_are_left_out_as_agenda_prints_them(qtbot, known_ctx) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QModelIndex

    pane = _pane(qtbot, known_ctx)
    counts = [len(g) for g in pane.agenda_model.groups()]
    hidden = [pane.agenda_view.isRowHidden(g, QModelIndex()) for g in range(len(counts))]
    assert counts[G_OVERDUE] and not counts[G_OPEN] and not counts[G_TODAY]
    assert hidden == [not c for c in counts]
    pane.set_data(set(), [], NOW, ZoneInfo("Europe/Berlin"))  # nothing at all: every heading
    assert not any(pane.agenda_view.isRowHidden(g, QModelIndex()) for g in range(len(counts)))


@pytest.mark.parametrize("packed", [True, False])
def test_select_key_highlights_each_listed_window(qtbot, known_ctx, packed) -> None:  # type: ignore[no-untyped-def]
    from followup_desktop.schedule.agenda import Agenda

    pane = _pane(qtbot, known_ctx)
    agenda = Agenda.of(known_ctx.agenda()) if packed else list(known_ctx.agenda())
    pane.set_data(set(), agenda, NOW, known_ctx.tz())
    m = pane.agenda_model
    listed = [m.index(r, 0, m.index(g, 0)) for g in range(m.rowCount())
              for r in range(m.rowCount(m.index(g, 0)))]
    assert listed
    for ix in listed:
        pane.select_key(m.window_at(ix).key)
        assert pane.agenda_view.currentIndex() == ix
    pane.select_key("no-such-key")  # not listed: the highlight stays
    assert pane.agenda_view.currentIndex() == listed[-1]
