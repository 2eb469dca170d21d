"""What the window's commands change in the store: a status, a deletion, the editors.

Each one that writes refreshes the window and emits ``data_changed`` afterwards; a
status and a deletion go on the undo stack (Ctrl+Z). A failure is shown in words.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QDialog, QMessageBox

from followup_desktop import APP_NAME, __version__
from followup_desktop.records import EventKind
from followup_desktop.store.errors import StoreError
from followup_desktop.ui.main_window.actions import status_label
from followup_desktop.ui.store_command import StoreCommand
from followup_desktop.ui.table_model import latest_debrief_round

if TYPE_CHECKING:
    from followup_desktop.ui.main_window import MainWindow

HELP_TEXT = (
    "<p>Followup plans the days after each interview: a debrief while it is fresh, "
    "a thank-you note to each interviewer within a day, check-ins once the stated "
    "decision date has passed, and a graceful reply whatever the outcome.</p>"
    "<p><b>Getting around</b><br>"
    "Ctrl+N new application · F2 edit it · Ctrl+F search · Ctrl+Z undo · "
    "Ctrl+, settings · Ctrl+E export the draft as .eml · "
    "F5 refresh · Ctrl+1 / Ctrl+2 show or hide the calendar and the follow-up "
    "pane. Help › Keyboard shortcuts (Ctrl+/) lists every key.</p>"
    "<p>Select a row and use <i>They replied</i>, <i>Rejected</i>, "
    "<i>Verbal offer</i> or <i>Withdraw</i> when something happens: the plan "
    "adjusts at once. Everything stays on this computer.</p>")


class Commands:
    """The store-changing commands of one window, on its selected application."""

    def __init__(self, w: MainWindow) -> None:
        self.w = w

    def after_edit(self, select: int | None = None) -> None:
        self.w.refresh()
        if select is not None:
            self.w.select_application(select)
        self.w.data_changed.emit()

    def run_store(self, fn: Callable[[], Any]) -> bool:
        """Run an undo or redo step: a failure is shown, and the window re-reads."""
        try:
            fn()
        except StoreError as exc:
            QMessageBox.warning(self.w, APP_NAME, str(exc))
            self.w.refresh()
            return False
        self.after_edit()
        return True

    def exec_dialog(self, dialog: QDialog) -> int:
        """Run a modal dialog (tests replace this to drive it)."""
        return int(dialog.exec())

    def record_reply(self) -> bool:
        """"They replied": asks when and what it said (ui/dialogs/reply.py); undoable.
        Next steps with "Add the new round now" open the round dialog after."""
        from followup_desktop.ui.dialogs.reply import ReplyDialog

        w = self.w
        app_id = w.selected_application_id()
        app = w.ctx.application(app_id) if app_id is not None else None
        if app is None:
            return False
        dlg = ReplyDialog(w.ctx, app.id, parent=w)
        try:
            if self.exec_dialog(dlg) != QDialog.DialogCode.Accepted or dlg.saved_id is None:
                return False
            event_id = [dlg.saved_id]
            at, says, by = dlg.when.value(), dlg.says(), dlg.decision_by()
            new_round = dlg.wants_new_round()
        finally:
            dlg.deleteLater()
        store = w.ctx.store

        def do() -> None:
            event_id[:] = [store.record_event(app.id, EventKind.REPLY, at, says=says,
                                              decision_by=by)]

        def undo() -> None:
            store.delete_event(event_id[0])

        label = status_label(EventKind.REPLY)
        w.undo_stack.push(StoreCommand(f"“{label}” for {app.company}", do, undo, w))
        self.after_edit(app.id)
        w.statusBar().showMessage(f"Recorded “{label}” for {app.company}. "
                                  "Ctrl+Z undoes it.", 6000)
        if new_round:
            self.add_round()
        return True

    def record_status(self, kind: EventKind) -> bool:
        """Record a reply / rejection / verbal offer / withdrawal now; undoable."""
        if kind is EventKind.REPLY:
            return self.record_reply()
        w = self.w
        app_id = w.selected_application_id()
        app = w.ctx.application(app_id) if app_id is not None else None
        if app is None:
            return False
        store = w.ctx.store
        old_status = app.status
        at = w.ctx.now()
        event_id: list[int] = []

        def do() -> None:
            event_id[:] = [store.record_event(app.id, kind, at)]

        def undo() -> None:
            if event_id:
                store.delete_event(event_id[0])
            if store.load_application(app.id).status is not old_status:
                store.set_status(app.id, old_status)

        try:
            do()
        except StoreError as exc:
            QMessageBox.warning(w, APP_NAME, str(exc))
            return False
        label = status_label(kind)
        w.undo_stack.push(StoreCommand(f"“{label}” for {app.company}", do, undo, w))
        self.after_edit(app.id)
        w.statusBar().showMessage(f"Recorded “{label}” for {app.company}. "
                                  "Ctrl+Z undoes it.", 6000)
        return True

    def delete_selected(self) -> bool:
        w = self.w
        app_id = w.selected_application_id()
        app = w.ctx.application(app_id) if app_id is not None else None
        if app is None:
            return False
        if not w.confirm("Delete application",
                         f"Delete {app.company} — {app.role}, with its rounds, people "
                         "and notes?\n\nYou can undo this with Ctrl+Z."):
            return False
        store = w.ctx.store
        try:
            store.delete_application(app.id)
        except StoreError as exc:
            QMessageBox.warning(w, APP_NAME, str(exc))
            return False
        w.undo_stack.push(StoreCommand(f"Delete {app.company}",
                                       lambda: store.delete_application(app.id),
                                       lambda: store.undelete_application(app.id), w))
        self.after_edit()
        w.statusBar().showMessage(f"Deleted {app.company}. Ctrl+Z brings it back.", 8000)
        return True

    # -- the editors ------------------------------------------------------------------------

    def run_dialog(self, cls: Callable[..., QDialog], *args: Any) -> int | None:
        """Show an editor of :mod:`followup_desktop.ui.dialogs` (``cls(ctx, *args,
        parent=window)``); the id it saved (-1 when it saved without one), or None when it
        was cancelled. The editors load on first use, not with the window."""
        dlg = cls(self.w.ctx, *args, parent=self.w)
        try:
            if dlg.exec() != QDialog.DialogCode.Accepted:
                return None
            saved = getattr(dlg, "saved_id", None)
        finally:
            dlg.deleteLater()
        return saved if saved is not None else -1

    def new_application(self) -> None:
        from followup_desktop.ui.dialogs import ApplicationDialog

        saved = self.run_dialog(ApplicationDialog, None)
        if saved is not None:
            self.after_edit(saved if saved >= 0 else None)

    def edit_application(self) -> None:
        from followup_desktop.ui.dialogs import ApplicationDialog

        app_id = self.w.selected_application_id()
        if app_id is None:
            return
        if self.run_dialog(ApplicationDialog, app_id) is not None:
            self.after_edit(app_id)

    def add_round(self) -> None:
        from followup_desktop.ui.dialogs import InterviewDialog

        app_id = self.w.selected_application_id()
        if app_id is None:
            return
        if self.run_dialog(InterviewDialog, app_id, None) is not None:
            self.after_edit(app_id)

    def edit_round(self, interview_id: int) -> None:
        """The round dialog for one round of the selected application."""
        from followup_desktop.ui.dialogs import InterviewDialog

        app_id = self.w.selected_application_id()
        if app_id is None:
            return
        if self.run_dialog(InterviewDialog, app_id, interview_id) is not None:
            self.after_edit(app_id)

    def write_debrief(self) -> None:
        w = self.w
        app_id = w.selected_application_id()
        app = w.ctx.application(app_id) if app_id is not None else None
        if app is None:
            return
        round_id = latest_debrief_round(app, w.ctx.now())
        if round_id is None:
            return
        from followup_desktop.ui.dialogs import DebriefDialog

        if self.run_dialog(DebriefDialog, app.id, round_id) is not None:
            self.after_edit(app.id)

    def open_settings(self) -> None:
        from followup_desktop.ui.dialogs import SettingsDialog

        if self.run_dialog(SettingsDialog) is not None:
            self.after_edit()

    # -- the rest of the menus --------------------------------------------------------------

    def show_help(self) -> None:
        QMessageBox.about(self.w, f"About {APP_NAME}",
                          f"<h3>{APP_NAME} {__version__}</h3>" + HELP_TEXT)

    def export_calendar(self) -> None:
        from followup_desktop.ui.calendar_export import export_calendar

        export_calendar(self.w, self.w.ctx)

    def open_backups(self) -> None:
        from followup_desktop.ui.backups_dialog import open_backups_dialog

        open_backups_dialog(self.w, self.w.ctx)
