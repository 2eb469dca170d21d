"""Test setup shared by every test: offscreen Qt, no user folders touched."""

from __future__ import annotations

import os

# Before anything imports Qt: render offscreen, never touch the user's real folders.
os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.setdefault("XDG_RUNTIME_DIR", "/tmp")
os.environ.pop("FOLLOWUP_DATA_DIR", None)

pytest_plugins = ["tests.helpers.fixtures"]
