"""Readable at every size: the table keeps company, role and the next follow-up in view
without a horizontal scrollbar (the columns that matter least give way first), and the
side pane (calendar and agenda) grows with the window so its lines are not cut.

``fit_columns(table, width)`` and ``side_width(total)`` are plain functions of sizes; the
window calls them when it or its table is resized.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QSplitter, QTableView

from followup_desktop.ui.table_model import (
    COL_COMPANY,
    COL_LATEST,
    COL_NEXT,
    COL_PEOPLE,
    COL_ROLE,
    COL_STATUS,
)

#: Columns in the order they matter: the first three always show; the rest give way
#: from the end when the table is narrow.
PRIORITY = (COL_COMPANY, COL_ROLE, COL_NEXT, COL_STATUS, COL_LATEST, COL_PEOPLE)
ALWAYS = frozenset({COL_COMPANY, COL_ROLE, COL_NEXT})
#: The narrowest each column may become (pixels, at the default font).
MIN_WIDTH = {COL_COMPANY: 120, COL_ROLE: 110, COL_NEXT: 190, COL_STATUS: 84,
             COL_LATEST: 130, COL_PEOPLE: 120}
#: What each column gets when there is room (the next follow-up stretches).
WANT_WIDTH = {COL_COMPANY: 160, COL_ROLE: 150, COL_NEXT: 260, COL_STATUS: 92,
              COL_LATEST: 140, COL_PEOPLE: 150}
SIDE_MIN, SIDE_MAX, SIDE_SHARE = 330, 620, 0.28
#: The window's smallest size: the table's three columns and the composer still fit.
MIN_WINDOW = (880, 560)


def visible_columns(width: int) -> list[int]:
    """The columns shown in a table ``width`` pixels wide, in priority order."""
    shown, used = [], 0
    for col in PRIORITY:
        need = MIN_WIDTH[col]
        if col in ALWAYS or used + need <= width:
            shown.append(col)
            used += need
    return shown


def column_widths(width: int) -> dict[int, int]:
    """Widths for the columns shown (their sum is at most ``width`` when the three that
    always show fit at all): the wanted width where there is room, else shared out from
    the wanted widths down to the minimums."""
    shown = visible_columns(width)
    want = sum(WANT_WIDTH[c] for c in shown)
    least = sum(MIN_WIDTH[c] for c in shown)
    if want <= width:
        return {c: WANT_WIDTH[c] for c in shown}
    if least >= width:
        return {c: MIN_WIDTH[c] for c in shown}
    share = (width - least) / (want - least)
    return {c: MIN_WIDTH[c] + int((WANT_WIDTH[c] - MIN_WIDTH[c]) * share) for c in shown}


def fit_columns(table: QTableView, width: int | None = None) -> None:
    """Hide what does not fit and size the rest; the last column (next follow-up)
    stretches to the table's edge."""
    width = table.viewport().width() if width is None else width
    if width <= 0:
        return
    widths = column_widths(width)
    model = table.model()
    count = model.columnCount() if model is not None else 0
    for col in range(count):
        hidden = col not in widths
        if table.isColumnHidden(col) != hidden:
            table.setColumnHidden(col, hidden)
    for col, w in widths.items():
        if col != COL_NEXT and table.columnWidth(col) != w:
            table.setColumnWidth(col, w)


def side_width(total: int) -> int:
    """The side pane's share of a window ``total`` pixels wide."""
    return max(SIDE_MIN, min(SIDE_MAX, int(total * SIDE_SHARE)))


class Fitter(QObject):
    """Refits when the table's viewport or the main splitter is resized; the side pane
    keeps its share until the user drags the splitter."""

    def __init__(self, table: QTableView, splitter: QSplitter) -> None:
        super().__init__(table)
        self.table, self.splitter = table, splitter
        self.user_sized = False
        table.viewport().installEventFilter(self)
        splitter.installEventFilter(self)
        splitter.splitterMoved.connect(self._moved)
        self._setting = False

    def _moved(self, *_: object) -> None:
        if not self._setting:
            self.user_sized = True

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's)
        if event.type() == QEvent.Type.Resize:
            if obj is self.splitter:
                self.fit_side()
            else:
                fit_columns(self.table)
        return False

    def chosen(self) -> bool:
        """The side pane's width is one the user chose (dragged, or set otherwise than
        its automatic share): the saved layout keeps it."""
        sizes = self.splitter.sizes()
        if self.user_sized or len(sizes) < 2:
            return self.user_sized
        total = self.splitter.width()
        return abs(sizes[1] - side_width(total)) > self.splitter.handleWidth() + 2

    def fit_side(self) -> None:
        total = self.splitter.width()
        if self.user_sized or total <= 0 or self.splitter.count() < 2:
            return
        side = side_width(total)
        handle = self.splitter.handleWidth()
        self._setting = True
        try:
            self.splitter.setSizes([max(1, total - side - handle), side])
        finally:
            self._setting = False
