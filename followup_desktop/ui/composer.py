"""The composer pane: a personal, checked draft for each recipient of the selected follow-up.

``ComposerPane(ctx, parent=None)``; ``set_followup(window, app)`` shows a follow-up (or the
empty state). A panel's thank-you notes get one tab per interviewer with an email. The
subject and body are edited in place; the checks of ``compose.run_checks`` are re-run
150 ms after typing stops and shown beside the draft; unknown words are underlined; the
draft is saved 1.5 s after typing stops, when focus leaves the editor, when another
follow-up is shown and when the pane is hidden or the application quits (:meth:`flush`).

Signals: :attr:`changed` — data that affects the plan was written (sent, skipped, exported,
debrief done, undo); :attr:`saved` — a draft was autosaved (the agenda may show "drafted").

Keyboard: Ctrl+E exports .eml, Ctrl+Return opens the mail app (it leaves the final send to
the mail app, so nothing irreversible hangs on a chord), Ctrl+Shift+C copies the message,
Alt+M marks as sent (the button's mnemonic), Ctrl+PgUp/PgDown switch recipients.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import (
    QDesktopServices,
    QFont,
    QGuiApplication,
    QKeySequence,
    QPalette,
    QShortcut,
)
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QStyle,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.compose import (
    CheckResult,
    Draft,
    DraftError,
    blocking_problems,
    check_context,
    compose_drafts,
    run_checks,
)
from followup_desktop.compose.checks import _known_words
from followup_desktop.drafting import drafts_for
from followup_desktop.humanize import escape_markup, local_when, window_phrase
from followup_desktop.records import Application, Kind, Window
from followup_desktop.schedule.agenda import windows_of
from followup_desktop.services import drafts as drafts_service
from followup_desktop.services.drafts import EXPORT_DIR_KEY
from followup_desktop.store import StoreError
from followup_desktop.ui import colours
from followup_desktop.ui.spell_highlighter import SpellHighlighter

CHECK_DELAY_MS = 150
AUTOSAVE_MS = 1500
EMPTY_TEXT = "Select a follow-up in the agenda or the table"

_PLURAL = {
    Kind.THANK_YOU: "Thank-you notes",
    Kind.LINKEDIN_NOTE: "LinkedIn notes",
    Kind.MATERIALS: "Promised materials",
}


def _errors_in_words(exc: BaseException) -> str:
    """An error as a sentence for the user (never a traceback)."""
    if isinstance(exc, OSError):
        what = exc.strerror or str(exc) or "the file could not be written"
        where = f" ({exc.filename})" if exc.filename else ""
        return f"{what[:1].upper()}{what[1:]}{where}."
    text = str(exc).strip() or type(exc).__name__
    return text if text.endswith((".", "!", "?")) else text + "."


def _default_export_dir() -> Path:
    home = Path.home()
    for name in ("Desktop", "Documents"):
        if (home / name).is_dir():
            return home / name
    return home


def _bold(label: QLabel, scale: float = 1.0) -> None:
    f = QFont(label.font())
    if scale != 1.0:
        f.setPointSizeF(f.pointSizeF() * scale)
    f.setWeight(QFont.Weight.DemiBold)
    label.setFont(f)


def _muted(label: QLabel) -> None:
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)


# --------------------------------------------------------------------------- one draft


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


class DraftEditor(QWidget):
    """One recipient's draft: To (read-only), subject, body, attachments; autosaved."""

    edited = Signal()
    save_state_changed = Signal()

    def __init__(self, pane: ComposerPane, window: Window, draft: Draft,
                 saved: bool, autosave_ms: int) -> None:
        super().__init__(pane)
        self.pane = pane
        self.followup = window
        self.draft = draft  # the draft as last loaded (recipient fields never change)
        self.attachments: list[str] = list(draft.attachments)
        self.dirty = False
        self.has_saved_draft = saved
        self.save_error: str | None = None
        self.saved_at: dt.datetime | None = None
        self._loading = False
        self.results: list[CheckResult] = []
        kind = window.kind
        self.setAccessibleName(f"Draft to {draft.to_name or 'the recipient'}")

        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 6, 0, 0)
        lay.setSpacing(6)
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
            person = pane.current_app.person(window.person_id) if pane.current_app else None
            url = (person.linkedin or "").strip() if person else ""
            short = url.removeprefix("https://").removeprefix("http://").removeprefix("www.")
            self.to_field.setText(f"{draft.to_name}  \u00b7  {short}" if url else draft.to_name)
            self.profile_button = QPushButton("Open &profile", self)
            self.profile_button.setAccessibleName("Open LinkedIn profile")
            self.profile_button.setToolTip(url or "No LinkedIn address is recorded.")
            self.profile_button.setEnabled(bool(url))
            self.profile_button.clicked.connect(lambda: pane.open_profile(url))
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
        self.subject.setAccessibleName("Subject")
        self.subject.setPlaceholderText("Subject")
        subject_label = QLabel("&Subject:", self)
        subject_label.setBuddy(self.subject)
        if kind.is_email:
            form.addRow(subject_label, self.subject)
        else:
            self.subject.hide()
            subject_label.hide()
        lay.addLayout(form)

        self.body = QPlainTextEdit(self)
        self.body.setPlainText(draft.body)
        self._last_body = self.body.toPlainText()
        self.body.setAccessibleName("Message")
        self.body.setTabChangesFocus(True)
        self.body.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.body.setMinimumHeight(90)
        lay.addWidget(self.body, 1)
        self.highlighter = SpellHighlighter(self.body, add_word=pane.add_word)
        self.highlighter.word_added.connect(lambda _w: pane.schedule_check())

        self.counter = QLabel(self)
        self.counter.setAccessibleName("Characters")
        _muted(self.counter)
        self.counter.setVisible(kind is Kind.LINKEDIN_NOTE)
        lay.addWidget(self.counter, 0, Qt.AlignmentFlag.AlignRight)

        # -- attachments: for promises (materials, and thank-you notes with a promise)
        self.attach_row = QWidget(self)
        arow = QHBoxLayout(self.attach_row)
        arow.setContentsMargins(0, 0, 0, 0)
        arow.setSpacing(4)
        self.attach_label = QLabel("Attachments:", self.attach_row)
        _muted(self.attach_label)
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

        self.autosave_timer = QTimer(self)
        self.autosave_timer.setSingleShot(True)
        self.autosave_timer.setInterval(autosave_ms)
        self.autosave_timer.timeout.connect(self.save_now)
        self.subject.textEdited.connect(self._on_edit)
        self.body.textChanged.connect(self._on_body_changed)
        self._update_counter()

    # -- state ------------------------------------------------------------------------------

    @property
    def key(self) -> str:
        return self.followup.key

    def _wants_attachments(self) -> bool:
        kind = self.followup.kind
        if kind is Kind.MATERIALS:
            return True
        if kind is not Kind.THANK_YOU or self.pane.current_app is None:
            return bool(self.attachments)
        app = self.pane.current_app
        for iv in app.interviews:
            if iv.id == self.followup.interview_id:
                return any(p.person_id == self.followup.person_id for p in iv.promises)
        return bool(self.attachments)

    def current_draft(self) -> Draft:
        subject = self.subject.text() if self.followup.kind.is_email else self.draft.subject
        return dataclasses.replace(self.draft, subject=subject,
                                   body=self.body.toPlainText(),
                                   attachments=tuple(self.attachments))

    def load(self, draft: Draft, saved: bool) -> None:
        """Show ``draft`` (e.g. after "Reset to template") without counting it as an edit."""
        self._loading = True
        try:
            self.draft = draft
            self.subject.setText(draft.subject)
            self.body.setPlainText(draft.body)
            self._last_body = self.body.toPlainText()
            self.attachments = list(draft.attachments)
            self._show_chips()
        finally:
            self._loading = False
        self.dirty = False
        self.has_saved_draft = saved
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
        self.autosave_timer.start()
        self.save_state_changed.emit()
        self.edited.emit()

    def _update_counter(self) -> None:
        if self.followup.kind is not Kind.LINKEDIN_NOTE:
            return
        limit = self.pane.ctx.settings().linkedin_note_max_chars
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
        d = self.current_draft()
        app_id = self.followup.application_id
        try:
            self.pane.ctx.store.save_draft(app_id, self.key, d.person_id, subject=d.subject,
                                           body=d.body, attachments=d.attachments)
        except (StoreError, OSError) as exc:
            self.save_error = _errors_in_words(exc)
            self.save_state_changed.emit()
            return False
        self.dirty = False
        self.has_saved_draft = True
        self.save_error = None
        self.saved_at = self.pane.ctx.now()
        self.save_state_changed.emit()
        self.pane.saved.emit()
        return True

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
        files, _ = QFileDialog.getOpenFileNames(self, "Attach files", start)
        self.add_attachments(list(files))


# --------------------------------------------------------------------------- the checks


class CheckList(QListWidget):
    """The checks: failing ones first with their reason on a second line, then the ones
    that pass (reason on hover). Checks that do not apply to the kind are left out."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Draft checks")
        self.setWordWrap(True)
        self.setUniformItemSizes(False)
        self.setSelectionMode(QListWidget.SelectionMode.NoSelection)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.viewport().setBackgroundRole(QPalette.ColorRole.Window)
        self.setIconSize(QSize(16, 16))
        self.setSpacing(1)
        self._shown: tuple[tuple[str, bool, str], ...] = ()
        style = self.style()
        self._ok = style.standardIcon(QStyle.StandardPixmap.SP_DialogApplyButton)
        self._warn = style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        self._block = style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical)

    @staticmethod
    def applies(r: CheckResult) -> bool:
        return not r.reason.startswith("Does not apply")

    def show_results(self, results: list[CheckResult]) -> None:
        shown = [r for r in results if self.applies(r)]
        key = tuple((r.id, r.ok, r.reason) for r in shown)
        if key == self._shown:
            return
        self._shown = key
        self.clear()
        for r in sorted(shown, key=lambda r: (r.ok, not r.blocking)):
            if r.ok:
                item = QListWidgetItem(self._ok, r.title)
                item.setToolTip(r.reason)
                item.setData(Qt.ItemDataRole.AccessibleTextRole, f"Passes: {r.title}. {r.reason}")
            else:
                item = QListWidgetItem(self._block if r.blocking else self._warn,
                                       f"{r.title}\n{r.reason}")
                item.setToolTip(r.reason)
                item.setData(Qt.ItemDataRole.AccessibleTextRole,
                             f"{'Blocks export' if r.blocking else 'Warning'}: {r.title}. "
                             f"{r.reason}")
            item.setData(Qt.ItemDataRole.UserRole, r.id)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.addItem(item)

    def item_for(self, check_id: str) -> QListWidgetItem | None:
        for i in range(self.count()):
            item = self.item(i)
            if item.data(Qt.ItemDataRole.UserRole) == check_id:
                return item
        return None


# --------------------------------------------------------------------------- the pane


class ComposerPane(QWidget):
    """See the module docstring."""

    changed = Signal()
    saved = Signal()

    PAGE_EMPTY, PAGE_DRAFTS, PAGE_DEBRIEF = range(3)

    def __init__(self, ctx: Any, parent: QWidget | None = None, *,
                 check_delay_ms: int = CHECK_DELAY_MS, autosave_ms: int = AUTOSAVE_MS) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.current_window: Window | None = None
        self.current_app: Application | None = None
        self.editors: list[DraftEditor] = []
        #: drafts the store refused to save when the pane moved on, by (key, person id):
        #: (application id, the text, why) -- shown again, and saved again, from here
        self._unsaved: dict[tuple[str, int | None], tuple[int, Draft, str]] = {}
        self.last_check_ms = 0.0
        self._autosave_ms = autosave_ms
        self._group: tuple[Kind, int, int | None] | None = None
        self._words: tuple[int, frozenset[str]] = (-1, frozenset())
        self._keep_notice = False
        self._undo: Callable[[], None] | None = None
        self._reopen: Window | None = None
        #: ``confirm(title, text) -> bool``; tests replace it
        self.confirm: Callable[[str, str], bool] = self._ask
        self.setAccessibleName("Composer")
        self.setObjectName("composerPane")

        # -- header
        self.title = QLabel(self)
        self.title.setObjectName("composerTitle")
        _bold(self.title, 1.2)
        self.title.setWordWrap(True)
        self.subtitle = QLabel(self)
        _muted(self.subtitle)
        self.subtitle.setWordWrap(True)
        self.banner = QLabel(self)
        self.banner.setObjectName("templateProblem")
        self.banner.setWordWrap(True)
        self.banner.setTextFormat(Qt.TextFormat.RichText)
        self.banner.linkActivated.connect(lambda _l: self.edit_template())
        self.banner.hide()

        # -- pages
        self.pages = QStackedWidget(self)
        self.body = self.pages  # the main window's tab chain names ``composer.body``
        self.pages.setFocusPolicy(Qt.FocusPolicy.NoFocus)

        empty = QWidget(self.pages)
        el = QVBoxLayout(empty)
        self.empty_label = QLabel(EMPTY_TEXT, empty)
        self.empty_label.setObjectName("composerEmpty")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        _muted(self.empty_label)
        el.addStretch(1)
        el.addWidget(self.empty_label)
        el.addStretch(1)
        self.pages.addWidget(empty)

        drafts_page = QWidget(self.pages)
        dl = QVBoxLayout(drafts_page)
        dl.setContentsMargins(0, 0, 0, 0)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, drafts_page)
        self.splitter.setChildrenCollapsible(False)
        self.tabs = QTabWidget(self.splitter)
        self.tabs.setDocumentMode(True)
        self.tabs.setAccessibleName("Recipients")
        self.tabs.currentChanged.connect(self._tab_changed)
        checks_box = QWidget(self.splitter)
        cl = QVBoxLayout(checks_box)
        cl.setContentsMargins(8, 4, 0, 0)
        cl.setSpacing(2)
        self.checks_title = QLabel("Checks", checks_box)
        _bold(self.checks_title)
        self.checks = CheckList(checks_box)
        cl.addWidget(self.checks_title)
        cl.addWidget(self.checks, 1)
        self.splitter.addWidget(self.tabs)
        self.splitter.addWidget(checks_box)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        dl.addWidget(self.splitter, 1)
        self.pages.addWidget(drafts_page)

        debrief_page = QWidget(self.pages)
        bl = QVBoxLayout(debrief_page)
        bl.setContentsMargins(0, 6, 0, 0)
        self.debrief_intro = QLabel(
            "Private notes, while the round is fresh: two or three things each interviewer "
            "said, what they said about timing, anything you promised, and how it went. "
            "They feed your thank-you notes.", debrief_page)
        self.debrief_intro.setWordWrap(True)
        self.debrief_text = QPlainTextEdit(debrief_page)
        self.debrief_text.setReadOnly(True)
        self.debrief_text.setAccessibleName("What to note")
        self.debrief_text.setBackgroundRole(QPalette.ColorRole.Window)
        row = QHBoxLayout()
        self.debrief_button = QPushButton("Open &debrief\u2026", debrief_page)
        self.debrief_button.setDefault(True)
        self.debrief_button.clicked.connect(self.open_debrief)
        self.debrief_done_button = QPushButton("Mark as &done", debrief_page)
        self.debrief_done_button.setToolTip("You wrote your notes elsewhere: the reminder "
                                            "stops.")
        self.debrief_done_button.clicked.connect(self.mark_debrief_done)
        row.addWidget(self.debrief_button)
        row.addWidget(self.debrief_done_button)
        row.addStretch(1)
        bl.addWidget(self.debrief_intro)
        bl.addWidget(self.debrief_text, 1)
        bl.addLayout(row)
        self.pages.addWidget(debrief_page)

        # -- status line: save state, blocking reason, notices
        self.save_label = QLabel(self)
        self.save_label.setObjectName("saveState")
        self.save_label.setAccessibleName("Save state")
        _muted(self.save_label)
        self.block_label = QLabel(self)
        self.block_label.setObjectName("blockReason")
        self.block_label.setWordWrap(True)
        self.notice = QLabel(self)
        self.notice.setObjectName("composerNotice")
        self.notice.setWordWrap(True)
        self.notice.setTextFormat(Qt.TextFormat.RichText)
        self.notice.setAccessibleName("Composer message")
        self.notice.linkActivated.connect(self._notice_link)
        self.notice.hide()

        # -- actions
        self.export_button = QPushButton("&Export .eml\u2026", self)
        self.export_button.setAccessibleName("Export as .eml file")
        self.export_button.clicked.connect(self.export_eml)
        self.mail_button = QPushButton("Open in mail a&pp", self)
        self.mail_button.clicked.connect(self.open_in_mail_app)
        self.copy_button = QToolButton(self)
        self.copy_button.setText("&Copy")
        self.copy_button.setAccessibleName("Copy the message")
        self.copy_button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        self.copy_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.copy_button.clicked.connect(lambda: self.copy(False))
        copy_menu = QMenu(self.copy_button)
        self.act_copy_with_subject = copy_menu.addAction("Copy with the subject line")
        self.act_copy_with_subject.triggered.connect(lambda: self.copy(True))
        self.copy_button.setMenu(copy_menu)
        self.skip_button = QPushButton("S&kip\u2026", self)
        self.skip_button.setToolTip("You decided not to send this one: it leaves the agenda.")
        self.skip_button.clicked.connect(self.skip)
        self.sent_button = QPushButton("&Mark as sent", self)
        self.sent_button.setToolTip("You sent it: it is recorded and the plan moves on.")
        self.sent_button.clicked.connect(self.mark_sent)
        self.more_button = QToolButton(self)
        self.more_button.setText("More")
        self.more_button.setAccessibleName("More actions")
        self.more_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        more = QMenu(self.more_button)
        self.act_reset = more.addAction("&Reset to template")
        self.act_reset.triggered.connect(self.reset_to_template)
        self.act_edit_template = more.addAction("Edit &template\u2026")
        self.act_edit_template.triggered.connect(self.edit_template)
        self.more_button.setMenu(more)
        self.actions_row = QWidget(self)
        ar = QHBoxLayout(self.actions_row)
        ar.setContentsMargins(0, 0, 0, 0)
        for w in (self.export_button, self.mail_button, self.copy_button):
            ar.addWidget(w)
        ar.addStretch(1)
        for w in (self.more_button, self.skip_button, self.sent_button):
            ar.addWidget(w)

        status = QHBoxLayout()
        status.addWidget(self.block_label, 1)
        status.addWidget(self.save_label, 0, Qt.AlignmentFlag.AlignRight)

        lay = QVBoxLayout(self)
        lay.setContentsMargins(14, 10, 14, 10)
        lay.setSpacing(4)
        lay.addWidget(self.title)
        lay.addWidget(self.subtitle)
        lay.addWidget(self.banner)
        lay.addWidget(self.pages, 1)
        lay.addLayout(status)
        lay.addWidget(self.notice)
        lay.addWidget(self.actions_row)

        # -- timers and shortcuts
        self.check_timer = QTimer(self)
        self.check_timer.setSingleShot(True)
        self.check_timer.setInterval(check_delay_ms)
        self.check_timer.timeout.connect(self.run_checks_now)
        self._shortcut("Ctrl+E", self.export_eml)
        self._shortcut("Ctrl+Return", self.open_in_mail_app)
        self._shortcut("Ctrl+Enter", self.open_in_mail_app)
        self._shortcut("Ctrl+Shift+C", lambda: self.copy(False))
        self._shortcut("Ctrl+PgDown", lambda: self._step_tab(1))
        self._shortcut("Ctrl+PgUp", lambda: self._step_tab(-1))

        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)
            app.aboutToQuit.connect(self.flush)
        _warm_up_spelling()
        self.set_followup(None, None)

    def _shortcut(self, keys: str, slot: Callable[[], object]) -> None:
        sc = QShortcut(QKeySequence(keys), self)
        sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        sc.activated.connect(slot)

    # -- what is shown ----------------------------------------------------------------------

    def current_editor(self) -> DraftEditor | None:
        i = self.tabs.currentIndex()
        return self.editors[i] if 0 <= i < len(self.editors) else None

    def set_followup(self, window: Window | None, app: Application | None) -> None:
        keep = self._keep_notice
        self._keep_notice = False
        if window is not None and self.editors:
            keys = [e.key for e in self.editors]
            if window.key in keys:  # the same group: refresh in place, keep the editing
                i = keys.index(window.key)
                self.editors[i].followup = window
                self.current_window = window
                if app is not None and app != self.current_app:
                    self.current_app = app
                    self._context_changed()
                if self.tabs.currentIndex() != i:
                    self.tabs.setCurrentIndex(i)
                self._update_header()
                return
        if (window is not None and self.current_window is not None
                and window.key == self.current_window.key
                and self.pages.currentIndex() == self.PAGE_DEBRIEF):
            self.current_window, self.current_app = window, app or self.current_app
            self._update_header()
            return
        if not self.flush():
            for ed in self.editors:  # refused: the text goes with the pane, not away
                if ed.dirty and ed.save_error:
                    d = ed.current_draft()
                    self._unsaved[(ed.key, d.person_id)] = (ed.followup.application_id, d,
                                                            ed.save_error)
        if not keep:
            self._set_notice("")
        self._clear_editors()
        self.current_window = window
        self.current_app = app
        if window is None:
            self._show_empty(app)
            return
        if app is None or app.id != window.application_id:
            app = self.ctx.application(window.application_id)
            self.current_app = app
        if app is None:
            self._show_empty(None)
            return
        if window.kind is Kind.DEBRIEF:
            self._show_debrief(window, app)
        else:
            self._show_drafts(window, app)

    def _show_empty(self, app: Application | None, text: str | None = None) -> None:
        self._group = None
        self.pages.setCurrentIndex(self.PAGE_EMPTY)
        self.title.setText("")
        self.title.hide()
        self.subtitle.setText(f"{app.company} \u2014 {app.role}" if app is not None else "")
        self.subtitle.setVisible(app is not None)
        if text is None:
            text = (f"Nothing is waiting to be written for {app.company} right now.\n"
                    f"{EMPTY_TEXT} to write it." if app is not None else EMPTY_TEXT)
        self.empty_label.setText(text)
        self.banner.hide()
        self.block_label.setText("")
        self.save_label.setText("")
        self.actions_row.hide()

    def _siblings(self, window: Window) -> list[Window]:
        """The windows written together with ``window``: same kind, application and round
        (a panel's thank-you notes), ordered as the round lists the people."""
        same = [w for w in windows_of(self.ctx.agenda(), window.application_id)
                if w.kind is window.kind and w.interview_id == window.interview_id]
        if all(w.key != window.key for w in same):
            same.append(window)
        app = self.current_app
        order: dict[int | None, int] = {}
        if app is not None:
            for iv in app.interviews:
                if iv.id == window.interview_id:
                    order = {p.person.id: i for i, p in enumerate(iv.participants)}
        return sorted(same, key=lambda w: (order.get(w.person_id, 99), w.key))

    def _show_drafts(self, window: Window, app: Application) -> None:
        self._group = (window.kind, window.application_id, window.interview_id)
        group = self._siblings(window)
        now = self.ctx.now()
        problem = None
        try:
            for w in group:
                for d in drafts_for(self.ctx, w, now):
                    saved = self.ctx.store.load_draft(w.key, d.person_id) is not None
                    kept = self._unsaved.pop((w.key, d.person_id), None)
                    ed = self._add_editor(w, kept[1] if kept else d, saved)
                    if kept:  # still not saved: the next save tries again
                        ed.dirty, ed.save_error = True, kept[2]
                    problem = problem or d.template_problem
        except (StoreError, DraftError, OSError) as exc:
            self._show_empty(app, f"This follow-up cannot be drafted: {_errors_in_words(exc)}")
            return
        if not self.editors:
            self._show_empty(app)
            return
        self.pages.setCurrentIndex(self.PAGE_DRAFTS)
        self.actions_row.show()
        self.tabs.tabBar().setVisible(len(self.editors) > 1)
        keys = [e.key for e in self.editors]
        index = keys.index(window.key) if window.key in keys else 0
        self.tabs.setCurrentIndex(index)
        self.current_window = self.editors[index].followup
        self._show_problem(problem)
        self._context_changed()
        self._update_header()
        self._update_actions()

    def _add_editor(self, w: Window, d: Draft, saved: bool) -> DraftEditor:
        ed = DraftEditor(self, w, d, saved, self._autosave_ms)
        ed.edited.connect(self.schedule_check)
        ed.save_state_changed.connect(self._update_save_label)
        self.editors.append(ed)
        self.tabs.addTab(ed, d.to_name or "Recipient")
        self.tabs.setTabToolTip(self.tabs.count() - 1, d.to_email or d.to_name)
        return ed

    def _clear_editors(self) -> None:
        self.check_timer.stop()
        self.editors = []
        while self.tabs.count():
            w = self.tabs.widget(0)
            self.tabs.removeTab(0)
            if w is not None:
                w.hide()
                w.deleteLater()
        self.checks.show_results([])

    def _show_debrief(self, window: Window, app: Application) -> None:
        self._group = None
        self.pages.setCurrentIndex(self.PAGE_DEBRIEF)
        self.actions_row.hide()
        self.block_label.setText("")
        self.save_label.setText("")
        self.banner.hide()
        try:
            drafts = compose_drafts(window, app, self.ctx.profile(), self.ctx.settings(),
                                    self.ctx.now(), user_templates=self.ctx.paths.templates)
            text = drafts[0].body if drafts else ""
            self._show_problem(drafts[0].template_problem if drafts else None)
        except (DraftError, OSError) as exc:
            text = f"The debrief guide cannot be shown: {_errors_in_words(exc)}"
        self.debrief_text.setPlainText(text)
        self.debrief_button.setEnabled(window.interview_id is not None)
        self._update_header()

    def _show_problem(self, problem: str | None) -> None:
        if not problem:
            self.banner.hide()
            return
        colour = colours.warning(self.palette()).name()
        self.banner.setText(
            f"<span style='color:{colour}'>Your template has a mistake ("
            f"{escape_markup(problem)}); the default template was used.</span> "
            "<a href='edit'>Edit template\u2026</a>")
        self.banner.show()

    def _update_header(self) -> None:
        w = self.current_window
        if w is None:
            return
        now = self.ctx.now()
        n = len(self.editors)
        if w.kind is Kind.DEBRIEF:
            title = "Debrief"
        elif n > 1:
            title = f"{_PLURAL.get(w.kind, w.kind.label)} \u00b7 {n} recipients"
        else:
            title = f"{w.kind.label} to {w.recipient}" if w.recipient else w.kind.label
        self.title.setText(title)
        self.title.show()
        when = window_phrase(w, now)
        if w.due_at is not None:
            when += f" ({local_when(w.due_at, self.ctx.tz(), now)})"
        self.subtitle.setText(f"{w.company} \u2014 {w.role}  \u00b7  {when}")
        self.subtitle.show()

    def _tab_changed(self, index: int) -> None:
        for i, ed in enumerate(self.editors):
            if i != index:
                ed.save_now()
        if 0 <= index < len(self.editors):
            self.current_window = self.editors[index].followup
            self._update_header()
            self.run_checks_now()
            self._update_save_label()

    def _step_tab(self, step: int) -> None:
        if self.tabs.count() > 1:
            self.tabs.setCurrentIndex((self.tabs.currentIndex() + step) % self.tabs.count())

    # -- checks -----------------------------------------------------------------------------

    def user_words(self) -> frozenset[str]:
        rev = self.ctx.store.revision
        if self._words[0] != rev:
            try:
                words = frozenset(w.lower() for w in self.ctx.store.words())
            except StoreError:
                words = self._words[1]
            self._words = (rev, words)
        return self._words[1]

    def _context_changed(self) -> None:
        """The records or the user's words changed: new known words, checks again."""
        app = self.current_app
        if app is None:
            return
        profile, settings, now = self.ctx.profile(), self.ctx.settings(), self.ctx.now()
        words = self.user_words()
        for ed in self.editors:
            d = ed.current_draft()
            cctx = check_context(d, app, profile, settings, now, (), words)
            ed.highlighter.set_extra_words(_known_words(d, cctx))
        self.run_checks_now()

    def schedule_check(self) -> None:
        self.check_timer.start()

    def run_checks_now(self) -> list[CheckResult]:
        """Run the draft checks for the current recipient and show them."""
        self.check_timer.stop()
        ed = self.current_editor()
        app = self.current_app
        if ed is None or app is None:
            return []
        started = time.perf_counter()
        drafts = [e.current_draft() for e in self.editors]
        draft = drafts[self.editors.index(ed)]
        cctx = check_context(draft, app, self.ctx.profile(), self.ctx.settings(),
                             self.ctx.now(), drafts, self.user_words())
        ed.results = run_checks(draft, cctx)
        self.last_check_ms = (time.perf_counter() - started) * 1000
        self.checks.show_results(ed.results)
        failing = [r for r in ed.results if not r.ok and CheckList.applies(r)]
        self.checks_title.setText("Checks \u00b7 all good" if not failing else
                                  f"Checks \u00b7 {len(failing)} to look at")
        self._update_actions()
        return ed.results

    def results(self) -> dict[str, CheckResult]:
        ed = self.current_editor()
        return {r.id: r for r in ed.results} if ed is not None else {}

    def blocked_reason(self) -> str | None:
        ed = self.current_editor()
        if ed is None:
            return None
        problems = blocking_problems(ed.results)
        return problems[0].reason if problems else None

    def _update_actions(self) -> None:
        ed = self.current_editor()
        is_email = ed is not None and ed.followup.kind.is_email
        reason = self.blocked_reason()
        can_mail = is_email and reason is None and bool(ed and ed.draft.to_email)
        for b in (self.export_button, self.mail_button):
            b.setVisible(is_email)
            b.setEnabled(can_mail)
        if reason:
            tip = f"Not yet: {reason}"
        elif ed is not None and is_email and not ed.draft.to_email:
            tip = f"There is no email address for {ed.draft.to_name}."
        else:
            tip = ""
        self.export_button.setToolTip(tip or "Save the draft as an .eml file your mail app "
                                              "opens as an editable draft (Ctrl+E).")
        self.mail_button.setToolTip(tip or "Open a new message in your mail app "
                                            "(Ctrl+Return).")
        self.act_copy_with_subject.setVisible(is_email)
        if reason:
            colour = colours.warning(self.palette()).name()
            self.block_label.setText(f"<span style='color:{colour}'>Export waits: "
                                     f"{escape_markup(reason)}</span>")
        else:
            self.block_label.setText("")
        self._update_save_label()

    def _update_save_label(self) -> None:
        ed = self.current_editor()
        if ed is None:
            self.save_label.setText("")
            return
        if ed.save_error:
            colour = colours.warning(self.palette()).name()
            why = ed.save_error.removeprefix("Not saved: ")  # the store's words say it
            self.save_label.setText(f"<span style='color:{colour}'>Not saved: "
                                    f"{escape_markup(why)}</span>")
        elif ed.dirty:
            self.save_label.setText("Editing\u2026")
        elif ed.saved_at is not None:
            self.save_label.setText(
                f"Saved {ed.saved_at.astimezone(self.ctx.tz()):%H:%M}")
        elif ed.has_saved_draft:
            self.save_label.setText("Your edits are saved")
        else:
            self.save_label.setText("From the template")

    # -- saving -----------------------------------------------------------------------------

    def flush(self) -> bool:
        """Save every edited draft now, and those kept after a refused save; ``False`` if
        one could not be saved."""
        ok = True
        for ed in self.editors:
            ok = ed.save_now() and ok
        for (key, person_id), (app_id, d, _why) in list(self._unsaved.items()):
            try:
                self.ctx.store.save_draft(app_id, key, person_id, subject=d.subject,
                                          body=d.body, attachments=d.attachments)
            except (StoreError, OSError) as exc:
                self._unsaved[(key, person_id)] = (app_id, d, _errors_in_words(exc))
                ok = False
            else:
                del self._unsaved[(key, person_id)]
        return ok

    def shutdown(self) -> bool:
        """Save what is pending and stop the timers: call before the store closes (the main
        window's closeEvent). ``False`` if a draft could not be saved."""
        ok = self.flush()
        self.check_timer.stop()
        for ed in self.editors:
            ed.autosave_timer.stop()
        return ok

    def _focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        if old is None:
            return
        for ed in self.editors:
            if ed.isAncestorOf(old) and (new is None or not ed.isAncestorOf(new)):
                ed.save_now()

    def hideEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        self.flush()
        super().hideEvent(event)

    def add_word(self, word: str) -> None:
        try:
            self.ctx.store.add_word(word)
        except StoreError as exc:
            self._set_notice(f"The word was not added: {_errors_in_words(exc)}", error=True)
            return
        self._set_notice(f"Added \u201c{escape_markup(word)}\u201d to your dictionary.")
        for ed in self.editors:
            ed.highlighter.set_extra_words(ed.highlighter.extra_words | {word})

    # -- actions ----------------------------------------------------------------------------

    def _ask(self, title: str, text: str) -> bool:
        answer = QMessageBox.question(self, title, text,
                                      QMessageBox.StandardButton.Yes
                                      | QMessageBox.StandardButton.Cancel,
                                      QMessageBox.StandardButton.Cancel)
        return answer == QMessageBox.StandardButton.Yes

    def _set_notice(self, text: str, *, error: bool = False,
                    undo: Callable[[], None] | None = None, link: str = "",
                    reopen: Window | None = None) -> None:
        self._undo = undo
        self._reopen = reopen
        if not text:
            self.notice.setText("")
            self.notice.hide()
            return
        if error:
            colour = colours.warning(self.palette()).name()
            text = f"<span style='color:{colour}'>{text}</span>"
        if undo is not None:
            text += " &nbsp;<a href='undo'>Undo</a>"
        if link:
            text += f" &nbsp;{link}"
        self.notice.setText(text)
        self.notice.show()

    def _notice_link(self, href: str) -> None:
        if href == "undo" and self._undo is not None:
            undo, self._undo = self._undo, None
            try:
                undo()
            except (StoreError, OSError) as exc:
                self._set_notice(f"Could not undo: {_errors_in_words(exc)}", error=True)
                return
            reopen = self._reopen
            self._keep_notice = True
            self._set_notice("Undone.")
            self.changed.emit()
            if reopen is not None:
                self._keep_notice = True
                self.set_followup(reopen, self.ctx.application(reopen.application_id))
            self._keep_notice = False
        elif href.startswith("file:"):
            QDesktopServices.openUrl(QUrl(href))

    def _error(self, what: str, exc: BaseException) -> None:
        self._set_notice(f"{escape_markup(what)}: {escape_markup(_errors_in_words(exc))}",
                         error=True)

    def _now_draft(self) -> tuple[DraftEditor, Draft] | None:
        ed = self.current_editor()
        if ed is None:
            return None
        return ed, ed.current_draft()

    def export_eml(self) -> Path | None:
        """Ask for a folder and write the current draft there as an ``.eml``."""
        got = self._now_draft()
        if got is None or not got[0].followup.kind.is_email:
            return None
        ed, draft = got
        self.run_checks_now()
        reason = self.blocked_reason()
        if reason:
            self._set_notice(f"Not exported yet: {escape_markup(reason)}", error=True)
            return None
        ed.save_now()
        try:
            start = self.ctx.store.get_value(EXPORT_DIR_KEY, "") or str(_default_export_dir())
        except StoreError:
            start = str(_default_export_dir())
        if not Path(start).is_dir():
            start = str(_default_export_dir())
        folder = QFileDialog.getExistingDirectory(self, "Export the draft to a folder", start)
        if not folder:
            return None
        try:
            done = drafts_service.export_drafts(self.ctx, [(ed.followup, draft)], folder)
        except (DraftError, OSError) as exc:
            self._error("Not exported", exc)
            return None
        path = done.paths[0]
        if done.state_error is not None:
            self._error(f"Exported {path.name}, but its state was not saved", done.state_error)
            return path
        self._keep_notice = True
        folder_url = QUrl.fromLocalFile(str(path.parent)).toString()
        self._set_notice(
            f"Saved <b>{escape_markup(path.name)}</b>. Open it in your mail app to send it.",
            link=f"<a href='{escape_markup(folder_url)}'>Show folder</a>")
        self.changed.emit()
        return path

    def open_in_mail_app(self) -> bool:
        got = self._now_draft()
        if got is None or not got[0].followup.kind.is_email:
            return False
        ed, draft = got
        self.run_checks_now()
        reason = self.blocked_reason()
        if reason:
            self._set_notice(f"Not opened yet: {escape_markup(reason)}", error=True)
            return False
        ed.save_now()
        try:
            from followup_desktop.compose.eml import mailto_url

            url = mailto_url(draft)
        except DraftError as exc:
            self._error("Cannot open the mail app", exc)
            return False
        if not QDesktopServices.openUrl(QUrl.fromEncoded(url.encode("ascii"))):
            self._set_notice("No mail app is set up to open the message. Use Export .eml or "
                             "Copy instead.", error=True)
            return False
        extra = ""
        if draft.attachments:
            names = ", ".join(escape_markup(Path(a).name) for a in draft.attachments)
            extra = f" Attach {names} there: files cannot travel in the link."
        self._set_notice("Opened in your mail app. After sending it, choose Mark as sent."
                         + extra)
        return True

    def copy(self, with_subject: bool = False) -> str:
        got = self._now_draft()
        if got is None:
            return ""
        _ed, draft = got
        from followup_desktop.compose.eml import clipboard_text

        text = clipboard_text(draft, with_subject=with_subject and draft.kind.is_email)
        QGuiApplication.clipboard().setText(text)
        where = "LinkedIn" if draft.kind is Kind.LINKEDIN_NOTE else "your mail app"
        self._set_notice(f"Copied. Paste it into {where}.")
        return text

    def open_profile(self, url: str) -> None:
        if url and not QDesktopServices.openUrl(QUrl(url)):
            self._set_notice("The profile could not be opened in a browser.", error=True)

    def mark_sent(self) -> int | None:
        """Record the current recipient's message as sent; the window closes."""
        got = self._now_draft()
        if got is None:
            return None
        ed, d = got
        ed.save_now()
        try:
            [mid] = drafts_service.mark_sent(self.ctx, [(ed.followup, d)])
        except StoreError as exc:
            self._error("Not recorded", exc)
            return None
        who = escape_markup(d.to_name or "them")
        self._finish(ed, f"Recorded: {escape_markup(d.kind.label.lower())} sent to {who}.",
                     lambda: drafts_service.undo_sent(self.ctx, [mid]))
        return mid

    def skip(self) -> bool:
        got = self._now_draft()
        if got is None:
            return False
        ed, d = got
        who = f" to {d.to_name}" if d.to_name and d.kind is not Kind.DEBRIEF else ""
        if not self.confirm("Skip this follow-up?",
                            f"Skip the {d.kind.label.lower()}{who}? It leaves the agenda and "
                            "no reminder will come for it."):
            return False
        ed.save_now()
        w = ed.followup
        try:
            drafts_service.skip(self.ctx, [w])
        except StoreError as exc:
            self._error("Not skipped", exc)
            return False
        self._finish(ed, f"Skipped the {escape_markup(d.kind.label.lower())}"
                         f"{escape_markup(who)}.",
                     lambda: drafts_service.undo_skip(self.ctx, [w]))
        return True

    def _finish(self, ed: DraftEditor, text: str, undo: Callable[[], None]) -> None:
        """A recipient is done: drop its tab, say so (with Undo), tell the window."""
        i = self.editors.index(ed)
        self.editors.pop(i)
        self.tabs.blockSignals(True)
        self.tabs.removeTab(i)
        self.tabs.blockSignals(False)
        ed.hide()
        ed.deleteLater()
        self._keep_notice = True
        self._set_notice(text, undo=undo, reopen=ed.followup)
        if self.editors:
            self.tabs.tabBar().setVisible(len(self.editors) > 1)
            self._tab_changed(self.tabs.currentIndex())
        else:
            app = self.current_app
            self.current_window = None
            self._show_empty(app, "Done. Nothing else is waiting for this follow-up.")
        self.changed.emit()
        self._keep_notice = False

    def reset_to_template(self) -> None:
        """Throw away the saved edits of the current recipient and show the template's text."""
        got = self._now_draft()
        if got is None:
            return
        ed, d = got
        if (ed.dirty or ed.has_saved_draft) and not self.confirm(
                "Reset to the template?",
                f"Discard your edits to the note to {d.to_name or 'this recipient'} and start "
                "again from the template?"):
            return
        try:
            self.ctx.store.discard_draft(ed.key, d.person_id)
            app = self.current_app or self.ctx.application(ed.followup.application_id)
            fresh = compose_drafts(ed.followup, app, self.ctx.profile(), self.ctx.settings(),
                                   self.ctx.now(), user_templates=self.ctx.paths.templates)
        except (StoreError, DraftError, OSError) as exc:
            self._error("Not reset", exc)
            return
        if fresh:
            ed.load(fresh[0], saved=False)
            self._show_problem(fresh[0].template_problem)
        self._set_notice("Back to the template's text.")
        self.run_checks_now()

    def edit_template(self) -> None:
        from followup_desktop.ui.template_editor import TemplateEditor

        w = self.current_window
        kind = w.kind if w is not None else Kind.THANK_YOU
        dlg = TemplateEditor(self.ctx, kind, window=w, app=self.current_app, parent=self)
        dlg.exec()
        if dlg.changed_templates:
            self._reload_unedited()

    def _reload_unedited(self) -> None:
        """Templates changed: re-compose the drafts the user has not edited."""
        app = self.current_app
        if app is None:
            return
        problem = None
        for ed in self.editors:
            if ed.dirty or ed.has_saved_draft:
                continue
            fresh = compose_drafts(ed.followup, app, self.ctx.profile(), self.ctx.settings(),
                                   self.ctx.now(), user_templates=self.ctx.paths.templates)
            if fresh:
                ed.load(fresh[0], saved=False)
                problem = problem or fresh[0].template_problem
        self._show_problem(problem)
        self.run_checks_now()

    # -- debrief ----------------------------------------------------------------------------

    def open_debrief(self) -> None:
        w = self.current_window
        if w is None or w.interview_id is None:
            return
        from followup_desktop.ui.dialogs import DebriefDialog

        dlg = DebriefDialog(self.ctx, w.application_id, w.interview_id, self)
        if dlg.exec():
            self._set_notice("Debrief saved: your thank-you notes now use it.")
            self.mark_debrief_done(quiet=True)

    def mark_debrief_done(self, quiet: bool = False) -> int | None:
        w = self.current_window
        if w is None or w.kind is not Kind.DEBRIEF:
            return None
        try:
            mid = drafts_service.mark_debrief_done(self.ctx, w)
        except StoreError as exc:
            self._error("Not recorded", exc)
            return None
        self._keep_notice = True
        if not quiet:
            self._set_notice("Debrief done.",
                             undo=lambda: drafts_service.undo_sent(self.ctx, [mid]), reopen=w)
        app = self.current_app
        self.current_window = None
        self._show_empty(app, "Done. The debrief reminder stops.")
        self.changed.emit()
        self._keep_notice = False
        return mid


def _warm_up_spelling() -> None:
    """Load the spelling dictionary in the background, so the first draft shows at once."""
    import threading

    from followup_desktop.compose.spelling import warm_up

    if not getattr(_warm_up_spelling, "started", False):
        _warm_up_spelling.started = True  # type: ignore[attr-defined]
        threading.Thread(target=warm_up, name="spelling-warm-up", daemon=True).start()


__all__ = ["AUTOSAVE_MS", "CHECK_DELAY_MS", "ComposerPane", "DraftEditor"]
