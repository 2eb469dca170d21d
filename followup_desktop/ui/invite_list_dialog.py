"""One preview for an invite with several meetings.

An invite with 2,000 meetings once opened 2,000 modal dialogs one after the other. This
dialog lists every meeting of the file in one table -- when, what, company and role (both
editable), people, what the reading noticed -- with a box to take it or leave it; Import
saves the chosen ones in one transaction after one backup, through the same service as the
command line (:mod:`followup_desktop.services.imports`). A cancelled meeting is listed,
greyed, and never saved.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from followup_desktop.context import AppContext
    from followup_desktop.importers.invite import InviteGuess
    from followup_desktop.services.imports import InviteResult


class InviteListDialog(QDialog):
    """Every meeting of one invite file, chosen and corrected in one table."""

    COL_TAKE, COL_WHEN, COL_SUMMARY, COL_COMPANY, COL_ROLE, COL_PEOPLE, COL_NOTES = range(7)
    _HEADERS = ("Import", "When", "Meeting", "Company", "Role", "People", "Notes")

    def __init__(self, ctx: AppContext, guesses: list[InviteGuess],
                 parent: QWidget | None = None, file_name: str = "the invite") -> None:
        super().__init__(parent)
        from followup_desktop.humanize import local_when

        self.ctx = ctx
        self.guesses = list(guesses)
        self.results: list[InviteResult] = []
        self.setWindowTitle("Import invite")
        tz, now = ctx.tz(), ctx.now()
        live = sum(1 for g in guesses if not g.cancelled)
        self.header = QLabel(f"{file_name} holds {len(guesses)} meetings"
                             + (f" ({len(guesses) - live} cancelled)" if live < len(guesses)
                                else "") + ". Choose the ones to import; fill in a missing "
                             "company or role in the table.")
        self.header.setWordWrap(True)
        self.table = QTableWidget(len(guesses), len(self._HEADERS))
        self.table.setHorizontalHeaderLabels(list(self._HEADERS))
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setAccessibleName("Meetings of the invite")
        for row, g in enumerate(guesses):
            take = QTableWidgetItem()
            flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable
            take.setFlags(flags if not g.cancelled else Qt.ItemFlag.NoItemFlags)
            take.setCheckState(Qt.CheckState.Unchecked if g.cancelled or not g.company.strip()
                               else Qt.CheckState.Checked)
            self.table.setItem(row, self.COL_TAKE, take)
            self._fixed(row, self.COL_WHEN, local_when(g.start, tz, now))
            self._fixed(row, self.COL_SUMMARY, g.summary or "Untitled meeting")
            self.table.setItem(row, self.COL_COMPANY, QTableWidgetItem(g.company))
            self.table.setItem(row, self.COL_ROLE, QTableWidgetItem(g.role))
            self._fixed(row, self.COL_PEOPLE, ", ".join(p.name for p in g.people) or "—")
            notes = ("Cancelled: nothing is imported for it." if g.cancelled
                     else " ".join(g.notes))
            self._fixed(row, self.COL_NOTES, notes)
            if g.cancelled:
                for col in range(len(self._HEADERS)):
                    item = self.table.item(row, col)
                    if item is not None:
                        item.setFlags(Qt.ItemFlag.NoItemFlags)
        self.table.resizeColumnsToContents()
        self.error = QLabel()
        self.error.setStyleSheet("font-weight: bold;")
        self.error.setWordWrap(True)
        self.error.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = buttons.addButton("Import", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(900, 480)

    def _fixed(self, row: int, col: int, text: str) -> None:
        item = QTableWidgetItem(text)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
        item.setToolTip(text)
        self.table.setItem(row, col, item)

    def chosen(self) -> list[InviteGuess]:
        """The ticked meetings, with the company and role as the table now says."""
        out = []
        for row, g in enumerate(self.guesses):
            take = self.table.item(row, self.COL_TAKE)
            if g.cancelled or take is None or take.checkState() != Qt.CheckState.Checked:
                continue
            company = (self.table.item(row, self.COL_COMPANY) or QTableWidgetItem()).text()
            role = (self.table.item(row, self.COL_ROLE) or QTableWidgetItem()).text()
            out.append(replace(g, company=company.strip(), role=role.strip()))
        return out

    def accept(self) -> None:
        from followup_desktop.importers.errors import ImportFileError
        from followup_desktop.services.backups import backup_before_import
        from followup_desktop.services.imports import ApplicationIndex, find_target, save_invite
        from followup_desktop.store import StoreError

        chosen = self.chosen()
        if not chosen:
            self._say("Tick at least one meeting, or press Cancel.")
            return
        unknown = [g for g in chosen if not g.company]
        if unknown:
            self._say(f"Fill in the company of “{unknown[0].summary or 'a meeting'}” "
                      "(or untick it).")
            return
        try:
            backup_before_import(self.ctx)
            index = ApplicationIndex(self.ctx)
            results = []
            with self.ctx.store.write():  # the chosen meetings, all or none
                for g in chosen:
                    result = save_invite(self.ctx, g, target=find_target(self.ctx, g, index),
                                         backup=False)
                    if result.new_application:
                        index.add(result.application_id, g.company, g.role)
                    results.append(result)
        except (StoreError, ImportFileError) as exc:
            self._say(str(exc))
            return
        self.results = results
        super().accept()

    def _say(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()
