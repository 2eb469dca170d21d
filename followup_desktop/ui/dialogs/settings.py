"""Settings: the profile, and one tab per settings group generated from ``SPECS``.

Every number lives once in :mod:`followup_desktop.settings` (label, type, bounds, unit);
this dialog only turns each spec into an editor. Profile and settings are saved in one
transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.clock import machine_zone_name
from followup_desktop.context import AppContext
from followup_desktop.records import Profile
from followup_desktop.settings import SPECS, Settings, SettingSpec
from followup_desktop.ui.dialogs import validation as v
from followup_desktop.ui.dialogs._form import (
    Field,
    FormDialog,
    add_row,
    chain_tab_order,
    field_box,
    hint_label,
    plain,
    tidy_form,
)
from followup_desktop.ui.dialogs.application import notes_edit

#: Pairs that must stay in order: (earlier key, later key, reason shown at the later one).
#: Bounds of single values live in ``settings.py``; these relations span two of them.
ORDERED: tuple[tuple[str, str, str], ...] = (
    ("thank_you_due_hours", "thank_you_late_hours",
     "Must not be earlier than when the thank-you is due."),
    ("work_day_start_hour", "work_day_end_hour", "Working hours must end after they start."),
    ("thank_you_min_sentences", "thank_you_max_sentences",
     "Must not be fewer than the minimum number of sentences."),
)


def _unit(spec: SettingSpec) -> str:
    return f" {spec.unit}" if spec.unit else ""


def _format_value(spec: SettingSpec, value: Any) -> str:
    if spec.type is bool:
        return "on" if value else "off"
    if spec.type is float:
        return f"{value:g}{_unit(spec)}"
    return f"{value}{_unit(spec)}"


def spec_editor(spec: SettingSpec, parent: QWidget | None = None) -> QWidget:
    """The editor one spec asks for: a spin box with its bounds and unit, or a check box."""
    if spec.type is bool:
        box = QCheckBox(spec.label, parent)
        return box
    if spec.type is float:
        spin: QAbstractSpinBox = QDoubleSpinBox(parent)
        assert isinstance(spin, QDoubleSpinBox)
        spin.setDecimals(2)
        spin.setSingleStep(0.05)
        spin.setRange(spec.min if spec.min is not None else -1e9,
                      spec.max if spec.max is not None else 1e9)
        spin.setSuffix(_unit(spec))
    else:
        spin = QSpinBox(parent)
        assert isinstance(spin, QSpinBox)
        spin.setRange(int(spec.min) if spec.min is not None else -(2 ** 31),
                      int(spec.max) if spec.max is not None else 2 ** 31 - 1)
        spin.setSuffix(_unit(spec))
    spin.setKeyboardTracking(True)
    spin.setAlignment(Qt.AlignmentFlag.AlignRight)
    spin.setMinimumWidth(140)
    return spin


def editor_value(editor: QWidget) -> Any:
    if isinstance(editor, QCheckBox):
        return editor.isChecked()
    if isinstance(editor, QSpinBox | QDoubleSpinBox):
        return editor.value()
    raise TypeError(editor)


def set_editor_value(editor: QWidget, value: Any) -> None:
    if isinstance(editor, QCheckBox):
        editor.setChecked(bool(value))
    elif isinstance(editor, QSpinBox):
        editor.setValue(int(value))
    elif isinstance(editor, QDoubleSpinBox):
        editor.setValue(float(value))


#: settings that "Restore defaults" leaves as they are (see restore_defaults)
_OWN_CHOICES = frozenset({"start_at_login", "reminders_paused"})


class SettingsDialog(FormDialog):
    """``SettingsDialog(ctx)``: Profile tab plus one tab per group of ``SPECS``."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Settings")
        self.resize(640, 580)
        profile = ctx.profile()
        settings = ctx.settings()

        outer = QVBoxLayout(self)
        self.tabs = QTabWidget(self)
        self.tabs.setAccessibleName("Settings groups")
        outer.addWidget(self.tabs, 1)
        self._fields: list[Field] = []
        self._setting_fields: list[Field] = []
        self._chain: list[QWidget] = [self.tabs]

        self._build_profile(profile)

        # -- one tab per group, in the order the groups are declared -----------------------
        self.editors: dict[str, QWidget] = {}
        self.group_tabs: dict[str, int] = {}
        groups: dict[str, list[SettingSpec]] = {}
        for spec in SPECS:
            groups.setdefault(spec.group, []).append(spec)
        for group, specs in groups.items():
            page = QWidget()
            scroll = QScrollArea()
            scroll.setWidgetResizable(True)
            scroll.setFrameShape(QFrame.Shape.NoFrame)
            scroll.setWidget(page)
            form = tidy_form(QFormLayout(page))
            form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
            index = self.tabs.addTab(scroll, group)
            self.group_tabs[group] = index
            for spec in specs:
                self._add_setting(form, spec, getattr(settings, spec.key), index)

        from followup_desktop.ui.dialogs.calendar_account import CalendarAccountPage

        self.calendar_account = CalendarAccountPage(ctx, self)
        self.tabs.addTab(self.calendar_account, "Calendar &account")

        restore = self.buttons.addButton("Restore &defaults",
                                         QDialogButtonBox.ButtonRole.ResetRole)
        assert isinstance(restore, QPushButton)
        restore.setAccessibleName("Restore default settings")
        restore.setToolTip("Put every schedule, check and reminder number back to its "
                           "default (the profile is kept)")
        restore.setAutoDefault(False)
        restore.clicked.connect(self.restore_defaults)
        self.restore_button = restore
        mail = self.buttons.addButton("&Mail account\u2026",
                                      QDialogButtonBox.ButtonRole.ActionRole)
        assert isinstance(mail, QPushButton)
        mail.setToolTip("Connect your mail account: drafts into its Drafts folder, sent "
                        "notes and replies noticed")
        mail.setAutoDefault(False)
        mail.clicked.connect(self.open_mail_account)
        self.mail_button = mail

        outer.addWidget(self.footer())
        chain_tab_order([*self._chain, restore, mail, self.ok_button, self.cancel_button])
        self.name.setFocus()

    def open_mail_account(self) -> None:
        """Settings › Mail account (its own dialog: it talks to the server)."""
        from followup_desktop.ui.dialogs.mail_account import MailAccountDialog

        window = self.parent()
        dialog = MailAccountDialog(self.ctx, getattr(window, "mail_runner", None), self)
        self.mail_dialog = dialog
        dialog.open()

    # -- profile --------------------------------------------------------------------------

    def _build_profile(self, profile: Profile) -> None:
        page = QWidget()
        lay = QVBoxLayout(page)
        lay.addWidget(hint_label("Your name and contact details sign every note. The time zone "
                                 "is the one your interviews and reminders are shown in.",
                                 page))
        form = tidy_form(QFormLayout())
        lay.addLayout(form)
        lay.addStretch(1)
        self.name = QLineEdit(profile.name, page)
        self.name.setPlaceholderText("Ada Park")
        self.email = QLineEdit(profile.email, page)
        self.email.setPlaceholderText("ada.park@example.org")
        self.phone = QLineEdit(profile.phone, page)
        self.phone.setPlaceholderText("+1 555 0100")
        self.linkedin = QLineEdit(profile.linkedin, page)
        self.linkedin.setPlaceholderText("https://www.linkedin.com/in/…")
        self.signature = notes_edit(profile.signature,
                                    "Best regards,\nAda Park\n+1 555 0100", page, lines=4)
        self.timezone = QComboBox(page)
        self.timezone.setEditable(True)
        self.timezone.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.timezone.setMaxVisibleItems(15)
        self.timezone.addItem("")
        self.timezone.addItems(list(v.zone_names()))
        self.timezone.lineEdit().setPlaceholderText(
            f"This computer's zone ({machine_zone_name()})")
        completer = QCompleter(list(v.zone_names()), self.timezone)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.timezone.setCompleter(completer)
        self.timezone.setCurrentText(profile.timezone)

        rows = [
            ("&Name:", self.name, lambda: v.line_problem(self.name.text(), "Your name",
                                                         max_len=v.NAME_MAX), None),
            ("&Email:", self.email, lambda: v.email_problem(self.email.text()), None),
            ("&Phone:", self.phone, lambda: v.line_problem(self.phone.text(), "Phone",
                                                           max_len=100), None),
            ("&LinkedIn:", self.linkedin,
             lambda: v.url_problem(self.linkedin.text(), "LinkedIn address"), None),
            ("Si&gnature:", self.signature,
             lambda: v.text_problem(self.signature.toPlainText(), "Signature", max_len=2000),
             "Empty: your name, email and phone are used."),
            ("&Time zone:", self.timezone,
             lambda: v.timezone_problem(self.timezone.currentText()),
             "Type part of a name — “Berlin”, “New_York” — and pick it from the list."),
        ]
        for text, widget, check, hint in rows:
            _, reason, _ = add_row(form, text, widget, hint=hint)
            assert reason is not None
            self._fields.append(Field(widget, check, reason, name=plain(text),
                                      reveal=lambda: self.tabs.setCurrentIndex(0)))
            self._chain.append(widget)
        self.tabs.addTab(page, "&Profile")

    # -- generated settings ---------------------------------------------------------------

    def _add_setting(self, form: QFormLayout, spec: SettingSpec, value: Any,
                     tab: int) -> None:
        editor = spec_editor(spec)
        set_editor_value(editor, value)
        editor.setAccessibleName(spec.label)
        editor.setObjectName(f"setting_{spec.key}")
        editor.setToolTip(f"Default: {_format_value(spec, spec.default)}")
        self.editors[spec.key] = editor
        self._chain.append(editor)
        if isinstance(editor, QCheckBox):
            form.addRow("", editor)
            return
        box, reason, _ = field_box(editor)
        form.addRow(spec.label + ":", box)
        label = form.labelForField(box)
        if label is not None:
            label.setBuddy(editor)  # type: ignore[attr-defined]
        field = Field(editor, lambda s=spec: self._setting_problem(s), reason,
                      name=spec.label, touched=True,
                      reveal=lambda i=tab: self.tabs.setCurrentIndex(i))
        self._fields.append(field)
        self._setting_fields.append(field)
        if isinstance(editor, QSpinBox | QDoubleSpinBox):
            editor.valueChanged.connect(self._revalidate)

    def _revalidate(self, *_: object) -> None:
        for f in self._setting_fields:
            f.validate()

    def _setting_problem(self, spec: SettingSpec) -> v.Reason:
        editor = self.editors[spec.key]
        if isinstance(editor, QAbstractSpinBox) and not editor.hasAcceptableInput():
            lo, hi = spec.min, spec.max
            return f"Enter a number from {lo:g} to {hi:g}."
        try:
            spec.parse(editor_value(editor))
        except ValueError as exc:
            return str(exc)
        for early, late, reason in ORDERED:
            if spec.key == late and editor_value(self.editors[late]) < editor_value(
                    self.editors[early]):
                return reason
        return None

    def restore_defaults(self) -> None:
        """Every number back to its declared default. The profile, start-at-login and the
        pause are the user's own choices, not the schedule's numbers: left alone."""
        for spec in SPECS:
            if spec.key not in _OWN_CHOICES:
                set_editor_value(self.editors[spec.key], spec.default)
        self._revalidate()

    def values(self) -> Settings:
        return Settings(**{spec.key: spec.parse(editor_value(self.editors[spec.key]))
                           for spec in SPECS})

    def profile(self) -> Profile:
        return Profile(
            name=self.name.text().strip(),
            email=v.normalize_email(self.email.text()) or "",
            phone=self.phone.text().strip(),
            linkedin=v.normalize_url(self.linkedin.text()) or "",
            signature=self.signature.toPlainText().rstrip(),
            timezone=self.timezone.currentText().strip(),
        )

    def fields(self) -> Iterable[Field]:
        return self._fields

    def save(self) -> None:
        profile, settings = self.profile(), self.values()
        store = self.ctx.store
        # One transaction: the inner writes become savepoints of this one.
        with store.write():
            store.save_profile(profile)
            store.save_settings(settings)


__all__ = ["SettingsDialog", "ORDERED"]
