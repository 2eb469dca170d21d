"""Settings › Calendar account: set up, test, sync and forget the user's CalDAV account.

The page only shows and edits: setup and sync are ``services.calendar_account``, run in a
worker thread (:class:`~followup_desktop.reminders.calendar_sync.Worker`) so the window never
waits on the server. "Test and save" saves nothing unless the login and the calendar
work; the password goes to the system keyring (without a secure keyring: kept until
Followup quits, and the page says so). Interview invites found in the main calendar are
offered one by one: "Add this interview?" -- never added without a yes.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.reminders.calendar_sync import Worker


def _keyring_is_secure() -> bool:
    from followup_desktop.services.calendar_account.account import _secrets

    try:
        return bool(_secrets().secure_backend())
    except Exception:
        return False


class CalendarAccountPage(QWidget):
    """The page (a tab of the settings dialog)."""

    def __init__(self, ctx: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from followup_desktop.services.calendar_account import load_config

        self.ctx = ctx
        self.worker = Worker(ctx, self)
        self.worker.done.connect(self._done)
        self._action = ""

        outer = QVBoxLayout(self)
        intro = QLabel("Keep your follow-ups in a calendar of their own on your CalDAV "
                       "server (Nextcloud, Fastmail, iCloud, mailbox.org, Radicale …), so "
                       "your phone shows each one the moment it opens. Followup only ever "
                       "writes to that one calendar.")
        intro.setWordWrap(True)
        outer.addWidget(intro)
        outer.addLayout(self._account_form(load_config(ctx)))
        self.keyring_note = QLabel(
            "The password is kept in the system keyring, never in Followup's data."
            if _keyring_is_secure() else
            "No secure system keyring was found: the password is kept only until Followup "
            "quits, and asked again next time.")
        self.keyring_note.setWordWrap(True)
        outer.addWidget(self.keyring_note)
        outer.addLayout(self._account_buttons())
        self.result = QLabel("")
        self.result.setWordWrap(True)
        self.result.setAccessibleName("Calendar account result")
        outer.addWidget(self.result)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        outer.addWidget(self.status)
        self._add_offers(outer)
        self.refresh()

    def _account_form(self, config: Any) -> QFormLayout:
        """Server, user, password, calendar, CA file, invites, interval: as saved."""
        from followup_desktop.services.calendar_account import DEFAULT_CALENDAR
        from followup_desktop.services.calendar_account.account import (
            DEFAULT_INTERVAL_MINUTES,
        )

        form = QFormLayout()
        self.url = QLineEdit(config.url if config else "")
        self.url.setPlaceholderText("https://cloud.example.org/remote.php/dav")
        self.url.setAccessibleName("Server address")
        self.user = QLineEdit(config.user if config else "")
        self.user.setAccessibleName("User name")
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName("Password")
        self.password.setPlaceholderText(
            "an app password works best" if config is None else
            "kept until Followup quits (no keyring)" if config.session_only else
            "kept in the system keyring")
        self.calendar = QLineEdit(config.calendar_name if config else DEFAULT_CALENDAR)
        self.calendar.setAccessibleName("Calendar name")
        self.ca_file = QLineEdit(config.ca_file or "" if config else "")
        self.ca_file.setPlaceholderText("only for a server with its own certificate")
        self.ca_file.setAccessibleName("CA certificate file")
        browse = QPushButton("Browse…")
        browse.setAutoDefault(False)
        browse.clicked.connect(self._browse)
        ca_row = QHBoxLayout()
        ca_row.addWidget(self.ca_file, 1)
        ca_row.addWidget(browse)
        self.invites = QCheckBox("Read my main calendar for interview invites (offered, "
                                 "never added without asking)")
        self.invites.setChecked(bool(config and config.invites))
        self.interval = QSpinBox()
        self.interval.setRange(5, 24 * 60)
        self.interval.setSuffix(" min")
        self.interval.setValue(config.interval_minutes if config else DEFAULT_INTERVAL_MINUTES)
        self.interval.setAccessibleName("Sync every")
        form.addRow("&Server:", self.url)
        form.addRow("&User:", self.user)
        form.addRow("&Password:", self.password)
        form.addRow("&Calendar:", self.calendar)
        ca_label = QLabel("CA &file:")
        ca_label.setBuddy(self.ca_file)
        form.addRow(ca_label, ca_row)
        form.addRow("", self.invites)
        interval_row = QHBoxLayout()
        interval_row.addWidget(self.interval)
        interval_row.addStretch(1)
        interval_label = QLabel("Sync &every:")
        interval_label.setBuddy(self.interval)
        form.addRow(interval_label, interval_row)
        return form

    def _account_buttons(self) -> QHBoxLayout:
        buttons = QHBoxLayout()
        self.save_button = QPushButton("&Test and save")
        self.sync_button = QPushButton("S&ync now")
        self.forget_button = QPushButton("&Forget account")
        for b in (self.save_button, self.sync_button, self.forget_button):
            b.setAutoDefault(False)
            buttons.addWidget(b)
        buttons.addStretch(1)
        self.save_button.clicked.connect(self.test_and_save)
        self.sync_button.clicked.connect(self.sync_now)
        self.forget_button.clicked.connect(self.forget)
        return buttons

    def _add_offers(self, outer: QVBoxLayout) -> None:
        """The invites found in the main calendar, each to add or to wave away."""
        self.offers_title = QLabel("Interview invites found in your calendar — add this "
                                   "interview?")
        self.offers = QListWidget()
        self.offers.setAccessibleName("Invites offered")
        self.offers.setWordWrap(True)
        self.offers.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        offer_buttons = QHBoxLayout()
        self.add_offer_button = QPushButton("&Add this interview")
        self.dismiss_offer_button = QPushButton("&Not an interview")
        for b in (self.add_offer_button, self.dismiss_offer_button):
            b.setAutoDefault(False)
            offer_buttons.addWidget(b)
        offer_buttons.addStretch(1)
        self.add_offer_button.clicked.connect(self.add_offer)
        self.dismiss_offer_button.clicked.connect(self.dismiss_offer)
        outer.addWidget(self.offers_title)
        outer.addWidget(self.offers, 1)
        outer.addLayout(offer_buttons)

    # -- showing ---------------------------------------------------------------------------

    def refresh(self) -> None:
        from followup_desktop.services.calendar_account import load_config, status_lines
        from followup_desktop.services.calendar_account.invites import pending_offers

        config = load_config(self.ctx)
        lines = [line for line in status_lines(self.ctx) if not line.startswith("  offered:")]
        from followup_desktop.services.accounts_status import no_account_here

        self.status.setText("\n".join(lines) if config else no_account_here("calendar"))
        busy = self.worker.running
        self.save_button.setEnabled(not busy)
        self.sync_button.setEnabled(config is not None and not busy)
        self.forget_button.setEnabled(config is not None and not busy)
        self.offers.clear()
        for offer in pending_offers(self.ctx):
            item = QListWidgetItem(str(offer.get("text", "")))
            item.setData(Qt.ItemDataRole.UserRole, offer.get("uid"))
            self.offers.addItem(item)
        has = self.offers.count() > 0
        for w in (self.offers_title, self.offers, self.add_offer_button,
                  self.dismiss_offer_button):
            w.setVisible(has)
        if has and self.offers.currentRow() < 0:
            self.offers.setCurrentRow(0)

    def _browse(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(self, "The server's CA certificate", "",
                                                "Certificates (*.pem *.crt);;All files (*)")
        if chosen:
            self.ca_file.setText(chosen)

    # -- acting ----------------------------------------------------------------------------

    def _start(self, action: str, fn: Any, busy_text: str) -> None:
        self._action = action
        self.result.setText(busy_text)
        if self.worker.start(fn):
            self.refresh()

    def test_and_save(self) -> None:
        from followup_desktop.services.calendar_account import setup_account

        url, user, password = self.url.text(), self.user.text(), self.password.text()
        calendar, ca = self.calendar.text(), self.ca_file.text().strip() or None
        invites, every = self.invites.isChecked(), self.interval.value()
        if not password:
            from followup_desktop.services.calendar_account import load_config
            from followup_desktop.services.calendar_account.account import password_for

            config = load_config(self.ctx)
            password = (password_for(config) or "") if config else ""

        def run(wctx: Any) -> Any:
            return setup_account(wctx, url=url, user=user, password=password,
                                 calendar=calendar, ca_file=ca, invites=invites,
                                 interval_minutes=every)

        self._start("setup", run, "Logging in and checking the calendar…")

    def sync_now(self) -> None:
        from followup_desktop.services.calendar_account import sync_account

        self._start("sync", sync_account, "Syncing…")

    def forget(self) -> None:
        from followup_desktop.services.calendar_account import forget_account

        self.result.setText(forget_account(self.ctx))
        self.password.clear()
        self.refresh()

    def _selected_uid(self) -> str | None:
        item = self.offers.currentItem()
        return None if item is None else str(item.data(Qt.ItemDataRole.UserRole))

    def add_offer(self) -> None:
        from followup_desktop.services.calendar_account import CalendarAccountError
        from followup_desktop.services.calendar_account.invites import add_offer

        uid = self._selected_uid()
        if uid is None:
            return
        try:
            self.result.setText(add_offer(self.ctx, uid))
        except (CalendarAccountError, Exception) as exc:
            self.result.setText(f"Not added: {exc}")
        self.refresh()

    def dismiss_offer(self) -> None:
        from followup_desktop.services.calendar_account.invites import dismiss_offer

        uid = self._selected_uid()
        if uid is not None:
            dismiss_offer(self.ctx, uid)
            self.refresh()

    def _done(self, result: Any, error: str | None) -> None:
        if error is not None:
            self.result.setText(("Not saved: " if self._action == "setup" else
                                 "Sync failed: ") + error)
        elif self._action == "setup":
            self.password.clear()
            self.result.setText(result.describe())
        else:
            lines = result.lines()
            self.result.setText("\n".join([*lines[:8], *(["…"] if len(lines) > 8 else []),
                                           result.summary()]))
        self.refresh()
