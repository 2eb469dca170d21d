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


SCAN = """
import linecache, sys
from followup_desktop.ui.pyside_fixes import import_qt, quiet_feature_scan
import_qt()
import followup_desktop.ui.main_window, followup_desktop.store.repository, email.mime.text
feature = sys.modules["shibokensupport.feature"]
ours, theirs = feature._mod_uses_pyside, feature._mod_uses_pyside.original
names = [n for n, m in sorted(sys.modules.items()) if getattr(m, "__file__", None)]
differ = [n for n in names if bool(ours(sys.modules[n])) != bool(theirs(sys.modules[n]))]
linecache.clearcache()
assert quiet_feature_scan() and feature._mod_uses_pyside is ours  # swapped once, kept
import json
print(json.dumps({"checked": len(names), "differ": differ,
                  "uses": [n for n in names if ours(sys.modules[n])]}))
"""


def test_the_feature_scan_reads_bytes_and_answers_as_pyside_does():
    """pyside_fixes: the same answer for every loaded module, without filling linecache."""
    out = subprocess.run([sys.executable, "-c", SCAN], capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr[-1500:]
    import json

    got = json.loads(out.stdout)
    assert got["checked"] > 100
    assert got["differ"] == []  # no module answered differently
    assert "followup_desktop.ui.main_window" in got["uses"]  # and "yes" is still found


START_ORDER = """
import json, linecache, os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
seen = {}
import followup_desktop.ui.application as application
make = application.make_qapplication
def make_qapplication():
    app = make()
    from PySide6.QtCore import QObject, QEvent
    from PySide6.QtWidgets import QMainWindow
    class Watch(QObject):
        def eventFilter(self, obj, ev):
            if not seen and ev.type() == QEvent.Type.Paint and isinstance(obj, QMainWindow):
                seen["modules"] = sorted(sys.modules)
                seen["linecache"] = [f for f in linecache.cache if "followup_desktop" in f]
                seen["built"] = obj.is_built()
            if seen and getattr(obj, "is_loaded", lambda: False)():
                print(json.dumps(seen)); sys.stdout.flush(); os._exit(0)
            return False
    app._watch = Watch(); app.installEventFilter(app._watch)
    return app
application.make_qapplication = make_qapplication
from followup_desktop.app import main
main(["--data-dir", sys.argv[1]])
"""


def test_the_first_frame_is_painted_before_the_data_is_opened(tmp_path):
    """Start-up order (bench: first frame ≤ 1.3× a bare window): at the first paint the
    store, peewee, the records and the composer are not even imported; the panes follow."""
    import json

    out = subprocess.run([sys.executable, "-c", START_ORDER, str(tmp_path / "data")],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-1500:]
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    modules = set(seen["modules"])
    for heavy in ("peewee", "followup_desktop.store.repository", "followup_desktop.records",
                  "followup_desktop.ui.table_model", "followup_desktop.ui.composer", "jinja2",
                  "followup_desktop.cli", "PySide6.QtNetwork", "PySide6.QtSvg"):
        assert heavy not in modules, heavy
    assert "followup_desktop.ui.main_window" in modules
    assert seen["built"] is False and seen["linecache"] == []
