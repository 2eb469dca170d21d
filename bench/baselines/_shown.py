"""The moment a window shows its data, taken the same way for the app and the baselines.

``watch(window, shown, report)``: from the window's first ``Paint`` on, ``shown()`` is
asked every :data:`POLL_MS` ms; the first time it is true the whole window is painted
once more, synchronously (``window.repaint()``: parent, every child, the flush), and
``report(facts)`` gets ``shown_wall`` (``time.time()`` right after that paint; the parent
subtracts its own ``time.time()`` taken just before it started the process),
``cpu_shown_s`` (user + system CPU of the whole process, every thread, since it started)
and ``rss_shown_kb``. :data:`SETTLE_MS` later (whatever the process does meanwhile: the
tray, backups, a plan made in the background) it adds ``peak_rss_kb`` (``ru_maxrss``) and
``rss_settled_kb`` (VmRSS) and calls ``report`` again with ``final=True``.

The paint watch sits on the window itself, never on the application: an application-wide
Python event filter makes PySide6 build Python types for every internal Qt class that
receives an event (~1.3 MB the app never makes itself).
"""

from __future__ import annotations

import resource
import time
from collections.abc import Callable
from typing import Any

POLL_MS = 2
SETTLE_MS = 1500


def cpu_s() -> float:
    ru = resource.getrusage(resource.RUSAGE_SELF)
    return ru.ru_utime + ru.ru_stime


def maxrss_kb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def vmrss_kb() -> int:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


class _Watch:
    def __init__(self, window: Any, shown: Callable[[], bool],
                 report: Callable[[dict[str, Any], bool], None]) -> None:
        from PySide6.QtCore import QEvent, QObject, QTimer

        self.window, self.shown, self.report = window, shown, report
        self.facts: dict[str, Any] = {}
        watch = self

        class _Filter(QObject):
            def eventFilter(self, obj: Any, event: Any) -> bool:  # noqa: N802
                if event.type() == QEvent.Type.Paint and "paint_wall" not in watch.facts:
                    watch.facts["paint_wall"] = time.time()
                    obj.removeEventFilter(self)
                    QTimer.singleShot(0, watch.poll)
                return False

        self.filter = _Filter()

    def poll(self) -> None:
        from PySide6.QtCore import QTimer

        if not self.shown():
            QTimer.singleShot(POLL_MS, self.poll)
            return
        self.window.repaint()
        self.facts.update(shown_wall=time.time(), cpu_shown_s=cpu_s(),
                          rss_shown_kb=vmrss_kb())
        self.report(dict(self.facts), False)
        QTimer.singleShot(SETTLE_MS, self.settled)

    def settled(self) -> None:
        self.facts.update(peak_rss_kb=maxrss_kb(), rss_settled_kb=vmrss_kb())
        self.report(dict(self.facts), True)


_KEEP: list[_Watch] = []


def watch(window: Any, shown: Callable[[], bool],
          report: Callable[[dict[str, Any], bool], None]) -> None:
    """Start asking ``shown()`` at the window's first paint (see the module docstring)."""
    w = _Watch(window, shown, report)
    _KEEP.append(w)
    window.installEventFilter(w.filter)


def painted(window: Any, shown: Callable[[], bool],
            report: Callable[[dict[str, Any], bool], None], paint_wall: float) -> None:
    """The same, for a window whose first paint the caller saw end at ``paint_wall``."""
    from PySide6.QtCore import QTimer

    w = _Watch(window, shown, report)
    _KEEP.append(w)
    w.facts["paint_wall"] = paint_wall
    QTimer.singleShot(0, w.poll)
