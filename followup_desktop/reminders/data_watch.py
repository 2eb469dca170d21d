"""The window and the tray follow what a command changed.

``followup-desktop import``, ``mail sync`` or a script write to the same database while
the window or the tray runs. A :class:`QFileSystemWatcher` (inotify on Linux: no timer,
no wake-up while nothing changes) watches the database and its write-ahead log; a change
is looked at after a short pause (a commit touches the files several times), and only a
commit by *another* connection counts (``PRAGMA data_version``, see
:meth:`Store.changed_elsewhere`): the window's own writes wake nothing. Then the
context's caches are dropped and :attr:`DataWatcher.changed` fires.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

#: How long after the first file event the data is looked at (ms): well inside the 2 s
#: the window has to show a command's change, long enough to see a commit as one event.
SETTLE_MS = 150


class DataWatcher(QObject):
    """Emits :attr:`changed` once another process committed to ``ctx``'s database."""

    changed = Signal()

    def __init__(self, ctx: Any, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        db = Path(ctx.store.path)
        self._files = [str(db), f"{db}-wal"]
        self._folder = str(db.parent)
        self.watcher = QFileSystemWatcher(self)
        self.watcher.fileChanged.connect(self._poke)
        self.watcher.directoryChanged.connect(self._poke)  # a -wal made or removed
        self.settle = QTimer(self)
        self.settle.setSingleShot(True)
        self.settle.setInterval(SETTLE_MS)
        self.settle.timeout.connect(self.check)
        self.changes = 0  # changes seen (tests read it)
        self._watch()
        ctx.store.changed_elsewhere()  # the version as of now: later commits count

    def _watch(self) -> None:
        watched = set(self.watcher.files()) | set(self.watcher.directories())
        wanted = [p for p in self._files if Path(p).exists() and p not in watched]
        if self._folder not in watched:
            wanted.append(self._folder)
        if wanted:
            self.watcher.addPaths(wanted)

    def _poke(self, _path: str = "") -> None:
        if not self.settle.isActive():
            self.settle.start()

    def check(self) -> bool:
        """Look now: True (and :attr:`changed`) when another connection committed."""
        self._watch()  # a file replaced or made since is watched again
        store = self.ctx.store
        if store is None or not store.changed_elsewhere():
            return False
        self.ctx.invalidate()
        self.changes += 1
        self.changed.emit()
        return True

    def stop(self) -> None:
        self.settle.stop()
        paths = self.watcher.files() + self.watcher.directories()
        if paths:
            self.watcher.removePaths(paths)
