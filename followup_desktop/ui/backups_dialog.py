"""The Backups dialog (date, size, counts; back up now; restore one) and the timer that
takes automatic backups while the window is open.

Wiring for the main window::

    manager = install_auto_backups(window, ctx)     # periodic backups while open
    action.triggered.connect(lambda: open_backups_dialog(window, ctx))
    ...
    manager.maybe_backup("exit")                    # before ctx.close()
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.services.backups import restore_into
from followup_desktop.store import StoreError
from followup_desktop.store.backups import BackupInfo, BackupManager, Reason
from followup_desktop.ui.ask import ask

AUTO_BACKUP_CHECK_MS = 5 * 60 * 1000  # how often to ask "is a backup due?" (policy: 30 min)

_REASONS = {
    "periodic": "Automatic", "exit": "On exit", "manual": "By hand",
    "before-import": "Before an import", "before-restore": "Before a restore",
    "before-migration": "Before an upgrade",
}

Index = QModelIndex | QPersistentModelIndex


def human_size(n: int) -> str:
    size = float(n)
    for unit in ("bytes", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{int(size)} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{n} bytes"


class BackupsModel(QAbstractTableModel):
    COL_DATE, COL_REASON, COL_SIZE, COL_APPS, COL_ROUNDS, COL_PEOPLE, COL_MESSAGES = range(7)
    _HEADERS = ("Taken", "Why", "Size", "Applications", "Rounds", "People", "Messages")
    SortRole = Qt.ItemDataRole.UserRole + 1
    RecordRole = Qt.ItemDataRole.UserRole + 2

    def __init__(self, tz: dt.tzinfo | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[BackupInfo] = []
        self._tz = tz

    def set_backups(self, rows: list[BackupInfo]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def backup(self, row: int) -> BackupInfo:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(self._HEADERS):
            return self._HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        b = self._rows[index.row()]
        col = index.column()
        if role == self.RecordRole:
            return b
        counts = b.counts
        numbers = None if counts is None else (counts.applications, counts.interviews,
                                               counts.people, counts.messages)
        if role == self.SortRole:
            if col == self.COL_DATE:
                return b.taken_at.timestamp() if b.taken_at else 0.0
            if col == self.COL_SIZE:
                return b.size
            if col >= self.COL_APPS:
                return -1 if numbers is None else numbers[col - self.COL_APPS]
            return _REASONS.get(b.reason, b.reason)
        if role == Qt.ItemDataRole.DisplayRole:
            if col == self.COL_DATE:
                if b.taken_at is None:
                    return b.path.name
                return b.taken_at.astimezone(self._tz).strftime("%a %d %b %Y, %H:%M")
            if col == self.COL_REASON:
                return _REASONS.get(b.reason, b.reason)
            if col == self.COL_SIZE:
                return human_size(b.size)
            return "unreadable" if numbers is None else str(numbers[col - self.COL_APPS])
        if role == Qt.ItemDataRole.TextAlignmentRole and col >= self.COL_SIZE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return str(b.path)
        return None


class BackupsDialog(QDialog):
    """Lists the backups; "Back up now" and "Restore…". Emits :attr:`restored` after a
    restore, when ``ctx.store`` is the new store."""

    restored = Signal()

    def __init__(self, ctx: Any, manager: BackupManager, parent: QWidget | None = None, *,
                 confirm: Callable[[str], bool] | None = None,
                 inform: Callable[[str], None] | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Backups")
        self.ctx = ctx
        self.manager = manager
        self._confirm = confirm or self._ask
        self._inform = inform or (lambda text: QMessageBox.warning(self, "Backups", text))
        try:
            tz = ctx.tz()
        except Exception:
            tz = None
        self.model = BackupsModel(tz, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(BackupsModel.SortRole)
        self.view = QTableView(self)
        self.view.setModel(self.proxy)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(BackupsModel.COL_DATE, Qt.SortOrder.DescendingOrder)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.view.doubleClicked.connect(lambda _i: self.restore_selected())

        self.info = QLabel(self)
        self.info.setWordWrap(True)
        self.backup_button = QPushButton("&Back up now", self)
        self.restore_button = QPushButton("&Restore…", self)
        self.backup_button.clicked.connect(self.backup_now)
        self.restore_button.clicked.connect(self.restore_selected)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.backup_button)
        row.addWidget(self.restore_button)
        row.addStretch(1)
        row.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(
            f"Backups are kept in {manager.folder}. Followup takes one when your data "
            "changed (at most every 30 minutes), on exit, and before imports, upgrades and "
            "restores; it keeps 12 daily, 10 weekly and 9 monthly.", self))
        layout.addWidget(self.view, 1)
        layout.addWidget(self.info)
        layout.addLayout(row)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._update())
        self.resize(760, 420)
        self.reload()

    def _ask(self, text: str) -> bool:
        return ask(self, "Restore backup", text)

    def reload(self) -> None:
        self.model.set_backups(self.manager.list())
        if self.proxy.rowCount():
            self.view.selectRow(0)
        self._update()

    def _update(self) -> None:
        read_only = bool(getattr(self.manager.store, "read_only", False))
        self.backup_button.setEnabled(not read_only)
        self.restore_button.setEnabled(self.selected() is not None and not read_only)
        n = self.model.rowCount()
        self.info.setText("No backups yet." if n == 0 else f"{n} backup(s).")

    def selected(self) -> BackupInfo | None:
        rows = self.view.selectionModel().selectedRows()
        if not rows:
            return None
        info = rows[0].data(BackupsModel.RecordRole)
        return info if isinstance(info, BackupInfo) else None

    def select_path(self, path: Any) -> bool:
        for r in range(self.proxy.rowCount()):
            if self.proxy.index(r, 0).data(BackupsModel.RecordRole).path == path:
                self.view.selectRow(r)
                return True
        return False

    def backup_now(self) -> bool:
        try:
            self.manager.backup_now(Reason.MANUAL)
        except StoreError as exc:
            self._inform(str(exc))
            return False
        self.reload()
        return True

    def restore_selected(self) -> bool:
        info = self.selected()
        if info is None:
            return False
        when = self.model.data(self.model.index(self.model._rows.index(info), 0))
        if not self._confirm(
                f"Replace your current data with the backup of {when}?\n\nYour current data "
                "is backed up first and kept, so this can be undone by restoring that "
                "backup."):
            return False
        try:
            restore_into(self.ctx, self.manager, info.path)
        except StoreError as exc:
            self._inform(f"Nothing was restored: {exc}")
            return False
        self.reload()
        self.restored.emit()
        return True


def install_auto_backups(window: QWidget, ctx: Any,
                         interval_ms: int = AUTO_BACKUP_CHECK_MS) -> BackupManager:
    """A :class:`BackupManager` for ``ctx`` and a timer (child of ``window``) that asks it
    every few minutes whether a backup is due. Stored as ``window.backup_manager``."""
    manager = BackupManager(ctx.store, ctx.paths, ctx.clock)
    timer = QTimer(window)
    timer.setObjectName("autoBackupTimer")
    timer.setInterval(interval_ms)

    def tick() -> None:
        manager.store = ctx.store  # the context may have a new store after a restore
        # A failure is retried at the next tick; a failing disk shows up on saves.
        with contextlib.suppress(StoreError):
            manager.maybe_backup(Reason.PERIODIC)

    timer.timeout.connect(tick)
    timer.start()
    window.backup_manager = manager  # type: ignore[attr-defined]
    window.backup_timer = timer  # type: ignore[attr-defined]
    return manager


def open_backups_dialog(window: QWidget, ctx: Any) -> BackupsDialog:
    """Show the Backups dialog (modal) for the main window; refreshes it after a restore."""
    manager = getattr(window, "backup_manager", None)
    if not isinstance(manager, BackupManager):
        manager = BackupManager(ctx.store, ctx.paths, ctx.clock)
    manager.store = ctx.store
    dialog = BackupsDialog(ctx, manager, window)
    replaced = getattr(window, "data_replaced", None) or getattr(window, "refresh", None)
    if callable(replaced):
        dialog.restored.connect(replaced)
    dialog.exec()
    return dialog
