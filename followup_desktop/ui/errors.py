"""Unexpected errors in the window: logged to a rotating file, shown in plain words.

The app keeps running: Qt calls Python slots from its event loop, and an exception that
escapes a slot reaches :data:`sys.excepthook`, which is replaced here.
"""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

LOG_NAME = "followup.log"
#: Qt platforms without a screen (``--screenshot``, CI): errors are logged, not shown
HEADLESS_PLATFORMS = frozenset({"offscreen", "minimal"})
_LOGGER = "followup"

ExcHook = Callable[[type[BaseException], BaseException, TracebackType | None], None]


class LogFile(logging.Handler):
    """``followup.log``, rotating (512 KiB, three old files kept), opened at its first
    record: the ``RotatingFileHandler`` is made then, so a start that logs nothing does
    not import ``logging.handlers`` (with ``pickle``, ``queue`` and ``socket``: ~3 ms
    and ~0.3 MB of the window's start)."""

    def __init__(self, target: str) -> None:
        super().__init__()
        self.baseFilename = target
        self._file: logging.Handler | None = None

    def emit(self, record: logging.LogRecord) -> None:
        if self._file is None:
            import logging.handlers

            self._file = logging.handlers.RotatingFileHandler(
                self.baseFilename, maxBytes=512 * 1024, backupCount=3, encoding="utf-8",
                delay=True)
            self._file.setFormatter(self.formatter)
        self._file.emit(record)  # under this handler's lock (Handler.handle)

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
        super().close()


def _logger(log_dir: Path) -> logging.Logger:
    log = logging.getLogger(_LOGGER)
    log.setLevel(logging.INFO)
    target = str(Path(log_dir) / LOG_NAME)
    for h in list(log.handlers):
        if isinstance(h, LogFile):
            if h.baseFilename == target:
                return log
            log.removeHandler(h)
            h.close()
    Path(log_dir).mkdir(parents=True, exist_ok=True)
    handler = LogFile(target)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    log.addHandler(handler)
    return log


def plain_words(exc: BaseException) -> str:
    """What to tell the user: the store's own messages as they are, others briefly."""
    from followup_desktop.store import StoreError

    if isinstance(exc, StoreError):
        return str(exc)
    from followup_desktop.store.damage import is_damage

    if is_damage(exc):
        return ("Followup's data file is damaged. It was kept as it is; when Followup starts "
                "again it offers to restore the newest verified backup. Quit Followup now "
                "and start it again to recover.")
    if isinstance(exc, PermissionError):
        return f"Followup was not allowed to use a file: {exc.filename or exc}."
    if isinstance(exc, OSError):
        return f"A file could not be read or written ({exc.strerror or exc})."
    if isinstance(exc, MemoryError):
        return "The computer ran out of memory for that."
    return "Something unexpected went wrong in Followup."


def show_error(exc: BaseException, log_file: Path | None, parent: object = None) -> None:
    """A calm message box; nothing happens without a running QApplication."""
    from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

    app = QApplication.instance()
    if app is None:
        return
    if QApplication.platformName() in HEADLESS_PLATFORMS:
        return  # nobody could click it away: the log has the details
    box = QMessageBox(parent if isinstance(parent, QWidget) else QApplication.activeWindow())
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("Followup")
    box.setText(plain_words(exc))
    more = "Your data is safe and Followup is still running."
    if log_file is not None:
        more += f"\n\nThe details were written to {log_file} — please include them if " \
                "you report the problem."
    box.setInformativeText(more)
    box.setDetailedText("".join(traceback.format_exception_only(type(exc), exc)).strip())
    box.setAccessibleName("Error message")
    box.exec()


def install_excepthook(log_dir: Path, db: Path | None = None) -> ExcHook:
    """Log uncaught exceptions to ``log_dir/followup.log`` (rotating) and show a dialog.
    With ``db``, a database error that says the file is damaged leaves the marker that
    makes the next start take the damaged-database path (``store.damage``)."""
    _damaged_db = db
    log = _logger(Path(log_dir))
    log_file = Path(log_dir) / LOG_NAME
    showing = [False]

    def hook(exc_type: type[BaseException], exc: BaseException,
             tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        log.error("Unhandled exception", exc_info=(exc_type, exc, tb))
        if _damaged_db is not None:
            from followup_desktop.store.damage import is_damage, note_damage

            if is_damage(exc):  # the next start offers the newest verified backup
                note_damage(_damaged_db, exc)
        if showing[0]:  # an error while the dialog is up: log it, do not stack dialogs
            return
        showing[0] = True
        try:
            show_error(exc, log_file)
        except Exception:  # noqa: BLE001 - the hook itself must never fail
            log.exception("Could not show the error dialog")
        finally:
            showing[0] = False

    sys.excepthook = hook
    return hook
