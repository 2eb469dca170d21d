"""Settings › Calendar account, driven like a user against a real Radicale; and the
window's background sync (worker thread, status-bar line when the server is down)."""

from __future__ import annotations

import datetime as dt

import caldav
import pytest
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QMainWindow

from followup_desktop.reminders.calendar_sync import install_calendar_sync
from followup_desktop.ui.dialogs import SettingsDialog
from followup_desktop.ui.dialogs.calendar_account import CalendarAccountPage
from tests.helpers.caldav_servers import USERS


@pytest.fixture(autouse=True)
def _no_user_keyring(monkeypatch: pytest.MonkeyPatch) -> None:
    """Never the user's keyring (no secure one here: the page says so)."""
    from followup_desktop.services import secrets

    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    secrets.reset_default()


def _events(radicale, tls_files, calendar_url: str) -> set[str]:
    with caldav.DAVClient(radicale.url, username="ada", password=USERS["ada"],
                          auth_type="basic", ssl_verify_cert=str(tls_files.ca),
                          enable_rfc6764=False) as client:
        cal = caldav.Calendar(client=client, url=calendar_url)
        return {str(o.icalendar_component["UID"]) for o in cal.events()}


def _fill(qtbot, page: CalendarAccountPage, radicale, tls_files, password: str) -> None:
    for field, text in ((page.url, f"127.0.0.1:{radicale.port}"), (page.user, "ada"),
                        (page.password, password), (page.ca_file, str(tls_files.ca))):
        field.clear()
        qtbot.keyClicks(field, text)


def test_setup_and_sync_from_the_settings_page(qtbot, demo_ctx, radicale, tls_files) -> None:
    dialog = SettingsDialog(demo_ctx)
    qtbot.addWidget(dialog)
    tabs = [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())]
    assert "Calendar &account" in tabs
    page = dialog.calendar_account
    assert not page.sync_button.isEnabled()  # nothing set up yet

    _fill(qtbot, page, radicale, tls_files, "wrong")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.result.text().startswith("Not saved"), timeout=20_000)
    assert "refused the user name or password" in page.result.text()
    assert demo_ctx.store.get_value("calendar_account", None) is None

    _fill(qtbot, page, radicale, tls_files, USERS["ada"])
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "ready" in page.result.text() or "Not saved" in page.result.text(),
                    timeout=20_000)
    assert "ready" in page.result.text(), page.result.text()
    assert "calendar “Followup” created" in page.result.text()
    assert page.password.text() == ""  # not kept in the widget
    assert "Account: ada at 127.0.0.1" in page.status.text()
    assert page.sync_button.isEnabled()

    qtbot.mouseClick(page.sync_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Calendar synced" in page.result.text(), timeout=30_000)
    assert "added: " in page.result.text()
    config = demo_ctx.store.get_value("calendar_account", {})
    windows = demo_ctx.agenda(demo_ctx.now())
    uids = demo_ctx.store.window_uids((w.application_id, w.key) for w in windows)
    assert _events(radicale, tls_files, config["calendar_url"]) == set(uids.values())

    qtbot.mouseClick(page.forget_button, Qt.MouseButton.LeftButton)
    assert "Forgot the calendar account" in page.result.text()
    assert not page.sync_button.isEnabled()


class _Scheduler(QObject):
    """The reminder scheduler's two signals the sync listens to."""

    checked = Signal(object)
    ticked = Signal()


def test_the_window_syncs_in_the_background_and_says_when_the_server_is_down(
        qtbot, demo_ctx, radicale, tls_files) -> None:
    from followup_desktop.services.calendar_account import setup_account

    result = setup_account(demo_ctx, url=radicale.url, user="ada", password=USERS["ada"],
                           ca_file=str(tls_files.ca), session_only=True)
    window = QMainWindow()
    qtbot.addWidget(window)
    scheduler = _Scheduler()
    sync = install_calendar_sync(demo_ctx, window, scheduler)
    assert sync.running  # a first sync at once
    qtbot.waitUntil(lambda: not sync.running, timeout=30_000)
    windows = demo_ctx.agenda(demo_ctx.now())
    first = _events(radicale, tls_files, result.config.calendar_url)
    assert len(first) == len({w.key for w in windows})

    # a change of the plan (a snooze in the window): synced after the scheduler re-checks
    w = next(w for w in windows if w.kind.value == "thank-you")
    until = demo_ctx.now() + dt.timedelta(hours=6)
    demo_ctx.store.snooze(w.application_id, w.key, until)
    with qtbot.waitSignal(sync.finished, timeout=30_000) as done:
        scheduler.checked.emit([])
    assert done.args[0] is not None and done.args[0].updated

    # nothing changed: the tick before the interval does nothing
    scheduler.ticked.emit()
    assert not sync.running

    # the server goes away: one status-bar line, tried again later
    radicale.stop()
    demo_ctx.store.snooze(w.application_id, w.key, until + dt.timedelta(hours=1))
    with qtbot.waitSignal(sync.finished, timeout=30_000):
        scheduler.checked.emit([])
    text = window.statusBar().currentMessage()
    assert text.startswith("Calendar account: The calendar server 127.0.0.1:")
    assert "cannot be reached" in text and "Trying again in 30 s" in text
    assert "\n" not in text

    # back up: the next try clears the line
    radicale.start()
    sync._retry_at = demo_ctx.now()  # the backoff's wait, over (the clock is fixed)
    with qtbot.waitSignal(sync.finished, timeout=30_000) as done:
        scheduler.ticked.emit()
    assert done.args[0] is not None
    assert window.statusBar().currentMessage() == ""
    assert len(_events(radicale, tls_files, result.config.calendar_url)) == len(first)
