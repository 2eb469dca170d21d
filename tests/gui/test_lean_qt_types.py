"""The window builds the Python types of the Qt classes it uses, not of every one.

PySide6 makes each Qt class's Python type (with its enums) on first use. Receiving a
``QWidget*`` that Python did not make -- a view's default viewport -- made it build every
``QWidget`` subclass's type instead (``ui/pyside_fixes.own_viewport``). Run in a fresh
process: this test process has long made every type."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

SCRIPT = """
import sys
from pathlib import Path
from followup_desktop.clock import system_clock
from followup_desktop.context import AppContext
from followup_desktop.paths import Paths
from followup_desktop.ui.application import make_qapplication
from followup_desktop.ui.main_window import MainWindow
from tests.helpers.window import fill_demo
app = make_qapplication()
ctx = AppContext.open(Paths.for_data_dir(Path(sys.argv[1])), clock=system_clock)
fill_demo(ctx)
window = MainWindow(ctx)
window.show()
app.processEvents()
window.table.viewport().width()  # what the window asks of its views
window.composer.checks.viewport().width()
import PySide6.QtWidgets as widgets
print(" ".join(sorted(k for k, v in vars(widgets).items() if isinstance(v, type))))
"""


def test_the_window_makes_no_type_for_qt_classes_it_never_uses(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run([sys.executable, "-c", SCRIPT, str(tmp_path / "data")], cwd=root,
                         capture_output=True, text=True, timeout=180,
                         env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert out.returncode == 0, out.stderr[-2000:]
    made = set(out.stdout.split())
    assert {"QTableView", "QMainWindow", "QCalendarWidget"} <= made  # it did run
    never_used = {"QWizard", "QMdiArea", "QLCDNumber", "QDial", "QColorDialog",
                  "QFontDialog", "QSplashScreen", "QGraphicsView", "QColumnView"}
    assert not made & never_used, sorted(made & never_used)


SVG_SCRIPT = SCRIPT.split("window.table.viewport()")[0] + """
from followup_desktop.ui import icon_cache
icon_cache.save()
print("svg" if "PySide6.QtSvg" in sys.modules else "no-svg")
"""


def test_a_start_after_the_first_draws_no_svg(tmp_path: Path) -> None:
    """The action icons drawn at the first start are kept (``ui/icon_cache``) and the app
    icon is its PNG files: the next start never loads Qt's SVG module (~0.8 MB)."""
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CACHE_HOME": str(tmp_path / "c")}
    said = []
    for _ in range(2):
        out = subprocess.run([sys.executable, "-c", SVG_SCRIPT, str(tmp_path / "data")],
                             cwd=root, capture_output=True, text=True, timeout=180, env=env)
        assert out.returncode == 0, out.stderr[-2000:]
        said.append(out.stdout.split()[-1])
    assert said == ["svg", "no-svg"]
