"""Qt pieces every editing dialog shares: a checked field, the reason shown under it, form
rows with buddies and accessible names, and a dialog base that refuses to save while a
field is wrong (focusing the first one) and shows store errors in plain words.

No colours are hard-coded: the reason carries the style's warning icon, and hints use the
palette's placeholder colour, so light and dark themes both read well.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QIcon, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QSizePolicy,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.store import StoreError
from followup_desktop.ui.dialogs.validation import Reason

Check = Callable[[], Reason]


def warning_icon(widget: QWidget) -> QIcon:
    return widget.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)


def plain(text: str) -> str:
    """A label's text without its mnemonic ampersand and trailing colon."""
    return text.replace("&&", "\x00").replace("&", "").replace("\x00", "&").rstrip(":").strip()


class ReasonLine(QWidget):
    """The reason a field is wrong, shown under it with the style's warning icon."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(4)
        self.icon = QLabel(self)
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
        self.icon.setPixmap(warning_icon(self).pixmap(size, size))
        self.icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        lay.addWidget(self.icon)
        lay.addWidget(self.label, 1)
        self.setAccessibleName("Problem")
        self._reason: Reason = None
        self.hide()

    def set_reason(self, reason: Reason) -> None:
        reason = reason or None
        if reason == self._reason:
            return  # re-checking on every keystroke should not touch unchanged widgets
        self._reason = reason
        self.label.setText(reason or "")
        self.setAccessibleDescription(reason or "")
        self.setVisible(bool(reason))

    def text(self) -> str:
        return self.label.text() if self.isVisibleTo(self.parentWidget() or self) else ""


def hint_label(text: str, parent: QWidget | None = None) -> QLabel:
    """A short explanation under a field, in the palette's placeholder colour."""
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    font = label.font()
    if font.pointSizeF() > 0:
        font.setPointSizeF(font.pointSizeF() * 0.92)
    label.setFont(font)
    return label


class Field(QObject):
    """One checked input. Its reason shows as the user types once the field was touched
    (or on a save attempt), so an empty form does not open full of complaints."""

    changed = Signal()

    def __init__(self, widget: QWidget, check: Check, reason: ReasonLine, *,
                 name: str = "", reveal: Callable[[], None] | None = None,
                 touched: bool = False) -> None:
        super().__init__(widget)
        self.widget = widget
        self.check = check
        self.reason_line = reason
        self.name = name or widget.accessibleName()
        self.reveal = reveal
        self.touched = touched
        self._mark: QAction | None = None
        self._marked: Reason = None
        if isinstance(widget, QLineEdit):
            widget.textEdited.connect(self._edited)
            widget.textChanged.connect(self._changed)
        elif isinstance(widget, QPlainTextEdit):
            widget.textChanged.connect(self._edited)
        elif isinstance(widget, QComboBox):
            widget.currentTextChanged.connect(self._edited)

    def _edited(self, *_: object) -> None:
        self.touched = True
        self.validate()

    def _changed(self, *_: object) -> None:
        if self.touched:
            self.validate()

    def problem(self) -> Reason:
        return self.check()

    def validate(self, *, force: bool = False) -> Reason:
        """Check and show (or clear) the reason; returns it."""
        if force:
            self.touched = True
        reason = self.check()
        shown = reason if self.touched else None
        self.reason_line.set_reason(shown)
        self._set_mark(shown)
        self.changed.emit()
        return reason

    def _set_mark(self, reason: Reason) -> None:
        if reason == self._marked:
            return
        self._marked = reason
        self.widget.setAccessibleDescription(reason or "")
        self.widget.setToolTip(reason or "")
        if isinstance(self.widget, QLineEdit):
            if self._mark is None and reason:
                self._mark = self.widget.addAction(warning_icon(self.widget),
                                                   QLineEdit.ActionPosition.TrailingPosition)
            if self._mark is not None:
                self._mark.setVisible(bool(reason))
                self._mark.setToolTip(reason or "")

    def focus(self) -> None:
        if self.reveal is not None:
            self.reveal()
        self.widget.setFocus(Qt.FocusReason.OtherFocusReason)
        if isinstance(self.widget, QLineEdit):
            self.widget.selectAll()


def field_box(widget: QWidget, *, hint: str | None = None,
              parent: QWidget | None = None) -> tuple[QWidget, ReasonLine, QLabel | None]:
    """The widget with its (hidden) reason line and an optional hint under it."""
    box = QWidget(parent)
    lay = QVBoxLayout(box)
    lay.setContentsMargins(0, 0, 0, 0)
    lay.setSpacing(2)
    lay.addWidget(widget)
    hint_w = None
    if hint:
        hint_w = hint_label(hint, box)
        lay.addWidget(hint_w)
    reason = ReasonLine(box)
    lay.addWidget(reason)
    return box, reason, hint_w


def add_row(form: QFormLayout, text: str, widget: QWidget, *, hint: str | None = None,
            reason: bool = True) -> tuple[QLabel, ReasonLine | None, QLabel | None]:
    """A form row whose label is the widget's buddy (Alt+mnemonic) and accessible name."""
    label = QLabel(text)
    label.setBuddy(widget)
    if not widget.accessibleName():
        widget.setAccessibleName(plain(text))
    if not reason and not hint:
        form.addRow(label, widget)
        return label, None, None
    if reason:
        box, line, hint_w = field_box(widget, hint=hint)
    else:
        box = QWidget()
        lay = QVBoxLayout(box)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(2)
        lay.addWidget(widget)
        hint_w = hint_label(hint or "", box)
        lay.addWidget(hint_w)
        line = None
    form.addRow(label, box)
    return label, line, hint_w


def tidy_form(form: QFormLayout) -> QFormLayout:
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
    form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
    return form


def chain_tab_order(widgets: Sequence[QWidget]) -> None:
    """Tab moves through ``widgets`` in this order (the order they are laid out)."""
    live = [w for w in widgets if w is not None]
    for a, b in zip(live, live[1:], strict=False):
        QWidget.setTabOrder(a, b)


class FormDialog(QDialog):
    """A dialog that saves once, all or nothing, and never while a field is wrong.

    Subclasses implement :meth:`fields` (every checked field, in layout order) and
    :meth:`save` (one store transaction); they set :attr:`saved_id`.
    """

    ok_text = "Save"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.saved_id: int | None = None
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.ok_text)
        self.ok_button.setAccessibleName(self.ok_text)
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setAccessibleName("Cancel")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.summary = ReasonLine(self)
        self.summary.setAccessibleName("Why this cannot be saved yet")
        self.last_error: str | None = None

    def footer(self) -> QWidget:
        """The summary line and the buttons, for the bottom of the layout."""
        box = QWidget(self)
        lay = QVBoxLayout(box)
        lay.setContentsMargins(0, 4, 0, 0)
        lay.addWidget(self.summary)
        lay.addWidget(self.buttons)
        return box

    # -- to implement -----------------------------------------------------------------------

    def fields(self) -> Iterable[Field]:
        return ()

    def save(self) -> None:
        raise NotImplementedError

    # -- checking and saving ----------------------------------------------------------------

    def problems(self) -> Iterator[tuple[Field, str]]:
        for f in self.fields():
            reason = f.problem()
            if reason:
                yield f, reason

    def first_problem(self) -> Field | None:
        """Check every field (showing each reason); the first one that is wrong."""
        first: Field | None = None
        for f in self.fields():
            if f.validate(force=True) and first is None:
                first = f
        return first

    def accept(self) -> None:
        first = self.first_problem()
        if first is not None:
            count = sum(1 for _ in self.problems())
            what = f"“{first.name}”" if first.name else "the marked field"
            more = "" if count == 1 else f" ({count} fields need attention)"
            self.summary.set_reason(f"Not saved yet: check {what}{more}.")
            first.focus()
            return
        self.summary.set_reason(None)
        try:
            self.save()
        except StoreError as exc:
            self.show_error(str(exc))
            return
        super().accept()

    def show_error(self, message: str) -> None:
        """A store error in plain words; the dialog stays open with everything typed."""
        self.last_error = message
        QMessageBox.warning(self, "Not saved", message)
