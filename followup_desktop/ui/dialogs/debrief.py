"""The debrief: a short form right after a round, while it is fresh.

2-3 talking points per interviewer, the decision date they stated, the promises made and
the user's own reflection — they feed the schedule and the drafts. Saved with one
``save_interview`` call that keeps every other field of the round as it was.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Iterable, Sequence

from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QGroupBox,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.context import AppContext
from followup_desktop.humanize import local_when
from followup_desktop.records import InterviewSpec, Participant, PersonSpec
from followup_desktop.ui.dialogs import validation as v
from followup_desktop.ui.dialogs._form import (
    Field,
    FormDialog,
    chain_tab_order,
    field_box,
    hint_label,
    tidy_form,
)
from followup_desktop.ui.dialogs._people import PointsField, PromiseList
from followup_desktop.ui.dialogs._time import OptionalDate
from followup_desktop.ui.dialogs.application import FORMAT_LABELS, notes_edit
from followup_desktop.ui.dialogs.interview import find_round, heading


def person_caption(part: Participant) -> str:
    p = part.person
    text = p.name + (f", {p.title}" if p.title else "")
    return text + (" — main contact" if part.main_contact else "")


class DebriefDialog(FormDialog):
    """``DebriefDialog(ctx, app_id, interview_id)``; :attr:`saved_id` is the round's id."""

    ok_text = "Save debrief"

    def __init__(self, ctx: AppContext, app_id: int, interview_id: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.app_id = app_id
        self.interview_id = interview_id
        self.app = ctx.application(app_id)
        self.round = find_round(self.app, interview_id)
        tz = ctx.tz()
        r = self.round
        self.setWindowTitle("Debrief")
        self.resize(640, 660)

        outer = QVBoxLayout(self)
        outer.addWidget(heading(self.app, self))
        if r is not None:
            when = local_when(r.start, tz, ctx.now())
            sub = f"{FORMAT_LABELS[r.format]} round, {when}. Write it down while it is fresh."
        else:
            sub = "This round no longer exists."
        outer.addWidget(hint_label(sub, self))

        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget()
        scroll.setWidget(body)
        lay = QVBoxLayout(body)
        lay.setContentsMargins(0, 0, 8, 0)
        outer.addWidget(scroll, 1)

        self._fields: list[Field] = []
        self.points: list[PointsField] = []
        parts = r.participants if r else ()
        chain: list[QWidget] = []
        lay.addWidget(self._talking_points_box(body, parts, chain))
        lay.addWidget(self._decision_box(body, chain))
        lay.addWidget(self._promises_box(body, parts))
        lay.addWidget(self._reflection_box(body))
        lay.addStretch(1)

        outer.addWidget(self.footer())
        if r is None:
            self.ok_button.setEnabled(False)
            self.summary.set_reason("This round no longer exists.")
        self._head = chain
        self.promises.changed.connect(self._retab)
        self._retab()
        (chain[0] if parts else self.decision.check).setFocus()

    def _talking_points_box(self, body: QWidget, parts: Sequence[Participant],
                            chain: list[QWidget]) -> QGroupBox:
        """Talking points, one field per interviewer (each added to ``chain``)."""
        box = QGroupBox("Talking points", body)
        tl = QVBoxLayout(box)
        tl.addWidget(hint_label("Two or three specific things each person said — a project, "
                                "a problem, a question they asked. The notes quote them.", box))
        for part in parts:
            field = PointsField(part.talking_points, box)
            label = QLabel(person_caption(part) + ":", box)
            label.setWordWrap(True)
            label.setBuddy(field.edit)
            font = label.font()
            font.setBold(True)
            label.setFont(font)
            field.edit.setAccessibleName(f"Talking points for {part.person.name}")
            tl.addSpacing(4)
            tl.addWidget(label)
            tl.addWidget(field)
            self.points.append(field)
            self._fields.append(field.field(f"Talking points for {part.person.name}"))
            chain.append(field.edit)
        if not parts:
            tl.addWidget(hint_label("No people recorded for this round. Add them with "
                                    "“Edit round” to get one thank-you note per person.", box))
        return box

    def _decision_box(self, body: QWidget, chain: list[QWidget]) -> QGroupBox:
        r, tz = self.round, self.ctx.tz()
        dbox = QGroupBox("Decision timeline", body)
        dform = tidy_form(QFormLayout(dbox))
        default_date = (r.start.astimezone(tz).date() if r else self.ctx.now().date())
        self.decision = OptionalDate("They said they would &decide by",
                                     r.decision_by if r else None,
                                     default_date + dt.timedelta(days=7), dbox)
        dform.addRow(self.decision)
        dform.addRow(hint_label("Your check-in waits until this date has passed.", dbox))
        chain += [self.decision.check, self.decision.edit]
        return dbox

    def _promises_box(self, body: QWidget, parts: Sequence[Participant]) -> QGroupBox:
        r = self.round
        pbox = QGroupBox("Promises", body)
        pl = QVBoxLayout(pbox)
        self.promises = PromiseList(pbox)
        self._people = {p.person.id: p for p in parts}
        self.promises.set_targets([(p.person.id, p.person.name) for p in parts])
        if r is not None:
            for promise in r.promises:
                key = promise.person_id if promise.person_id in self._people else None
                self.promises.add(promise.what, key)
        pl.addWidget(self.promises)
        return pbox

    def _reflection_box(self, body: QWidget) -> QGroupBox:
        """The private reflection; its field is the last of :attr:`_fields`."""
        r = self.round
        rbox = QGroupBox("Reflection (private)", body)
        rl = QVBoxLayout(rbox)
        self.reflection = notes_edit(
            r.reflection if r else "",
            "What went well? What would you answer differently? What do you want to ask "
            "next time?", rbox, lines=5)
        self.reflection.setAccessibleName("Reflection")
        rbox_field, reflection_r, _ = field_box(self.reflection, parent=rbox)
        rl.addWidget(rbox_field)
        self._fields.append(Field(self.reflection,
                                  lambda: v.text_problem(self.reflection.toPlainText(),
                                                         "Reflection"),
                                  reflection_r, name="Reflection"))
        return rbox

    def _retab(self) -> None:
        """Tab follows the layout, including promise rows added or removed."""
        rows: list[QWidget] = []
        for row in self.promises.rows:
            rows += [row.what, row.to, row.remove]
        chain_tab_order([*self._head, *rows, self.promises.add_button, self.reflection,
                         self.ok_button, self.cancel_button])

    def fields(self) -> Iterable[Field]:
        yield from self._fields[:-1]
        yield from self.promises.fields()
        yield self._fields[-1]

    def _resolve(self, key: Hashable) -> str | None:
        part = self._people.get(key)  # type: ignore[call-overload]
        if part is None:
            return None
        return part.person.email or part.person.name

    def spec(self) -> InterviewSpec:
        r = self.round
        assert r is not None
        people = tuple(
            PersonSpec(name=p.person.name, title=p.person.title, email=p.person.email,
                       linkedin=p.person.linkedin, salutation=p.person.salutation,
                       main_contact=p.main_contact, talking_points=field.points())
            for p, field in zip(r.participants, self.points, strict=True))
        return InterviewSpec(
            start=r.start, duration_minutes=r.duration_minutes, format=r.format, tone=r.tone,
            decision_by=self.decision.value(), notes=r.notes,
            reflection=self.reflection.toPlainText().strip(),
            interviewers=people, promises=self.promises.specs(self._resolve), uid=r.uid)

    def save(self) -> None:
        self.saved_id = self.ctx.store.save_interview(self.app_id, self.interview_id,
                                                      self.spec())


__all__ = ["DebriefDialog"]
