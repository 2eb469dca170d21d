"""Edit a draft template in the app: your copy in the data folder wins over the default.

``TemplateEditor(ctx, kind, window=None, app=None, parent=None)`` shows the user's copy of
``<kind>.txt.j2`` (or the default, until saved), a live preview rendered in the same sandbox
as the drafts (for ``window`` when given, else the first follow-up of that kind in the
agenda), and, when the template is broken, the line at fault — highlighted in the editor.
*Save* writes the copy atomically into ``ctx.paths.templates``; *Reset to default* deletes
it. :attr:`changed_templates` tells the caller whether anything on disk changed.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from jinja2 import TemplateSyntaxError
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor, QFont, QFontDatabase, QPalette, QTextCursor, QTextFormat
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.compose.render import (
    render_source,
    template_context,
    template_name,
)
from followup_desktop.fileio import atomic_write
from followup_desktop.paths import make_private_dir
from followup_desktop.records import Application, Kind, Window
from followup_desktop.resources import template_dir
from followup_desktop.ui import colours
from followup_desktop.ui.ask import ask

PREVIEW_DELAY_MS = 200


def user_template_path(ctx: Any, kind: Kind) -> Path:
    return Path(ctx.paths.templates) / template_name(kind)


def default_template_path(kind: Kind) -> Path:
    return template_dir() / template_name(kind)


def template_fault(exc: BaseException) -> tuple[int | None, str]:
    """``(line, message)`` for an error of a template rendered from a string."""
    if isinstance(exc, TemplateSyntaxError):
        return exc.lineno, exc.message or str(exc)
    line = None
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename == "<template>":
            line = frame.lineno
    return line, str(exc) or type(exc).__name__


class TemplateEditor(QDialog):
    """See the module docstring."""

    def __init__(self, ctx: Any, kind: Kind = Kind.THANK_YOU, *, window: Window | None = None,
                 app: Application | None = None, parent: QWidget | None = None,
                 preview_delay_ms: int = PREVIEW_DELAY_MS) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._window = window
        self._app = app
        self.changed_templates = False
        self.fault: tuple[int | None, str] | None = None
        self._loaded_text = ""
        #: ``confirm(title, text) -> bool``; tests replace it
        self.confirm: Callable[[str, str], bool] = self._ask
        self.setWindowTitle("Edit template")
        self.setAccessibleName("Template editor")
        self.resize(980, 640)

        top = self._build_top()
        split = self._build_editor_and_preview()
        status_and_hint = self._build_status()
        self.buttons = self._build_buttons()
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(split, 1)
        for label in status_and_hint:
            lay.addWidget(label)
        lay.addWidget(self.buttons)

        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(preview_delay_ms)
        self.timer.timeout.connect(self.update_preview)
        self.editor.textChanged.connect(self.timer.start)
        self.kind_box.setCurrentIndex(list(Kind).index(kind))
        self._kind = kind
        self.kind_box.currentIndexChanged.connect(self._kind_changed)
        self._load(kind)

    def _build_top(self) -> QHBoxLayout:
        """Which template, and where the shown text comes from."""
        self.kind_box = QComboBox(self)
        self.kind_box.setAccessibleName("Template")
        for k in Kind:
            self.kind_box.addItem(k.label, k)
        kind_label = QLabel("&Template:", self)
        kind_label.setBuddy(self.kind_box)
        self.origin = QLabel(self)
        self.origin.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.origin.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(kind_label)
        top.addWidget(self.kind_box)
        top.addWidget(self.origin, 1)
        return top

    def _build_editor_and_preview(self) -> QSplitter:
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        self.editor = QPlainTextEdit(self)
        self.editor.setAccessibleName("Template text")
        self.editor.setFont(mono)
        self.editor.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.editor.setTabChangesFocus(True)
        self.preview_subject = QLabel(self)
        self.preview_subject.setAccessibleName("Preview subject")
        self.preview_subject.setWordWrap(True)
        self.preview_subject.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        f = QFont(self.preview_subject.font())
        f.setWeight(QFont.Weight.DemiBold)
        self.preview_subject.setFont(f)
        self.preview = QPlainTextEdit(self)
        self.preview.setReadOnly(True)
        self.preview.setAccessibleName("Preview")
        self.preview.setBackgroundRole(QPalette.ColorRole.Window)
        right = QWidget(self)
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        self.preview_title = QLabel("Preview", right)
        self.preview_title.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        rl.addWidget(self.preview_title)
        rl.addWidget(self.preview_subject)
        rl.addWidget(self.preview, 1)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(self.editor)
        split.addWidget(right)
        split.setSizes([540, 420])
        split.setChildrenCollapsible(False)
        return split

    def _build_status(self) -> tuple[QLabel, QLabel]:
        """The template's state (a mistake and its line), and how templates are written."""
        self.status = QLabel(self)
        self.status.setObjectName("templateStatus")
        self.status.setAccessibleName("Template status")
        self.status.setWordWrap(True)
        hint = QLabel("Jinja2 text: the output is the body; set the subject with "
                      "{% set subject %}…{% endset %}. Variables are listed in the README of "
                      "the templates folder.", self)
        hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        hint.setWordWrap(True)
        return self.status, hint

    def _build_buttons(self) -> QDialogButtonBox:
        buttons = QDialogButtonBox(self)
        self.save_button = buttons.addButton("&Save my copy",
                                             QDialogButtonBox.ButtonRole.AcceptRole)
        self.reset_button = QPushButton("&Reset to default", self)
        buttons.addButton(self.reset_button, QDialogButtonBox.ButtonRole.ResetRole)
        self.close_button = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.save_button.clicked.connect(self.save)
        self.reset_button.clicked.connect(self.reset_to_default)
        self.close_button.clicked.connect(self.reject)
        return buttons

    # -- loading ----------------------------------------------------------------------------

    @property
    def kind(self) -> Kind:
        return self._kind

    def _kind_changed(self, _index: int) -> None:
        if self.editor.toPlainText() != self._loaded_text and not self.confirm(
                "Discard the changes?", "Your changes to this template are not saved. "
                "Discard them?"):
            self.kind_box.blockSignals(True)
            self.kind_box.setCurrentIndex(list(Kind).index(self._kind))
            self.kind_box.blockSignals(False)
            return
        k = self.kind_box.currentData()
        self._kind = k if isinstance(k, Kind) else Kind(k)
        self._load(self._kind)

    def _load(self, kind: Kind) -> None:
        user = user_template_path(self.ctx, kind)
        try:
            if user.is_file():
                text = user.read_text(encoding="utf-8")
                self.origin.setText(f"Your copy: {user}")
            else:
                text = default_template_path(kind).read_text(encoding="utf-8")
                self.origin.setText("The default template; saving makes your own copy.")
        except (OSError, UnicodeDecodeError) as exc:
            text = default_template_path(kind).read_text(encoding="utf-8")
            self.origin.setText(f"Your copy cannot be read ({exc}); showing the default.")
        self.reset_button.setEnabled(user.is_file())
        self._loaded_text = text
        self.editor.setPlainText(text)
        self.update_preview()

    # -- preview ----------------------------------------------------------------------------

    def _sample(self) -> tuple[Window, Application] | None:
        kind = self.kind
        if self._window is not None and self._window.kind is kind:
            app = self._app or self.ctx.application(self._window.application_id)
            if app is not None:
                return self._window, app
        for w in self.ctx.agenda():
            if w.kind is kind:
                app = self.ctx.application(w.application_id)
                if app is not None:
                    return w, app
        return None

    def variables(self) -> Mapping[str, Any] | None:
        sample = self._sample()
        if sample is None:
            return None
        w, app = sample
        return template_context(w, app, self.ctx.profile(), self.ctx.settings(),
                                self.ctx.now())

    def update_preview(self) -> None:
        self.timer.stop()
        source = self.editor.toPlainText()
        variables = self.variables()
        self.fault = None
        if variables is None:
            from followup_desktop.compose.render import get_environment

            self.preview_title.setText("Preview (no follow-up of this kind to fill it in)")
            try:
                get_environment(None).from_string(source)
            except Exception as exc:  # any fault of the user's text is shown, not raised
                self.fault = template_fault(exc)
            self.preview_subject.setText("")
            self.preview.setPlainText("")
        else:
            recipient = variables.get("recipient")
            who = f" to {recipient.name}" if recipient is not None else ""
            self.preview_title.setText(f"Preview: {variables.get('company', '')}{who}")
            try:
                rendered = render_source(source, variables)
            except Exception as exc:  # any fault of the user's text is shown, not raised
                self.fault = template_fault(exc)
            else:
                self.preview_subject.setText(f"Subject: {rendered.subject}"
                                             if rendered.subject else "")
                self.preview.setPlainText(rendered.body)
        self._show_fault()

    def _show_fault(self) -> None:
        selections = []
        if self.fault is None:
            self.status.setText("The template works." if self.editor.toPlainText().strip()
                                else "The template is empty.")
            self.status.setForegroundRole(QPalette.ColorRole.WindowText)
            pal = self.status.palette()
            self.status.setPalette(pal)
        else:
            line, message = self.fault
            where = f"Line {line}: " if line else ""
            self.status.setText(f"{where}{message}. Drafts use the default template until "
                                "this is fixed.")
            pal = self.status.palette()
            pal.setColor(QPalette.ColorRole.WindowText, colours.warning(self.palette()))
            self.status.setPalette(pal)
            if line:
                block = self.editor.document().findBlockByLineNumber(line - 1)
                if block.isValid():
                    sel = QTextEdit.ExtraSelection()
                    bg = QColor(colours.warning(self.palette()))
                    bg.setAlpha(60)
                    sel.format.setBackground(bg)
                    sel.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
                    sel.cursor = QTextCursor(block)
                    selections.append(sel)
        self.editor.setExtraSelections(selections)

    # -- saving -----------------------------------------------------------------------------

    def _ask(self, title: str, text: str) -> bool:
        return ask(self, title, text)

    def save(self) -> bool:
        """Write the user's copy; a broken template is saved only after a confirm."""
        self.update_preview()
        if self.fault is not None and not self.confirm(
                "Save a template with a mistake?",
                f"{self.status.text()}\n\nSave it anyway?"):
            return False
        path = user_template_path(self.ctx, self.kind)
        text = self.editor.toPlainText()
        try:
            make_private_dir(path.parent)
            atomic_write(path, text.encode("utf-8"), overwrite=True)
        except OSError as exc:
            QMessageBox.warning(self, "Not saved", f"The template was not saved: "
                                f"{exc.strerror or exc}.")
            return False
        self._loaded_text = text
        self.changed_templates = True
        self.origin.setText(f"Your copy: {path}")
        self.reset_button.setEnabled(True)
        self.status.setText(self.status.text() + " Saved." if self.fault is None
                            else self.status.text())
        return True

    def reset_to_default(self) -> bool:
        path = user_template_path(self.ctx, self.kind)
        if not path.exists():
            return False
        if not self.confirm("Reset to the default?", f"Delete your copy of "
                            f"{path.name} and use the default template again?"):
            return False
        try:
            path.unlink()
        except OSError as exc:
            QMessageBox.warning(self, "Not reset", f"Your copy was not deleted: "
                                f"{exc.strerror or exc}.")
            return False
        self.changed_templates = True
        self._load(self.kind)
        return True

    def reject(self) -> None:
        if self.editor.toPlainText() != self._loaded_text and not self.confirm(
                "Discard the changes?", "Your changes to this template are not saved. "
                "Close anyway?"):
            return
        super().reject()


__all__ = ["TemplateEditor", "default_template_path", "template_fault", "user_template_path"]
