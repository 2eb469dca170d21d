"""Settings › Mail account and the tray's sync, driven like a user (real Dovecot)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from followup_desktop.reminders.mail_sync import MailRunner, MailSync
from followup_desktop.services.mail import MailAccount
from followup_desktop.services.secrets import Secrets
from tests.helpers.dovecot import Dovecot, append_message, run_dovecot
from tests.helpers.mail import DANA, NOW, REPLY_DATE, make_context, set_up

WAIT = 30_000
pytestmark = pytest.mark.qt_log_ignore(
    r"This plugin does not support (propagateSizeHints|raise|grabbing the keyboard)")


@pytest.fixture
def ctx(tmp_path: Path, dovecot: Dovecot):
    context = make_context(tmp_path / "data", dovecot.user)
    yield context
    context.close()


def _runner(ctx, qtbot, secrets: Secrets) -> MailRunner:
    runner = MailRunner(ctx, make_account=lambda c, db: MailAccount(
            c, secrets, timeout=10, db=db))
    yield_runner = runner
    return yield_runner


def test_the_page_tests_the_login_then_saves(qtbot, ctx, dovecot: Dovecot,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    from followup_desktop.services import secrets as secrets_module
    from followup_desktop.ui.dialogs.mail_account import MailAccountDialog

    secrets = Secrets(probe=False)
    monkeypatch.setattr(secrets_module, "_default", secrets)
    runner = _runner(ctx, qtbot, secrets)
    dialog = MailAccountDialog(ctx, runner)
    qtbot.addWidget(dialog)
    assert dialog.current.text() == "No mail account is set up."
    assert "memory until Followup quits" in dialog.keyring_note.text()
    privacy = dialog.findChild(type(dialog.current), "")  # any label: check the text below
    assert privacy is not None
    texts = " ".join(w.text() for w in dialog.findChildren(type(dialog.current)))
    assert "What is read" in texts and "What is written" in texts and "What is kept" in texts

    dialog.preset.setCurrentIndex(0)  # Gmail: its note says app password
    assert "app password" in dialog.preset_note.text()
    dialog.preset.setCurrentIndex(dialog.preset.count() - 1)  # self-hosted
    dialog.host.clear()
    qtbot.keyClicks(dialog.host, dovecot.host)
    dialog.port.setValue(dovecot.port)
    qtbot.keyClicks(dialog.user, dovecot.user)
    qtbot.keyClicks(dialog.password, "wrong")
    with qtbot.waitSignal(runner.failed, timeout=WAIT):
        qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
    assert "Not saved" in dialog.result.text() and "not trusted" in dialog.result.text()
    qtbot.keyClicks(dialog.ca_file, str(dovecot.cert.ca))
    with qtbot.waitSignal(runner.failed, timeout=WAIT):
        qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
    assert "wrong user name or password" in dialog.result.text()
    assert MailAccount(ctx, secrets).account() is None
    dialog.password.clear()
    qtbot.keyClicks(dialog.password, dovecot.password)
    with qtbot.waitSignal(runner.done, timeout=WAIT):
        qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
    assert "connected:" in dialog.result.text()
    assert "Connected:" in dialog.current.text()
    assert dialog.password.text() == ""
    assert MailAccount(ctx, secrets).account() is not None

    qtbot.mouseClick(dialog.forget_button, Qt.MouseButton.LeftButton)
    assert MailAccount(ctx, secrets).account() is None
    assert dialog.current.text() == "No mail account is set up."
    runner.stop()


def test_settings_dialog_opens_the_mail_page(qtbot, ctx) -> None:
    from followup_desktop.ui.dialogs.mail_account import MailAccountDialog
    from followup_desktop.ui.dialogs.settings import SettingsDialog

    dialog = SettingsDialog(ctx)
    qtbot.addWidget(dialog)
    qtbot.mouseClick(dialog.mail_button, Qt.MouseButton.LeftButton)
    assert isinstance(dialog.mail_dialog, MailAccountDialog)
    assert dialog.mail_dialog.isVisible()
    dialog.mail_dialog.reject()


class Clock:
    def __init__(self, now: dt.datetime) -> None:
        self.now = now
        self.mono = 1000.0

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, minutes: float, *, asleep: bool = False) -> None:
        self.now += dt.timedelta(minutes=minutes)
        if not asleep:
            self.mono += minutes * 60


def test_the_tray_syncs_every_n_minutes_and_after_a_wake(qtbot, tmp_path: Path,
                                                         dovecot: Dovecot) -> None:
    clock = Clock(NOW)
    ctx = make_context(tmp_path / "t", dovecot.user)
    ctx.clock = clock
    try:
        secrets = Secrets(probe=False)
        set_up(ctx, dovecot, secrets)
        runner = MailRunner(ctx, make_account=lambda c, db: MailAccount(
            c, secrets, timeout=10, db=db))
        sync = MailSync(ctx, runner, monotonic=lambda: clock.mono)
        with qtbot.waitSignal(sync.synced, timeout=WAIT):
            sync.tick()  # the first tick: a first sync
        attempts = sync.last_attempt
        clock.advance(2)
        sync.tick()  # 2 minutes later: not yet (the setting says 10)
        assert sync.last_attempt == attempts and not runner.busy
        append_message(dovecot, "INBOX", sender=DANA, to=dovecot.user, subject="Hello",
                       date=REPLY_DATE)
        clock.advance(9)
        with qtbot.waitSignal(sync.synced, timeout=WAIT) as got:
            sync.tick()
        assert len(got.args[0]) == 1 and got.args[0][0].startswith("reply [")
        assert [e.kind.value for e in ctx.applications()[0].events] == ["reply"]
        clock.advance(3, asleep=True)  # the laptop slept: a wake-up syncs at once
        with qtbot.waitSignal(sync.synced, timeout=WAIT):
            sync.tick()
        runner.stop()
    finally:
        ctx.close()


def test_a_server_that_is_down_is_one_status_line_and_retried_with_backoff(
        qtbot, tmp_path: Path) -> None:
    clock = Clock(NOW)
    import shutil

    from followup_desktop.services.mail.account import ACCOUNT_KEY

    with run_dovecot() as server:
        ctx = make_context(tmp_path / "d", server.user)
        ctx.clock = clock
        secrets = Secrets(probe=False)
        set_up(ctx, server, secrets)
        ca = shutil.copy(server.cert.ca, tmp_path / "ca.pem")
        ctx.store.set_value(ACCOUNT_KEY, {**ctx.store.get_value(ACCOUNT_KEY, {}),
                                          "ca_file": str(ca)})
    try:  # the server is gone now
        runner = MailRunner(ctx, make_account=lambda c, db: MailAccount(
            c, secrets, timeout=5, db=db))
        sync = MailSync(ctx, runner, monotonic=lambda: clock.mono)
        lines: list[str] = []
        details: list[str] = []
        sync.status.connect(lambda line, detail: (lines.append(line), details.append(detail)))
        with qtbot.waitSignal(runner.failed, timeout=WAIT):
            sync.tick()
        assert lines == ["Mail: the server cannot be reached — trying again in 1 min"]
        assert details[0].startswith("nothing answers at 127.0.0.1")
        clock.advance(1)
        with qtbot.waitSignal(runner.failed, timeout=WAIT):
            sync.tick()
        assert "trying again in 2 min" in lines[-1]
        clock.advance(1)
        sync.tick()  # within the backoff: no attempt
        assert not runner.busy
        clock.advance(1)
        with qtbot.waitSignal(runner.failed, timeout=WAIT):
            sync.tick()
        assert "trying again in 4 min" in lines[-1]
        runner.stop()
    finally:
        ctx.close()


def test_put_in_drafts_from_the_composer(qtbot, tmp_path: Path, dovecot: Dovecot,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from followup_desktop.services import secrets as secrets_module
    from tests.helpers.composer import NOW as DEMO_NOW
    from tests.helpers.composer import TZ, make_pane, northwind
    from tests.helpers.mail import folder_messages

    secrets = Secrets(probe=False)
    monkeypatch.setattr(secrets_module, "_default", secrets)
    from followup_desktop.clock import fixed_clock, zone
    from followup_desktop.context import AppContext
    from followup_desktop.paths import Paths
    from followup_desktop.services.demo import demo_applications, demo_profile

    ctx = AppContext.open(Paths.for_data_dir(tmp_path / "c"), clock=fixed_clock(DEMO_NOW))
    pane = None
    try:
        ctx.store.add_applications(demo_applications(DEMO_NOW, zone(TZ)))
        ctx.store.save_profile(demo_profile(TZ))
        pane = make_pane(qtbot, ctx, northwind(ctx))
        assert pane.drafts_button.isVisible() and pane.drafts_button.isEnabled()
        assert not pane.put_in_drafts()
        assert "No mail account is connected yet" in pane.notice.text()
        set_up(ctx, dovecot, secrets)
        qtbot.mouseClick(pane.drafts_button, Qt.MouseButton.LeftButton)
        with qtbot.waitSignal(pane.mail_runner.done, timeout=WAIT):
            pass
        assert "In Drafts: added: thank-you to" in pane.notice.text()
        assert len(folder_messages(dovecot, "Drafts")) == 1
        with qtbot.waitSignal(pane.mail_runner.done, timeout=WAIT):
            pane.actions_row.act_round_to_drafts.trigger()
        assert "unchanged" in pane.notice.text() and "added" in pane.notice.text()
        assert len(folder_messages(dovecot, "Drafts")) == 2
    finally:
        if pane is not None:
            pane.shutdown()
        ctx.close()


def test_the_window_asks_what_a_noticed_reply_said(qtbot, ctx, dovecot: Dovecot) -> None:
    from PySide6.QtWidgets import QWidget

    from followup_desktop.records import ReplySays
    from followup_desktop.services.mail.sync import unasked_replies
    from followup_desktop.ui.mail_sync import ask_reply_meanings

    mail = set_up(ctx, dovecot)
    append_message(dovecot, "INBOX", sender=f"Dana Whitfield <{DANA}>", to=dovecot.user,
                   subject="Next steps", date=REPLY_DATE)
    mail.sync(NOW)
    [entry] = unasked_replies(ctx)

    def answer(dialog) -> int:  # type: ignore[no-untyped-def]
        from PySide6.QtWidgets import QLabel

        said = " ".join(label.text() for label in dialog.findChildren(QLabel))
        assert "Noticed in your mail: Dana Whitfield" in said and "“Next steps”" in said
        assert dialog.when.value().isoformat() == "2026-03-03T11:15:00+00:00"
        dialog.choice[ReplySays.NEXT_STEPS].setChecked(True)
        dialog.accept()
        return int(dialog.result())

    parent = QWidget()
    qtbot.addWidget(parent)
    assert ask_reply_meanings(ctx, parent, exec_dialog=answer) == 1
    app = next(a for a in ctx.applications() if a.company == "Northwind Analytics")
    assert [(e.kind.value, e.says, e.at.isoformat()) for e in app.events] == [
        ("reply", ReplySays.NEXT_STEPS, "2026-03-03T11:15:00+00:00")]
    assert unasked_replies(ctx) == []
    mail.undo(entry["id"])  # undo removes the reply the user described
    app = next(a for a in ctx.applications() if a.company == "Northwind Analytics")
    assert app.events == ()


def test_the_page_lists_suggestions_and_records(qtbot, ctx, dovecot: Dovecot,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QLabel, QPushButton

    from followup_desktop.services import secrets as secrets_module
    from followup_desktop.ui.dialogs.mail_account import MailAccountDialog

    secrets = Secrets(probe=False)
    monkeypatch.setattr(secrets_module, "_default", secrets)
    mail = set_up(ctx, dovecot, secrets)
    append_message(dovecot, "INBOX", sender="Lee Chen <lee.chen@northwind.example>",
                   to=dovecot.user, subject="Coffee?", date=REPLY_DATE)
    append_message(dovecot, "INBOX", sender=DANA, to=dovecot.user, subject="Thanks",
                   date=REPLY_DATE)
    mail.sync(NOW)
    dialog = MailAccountDialog(ctx, MailRunner(ctx))
    qtbot.addWidget(dialog)
    texts = " ".join(w.text() for w in dialog.waiting_box.findChildren(QLabel))
    assert "Is this from Northwind Analytics" in texts and "“Coffee?”" in texts
    assert "Recorded: reply" in texts and "“Thanks”" in texts

    def button(caption: str) -> QPushButton:
        return next(b for b in dialog.waiting_box.findChildren(QPushButton)
                    if b.text() == caption and b.isVisible())

    dialog.show()
    qtbot.mouseClick(button("&Yes"), Qt.MouseButton.LeftButton)
    assert "recorded [" in dialog.result.text()
    app = next(a for a in ctx.applications() if a.company == "Northwind Analytics")
    assert len(app.events) == 2
    assert mail.suggestions() == []
    qtbot.waitUntil(lambda: any(b.text() == "&Undo" and b.isVisible()
                                for b in dialog.waiting_box.findChildren(QPushButton)))
    qtbot.mouseClick(button("&Undo"), Qt.MouseButton.LeftButton)
    app = next(a for a in ctx.applications() if a.company == "Northwind Analytics")
    assert len(app.events) == 1
    dialog.runner.stop()
