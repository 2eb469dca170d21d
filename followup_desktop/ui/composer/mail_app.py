"""Hand a ``mailto:`` link to the desktop's mail handler, and find out whether it worked.

``QDesktopServices.openUrl`` returns true on Linux as soon as ``xdg-open`` has *started*,
even when ``xdg-open`` then finds no mail handler and exits with an error. So on a system
with ``xdg-open`` the link goes through it here, and its exit status is what counts: 0 (or
still running after :data:`PATIENCE_MS`: a mail client that stays in the foreground) is
success; anything else is a failure, said in words. Elsewhere ``openUrl``'s answer counts.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QDesktopServices

#: ``done(ok, why)``: the handler opened the message (``why`` empty), or did not.
Done = Callable[[bool, str], None]
#: ``opener(url, done)``: the composer's way out to a mail app (tests pass their own).
Opener = Callable[[str, Done], None]
PATIENCE_MS = 3000
#: the longest reason shown after "No mail app opened the note"
REASON_CHARS = 60


def short_reason(why: str) -> str:
    """A few words on why no mail app opened: never the ``mailto:`` link itself (a whole
    percent-encoded note), never more than :data:`REASON_CHARS` characters."""
    text = " ".join(why.split())
    if "no method available" in text.lower():
        return "xdg-open found no mail app"
    cut = text.lower().find("mailto:")
    if cut >= 0:
        text = text[:cut].rstrip(" '\"‘“(:")
    if len(text) > REASON_CHARS:
        text = text[:REASON_CHARS - 1].rstrip() + "…"
    return text


def xdg_open() -> str | None:
    if not sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        return None
    return shutil.which("xdg-open")


class MailOpener(QObject):
    """The default :data:`Opener`: ``xdg-open`` where there is one, else ``openUrl``."""

    def __init__(self, parent: QObject | None = None, program: str | None = None) -> None:
        super().__init__(parent)
        self.program = program

    def __call__(self, url: str, done: Done) -> None:
        program = self.program or xdg_open()
        if program is None:
            from PySide6.QtCore import QUrl  # on use: its type and 5 enums, not at start

            ok = QDesktopServices.openUrl(QUrl.fromEncoded(url.encode("ascii")))
            done(ok, "" if ok else "no mail app is set up to open it")
            return
        from PySide6.QtCore import QProcess  # on the first use: its type and 8 enums

        proc = QProcess(self)
        answered = [False]

        def answer(ok: bool, why: str) -> None:
            if not answered[0]:
                answered[0] = True
                done(ok, why)

        def finished(code: int, status: QProcess.ExitStatus) -> None:
            out = bytes(proc.readAllStandardError().data()).decode("utf-8", "replace")
            lines = [ln for ln in out.strip().splitlines() if ln.strip()]
            why = short_reason(lines[-1]) if lines else ""
            why = why or f"xdg-open ended with status {code}"
            answer(status == QProcess.ExitStatus.NormalExit and code == 0, why)
            proc.deleteLater()

        def error(err: QProcess.ProcessError) -> None:
            if err == QProcess.ProcessError.FailedToStart:
                answer(False, "xdg-open could not be started")
                proc.deleteLater()

        proc.finished.connect(finished)
        proc.errorOccurred.connect(error)
        # The timer's context is the process, not ``self``: a QObject that is also
        # callable makes PySide6's overload check print "FIXME qt_isinstance(...)".
        QTimer.singleShot(PATIENCE_MS, proc, lambda: answer(True, ""))
        proc.start(program, [url])
