"""The tray-only process (the window closed) syncs the mail account: a reply put into the
real Dovecot's inbox is noticed and the plan follows it, with no window."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from followup_desktop.clock import fixed_clock
from followup_desktop.paths import Paths
from followup_desktop.reminders.instance import SingleInstance
from followup_desktop.reminders.tray_only import TrayOnly
from followup_desktop.services import secrets as secrets_module
from tests.helpers.dovecot import Dovecot, append_message
from tests.helpers.mail import DANA, NOW, REPLY_DATE, make_context, set_up

WAIT = 30_000
pytestmark = pytest.mark.qt_log_ignore(
    r"This plugin does not support (propagateSizeHints|raise|grabbing the keyboard)")


def _plan(ctx: Any) -> list[tuple[str, str]]:
    return [(w.key, w.state.value) for w in ctx.agenda(ctx.now())]


def test_the_tray_only_process_notices_a_reply_and_the_plan_follows(
        qtbot: Any, qapp: Any, tmp_path: Path, dovecot: Dovecot,
        monkeypatch: pytest.MonkeyPatch) -> None:
    data = tmp_path / "data"
    ctx = make_context(data, dovecot.user)
    # the process's session store: where the tray's worker looks for the password
    set_up(ctx, dovecot, secrets_module.default())
    ctx.close()
    paths = Paths.for_data_dir(data)
    instance = SingleInstance(paths)
    assert instance.acquire_lock()
    monkeypatch.setattr(TrayOnly, "open_window", lambda self, key: pytest.fail("re-exec"))
    tray = TrayOnly(qapp, paths, instance, clock=fixed_clock(NOW))
    try:
        assert tray.start() is None
        sync = tray.mail_sync
        assert sync is not None, "a mail account is set up: the tray syncs it"
        # the first re-check at start-up asked for a first sync
        qtbot.waitUntil(lambda: sync.last_attempt is not None and not sync.runner.busy,
                        timeout=WAIT)
        before = _plan(tray.ctx)
        checks = tray.tray.scheduler.checks
        append_message(dovecot, "INBOX", sender=DANA, to=dovecot.user,
                       subject="Re: our interview", date=REPLY_DATE)
        # the window's schedule (mail_sync_minutes): the scheduler's next re-check after
        # that long syncs again
        tray.ctx.clock = fixed_clock(NOW + dt.timedelta(
            minutes=int(tray.ctx.settings().mail_sync_minutes)))
        with qtbot.waitSignal(sync.synced, timeout=WAIT) as got:
            tray.tray.scheduler.ticker.timeout.emit()
        assert any(line.startswith("reply [") for line in got.args[0]), got.args[0]
        events = [e.kind.value for a in tray.ctx.applications() for e in a.events]
        assert events == ["reply"]
        # the reminders were checked again at once, on the new plan
        qtbot.waitUntil(lambda: tray.tray.scheduler.checks > checks, timeout=WAIT)
        # Dana answered: Northwind's check-in is no longer planned, in the plan and in
        # what the tray's menu and tooltip show
        check_in = ("check-in-1:a1:i1:p1", "upcoming")
        assert check_in in before
        after = _plan(tray.ctx)
        assert check_in not in after and after == [p for p in before if p != check_in]
        assert check_in[0] not in {w.key for w in tray.tray.windows}
    finally:
        tray.shut_down(exit_backup=False)
