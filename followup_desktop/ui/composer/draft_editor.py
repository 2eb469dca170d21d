"""One recipient's draft in the composer: To, subject, body and attachments, autosaved.

The editor writes nothing itself: it hands the draft to :attr:`EditorHooks.save`, which
the pane gives it (``ComposerPane._save_draft``), and shows whether that worked.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.compose import CheckResult, Draft
from followup_desktop.humanize import escape_markup
from followup_desktop.records import Application, FollowupWindow, Kind
from followup_desktop.store import StoreError
from followup_desktop.ui import colours
from followup_desktop.ui.composer.common import errors_in_words, muted
from followup_desktop.ui.focus import focus_ring
from followup_desktop.ui.spell_highlighter import SpellHighlighter


class AttachmentChip(QFrame):
    """A file name with a remove button."""

    removed = Signal(str)

    def __init__(self, path: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self.setFrameShape(QFrame.Shape.StyledPanel)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(6, 1, 2, 1)
        lay.setSpacing(2)
        name = Path(path).name
        self.label = QLabel(name, self)
        exists = Path(path).is_file()
        self.label.setToolTip(path if exists else f"{path}\nThis file is no longer there.")
        if not exists:
            self.label.setText(f"{name} (missing)")
        self.remove_button = QToolButton(self)
        self.remove_button.setText("\u00d7")
        self.remove_button.setAutoRaise(True)
        self.remove_button.setAccessibleName(f"Remove {name}")
        self.remove_button.setToolTip(f"Remove {name}")
        self.remove_button.clicked.connect(lambda: self.removed.emit(self.path))
        lay.addWidget(self.label)
        lay.addWidget(self.remove_button)
        self.setAccessibleName(f"Attachment {name}")


@dataclasses.dataclass(frozen=True)
class EditorHooks:
    """What a :class:`DraftEditor` asks of the pane that holds it."""

    #: write the draft of that follow-up; returns when it was saved (raises
    #: :class:`~followup_desktop.store.StoreError` or :class:`OSError` when refused)
    save: Callable[[FollowupWindow, Draft], dt.datetime]
    #: the LinkedIn note's length limit now (the settings may change while it is open)
    note_limit: Callable[[], int]
    #: the spelling menu's "Add to dictionary"
    add_word: Callable[[str], None]
    #: run the checks again soon (a word was added)
    recheck: Callable[[], None]
    #: open a LinkedIn profile in the browser
    open_profile: Callable[[str], None]
    #: the change line's "Reset to template" link
    reset: Callable[[], None] | None = None


class DraftEditor(QWidget):
    """One recipient's draft: To (read-only), subject, body, attachments; autosaved
    through :attr:`EditorHooks.save`. ``app`` is the application the follow-up is for."""

    edited = Signal()
    save_state_changed = Signal()
    #: the draft was written to the store
    saved = Signal()

    def __init__(self, window: FollowupWindow, draft: Draft, saved: bool, autosave_ms: int, *,
                 app: Application | None, hooks: EditorHooks,
                 parent: QWidget | None = None, from_template: bool | None = None) -> None:
        super().__init__(parent)
        self.hooks = hooks
        self.app = app
        self.followup = window
        self.draft = draft  # the draft as last loaded (recipient fields never change)
        self.attachments: list[str] = list(draft.attachments)
        self.dirty = False
        self.has_saved_draft = saved
        #: the text shown is exactly the template's, made from today's inputs
        self.from_template = (not saved) if from_template is None else from_template
        #: what the template's text was made from when it was shown (``compose.basis``)
        self.basis: dict[str, str] = {}
        self.save_error: str | None = None
        self.saved_at: dt.datetime | None = None
        self._loading = False
        self.results: list[CheckResult] = []
        self.setAccessibleName(f"Draft to {draft.to_name or 'the recipient'}")

        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 6, 0, 0)
        lay.setSpacing(6)
        self.change_label = QLabel(self)
        self.change_label.setObjectName("draftChanged")
        self.change_label.setAccessibleName("What changed since you edited this note")
        self.change_label.setWordWrap(True)
        self.change_label.setTextFormat(Qt.TextFormat.RichText)
        self.change_label.linkActivated.connect(self._change_link)
        self.change_label.hide()
        lay.addWidget(self.change_label)
        lay.addLayout(self._build_form())
        self._build_body(lay)
        self._build_attachments(lay)

        self.autosave_timer = QTimer(self)
        self.autosave_timer.setSingleShot(True)
        self.autosave_timer.setInterval(autosave_ms)
        self.autosave_timer.timeout.connect(self.save_now)
        self.subject.textEdited.connect(self._on_edit)
        self.body.textChanged.connect(self._on_body_changed)
        self._update_counter()

    def _build_form(self) -> QFormLayout:
        """To (with the profile button of a LinkedIn note) and Subject."""
        draft, kind = self.draft, self.followup.kind
        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.setHorizontalSpacing(8)
        form.setVerticalSpacing(4)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)

        self.to_field = QLineEdit(self)
        self.to_field.setReadOnly(True)
        self.to_field.setFrame(False)
        self.to_field.setAccessibleName("To")
        self.to_field.setBackgroundRole(QPalette.ColorRole.Window)
        self.to_field.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.profile_button: QPushButton | None = None
        to_row = QHBoxLayout()
        to_row.setContentsMargins(0, 0, 0, 0)
        to_row.addWidget(self.to_field, 1)
        if kind is Kind.LINKEDIN_NOTE:
            person = self.app.person(self.followup.person_id) if self.app else None
            url = (person.linkedin or "").strip() if person else ""
            short = url.removeprefix("https://").removeprefix("http://").removeprefix("www.")
            self.to_field.setText(f"{draft.to_name}  \u00b7  {short}" if url else draft.to_name)
            self.profile_button = QPushButton("Open &profile", self)
            self.profile_button.setAccessibleName("Open LinkedIn profile")
            self.profile_button.setToolTip(url or "No LinkedIn address is recorded.")
            self.profile_button.setEnabled(bool(url))
            self.profile_button.clicked.connect(lambda: self.hooks.open_profile(url))
            to_row.addWidget(self.profile_button)
        elif draft.to_email:
            self.to_field.setText(f"{draft.to_name} <{draft.to_email}>")
        else:
            self.to_field.setText(f"{draft.to_name} (no email address recorded)")
        self.to_field.setCursorPosition(0)
        to_label = QLabel("To:", self)
        to_label.setBuddy(self.to_field)
        form.addRow(to_label, to_row)

        self.subject = QLineEdit(draft.subject, self)
        self.subject.setCursorPosition(0)  # a long subject shows its beginning, not its end
        self.subject.setAccessibleName("Subject")
        self.subject.setPlaceholderText("Subject")
        subject_label = QLabel("&Subject:", self)
        subject_label.setBuddy(self.subject)
        if kind.is_email:
            form.addRow(subject_label, self.subject)
        else:
            self.subject.hide()
            subject_label.hide()
        return form

    def _build_body(self, lay: QVBoxLayout) -> None:
        """The message, spell-checked, and a LinkedIn note's character counter."""
        draft, kind = self.draft, self.followup.kind
        self.body = QPlainTextEdit(self)
        self.body.setPlainText(draft.body)
        self._last_body = self.body.toPlainText()
        self.body.setAccessibleName("Message")
        self.body.setTabChangesFocus(True)
        self.body.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.body.setMinimumHeight(90)
        focus_ring(self.body)
        lay.addWidget(self.body, 1)
        self.highlighter = SpellHighlighter(self.body, add_word=self.hooks.add_word)
        self.highlighter.word_added.connect(lambda _w: self.hooks.recheck())

        self.counter = QLabel(self)
        self.counter.setAccessibleName("Characters")
        muted(self.counter)
        self.counter.setVisible(kind is Kind.LINKEDIN_NOTE)
        lay.addWidget(self.counter, 0, Qt.AlignmentFlag.AlignRight)

    def _build_attachments(self, lay: QVBoxLayout) -> None:
        """Attachments: for promises (materials, and thank-you notes with a promise)."""
        self.attach_row = QWidget(self)
        arow = QHBoxLayout(self.attach_row)
        arow.setContentsMargins(0, 0, 0, 0)
        arow.setSpacing(4)
        self.attach_label = QLabel("Attachments:", self.attach_row)
        muted(self.attach_label)
        arow.addWidget(self.attach_label)
        self.chips = QHBoxLayout()
        self.chips.setSpacing(4)
        arow.addLayout(self.chips)
        self.attach_button = QPushButton("&Attach file\u2026", self.attach_row)
        self.attach_button.setAccessibleName("Attach a file")
        self.attach_button.clicked.connect(self.choose_attachments)
        arow.addWidget(self.attach_button)
        arow.addStretch(1)
        self.attach_row.setVisible(self._wants_attachments())
        lay.addWidget(self.attach_row)
        self._show_chips()

    # -- state ------------------------------------------------------------------------------

    @property
    def key(self) -> str:
        return self.followup.key

    def _wants_attachments(self) -> bool:
        kind = self.followup.kind
        if kind is Kind.MATERIALS:
            return True
        if kind is not Kind.THANK_YOU or self.app is None:
            return bool(self.attachments)
        app = self.app
        for iv in app.interviews:
            if iv.id == self.followup.interview_id:
                return any(p.person_id == self.followup.person_id for p in iv.promises)
        return bool(self.attachments)

    def current_draft(self) -> Draft:
        subject = self.subject.text() if self.followup.kind.is_email else self.draft.subject
        return dataclasses.replace(self.draft, subject=subject,
                                   body=self.body.toPlainText(),
                                   attachments=tuple(self.attachments))

    def set_change_line(self, text: str) -> None:
        """``"Dana's talking points changed — Reset to template to use them."``, or
        nothing: the line above an edited draft whose inputs changed since."""
        if not text:
            self.change_label.setText("")
            self.change_label.hide()
            return
        import html as _html

        html = _html.escape(text, quote=False).replace(
            "Reset to template", "<a href='reset'>Reset to template</a>", 1)
        self.change_label.setText(html)
        self.change_label.show()

    def _change_link(self, _href: str) -> None:
        if self.hooks.reset is not None:
            self.hooks.reset()

    def load(self, draft: Draft, saved: bool) -> None:
        """Show ``draft`` (e.g. after "Reset to template") without counting it as an edit."""
        self._loading = True
        try:
            self.draft = draft
            self.subject.setText(draft.subject)
            self.subject.setCursorPosition(0)
            self.body.setPlainText(draft.body)
            self._last_body = self.body.toPlainText()
            self.attachments = list(draft.attachments)
            self._show_chips()
        finally:
            self._loading = False
        self.dirty = False
        self.has_saved_draft = saved
        self.from_template = not saved
        self.saved_at = None
        self.save_error = None
        self.autosave_timer.stop()
        self._update_counter()
        self.save_state_changed.emit()
        self.edited.emit()

    def _on_body_changed(self) -> None:
        # Re-highlighting also emits textChanged: only a change of the text is an edit.
        text = self.body.toPlainText()
        if text == self._last_body:
            return
        self._last_body = text
        self._update_counter()
        if not self._loading:
            self._on_edit()

    def _on_edit(self, *_: object) -> None:
        if self._loading:
            return
        self.dirty = True
        self.from_template = False
        self.autosave_timer.start()
        self.save_state_changed.emit()
        self.edited.emit()

    def _update_counter(self) -> None:
        if self.followup.kind is not Kind.LINKEDIN_NOTE:
            return
        limit = self.hooks.note_limit()
        n = len(self.body.toPlainText().strip())
        self.counter.setText(f"{n} / {limit} characters")
        over = n > limit
        pal = self.counter.palette()
        if over:
            pal.setColor(QPalette.ColorRole.WindowText, colours.warning(self.palette()))
            self.counter.setForegroundRole(QPalette.ColorRole.WindowText)
        else:
            self.counter.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.counter.setPalette(pal)

    def save_now(self) -> bool:
        """Write the draft to the store if it changed; ``False`` (and :attr:`save_error`)
        when the store refused — the text stays in the editor and is tried again later."""
        self.autosave_timer.stop()
        if not self.dirty:
            return True
        try:
            saved_at = self.hooks.save(self.followup, self.current_draft())
        except (StoreError, OSError) as exc:
            self.save_error = errors_in_words(exc)
            self.save_state_changed.emit()
            return False
        self.dirty = False
        self.has_saved_draft = True
        self.save_error = None
        self.saved_at = saved_at
        self.save_state_changed.emit()
        self.saved.emit()
        return True

    def save_state_text(self, tz: dt.tzinfo) -> str:
        """Where the draft stands, for the pane's status line (rich text)."""
        if self.save_error:
            colour = colours.warning(self.palette()).name()
            why = self.save_error.removeprefix("Not saved: ")  # the store's words say it
            return f"<span style='color:{colour}'>Not saved: {escape_markup(why)}</span>"
        if self.dirty:
            return "Editing\u2026"
        if self.from_template:
            return "From the template"
        if self.saved_at is not None:
            return f"Saved {self.saved_at.astimezone(tz):%H:%M}"
        if self.has_saved_draft:
            return "Your edits are saved"
        return ""

    # -- attachments ------------------------------------------------------------------------

    def _show_chips(self) -> None:
        while self.chips.count():
            item = self.chips.takeAt(0)
            w = item.widget() if item is not None else None
            if w is not None:
                w.hide()
                w.deleteLater()
        for path in self.attachments:
            chip = AttachmentChip(path, self.attach_row)
            chip.removed.connect(self.remove_attachment)
            self.chips.addWidget(chip)
        if self.attachments:
            self.attach_row.setVisible(True)

    def add_attachments(self, paths: list[str]) -> None:
        new = [str(Path(p).absolute()) for p in paths if p and str(Path(p).absolute())
               not in self.attachments]
        if not new:
            return
        self.attachments.extend(new)
        self._show_chips()
        self._on_edit()

    def remove_attachment(self, path: str) -> None:
        if path in self.attachments:
            self.attachments.remove(path)
            self._show_chips()
            self._on_edit()
            self.attach_button.setFocus()

    def choose_attachments(self) -> None:
        start = str(Path(self.attachments[-1]).parent) if self.attachments else str(Path.home())
        from PySide6.QtWidgets import QFileDialog  # on the first use (its type, 5 enums)

        files, _ = QFileDialog.getOpenFileNames(self, "Attach files", start)
        self.add_attachments(list(files))
