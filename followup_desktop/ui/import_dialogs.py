"""Dialogs of the import and report flows: invite preview, CSV mapping + preview, report range,
CSV export choice.

The dialogs hold transient, not-yet-saved data (a parsed invite, a spreadsheet), so small
``QTableWidget`` grids are fine here; nothing is written until the user confirms, and then
only through the importers' services (one transaction, after a backup).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QDateTime,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimeZone,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSpinBox,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.importers.invite import InviteGuess, InvitePerson
from followup_desktop.importers.spreadsheet import (
    ENTITIES,
    DateOrder,
    Field,
    ImportPlan,
    PlannedApplication,
    Table,
    guess_mapping,
    plan_import,
)
from followup_desktop.records import Format
from followup_desktop.services.imports import (
    InviteResult,
    InviteTarget,
    commit_import,
    find_target,
    save_invite,
)
from followup_desktop.ui import colours

if TYPE_CHECKING:
    from followup_desktop.context import AppContext

UTC = dt.UTC
_Index = QModelIndex | QPersistentModelIndex


def _qzone(name: str) -> QTimeZone:
    zone = QTimeZone(name.encode())
    return zone if zone.isValid() else QTimeZone.utc()


# --- invite preview ------------------------------------------------------------------------------


class InvitePreviewDialog(QDialog):
    """Shows what Followup read from an invite; every guess can be corrected before saving."""

    COL_NAME, COL_EMAIL = 0, 1

    def __init__(self, ctx: AppContext, guess: InviteGuess, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.guess = guess
        self.result_: InviteResult | None = None
        self.setWindowTitle("Import invite")
        tz = ctx.tz()
        self._tz_name = tz.key

        target = find_target(ctx, guess)
        self.target = target
        self.header = QLabel(f"<b>{_escape(guess.summary) or 'Untitled meeting'}</b>")
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.header.setWordWrap(True)
        form = self._build_round_form(guess, tz)
        people_buttons = self._build_people(guess)
        self._build_notes(guess)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(
            "Update round" if target.updates else "Save round")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addLayout(form)
        layout.addWidget(QLabel("People (the first is the main contact)"))
        layout.addWidget(self.people, 1)
        layout.addLayout(people_buttons)
        layout.addWidget(self.notes)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self._target_changed()
        self.resize(560, 600)

    def _build_round_form(self, guess: InviteGuess, tz: dt.tzinfo) -> QFormLayout:
        """Company, role, which application, start (in the user's zone), length, format."""
        target = self.target
        self.company = QLineEdit(guess.company)
        self.role = QLineEdit(guess.role)
        self.application = QComboBox()
        self.application.addItem("New application", None)
        for app in self.ctx.applications():
            self.application.addItem(f"{app.company} — {app.role}", app.id)
        if target.application_id is not None:
            i = self.application.findData(target.application_id)
            if i >= 0:
                self.application.setCurrentIndex(i)
        self.application.currentIndexChanged.connect(self._target_changed)

        self.start = QDateTimeEdit()
        self.start.setTimeZone(_qzone(self._tz_name))
        self.start.setDisplayFormat("ddd d MMM yyyy HH:mm")
        self.start.setCalendarPopup(True)
        self.start.setDateTime(QDateTime.fromSecsSinceEpoch(int(guess.start.timestamp()),
                                                            _qzone(self._tz_name)))
        zone_note = "" if guess.zone_name == self._tz_name else \
            f"the invite says {guess.start.astimezone(_zone(guess.zone_name, tz)):%H:%M} " \
            f"{guess.zone_name}; shown in your zone ({self._tz_name})"
        self.zone_label = QLabel(zone_note or f"in your zone ({self._tz_name})")
        self.duration = QSpinBox()
        self.duration.setRange(5, 24 * 60)
        self.duration.setSingleStep(15)
        self.duration.setSuffix(" min")
        self.duration.setValue(max(5, guess.duration_minutes))
        self.format = QComboBox()
        for f in Format:
            self.format.addItem(f.value.capitalize(), f)
        self.format.setCurrentIndex(self.format.findData(guess.format))
        form = QFormLayout()
        form.addRow("Company", self.company)
        form.addRow("Role", self.role)
        form.addRow("Add to", self.application)
        form.addRow("Start", self.start)
        form.addRow("", self.zone_label)
        form.addRow("Duration", self.duration)
        form.addRow("Format", self.format)
        return form

    def _build_people(self, guess: InviteGuess) -> QHBoxLayout:
        """The people table (:attr:`people`); returns its Add / Remove buttons' row."""
        self.people = QTableWidget(0, 2)
        self.people.setHorizontalHeaderLabels(["Name", "Email"])
        self.people.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.people.verticalHeader().setVisible(False)
        for p in guess.people:
            self.add_person(p.name, p.email or "")
        add = QPushButton("Add person")
        add.clicked.connect(lambda: self.add_person("", ""))
        remove = QPushButton("Remove")
        remove.clicked.connect(self.remove_selected_person)
        people_buttons = QHBoxLayout()
        people_buttons.addWidget(add)
        people_buttons.addWidget(remove)
        people_buttons.addStretch(1)
        return people_buttons

    def _build_notes(self, guess: InviteGuess) -> None:
        """What the reading noticed (and that saving updates a round imported before),
        and the line that says why it cannot be saved yet."""
        self.notes = QLabel()
        self.notes.setWordWrap(True)
        notes = list(guess.notes)
        if self.target.updates:
            notes.insert(0, "This invite was imported before: saving updates that round "
                            "(your notes and talking points stay).")
        self.notes.setText("\n".join(f"• {n}" for n in notes))
        self.notes.setVisible(bool(notes))
        self.error = QLabel()
        colours.error_text(self.error)
        self.error.setWordWrap(True)
        self.error.hide()

    def _target_changed(self) -> None:
        existing = self.application.currentData() is not None
        self.company.setEnabled(not existing)
        self.role.setEnabled(not existing)
        if self.target.updates:
            self.application.setEnabled(False)

    def add_person(self, name: str, email: str) -> None:
        row = self.people.rowCount()
        self.people.insertRow(row)
        self.people.setItem(row, self.COL_NAME, QTableWidgetItem(name))
        self.people.setItem(row, self.COL_EMAIL, QTableWidgetItem(email))

    def remove_selected_person(self) -> None:
        rows = sorted({i.row() for i in self.people.selectedIndexes()}, reverse=True)
        for row in rows:
            self.people.removeRow(row)

    def edited_guess(self) -> InviteGuess:
        """The guess with the user's corrections."""
        people = []
        for row in range(self.people.rowCount()):
            name_item = self.people.item(row, self.COL_NAME)
            email_item = self.people.item(row, self.COL_EMAIL)
            name = " ".join((name_item.text() if name_item else "").split())
            email = (email_item.text() if email_item else "").strip() or None
            if name or email:
                from followup_desktop.importers.invite import name_from_email

                people.append(InvitePerson(name or name_from_email(email or ""), email,
                                           organizer=(row == 0)))
        start = dt.datetime.fromtimestamp(self.start.dateTime().toSecsSinceEpoch(), UTC)
        app_id = self.application.currentData()
        company, role = self.company.text().strip(), self.role.text().strip()
        if app_id is not None:
            app = self.ctx.application(int(app_id))
            if app is not None:
                company, role = app.company, app.role
        return replace(self.guess, company=company, role=role, start=start,
                       duration_minutes=self.duration.value(),
                       format=Format(self.format.currentData()), people=tuple(people))

    def _validate(self, guess: InviteGuess) -> str | None:
        from followup_desktop.interchange import FormatError, normalize_email

        if not guess.company:
            return "Fill in the company."
        for p in guess.people:
            if p.email:
                try:
                    normalize_email(p.email)
                except FormatError:
                    return f"“{p.email}” is not an email address."
        return None

    def accept(self) -> None:
        from followup_desktop.importers.errors import ImportFileError
        from followup_desktop.store import StoreError

        guess = self.edited_guess()
        problem = self._validate(guess)
        if problem:
            self.error.setText(problem)
            self.error.show()
            return
        app_id = self.application.currentData()
        target = self.target if self.target.updates else InviteTarget(
            int(app_id) if app_id is not None else None, None)
        try:
            self.result_ = save_invite(self.ctx, guess, target=target)
        except (ImportFileError, StoreError) as exc:
            self.error.setText(str(exc))
            self.error.show()
            return
        self.guess = guess
        super().accept()


def _escape(text: str) -> str:
    import html

    return html.escape(text)


def _zone(name: str, default: dt.tzinfo) -> dt.tzinfo:
    from followup_desktop.importers.invite import iana_zone

    return iana_zone(name) or default


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
        self.problems_label = QLabel("Rows with problems (they will be skipped)")
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
        for p in self.plan.problems:
            self.problems.addItem(str(p))
        self.problems.setVisible(bool(self.plan.problems))
        self.problems_label.setVisible(bool(self.plan.problems))
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


__all__ = ["CsvImportDialog", "ExportCsvDialog", "InvitePreviewDialog", "PlanModel",
           "ReportRangeDialog"]
