"""One undoable edit of the store, for the main window's undo stack (Ctrl+Z)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtGui import QUndoCommand


class _Runs(Protocol):
    def _run_store(self, fn: Callable[[], Any]) -> bool: ...


class StoreCommand(QUndoCommand):
    """An edit already applied once; undo / redo run the given store calls again (through
    the window, which shows a failure in words and refreshes)."""

    def __init__(self, text: str, redo: Callable[[], Any], undo: Callable[[], Any],
                 window: _Runs) -> None:
        super().__init__(text)
        self._redo, self._undo, self._window = redo, undo, window
        self._applied = True  # push() calls redo(): the edit is already done

    def redo(self) -> None:
        if self._applied:
            self._applied = False
            return
        self._window._run_store(self._redo)

    def undo(self) -> None:
        self._window._run_store(self._undo)
