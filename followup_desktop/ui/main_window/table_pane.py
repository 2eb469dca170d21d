"""The window's table pane: the "Interviews" title, the row count, the search field and
the interview table, with the selection by application id."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QSize, Qt
from PySide6.QtGui import QAction, QFont, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.ui.icons import icon
from followup_desktop.ui.pyside_fixes import own_viewport
from followup_desktop.ui.table_model import (
    COL_COMPANY,
    COL_LATEST,
    COL_NEXT,
    COL_PEOPLE,
    COL_ROLE,
    COL_STATUS,
    InterviewTableModel,
)

#: (column, width in pixels) at the first start; the saved layout keeps the user's
COLUMN_WIDTHS = ((COL_COMPANY, 160), (COL_ROLE, 150), (COL_LATEST, 140), (COL_PEOPLE, 140),
                 (COL_STATUS, 92), (COL_NEXT, 180))


class TablePane(QWidget):
    """The title row (title, count, search) above the table of ``model``'s rows."""

    def __init__(self, model: InterviewTableModel, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("tablePane")
        self.model = model
        title = self._build_title()
        self.count_label = QLabel(self)
        self.count_label.setForegroundRole(self.count_label.foregroundRole())
        self.count_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.search = self._build_search()
        self.table = self._build_table()
        self.no_match = self._build_no_match()

        head = QHBoxLayout()
        head.setContentsMargins(2, 0, 0, 0)
        head.setSpacing(10)
        head.addWidget(title)
        head.addWidget(self.count_label, 0, Qt.AlignmentFlag.AlignBaseline)
        head.addStretch(1)
        head.addWidget(self.search)

        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 4)
        lay.setSpacing(8)
        lay.addLayout(head)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.no_match, 1)

    def _build_title(self) -> QLabel:
        title = QLabel("Interviews", self)
        f = QFont(title.font())
        f.setPointSizeF(f.pointSizeF() * 1.25)
        f.setWeight(QFont.Weight.DemiBold)
        title.setFont(f)
        return title

    def _build_no_match(self) -> QWidget:
        """What an empty search result says, in place of an empty table."""
        box = QWidget(self)
        box.setObjectName("noMatch")
        lay = QVBoxLayout(box)
        lay.addStretch(1)
        self.no_match_label = QLabel(box)
        self.no_match_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.no_match_label.setTextFormat(Qt.TextFormat.PlainText)
        self.no_match_label.setWordWrap(True)
        lay.addWidget(self.no_match_label)
        self.clear_button = QPushButton("Clear search", box)
        self.clear_button.setAccessibleName("Clear search")
        self.clear_button.clicked.connect(self._clear_search)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.clear_button)
        row.addStretch(1)
        lay.addLayout(row)
        lay.addStretch(2)
        box.hide()
        return box

    def _clear_search(self) -> None:
        self.search.clear()
        self.search.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_matches(self, shown: int, total: int) -> None:
        """The header's count and the empty result follow the search: "3 of 11
        applications"; none: "No applications match 'kafka'" and a Clear button."""
        query = self.search.text().strip()
        noun = "application" if total == 1 else "applications"
        if query and total:
            self.count_label.setText(f"{shown} of {total} {noun}")
        else:
            self.count_label.setText(f"{total} {noun}" if total else "")
        empty = bool(query) and total > 0 and shown == 0
        if empty:
            self.no_match_label.setText(f"No applications match ‘{query}’")
        self.no_match.setVisible(empty)
        self.table.setVisible(not empty)

    def _build_search(self) -> QLineEdit:
        search = QLineEdit(self)
        search.setObjectName("search")
        search.setPlaceholderText("Search company, role, people, notes, talking points")
        search.setClearButtonEnabled(True)
        search.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        search.setAccessibleName("Search interviews")
        search.setAccessibleDescription(
            "Filters the table by company, role, people, notes and talking points as you "
            "type; accents and capitals do not matter")
        search.setMinimumWidth(260)
        search.setMaximumWidth(380)
        clear = QAction(search)
        clear.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        clear.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        clear.triggered.connect(search.clear)
        search.addAction(clear)
        return search

    def _build_table(self) -> QTableView:
        table = QTableView(self)
        own_viewport(table)  # before any viewport() call (pyside_fixes.own_viewport)
        table.setObjectName("interviewTable")
        table.setModel(self.model)
        table.setAccessibleName("Interviews")
        table.setAccessibleDescription("One row per application; the next follow-up is last")
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.setShowGrid(False)
        table.setWordWrap(False)
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        table.setCornerButtonEnabled(False)
        table.setIconSize(QSize(16, 16))
        vh = table.verticalHeader()
        vh.setVisible(False)
        vh.setDefaultSectionSize(max(28, table.fontMetrics().height() + 12))
        hh = table.horizontalHeader()
        hh.setHighlightSections(False)
        hh.setStretchLastSection(True)
        hh.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        hh.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        hh.setMinimumSectionSize(60)
        for col, width in COLUMN_WIDTHS:
            table.setColumnWidth(col, width)
        hh.setSortIndicator(COL_NEXT, Qt.SortOrder.AscendingOrder)
        table.setSortingEnabled(True)
        return table

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def selected_application_id(self) -> int | None:
        ix = self.table.selectionModel().currentIndex()
        if not ix.isValid() or not self.table.selectionModel().isRowSelected(ix.row(),
                                                                             QModelIndex()):
            return None
        if ix.row() >= self.model.rowCount():
            return None
        return self.model.row(ix.row()).app_id

    def select_application(self, app_id: int) -> bool:
        """Select an application's row (clearing the search if it hides it)."""
        if self.model.row_for(int(app_id)) is None:
            return False
        if self.model.row_of(int(app_id)) < 0 and self.search.text():
            self.search.clear()
        r = self.model.row_of(int(app_id))
        if r < 0:
            return False
        pix = self.model.index(r, 0)
        self.table.selectionModel().setCurrentIndex(
            pix, QItemSelectionModel.SelectionFlag.ClearAndSelect |
            QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(pix, QAbstractItemView.ScrollHint.EnsureVisible)
        return True
