"""The people of a first round in one table of rows: name, salutation, email, talking
points, main contact; "Add person" adds a row, each row's "Remove" takes it away.

A panel of three is entered in the New application dialog in one go: every person with an
email gets their own note, built from their own talking points.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.records import PersonSpec
from followup_desktop.ui.dialogs import validation as v
from followup_desktop.ui.dialogs._form import Field, ReasonLine, hint_label

POINTS_HINT = "the move from nightly batches to streaming; the redesigned on-call rotation"


def points_from_line(text: str) -> tuple[str, ...]:
    """Talking points typed on one line, separated by semicolons (or one per line)."""
    return v.points_from_text(text.replace(";", "\n"))


def salutation_combo(parent: QWidget) -> QComboBox:
    """The salutation as the round dialog offers it: editable, "" (from the name) or one of
    :data:`validation.SALUTATIONS`; compact, as the row is a table's."""
    combo = QComboBox(parent)
    combo.setEditable(True)
    combo.addItems(["", *v.SALUTATIONS])
    combo.lineEdit().setPlaceholderText("—")
    combo.setToolTip("For formal rounds: “Dear Dr. Whitfield”. Empty: the full name "
                     "(“Dear Dana Whitfield”).")
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
    combo.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
    return combo


class PanelRows(QWidget):
    """Rows of people; the first row is the main contact until another is chosen."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None, *,
                 enabled: Callable[[], bool] = lambda: True) -> None:
        super().__init__(parent)
        self._enabled = enabled
        self.rows: list[_Row] = []
        self.main_group = QButtonGroup(self)
        self.main_group.setExclusive(True)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(6)
        self.grid.setVerticalSpacing(2)
        for col, text in enumerate(("Name", "Salutation", "Email",
                                    "Talking points (separate with ;)", "Main", "")):
            self.grid.addWidget(QLabel(text, self), 0, col)
        self.grid.setColumnStretch(0, 3)
        self.grid.setColumnStretch(2, 3)
        self.grid.setColumnStretch(3, 5)
        outer.addLayout(self.grid)
        buttons = QHBoxLayout()
        self.add_button = QPushButton("&Add person", self)
        self.add_button.setAccessibleName("Add person")
        self.add_button.setAutoDefault(False)
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        outer.addLayout(buttons)
        outer.addWidget(hint_label(
            "Each person with an email gets their own thank-you note, made from their own "
            "talking points. The salutation is for formal rounds (“Dear Dr. Whitfield”); "
            "titles and promises: edit the round after saving.",
            self))
        self.add_button.clicked.connect(self._add_clicked)
        self.add_row()

    # -- rows ------------------------------------------------------------------------------

    def _add_clicked(self) -> None:
        row = self.add_row()
        row.name.setFocus(Qt.FocusReason.OtherFocusReason)

    def add_row(self, name: str = "", email: str = "", points: str = "",
                salutation: str = "") -> _Row:
        row = _Row(self, len(self.rows) + 1)
        row.name.setText(name)
        row.salutation.setCurrentText(salutation)
        row.email.setText(email)
        row.points.setText(points)
        self.main_group.addButton(row.main)
        if not self.rows:
            row.main.setChecked(True)
        row.remove.clicked.connect(lambda _c=False, r=row: self.remove_row(r))
        for f in row.fields:
            f.changed.connect(self.changed)
        self.rows.append(row)
        self._relayout()
        self.changed.emit()
        return row

    def remove_row(self, row: _Row) -> None:
        if row not in self.rows:
            return
        index = self.rows.index(row)
        was_main = row.main.isChecked()
        self.rows.remove(row)
        self.main_group.removeButton(row.main)
        row.dispose()
        if was_main and self.rows:
            self.rows[0].main.setChecked(True)
        self._relayout()
        if self.rows:
            self.rows[min(index, len(self.rows) - 1)].name.setFocus(
                Qt.FocusReason.OtherFocusReason)
        else:
            self.add_button.setFocus(Qt.FocusReason.OtherFocusReason)
        self.changed.emit()

    def _relayout(self) -> None:
        for r, row in enumerate(self.rows, start=1):
            row.number = r
            row.place(self.grid, 2 * r - 1)
        for row in self.rows:
            row.remove.setEnabled(len(self.rows) > 1 or bool(row.name.text() or
                                                              row.email.text()))

    # -- reading ---------------------------------------------------------------------------

    def fields(self) -> list[Field]:
        return [f for row in self.rows for f in row.fields]

    def tab_widgets(self) -> list[QWidget]:
        out: list[QWidget] = []
        for row in self.rows:
            out += [row.name, row.salutation, row.email, row.points, row.main, row.remove]
        return [*out, self.add_button]

    def specs(self) -> tuple[PersonSpec, ...]:
        people = []
        for row in self.rows:
            name = row.name.text().strip()
            if not name:
                continue
            people.append(PersonSpec(name=name, email=v.normalize_email(row.email.text()),
                                     salutation=row.salutation.currentText().strip() or None,
                                     main_contact=row.main.isChecked(),
                                     talking_points=points_from_line(row.points.text())))
        if people and not any(p.main_contact for p in people):
            first = people[0]
            people[0] = PersonSpec(first.name, first.title, first.email, first.linkedin,
                                   first.salutation, True, first.talking_points)
        return tuple(people)

    def duplicate(self, row: _Row) -> bool:
        mine = (row.email.text() or "").strip().casefold()
        return bool(mine) and any(
            other is not row and other.email.text().strip().casefold() == mine
            for other in self.rows)

    def enabled(self) -> bool:
        return self._enabled()


class _Row:
    """The widgets of one person's row, and their checks."""

    def __init__(self, panel: PanelRows, number: int) -> None:
        self.panel = panel
        self.number = number
        self.name = QLineEdit(panel)
        self.name.setPlaceholderText("Dana Whitfield")
        self.salutation = salutation_combo(panel)
        self.email = QLineEdit(panel)
        self.email.setPlaceholderText("dana@company.example")
        self.points = QLineEdit(panel)
        self.points.setPlaceholderText(POINTS_HINT)
        self.points.setToolTip("Two or three specific things they said, as noun phrases "
                               "that read well in a note to them; separate them with ;")
        self.main = QRadioButton(panel)
        self.remove = QPushButton("Remove", panel)
        self.remove.setAutoDefault(False)
        self.reason = ReasonLine(panel)
        self._name_reason = ReasonLine(panel)
        self._points_reason = ReasonLine(panel)
        self._salutation_reason = ReasonLine(panel)
        self.reasons = QWidget(panel)
        lay = QVBoxLayout(self.reasons)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        for line in (self._name_reason, self._salutation_reason, self.reason,
                     self._points_reason):
            line.setParent(self.reasons)
            lay.addWidget(line)
        self.fields = [
            Field(self.name, self._name_problem, self._name_reason, name="Name"),
            Field(self.email, self._email_problem, self.reason, name="Email"),
            Field(self.points, self._points_problem, self._points_reason,
                  name="Talking points"),
            Field(self.salutation, self._salutation_problem, self._salutation_reason,
                  name="Salutation"),
        ]
        self.email.textChanged.connect(
            lambda _t: self.fields[0].touched and self.fields[0].validate())
        self.name.textChanged.connect(lambda _t: self.panel._relayout())
        self.name_accessible()

    def name_accessible(self) -> None:
        n = self.number
        self.name.setAccessibleName(f"Person {n}: name")
        self.salutation.setAccessibleName(f"Person {n}: salutation")
        self.email.setAccessibleName(f"Person {n}: email")
        self.points.setAccessibleName(f"Person {n}: talking points")
        self.main.setAccessibleName(f"Person {n} is the main contact")
        self.main.setToolTip("The main contact (recruiter or hiring manager) gets the "
                             "check-ins.")
        self.remove.setAccessibleName(f"Remove person {n}")

    def place(self, grid: QGridLayout, r: int) -> None:
        self.name_accessible()
        grid.addWidget(self.name, r, 0)
        grid.addWidget(self.salutation, r, 1)
        grid.addWidget(self.email, r, 2)
        grid.addWidget(self.points, r, 3)
        grid.addWidget(self.main, r, 4, Qt.AlignmentFlag.AlignCenter)
        grid.addWidget(self.remove, r, 5)
        grid.addWidget(self.reasons, r + 1, 0, 1, 6)  # full width: a reason reads whole
        if self.panel.isVisible():  # a row added while the dialog shows: at once
            for w in self._widgets():
                w.show()

    def _widgets(self) -> tuple[QWidget, ...]:
        return (self.name, self.salutation, self.email, self.points, self.main, self.remove,
                self.reasons)

    def dispose(self) -> None:
        for w in self._widgets():
            w.hide()
            w.setParent(None)
            w.deleteLater()

    def _name_problem(self) -> v.Reason:
        if not self.panel.enabled():
            return None
        if not self.name.text().strip() and (self.email.text().strip() or
                                             self.points.text().strip()):
            return "Add their name too — the note greets them by name."
        return v.line_problem(self.name.text(), "The name", max_len=v.NAME_MAX)

    def _salutation_problem(self) -> v.Reason:
        if not self.panel.enabled():
            return None
        return v.line_problem(self.salutation.currentText(), "The salutation",
                              max_len=v.SALUTATION_MAX)

    def _email_problem(self) -> v.Reason:
        if not self.panel.enabled():
            return None
        reason = v.email_problem(self.email.text())
        if reason is None and self.panel.duplicate(self):
            return "Someone else in this round has this email address."
        return reason

    def _points_problem(self) -> v.Reason:
        if not self.panel.enabled():
            return None
        for point in points_from_line(self.points.text()):
            if len(point) > 2000:
                return "A talking point is too long (at most 2000 characters)."
        return None
