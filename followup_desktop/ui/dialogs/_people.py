"""The editors of a round's people and promises, shared by the round and debrief dialogs."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.records import Participant, PersonSpec, PromiseSpec
from followup_desktop.ui.dialogs import validation as v
from followup_desktop.ui.dialogs._form import (
    Field,
    ReasonLine,
    add_row,
    field_box,
    hint_label,
    tidy_form,
)
from followup_desktop.ui.focus import focus_ring


def points_edit(points: Sequence[str] = (), parent: QWidget | None = None) -> QPlainTextEdit:
    edit = QPlainTextEdit(parent)
    edit.setPlainText("\n".join(points))
    edit.setTabChangesFocus(True)
    focus_ring(edit)
    edit.setPlaceholderText("the move from nightly batches to streaming\n"
                            "the redesigned on-call rotation")
    lines = 4
    edit.setFixedHeight(edit.fontMetrics().lineSpacing() * lines
                        + int(edit.document().documentMargin() * 2) + 8)
    return edit


class PointsField(QWidget):
    """Talking points, one per line, with a live count that nudges towards 2-3."""

    def __init__(self, points: Sequence[str] = (), parent: QWidget | None = None) -> None:
        super().__init__(parent)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(2)
        self.edit = points_edit(points, self)
        self.hint = hint_label("", self)
        self.reason = ReasonLine(self)
        lay.addWidget(self.edit)
        lay.addWidget(self.hint)
        lay.addWidget(self.reason)
        lay.addStretch(1)
        self.setFocusProxy(self.edit)
        self.edit.textChanged.connect(self._update_hint)
        self._update_hint()

    def points(self) -> tuple[str, ...]:
        return v.points_from_text(self.edit.toPlainText())

    def _update_hint(self) -> None:
        self.hint.setText(v.points_hint(len(self.points())))

    def field(self, name: str, reveal: Callable[[], None] | None = None) -> Field:
        return Field(self.edit, lambda: v.points_problem(self.edit.toPlainText()), self.reason,
                     name=name, reveal=reveal)


class PersonEditor(QWidget):
    """One person of a round: name, title, email, LinkedIn, salutation, main contact,
    talking points. Emails and addresses are checked as typed."""

    name_changed = Signal()
    main_toggled = Signal(bool)
    checked = Signal()

    def __init__(self, participant: Participant | None = None, *,
                 duplicate_email: Callable[[PersonEditor, str], bool] | None = None,
                 reveal: Callable[[PersonEditor], None] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._duplicate = duplicate_email or (lambda _e, _t: False)
        form = tidy_form(QFormLayout(self))
        form.setContentsMargins(0, 0, 0, 0)
        self._build_inputs(participant)
        self._fields = self._lay_out(form, reveal)
        for f in self._fields:
            f.changed.connect(self.checked)
        self.name.textChanged.connect(self.name_changed)
        self.main.toggled.connect(self.main_toggled)

    def _build_inputs(self, participant: Participant | None) -> None:
        person = participant.person if participant else None
        self.name = QLineEdit(person.name if person else "", self)
        self.name.setPlaceholderText("Dana Whitfield")
        self.title = QLineEdit(person.title if person else "", self)
        self.title.setPlaceholderText("Engineering Manager")
        self.email = QLineEdit(person.email or "" if person else "", self)
        self.email.setPlaceholderText("dana@company.example")
        self.linkedin = QLineEdit(person.linkedin or "" if person else "", self)
        self.linkedin.setPlaceholderText("https://www.linkedin.com/in/…")
        self.salutation = QComboBox(self)
        self.salutation.setEditable(True)
        self.salutation.addItems(["", *v.SALUTATIONS])
        self.salutation.setCurrentText(person.salutation or "" if person else "")
        self.salutation.lineEdit().setPlaceholderText("from the name")
        self.salutation.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.main = QCheckBox("&Main contact (the recruiter or hiring manager)", self)
        self.main.setChecked(bool(participant and participant.main_contact))
        self.main.setAccessibleName("Main contact")
        self.points = PointsField(participant.talking_points if participant else (), self)

    def _lay_out(self, form: QFormLayout,
                 reveal: Callable[[PersonEditor], None] | None) -> list[Field]:
        """The rows of ``form``, and their fields (checked as typed)."""
        _, name_r, _ = add_row(form, "&Name:", self.name)
        _, title_r, _ = add_row(form, "&Title:", self.title)
        _, email_r, _ = add_row(form, "&Email:", self.email,
                                hint="One thank-you note goes to each person with an email.")
        _, url_r, _ = add_row(form, "&LinkedIn:", self.linkedin)
        _, sal_r, _ = add_row(form, "Sal&utation:", self.salutation,
                              hint="For formal rounds: “Dear Ms. Whitfield”.")
        form.addRow("", self.main)
        label = QLabel("Talking &points:", self)
        label.setBuddy(self.points.edit)
        self.points.edit.setAccessibleName("Talking points")
        form.addRow(label, self.points)

        def show() -> None:
            if reveal is not None:
                reveal(self)

        assert name_r and title_r and email_r and url_r and sal_r
        return [
            Field(self.name, lambda: v.name_problem(self.name.text()), name_r, name="Name",
                  reveal=show),
            Field(self.title, lambda: v.line_problem(self.title.text(), "Title",
                                                     max_len=v.TITLE_MAX), title_r,
                  name="Title", reveal=show),
            Field(self.email, self._email_problem, email_r, name="Email", reveal=show),
            Field(self.linkedin, lambda: v.url_problem(self.linkedin.text(), "LinkedIn address"),
                  url_r, name="LinkedIn", reveal=show),
            Field(self.salutation, lambda: v.line_problem(
                self.salutation.currentText(), "Salutation", max_len=v.SALUTATION_MAX), sal_r,
                  name="Salutation", reveal=show),
            self.points.field("Talking points", reveal=show),
        ]

    def _email_problem(self) -> v.Reason:
        text = self.email.text()
        reason = v.email_problem(text)
        if reason is None and text.strip() and self._duplicate(self, text):
            return "Someone else in this round has this email address."
        return reason

    def fields(self) -> list[Field]:
        return self._fields

    def has_shown_problem(self) -> bool:
        return any(f.touched and f.problem() for f in self._fields)

    def display_name(self) -> str:
        return self.name.text().strip() or "New person"

    def normalized_email(self) -> str | None:
        if v.email_problem(self.email.text()) is not None:
            return None
        return v.normalize_email(self.email.text())

    def promise_key(self) -> str | None:
        """How a promise names this person to the store: email, else name."""
        return self.normalized_email() or (self.name.text().strip() or None)

    def spec(self) -> PersonSpec:
        return PersonSpec(
            name=self.name.text().strip(),
            title=self.title.text().strip(),
            email=self.normalized_email(),
            linkedin=v.normalize_url(self.linkedin.text()),
            salutation=self.salutation.currentText().strip() or None,
            main_contact=self.main.isChecked(),
            talking_points=self.points.points(),
        )

    def tab_widgets(self) -> list[QWidget]:
        return [self.name, self.title, self.email, self.linkedin, self.salutation, self.main,
                self.points.edit]


NOBODY = "Not said / anyone"
_KEEP = object()


class PromiseRow(QWidget):
    """What was promised, and to whom (one of this round's people)."""

    removed = Signal(object)

    def __init__(self, what: str, to_key: Hashable | None,
                 targets: Sequence[tuple[Hashable, str]], number: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(2)
        self.what = QLineEdit(what, self)
        self.what.setPlaceholderText("the case study on pipeline back-fills")
        self.what.setAccessibleName(f"Promise {number}: what")
        self.to = QComboBox(self)
        self.to.setAccessibleName(f"Promise {number}: to whom")
        self.to.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.remove = QToolButton(self)
        self.remove.setText("Remove")
        self.remove.setAccessibleName(f"Remove promise {number}")
        self.remove.setToolTip("Remove this promise")
        self.remove.clicked.connect(lambda: self.removed.emit(self))
        to_label = QLabel("to", self)
        to_label.setBuddy(self.to)
        _box, self.reason, _ = field_box(self.what, parent=self)
        grid.addWidget(_box, 0, 0)
        to_label.setFixedHeight(self.what.sizeHint().height())
        to_label.setAlignment(Qt.AlignmentFlag.AlignVCenter)
        grid.addWidget(to_label, 0, 1, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.to, 0, 2, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.remove, 0, 3, Qt.AlignmentFlag.AlignTop)
        grid.setColumnStretch(0, 1)
        self._keys: list[Hashable | None] = []
        self.set_targets(targets, to_key)

    def set_targets(self, targets: Sequence[tuple[Hashable, str]],
                    keep: object = _KEEP) -> None:
        """Offer ``targets``; keep the chosen person if still there (or choose ``keep``)."""
        current = self.to_key() if keep is _KEEP else keep
        self.to.blockSignals(True)
        self.to.clear()
        self._keys = [None]
        self.to.addItem(NOBODY)
        for key, label in targets:
            self._keys.append(key)
            self.to.addItem(label)
        index = self._keys.index(current) if current in self._keys else 0
        self.to.setCurrentIndex(index)
        self.to.blockSignals(False)

    def to_key(self) -> Hashable | None:
        i = self.to.currentIndex()
        return self._keys[i] if 0 <= i < len(self._keys) else None


class PromiseList(QWidget):
    """Every promise of a round, with "Add promise"."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None,
                 reveal: Callable[[], None] | None = None) -> None:
        super().__init__(parent)
        self._reveal = reveal
        self._targets: list[tuple[Hashable, str]] = []
        self.rows: list[PromiseRow] = []
        self._fields: dict[int, Field] = {}
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.empty = hint_label("Nothing promised. Did you offer to send something — a "
                                "portfolio, references, a case study? Each promise gets its "
                                "own reminder.", self)
        lay.addWidget(self.empty)
        self.rows_box = QVBoxLayout()
        self.rows_box.setSpacing(6)
        lay.addLayout(self.rows_box)
        buttons = QHBoxLayout()
        self.add_button = QPushButton("&Add promise", self)
        self.add_button.setAccessibleName("Add promise")
        self.add_button.clicked.connect(self._add_clicked)
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        lay.addLayout(buttons)
        lay.addStretch(1)

    def set_targets(self, targets: Iterable[tuple[Hashable, str]]) -> None:
        self._targets = list(targets)
        for row in self.rows:
            row.set_targets(self._targets)

    def _add_clicked(self) -> None:
        row = self.add()
        row.what.setFocus()

    def add(self, what: str = "", to_key: Hashable | None = None) -> PromiseRow:
        row = PromiseRow(what, to_key, self._targets, len(self.rows) + 1, self)
        row.removed.connect(self._remove)
        self.rows.append(row)
        self.rows_box.addWidget(row)
        self._fields[id(row)] = Field(
            row.what, lambda r=row: v.line_problem(r.what.text(), "What you promised",
                                                   required=True),
            row.reason, name="What you promised", reveal=self._reveal)
        self._after_change()
        return row

    def _remove(self, row: PromiseRow) -> None:
        self.rows.remove(row)
        self._fields.pop(id(row), None)
        self.rows_box.removeWidget(row)
        row.hide()
        row.deleteLater()
        self.add_button.setFocus()
        self._after_change()

    def _after_change(self) -> None:
        self.empty.setVisible(not self.rows)
        self._renumber()
        self.changed.emit()

    def _renumber(self) -> None:
        widgets: list[QWidget] = []
        for n, row in enumerate(self.rows, 1):
            row.what.setAccessibleName(f"Promise {n}: what")
            row.to.setAccessibleName(f"Promise {n}: to whom")
            row.remove.setAccessibleName(f"Remove promise {n}")
            widgets += [row.what, row.to, row.remove]
        widgets.append(self.add_button)
        for a, b in zip(widgets, widgets[1:], strict=False):
            QWidget.setTabOrder(a, b)

    def fields(self) -> list[Field]:
        return [self._fields[id(r)] for r in self.rows]

    def items(self) -> list[tuple[str, Hashable | None]]:
        return [(r.what.text().strip(), r.to_key()) for r in self.rows]

    def specs(self, resolve: Callable[[Hashable], str | None]) -> tuple[PromiseSpec, ...]:
        return tuple(PromiseSpec(what=what, to=resolve(key) if key is not None else None)
                     for what, key in self.items() if what)
