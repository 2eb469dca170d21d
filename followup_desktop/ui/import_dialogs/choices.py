"""Two small choices before writing: the report's date range and which CSV tables to export."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QDate,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.importers.spreadsheet import (
    ENTITIES,
)

if TYPE_CHECKING:
    pass


# --- report range ------------------------------------------------------------------------------


class ReportRangeDialog(QDialog):
    """From and to (inclusive), with quick choices."""

    def __init__(self, today: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Activity report")
        self.today = today
        self.preset = QComboBox()
        for label in ("Last 30 days", "This month", "Last month", "This year", "Custom"):
            self.preset.addItem(label)
        self.start = QDateEdit()
        self.end = QDateEdit()
        for edit in (self.start, self.end):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("d MMM yyyy")
        self.preset.currentIndexChanged.connect(self._apply_preset)
        self.start.dateChanged.connect(self._validate)
        self.end.dateChanged.connect(self._validate)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Preview…")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(QLabel("Every application with activity in this period: when you "
                           "applied, interviews, follow-ups sent, answers."))
        form.addRow("Period", self.preset)
        form.addRow("From", self.start)
        form.addRow("To", self.end)
        form.addRow(self.buttons)
        self._apply_preset()

    def _apply_preset(self) -> None:
        t = self.today
        label = self.preset.currentText()
        if label == "Custom":
            return
        if label == "Last 30 days":
            start, end = t - dt.timedelta(days=29), t
        elif label == "This month":
            start, end = t.replace(day=1), t
        elif label == "Last month":
            end = t.replace(day=1) - dt.timedelta(days=1)
            start = end.replace(day=1)
        else:
            start, end = t.replace(month=1, day=1), t
        self.set_range(start, end)

    def set_range(self, start: dt.date, end: dt.date) -> None:
        self.start.setDate(QDate(start.year, start.month, start.day))
        self.end.setDate(QDate(end.year, end.month, end.day))

    def _validate(self) -> None:
        ok = self.start.date() <= self.end.date()
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)

    def range(self) -> tuple[dt.date, dt.date]:
        s, e = self.start.date(), self.end.date()
        return dt.date(s.year(), s.month(), s.day()), dt.date(e.year(), e.month(), e.day())


# --- CSV export choice ---------------------------------------------------------------------------


class ExportCsvDialog(QDialog):
    """Which tables to write (one file each) and where."""

    LABELS = {"applications": "Applications", "rounds": "Rounds (interviews)",
              "people": "People", "messages": "Messages sent"}

    def __init__(self, folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export CSV")
        self.folder = Path(folder)
        self.checks: dict[str, QCheckBox] = {}
        box = QGroupBox("Tables (one .csv file each)")
        box_layout = QVBoxLayout(box)
        for entity in ENTITIES:
            check = QCheckBox(self.LABELS[entity])
            check.setChecked(True)
            check.toggled.connect(self._validate)
            box_layout.addWidget(check)
            self.checks[entity] = check
        self.folder_label = QLabel(str(self.folder))
        self.folder_label.setWordWrap(True)
        choose = QPushButton("Choose folder…")
        choose.clicked.connect(self.choose_folder)
        self.replace = QCheckBox("Replace files of the same name")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder_label, 1)
        folder_row.addWidget(choose)
        layout = QVBoxLayout(self)
        layout.addWidget(box)
        layout.addWidget(QLabel("Folder"))
        layout.addLayout(folder_row)
        layout.addWidget(self.replace)
        layout.addWidget(self.buttons)

    def choose_folder(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        chosen = QFileDialog.getExistingDirectory(self, "Export CSV to", str(self.folder))
        if chosen:
            self.folder = Path(chosen)
            self.folder_label.setText(chosen)

    def _validate(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(
            bool(self.entities()))

    def entities(self) -> list[str]:
        return [e for e, check in self.checks.items() if check.isChecked()]
