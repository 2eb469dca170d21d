"""The interview table model: model tests, in-place updates, sort, the search."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QPersistentModelIndex, Qt

from followup_desktop.records import Kind, Status, WindowState
from followup_desktop.ui.table_model import (
    _HEADERS,
    COL_COMPANY,
    COL_NEXT,
    COL_STATUS,
    DebriefRole,
    IdRole,
    InterviewTableModel,
    SortRole,
    next_window,
    row_for,
)
from tests.helpers.window import NOW


def next_windows(agenda):  # type: ignore[no-untyped-def]
    """The reference: each application's next window, picked from the whole agenda."""
    ids = {w.application_id for w in agenda}
    return {i: next_window(w for w in agenda if w.application_id == i) for i in ids}


def _rows(ctx):  # type: ignore[no-untyped-def]
    """As the window makes them: one row per application while the plan streams past."""
    rows = []
    ctx.survey(NOW, lambda app, windows: rows.append(
        row_for(app, windows, ctx.settings(), NOW, ctx.tz())))
    return rows


@pytest.fixture
def model(demo_ctx, qapp):  # type: ignore[no-untyped-def]
    m = InterviewTableModel()
    m.set_rows(_rows(demo_ctx))
    return m


def test_rows_made_while_streaming_match_rows_made_from_the_whole_plan(demo_ctx) -> None:  # type: ignore[no-untyped-def]
    """A row sees only its own application's windows; the next follow-up it picks is the
    one the whole agenda's index (next_windows) picks."""
    from followup_desktop.schedule import effective_status
    from followup_desktop.ui.table_model import build_row

    agenda = demo_ctx.agenda(NOW)
    nexts = next_windows(agenda)
    from followup_desktop.schedule.reasons import plan_reason

    whole = [build_row(app, effective_status(app, demo_ctx.settings(), NOW, demo_ctx.tz()),
                       nexts.get(app.id), NOW, demo_ctx.tz(),
                       plan_reason(app, [w for w in agenda if w.application_id == app.id],
                                   demo_ctx.settings(), demo_ctx.tz(), NOW))
             for app in demo_ctx.applications()]
    assert _rows(demo_ctx) == whole
    assert demo_ctx.survey(NOW) == agenda  # the same agenda, however it is asked for


def test_source_model_passes_qtmodeltester(qtmodeltester, model) -> None:  # type: ignore[no-untyped-def]
    assert model.rowCount() >= 10
    qtmodeltester.check(model, force_py=True)


def test_model_passes_qtmodeltester_filtered_and_sorted(qtmodeltester, model) -> None:  # type: ignore[no-untyped-def]
    model.sort(COL_COMPANY, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(model, force_py=True)
    model.set_query("engineer")
    assert 0 < model.rowCount() < model.total()
    qtmodeltester.check(model, force_py=True)


def test_headers_and_roles(model, demo_ctx) -> None:  # type: ignore[no-untyped-def]
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(len(_HEADERS))] == \
        list(_HEADERS)
    app = demo_ctx.applications()[0]
    r = model.row_of(app.id)
    ix = model.index(r, COL_COMPANY)
    assert model.data(ix, IdRole) == app.id
    assert model.data(ix) == app.company
    assert model.data(ix, SortRole) == app.company.casefold()


def test_next_follow_up_is_phrased_and_overdue_in_warning_colour(model, demo_ctx) -> None:  # type: ignore[no-untyped-def]
    agenda = demo_ctx.agenda()
    overdue = [w for w in agenda if w.state is WindowState.OVERDUE and w.kind is not Kind.DEBRIEF]
    assert overdue, "the demo data has an overdue message"
    w = next_windows(agenda)[overdue[0].application_id]
    r = model.row_of(w.application_id)
    text = model.data(model.index(r, COL_NEXT))
    assert "overdue by" in text and text.startswith(w.kind.label)
    brush = model.data(model.index(r, COL_NEXT), Qt.ItemDataRole.ForegroundRole)
    assert brush is not None
    normal = [row for row in model.rows() if not row.overdue and row.cells[COL_NEXT]]
    assert model.data(model.index(model.row_of(normal[0].app_id), COL_NEXT),
                      Qt.ItemDataRole.ForegroundRole) is None


def test_one_changed_row_is_updated_in_place(qtbot, model) -> None:  # type: ignore[no-untyped-def]
    rows = list(model.rows())
    target = rows[3]
    changed = target._replace(cells=(*target.cells[:COL_STATUS], "Offer", target.cells[-1]),
                              status=Status.OFFER)
    rows[3] = changed
    resets, removed, inserted, seen = [], [], [], []
    model.modelReset.connect(lambda: resets.append(1))
    model.rowsRemoved.connect(lambda *a: removed.append(a))
    model.rowsInserted.connect(lambda *a: inserted.append(a))
    model.dataChanged.connect(lambda tl, br, roles=(): seen.append((tl.row(), br.row())))
    model.set_rows(rows)
    assert seen == [(3, 3)]
    assert not resets and not removed and not inserted
    assert model.data(model.index(3, COL_STATUS)) == "Offer"


def test_removals_and_additions_use_row_signals(model) -> None:  # type: ignore[no-untyped-def]
    rows = list(model.rows())
    gone = rows[2]
    extra = rows[0]._replace(app_id=99999, cells=("Zeta", *rows[0].cells[1:]))
    keep = [r for r in rows if r is not gone] + [extra]
    resets, removed, inserted = [], [], []
    model.modelReset.connect(lambda: resets.append(1))
    model.rowsRemoved.connect(lambda _p, a, b: removed.append((a, b)))
    model.rowsInserted.connect(lambda _p, a, b: inserted.append((a, b)))
    model.set_rows(keep)
    assert removed == [(2, 2)]
    assert inserted == [(len(rows) - 1, len(rows) - 1)]
    assert not resets
    assert model.row_of(gone.app_id) == -1
    assert model.data(model.index(model.row_of(99999), COL_COMPANY)) == "Zeta"


def test_sort_moves_rows_and_keeps_persistent_indexes(model) -> None:  # type: ignore[no-untyped-def]
    some = model.rows()[4].app_id
    pix = QPersistentModelIndex(model.index(model.row_of(some), COL_COMPANY))
    model.sort(COL_COMPANY, Qt.SortOrder.AscendingOrder)
    names = [r.cells[COL_COMPANY].casefold() for r in model.rows()]
    assert names == sorted(names)
    assert pix.row() == model.row_of(some)
    model.sort(COL_COMPANY, Qt.SortOrder.DescendingOrder)
    assert [r.cells[COL_COMPANY].casefold() for r in model.rows()] == sorted(names, reverse=True)
    assert model.data(model.index(pix.row(), COL_COMPANY), IdRole) == some


def test_a_sort_of_rows_already_in_that_order_sorts_nothing(model, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    model.sort(COL_COMPANY, Qt.SortOrder.AscendingOrder)
    import followup_desktop.ui.table_model as table_model

    keys: list[int] = []
    real = table_model.in_order
    monkeypatch.setattr(table_model, "in_order",
                        lambda rows, col, rev=False: keys.append(col) or real(rows, col, rev))
    model.sort(COL_COMPANY, Qt.SortOrder.AscendingOrder)  # a start asks again and again
    assert keys == []
    first = model.rows()[0]
    cells = list(first.cells)
    cells[COL_COMPANY] = "\uffff" + cells[COL_COMPANY]
    renamed = first._replace(cells=tuple(cells))
    model.set_rows([renamed, *model.rows()[1:]])  # a row changed: sorted again, to the end
    assert keys and model.rows()[-1].app_id == first.app_id


def test_filter_matches_company_role_people_and_notes(model, demo_ctx) -> None:  # type: ignore[no-untyped-def]
    app = next(a for a in demo_ctx.applications() if a.notes and a.people)
    person = app.people[-1].name.split()[-1]
    note_word = max(app.notes.split(), key=len).strip(".,").upper()
    for query in (app.company.lower(), person, note_word, f"{app.company.split()[0]} {person}"):
        model.set_query(query)
        ids = {model.data(model.index(r, 0), IdRole) for r in range(model.rowCount())}
        assert app.id in ids, query
    model.set_query("no-such-text-anywhere")
    assert model.rowCount() == 0
    model.set_query("")
    assert model.rowCount() == model.total()


@pytest.mark.parametrize(("query", "found"), [
    ("tomas", "Tomás Herrera"), ("TOMÁS", "Tomás Herrera"), ("herrera", "Tomás Herrera"),
    ("tomás", "Tomás Herrera"),
])
def test_search_ignores_accents_and_case(model, demo_ctx, query, found) -> None:  # type: ignore[no-untyped-def]
    model.set_query(query)
    shown = {model.data(model.index(r, 3)) for r in range(model.rowCount())}
    assert model.rowCount() >= 1 and all(found in people for people in shown), shown


def test_search_finds_talking_points_and_debrief_notes(model, demo_ctx) -> None:  # type: ignore[no-untyped-def]
    app = next(a for a in demo_ctx.applications()
               if any(p.talking_points for iv in a.interviews for p in iv.participants))
    point = next(p.talking_points[0] for iv in app.interviews for p in iv.participants
                 if p.talking_points)
    word = max(point.split(), key=len).strip(".,;").upper()
    model.set_query(word)
    ids = {model.data(model.index(r, 0), IdRole) for r in range(model.rowCount())}
    assert app.id in ids, word


def test_debrief_invitation(model, demo_ctx) -> None:  # type: ignore[no-untyped-def]
    from followup_desktop.ui.table_model import invites_debrief

    for app in demo_ctx.applications():
        r = model.row_of(app.id)
        assert model.data(model.index(r, 0), DebriefRole) == invites_debrief(app, NOW)
    assert any(row.debrief for row in model.rows())


def test_each_rows_next_follow_up_is_the_first_the_agenda_lists_for_it(demo_ctx) -> None:  # type: ignore[no-untyped-def]
    """The row (and a click on it) picks what the agenda lists first for the application
    (schedule.groups' order: Northwind's thank-you before its materials, both due at the
    same time), its debrief only when nothing else is pending."""
    from followup_desktop.schedule.groups import agenda_order

    now = demo_ctx.now()
    order = agenda_order(demo_ctx.agenda(now), now, demo_ctx.tz())
    nexts = next_windows(demo_ctx.agenda(now))
    for app_id, chosen in nexts.items():
        own = [w for w in order if w.application_id == app_id]
        messages = [w for w in own if w.kind is not Kind.DEBRIEF]
        assert chosen is not None and chosen.key == (messages or own)[0].key
    northwind = next(a.id for a in demo_ctx.applications() if a.company == "Northwind Analytics")
    assert nexts[northwind].kind is Kind.THANK_YOU


def _shown_ids(model) -> list[int]:  # type: ignore[no-untyped-def]
    return [model.data(model.index(r, 0), IdRole) for r in range(model.rowCount())]


def _reference(model, query: str) -> list[int]:  # type: ignore[no-untyped-def]
    """Every row (in order) whose haystack holds every folded word of ``query``."""
    from followup_desktop.search import query_words

    words = query_words(query)
    return [r.app_id for r in model.rows() if all(w in r.haystack for w in words)]


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.text(alphabet="aeinorst ÉéTtNn", max_size=6), min_size=1, max_size=8))
def test_typing_and_erasing_shows_exactly_the_matching_rows(model, typed: list[str]) -> None:  # type: ignore[no-untyped-def]
    """A query that narrows the last one tests only the rows shown; one that widens it
    tests them all. Either way the table shows what a fresh search would, in order."""
    model.sort(COL_COMPANY, Qt.SortOrder.AscendingOrder)
    text = ""
    for piece in typed:
        text = text + piece if len(text) < 8 else piece  # type on, or start again
        model.set_query(text)
        assert _shown_ids(model) == _reference(model, text), text
        assert all(model.row_of(i) == r for r, i in enumerate(_shown_ids(model)))
    model.set_query("")
    assert model.rowCount() == model.total()


def test_the_selection_follows_its_row_through_a_search_and_goes_when_it_is_hidden(model) -> None:  # type: ignore[no-untyped-def]
    model.sort(COL_COMPANY, Qt.SortOrder.AscendingOrder)
    last = model.rows()[-1]
    pix = QPersistentModelIndex(model.index(model.row_of(last.app_id), COL_COMPANY))
    word = last.cells[COL_COMPANY].split()[0].lower()
    model.set_query(word)
    assert 0 < model.rowCount() < model.total()
    assert pix.isValid() and model.data(model.index(pix.row(), 0), IdRole) == last.app_id
    model.set_query("no-such-text-anywhere")
    assert not pix.isValid()
    model.set_query("")
    assert model.row_of(last.app_id) == model.total() - 1


def test_a_refresh_under_a_search_keeps_it(model) -> None:  # type: ignore[no-untyped-def]
    """Rows added, changed or removed while a search is typed: the table shows the rows of
    the new data that match, and a row no longer matching leaves it."""
    rows = list(model.rows())
    first = rows[0]
    word = first.cells[COL_COMPANY].split()[0].lower()
    model.set_query(word)
    renamed = first._replace(cells=("Zzz Other", *first.cells[1:]), haystack="zzz other")
    extra = first._replace(app_id=99999)
    model.set_rows([renamed, *rows[1:], extra])
    assert model.row_of(first.app_id) == -1 and model.row_for(first.app_id) == renamed
    assert _shown_ids(model) == _reference(model, word)
    assert 99999 in _shown_ids(model)
    model.set_query("")
    assert model.total() == len(rows) + 1


@given(st.lists(st.tuples(st.sampled_from(["Acme", "acme", "Beta", "Ábc", ""]),
                          st.sampled_from(["", "Analyst", "analyst"]),
                          st.floats(-1e9, 1e9, allow_nan=False),
                          st.tuples(st.integers(0, 9), st.floats(-1e9, 1e9, allow_nan=False)),
                          st.sampled_from(list(Status))), max_size=30),
       st.integers(0, 5), st.booleans())
def test_rows_are_ordered_as_one_sort_by_column_company_and_id(values, column, reverse) -> None:  # type: ignore[no-untyped-def]
    from followup_desktop.ui.table_model import Row, in_order

    rows = [Row(i, (company, role, "", "", "", ""), latest, rank, status, False, False, None,
                "") for i, (company, role, latest, rank, status) in enumerate(values)]
    one_sort = sorted(rows, key=lambda r: (r.sort_key(column), r.sort_key(COL_COMPANY),
                                           r.app_id), reverse=reverse)
    assert [r.app_id for r in in_order(rows, column, reverse)] == [r.app_id for r in one_sort]
