"""The empty state: who you are (once), what Followup does, and two ways to start.

The first page asks for the user's name, email, phone and LinkedIn (both optional) and
time zone (preset from this computer), because every note is signed with them; it can be
skipped, and is not shown again once the profile has a name or the user skipped it.

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
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

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


#: Set once the user skipped the profile page (it is not asked again).
SKIPPED_KEY = "first_run.profile_skipped"
PROFILE_INTRO = ("Every note you send is signed with your name and contact details. "
                 "Enter them once here; you can change them later in Edit \u203a Settings.")


class ProfilePage(QWidget):
    """Name, email, phone (optional), LinkedIn (optional), time zone (preset)."""

    saved = Signal()
    skipped = Signal()

    def __init__(self, ctx: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from followup_desktop.clock import machine_zone_name
        from followup_desktop.ui.dialogs import validation as v
        from followup_desktop.ui.dialogs._form import Field, add_row, hint_label, tidy_form

        self.ctx = ctx
        self.setObjectName("firstRunProfile")
        from followup_desktop.records import Profile

        profile = ctx.profile() if ctx is not None else Profile()
        title = QLabel("First, who are you?", self)
        f = QFont(title.font())
        f.setPointSizeF(f.pointSizeF() * 1.5)
        f.setWeight(QFont.Weight.DemiBold)
        title.setFont(f)
        intro = hint_label(PROFILE_INTRO, self)
        self.name = QLineEdit(profile.name, self)
        self.name.setPlaceholderText("Ada Park")
        self.email = QLineEdit(profile.email, self)
        self.email.setPlaceholderText("ada.park@example.org")
        self.phone = QLineEdit(profile.phone, self)
        self.phone.setPlaceholderText("optional: +1 555 0100")
        self.linkedin = QLineEdit(profile.linkedin, self)
        self.linkedin.setPlaceholderText("optional: https://www.linkedin.com/in/…")
        self.timezone = QComboBox(self)
        self.timezone.setEditable(True)
        self.timezone.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.timezone.setMaxVisibleItems(15)
        self.timezone.addItems(list(v.zone_names()))
        completer = QCompleter(list(v.zone_names()), self.timezone)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.timezone.setCompleter(completer)
        self.timezone.setCurrentText(profile.timezone or machine_zone_name())
        self.save_button = QPushButton("&Continue", self)
        self.save_button.setDefault(True)
        self.save_button.setAccessibleName("Save your profile and continue")
        self.skip_button = QPushButton("S&kip for now", self)
        self.skip_button.setAccessibleName("Skip the profile for now")
        self.skip_button.setToolTip("Notes stay unsigned, and their checks fail, until you "
                                    "add your name in Edit \u203a Settings.")

        form = tidy_form(QFormLayout())
        rows = [
            ("&Name:", self.name, lambda: v.name_problem(self.name.text(), "Your name"), None),
            ("&Email:", self.email, lambda: v.email_problem(self.email.text(), required=True),
             None),
            ("&Phone:", self.phone, lambda: v.line_problem(self.phone.text(), "Phone",
                                                           max_len=100), None),
            ("&LinkedIn:", self.linkedin,
             lambda: v.url_problem(self.linkedin.text(), "LinkedIn address"), None),
            ("&Time zone:", self.timezone,
             lambda: v.timezone_problem(self.timezone.currentText()),
             "Preset from this computer; interviews and reminders are shown in it."),
        ]
        self.fields: list[Field] = []
        for text, widget, check, hint in rows:
            _, reason, _ = add_row(form, text, widget, hint=hint)
            assert reason is not None
            self.fields.append(Field(widget, check, reason, name=text.replace("&", "")))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.skip_button)
        buttons.addWidget(self.save_button)

        column = QVBoxLayout()
        column.addWidget(title)
        column.addWidget(intro)
        column.addSpacing(8)
        column.addLayout(form)
        column.addSpacing(8)
        column.addLayout(buttons)
        box = QWidget(self)
        box.setLayout(column)
        box.setMaximumWidth(560)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(box, 3)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)
        for a, b in zip([self.name, self.email, self.phone, self.linkedin, self.timezone,
                         self.skip_button],
                        [self.email, self.phone, self.linkedin, self.timezone,
                         self.skip_button, self.save_button], strict=True):
            QWidget.setTabOrder(a, b)
        self.setFocusProxy(self.name)
        self.name.returnPressed.connect(self.save)
        self.email.returnPressed.connect(self.save)
        self.phone.returnPressed.connect(self.save)
        self.linkedin.returnPressed.connect(self.save)
        self.save_button.clicked.connect(self.save)
        self.skip_button.clicked.connect(self.skip)

    def load(self) -> None:
        """Show what the profile holds (the window may get its data after it was built)."""
        from followup_desktop.clock import machine_zone_name

        if self.ctx is None:
            return
        profile = self.ctx.profile()
        for edit, value in ((self.name, profile.name), (self.email, profile.email),
                            (self.phone, profile.phone), (self.linkedin, profile.linkedin)):
            if not edit.text():
                edit.setText(value)
        self.timezone.setCurrentText(profile.timezone or machine_zone_name())

    def save(self) -> bool:
        """Check every field (the first problem gets the focus), then save the profile."""
        from followup_desktop.records import Profile
        from followup_desktop.store import StoreError

        problems = [f for f in self.fields if f.validate(force=True)]
        if problems:
            problems[0].focus()
            return False
        old = self.ctx.profile()
        profile = Profile(name=" ".join(self.name.text().split()),
                          email=self.email.text().strip(), phone=self.phone.text().strip(),
                          linkedin=self.linkedin.text().strip(), signature=old.signature,
                          timezone=self.timezone.currentText().strip())
        try:
            self.ctx.store.save_profile(profile)
        except StoreError as exc:
            self.fields[0].reason_line.set_reason(str(exc))
            return False
        self.saved.emit()
        return True

    def skip(self) -> None:
        from contextlib import suppress

        from followup_desktop.store import StoreError

        with suppress(StoreError):  # asked again next time: nothing is lost
            self.ctx.store.set_value(SKIPPED_KEY, True)
        self.skipped.emit()


def profile_wanted(ctx: Any) -> bool:
    """The profile page comes first while the profile has no name and was not skipped."""
    if ctx is None or ctx.profile().name.strip():
        return False
    return not ctx.store.get_value(SKIPPED_KEY, False)


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
    #: emitted once the first page saved the profile (or the user skipped it)
    profile_done = Signal()

    def __init__(self, ctx: Any, parent: QWidget | None = None, *,
                 launcher: Launcher | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.launcher: Launcher = launcher or detached_launcher
        self._fill: QProcess | None = None
        self.setObjectName("firstRun")
        self.pages = QStackedWidget(self)
        self.profile_page = ProfilePage(ctx, self.pages)
        self.welcome = QWidget(self.pages)
        self.pages.addWidget(self.profile_page)
        self.pages.addWidget(self.welcome)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.pages)
        self.profile_page.saved.connect(self._profile_done)
        self.profile_page.skipped.connect(self._profile_done)
        self._build_welcome(self.welcome)
        self.show_step()

    def show_step(self) -> None:
        """The profile page while it is wanted, else the welcome with its two buttons."""
        want = profile_wanted(self.ctx)
        page = self.profile_page if want else self.welcome
        if self.pages.currentWidget() is not page:
            self.pages.setCurrentWidget(page)
        if want and self.profile_page.ctx is not self.ctx:
            self.profile_page.ctx = self.ctx
            self.profile_page.load()

    def showEvent(self, event: Any) -> None:  # noqa: N802 (Qt naming)
        self.show_step()
        super().showEvent(event)
        target = self.profile_page.name if self.pages.currentWidget() is self.profile_page \
            else self.add_button
        target.setFocus(Qt.FocusReason.OtherFocusReason)

    def skip_profile_if_asked(self) -> None:
        """"+ New" (or Ctrl+N) while the profile page shows counts as its Skip: the page is
        not asked again, and the composer asks for the name with its banner instead."""
        if self.pages.currentWidget() is self.profile_page and profile_wanted(self.ctx):
            self.profile_page.skip()

    def _profile_done(self) -> None:
        self.pages.setCurrentWidget(self.welcome)
        self.add_button.setFocus(Qt.FocusReason.OtherFocusReason)
        self.profile_done.emit()

    def _build_welcome(self, page: QWidget) -> None:
        title = QLabel("Your follow-ups, planned", page)
        f = QFont(title.font())
        f.setPointSizeF(f.pointSizeF() * 1.7)
        f.setWeight(QFont.Weight.DemiBold)
        title.setFont(f)
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.intro = QLabel(INTRO, page)
        self.intro.setWordWrap(True)
        self.intro.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.intro.setFixedWidth(500)
        self.intro.setAccessibleName("What Followup does")

        from followup_desktop.ui.icons import app_icon, icon

        logo = QLabel(page)
        logo.setPixmap(app_icon().pixmap(96, 96))
        logo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        logo.setAccessibleName("Followup logo")

        self.add_button = QPushButton(icon("new"), "Add interview", page)
        self.add_button.setDefault(True)
        self.add_button.setAccessibleName("Add interview")
        self.add_button.setMinimumHeight(34)
        self.demo_button = QPushButton("Explore sample data", page)
        self.demo_button.setAccessibleName("Explore sample data")
        self.demo_button.setToolTip("Opens a second Followup window on invented sample data, "
                                    "kept in its own folder apart from yours.")
        self.demo_button.setMinimumHeight(34)
        self.status = QLabel("", page)
        self.status.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.status.setForegroundRole(self.status.foregroundRole())

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.add_button)
        buttons.addSpacing(8)
        buttons.addWidget(self.demo_button)
        buttons.addStretch(1)

        lay = QVBoxLayout(page)
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
