"""The spreadsheet import: map the columns, see what would be added and which rows have
problems, then save it in one transaction (after a backup)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.importers.spreadsheet import (
    DateOrder,
    Field,
    ImportPlan,
    PlannedApplication,
    Table,
    guess_mapping,
    plan_import,
)
from followup_desktop.services.imports import (
    commit_import,
)
from followup_desktop.ui import colours

if TYPE_CHECKING:
    from followup_desktop.context import AppContext


_Index = QModelIndex | QPersistentModelIndex
# --- CSV mapping and preview ------------------------------------------------------------------


class PlanModel(QAbstractTableModel):
    """The applications a spreadsheet import would add (read-only preview)."""

    COL_ROWS, COL_COMPANY, COL_ROLE, COL_STATUS, COL_APPLIED, COL_ROUNDS, COL_NOTE = range(7)
    _HEADERS = ("Rows", "Company", "Role", "Status", "Applied", "Rounds", "")

    def __init__(self, tz: dt.tzinfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tz = tz
        self._items: list[PlannedApplication] = []

    def set_plan(self, plan: ImportPlan) -> None:
        self.beginResetModel()
        self._items = list(plan.applications)
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(self._HEADERS):
            return self._HEADERS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        item = self._items[index.row()]
        spec = item.spec
        if role == Qt.ItemDataRole.DisplayRole:
            col = index.column()
            if col == self.COL_ROWS:
                return ", ".join(str(r) for r in item.rows)
            if col == self.COL_COMPANY:
                return spec.company
            if col == self.COL_ROLE:
                return spec.role
            if col == self.COL_STATUS:
                return spec.status.value
            if col == self.COL_APPLIED:
                return spec.created_at.astimezone(self.tz).strftime("%Y-%m-%d") \
                    if spec.created_at else ""
            if col == self.COL_ROUNDS:
                return str(len(spec.interviews))
            if col == self.COL_NOTE:
                return "already in Followup — skipped" if item.exists else ""
        if role == Qt.ItemDataRole.ToolTipRole and spec.notes:
            return spec.notes[:500]
        return None


class CsvImportDialog(QDialog):
    """Map the spreadsheet's columns, see what would be imported and which rows have problems;
    nothing is saved until Import."""

    def __init__(self, ctx: AppContext, table: Table, parent: QWidget | None = None,
                 *, file_name: str = "") -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.table = table
        self.tz = ctx.tz()
        self.imported_ids: list[int] = []
        self.setWindowTitle(f"Import spreadsheet — {file_name}" if file_name
                            else "Import spreadsheet")
        self._build_mapping_grid(table)

        self.date_order = QComboBox()
        self.date_order.addItem("Guess from the file", None)
        self.date_order.addItem("Day first (31/12/2026)", DateOrder.DAY_FIRST)
        self.date_order.addItem("Month first (12/31/2026)", DateOrder.MONTH_FIRST)
        self.date_order.currentIndexChanged.connect(self.refresh)

        self.model = PlanModel(self.tz, self)
        self.preview = QTableView()
        self.preview.setModel(self.model)
        self.preview.horizontalHeader().setStretchLastSection(True)
        self.preview.verticalHeader().setVisible(False)
        self.problems = QListWidget()
        self.problems.setMaximumHeight(130)
        self.summary = QLabel()
        self.summary.setWordWrap(True)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.addButton("Import",
                                                    QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.error = QLabel()
        colours.error_text(self.error)
        self.error.setWordWrap(True)
        self.error.hide()
        self._lay_out(table)
        self.plan: ImportPlan | None = None
        self.refresh()
        self.resize(900, 640)

    def _build_mapping_grid(self, table: Table) -> None:
        """One column per column of the file: what to import it as, and two examples."""
        mapping = guess_mapping(table.headers)
        self.mapping_grid = QTableWidget(3, len(table.headers))
        self.mapping_grid.setHorizontalHeaderLabels(list(table.headers))
        self.mapping_grid.setVerticalHeaderLabels(["Import as", "Example", "Example"])
        self.combos: list[QComboBox] = []
        for col in range(len(table.headers)):
            combo = QComboBox()
            for f in Field:
                combo.addItem(f.label, f)
            combo.setCurrentIndex(combo.findData(mapping.get(col, Field.IGNORE)))
            combo.currentIndexChanged.connect(self.refresh)
            self.mapping_grid.setCellWidget(0, col, combo)
            self.combos.append(combo)
            for r, (_, cells) in enumerate(table.rows[:2]):
                text = cells[col] if col < len(cells) else ""
                item = QTableWidgetItem(text.replace("\n", " ⏎ ")[:80])
                item.setFlags(Qt.ItemFlag.ItemIsEnabled)
                self.mapping_grid.setItem(1 + r, col, item)
        self.mapping_grid.setMaximumHeight(140)

    def _lay_out(self, table: Table) -> None:
        order_row = QHBoxLayout()
        order_row.addWidget(QLabel("Dates like 03/04/2026:"))
        order_row.addWidget(self.date_order)
        order_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"{len(table.rows)} rows read "
                                f"(separator “{_sep_name(table.delimiter)}”, "
                                f"{table.encoding}). Choose what each column holds:"))
        layout.addWidget(self.mapping_grid)
        layout.addLayout(order_row)
        layout.addWidget(QLabel("Preview"))
        layout.addWidget(self.preview, 1)
        self.problems_label = QLabel("Rows not imported, each with why")
        layout.addWidget(self.problems_label)
        layout.addWidget(self.problems)
        layout.addWidget(self.summary)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def mapping(self) -> dict[int, Field]:
        return {i: Field(combo.currentData()) for i, combo in enumerate(self.combos)}

    def _date_order(self) -> DateOrder | None:
        value = self.date_order.currentData()
        return DateOrder(value) if value else None

    def set_mapping(self, column: int, field: Field) -> None:
        self.combos[column].setCurrentIndex(self.combos[column].findData(field))

    def refresh(self) -> None:
        self.plan = plan_import(self.table, self.mapping(), tz=self.tz,
                                date_order=self._date_order(),
                                existing=self.ctx.applications())
        self.model.set_plan(self.plan)
        self.problems.clear()
        rows = self.plan.not_imported()
        for p in rows:
            self.problems.addItem(str(p))
        self.problems.setVisible(bool(rows))
        self.problems_label.setVisible(bool(rows))
        notices = " ".join(self.plan.notices)
        self.summary.setText(f"{self.plan.summary()} {notices}".strip()
                             + " Nothing is saved until you press Import; a backup is "
                               "made first.")
        self.import_button.setEnabled(bool(self.plan.to_add))

    def accept(self) -> None:
        from followup_desktop.store import StoreError

        if self.plan is None or not self.plan.to_add:
            return
        try:
            self.imported_ids = commit_import(self.ctx, self.plan)
        except StoreError as exc:
            self.error.setText(str(exc))
            self.error.show()
            return
        super().accept()


def _sep_name(delimiter: str) -> str:
    return {",": ",", ";": ";", "\t": "tab", "|": "|"}.get(delimiter, delimiter)
