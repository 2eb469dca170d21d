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
