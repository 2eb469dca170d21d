"""Issue 17 item 7: readable at every size -- at 1024x640 company, role and the next
follow-up are in view without a horizontal scrollbar (the least important columns give
way; elided text has a tooltip); at 1920x1080 the side pane grows and the agenda's lines
are not cut; the window has a sensible minimum size."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from followup_desktop.ui.main_window.sizing import MIN_WINDOW, column_widths, side_width
from followup_desktop.ui.table_model import (
    COL_COMPANY,
    COL_NEXT,
    COL_PEOPLE,
    COL_ROLE,
)
from tests.helpers.window import activate

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints",
                                       "This plugin does not support")


def _sized(qtbot, make_window, demo_ctx, w_px: int, h_px: int):  # type: ignore[no-untyped-def]
    w = make_window(demo_ctx)
    w.resize(w_px, h_px)
    activate(qtbot, w)
    qtbot.waitUntil(lambda: w.width() == w_px and w.table.viewport().width() > 0)
    QApplication.processEvents()
    return w


def test_at_1024x640_company_role_and_next_follow_up_show_without_a_scrollbar(
        qtbot, make_window, demo_ctx):
    w = _sized(qtbot, make_window, demo_ctx, 1024, 640)
    table = w.table
    assert not table.horizontalScrollBar().isVisible()
    viewport = table.viewport().width()
    for col in (COL_COMPANY, COL_ROLE, COL_NEXT):
        assert not table.isColumnHidden(col)
        x = table.columnViewportPosition(col)
        assert x >= 0 and x + 40 <= viewport, (col, x, viewport)  # in view, not scrolled off
    assert table.isColumnHidden(COL_PEOPLE)  # the least important gave way
    # an elided cell says its whole text when hovered
    model = table.model()
    for r in range(model.rowCount()):
        ix = model.index(r, COL_NEXT)
        text = model.data(ix, Qt.ItemDataRole.DisplayRole)
        if text:
            assert model.data(ix, Qt.ItemDataRole.ToolTipRole).startswith(text)
        company = model.index(r, COL_COMPANY)
        assert model.data(company, Qt.ItemDataRole.DisplayRole) in \
            model.data(company, Qt.ItemDataRole.ToolTipRole)


def test_at_1920x1080_the_side_pane_grows_and_agenda_lines_are_not_cut(
        qtbot, make_window, demo_ctx):
    small = _sized(qtbot, make_window, demo_ctx, 1280, 800)
    small_side = small.calendar_pane.width()
    small.close()
    w = _sized(qtbot, make_window, demo_ctx, 1920, 1080)
    assert w.calendar_pane.width() > small_side + 100
    assert not w.table.isColumnHidden(COL_PEOPLE)
    view = w.calendar_pane.agenda_view
    view.expandAll()
    fm = view.fontMetrics()
    model = view.model()
    cut = []

    def walk(parent, depth):  # type: ignore[no-untyped-def]
        for r in range(model.rowCount(parent)):
            ix = model.index(r, 0, parent)
            rect = view.visualRect(ix)
            text = model.data(ix, Qt.ItemDataRole.DisplayRole) or ""
            if rect.isValid() and fm.horizontalAdvance(text) + 24 > rect.width():
                cut.append(text)
            walk(ix, depth + 1)

    from PySide6.QtCore import QModelIndex

    walk(QModelIndex(), 0)
    assert not cut, cut


def test_the_window_has_a_sensible_minimum_size(make_window, demo_ctx):
    w = make_window(demo_ctx)
    assert (w.minimumWidth(), w.minimumHeight()) == MIN_WINDOW
    assert 800 <= MIN_WINDOW[0] <= 1024 and 500 <= MIN_WINDOW[1] <= 640


@pytest.mark.parametrize("width", [400, 520, 700, 900, 1400])
def test_column_widths_fit_and_keep_the_three_that_matter(width):
    widths = column_widths(width)
    assert {COL_COMPANY, COL_ROLE, COL_NEXT} <= set(widths)
    if width >= 420:
        assert sum(widths.values()) <= width


def test_side_width_grows_within_bounds():
    assert side_width(1024) < side_width(1920) <= 620
    assert side_width(800) >= 330
