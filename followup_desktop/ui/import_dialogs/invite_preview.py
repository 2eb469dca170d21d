"""The invite preview: what an ``.ics`` would add or update, edited before it is saved."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QDateTime,
    Qt,
    QTimeZone,
)
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.importers.invite import InviteGuess, InvitePerson
from followup_desktop.records import Format
from followup_desktop.services.imports import (
    InviteResult,
    InviteTarget,
    find_target,
    save_invite,
)
from followup_desktop.ui import colours

if TYPE_CHECKING:
    from followup_desktop.context import AppContext


UTC = dt.UTC


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
