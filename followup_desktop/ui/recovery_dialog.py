"""What the user sees when start-up found a problem (``services.startup``).

* :class:`RecoveryDialog` — the damaged-database chooser: restore the newest good backup,
  open the damaged file read-only to export, or start empty.
* :func:`read_only_banner` — the strip the main window shows when the data opened
  read-only, saying why.
* :func:`open_with_recovery` — the whole start-up sequence for the GUI:
  ``open_checked`` → (chooser) → ``resolve_damaged``; returns the context and the banner
  text, or ``None`` when the user gave up or the data cannot be opened.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QLabel,
    QMessageBox,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.services.startup import (
    Choice,
    Problem,
    ProblemKind,
    open_checked,
    resolve_damaged,
)

_LABELS = {
    Choice.RESTORE_BACKUP: "Restore the newest good backup ({name})",
    Choice.OPEN_DAMAGED_READ_ONLY: "Open the damaged data read-only, to export what can be "
                                   "read",
    Choice.START_EMPTY: "Start with empty data (the damaged file stays where it was moved)",
}


class RecoveryDialog(QDialog):
    def __init__(self, problem: Problem, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Followup's data is damaged")
        self.problem = problem
        layout = QVBoxLayout(self)
        text = QLabel(problem.message, self)
        text.setWordWrap(True)
        text.setObjectName("recoveryMessage")
        layout.addWidget(text)
        self.group = QButtonGroup(self)
        self.buttons: dict[Choice, QRadioButton] = {}
        for choice in problem.choices():
            name = problem.backup.name if problem.backup else ""
            button = QRadioButton(_LABELS[choice].format(name=name), self)
            self.group.addButton(button)
            self.buttons[choice] = button
            layout.addWidget(button)
        if self.buttons:
            next(iter(self.buttons.values())).setChecked(True)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                               | QDialogButtonBox.StandardButton.Cancel, self)
        box.button(QDialogButtonBox.StandardButton.Ok).setText("Continue")
        box.button(QDialogButtonBox.StandardButton.Cancel).setText("Quit")
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        layout.addWidget(box)

    def choice(self) -> Choice | None:
        for choice, button in self.buttons.items():
            if button.isChecked():
                return choice
        return None

    def choose(self, choice: Choice) -> None:
        self.buttons[choice].setChecked(True)


def read_only_banner(reason: str, parent: QWidget | None = None) -> QFrame:
    """A yellow strip with the reason the data is read-only (for the top of the window)."""
    frame = QFrame(parent)
    frame.setObjectName("readOnlyBanner")
    frame.setFrameShape(QFrame.Shape.StyledPanel)
    # the theme's note colours (a tooltip's), light and dark alike
    frame.setAutoFillBackground(True)
    frame.setBackgroundRole(QPalette.ColorRole.ToolTipBase)
    label = QLabel(reason, frame)
    label.setForegroundRole(QPalette.ColorRole.ToolTipText)
    label.setWordWrap(True)
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(8, 4, 8, 4)
    layout.addWidget(label)
    frame.setAccessibleName("Read-only")
    frame.setAccessibleDescription(reason)
    return frame


def open_with_recovery(paths: Any, clock: Any, parent: QWidget | None = None, *,
                       choose: Callable[[Problem], Choice | None] | None = None,
                       inform: Callable[[str], None] | None = None
                       ) -> tuple[Any, str | None] | None:
    """Open the data for the window. Returns ``(ctx, banner_text_or_None)``, or ``None``
    when the app should exit (the user quit, or the data is in use / too new)."""

    def ask(problem: Problem) -> Choice | None:
        dialog = RecoveryDialog(problem, parent)
        return dialog.choice() if dialog.exec() == QDialog.DialogCode.Accepted else None

    choose = choose or ask
    inform = inform or (lambda text: QMessageBox.critical(parent, "Followup", text))
    ctx, problem = open_checked(paths, clock)
    for _ in range(3):  # a restored backup could itself fail its check: ask again
        if problem is None:
            return ctx, None
        if problem.kind is ProblemKind.READ_ONLY:
            return ctx, problem.message
        if problem.kind is not ProblemKind.DAMAGED or problem.damaged_dir is None:
            inform(problem.message)
            return None
        choice = choose(problem)
        if choice is None:
            return None
        ctx, problem = resolve_damaged(paths, problem, choice, clock)
    if ctx is not None:
        ctx.close()
    inform("Followup could not open its data.")
    return None
