"""Add or edit one round: when, how, the people met, and what was promised."""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Iterable

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QIcon
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.clock import last_full_hour
from followup_desktop.context import AppContext
from followup_desktop.records import Application, Format, Interview, InterviewSpec, Tone
from followup_desktop.ui.dialogs import validation as v
from followup_desktop.ui.dialogs._form import (
    Field,
    FormDialog,
    add_row,
    chain_tab_order,
    hint_label,
    tidy_form,
    warning_icon,
)
from followup_desktop.ui.dialogs._people import PersonEditor, PromiseList
from followup_desktop.ui.dialogs._time import OptionalDate, ZonedDateTimeEdit
from followup_desktop.ui.dialogs.application import (
    FORMAT_LABELS,
    TONE_LABELS,
    enum_combo,
    notes_edit,
)


def heading(app: Application | None, parent: QWidget) -> QLabel:
    label = QLabel(f"{app.company} — {app.role}" if app else "", parent)
    font = QFont(label.font())
    font.setBold(True)
    if font.pointSizeF() > 0:
        font.setPointSizeF(font.pointSizeF() * 1.15)
    label.setFont(font)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def find_round(app: Application | None, interview_id: int | None) -> Interview | None:
    if app is None or interview_id is None:
        return None
    return next((i for i in app.interviews if i.id == interview_id), None)


class InterviewDialog(FormDialog):
    """``InterviewDialog(ctx, app_id, interview_id=None)``: one round with its people and
    promises, saved with one ``store.save_interview`` call. :attr:`saved_id` is the
    round's id after ``accept``."""

    TAB_ROUND, TAB_PEOPLE, TAB_PROMISES = 0, 1, 2

    def __init__(self, ctx: AppContext, app_id: int, interview_id: int | None = None,
                 parent: QWidget | None = None) -> None:
        """The Round tab is built here, a row per field, read top to bottom like the
        form it makes (~65 lines); the People and Promises tabs are built apart."""
        super().__init__(parent)
        self.ctx = ctx
        self.app_id = app_id
        self.interview_id = interview_id
        self.app = ctx.application(app_id)
        self.round = find_round(self.app, interview_id)
        missing = self.app is None or (interview_id is not None and self.round is None)
        tz = ctx.tz()
        r = self.round
        self.setWindowTitle("Edit round" if interview_id is not None else "New round")
        self.resize(760, 600)

        outer = QVBoxLayout(self)
        outer.addWidget(heading(self.app, self))
        self.tabs = QTabWidget(self)
        self.tabs.setAccessibleName("Round details")
        outer.addWidget(self.tabs, 1)

        # -- Round -----------------------------------------------------------------------
        page = QWidget()
        form = tidy_form(QFormLayout(page))
        start = r.start if r else last_full_hour(
            ctx.now(), tz, ctx.settings().default_duration_minutes)
        self.start = ZonedDateTimeEdit(start, tz, page)
        self.duration = QSpinBox(page)
        self.duration.setRange(1, 24 * 60)
        self.duration.setSingleStep(15)
        self.duration.setSuffix(" min")
        self.duration.setValue(r.duration_minutes if r else
                               ctx.settings().default_duration_minutes)
        self.format = enum_combo(FORMAT_LABELS, r.format if r else Format.VIDEO, page)
        self.tone = enum_combo(TONE_LABELS, r.tone if r else Tone.FORMAL, page)
        default_decision = start.astimezone(tz).date() + dt.timedelta(days=7)
        self.decision = OptionalDate("They said they would &decide by",
                                     r.decision_by if r else None, default_decision, page)
        self.notes = notes_edit(r.notes if r else "",
                                "What was asked, what you answered, what comes next", page,
                                lines=6)
        add_row(form, "&Starts:", self.start, reason=False)
        add_row(form, "&Length:", self.duration, reason=False)
        add_row(form, "F&ormat:", self.format, reason=False)
        add_row(form, "&Tone:", self.tone, reason=False,
                hint="How the notes greet people from this round.")
        add_row(form, "Decision:", self.decision, reason=False,
                hint="Check-ins wait until this date has passed.")
        _, notes_r, _ = add_row(form, "&Notes:", self.notes)
        assert notes_r
        self.tabs.addTab(page, "&Round")
        self._round_fields = [
            Field(self.notes, lambda: v.text_problem(self.notes.toPlainText(), "Notes"),
                  notes_r, name="Notes", reveal=lambda: self.tabs.setCurrentIndex(0)),
        ]
        self._build_people_page()
        self._build_promises_page()
        self._load(r)

        outer.addWidget(self.footer())
        if missing:
            self.summary.set_reason("This round no longer exists." if self.app else
                                    "This application no longer exists.")
            self.ok_button.setEnabled(False)
        self._retab()
        self.start.edit.setFocus()

    def _build_people_page(self) -> None:
        """People: the list of those met (add, remove, reorder) beside the chosen one's
        editor."""
        people_page = QWidget()
        pl = QHBoxLayout(people_page)
        left = QVBoxLayout()
        self.people_list = QListWidget(people_page)
        self.people_list.setAccessibleName("People met in this round")
        self.people_list.setMaximumWidth(230)
        list_label = QLabel("P&eople met:", people_page)
        list_label.setBuddy(self.people_list)
        left.addWidget(list_label)
        left.addWidget(self.people_list, 1)
        row1, row2 = QHBoxLayout(), QHBoxLayout()
        self.add_person_button = QPushButton("&Add person", people_page)
        self.remove_person_button = QPushButton("Re&move", people_page)
        self.up_button = QPushButton("Move &up", people_page)
        self.down_button = QPushButton("Move do&wn", people_page)
        for b, name in ((self.add_person_button, "Add person"),
                        (self.remove_person_button, "Remove person"),
                        (self.up_button, "Move person up"),
                        (self.down_button, "Move person down")):
            b.setAccessibleName(name)
            b.setAutoDefault(False)
        row1.addWidget(self.add_person_button)
        row1.addWidget(self.remove_person_button)
        row2.addWidget(self.up_button)
        row2.addWidget(self.down_button)
        left.addLayout(row1)
        left.addLayout(row2)
        pl.addLayout(left)
        self.stack = QStackedWidget(people_page)
        self.empty_people = hint_label(
            "Nobody added yet.\n\nAdd each person you met: every one with an email gets "
            "their own thank-you note, and the talking points you note here make it "
            "personal.", self.stack)
        self.empty_people.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack.addWidget(self.empty_people)
        pl.addWidget(self.stack, 1)
        self.tabs.addTab(people_page, "&People")
        self.editors: list[PersonEditor] = []

        self.add_person_button.clicked.connect(self._add_clicked)
        self.remove_person_button.clicked.connect(self.remove_current_person)
        self.up_button.clicked.connect(lambda: self.move_current_person(-1))
        self.down_button.clicked.connect(lambda: self.move_current_person(+1))
        self.people_list.currentRowChanged.connect(self._show_row)

    def _build_promises_page(self) -> None:
        promises_page = QWidget()
        ppl = QVBoxLayout(promises_page)
        ppl.addWidget(hint_label("What you said you would send, and to whom. Each promise "
                                 "gets a reminder and the note mentions it.", promises_page))
        self.promises = PromiseList(promises_page,
                                    reveal=lambda: self.tabs.setCurrentIndex(self.TAB_PROMISES))
        ppl.addWidget(self.promises, 1)
        self.tabs.addTab(promises_page, "Pro&mises")
        self.promises.changed.connect(self._update_tab_titles)
        self.promises.changed.connect(self._retab)

    def _load(self, r: Interview | None) -> None:
        """The round's people and promises into their tabs."""
        if r is not None:
            for part in r.participants:
                self.add_person(part)
            by_person = {ed_part.person.id: ed for ed, ed_part in
                         zip(self.editors, r.participants, strict=True)}
            self._refresh_targets()
            for promise in r.promises:
                ed = by_person.get(promise.person_id) if promise.person_id else None
                self.promises.add(promise.what, id(ed) if ed else None)
        if self.editors:
            self.people_list.setCurrentRow(0)
        self._update_buttons()
        self._update_tab_titles()

    # -- people ---------------------------------------------------------------------------

    def _add_clicked(self) -> None:
        ed = self.add_person()
        ed.name.setFocus()

    def add_person(self, participant: object = None) -> PersonEditor:
        ed = PersonEditor(participant,  # type: ignore[arg-type]
                          duplicate_email=self._duplicate_email,
                          reveal=self._reveal_person, parent=self.stack)
        self.editors.append(ed)
        self.stack.addWidget(ed)
        item = QListWidgetItem(ed.display_name())
        self.people_list.addItem(item)
        ed.name_changed.connect(self._people_changed)
        ed.main_toggled.connect(lambda on, e=ed: self._main_toggled(e, on))
        ed.checked.connect(self._update_marks)
        self.people_list.setCurrentRow(len(self.editors) - 1)
        self._people_changed()
        return ed

    def remove_current_person(self) -> None:
        row = self.people_list.currentRow()
        if not 0 <= row < len(self.editors):
            return
        ed = self.editors.pop(row)
        self.people_list.takeItem(row)
        self.stack.removeWidget(ed)
        ed.hide()
        ed.deleteLater()
        if self.editors:
            self.people_list.setCurrentRow(min(row, len(self.editors) - 1))
        else:
            self.stack.setCurrentWidget(self.empty_people)
        self._people_changed()
        (self.people_list if self.editors else self.add_person_button).setFocus()

    def move_current_person(self, step: int) -> None:
        row = self.people_list.currentRow()
        to = row + step
        if not (0 <= row < len(self.editors) and 0 <= to < len(self.editors)):
            return
        self.editors.insert(to, self.editors.pop(row))
        item = self.people_list.takeItem(row)
        self.people_list.insertItem(to, item)
        self.people_list.setCurrentRow(to)
        self._people_changed()

    def _show_row(self, row: int) -> None:
        if 0 <= row < len(self.editors):
            self.stack.setCurrentWidget(self.editors[row])
        self._update_buttons()
        self._retab()

    def _retab(self) -> None:
        """Tab follows the layout: round fields, the people list and the shown person,
        the promise rows, then Save and Cancel (hidden pages are skipped by Qt)."""
        row = self.people_list.currentRow()
        person = self.editors[row].tab_widgets() if 0 <= row < len(self.editors) else []
        promises: list[QWidget] = []
        for prow in self.promises.rows:
            promises += [prow.what, prow.to, prow.remove]
        chain_tab_order([self.tabs, self.start.edit, self.duration, self.format, self.tone,
                         self.decision.check, self.decision.edit, self.notes,
                         self.people_list, self.add_person_button, self.remove_person_button,
                         self.up_button, self.down_button, *person, *promises,
                         self.promises.add_button, self.ok_button, self.cancel_button])

    def _reveal_person(self, ed: PersonEditor) -> None:
        self.tabs.setCurrentIndex(self.TAB_PEOPLE)
        if ed in self.editors:
            self.people_list.setCurrentRow(self.editors.index(ed))

    def _main_toggled(self, ed: PersonEditor, on: bool) -> None:
        if on:
            for other in self.editors:
                if other is not ed and other.main.isChecked():
                    other.main.setChecked(False)
        self._people_changed()

    def _duplicate_email(self, ed: PersonEditor, text: str) -> bool:
        key = text.strip().lower()
        return any(o is not ed and o.email.text().strip().lower() == key
                   for o in self.editors)

    def _people_changed(self) -> None:
        for i, ed in enumerate(self.editors):
            item = self.people_list.item(i)
            label = ed.display_name() + ("  (main contact)" if ed.main.isChecked() else "")
            item.setText(label)
        self._refresh_targets()
        self._update_buttons()
        self._update_tab_titles()
        self._update_marks()

    def _refresh_targets(self, *_: object) -> None:
        self.promises.set_targets([(id(ed), ed.display_name()) for ed in self.editors])

    def _update_marks(self) -> None:
        for i, ed in enumerate(self.editors):
            item = self.people_list.item(i)
            if item is not None:
                item.setIcon(warning_icon(self) if ed.has_shown_problem() else QIcon())

    def _update_buttons(self) -> None:
        row = self.people_list.currentRow()
        has = 0 <= row < len(self.editors)
        self.remove_person_button.setEnabled(has)
        self.up_button.setEnabled(has and row > 0)
        self.down_button.setEnabled(has and row < len(self.editors) - 1)

    def _update_tab_titles(self) -> None:
        n, m = len(self.editors), len(self.promises.rows)
        self.tabs.setTabText(self.TAB_PEOPLE, f"&People ({n})" if n else "&People")
        self.tabs.setTabText(self.TAB_PROMISES, f"Pro&mises ({m})" if m else "Pro&mises")

    # -- saving ---------------------------------------------------------------------------

    def fields(self) -> Iterable[Field]:
        yield from self._round_fields
        for ed in self.editors:
            yield from ed.fields()
        yield from self.promises.fields()

    def _resolve(self, key: Hashable) -> str | None:
        for ed in self.editors:
            if id(ed) == key:
                return ed.promise_key()
        return None

    def spec(self) -> InterviewSpec:
        r = self.round
        return InterviewSpec(
            start=self.start.value(),
            duration_minutes=self.duration.value(),
            format=Format(self.format.currentData()),
            tone=Tone(self.tone.currentData()),
            decision_by=self.decision.value(),
            notes=self.notes.toPlainText().strip(),
            reflection=r.reflection if r else "",
            interviewers=tuple(ed.spec() for ed in self.editors),
            promises=self.promises.specs(self._resolve),
            uid=r.uid if r else None,
        )

    def save(self) -> None:
        self.saved_id = self.ctx.store.save_interview(self.app_id, self.interview_id,
                                                      self.spec())
