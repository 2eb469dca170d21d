"""Help › Keyboard shortcuts: every key the window and the composer know, in one list."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)


class ShortcutsDialog(QDialog):
    """A read-only two-column list: keys, and what they do."""

    def __init__(self, rows: Sequence[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        self.list = QTreeWidget(self)
        self.list.setAccessibleName("Keyboard shortcuts")
        self.list.setColumnCount(2)
        self.list.setHeaderLabels(["Keys", "What they do"])
        self.list.setRootIsDecorated(False)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.list.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        for keys, what in rows:
            QTreeWidgetItem(self.list, [keys, what])
        self.list.resizeColumnToContents(0)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.list, 1)
        lay.addWidget(buttons)
        self.resize(560, 520)

    def rows(self) -> list[tuple[str, str]]:
        return [(self.list.topLevelItem(i).text(0), self.list.topLevelItem(i).text(1))
                for i in range(self.list.topLevelItemCount())]
