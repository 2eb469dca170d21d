"""The main window: the interview table, the calendar with its agenda, and the composer.

It reads everything through the :class:`~followup_desktop.context.AppContext` and writes
through ``ctx.store``; after each write it calls :meth:`MainWindow.refresh`, which updates
the table's rows in place, and emits :attr:`MainWindow.data_changed`.

The window itself (this module) holds only what its first frame needs: the start-up order,
its events and its public calls. Its parts live beside it, one per collaborator, each an
object the window owns:

- :mod:`.layout` -- the saved layout (geometry, splitters, columns, sort, selection); the
  only part loaded with this module, as the first frame is shown at the saved geometry;
- :mod:`.body` -- what is built after the first frame: the panes, the splitters, the
  composer's place; it fills them from the data (``refresh``). It, and what it imports,
  load only once that first frame is on screen (``docs/performance.md``):
- :mod:`.table_pane` -- the "Interviews" title, the search field and the table;
- :mod:`.actions` -- the actions, the menus, the toolbar and the status bar;
- :mod:`.commands` -- what changes the store: record a status, delete, the editors.

Adding a command: its work goes in :class:`.commands.Commands` (a method of the window
names it for menus, the tray and tests), its action in :class:`.actions.WindowActions`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QMainWindow, QWidget

from followup_desktop import APP_NAME
from followup_desktop.ui.main_window.layout import SavedLayout

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Callable, Sequence
    from pathlib import Path

    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QUndoStack
    from PySide6.QtWidgets import (
        QFrame,
        QLabel,
        QLineEdit,
        QMenu,
        QPushButton,
        QSplitter,
        QStackedWidget,
        QTableView,
        QToolBar,
    )

    from followup_desktop.context import AppContext
    from followup_desktop.paths import Paths
    from followup_desktop.records import EventKind, FollowupWindow
    from followup_desktop.ui.calendar_pane import CalendarPane
    from followup_desktop.ui.composer import ComposerPane
    from followup_desktop.ui.expired_bar import ExpiredBar
    from followup_desktop.ui.first_run import FirstRunPane, Launcher
    from followup_desktop.ui.main_window.body import Body, ComposerSlot
    from followup_desktop.ui.main_window.commands import Commands
    from followup_desktop.ui.main_window.table_pane import TablePane
    from followup_desktop.ui.table_model import InterviewTableModel

DROP_SUFFIXES = (".ics", ".csv", ".json")
REFRESH_MS = 60_000


class MainWindow(QMainWindow):
    """Followup's window. See the module docstring."""

    #: emitted after any edit made from this window (and after undo / redo)
    data_changed = Signal()
    #: emitted once the data has been read into the window (after the first paint when
    #: ``defer_load``): the moment to start work that can wait, such as the tray
    loaded = Signal()
    #: emitted (from the event loop) right after the window's first frame is on screen
    first_painted = Signal()

    # The parts, made by body.Body.build (after the first frame for a deferred window).
    undo_stack: QUndoStack
    model: InterviewTableModel
    table_pane: TablePane
    expired_bar: ExpiredBar
    table: QTableView
    search: QLineEdit
    count_label: QLabel
    composer: ComposerPane | ComposerSlot
    calendar_pane: CalendarPane
    left_splitter: QSplitter
    main_splitter: QSplitter
    stack: QStackedWidget
    banner: QFrame
    banner_label: QLabel
    banner_open: QPushButton
    banner_close: QPushButton
    toolbar: QToolBar
    counts_label: QLabel
    filter_label: QLabel
    file_menu: QMenu
    edit_menu: QMenu
    view_menu: QMenu
    help_menu: QMenu
    round_menu: QMenu
    status_menu: QMenu
    table_menu: QMenu
    act_new: QAction
    act_add_round: QAction
    act_import: QAction
    act_quit: QAction
    act_undo: QAction
    act_redo: QAction
    act_edit: QAction
    act_debrief: QAction
    act_delete: QAction
    act_settings: QAction
    act_find: QAction
    act_replied: QAction
    act_rejected: QAction
    act_offer: QAction
    act_withdraw: QAction
    act_refresh: QAction
    act_toggle_calendar: QAction
    act_toggle_composer: QAction
    act_help: QAction
    act_export_calendar: QAction
    act_backups: QAction
    act_templates: QAction
    #: ``confirm(title, text) -> bool``; tests replace it
    confirm: Callable[[str, str], bool]
    body: Body
    commands: Commands

    def __init__(self, ctx: AppContext | None, parent: QWidget | None = None, *,
                 demo_launcher: Launcher | None = None, defer_load: bool = False,
                 paths: Paths | None = None) -> None:
        """``ctx`` None: the window is built, shown and painted before the data is even
        opened (``paths`` gives its saved layout); :meth:`attach` hands it the data."""
        super().__init__(parent)
        self.ctx: AppContext = ctx  # type: ignore[assignment]  # None only until attach()
        self._paths = ctx.paths if ctx is not None else paths
        self.saved_layout = SavedLayout(self)
        self._defer = defer_load or ctx is None
        self._demo_launcher = demo_launcher
        self._built = False  # first: Qt calls changeEvent from the setters below
        self.setObjectName("mainWindow")
        self.setWindowTitle(APP_NAME if self._paths is None else _title(
            self._paths.data_dir, ctx is not None and ctx.store.is_sample_data()))
        self.setAcceptDrops(True)
        self._app_count = 0
        self._agenda: Sequence[FollowupWindow] = ()
        self._now: dt.datetime | None = ctx.now() if ctx is not None else None
        self._painted = False
        self._loaded = False
        self._stale = False
        #: the first frame's empty menus (File, Edit, View, Help), filled by the body
        self._frame_menus: list[QMenu] = []
        self.resize(1200, 760)
        if self._defer:
            # The first frame: the menu bar at the saved geometry. The panes are built
            # right after it is on screen, then the data is read.
            self._build_frame()
        else:
            self._build_body()
            self._initial_load()

        self._tick = QTimer(self)
        self._tick.setInterval(REFRESH_MS)
        self._tick.timeout.connect(self._tick_refresh)
        self._tick.start()

    def _build_frame(self) -> None:
        """The first frame: the menu bar at the saved geometry (the panes follow within a
        moment). Nothing here may touch ``Qt`` or a Qt class the bare window does not use."""
        mb = self.menuBar()
        self._frame_menus = [mb.addMenu(title) for title in ("&File", "&Edit", "&View", "&Help")]
        self.saved_layout.restore_geometry()

    def _build_body(self) -> None:
        """Everything below the menu bar: at once for a window made with its data, after
        the first frame for a deferred one (:mod:`.body` and what it imports load now)."""
        if self._built:
            return
        from followup_desktop.ui.main_window.body import Body
        from followup_desktop.ui.main_window.plan_rows import PlanRows

        self._built = True
        self.plan_rows = PlanRows(self)
        self.body = Body(self, defer=self._defer, demo_launcher=self._demo_launcher)
        self.body.build()

    @property
    def first_run(self) -> FirstRunPane:
        """The first-run page (made on first use: :meth:`Body.first_run`)."""
        self._build_body()
        return self.body.first_run()

    def is_built(self) -> bool:
        """False only while a deferred window shows its first frame."""
        return self._built

    # -- start-up ---------------------------------------------------------------------------

    def attach(self, ctx: AppContext) -> None:
        """Hand a window built with ``ctx=None`` its data; it loads now if it has painted
        (else at its first paint, or when a follow-up is asked for)."""
        self.ctx = ctx
        self._paths = ctx.paths
        if ctx.store.is_sample_data():  # filled by `demo` in any folder, not only "-demo"
            self.setWindowTitle(_title(ctx.paths.data_dir, True))
        if self._built:
            self.calendar_pane.ctx = ctx
            if self.body._first_run is not None:
                self.body._first_run.ctx = ctx
        if self._painted:
            self._initial_load()

    def _initial_load(self) -> None:
        if self._loaded or self.ctx is None:
            return
        self._build_body()
        self._loaded = True
        self.ctx.pack = True  # the window keeps its agenda while it runs: packed in columns
        self.body.install_composer()
        self.refresh()
        QTimer.singleShot(0, self.loaded.emit)
        self.saved_layout.restore()
        self.body.select_first_row()
        self.body.update_actions()

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if self._loaded and self._stale:
            self.refresh()

    def paintEvent(self, event: Any) -> None:
        super().paintEvent(event)
        if not self._painted:
            # The first frame is on screen once this paint is flushed: the panes, the rest
            # of the start-up and the data follow right after.
            self._painted = True
            QTimer.singleShot(0, self._after_first_paint)

    def _after_first_paint(self) -> None:
        if not self._built:
            self._build_body()
            # Widgets added to a shown window would otherwise only be shown from the event
            # loop. They are painted with the data -- or, when the start has to plan (a
            # second or so for years of interviews), first saying "Loading…"
            # (PlanRows.read): a start from the kept plan shows its data a quarter of a
            # second later, and a "Loading…" frame that long is only a flash.
            for part in (self.stack, self.toolbar, self.statusBar()):
                part.show()
        self.first_painted.emit()  # the app opens the data now (attach), if not given yet
        self._initial_load()

    def _tick_refresh(self) -> None:
        """The minute tick: a hidden window (in the tray) only notes that it is stale, and
        catches up when it is shown again, so an idle tray costs no planning."""
        if not self.isVisible():
            self._stale = True
            return
        self.refresh()

    def is_loaded(self) -> bool:
        """False only while a ``defer_load`` window waits for its first paint."""
        return self._loaded

    # -- events -----------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._built:
            self.composer.flush()
        self.save_state()
        super().closeEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if self._built:
            self.body.changed(event)
        super().changeEvent(event)

    @staticmethod
    def _dropped_paths(event: QDragEnterEvent | QDropEvent) -> list[Path]:
        from pathlib import Path

        mime = event.mimeData()
        if not mime.hasUrls():
            return []
        return [Path(u.toLocalFile()) for u in mime.urls()
                if u.isLocalFile() and u.toLocalFile().lower().endswith(DROP_SUFFIXES)]

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._built and self._dropped_paths(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: Any) -> None:
        event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        if not self._built:
            event.ignore()
            return
        paths = self._dropped_paths(event)
        if not paths:
            event.ignore()
            return
        event.acceptProposedAction()
        from followup_desktop.ui import import_actions

        import_actions.handle_drop(self, paths)

    # -- public API -------------------------------------------------------------------------

    def bring_to_front(self) -> None:
        """Show, un-minimise and raise the window (another launch asked for it)."""
        from PySide6.QtCore import Qt

        if self.isMinimized():
            self.setWindowState(self.windowState() & ~Qt.WindowState.WindowMinimized)
        self.show()
        self.raise_()
        self.activateWindow()

    def selected_application_id(self) -> int | None:
        return self.table_pane.selected_application_id()

    def select_application(self, app_id: int) -> bool:
        """Select an application's row (clearing the search if it hides it)."""
        self._initial_load()  # a hidden, not yet loaded window (tray, import) loads now
        return self.table_pane.select_application(app_id)

    def window_for(self, key: str) -> FollowupWindow | None:
        from followup_desktop.schedule.agenda import find_window

        return find_window(self._agenda, key)

    def show_followup(self, window_key: str) -> bool:
        """Select the window's application and show the follow-up in the composer pane."""
        self._initial_load()
        w = self.window_for(window_key)
        if w is None:
            return False
        self.select_application(w.application_id)
        self.composer.set_followup(w, self.ctx.application(w.application_id))
        self.calendar_pane.select_key(window_key)
        if not self.act_toggle_composer.isChecked():
            self.act_toggle_composer.setChecked(True)
        return True

    def refresh(self) -> None:
        """Re-read the context; rows change in place; the selection stays."""
        if not self._loaded:
            self._initial_load()
            return
        self.body.refresh()

    def keep_plan(self) -> bool:
        """Keep the plan on screen (with its rows) in the database now, if it is not kept
        yet: for the next start (the tray-only process, or the next login)."""
        return self._built and self._loaded and self.plan_rows.keep(current=True)

    def save_state(self) -> None:
        """Geometry, splitters, columns, sort and selection, for the next start."""
        if not self._loaded:  # closed before its data arrived: keep what was saved
            return
        self.saved_layout.save()

    def focus_search(self) -> None:
        if self.stack.currentWidget() is not self.body.main_page:
            return
        self.table_pane.focus_search()

    def show_banner(self, text: str, key: str | None = None) -> None:
        """A notice across the top of the window (reminders with no desktop notifications,
        or read-only data); clicking it opens the follow-up when ``key`` is given."""
        self._build_body()
        self.body.show_banner(text, key)

    def show_read_only(self, reason: str) -> None:
        self.show_banner(reason)
        self.banner_close.setVisible(False)

    def data_replaced(self) -> None:
        """The data was put back from a backup: what the undo history would undo is gone
        (and its steps hold the store that was closed), so it is cleared; then re-read."""
        self.undo_stack.clear()
        self.refresh()

    # -- the commands (:mod:`.commands`), by name for menus, the tray and tests -------------

    def _run_store(self, fn: Callable[[], Any]) -> bool:
        """Undo / redo of a :class:`~followup_desktop.ui.store_command.StoreCommand`."""
        return self.commands.run_store(fn)

    def record_status(self, kind: EventKind) -> bool:
        """Record a reply / rejection / verbal offer / withdrawal now; undoable."""
        return self.commands.record_status(kind)

    def delete_selected(self) -> bool:
        return self.commands.delete_selected()

    def new_application(self) -> None:
        self.first_run.skip_profile_if_asked()  # + New past the profile page is its Skip
        self.commands.new_application()

    def edit_application(self) -> None:
        self.commands.edit_application()

    def add_round(self) -> None:
        self.commands.add_round()

    def edit_round(self, interview_id: int) -> None:
        """The round dialog for one round of the selected application."""
        self.commands.edit_round(interview_id)

    def write_debrief(self) -> None:
        self.commands.write_debrief()

    def open_settings(self) -> None:
        self.commands.open_settings()

    def show_help(self) -> None:
        self.commands.show_help()

    def export_calendar(self) -> None:
        self.commands.export_calendar()

    def open_backups(self) -> None:
        self.commands.open_backups()

    def open_templates(self) -> None:
        """Edit › Note templates: the composer's editor, which re-drafts what the user has
        not edited yet when a template changes."""
        self.body.install_composer().edit_template()


__all__ = ["DROP_SUFFIXES", "REFRESH_MS", "MainWindow"]


def _title(data_dir: Any, sample: bool = False) -> str:
    """"Followup", or "Followup — Sample data" on the sample data's folder. Qt appends
    the application's display name to every title that does not end with it: on the
    sample data the display name is that title (dialogs read "… — Followup — Sample
    data"), so the window's title is exactly it."""
    from PySide6.QtGui import QGuiApplication

    from followup_desktop.ui.titles import is_sample_data, window_title

    sample = sample or is_sample_data(data_dir)
    title = window_title(data_dir, sample)
    if sample:
        QGuiApplication.setApplicationDisplayName(title)
    return title
