"""Test setup shared by every test: offscreen Qt, no user folders touched."""

from __future__ import annotations

import os
import tempfile

# Before anything imports Qt: render offscreen, never touch the user's real folders.
# A laptop-sized screen (the offscreen default is 800x800, smaller than the window).
_SCREEN = os.path.join(os.path.dirname(__file__), "helpers", "offscreen.json")
os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={_SCREEN}"
os.environ.setdefault("XDG_RUNTIME_DIR", "/tmp")
os.environ.pop("FOLLOWUP_DATA_DIR", None)
# The spelling word file (and anything else cached) goes to a folder of this run's own.
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="followup-tests-cache-")

pytest_plugins = ["tests.helpers.fixtures", "tests.helpers.caldav_servers"]


import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _no_plan_helper(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """A tray-only process on data no window kept a plan of starts a detached helper
    (``TrayOnly.plan_for_window``). Tests that drive one in this process get a helper
    that does nothing, so no process of the app outlives them and writes to their
    folders; ``@pytest.mark.real_plan_helper`` keeps the real one."""
    if request.node.get_closest_marker("real_plan_helper") is None:
        import sys

        monkeypatch.setattr("followup_desktop.reminders.tray_only.helper_command",
                            lambda paths: [sys.executable, "-c", "pass"])
