"""Add or edit an application: company, role, notes — and, for a new one, its first round."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.clock import last_full_hour
from followup_desktop.context import AppContext
from followup_desktop.records import ApplicationSpec, Format, InterviewSpec, Tone
from followup_desktop.ui.dialogs import validation as v
from followup_desktop.ui.dialogs._form import (
    Field,
    FormDialog,
    add_row,
    chain_tab_order,
    hint_label,
    tidy_form,
)
from followup_desktop.ui.dialogs._time import ZonedDateTimeEdit
from followup_desktop.ui.dialogs.panel import PanelRows
from followup_desktop.ui.focus import focus_ring

FORMAT_LABELS = {Format.PHONE: "Phone", Format.VIDEO: "Video", Format.ONSITE: "On-site",
                 Format.PANEL: "Panel"}
TONE_LABELS = {Tone.FORMAL: "Formal — “Dear Ms. Whitfield”",
               Tone.CASUAL: "Casual — “Hi Dana”"}


def enum_combo(labels: dict, current: object, parent: QWidget | None = None) -> QComboBox:
    combo = QComboBox(parent)
    for value, label in labels.items():
        combo.addItem(label, value.value)
    combo.setCurrentIndex(max(0, combo.findData(getattr(current, "value", current))))
    return combo


def notes_edit(text: str, placeholder: str, parent: QWidget | None = None,
               lines: int = 4) -> QPlainTextEdit:
    edit = QPlainTextEdit(text, parent)
    edit.setTabChangesFocus(True)
    edit.setPlaceholderText(placeholder)
    edit.setMinimumHeight(edit.fontMetrics().lineSpacing() * lines
                          + int(edit.document().documentMargin() * 2) + 8)
    edit.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
    focus_ring(edit)
    return edit


class ApplicationDialog(FormDialog):
    """``ApplicationDialog(ctx, app_id=None)``: a new application (with an optional first
    round, saved in the same transaction) or an existing one's company, role and notes.
    After ``accept`` :attr:`saved_id` is the application's id."""

    def __init__(self, ctx: AppContext, app_id: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.app_id = app_id
        app = ctx.application(app_id) if app_id is not None else None
        if app_id is not None and app is None:
            self._missing = True
        else:
            self._missing = False
        self.setWindowTitle("Edit application" if app_id is not None else "New application")
        self.setMinimumWidth(720 if app_id is None else 520)

        outer = QVBoxLayout(self)
        intro = hint_label(
            "The company and the role you are interviewing for." if app_id is None else
            "Rounds, their people and promises: Edit › Edit round.", self)
        outer.addWidget(intro)

        form = tidy_form(QFormLayout())
        self.company = QLineEdit(app.company if app else "", self)
        self.company.setPlaceholderText("Northwind Analytics")
        self.role = QLineEdit(app.role if app else "", self)
        self.role.setPlaceholderText("Data Engineer")
        self.notes = notes_edit(app.notes if app else "",
                                "Where you found it, salary range, anything to remember", self)
        _, company_r, _ = add_row(form, "&Company:", self.company)
        _, role_r, _ = add_row(form, "&Role:", self.role)
        _, notes_r, _ = add_row(form, "&Notes:", self.notes)
        outer.addLayout(form)
        assert company_r and role_r and notes_r
        self._fields = [
            Field(self.company, lambda: v.name_problem(self.company.text(), "Company"),
                  company_r, name="Company"),
            Field(self.role, lambda: v.name_problem(self.role.text(), "Role"), role_r,
                  name="Role"),
            Field(self.notes, lambda: v.text_problem(self.notes.toPlainText(), "Notes"),
                  notes_r, name="Notes"),
        ]

        self.first_round: QGroupBox | None = None
        tab_chain: list[QWidget] = [self.company, self.role, self.notes]
        if app_id is None:
            self._build_first_round(outer, tab_chain)
        if self._missing:
            self.summary.set_reason("This application no longer exists.")
            self.ok_button.setEnabled(False)

        outer.addStretch(1)
        outer.addWidget(self.footer())
        tab_chain += [self.ok_button, self.cancel_button]
        chain_tab_order(tab_chain)
        self.company.setFocus()

    def _build_first_round(self, outer: QVBoxLayout, chain: list[QWidget]) -> None:
        settings = self.ctx.settings()
        tz = self.ctx.tz()
        box = QGroupBox("&First round", self)
        box.setCheckable(True)
        box.setChecked(True)
        box.setAccessibleName("Add the first round now")
        box.setToolTip("Uncheck if no round is scheduled yet")
        self.first_round = box
        form = tidy_form(QFormLayout(box))
        ended = last_full_hour(self.ctx.now(), tz, settings.default_duration_minutes)
        self.start = ZonedDateTimeEdit(ended, tz, box)
        self.duration = QSpinBox(box)
        self.duration.setRange(1, 24 * 60)
        self.duration.setSingleStep(15)
        self.duration.setSuffix(" min")
        self.duration.setValue(settings.default_duration_minutes)
        self.format = enum_combo(FORMAT_LABELS, Format.VIDEO, box)
        self.tone = enum_combo(TONE_LABELS, Tone.FORMAL, box)
        add_row(form, "&When:", self.start, reason=False)
        add_row(form, "&Length:", self.duration, reason=False)
        add_row(form, "F&ormat:", self.format, reason=False)
        add_row(form, "&Tone:", self.tone, reason=False)
        self.start.setAccessibleName("First round starts")
        self.panel = PanelRows(box, enabled=box.isChecked)
        people_label = QLabel("People met:", box)
        form.addRow(people_label)
        form.addRow(self.panel)
        first = self.panel.rows[0]
        self.person_name, self.person_email = first.name, first.email  # the first person
        outer.addWidget(box)
        box.toggled.connect(lambda _on: [f.validate() for f in self.panel.fields()])
        self.panel.add_button.clicked.connect(self._retab)
        self._chain_start = [*chain, box, self.start.edit, self.duration, self.format,
                             self.tone]
        chain += [box, self.start.edit, self.duration, self.format, self.tone,
                  *self.panel.tab_widgets()]

    def _retab(self) -> None:
        chain_tab_order([*self._chain_start, *self.panel.tab_widgets(), self.ok_button,
                         self.cancel_button])

    def fields(self) -> Iterable[Field]:
        if self.first_round is None:
            return self._fields
        return [*self._fields, *self.panel.fields()]

    def round_spec(self) -> InterviewSpec | None:
        if self.first_round is None or not self.first_round.isChecked():
            return None
        people = self.panel.specs()
        return InterviewSpec(
            start=self.start.value(),
            duration_minutes=self.duration.value(),
            format=Format(self.format.currentData()),
            tone=Tone(self.tone.currentData()),
            interviewers=people,
        )

    def save(self) -> None:
        company, role = self.company.text().strip(), self.role.text().strip()
        notes = self.notes.toPlainText().strip()
        if self.app_id is None:
            first = self.round_spec()
            spec = ApplicationSpec(company=company, role=role, notes=notes,
                                   interviews=(first,) if first else ())
            self.saved_id = self.ctx.store.add_application(spec)
        else:
            self.ctx.store.update_application(self.app_id, company=company, role=role,
                                              notes=notes)
            self.saved_id = self.app_id


__all__ = ["ApplicationDialog", "FORMAT_LABELS", "TONE_LABELS"]
