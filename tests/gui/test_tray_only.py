"""The tray-only process: it reads the plan the window kept, and loads no account code
when no account is set up."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from followup_desktop.clock import fixed_clock
from followup_desktop.context import AppContext
from followup_desktop.paths import Paths
from followup_desktop.reminders import calendar_sync, mail_sync, tray_only
from followup_desktop.reminders.instance import SingleInstance
from tests.helpers.window import NOW, fill_demo


def test_the_keys_and_modules_asked_without_importing_them_are_the_real_ones() -> None:
    from followup_desktop.services.calendar_account.account import SETTINGS_KEY
    from followup_desktop.services.mail.account import ACCOUNT_KEY
    from followup_desktop.services.mail.journal import JOURNAL_KEY
    from followup_desktop.ui.table_model import ROW_MODULES

    assert calendar_sync.SETTINGS_KEY == SETTINGS_KEY
    assert mail_sync.ACCOUNT_KEY == ACCOUNT_KEY
    assert mail_sync.JOURNAL_KEY == JOURNAL_KEY
    assert tray_only.WINDOW_ROW_MODULES == ROW_MODULES


def test_the_window_fingerprint_is_the_windows_imported_or_not(
        open_ctx: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from followup_desktop.ui.table_model import ROW_MODULES

    ctx = open_ctx()
    expected = ctx.plan_fingerprint(ROW_MODULES)
    assert tray_only.window_fingerprint(ctx) == expected
    for name in ROW_MODULES:  # as in the tray-only process: never imported there
        monkeypatch.delitem(sys.modules, name, raising=False)
    assert tray_only.window_fingerprint(ctx) == expected
    assert not any(name in sys.modules for name in ROW_MODULES)
    assert tray_only.window_fingerprint(ctx) != ctx.plan_fingerprint()


def test_the_tray_reads_the_plan_the_window_kept_and_keeps_it(
        qapp: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """It used to read under its own fingerprint only: it planned again (the heap of a
    whole plan, for as long as it stayed in the tray) and kept its plan over the
    window's, so the next window planned again too."""
    from followup_desktop.store import plan_cache
    from followup_desktop.ui.table_model import ROW_MODULES

    paths = Paths.for_data_dir(tmp_path / "d")
    ctx = AppContext.open(paths, clock=fixed_clock(NOW))
    ctx.pack = True
    fill_demo(ctx, NOW)
    planned = list(ctx.survey(NOW))
    assert planned and ctx.keep_plan({"rows": []}, ROW_MODULES)
    fp = ctx.plan_fingerprint(ROW_MODULES)
    ctx.close()

    monkeypatch.setattr(AppContext, "survey", lambda *a, **k: pytest.fail("planned again"))
    monkeypatch.setattr(tray_only.TrayOnly, "open_window", lambda s, k: pytest.fail("exec"))
    monkeypatch.setattr(tray_only.TrayOnly, "plan_for_window",
                        lambda s: pytest.fail("the window's plan is there: no helper"))
    instance = SingleInstance(paths)
    assert instance.acquire_lock()
    tray = tray_only.TrayOnly(qapp, paths, instance, clock=fixed_clock(NOW))
    try:
        assert tray.start() is None
        assert [w.key for w in tray.tray.windows] == [w.key for w in planned]
        assert plan_cache.load(tray.ctx.store, fp) is not None  # still the window's
        assert tray.mail_sync is None
    finally:
        tray.shut_down(exit_backup=False)


@pytest.mark.real_plan_helper
def test_a_tray_that_plans_for_itself_has_the_windows_plan_kept_by_its_helper(
        qapp: Any, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No plan the window kept (new data, a changed record, a day past the plan's
    horizon): the tray plans for itself, and starts the helper -- a real detached child
    process -- that plans with the window's rows and keeps them. The window opened from
    the tray then paints from them instead of planning again as it starts (1-2 s at
    10k). The tray's own process never loads the window's row modules for it."""
    from followup_desktop.store import plan_cache
    from followup_desktop.ui.table_model import ROW_MODULES

    paths = Paths.for_data_dir(tmp_path / "d")
    ctx = AppContext.open(paths)
    fill_demo(ctx, ctx.now())
    ctx.close()
    monkeypatch.setattr(tray_only.TrayOnly, "open_window", lambda s, k: pytest.fail("exec"))
    started: list[bool] = []
    real = tray_only.TrayOnly.plan_for_window
    monkeypatch.setattr(tray_only.TrayOnly, "plan_for_window",
                        lambda s: started.append(real(s)) or started[-1])
    instance = SingleInstance(paths)
    assert instance.acquire_lock()
    tray = tray_only.TrayOnly(qapp, paths, instance)
    # the app itself on this folder -- not this image's own command line, pytest's (it
    # was: every test that drove a TrayOnly started the whole test run again, detached)
    assert tray_only.helper_command(paths) == [sys.executable, "-m", "followup_desktop",
                                               "--data-dir", str(paths.data_dir)]
    try:
        assert tray.start() is None
        assert started == [True]
        fp = tray.ctx.plan_fingerprint(ROW_MODULES)
        qtbot.waitUntil(lambda: plan_cache.load(tray.ctx.store, fp) is not None,
                        timeout=60_000)
    finally:
        tray.shut_down(exit_backup=False)
    ctx = AppContext.open(paths)
    try:
        ctx.pack = True
        view = ctx.stored_plan(ctx.now(), ROW_MODULES)
        assert view is not None and view.extra["rows"]  # the rows a window start shows
    finally:
        ctx.close()


SCRIPT = """
import json, sys
from followup_desktop.app import builtin_hashes
builtin_hashes()
from followup_desktop.clock import fixed_clock
from followup_desktop.paths import Paths
from followup_desktop.reminders.instance import SingleInstance
from followup_desktop.reminders.tray_only import TrayOnly
from followup_desktop.ui.application import make_qapplication
app = make_qapplication()
paths = Paths.for_data_dir(sys.argv[1])
instance = SingleInstance(paths)
assert instance.acquire_lock()
tray = TrayOnly(app, paths, instance)
TrayOnly.plan_for_window = lambda self: False  # its helper is another test's matter
assert tray.start() is None
tray.tray.scheduler.ticker.timeout.emit()  # a re-check: the accounts are asked again
loaded = [m for m in sys.modules if m.startswith(("followup_desktop.services.mail",
          "followup_desktop.services.calendar_account", "followup_desktop.ui.", "ssl",
          "imaplib", "imapclient", "icalendar", "jinja2", "followup_desktop.compose"))]
tray.shut_down(exit_backup=False)
print(json.dumps(loaded))
"""


def test_with_no_account_the_tray_loads_no_account_code(tmp_path: Path) -> None:
    paths = Paths.for_data_dir(tmp_path / "d")
    ctx = AppContext.open(paths)
    fill_demo(ctx, ctx.now())
    ctx.close()
    out = subprocess.run([sys.executable, "-c", SCRIPT, str(paths.data_dir)],
                         capture_output=True, text=True, timeout=120,
                         env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert out.returncode == 0, out.stderr[-2000:]
    loaded = json.loads(out.stdout.strip().splitlines()[-1])
    # the window's application start-up module and its helpers are what app.main imports
    assert [m for m in loaded if not m.startswith(("followup_desktop.ui.application",
            "followup_desktop.ui.icons", "followup_desktop.ui.qt_messages",
            "followup_desktop.ui.pyside_fixes"))] == []


RELAUNCH = r"""
import json, os, sys
from followup_desktop.reminders import tray_only
from followup_desktop.services import secrets

mode = tray_only.requested()
if mode is None:  # the window's image: a password given for this session only
    assert not secrets.set_secret("imap:mail.example", "me@example.org", "s3cret-pw",
                                  session_only=True)
    tray_only.relaunch("tray")  # does not return
with open(f"/proc/{os.getpid()}/environ", "rb") as fh:
    environ = fh.read()
with open(f"/proc/{os.getpid()}/cmdline", "rb") as fh:
    cmdline = fh.read()
print(json.dumps({
    "mode": mode, "secret": secrets.get_secret("imap:mail.example", "me@example.org"),
    "in_environment": b"s3cret-pw" in environ or b"s3cret-pw" in cmdline,
    "variable_left": secrets.HANDOVER_ENV in os.environ,
    "fds": sorted(int(fd) for fd in os.listdir("/proc/self/fd")),
}))
"""


def test_a_session_only_password_goes_on_with_the_process_into_the_tray(tmp_path: Path) -> None:
    """The window closed to the tray re-executes itself (a real ``execv``): a mail password
    kept for this session only (no keyring) is still there in the new image, handed over
    through an inherited pipe -- never in the environment or the command line -- and the
    pipe is closed once read, so nothing the app launches inherits it."""
    script = tmp_path / "relaunch.py"
    script.write_text(RELAUNCH)
    env = {k: v for k, v in os.environ.items() if k != tray_only.ENV}
    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                         timeout=120, env=env)
    assert out.returncode == 0, out.stderr[-2000:]
    got = json.loads(out.stdout.strip().splitlines()[-1])
    assert got["mode"] == ["tray", ""]
    assert got["secret"] == "s3cret-pw"
    assert not got["in_environment"] and not got["variable_left"]
    assert got["fds"] == [0, 1, 2, 3]  # stdin, stdout, stderr and the listing's own


def test_the_tray_checks_the_variable_the_secrets_hand_over_with() -> None:
    import inspect

    from followup_desktop.services import secrets

    assert f'"{secrets.HANDOVER_ENV}"' in inspect.getsource(tray_only.requested)


@pytest.mark.real_plan_helper
def test_the_helper_is_the_app_on_this_folder_not_this_process_again(tmp_path: Path) -> None:
    """With no folder of its own the helper resolves the same one (the environment goes
    with it); a folder given with --data-dir goes on its command line. Never this
    process's own command line (here: pytest's)."""
    from followup_desktop.paths import resolve

    assert tray_only.helper_command(resolve()) == [sys.executable, "-m", "followup_desktop"]
    own = Paths.for_data_dir(tmp_path / "d")
    assert tray_only.helper_command(own) == [sys.executable, "-m", "followup_desktop",
                                             "--data-dir", str(own.data_dir)]
    assert "pytest" in " ".join(tray_only.command())  # what it used to run
