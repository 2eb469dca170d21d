"""The composer's check list: what the draft checks found, failing ones first."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QFrame, QListWidget, QListWidgetItem, QStyle, QWidget

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
        style = self.style()
        self._ok = style.standardIcon(QStyle.StandardPixmap.SP_DialogApplyButton)
        self._warn = style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        self._block = style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical)

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
        for r in sorted(shown, key=lambda r: (r.ok, not r.blocking)):
            if r.ok:
                item = QListWidgetItem(self._ok, r.title)
                item.setToolTip(r.reason)
                item.setData(Qt.ItemDataRole.AccessibleTextRole, f"Passes: {r.title}. {r.reason}")
            else:
                item = QListWidgetItem(self._block if r.blocking else self._warn,
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
