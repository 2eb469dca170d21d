"""The composer pane (placeholder): the selected follow-up's details, calmly laid out.

The real composer (drafting, checks, export) replaces this class later and keeps its
interface: ``ComposerPane(ctx, parent=None)`` and ``set_followup(window, app)``.
"""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from followup_desktop.humanize import local_when, window_phrase
from followup_desktop.records import Application, Kind, Window, WindowState
from followup_desktop.ui import colours

_WHAT = {
    Kind.DEBRIEF: "Private notes while the round is fresh: two or three things each "
                  "interviewer said, what they said about timing, anything you promised.",
    Kind.THANK_YOU: "A short, personal thank-you to one interviewer, naming something "
                    "they said.",
    Kind.MATERIALS: "Send what you promised, attached, with one line of context.",
    Kind.CHECK_IN_1: "A polite check-in on the decision, now that the stated date has passed.",
    Kind.CHECK_IN_2: "A last, brief check-in; after this one, let it rest.",
    Kind.REJECTION_REPLY: "Thank them, ask for feedback, and say you'd welcome future roles.",
    Kind.STAY_IN_TOUCH: "A light note to keep the connection, asking nothing about this job.",
    Kind.LINKEDIN_NOTE: "A short connection note (300 characters at most).",
    Kind.OFFER_CONFIRMATION: "Thank them for the offer and ask for it in writing.",
}


class ComposerPane(QWidget):
    """Shows one follow-up (or the selected application) until the composer lands."""

    def __init__(self, ctx: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.current_window: Window | None = None
        self.current_app: Application | None = None
        self.setAccessibleName("Follow-up details")

        self.title = QLabel(self)
        self.title.setObjectName("composerTitle")
        f = QFont(self.title.font())
        f.setPointSizeF(f.pointSizeF() * 1.3)
        f.setWeight(QFont.Weight.DemiBold)
        self.title.setFont(f)
        self.title.setWordWrap(True)
        self.subtitle = QLabel(self)
        self.subtitle.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.subtitle.setWordWrap(True)
        self.body = QLabel(self)
        self.body.setObjectName("composerBody")
        self.body.setWordWrap(True)
        self.body.setTextFormat(Qt.TextFormat.RichText)
        self.body.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse |
                                          Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.body.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.body.setAccessibleName("Follow-up details")

        inner = QWidget()
        lay = QVBoxLayout(inner)
        lay.setContentsMargins(16, 12, 16, 12)
        lay.setSpacing(6)
        lay.addWidget(self.title)
        lay.addWidget(self.subtitle)
        lay.addSpacing(6)
        lay.addWidget(self.body)
        lay.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(inner)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self.set_followup(None, None)

    def set_followup(self, window: Window | None, app: Application | None) -> None:
        self.current_window, self.current_app = window, app
        if window is not None:
            self._show_window(window, app)
        elif app is not None:
            self._show_app(app)
        else:
            self.title.setText("Nothing selected")
            self.subtitle.setText("Pick an interview in the table or a follow-up in the "
                                  "agenda to see it here.")
            self.body.setText("")

    # -- content ----------------------------------------------------------------------------

    def _rows(self, rows: list[tuple[str, str]]) -> str:
        muted = colours.muted(self.palette()).name()
        cells = "".join(
            f"<tr><td style='color:{muted}; padding:2px 14px 2px 0'>{html.escape(k)}</td>"
            f"<td style='padding:2px 0'>{v}</td></tr>" for k, v in rows if v)
        return f"<table cellspacing='0'>{cells}</table>"

    def _show_window(self, w: Window, app: Application | None) -> None:
        now = self.ctx.now()
        tz = self.ctx.tz()
        who = f" to {w.recipient}" if w.recipient else ""
        self.title.setText(f"{w.kind.label}{who}")
        self.subtitle.setText(f"{w.company} — {w.role}")
        phrase = html.escape(window_phrase(w, now))
        if w.state is WindowState.OVERDUE:
            phrase = f"<span style='color:{colours.warning(self.palette()).name()}'>{phrase}</span>"
        rows = [("When", phrase),
                ("Opens", html.escape(local_when(w.opens_at, tz, now))),
                ("Due", html.escape(local_when(w.due_at, tz, now)) if w.due_at else "no deadline"),
                ("Still worth it until",
                 html.escape(local_when(w.late_until, tz, now)) if w.late_until else ""),
                ("To", html.escape(w.to or ("" if w.kind is Kind.DEBRIEF else "no email known")))]
        extra = dict(w.extra)
        if extra.get("what"):
            rows.append(("Promised", html.escape(extra["what"])))
        points = self._talking_points(w, app)
        parts = [self._rows(rows)]
        parts.append(f"<p>{html.escape(_WHAT.get(w.kind, ''))}</p>")
        if points:
            items = "".join(f"<li>{html.escape(p)}</li>" for p in points)
            parts.append(f"<p><b>Talking points</b></p><ul style='margin-top:0'>{items}</ul>")
        elif w.kind is not Kind.DEBRIEF and w.person_id is not None:
            parts.append("<p><i>No talking points recorded for this person yet — a debrief "
                         "makes the note personal.</i></p>")
        self.body.setText("".join(parts))

    def _talking_points(self, w: Window, app: Application | None) -> list[str]:
        if app is None or w.person_id is None:
            return []
        rounds = [iv for iv in app.interviews if iv.id == w.interview_id] or list(app.interviews)
        points: list[str] = []
        for iv in rounds:
            for p in iv.participants:
                if p.person.id == w.person_id:
                    points.extend(p.talking_points)
        return points

    def _show_app(self, app: Application) -> None:
        tz = self.ctx.tz()
        now = self.ctx.now()
        self.title.setText(app.company)
        self.subtitle.setText(app.role)
        rows = []
        for n, iv in enumerate(app.interviews, 1):
            people = ", ".join(p.person.name for p in iv.participants) or "no one recorded"
            rows.append((f"Round {n}", html.escape(f"{local_when(iv.start, tz, now)} · "
                                                   f"{iv.format.value} · {people}")))
        if not rows:
            rows.append(("Rounds", "none yet"))
        parts = [self._rows(rows)]
        if app.notes:
            parts.append(f"<p>{html.escape(app.notes)}</p>")
        parts.append("<p><i>Pick one of its follow-ups in the agenda to see it here.</i></p>")
        self.body.setText("".join(parts))
