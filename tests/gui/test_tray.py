"""TrayController: notifier fallback, actions, menu, tooltip, pause, close hint, autostart."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QSystemTrayIcon, QWidget

from followup_desktop import APP_ID
from followup_desktop.autostart import XdgAutostart
from followup_desktop.context import AppContext
from followup_desktop.reminders.notifiers import DBusNotifier, Notifier
from followup_desktop.reminders.policy import Notice
from followup_desktop.reminders.scheduler import ReminderScheduler
from followup_desktop.reminders.tray import CLOSE_HINT_KEY, TrayController
from tests.helpers import reminders
from tests.helpers.reminders import T0, FakeClocks, FakeTimer, add_round


class FakeWindow(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.calls: list[tuple[str, ...]] = []

    def show_followup(self, key: str) -> None:
        self.calls.append(("show_followup", key))

    def bring_to_front(self) -> None:
        self.calls.append(("bring_to_front",))
        self.show()

    def show_banner(self, text: str, key: str) -> None:
        self.calls.append(("show_banner", text, key))


class RecordingNotifier(Notifier):
    def __init__(self, name: str, *, up: bool = True) -> None:
        super().__init__()
        self.name = name
        self.up = up
        self.shown: list[Notice] = []
        self.closed = False

    def available(self) -> bool:
        return self.up

    def show(self, notice: Notice) -> bool:
        self.shown.append(notice)
        return True

    def close(self) -> None:
        self.closed = True


# The same clock and data folder as the scheduler's tests (one definition, there).
clocks = reminders.clocks  # fixture
ctx = reminders.ctx  # fixture


@pytest.fixture
def window(qtbot: Any) -> FakeWindow:
    w = FakeWindow()
    qtbot.addWidget(w)
    return w


@pytest.fixture(autouse=True)
def _restore_quit_on_close(qapp: QApplication) -> Iterator[None]:
    before = QApplication.quitOnLastWindowClosed()
    yield
    QApplication.setQuitOnLastWindowClosed(before)


def make_tray(ctx: AppContext, window: Any, clocks: FakeClocks, tmp_path: Path,
              notifiers: list[Notifier] | None, *, tray: bool = False) -> TrayController:
    scheduler = ReminderScheduler(ctx, timer_factory=FakeTimer, monotonic=clocks.monotonic)
    return TrayController(ctx, window, scheduler=scheduler, notifiers=notifiers,
                          autostart=XdgAutostart(tmp_path / "cfg"), tray_available=tray)


def test_the_first_available_notifier_shows_the_reminder(ctx: AppContext, window: FakeWindow,
                                                         clocks: FakeClocks,
                                                         tmp_path: Path) -> None:
    add_round(ctx, T0 - dt.timedelta(hours=2))
    down, tray_msg, banner = (RecordingNotifier("dbus", up=False), RecordingNotifier("tray"),
                              RecordingNotifier("banner"))
    tc = make_tray(ctx, window, clocks, tmp_path, [down, tray_msg, banner])
    tc.start()
    try:
        assert down.shown == [] and banner.shown == []
        assert [n.title for n in tray_msg.shown] == ["Thank-you note to Dana Whitfield (+1 more)"]
        assert tc.notifier.last_used == "tray"
    finally:
        tc.stop()
    assert down.closed and tray_msg.closed


def test_without_a_bus_or_tray_the_window_shows_a_banner(ctx: AppContext, window: FakeWindow,
                                                         clocks: FakeClocks, tmp_path: Path,
                                                         qtbot: Any,
                                                         monkeypatch: pytest.MonkeyPatch
                                                         ) -> None:
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path / "no-bus"))
    add_round(ctx, T0 - dt.timedelta(hours=2))
    tc = make_tray(ctx, window, clocks, tmp_path, None)  # the real chain
    banners: list[tuple[str, str]] = []
    tc.banner_requested.connect(lambda text, key: banners.append((text, key)))
    tc.start()
    try:
        assert tc.notifier.last_used == "banner"
        assert len(banners) == 1
        text, key = banners[0]
        assert text.startswith("Thank-you note to Dana Whitfield")
        assert ("show_banner", text, key) in window.calls
        assert key.startswith("thank-you:")
    finally:
        tc.stop()


def test_write_note_opens_the_follow_up_and_snooze_snoozes(ctx: AppContext, window: FakeWindow,
                                                           clocks: FakeClocks,
                                                           tmp_path: Path) -> None:
    add_round(ctx, T0 - dt.timedelta(hours=2))
    rec = RecordingNotifier("dbus")
    tc = make_tray(ctx, window, clocks, tmp_path, [rec])
    tc.start()
    try:
        key = rec.shown[0].key
        rec.activated.emit(key)
        assert window.calls[:2] == [("show_followup", key), ("bring_to_front",)]
        rec.snooze_requested.emit(key)
        st = ctx.store.states()[key]
        assert st.snoozed_until == T0 + dt.timedelta(hours=1)
        assert tc.scheduler.next_wake == T0 + dt.timedelta(hours=1)
    finally:
        tc.stop()


def test_snooze_on_a_grouped_notice_snoozes_every_follow_up_it_announced(
        ctx: AppContext, window: FakeWindow, clocks: FakeClocks, tmp_path: Path) -> None:
    """"Thank-you note to Dana Whitfield (+1 more)": Snooze once brought back only Dana's
    note; the other, already marked announced, was never announced again."""
    add_round(ctx, T0 - dt.timedelta(hours=2))
    rec = RecordingNotifier("dbus")
    tc = make_tray(ctx, window, clocks, tmp_path, [rec])
    tc.start()
    try:
        notice = rec.shown[0]
        assert len(notice.keys) >= 2
        rec.snooze_requested.emit(notice.key)
        states = ctx.store.states()
        for key in notice.keys:
            assert states[key].snoozed_until == T0 + dt.timedelta(hours=1), key
    finally:
        tc.stop()


def test_menu_tooltip_snooze_all_and_pause(ctx: AppContext, window: FakeWindow,
                                           clocks: FakeClocks, tmp_path: Path) -> None:
    add_round(ctx, T0 - dt.timedelta(hours=2), company="Acme")
    add_round(ctx, T0 - dt.timedelta(days=2), company="Globex")  # debrief/thank-you overdue
    add_round(ctx, T0 + dt.timedelta(days=1), company="Initech")
    rec = RecordingNotifier("dbus")
    tc = make_tray(ctx, window, clocks, tmp_path, [rec])
    tc.start()
    try:
        tip = tc.tray.toolTip().splitlines()
        assert tip[0] == "Followup — 2 follow-ups due, 2 overdue"
        assert tip[1].startswith("Next: ")
        texts = [a.text() for a in tc._followup_actions]
        assert len(texts) == 4 and all(" — " in t for t in texts)
        assert "overdue" in texts[0]  # most urgent first
        first = tc._followup_actions[0]
        first.trigger()
        assert ("show_followup", first.data()) in window.calls
        tc.snooze_action.trigger()
        assert tc.tray.toolTip().startswith("Followup — No follow-ups due")
        snoozed = [s for s in ctx.store.states().values() if s.snoozed_until is not None]
        assert len(snoozed) == 4
        tc.pause_action.trigger()
        assert ctx.settings().reminders_paused
        assert tc.pause_action.isChecked()
        assert "Reminders paused" in tc.tray.toolTip()
        assert tc.scheduler.next_wake is None
        before = len(rec.shown)
        clocks.advance(hours=2)
        tc.scheduler.check()
        assert len(rec.shown) == before  # paused: the snoozes ended, nothing shown
        tc.pause_action.trigger()
        assert not ctx.settings().reminders_paused
        assert len(rec.shown) > before
    finally:
        tc.stop()


def test_the_menu_and_tooltip_follow_the_clock_between_checks(
        ctx: AppContext, window: FakeWindow, clocks: FakeClocks, tmp_path: Path) -> None:
    """Three days on, with no alarm in between, the menu still said "due in 23 h"."""
    add_round(ctx, T0 - dt.timedelta(hours=2), company="Acme")
    tc = make_tray(ctx, window, clocks, tmp_path, [RecordingNotifier("dbus")])
    tc.start()
    try:
        assert any("(due in" in a.text() for a in tc._followup_actions)
        before = tc.tray.toolTip()
        clocks.advance(days=3)
        tc.scheduler.ticked.emit()  # a quiet tick
        assert tc.tray.toolTip() != before
        tc.menu.aboutToShow.emit()
        texts = [a.text() for a in tc._followup_actions]
        assert texts and all("overdue by" in t for t in texts if "Thank-you" in t), texts
        assert not any("ago" in t for t in texts)
    finally:
        tc.stop()


def test_left_click_toggles_the_window(ctx: AppContext, window: FakeWindow, clocks: FakeClocks,
                                       tmp_path: Path) -> None:
    tc = make_tray(ctx, window, clocks, tmp_path, [RecordingNotifier("dbus")])
    window.show()
    tc._on_tray_activated(QSystemTrayIcon.ActivationReason.Trigger)
    assert not window.isVisible()
    tc._on_tray_activated(QSystemTrayIcon.ActivationReason.Trigger)
    assert window.isVisible()
    assert window.calls[-1] == ("bring_to_front",)


def test_closing_the_window_keeps_running_and_says_so_once(ctx: AppContext, window: FakeWindow,
                                                          clocks: FakeClocks, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    rec = RecordingNotifier("dbus")
    tc = make_tray(ctx, window, clocks, tmp_path, [rec], tray=True)
    monkeypatch.setattr(tc.tray, "show", lambda: None)  # no tray host offscreen
    monkeypatch.setattr(tc.tray, "isVisible", lambda: True)
    tc.start()
    try:
        assert QApplication.quitOnLastWindowClosed() is False
        for _ in range(2):
            window.show()
            window.close()
        hints = [n for n in rec.shown if n.title == "Followup is still running"]
        assert len(hints) == 1
        assert ctx.store.get_value(CLOSE_HINT_KEY, False) is True
    finally:
        tc.stop()


def test_start_at_login_follows_the_setting(ctx: AppContext, window: FakeWindow,
                                            clocks: FakeClocks, tmp_path: Path) -> None:
    tc = make_tray(ctx, window, clocks, tmp_path, [RecordingNotifier("dbus")])
    entry = tmp_path / "cfg" / "autostart" / f"{APP_ID}.desktop"
    tc.start()
    try:
        assert not entry.exists()
        ctx.store.set_setting("start_at_login", True)
        tc.refresh()
        text = entry.read_text()
        assert "--hidden" in text and f"--data-dir {ctx.paths.data_dir}" in text
        ctx.store.set_setting("start_at_login", False)
        tc.refresh()
        assert not entry.exists()
    finally:
        tc.stop()


def test_dbus_signals_are_routed_to_the_window_key(qapp: QApplication) -> None:
    from jeepney import DBusAddress, new_signal

    n = DBusNotifier(connect=lambda: (_ for _ in ()).throw(OSError("no bus")))
    assert not n.available()
    n.shown[7] = "thank-you:a1:i1:p1"
    opened: list[str] = []
    snoozed: list[str] = []
    n.activated.connect(opened.append)
    n.snooze_requested.connect(snoozed.append)
    emitter = DBusAddress("/org/freedesktop/Notifications",
                          interface="org.freedesktop.Notifications")
    for nid, action in ((7, "write"), (7, "default"), (7, "snooze"), (8, "write")):
        n._queue.append(new_signal(emitter, "ActionInvoked", "us", (nid, action)))
    n._queue.append(new_signal(emitter, "NotificationClosed", "uu", (7, 2)))
    n._dispatch()
    assert opened == ["thank-you:a1:i1:p1"] * 2
    assert snoozed == ["thank-you:a1:i1:p1"]
    assert n.shown == {}


def test_snooze_all_until_tomorrow_morning(ctx: AppContext, window: FakeWindow,
                                           clocks: FakeClocks, tmp_path: Path) -> None:
    add_round(ctx, T0 - dt.timedelta(hours=2))
    rec = RecordingNotifier("dbus")
    tc = make_tray(ctx, window, clocks, tmp_path, [rec])
    tc.start()
    try:
        assert tc.snooze_tomorrow_action.isEnabled()
        tc.snooze_tomorrow_action.trigger()
        tz = ctx.tz()
        tomorrow = (T0.astimezone(tz) + dt.timedelta(days=1)).date()
        until = {s.snoozed_until for s in ctx.store.states().values() if s.snoozed_until}
        assert len(until) == 1
        (back,) = until
        local = back.astimezone(tz)
        assert (local.date(), local.hour, local.minute) == (tomorrow, 9, 0)
        assert not tc.snooze_tomorrow_action.isEnabled()  # nothing open any more
    finally:
        tc.stop()


def test_the_menu_lists_the_agendas_overdue_then_open_now_in_its_order(
        ctx: AppContext, window: FakeWindow, clocks: FakeClocks, tmp_path: Path) -> None:
    """The tray menu, the window's agenda and ``agenda`` read one rule (schedule.groups):
    the menu's follow-ups are the Overdue and Open now groups, in their order."""
    from followup_desktop.schedule.groups import G_OPEN, G_OVERDUE, group_agenda

    add_round(ctx, T0 - dt.timedelta(hours=2), company="Acme")
    add_round(ctx, T0 - dt.timedelta(days=2), company="Globex")
    add_round(ctx, T0 + dt.timedelta(days=1), company="Initech")  # upcoming: not listed
    tc = make_tray(ctx, window, clocks, tmp_path, [RecordingNotifier("dbus")])
    tc.start()
    try:
        now = ctx.now()
        groups = group_agenda(ctx.agenda(now), now, ctx.tz())
        expected = [w.key for g in (G_OVERDUE, G_OPEN) for w in groups[g]]
        assert expected and [a.data() for a in tc._followup_actions] == expected
    finally:
        tc.stop()
