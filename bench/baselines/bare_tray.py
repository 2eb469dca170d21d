"""Baseline (c) "bare tray": a QApplication with a QSystemTrayIcon and a 17-item menu.

    python bench/baselines/bare_tray.py OUT.json

Run under the same ``xvfb-run -a dbus-run-session`` with ``status-notifier-watcher`` as
``bench_tray`` runs the app (``bench/probes/tray_session.py`` starts both). The menu has
what the app's tray menu has at most: a header, eight follow-ups, "N more…", a separator,
three snooze/pause items, a separator, "Open", "Quit" (17). The icon is the app's PNG
files (as the app's tray shows it since the thirteenth session; the SVG before). The
window never exists: ``setQuitOnLastWindowClosed(False)``.

On SIGUSR2 it writes ``{"rss_kb": VmRSS, "peak_rss_kb": ru_maxrss}`` to OUT.json.
"""

from __future__ import annotations

import json
import signal
import socket
import sys
from pathlib import Path

from PySide6.QtCore import QSize, QSocketNotifier
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMenu, QSystemTrayIcon

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _shown  # noqa: E402

HICOLOR = Path(__file__).resolve().parents[2] / "resources" / "icons" / "hicolor"
SIDES = (16, 22, 24, 32, 48, 64, 128, 256, 512)


def main() -> None:
    out = Path(sys.argv[1])
    app = QApplication(sys.argv[:1])
    app.setQuitOnLastWindowClosed(False)
    icon = QIcon()
    for side in SIDES:
        path = HICOLOR / f"{side}x{side}" / "apps" / "org.followup.Followup.png"
        if path.exists():
            icon.addFile(str(path), QSize(side, side))
    tray = QSystemTrayIcon(icon)
    tray.setToolTip("Followup: 3 follow-ups open")
    menu = QMenu()
    header = menu.addAction("No follow-ups due")
    header.setEnabled(False)
    for i in range(8):
        menu.addAction(f"Thank-you note to Person {i} — Company {i} (due in {i + 1} h)")
    menu.addAction("12 more…")
    menu.addSeparator()
    menu.addAction("Snooze all for 1 h")
    menu.addAction("Snooze all until tomorrow 09:00")
    pause = menu.addAction("Pause reminders")
    pause.setCheckable(True)
    menu.addSeparator()
    menu.addAction("Open Followup")
    menu.addAction("Quit").triggered.connect(app.quit)
    assert len(menu.actions()) == 17
    tray.setContextMenu(menu)
    tray.show()

    rsock, wsock = socket.socketpair()
    rsock.setblocking(False)
    wsock.setblocking(False)
    signal.set_wakeup_fd(wsock.fileno())
    signal.signal(signal.SIGUSR2, lambda *_: None)

    def on_signal() -> None:
        rsock.recv(64)
        out.write_text(json.dumps({"rss_kb": _shown.vmrss_kb(),
                                   "peak_rss_kb": _shown.maxrss_kb()}))

    notifier = QSocketNotifier(rsock.fileno(), QSocketNotifier.Type.Read)
    notifier.activated.connect(lambda *_: on_signal())
    app.exec()


if __name__ == "__main__":
    main()
