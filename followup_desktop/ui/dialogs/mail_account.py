"""Settings › Mail account: connect the user's IMAP account, see what it does, forget it.

The login is tested by the mail worker (its own thread and connection: the dialog never
freezes on a slow server) before anything is saved; the answer, good or bad, is shown in
the dialog in words. With no secure system keyring, the password is kept in memory for
this session only, and the page says so.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.reminders.mail_sync import MailRunner
from followup_desktop.services.mail import PRESETS, PRIVACY, MailAccount
from followup_desktop.ui.dialogs._form import hint_label, tidy_form


class MailAccountDialog(QDialog):
    """``MailAccountDialog(ctx, runner)``: the runner's worker tests and saves."""

    def __init__(self, ctx: Any, runner: MailRunner | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Mail account")
        self.resize(600, 620)
        self.mail = MailAccount(ctx)
        self.runner = runner if runner is not None else MailRunner(ctx, parent=self)
        self._own_runner = runner is None
        self.runner.done.connect(self._done)
        self.runner.failed.connect(self._failed)

        outer = QVBoxLayout(self)
        outer.addWidget(hint_label(
            "Connect your mail account: your follow-up drafts wait in its Drafts folder on "
            "every device, and Followup notices by itself what you sent and who answered.",
            self))
        self.current = QLabel(self)
        self.current.setWordWrap(True)
        self.current.setAccessibleName("Connected account")
        outer.addWidget(self.current)
        outer.addLayout(self._server_form())
        self._add_result_and_privacy(outer)
        outer.addWidget(self._buttons())
        self._fill()

    def _server_form(self) -> QFormLayout:
        """Provider, server, port and security, user, password, CA file."""
        form = tidy_form(QFormLayout())
        self.preset = QComboBox(self)
        self.preset.setAccessibleName("Provider")
        for p in PRESETS:
            self.preset.addItem(p.name, p)
        self.preset.currentIndexChanged.connect(self._preset_chosen)
        form.addRow("&Provider:", self.preset)
        self.preset_note = hint_label("", self)
        form.addRow("", self.preset_note)
        self.host = QLineEdit(self)
        self.host.setAccessibleName("IMAP server")
        self.host.setPlaceholderText("imap.example.com")
        form.addRow("&Server:", self.host)
        self.port = QSpinBox(self)
        self.port.setRange(1, 65535)
        self.port.setValue(993)
        self.port.setAccessibleName("Port")
        self.security = QComboBox(self)
        self.security.addItem("TLS (port 993)", "tls")
        self.security.addItem("STARTTLS (port 143)", "starttls")
        self.security.setAccessibleName("Security")
        self.security.currentIndexChanged.connect(self._security_chosen)
        row = QHBoxLayout()
        row.addWidget(self.port)
        row.addWidget(self.security, 1)
        form.addRow(_buddy("P&ort:", self.port, self), row)
        self.user = QLineEdit(self)
        self.user.setAccessibleName("User name")
        self.user.setPlaceholderText("you@example.com")
        form.addRow("&User:", self.user)
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName("Password")
        form.addRow("Pass&word:", self.password)
        self.keyring_note = hint_label("", self)
        form.addRow("", self.keyring_note)
        self._add_ca_row(form)
        return form

    def _add_ca_row(self, form: QFormLayout) -> None:
        self.ca_file = QLineEdit(self)
        self.ca_file.setAccessibleName("CA certificate file")
        self.ca_file.setPlaceholderText("only for a server with its own authority")
        browse = QPushButton("&Browse\u2026", self)
        browse.setAutoDefault(False)
        browse.clicked.connect(self._browse)
        ca_row = QHBoxLayout()
        ca_row.addWidget(self.ca_file, 1)
        ca_row.addWidget(browse)
        form.addRow(_buddy("&CA file:", self.ca_file, self), ca_row)

    def _add_result_and_privacy(self, outer: QVBoxLayout) -> None:
        """What the last test said, what waits for a Yes or No, and the privacy note."""
        self.result = QLabel(self)
        self.result.setWordWrap(True)
        self.result.setAccessibleName("Result")
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        outer.addWidget(self.result)

        self.waiting_box = QWidget(self)
        self.waiting = QVBoxLayout(self.waiting_box)
        self.waiting.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.waiting_box)

        privacy = QLabel("<b>Privacy</b><br>" + "<br>".join(PRIVACY), self)
        privacy.setWordWrap(True)
        privacy.setAccessibleName("Privacy")
        outer.addWidget(privacy)
        outer.addStretch(1)

    def _buttons(self) -> QDialogButtonBox:
        self.buttons = QDialogButtonBox(self)
        self.connect_button = self.buttons.addButton(
            "&Test and save", QDialogButtonBox.ButtonRole.AcceptRole)
        self.connect_button.setToolTip("Log in once to check everything; only then is "
                                       "anything saved")
        self.forget_button = self.buttons.addButton(
            "&Forget this account", QDialogButtonBox.ButtonRole.DestructiveRole)
        self.forget_button.setToolTip("Remove the account's settings and its password "
                                      "from the keyring")
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.connect_button.clicked.connect(self.test_and_save)
        self.forget_button.clicked.connect(self.forget)
        self.close_button.clicked.connect(self.reject)
        return self.buttons

    # -- what is shown ----------------------------------------------------------------------

    def _fill_waiting(self) -> None:
        """Suggestions (Yes / No) and the latest records (Undo), each with its message."""
        from followup_desktop.services.mail.sync import describe_cause

        while self.waiting.count():
            item = self.waiting.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        rows: list[tuple[str, list[tuple[str, Any]]]] = []
        for s in self.mail.suggestions():
            cause = _escape(describe_cause(s["cause"], self.ctx))
            rows.append((f"<b>{_escape(s['text'])}</b> {cause}",
                         [("&Yes", lambda _=False, i=s["id"]: self._act(self.mail.confirm, i)),
                          ("&No", lambda _=False, i=s["id"]: self._act(self.mail.dismiss, i))]))
        for r in [r for r in self.mail.records() if not r.get("undone")][-5:]:
            rows.append((f"Recorded: {_escape(r['what'])} — {_escape(r['text'])}, from "
                         f"{_escape(describe_cause(r['cause'], self.ctx))}",
                         [("&Undo", lambda _=False, i=r["id"]: self._act(self.mail.undo, i))]))
        if rows:
            self.waiting.addWidget(QLabel("<b>From your mail</b>", self.waiting_box))
        for text, actions in rows:
            line = QWidget(self.waiting_box)
            lay = QHBoxLayout(line)
            lay.setContentsMargins(0, 0, 0, 0)
            label = QLabel(text, line)
            label.setWordWrap(True)
            lay.addWidget(label, 1)
            for caption, slot in actions:
                button = QPushButton(caption, line)
                button.setAutoDefault(False)
                button.clicked.connect(slot)
                lay.addWidget(button)
            self.waiting.addWidget(line)
        self.waiting_box.setVisible(bool(rows))

    def _act(self, action: Any, entry_id: int) -> None:
        from followup_desktop.services.mail import MailError
        from followup_desktop.store import StoreError

        try:
            self.result.setText(_escape(action(entry_id)))
        except (MailError, StoreError) as exc:
            self.result.setText(f"Not done: {_escape(str(exc))}")
        self._fill_waiting()

    def _fill(self) -> None:
        self._fill_waiting()
        account = self.mail.account()
        secure = self.mail.secrets.secure_backend()
        self.keyring_note.setText(
            f"Kept in the system keyring ({self.mail.secrets.backend_name()})." if secure else
            "No secure system keyring here: the password is kept in memory until Followup "
            "quits, and asked again next time.")
        if account is None:
            from followup_desktop.services.accounts_status import no_account_here

            self.current.setText(no_account_here("mail"))
            self.forget_button.setEnabled(False)
            self._preset_chosen(self.preset.currentIndex())
            return
        self.forget_button.setEnabled(True)
        lines = self.mail.status()
        self.current.setText("<b>Connected:</b> " + "<br>".join(
            _escape(line) for line in lines[:6]))
        self.host.setText(account.host)
        self.port.setValue(account.port)
        self.security.setCurrentIndex(0 if account.security == "tls" else 1)
        self.user.setText(account.user)
        self.ca_file.setText(account.ca_file or "")
        chosen = next((i for i, p in enumerate(PRESETS) if p.host == account.host),
                      len(PRESETS) - 1)  # no provider's host: self-hosted
        self.preset.blockSignals(True)
        self.preset.setCurrentIndex(chosen)
        self.preset.blockSignals(False)
        self.preset_note.setText(PRESETS[chosen].note)

    def _preset_chosen(self, index: int) -> None:
        preset = self.preset.itemData(index)
        if preset is None:
            return
        self.preset_note.setText(preset.note)
        if preset.host:
            self.host.setText(preset.host)
        self.port.setValue(preset.port)
        self.security.setCurrentIndex(0 if preset.security == "tls" else 1)

    def _security_chosen(self, index: int) -> None:
        if self.port.value() in (993, 143):
            self.port.setValue(993 if index == 0 else 143)

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "The server's CA certificate", "",
                                              "Certificates (*.pem *.crt);;All files (*)")
        if path:
            self.ca_file.setText(path)

    # -- the work ---------------------------------------------------------------------------

    def test_and_save(self) -> bool:
        payload = {"host": self.host.text(), "user": self.user.text(),
                   "password": self.password.text(), "port": self.port.value(),
                   "security": self.security.currentData(),
                   "ca_file": self.ca_file.text().strip() or None,
                   "session_only": not self.mail.secrets.secure_backend()}
        if not self.runner.submit("setup", payload):
            return False
        self.connect_button.setEnabled(False)
        self.result.setText("Connecting\u2026")
        return True

    def _done(self, job: str, lines: Any) -> None:
        if job != "setup":
            return
        self.connect_button.setEnabled(True)
        self.password.clear()
        self.result.setText("\u2714 " + "<br>".join(_escape(line) for line in lines))
        self._fill()

    def _failed(self, job: str, message: str, kind: str) -> None:
        if job != "setup":
            return
        self.connect_button.setEnabled(True)
        self.result.setText(f"<b>Not saved:</b> {_escape(message)}")

    def forget(self) -> None:
        from followup_desktop.services.mail import MailError

        try:
            lines = self.mail.forget()
        except MailError as exc:
            self.result.setText(f"Not forgotten: {_escape(str(exc))}")
            return
        self.result.setText("<br>".join(_escape(line) for line in lines))
        self.host.clear()
        self.user.clear()
        self.ca_file.clear()
        self._fill()
        holder = self.parent()
        while holder is not None and not hasattr(holder, "mail_sync"):
            holder = holder.parent()
        if holder is not None:
            holder.mail_sync.account_changed()

    def done(self, result: int) -> None:  # closing: our own worker thread ends with us
        if self._own_runner:
            self.runner.stop()
        super().done(result)


def _buddy(text: str, widget: QWidget, parent: QWidget) -> QLabel:
    """A form label whose mnemonic focuses ``widget`` (a row whose field is a layout)."""
    label = QLabel(text, parent)
    label.setBuddy(widget)
    return label


def _escape(text: str) -> str:
    from followup_desktop.humanize import escape_markup

    return escape_markup(text)
