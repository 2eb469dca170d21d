"""End-to-end tests: the real app on a real X server, session bus, tray host and
notification server. They run in ``make test``; they are skipped only where the tools are
missing (``.ci/run`` installs them)."""

from __future__ import annotations

import shutil

import pytest

TOOLS = ("xvfb-run", "dbus-run-session", "dbus-send", "dunst", "dunstctl",
         "status-notifier-watcher")


@pytest.fixture
def e2e_tools() -> None:
    missing = [t for t in TOOLS if shutil.which(t) is None]
    if missing:
        pytest.skip(f"end-to-end tools not installed: {', '.join(missing)} "
                    "(.ci/run installs them)")
