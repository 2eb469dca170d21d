"""The tray reminder, end to end: a real notification server receives exactly one
notification when a thank-you window opens, none again after a restart, and two launches
together leave exactly one running (20 times)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).with_name("reminder_session.py")
ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.e2e
@pytest.mark.slow
def test_reminder_notifies_once_on_a_real_session_bus(e2e_tools: None, tmp_path: Path) -> None:
    env = dict(os.environ)
    for var in ("QT_QPA_PLATFORM", "DBUS_SESSION_BUS_ADDRESS", "DISPLAY", "WAYLAND_DISPLAY",
                "FOLLOWUP_DATA_DIR"):
        env.pop(var, None)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    work = tmp_path / "session"
    proc = subprocess.run(
        ["xvfb-run", "-a", "dbus-run-session", "--", sys.executable, str(SCRIPT), str(work)],
        capture_output=True, text=True, timeout=240, cwd=ROOT, env=env)
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
    assert lines, f"no result (exit {proc.returncode}):\n{proc.stdout}\n{proc.stderr[-3000:]}"
    facts = json.loads(lines[-1])
    # xvfb-run itself sometimes fails to remove its temporary auth folder after a clean run;
    # that says nothing about the app, so only the session script's verdict counts then.
    xvfb_cleanup_only = "problem while cleaning up temporary directory" in proc.stderr
    assert (proc.returncode == 0 or xvfb_cleanup_only) and facts.get("ok"), \
        (facts, proc.stderr[-3000:])
    # What the run proved:
    assert facts["tray_items"], "the app registered no tray icon with the tray host"
    assert facts["started_before_opening_s"] > 0, "the app started after the window opened"
    assert facts["arrived_after_opening_s"] >= 0
    assert [n["summary"] for n in facts["first_run"]] == [
        "Thank-you note to Dana Whitfield"]
    assert facts["first_run"][0]["appname"] == "Followup"
    assert facts["after_restart_total"] == 1
    assert facts["race_rounds"] == 20
