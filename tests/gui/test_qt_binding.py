"""Guard against a known-bad Qt binding: PySide6 6.12.0 on Python 3.11 loses a reference to
``None`` on every call that returns nothing, and the process aborts after a few thousand."""

from __future__ import annotations

import subprocess
import sys

CODE = """
import os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication([])
w = QWidget()
before = sys.getrefcount(None)
for _ in range(3000):
    w.setToolTip("")
print(sys.getrefcount(None) - before)
"""


def test_void_calls_keep_none_alive():
    out = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr[-500:]
    assert abs(int(out.stdout.strip())) < 100
