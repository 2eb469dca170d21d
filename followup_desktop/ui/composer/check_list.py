"""The composer's check list: what the draft checks found, failing ones first."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QIcon, QPalette
from PySide6.QtWidgets import QApplication, QFrame, QListWidget, QListWidgetItem, QWidget

from followup_desktop.compose import CheckResult
from followup_desktop.ui.pyside_fixes import own_viewport


class CheckList(QListWidget):
    """The checks: failing ones first with their reason on a second line, then the ones
    that pass (reason on hover). Checks that do not apply to the kind are left out."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Draft checks")
        self.setWordWrap(True)
        self.setUniformItemSizes(False)
        self.setSelectionMode(QListWidget.SelectionMode.NoSelection)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setResizeMode(QListWidget.ResizeMode.Adjust)
        own_viewport(self).setBackgroundRole(QPalette.ColorRole.Window)
        self.setIconSize(QSize(16, 16))
        self.setSpacing(1)
        self._shown: tuple[tuple[str, bool, str], ...] = ()

    @staticmethod
    def _icons() -> tuple[QIcon, QIcon, QIcon]:
        """Passed, warning, blocking: the app's own marks in the palette's green, amber and
        red-orange (the style's standard icons would make PySide6 build ``QStyle`` with its
        ~500 enum members at every start: ~8 ms). Cached per colour, so a theme switch
        gets its own colours at the next check."""
        from followup_desktop.ui import colours
        from followup_desktop.ui.icons import tinted_icon

        palette = QApplication.palette()
        return (tinted_icon("check-passed", colours.opening(palette)),
                tinted_icon("check-warning", colours.due(palette)),
                tinted_icon("check-failed", colours.warning(palette)))

    @staticmethod
    def applies(r: CheckResult) -> bool:
        return not r.reason.startswith("Does not apply")

    def show_results(self, results: list[CheckResult]) -> None:
        shown = [r for r in results if self.applies(r)]
        key = tuple((r.id, r.ok, r.reason) for r in shown)
        if key == self._shown:
            return
        self._shown = key
        self.clear()
        passed, warning, failed = self._icons()
        for r in sorted(shown, key=lambda r: (r.ok, not r.blocking)):
            if r.ok:
                item = QListWidgetItem(passed, r.title)
                item.setToolTip(r.reason)
                item.setData(Qt.ItemDataRole.AccessibleTextRole, f"Passes: {r.title}. {r.reason}")
            else:
                item = QListWidgetItem(failed if r.blocking else warning,
                                       f"{r.title}\n{r.reason}")
                item.setToolTip(r.reason)
                item.setData(Qt.ItemDataRole.AccessibleTextRole,
                             f"{'Blocks export' if r.blocking else 'Warning'}: {r.title}. "
                             f"{r.reason}")
            item.setData(Qt.ItemDataRole.UserRole, r.id)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.addItem(item)

    def item_for(self, check_id: str) -> QListWidgetItem | None:
        for i in range(self.count()):
            item = self.item(i)
            if item.data(Qt.ItemDataRole.UserRole) == check_id:
                return item
        return None
