"""Issue 17 item 9, end to end: the sample-data window on a real X server is titled
"Followup — Sample data" and carries WM_CLASS ("followup-desktop", "Followup") and the
app's desktop-file name, as a window manager or a dock reads them (``xprop``)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# Inside xvfb-run: start the window, poll (short polls, a deadline) until it is mapped,
# print its properties, stop it.
SESSION = r'''
"$PY" -m followup_desktop --data-dir "$DEMO" &
app=$!
for _ in $(seq 1 150); do
  id=$(xwininfo -root -tree | grep 'Sample data": ("followup-desktop"' | awk '{print $1}')
  [ -n "$id" ] && break
  sleep 0.2
done
[ -n "$id" ] && xprop -id "$id" WM_CLASS _NET_WM_NAME _KDE_NET_WM_DESKTOP_FILE
kill $app; wait $app
'''


@pytest.mark.e2e
@pytest.mark.slow
def test_the_sample_data_window_is_named_for_the_desktop(tmp_path: Path) -> None:
    missing = [t for t in ("xvfb-run", "xwininfo", "xprop") if shutil.which(t) is None]
    if missing:
        pytest.skip(f"not installed: {', '.join(missing)}")
    demo = tmp_path / "followup-demo"  # the folder "Explore sample data" fills
    env = {k: v for k, v in os.environ.items()
           if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY", "FOLLOWUP_DATA_DIR")}
    env.update(PY=sys.executable, DEMO=str(demo), PYTHONPATH=str(ROOT))
    subprocess.run([sys.executable, "-m", "followup_desktop", "--data-dir", str(demo), "demo"],
                   check=True, capture_output=True, timeout=120, cwd=ROOT, env=env)
    out = subprocess.run(["xvfb-run", "-a", "sh", "-c", SESSION], capture_output=True,
                         text=True, timeout=120, cwd=ROOT, env=env)
    assert 'WM_CLASS(STRING) = "followup-desktop", "Followup"' in out.stdout, \
        (out.stdout, out.stderr[-2000:])
    assert '_NET_WM_NAME(UTF8_STRING) = "Followup \u2014 Sample data"' in out.stdout
    assert '_KDE_NET_WM_DESKTOP_FILE(UTF8_STRING) = "org.followup.Followup"' in out.stdout
