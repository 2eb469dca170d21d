""""They replied": when, and what the reply said.

What a reply says decides what comes next (``docs/rules.md``, "What a reply says"):

- *an acknowledgement* ("thanks, we'll be in touch"): the check-ins stay as planned;
- *next steps / a new round*: the check-ins are cancelled; the dialog offers to add the
  new round right away;
- *a decision by DATE*: the round's decision date becomes DATE and check-in #1 opens two
  days after it;
- *something else*: as before, the check-ins of earlier rounds are cancelled.

Saved with one ``record_event`` call; :attr:`ReplyDialog.saved_id` is the event's id.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.context import AppContext
from followup_desktop.records import EventKind, ReplySays
from followup_desktop.ui.dialogs._form import (
    Field,
    FormDialog,
    ReasonLine,
    chain_tab_order,
    field_box,
    hint_label,
    tidy_form,
)
from followup_desktop.ui.dialogs._time import (
    DATE_FORMAT,
    ZonedDateTimeEdit,
    label_for,
    pydate,
    qdate,
)
from followup_desktop.ui.dialogs.interview import heading

#: (meaning, the choice's text, what it does to the plan)
CHOICES: tuple[tuple[ReplySays, str, str], ...] = (
    (ReplySays.ACKNOWLEDGED, "An &acknowledgement",
     "“Thanks, we’ll be in touch”: your check-ins stay as planned."),
    (ReplySays.NEXT_STEPS, "&Next steps or a new round",
     "Your check-ins are cancelled; add the new round when you know it."),
    (ReplySays.DECISION_DATE, "A &decision by",
     "Your first check-in opens two days after that date."),
    (ReplySays.OTHER, "Something &else", "Your pending check-ins are cancelled."),
)


class ReplyDialog(FormDialog):
    """``ReplyDialog(ctx, app_id)``: record a reply with its time and meaning."""

    ok_text = "Record reply"

    def __init__(self, ctx: AppContext, app_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.app_id = app_id
        self.app = ctx.application(app_id)
        self.now = ctx.now()
        tz = self.tz = ctx.tz()
        self.setWindowTitle("They replied")
        self.resize(520, 0)
        outer = QVBoxLayout(self)
        outer.addWidget(heading(self.app, self))

        form = tidy_form(QFormLayout())
        self.when = ZonedDateTimeEdit(self.now, tz, self)
        self.when.setAccessibleName("When they replied")
        when_box, when_reason, _ = field_box(self.when)
        form.addRow(label_for(self.when.edit, "&When:"), when_box)
        outer.addLayout(form)

        box = QGroupBox("What did it say?", self)
        bl = QVBoxLayout(box)
        self.group = QButtonGroup(self)
        self.choice: dict[ReplySays, QRadioButton] = {}
        latest = self.app.interviews[-1] if self.app and self.app.interviews else None
        start_day = (self.now + dt.timedelta(days=7)).astimezone(tz).date()
        if latest is not None and latest.decision_by is not None:
            start_day = max(latest.decision_by, self.now.astimezone(tz).date())
        self.decision = QDateEdit(box)
        self.decision.setCalendarPopup(True)
        self.decision.setDisplayFormat(DATE_FORMAT)
        self.decision.setDate(qdate(start_day))
        self.decision.setAccessibleName("Decision date")
        self.add_round = QCheckBox("Add the new round now", box)
        self.add_round.setChecked(True)
        self.decision_reason = ReasonLine(box)
        for says, text, hint in CHOICES:
            button = QRadioButton(text, box)
            button.setAccessibleName(text.replace("&", ""))
            self.group.addButton(button)
            self.choice[says] = button
            if says is ReplySays.DECISION_DATE:
                row = QHBoxLayout()
                row.addWidget(button)
                row.addWidget(self.decision, 1)
                bl.addLayout(row)
            else:
                bl.addWidget(button)
            bl.addWidget(hint_label(hint, box))
            if says is ReplySays.NEXT_STEPS:
                bl.addWidget(self.add_round)
            if says is ReplySays.DECISION_DATE:
                bl.addWidget(self.decision_reason)
        self.choice[ReplySays.ACKNOWLEDGED].setChecked(True)
        self.group.buttonToggled.connect(self._follow_choice)
        self.decision.dateChanged.connect(lambda *_: self._decision_field.validate())
        self.when.edit.dateTimeChanged.connect(lambda *_: self._when_field.validate())
        outer.addWidget(box)
        outer.addWidget(self.footer())

        self._when_field = Field(self.when.edit, self._when_problem, when_reason,
                                 name="When", touched=True)
        self._decision_field = Field(self.decision, self._decision_problem,
                                     self.decision_reason, name="Decision date",
                                     touched=True)
        self._follow_choice()
        chain_tab_order([self.when.edit, *self.choice.values(), self.decision,
                         self.add_round, self.ok_button, self.cancel_button])
        self.choice[ReplySays.ACKNOWLEDGED].setFocus()

    # -- what the form says -----------------------------------------------------------------

    def says(self) -> ReplySays:
        return next((s for s, b in self.choice.items() if b.isChecked()), ReplySays.OTHER)

    def decision_by(self) -> dt.date | None:
        return pydate(self.decision.date()) if self.says() is ReplySays.DECISION_DATE else None

    def wants_new_round(self) -> bool:
        """Next steps with "Add the new round now" ticked: the caller opens the round."""
        return self.says() is ReplySays.NEXT_STEPS and self.add_round.isChecked()

    def _follow_choice(self, *_: object) -> None:
        says = self.says()
        self.decision.setEnabled(says is ReplySays.DECISION_DATE)
        self.add_round.setEnabled(says is ReplySays.NEXT_STEPS)
        self._decision_field.validate()

    def _when_problem(self) -> str | None:
        if self.when.value() > self.now + dt.timedelta(minutes=1):
            return "A reply that has not come yet cannot be recorded: choose a past time."
        return None

    def _decision_problem(self) -> str | None:
        if self.says() is not ReplySays.DECISION_DATE:
            return None
        when_day = self.when.value().astimezone(self.tz).date()
        if pydate(self.decision.date()) < when_day:
            return "The decision date is before the reply: choose the date they gave."
        return None

    def fields(self) -> Iterable[Field]:
        return (self._when_field, self._decision_field)

    def save(self) -> None:
        self.saved_id = self.ctx.store.record_event(
            self.app_id, EventKind.REPLY, self.when.value(), says=self.says(),
            decision_by=self.decision_by())


__all__ = ["CHOICES", "ReplyDialog"]
