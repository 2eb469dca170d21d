"""The empty state: what Followup does, in two sentences, and two ways to start.

"Explore sample data" never touches the user's data: the samples go into their own data
folder (``ctx.paths.demo_data_dir``), filled by ``followup-desktop --data-dir DEMO demo`` in a
child process (one process holds one database), and open in a new Followup process on it.
Both processes are started through injectable callables, so tests run without a window
popping up.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QProcess, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

#: ``launcher(program, args) -> bool``: start a detached process (the demo window).
Launcher = Callable[[str, Sequence[str]], bool]

INTRO = ("Followup plans the days after each interview: when to send a thank-you note, "
         "when to check in, and when to let it rest. "
         "Add an interview and it reminds you at the right moment and helps you write "
         "each note, all on this computer.")


def followup_command(data_dir: Path, *extra: str) -> tuple[str, list[str]]:
    """The program and arguments that run Followup on ``data_dir``."""
    if getattr(sys, "frozen", False):  # a PyInstaller bundle: the executable is Followup
        return sys.executable, ["--data-dir", str(data_dir), *extra]
    return sys.executable, ["-m", "followup_desktop", "--data-dir", str(data_dir), *extra]


def detached_launcher(program: str, args: Sequence[str]) -> bool:
    ok, _pid = QProcess.startDetached(program, list(args))
    return bool(ok)


def demo_is_filled(data_dir: Path) -> bool:
    db = data_dir / "followup.sqlite3"
    return db.exists() and db.stat().st_size > 0


class FirstRunPane(QWidget):
    """Shown instead of the table while there is nothing to show."""

    add_requested = Signal()
    #: emitted with the demo data folder once the demo window was launched
    demo_launched = Signal(str)
    #: emitted with a plain-words reason when the sample data could not be prepared
    demo_failed = Signal(str)

    def __init__(self, ctx: Any, parent: QWidget | None = None, *,
                 launcher: Launcher | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.launcher: Launcher = launcher or detached_launcher
        self._fill: QProcess | None = None
        self.setObjectName("firstRun")

        title = QLabel("Your follow-ups, planned", self)
        f = QFont(title.font())
        f.setPointSizeF(f.pointSizeF() * 1.7)
        f.setWeight(QFont.Weight.DemiBold)
        title.setFont(f)
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.intro = QLabel(INTRO, self)
        self.intro.setWordWrap(True)
        self.intro.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.intro.setFixedWidth(500)
        self.intro.setAccessibleName("What Followup does")

        from followup_desktop.ui.icons import app_icon, icon

        logo = QLabel(self)
        logo.setPixmap(app_icon().pixmap(96, 96))
        logo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        logo.setAccessibleName("Followup logo")

        self.add_button = QPushButton(icon("new"), "Add interview", self)
        self.add_button.setDefault(True)
        self.add_button.setAccessibleName("Add interview")
        self.add_button.setMinimumHeight(34)
        self.demo_button = QPushButton("Explore sample data", self)
        self.demo_button.setAccessibleName("Explore sample data")
        self.demo_button.setToolTip("Opens a second Followup window on invented sample data, "
                                    "kept in its own folder apart from yours.")
        self.demo_button.setMinimumHeight(34)
        self.status = QLabel("", self)
        self.status.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.status.setForegroundRole(self.status.foregroundRole())

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.add_button)
        buttons.addSpacing(8)
        buttons.addWidget(self.demo_button)
        buttons.addStretch(1)

        lay = QVBoxLayout(self)
        lay.addStretch(2)
        lay.addWidget(logo)
        lay.addSpacing(12)
        lay.addWidget(title)
        lay.addSpacing(6)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.intro)
        row.addStretch(1)
        lay.addLayout(row)
        lay.addSpacing(18)
        lay.addLayout(buttons)
        lay.addSpacing(8)
        lay.addWidget(self.status)
        lay.addStretch(3)
        self.setTabOrder(self.add_button, self.demo_button)

        self.add_button.clicked.connect(self.add_requested)
        self.demo_button.clicked.connect(self.explore_sample_data)

    # -- sample data ------------------------------------------------------------------------

    @property
    def demo_dir(self) -> Path:
        return Path(self.ctx.paths.demo_data_dir)

    def explore_sample_data(self) -> None:
        """Fill the demo folder if it is empty, then open Followup on it in a new process."""
        if self._fill is not None:
            return
        if demo_is_filled(self.demo_dir):
            self._launch()
            return
        self.demo_button.setEnabled(False)
        self.status.setText("Preparing the sample data…")
        program, args = followup_command(self.demo_dir, "demo")
        proc = QProcess(self)
        proc.setProcessChannelMode(QProcess.ProcessChannelMode.MergedChannels)
        proc.finished.connect(self._filled)
        proc.errorOccurred.connect(self._fill_error)
        self._fill = proc
        proc.start(program, args)

    def _fill_error(self, error: QProcess.ProcessError) -> None:
        if error == QProcess.ProcessError.FailedToStart:
            self._done_filling()
            self._fail("Followup could not start a helper to prepare the sample data.")

    def _filled(self, code: int, status: QProcess.ExitStatus) -> None:
        proc = self._fill
        output = bytes(proc.readAll().data()).decode("utf-8", "replace") if proc else ""
        self._done_filling()
        if status != QProcess.ExitStatus.NormalExit or code != 0 or \
                not demo_is_filled(self.demo_dir):
            last = output.strip().splitlines()[-1:] or ["no output"]
            self._fail(f"The sample data could not be prepared ({last[0]}).")
            return
        self._launch()

    def _done_filling(self) -> None:
        if self._fill is not None:
            self._fill.deleteLater()
        self._fill = None
        self.demo_button.setEnabled(True)

    def _launch(self) -> None:
        program, args = followup_command(self.demo_dir)
        if self.launcher(program, args):
            self.status.setText("The sample data opens in a second window. "
                                f"It lives in {self.demo_dir}, apart from your data.")
            self.demo_launched.emit(str(self.demo_dir))
        else:
            self._fail("Followup could not open a second window for the sample data.")

    def _fail(self, reason: str) -> None:
        self.status.setText(reason)
        self.demo_failed.emit(reason)
