"""The window's actions, menus, toolbar and status bar, and which actions are enabled.

Each action's work is a method of the window (:mod:`.commands` for what changes the
store); this module only makes the actions, places them and keeps them enabled or not.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QPoint, QSize, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMenu, QToolBar

from followup_desktop.records import EventKind, Status
from followup_desktop.ui import import_actions
from followup_desktop.ui.icons import icon
from followup_desktop.ui.table_model import FORMAT_LABELS, latest_debrief_round

if TYPE_CHECKING:
    from followup_desktop.ui.main_window import MainWindow

#: (action attribute, EventKind value, menu text, toolbar text, icon)
STATUS_ACTIONS: tuple[tuple[str, str, str, str, str], ...] = (
    ("act_replied", "reply", "They replied", "Replied", "reply"),
    ("act_rejected", "rejected", "Rejected", "Rejected", "rejected"),
    ("act_offer", "verbal-offer", "Verbal offer", "Offer", "offer"),
    ("act_withdraw", "withdrawn", "Withdraw", "Withdraw", "withdraw"),
)


def status_label(kind: EventKind) -> str:
    """The menu text of a status action ("They replied" ...)."""
    return next(t for _n, k, t, _s, _i in STATUS_ACTIONS if k == kind.value)


class WindowActions:
    """Makes the window's actions (``w.act_*``), menus (``w.file_menu`` ...), toolbar and
    status bar labels, and enables them for the selected row."""

    def __init__(self, w: MainWindow) -> None:
        self.w = w
        #: (action, icon name): re-tinted when the palette changes
        self.iconed: list[tuple[QAction, str]] = []

    def build(self) -> None:
        self._build_actions()
        self._build_extra_actions()
        self._build_menus_and_toolbar()
        self._build_status_bar()
        self._install_import_hook()

    def action(self, text: str, icon_name: str | None = None, shortcut: Any = None,
               slot: Callable[..., Any] | None = None, tip: str = "",
               short: str = "") -> QAction:
        act = QAction(text, self.w)
        if icon_name:
            act.setIcon(icon(icon_name))
            self.iconed.append((act, icon_name))
        if shortcut is not None:
            act.setShortcut(QKeySequence(shortcut))
        if tip:
            act.setToolTip(tip)
            act.setStatusTip(tip)
        if short:
            act.setIconText(short)
        if slot is not None:
            act.triggered.connect(slot)
        return act

    def _build_actions(self) -> None:
        self._build_file_and_edit_actions()
        self._build_status_actions()
        self._build_view_and_help_actions()
        w = self.w
        w.addActions([w.act_find, w.act_refresh, w.act_help])

    def _build_file_and_edit_actions(self) -> None:
        w, action = self.w, self.action
        w.act_new = action("&New application…", "new", QKeySequence.StandardKey.New,
                           w.new_application, "Add a company and role you "
                           "are interviewing for", "New")
        w.act_add_round = action("Add &round…", "add-round", "Ctrl+Shift+N",
                                 w.add_round, "Add an interview round to the "
                                 "selected application", "Add round")
        w.act_import = action("&Import…", "import", "Ctrl+I", None,
                              "Import interviews from a calendar (.ics), CSV or "
                              "Followup JSON file")
        w.act_quit = action("&Quit", "quit", QKeySequence.StandardKey.Quit, w.close)
        w.act_quit.setMenuRole(QAction.MenuRole.QuitRole)

        w.act_undo = w.undo_stack.createUndoAction(w, "&Undo")
        w.act_undo.setShortcut(QKeySequence.StandardKey.Undo)
        w.act_undo.setIcon(icon("undo"))
        self.iconed.append((w.act_undo, "undo"))
        w.act_redo = w.undo_stack.createRedoAction(w, "&Redo")
        w.act_redo.setShortcut(QKeySequence.StandardKey.Redo)
        w.act_edit = action("&Edit application…", "edit", "F2",
                            w.edit_application, "Edit the selected application "
                            "and its rounds", "Edit")
        w.act_debrief = action("Write &debrief…", "debrief", "Ctrl+D",
                               w.write_debrief, "Note talking points, the "
                               "decision timeline and promises from the latest "
                               "round", "Debrief")
        w.act_delete = action("&Delete application", "delete",
                              QKeySequence.StandardKey.Delete, w.delete_selected,
                              "Delete the selected application (Ctrl+Z undoes)",
                              "Delete")
        w.act_delete.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        w.act_settings = action("&Settings…", "settings", "Ctrl+,",
                                w.open_settings, "Your profile and the schedule's "
                                "numbers")
        w.act_settings.setMenuRole(QAction.MenuRole.PreferencesRole)
        w.act_find = action("&Find", "search", QKeySequence.StandardKey.Find,
                            w.focus_search, "Search the interviews")

    def _build_status_actions(self) -> None:
        """They replied, Rejected, Verbal offer, Withdraw (:data:`STATUS_ACTIONS`)."""
        w, action = self.w, self.action
        for name, kind_value, text, short, icon_name in STATUS_ACTIONS:
            kind = EventKind(kind_value)
            act = action(text, icon_name, None, None,
                         f"Record “{text.lower()}” for the selected application and "
                         "re-plan its follow-ups", short)
            act.triggered.connect(lambda _=False, k=kind: w.record_status(k))
            setattr(w, name, act)

    def _build_view_and_help_actions(self) -> None:
        w, action = self.w, self.action
        w.act_refresh = action("&Refresh", "refresh", QKeySequence.StandardKey.Refresh,
                               w.refresh, "Read the data again")
        if w.act_refresh.shortcut().isEmpty():
            w.act_refresh.setShortcut(QKeySequence("F5"))
        w.act_toggle_calendar = action("&Calendar and agenda")
        w.act_toggle_calendar.setCheckable(True)
        w.act_toggle_calendar.setChecked(True)
        w.act_toggle_calendar.setShortcut(QKeySequence("Ctrl+1"))
        w.act_toggle_calendar.toggled.connect(w.calendar_pane.setVisible)
        w.act_toggle_composer = action("&Follow-up pane")
        w.act_toggle_composer.setCheckable(True)
        w.act_toggle_composer.setChecked(True)
        w.act_toggle_composer.setShortcut(QKeySequence("Ctrl+2"))
        w.act_toggle_composer.toggled.connect(w.body.composer_frame.setVisible)
        w.act_help = action("&Help and About", "help",
                            QKeySequence.StandardKey.HelpContents, w.show_help)
        if w.act_help.shortcut() != QKeySequence("F1"):
            w.act_help.setShortcuts([w.act_help.shortcut(), QKeySequence("F1")]
                                    if not w.act_help.shortcut().isEmpty()
                                    else [QKeySequence("F1")])
        w.act_help.setMenuRole(QAction.MenuRole.AboutRole)

    def _build_extra_actions(self) -> None:
        """Actions whose work lives in other modules: calendar export, backups, templates."""
        w = self.w
        w.act_export_calendar = self.action("Export to &calendar…")
        w.act_export_calendar.setStatusTip("Save the pending follow-ups as an .ics file "
                                           "for your phone's calendar")
        w.act_export_calendar.triggered.connect(w.export_calendar)
        w.act_backups = self.action("&Backups…")
        w.act_backups.setStatusTip("See the automatic backups and restore one")
        w.act_backups.triggered.connect(w.open_backups)
        w.act_edit_round = self.action(
            "Edit r&ound…", "edit", "Ctrl+Shift+E", self.edit_latest_round,
            "Edit the latest round of the selected application: time, people, talking "
            "points, promises", "Edit round")
        w.act_agenda = self.action("Go to the &agenda", None, "Ctrl+Shift+A",
                                   self.focus_agenda, "Move the keyboard focus to the agenda")
        w.act_shortcuts = self.action("&Keyboard shortcuts", None, "Ctrl+/",
                                      self.show_shortcuts, "Every key Followup knows")
        w.addActions([w.act_edit_round, w.act_agenda, w.act_shortcuts])
        w.act_templates = self.action("Note &templates…")
        w.act_templates.setStatusTip("Edit the wording Followup starts your notes from")
        w.act_templates.triggered.connect(w.open_templates)

    def _menu(self, title: str) -> QMenu:
        """The frame's menu of that title (a deferred window made it empty), else a new one."""
        for menu in self.w._frame_menus:
            if menu.title() == title:
                return menu
        menu = self.w.menuBar().addMenu(title)
        assert menu is not None
        return menu

    def _build_menus_and_toolbar(self) -> None:
        self._build_file_menu()
        self._build_edit_menu()
        self._build_toolbar()
        self._build_view_and_help_menus()
        self._build_table_menu()

    def _build_file_menu(self) -> None:
        w = self.w
        w.file_menu = self._menu("&File")
        w.file_menu.addAction(w.act_new)
        w.file_menu.addAction(w.act_add_round)
        w.file_menu.addSeparator()
        w.file_menu.addAction(w.act_import)
        w.file_menu.addAction(w.act_export_calendar)
        w.file_menu.addSeparator()
        w.file_menu.addAction(w.act_backups)
        w.file_menu.addSeparator()
        w.file_menu.addAction(w.act_quit)

    def _build_edit_menu(self) -> None:
        w = self.w
        w.edit_menu = self._menu("&Edit")
        w.edit_menu.addAction(w.act_undo)
        w.edit_menu.addAction(w.act_redo)
        w.edit_menu.addSeparator()
        w.edit_menu.addAction(w.act_edit)
        w.edit_menu.addAction(w.act_edit_round)
        w.round_menu = QMenu("Edit an earlier ro&und", w)
        w.round_menu.setToolTipsVisible(True)
        w.round_menu.menuAction().setStatusTip("Change a round of the selected "
                                               "application: time, people, promises")
        w.round_menu.aboutToShow.connect(self.fill_round_menu)
        w.edit_menu.addMenu(w.round_menu)
        w.edit_menu.addAction(w.act_debrief)
        w.status_menu = w.edit_menu.addMenu("Record &status")
        for name, *_ in STATUS_ACTIONS:
            w.status_menu.addAction(getattr(w, name))
        w.edit_menu.addAction(w.act_delete)
        w.edit_menu.addSeparator()
        w.edit_menu.addAction(w.act_find)
        w.edit_menu.addSeparator()
        w.edit_menu.addAction(w.act_templates)
        w.edit_menu.addAction(w.act_settings)

    def _build_toolbar(self) -> None:
        w = self.w
        w.toolbar = tb = QToolBar("Main toolbar", w)
        tb.setObjectName("mainToolbar")
        tb.setMovable(False)
        tb.setIconSize(QSize(18, 18))
        tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        tb.setAccessibleName("Main toolbar")
        tb.addAction(w.act_new)
        tb.addAction(w.act_add_round)
        tb.addAction(w.act_edit_round)
        tb.addAction(w.act_edit)
        tb.addAction(w.act_debrief)
        tb.addSeparator()
        for name, *_ in STATUS_ACTIONS:
            tb.addAction(getattr(w, name))
        tb.addSeparator()
        tb.addAction(w.act_delete)
        w.addToolBar(Qt.ToolBarArea.TopToolBarArea, tb)

    def _build_view_and_help_menus(self) -> None:
        w = self.w
        w.view_menu = self._menu("&View")
        w.view_menu.addAction(w.act_toggle_calendar)
        w.view_menu.addAction(w.act_toggle_composer)
        tb = w.toolbar.toggleViewAction()
        tb.setText("&Toolbar")
        w.view_menu.addAction(tb)
        w.view_menu.addSeparator()
        w.view_menu.addAction(w.act_agenda)
        w.view_menu.addAction(w.act_refresh)

        w.help_menu = self._menu("&Help")
        w.help_menu.addAction(w.act_shortcuts)
        w.help_menu.addAction(w.act_help)

    def _build_table_menu(self) -> None:
        w = self.w
        w.table_menu = QMenu(w)
        w.table_menu.addAction(w.act_edit)
        w.table_menu.addAction(w.act_edit_round)
        w.table_menu.addMenu(w.round_menu)
        w.table_menu.addAction(w.act_add_round)
        w.table_menu.addAction(w.act_debrief)
        w.table_menu.addSeparator()
        for name, *_ in STATUS_ACTIONS:
            w.table_menu.addAction(getattr(w, name))
        w.table_menu.addSeparator()
        w.table_menu.addAction(w.act_delete)

    def _build_status_bar(self) -> None:
        w = self.w
        w.counts_label = QLabel(w)
        w.counts_label.setAccessibleName("Summary")
        w.filter_label = QLabel(w)
        w.filter_label.setAccessibleName("Search results")
        sb = w.statusBar()
        sb.addWidget(w.counts_label, 1)
        sb.addPermanentWidget(w.filter_label)
        sb.setSizeGripEnabled(True)

    def _install_import_hook(self) -> None:
        """File › Import…, Export CSV…, Activity report… (:mod:`~followup_desktop.ui.
        import_actions`: the window is its :class:`~followup_desktop.ui.import_actions.
        ImportHost`)."""
        import_actions.install(self.w)

    # -- while it runs ----------------------------------------------------------------------

    def table_menu_at(self, pos: QPoint) -> None:
        """The table's context menu, for the row under ``pos``."""
        w = self.w
        ix = w.table.indexAt(pos)
        if ix.isValid():
            w.table.selectRow(ix.row())
        self.update()
        w.table_menu.popup(w.table.viewport().mapToGlobal(pos))

    def update(self) -> None:
        """Enable what applies to the selected row."""
        w = self.w
        app_id = w.selected_application_id()
        has = app_id is not None
        for act in (w.act_add_round, w.act_edit, w.act_delete):
            act.setEnabled(has)
        app = w.ctx.application(app_id) if has else None  # type: ignore[arg-type]
        w.round_menu.setEnabled(app is not None and bool(app.interviews))
        w.act_edit_round.setEnabled(app is not None and bool(app.interviews))
        row = w.model.row_for(app_id) if app_id is not None else None
        status = row.status if row is not None else None
        ended = (app is not None and w._now is not None
                 and latest_debrief_round(app, w._now) is not None)
        w.act_debrief.setEnabled(ended)
        invite = row is not None and row.debrief
        w.act_debrief.setText("Write &debrief…" if not invite else "Write &debrief… (due)")
        terminal = status in (Status.REJECTED, Status.WITHDRAWN)
        w.act_replied.setEnabled(has and app is not None and bool(app.interviews))
        w.act_rejected.setEnabled(has and status is not Status.REJECTED)
        w.act_offer.setEnabled(has and not terminal and status is not Status.OFFER)
        w.act_withdraw.setEnabled(has and status is not Status.WITHDRAWN)

    def latest_round_id(self) -> int | None:
        """The round "Edit round" opens: the latest that has begun, else the latest."""
        w = self.w
        app_id = w.selected_application_id()
        app = w.ctx.application(app_id) if app_id is not None else None
        if app is None or not app.interviews:
            return None
        now = w.ctx.now()
        begun = [iv for iv in app.interviews if iv.start <= now]
        return max(begun or app.interviews, key=lambda iv: iv.start).id

    def edit_latest_round(self) -> None:
        rid = self.latest_round_id()
        if rid is not None:
            self.w.edit_round(rid)

    def focus_agenda(self) -> None:
        w = self.w
        if not w.act_toggle_calendar.isChecked():
            w.act_toggle_calendar.setChecked(True)
        view = w.calendar_pane.agenda_view
        view.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if not view.currentIndex().isValid() and view.model() is not None \
                and view.model().rowCount() > 0:
            view.setCurrentIndex(view.model().index(0, 0))

    def shortcut_rows(self) -> list[tuple[str, str]]:
        """(keys, what they do) for Help › Keyboard shortcuts: the window's actions and
        the composer's keys, in menu order."""
        w = self.w
        rows: list[tuple[str, str]] = []
        seen: set[str] = set()
        menus = [w.file_menu, w.edit_menu, w.view_menu, w.help_menu]
        for menu in menus:
            for act in _all_actions(menu):
                keys = ", ".join(k.toString(QKeySequence.SequenceFormat.NativeText)
                                 for k in act.shortcuts() if not k.isEmpty())
                if keys and act.text() not in seen:
                    seen.add(act.text())
                    rows.append((keys, act.text().replace("&", "").rstrip("…").strip()))
        for keys, what in getattr(w.composer, "SHORTCUTS", ()):
            native = QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText)
            rows.append((native, what))
        rows.append(("Tab, Shift+Tab", "Move between the table, the follow-up pane and the "
                                       "calendar (arrow keys move inside the table)"))
        return rows

    def show_shortcuts(self) -> None:
        from followup_desktop.ui.main_window.shortcuts import ShortcutsDialog

        dlg = ShortcutsDialog(self.shortcut_rows(), self.w)
        dlg.exec()

    def fill_round_menu(self) -> None:
        """One entry per round of the selected application, the latest first."""
        w = self.w
        w.round_menu.clear()
        app_id = w.selected_application_id()
        app = w.ctx.application(app_id) if app_id is not None else None
        if app is None or not app.interviews:
            w.round_menu.addAction("No rounds yet").setEnabled(False)
            return
        tz = w.ctx.tz()
        for iv in reversed(app.interviews):
            local = iv.start.astimezone(tz)
            fmt = FORMAT_LABELS.get(iv.format.value, iv.format.value)
            people = ", ".join(p.person.name for p in iv.participants)
            act = w.round_menu.addAction(f"{local:%a %d %b %Y %H:%M} · {fmt}…")
            act.setToolTip(people or "No people recorded")
            act.triggered.connect(lambda _=False, i=iv.id: w.edit_round(i))


def _all_actions(menu: QMenu) -> list[QAction]:
    out: list[QAction] = []
    for act in menu.actions():
        sub = act.menu()
        if sub is not None:
            out.extend(_all_actions(sub))
        elif not act.isSeparator():
            out.append(act)
    return out
