"""End-to-end tests: the real app on a real X server, session bus, tray host and
notification server. They run in ``make test``; a missing tool fails them with its name
(``tools/system-deps.sh`` installs them all)."""

from __future__ import annotations

import pytest

from tests.helpers.tools import require_tool

TOOLS = ("xvfb-run", "dbus-run-session", "dbus-send", "dunst", "dunstctl",
         "status-notifier-watcher")


@pytest.fixture
def e2e_tools() -> None:
    for t in TOOLS:
        require_tool(t)
