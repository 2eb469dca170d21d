"""The main window: the interview table, the calendar with its agenda, and the composer.

It reads everything through the :class:`~followup_desktop.context.AppContext` and writes
through ``ctx.store``; after each write it calls :meth:`MainWindow.refresh`, which updates
the table's rows in place, and emits :attr:`MainWindow.data_changed`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QMainWindow, QWidget

from followup_desktop import APP_NAME, __version__

if TYPE_CHECKING:
    import datetime as dt
    import importlib
    from collections.abc import Callable, Sequence
    from pathlib import Path
    from types import ModuleType

    from PySide6.QtCore import (
        QByteArray,
        QEvent,
        QItemSelectionModel,
        QModelIndex,
        QPoint,
        QSettings,
        QSize,
        Qt,
    )
    from PySide6.QtGui import (
        QAction,
        QCloseEvent,
        QDragEnterEvent,
        QDropEvent,
        QFont,
        QKeySequence,
        QPalette,
        QUndoStack,
    )
    from PySide6.QtWidgets import (
        QAbstractItemView,
        QDialog,
        QFrame,
        QHBoxLayout,
        QHeaderView,
        QLabel,
        QLineEdit,
        QMenu,
        QMessageBox,
        QPushButton,
        QSplitter,
        QStackedWidget,
        QTableView,
        QToolBar,
        QVBoxLayout,
    )

    from followup_desktop.context import AppContext
    from followup_desktop.paths import Paths
    from followup_desktop.records import Application, EventKind, Status, Window, WindowState
    from followup_desktop.schedule.agenda import find_window, state_counts
    from followup_desktop.store.errors import StoreError
    from followup_desktop.ui.calendar_pane import CalendarPane, interview_days
    from followup_desktop.ui.composer import ComposerPane
    from followup_desktop.ui.first_run import FirstRunPane, Launcher
    from followup_desktop.ui.icons import icon
    from followup_desktop.ui.store_command import StoreCommand
    from followup_desktop.ui.table_model import (
        COL_COMPANY,
        COL_LATEST,
        COL_NEXT,
        COL_PEOPLE,
        COL_ROLE,
        COL_STATUS,
        FORMAT_LABELS,
        InterviewFilterProxy,
        InterviewTableModel,
        Row,
        latest_debrief_round,
        row_for,
    )


def _import_body() -> None:
    """Bind, in this module, the names the full window uses (the list above).

    The first frame is painted without them: PySide6 creates each Qt class's Python type on
    first use (about a millisecond each, dozens here; the ``Qt`` namespace alone builds about
    100 enum classes, ~20 ms), and the records, the table model and the panes build their
    classes on import. Together that is most of the time between a
    bare window's first frame and ours (``bench/``), so it runs right after that frame
    instead (:meth:`MainWindow._build_body`).
    """
    g = globals()
    if g.get("_BODY_BOUND"):
        return
    import datetime as dt  # noqa: F401
    import importlib  # noqa: F401
    from collections.abc import Callable, Sequence  # noqa: F401
    from pathlib import Path  # noqa: F401
    from types import ModuleType  # noqa: F401

    from PySide6.QtCore import (  # noqa: F401
        QByteArray,
        QEvent,
        QItemSelectionModel,
        QModelIndex,
        QPoint,
        QSettings,
        QSize,
        Qt,
    )
    from PySide6.QtGui import (  # noqa: F401
        QAction,
        QCloseEvent,
        QDragEnterEvent,
        QDropEvent,
        QFont,
        QKeySequence,
        QPalette,
        QUndoStack,
    )
    from PySide6.QtWidgets import (  # noqa: F401
        QAbstractItemView,
        QDialog,
        QFrame,
        QHBoxLayout,
        QHeaderView,
        QLabel,
        QLineEdit,
        QMenu,
        QMessageBox,
        QPushButton,
        QSplitter,
        QStackedWidget,
        QTableView,
        QToolBar,
        QVBoxLayout,
    )

    from followup_desktop.records import (  # noqa: F401
        Application,
        EventKind,
        Status,
        Window,
        WindowState,
    )
    from followup_desktop.schedule.agenda import find_window, state_counts  # noqa: F401
    from followup_desktop.store.errors import StoreError  # noqa: F401
    from followup_desktop.ui.calendar_pane import (  # noqa: F401
        CalendarPane,
        interview_days,
    )
    from followup_desktop.ui.first_run import FirstRunPane  # noqa: F401
    from followup_desktop.ui.icons import icon  # noqa: F401
    from followup_desktop.ui.store_command import StoreCommand  # noqa: F401
    from followup_desktop.ui.table_model import (  # noqa: F401
        COL_COMPANY,
        COL_LATEST,
        COL_NEXT,
        COL_PEOPLE,
        COL_ROLE,
        COL_STATUS,
        FORMAT_LABELS,
        InterviewFilterProxy,
        InterviewTableModel,
        Row,
        latest_debrief_round,
        row_for,
    )

    g.update({k: v for k, v in locals().items() if k != "g"})
    g["_BODY_BOUND"] = True


class _ComposerSlot(QWidget):
    """Holds the composer's place until the first frame is on screen: the composer (and
    Jinja2, the spelling list, the .eml and .ics writers behind it) load right after.
    Anything asked of it meanwhile is remembered or harmless."""

    changed = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.body = self
        self.current_window: Window | None = None
        self.current_app: Application | None = None

    def set_followup(self, window: Window | None, app: Application | None) -> None:
        self.current_window, self.current_app = window, app

    def flush(self) -> bool:
        return True

    def shutdown(self) -> bool:
        return True


DROP_SUFFIXES = (".ics", ".csv", ".json")
REFRESH_MS = 60_000
STATE_VERSION = 1

#: (action attribute, EventKind value, menu text, toolbar text, icon)
_STATUS_ACTIONS: tuple[tuple[str, str, str, str, str], ...] = (
    ("act_replied", "reply", "They replied", "Replied", "reply"),
    ("act_rejected", "rejected", "Rejected", "Rejected", "rejected"),
    ("act_offer", "verbal-offer", "Verbal offer", "Offer", "offer"),
    ("act_withdraw", "withdrawn", "Withdraw", "Withdraw", "withdraw"),
)


def _import_actions() -> ModuleType | None:
    try:
        return importlib.import_module("followup_desktop.ui.import_actions")
    except ModuleNotFoundError as exc:
        if exc.name != "followup_desktop.ui.import_actions":
            raise
        return None


class MainWindow(QMainWindow):
    """Followup's window. See the module docstring."""

    #: emitted after any edit made from this window (and after undo / redo)
    data_changed = Signal()
    #: emitted once the data has been read into the window (after the first paint when
    #: ``defer_load``): the moment to start work that can wait, such as the tray
    loaded = Signal()
    #: emitted (from the event loop) right after the window's first frame is on screen
    first_painted = Signal()

    def __init__(self, ctx: AppContext | None, parent: QWidget | None = None, *,
                 demo_launcher: Launcher | None = None, defer_load: bool = False,
                 paths: Paths | None = None) -> None:
        """``ctx`` None: the window is built, shown and painted before the data is even
        opened (``paths`` gives its saved layout); :meth:`attach` hands it the data."""
        super().__init__(parent)
        self.ctx: AppContext = ctx  # type: ignore[assignment]  # None only until attach()
        self._paths = ctx.paths if ctx is not None else paths
        self._defer = defer_load or ctx is None
        self._demo_launcher = demo_launcher
        self._built = False  # first: Qt calls changeEvent from the setters below
        self.setObjectName("mainWindow")
        self.setWindowTitle(APP_NAME)
        self.setAcceptDrops(True)
        self._app_count = 0
        self._agenda: Sequence[Window] = ()
        self._now: dt.datetime | None = ctx.now() if ctx is not None else None
        self._painted = False
        self._loaded = False
        self._restoring = False
        self._stale = False
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
        self._restore_geometry()

    def _build_body(self) -> None:
        """Everything below the menu bar: at once for a window made with its data, after
        the first frame for a deferred one."""
        if self._built:
            return
        _import_body()
        self._built = True
        #: ``confirm(title, text) -> bool``; tests replace it
        self.confirm: Callable[[str, str], bool] = self._ask
        ctx = self.ctx

        self.undo_stack = QUndoStack(self)
        self.model = InterviewTableModel(self)
        self.proxy = InterviewFilterProxy(self)
        self.proxy.setSourceModel(self.model)

        self._build_table_pane()
        self.composer: ComposerPane | _ComposerSlot = (
            _ComposerSlot(self) if self._defer else self._make_composer())
        self.calendar_pane = CalendarPane(ctx, self)
        self.calendar_pane.setObjectName("calendarPane")
        self.first_run = FirstRunPane(ctx, self, launcher=self._demo_launcher)

        self.left_splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.left_splitter.setObjectName("leftSplitter")
        self.left_splitter.addWidget(self.table_pane)
        self._composer_frame = self._framed(self.composer)
        self.left_splitter.addWidget(self._composer_frame)
        self.left_splitter.setChildrenCollapsible(False)
        self.left_splitter.setStretchFactor(0, 3)
        self.left_splitter.setStretchFactor(1, 2)
        self.main_splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.main_splitter.setObjectName("mainSplitter")
        self.main_splitter.addWidget(self.left_splitter)
        self.main_splitter.addWidget(self.calendar_pane)
        self.main_splitter.setChildrenCollapsible(False)
        self.main_splitter.setStretchFactor(0, 1)
        self.main_splitter.setStretchFactor(1, 0)

        main_page = QWidget(self)
        page_lay = QVBoxLayout(main_page)
        page_lay.setContentsMargins(8, 6, 8, 4)
        page_lay.addWidget(self._build_banner())
        page_lay.addWidget(self.main_splitter)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.first_run)
        self.stack.addWidget(main_page)
        self._main_page = main_page
        self.setCentralWidget(self.stack)

        self._build_actions()
        self._build_extra_actions()
        self._build_menus_and_toolbar()
        self._build_status_bar()
        self._install_import_hook()
        self._set_tab_order()
        self._connect()

        self.main_splitter.setSizes([850, 350])
        self.left_splitter.setSizes([330, 400])
        if self._defer:
            # Shown before the data is read: the rows follow in a moment.
            self.stack.setCurrentWidget(self._main_page)
            self.counts_label.setText("Loading…")
            self._restore_splitters()

    def is_built(self) -> bool:
        """False only while a deferred window shows its first frame."""
        return self._built

    # -- construction -----------------------------------------------------------------------

    @staticmethod
    def _framed(widget: QWidget) -> QWidget:
        from PySide6.QtWidgets import QFrame

        frame = QFrame()
        frame.setFrameShape(QFrame.Shape.StyledPanel)
        lay = QVBoxLayout(frame)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(widget)
        return frame

    def _build_table_pane(self) -> None:
        pane = QWidget(self)
        pane.setObjectName("tablePane")
        title = QLabel("Interviews", pane)
        f = QFont(title.font())
        f.setPointSizeF(f.pointSizeF() * 1.25)
        f.setWeight(QFont.Weight.DemiBold)
        title.setFont(f)
        self.count_label = QLabel(pane)
        self.count_label.setForegroundRole(self.count_label.foregroundRole())
        from PySide6.QtGui import QPalette

        self.count_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)

        self.search = QLineEdit(pane)
        self.search.setObjectName("search")
        self.search.setPlaceholderText("Search company, role, people, notes")
        self.search.setClearButtonEnabled(True)
        self.search.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.search.setAccessibleName("Search interviews")
        self.search.setAccessibleDescription(
            "Filters the table by company, role, people and notes as you type")
        self.search.setMinimumWidth(260)
        self.search.setMaximumWidth(380)
        clear = QAction(self.search)
        clear.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        clear.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        clear.triggered.connect(self.search.clear)
        self.search.addAction(clear)

        head = QHBoxLayout()
        head.setContentsMargins(2, 0, 0, 0)
        head.setSpacing(10)
        head.addWidget(title)
        head.addWidget(self.count_label, 0, Qt.AlignmentFlag.AlignBaseline)
        head.addStretch(1)
        head.addWidget(self.search)

        table = QTableView(pane)
        table.setObjectName("interviewTable")
        table.setModel(self.proxy)
        table.setAccessibleName("Interviews")
        table.setAccessibleDescription("One row per application; the next follow-up is last")
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.setShowGrid(False)
        table.setWordWrap(False)
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        table.setCornerButtonEnabled(False)
        table.setIconSize(QSize(16, 16))
        vh = table.verticalHeader()
        vh.setVisible(False)
        vh.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vh.setDefaultSectionSize(max(28, table.fontMetrics().height() + 12))
        hh = table.horizontalHeader()
        hh.setHighlightSections(False)
        hh.setStretchLastSection(True)
        hh.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        hh.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        hh.setMinimumSectionSize(60)
        for col, width in ((COL_COMPANY, 160), (COL_ROLE, 150), (COL_LATEST, 140),
                           (COL_PEOPLE, 140), (COL_STATUS, 92), (COL_NEXT, 180)):
            table.setColumnWidth(col, width)
        hh.setSortIndicator(COL_NEXT, Qt.SortOrder.AscendingOrder)
        table.setSortingEnabled(True)
        self.table = table

        lay = QVBoxLayout(pane)
        lay.setContentsMargins(0, 0, 0, 4)
        lay.setSpacing(8)
        lay.addLayout(head)
        lay.addWidget(table, 1)
        self.table_pane = pane

    def _action(self, text: str, icon_name: str | None = None, shortcut: Any = None,
                slot: Callable[..., Any] | None = None, tip: str = "",
                short: str = "") -> QAction:
        act = QAction(text, self)
        if icon_name:
            act.setIcon(icon(icon_name))
            self._iconed.append((act, icon_name))
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
        self._iconed: list[tuple[QAction, str]] = []
        self.act_new = self._action("&New application…", "new", QKeySequence.StandardKey.New,
                                    self.new_application, "Add a company and role you "
                                    "are interviewing for", "New")
        self.act_add_round = self._action("Add &round…", "add-round", "Ctrl+Shift+N",
                                          self.add_round, "Add an interview round to the "
                                          "selected application", "Add round")
        self.act_import = self._action("&Import…", "import", "Ctrl+I", None,
                                       "Import interviews from a calendar (.ics), CSV or "
                                       "Followup JSON file")
        self.act_quit = self._action("&Quit", "quit", QKeySequence.StandardKey.Quit, self.close)
        self.act_quit.setMenuRole(QAction.MenuRole.QuitRole)

        self.act_undo = self.undo_stack.createUndoAction(self, "&Undo")
        self.act_undo.setShortcut(QKeySequence.StandardKey.Undo)
        self.act_undo.setIcon(icon("undo"))
        self._iconed.append((self.act_undo, "undo"))
        self.act_redo = self.undo_stack.createRedoAction(self, "&Redo")
        self.act_redo.setShortcut(QKeySequence.StandardKey.Redo)
        self.act_edit = self._action("&Edit application…", "edit", "F2",
                                     self.edit_application, "Edit the selected application "
                                     "and its rounds", "Edit")
        self.act_debrief = self._action("Write &debrief…", "debrief", "Ctrl+D",
                                        self.write_debrief, "Note talking points, the "
                                        "decision timeline and promises from the latest "
                                        "round", "Debrief")
        self.act_delete = self._action("&Delete application", "delete",
                                       QKeySequence.StandardKey.Delete, self.delete_selected,
                                       "Delete the selected application (Ctrl+Z undoes)",
                                       "Delete")
        self.act_delete.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.act_settings = self._action("&Settings…", "settings", "Ctrl+,",
                                         self.open_settings, "Your profile and the schedule's "
                                         "numbers")
        self.act_settings.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.act_find = self._action("&Find", "search", QKeySequence.StandardKey.Find,
                                     self.focus_search, "Search the interviews")
        for name, kind_value, text, short, icon_name in _STATUS_ACTIONS:
            kind = EventKind(kind_value)
            act = self._action(text, icon_name, None, None,
                               f"Record “{text.lower()}” for the selected application and "
                               "re-plan its follow-ups", short)
            act.triggered.connect(lambda _=False, k=kind: self.record_status(k))
            setattr(self, name, act)

        self.act_refresh = self._action("&Refresh", "refresh", QKeySequence.StandardKey.Refresh,
                                        self.refresh, "Read the data again")
        if self.act_refresh.shortcut().isEmpty():
            self.act_refresh.setShortcut(QKeySequence("F5"))
        self.act_toggle_calendar = self._action("&Calendar and agenda")
        self.act_toggle_calendar.setCheckable(True)
        self.act_toggle_calendar.setChecked(True)
        self.act_toggle_calendar.setShortcut(QKeySequence("Ctrl+1"))
        self.act_toggle_calendar.toggled.connect(self.calendar_pane.setVisible)
        self.act_toggle_composer = self._action("&Follow-up pane")
        self.act_toggle_composer.setCheckable(True)
        self.act_toggle_composer.setChecked(True)
        self.act_toggle_composer.setShortcut(QKeySequence("Ctrl+2"))
        self.act_toggle_composer.toggled.connect(
            lambda on: self.left_splitter.widget(1).setVisible(on))
        self.act_help = self._action("&Help and About", "help",
                                     QKeySequence.StandardKey.HelpContents, self.show_help)
        if self.act_help.shortcut() != QKeySequence("F1"):
            self.act_help.setShortcuts([self.act_help.shortcut(), QKeySequence("F1")]
                                       if not self.act_help.shortcut().isEmpty()
                                       else [QKeySequence("F1")])
        self.act_help.setMenuRole(QAction.MenuRole.AboutRole)
        self.addActions([self.act_find, self.act_refresh, self.act_help])

    def _build_extra_actions(self) -> None:
        """Actions whose work lives in other modules: calendar export, backups, templates."""
        self.act_export_calendar = self._action("Export to &calendar…")
        self.act_export_calendar.setStatusTip("Save the pending follow-ups as an .ics file "
                                              "for your phone's calendar")
        self.act_export_calendar.triggered.connect(self.export_calendar)
        self.act_backups = self._action("&Backups…")
        self.act_backups.setStatusTip("See the automatic backups and restore one")
        self.act_backups.triggered.connect(self.open_backups)
        self.act_templates = self._action("Note &templates…")
        self.act_templates.setStatusTip("Edit the wording Followup starts your notes from")
        self.act_templates.triggered.connect(self.open_templates)

    def export_calendar(self) -> None:
        from followup_desktop.ui.calendar_export import export_calendar

        export_calendar(self, self.ctx)

    def open_backups(self) -> None:
        from followup_desktop.ui.backups_dialog import open_backups_dialog

        open_backups_dialog(self, self.ctx)

    def data_replaced(self) -> None:
        """The data was put back from a backup: what the undo history would undo is gone
        (and its steps hold the store that was closed), so it is cleared; then re-read."""
        self.undo_stack.clear()
        self.refresh()

    def open_templates(self) -> None:
        """Edit › Note templates: the composer's editor, which re-drafts what the user has
        not edited yet when a template changes."""
        self._install_composer()
        self.composer.edit_template()

    def show_banner(self, text: str, key: str | None = None) -> None:
        """A notice across the top of the window (reminders with no desktop notifications,
        or read-only data); clicking it opens the follow-up when ``key`` is given."""
        self._build_body()
        self.banner_label.setText(text)
        self._banner_key = key
        self.banner_open.setVisible(key is not None)
        self.banner.setVisible(True)

    def show_read_only(self, reason: str) -> None:
        self.show_banner(reason)
        self.banner_close.setVisible(False)

    def _banner_clicked(self) -> None:
        if self._banner_key:
            self.show_followup(self._banner_key)
        self.banner.setVisible(False)

    def _build_banner(self) -> QWidget:
        self.banner = QFrame(self)
        self.banner.setObjectName("banner")
        self.banner.setFrameShape(QFrame.Shape.StyledPanel)
        self.banner.setAutoFillBackground(True)
        pal = self.banner.palette()
        pal.setColor(QPalette.ColorRole.Window, pal.color(QPalette.ColorRole.ToolTipBase))
        pal.setColor(QPalette.ColorRole.WindowText, pal.color(QPalette.ColorRole.ToolTipText))
        self.banner.setPalette(pal)
        lay = QHBoxLayout(self.banner)
        lay.setContentsMargins(10, 4, 6, 4)
        self.banner_label = QLabel(self.banner)
        self.banner_label.setWordWrap(True)
        self.banner_label.setAccessibleName("Notice")
        self.banner_open = QPushButton("Open", self.banner)
        self.banner_open.clicked.connect(self._banner_clicked)
        self.banner_close = QPushButton("Dismiss", self.banner)
        self.banner_close.clicked.connect(lambda: self.banner.setVisible(False))
        lay.addWidget(self.banner_label, 1)
        lay.addWidget(self.banner_open)
        lay.addWidget(self.banner_close)
        self._banner_key: str | None = None
        self.banner.setVisible(False)
        return self.banner

    def _composer_changed(self) -> None:
        self.refresh()
        self.data_changed.emit()

    def _menu(self, title: str) -> QMenu:
        """The frame's menu of that title (a deferred window made it empty), else a new one."""
        for menu in getattr(self, "_frame_menus", ()):
            if menu.title() == title:
                return menu
        return self.menuBar().addMenu(title)

    def _build_menus_and_toolbar(self) -> None:
        self.file_menu = self._menu("&File")
        self.file_menu.addAction(self.act_new)
        self.file_menu.addAction(self.act_add_round)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.act_import)
        self.file_menu.addAction(self.act_export_calendar)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.act_backups)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.act_quit)

        self.edit_menu = self._menu("&Edit")
        self.edit_menu.addAction(self.act_undo)
        self.edit_menu.addAction(self.act_redo)
        self.edit_menu.addSeparator()
        self.edit_menu.addAction(self.act_edit)
        self.round_menu = QMenu("Edit r&ound", self)
        self.round_menu.setToolTipsVisible(True)
        self.round_menu.menuAction().setStatusTip("Change a round of the selected "
                                                  "application: time, people, promises")
        self.round_menu.aboutToShow.connect(self._fill_round_menu)
        self.edit_menu.addMenu(self.round_menu)
        self.edit_menu.addAction(self.act_debrief)
        self.status_menu = self.edit_menu.addMenu("Record &status")
        for name, *_ in _STATUS_ACTIONS:
            self.status_menu.addAction(getattr(self, name))
        self.edit_menu.addAction(self.act_delete)
        self.edit_menu.addSeparator()
        self.edit_menu.addAction(self.act_find)
        self.edit_menu.addSeparator()
        self.edit_menu.addAction(self.act_templates)
        self.edit_menu.addAction(self.act_settings)

        self.toolbar = QToolBar("Main toolbar", self)
        self.toolbar.setObjectName("mainToolbar")
        self.toolbar.setMovable(False)
        self.toolbar.setIconSize(QSize(18, 18))
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toolbar.setAccessibleName("Main toolbar")
        self.toolbar.addAction(self.act_new)
        self.toolbar.addAction(self.act_add_round)
        self.toolbar.addAction(self.act_edit)
        self.toolbar.addAction(self.act_debrief)
        self.toolbar.addSeparator()
        for name, *_ in _STATUS_ACTIONS:
            self.toolbar.addAction(getattr(self, name))
        self.toolbar.addSeparator()
        self.toolbar.addAction(self.act_delete)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.toolbar)

        self.view_menu = self._menu("&View")
        self.view_menu.addAction(self.act_toggle_calendar)
        self.view_menu.addAction(self.act_toggle_composer)
        tb = self.toolbar.toggleViewAction()
        tb.setText("&Toolbar")
        self.view_menu.addAction(tb)
        self.view_menu.addSeparator()
        self.view_menu.addAction(self.act_refresh)

        self.help_menu = self._menu("&Help")
        self.help_menu.addAction(self.act_help)

        self.table_menu = QMenu(self)
        self.table_menu.addAction(self.act_edit)
        self.table_menu.addMenu(self.round_menu)
        self.table_menu.addAction(self.act_add_round)
        self.table_menu.addAction(self.act_debrief)
        self.table_menu.addSeparator()
        for name, *_ in _STATUS_ACTIONS:
            self.table_menu.addAction(getattr(self, name))
        self.table_menu.addSeparator()
        self.table_menu.addAction(self.act_delete)

    def _build_status_bar(self) -> None:
        self.counts_label = QLabel(self)
        self.counts_label.setAccessibleName("Summary")
        self.filter_label = QLabel(self)
        self.filter_label.setAccessibleName("Search results")
        sb = self.statusBar()
        sb.addWidget(self.counts_label, 1)
        sb.addPermanentWidget(self.filter_label)
        sb.setSizeGripEnabled(True)

    def _install_import_hook(self) -> None:
        module = _import_actions()
        self._import_module = module
        if module is not None and hasattr(module, "install"):
            module.install(self)
        else:
            self.act_import.triggered.connect(self._import_unavailable)

    def _set_tab_order(self) -> None:
        chain: list[QWidget] = [self.search, self.table, self.composer.body,
                                self.calendar_pane.calendar, self.calendar_pane.day_list,
                                self.calendar_pane.agenda_view]
        for a, b in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(a, b)

    def _connect(self) -> None:
        self.search.textChanged.connect(self._search_changed)
        sel = self.table.selectionModel()
        sel.currentRowChanged.connect(self._current_changed)
        # A mouse press moves the current row before it selects it (the keys select first):
        # the selection's change is what completes a click.
        sel.selectionChanged.connect(
            lambda *_: self._current_changed(sel.currentIndex(), QModelIndex()))
        self.table.doubleClicked.connect(lambda _ix: self.edit_application())
        self.table.customContextMenuRequested.connect(self._table_menu)
        self.calendar_pane.followup_chosen.connect(self.show_followup)
        self.composer.changed.connect(self._composer_changed)
        self.calendar_pane.application_chosen.connect(self.select_application)
        self.first_run.add_requested.connect(self.new_application)
        self.undo_stack.indexChanged.connect(lambda _i: self._update_actions())
        self.proxy.rowsInserted.connect(self._update_filter_label)
        self.proxy.rowsRemoved.connect(self._update_filter_label)
        self.proxy.layoutChanged.connect(self._update_filter_label)

    def _make_composer(self) -> ComposerPane:
        from followup_desktop.ui.composer import ComposerPane

        pane = ComposerPane(self.ctx, self)
        pane.setObjectName("composer")
        return pane

    def _install_composer(self) -> None:
        """Put the real composer where the slot held its place (a deferred window)."""
        slot = self.composer
        if not isinstance(slot, _ComposerSlot):
            return
        pane = self._make_composer()
        self._composer_frame.layout().replaceWidget(slot, pane)
        pane.show()  # a child added late starts hidden; the frame decides what is seen
        slot.hide()
        slot.deleteLater()
        self.composer = pane
        pane.changed.connect(self._composer_changed)
        self._set_tab_order()
        if slot.current_window is not None or slot.current_app is not None:
            pane.set_followup(slot.current_window, slot.current_app)

    def attach(self, ctx: AppContext) -> None:
        """Hand a window built with ``ctx=None`` its data; it loads now if it has painted
        (else at its first paint, or when a follow-up is asked for)."""
        self.ctx = ctx
        self._paths = ctx.paths
        if self._built:
            self.calendar_pane.ctx = ctx
            self.first_run.ctx = ctx
        if self._painted:
            self._initial_load()

    def _initial_load(self) -> None:
        if self._loaded or self.ctx is None:
            return
        self._build_body()
        self._loaded = True
        self.ctx.pack = True  # the window keeps its agenda while it runs: packed in columns
        self._install_composer()
        self.refresh()
        QTimer.singleShot(0, self.loaded.emit)
        self._restore_state()
        if self.selected_application_id() is None and self.proxy.rowCount() > 0:
            first = self.proxy.index(0, 0)
            self.table.selectionModel().setCurrentIndex(
                first, QItemSelectionModel.SelectionFlag.ClearAndSelect |
                QItemSelectionModel.SelectionFlag.Rows)
        self._update_actions()

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
            # Put the panes on screen now, saying "Loading…", rather than together with the
            # data (a second or so for years of interviews). Widgets added to a shown window
            # would otherwise only be shown from the event loop, after the load.
            for part in (self.centralWidget(), self.toolbar, self.statusBar()):
                part.show()
            self.repaint()
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

    # -- public API -------------------------------------------------------------------------

    def bring_to_front(self) -> None:
        """Show, un-minimise and raise the window (another launch asked for it)."""
        if self.isMinimized():
            self.setWindowState(self.windowState() & ~Qt.WindowState.WindowMinimized)
        self.show()
        self.raise_()
        self.activateWindow()

    def selected_application_id(self) -> int | None:
        ix = self.table.selectionModel().currentIndex()
        if not ix.isValid() or not self.table.selectionModel().isRowSelected(ix.row(),
                                                                             QModelIndex()):
            return None
        src = self.proxy.mapToSource(ix)
        if not src.isValid():
            return None
        return self.model.row(src.row()).app_id

    def select_application(self, app_id: int) -> bool:
        """Select an application's row (clearing the search if it hides it)."""
        self._initial_load()  # a hidden, not yet loaded window (tray, import) loads now
        r = self.model.row_of(int(app_id))
        if r < 0:
            return False
        pix = self.proxy.mapFromSource(self.model.index(r, 0))
        if not pix.isValid() and self.search.text():
            self.search.clear()
            pix = self.proxy.mapFromSource(self.model.index(r, 0))
        if not pix.isValid():
            return False
        self.table.selectionModel().setCurrentIndex(
            pix, QItemSelectionModel.SelectionFlag.ClearAndSelect |
            QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(pix, QAbstractItemView.ScrollHint.EnsureVisible)
        return True

    def window_for(self, key: str) -> Window | None:
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
        ctx = self.ctx
        self._stale = False
        now = ctx.now()
        tz = ctx.tz()
        settings = ctx.settings()
        rows: list[Row] = []
        days: set[dt.date] = set()

        def keep(app: Application, windows: list[Window]) -> None:
            # What the table and the calendar show of each application; its records go.
            rows.append(row_for(app, windows, settings, now, tz))
            days.update(interview_days(app, tz))

        agenda = ctx.survey(now, keep)
        self._now, self._app_count, self._agenda = now, len(rows), agenda
        selected = self.selected_application_id()
        self.model.set_rows(rows)
        self.calendar_pane.set_data(days, agenda, now, tz)
        self.stack.setCurrentWidget(self._main_page if rows else self.first_run)
        if selected is not None and self.selected_application_id() != selected:
            self.select_application(selected)
        self._refresh_composer()
        self._update_counts()
        self._update_actions()

    def save_state(self) -> None:
        """Geometry, splitters, columns, sort and selection, for the next start."""
        if not self._loaded:  # closed before its data arrived: keep what was saved
            return
        s = self._settings()
        s.setValue("version", STATE_VERSION)
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/state", self.saveState(STATE_VERSION))
        s.setValue("splitters/main", self.main_splitter.saveState())
        s.setValue("splitters/left", self.left_splitter.saveState())
        s.setValue("splitters/calendar", self.calendar_pane.splitter.saveState())
        s.setValue("table/header", self.table.horizontalHeader().saveState())
        s.setValue("table/sort_column", self.model.sort_column())
        s.setValue("table/sort_order", int(self.model.sort_order().value))
        selected = self.selected_application_id()
        s.setValue("table/selected", -1 if selected is None else selected)
        s.setValue("view/calendar", self.act_toggle_calendar.isChecked())
        s.setValue("view/composer", self.act_toggle_composer.isChecked())
        s.sync()

    # -- state ------------------------------------------------------------------------------

    def _settings(self) -> QSettings:
        from PySide6.QtCore import QSettings

        assert self._paths is not None
        path = self._paths.ui_state
        path.parent.mkdir(parents=True, exist_ok=True)
        return QSettings(str(path), QSettings.Format.IniFormat)

    def _saved(self, key: str) -> QByteArray | None:
        from PySide6.QtCore import QByteArray

        v = self._settings().value(key)
        return v if isinstance(v, QByteArray) and not v.isEmpty() else None

    def _restore_geometry(self) -> None:
        if self._paths is not None and (v := self._saved("window/geometry")) is not None:
            self.restoreGeometry(v)

    def _restore_splitters(self) -> None:
        if self._paths is None:
            return
        for key, splitter in (("splitters/main", self.main_splitter),
                              ("splitters/left", self.left_splitter),
                              ("splitters/calendar", self.calendar_pane.splitter)):
            if (v := self._saved(key)) is not None:
                splitter.restoreState(v)

    def _restore_state(self) -> None:
        s = self._settings()
        if s.value("version") is None:
            return

        def num(key: str, default: int) -> int:
            try:
                return int(s.value(key, default))  # type: ignore[call-overload]
            except (TypeError, ValueError):
                return default

        def flag(key: str) -> bool:
            return str(s.value(key, "true")).lower() not in ("false", "0")

        self._restoring = True
        try:
            self._restore_geometry()
            if (v := self._saved("window/state")) is not None:
                self.restoreState(v, STATE_VERSION)
            self._restore_splitters()
            if (v := self._saved("table/header")) is not None:
                self.table.horizontalHeader().restoreState(v)
            col = num("table/sort_column", COL_NEXT)
            order = Qt.SortOrder(num("table/sort_order", 0))
            if 0 <= col < self.model.columnCount():
                self.table.horizontalHeader().setSortIndicator(col, order)
                self.proxy.sort(col, order)
            self.act_toggle_calendar.setChecked(flag("view/calendar"))
            self.act_toggle_composer.setChecked(flag("view/composer"))
            selected = num("table/selected", -1)
            if selected >= 0:
                self.select_application(selected)
        finally:
            self._restoring = False

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._built:
            self.composer.flush()
        self.save_state()
        super().closeEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if self._built and event.type() == QEvent.Type.PaletteChange:
            from followup_desktop.ui.icons import forget_icons

            forget_icons()
            for act, name in self._iconed:
                act.setIcon(icon(name))
            self.model.palette_changed()
            self.calendar_pane.calendar.updateCells()
            self._refresh_composer()
        super().changeEvent(event)

    # -- slots ------------------------------------------------------------------------------

    def focus_search(self) -> None:
        if self.stack.currentWidget() is not self._main_page:
            return
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _search_changed(self, text: str) -> None:
        self.proxy.set_query(text)
        self._update_filter_label()

    def _update_filter_label(self, *_: Any) -> None:
        total = self.model.rowCount()
        shown = self.proxy.rowCount()
        if self.proxy.query():
            self.filter_label.setText(f"Showing {shown} of {total}")
        else:
            self.filter_label.setText("")

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._update_actions()
        app_id = self.selected_application_id()
        if app_id is None:
            if not current.isValid():
                self.composer.set_followup(None, None)
            return
        row = self.model.row(self.model.row_of(app_id))
        app = self.ctx.application(app_id)
        w = self.window_for(row.next_key) if row.next_key else None
        self.composer.set_followup(w, app)

    def _refresh_composer(self) -> None:
        cur_w = self.composer.current_window
        cur_app = self.composer.current_app
        if cur_w is not None:
            fresh = self.window_for(cur_w.key)
            if fresh is not None:
                self.composer.set_followup(fresh, self.ctx.application(fresh.application_id))
                return
        if cur_app is not None and self.ctx.application(cur_app.id) is not None:
            app_id = cur_app.id
            row = self.model.row(self.model.row_of(app_id))
            w = self.window_for(row.next_key) if row.next_key else None
            self.composer.set_followup(w, self.ctx.application(app_id))
            return
        if cur_w is not None or cur_app is not None:
            self.composer.set_followup(None, None)

    def _table_menu(self, pos: QPoint) -> None:
        ix = self.table.indexAt(pos)
        if ix.isValid():
            self.table.selectRow(ix.row())
        self._update_actions()
        self.table_menu.popup(self.table.viewport().mapToGlobal(pos))

    def _update_counts(self) -> None:
        apps = self._app_count
        states = state_counts(self._agenda)
        overdue = states[WindowState.OVERDUE]
        open_now = states[WindowState.OPEN]
        upcoming = states[WindowState.UPCOMING] + states[WindowState.SNOOZED]
        debriefs = sum(1 for r in self.model.rows() if r.debrief)
        noun = "application" if apps == 1 else "applications"
        parts = [f"{apps} {noun}", f"{overdue} overdue", f"{open_now} open now",
                 f"{upcoming} coming up"]
        if debriefs:
            parts.append(f"{debriefs} awaiting a debrief")
        self.counts_label.setText("   ·   ".join(parts) if apps else
                                  "No applications yet: add your first interview to begin.")
        self.count_label.setText(f"{apps} {noun}" if apps else "")
        self._update_filter_label()

    def _update_actions(self) -> None:
        app_id = self.selected_application_id()
        has = app_id is not None
        for act in (self.act_add_round, self.act_edit, self.act_delete):
            act.setEnabled(has)
        app = self.ctx.application(app_id) if has else None  # type: ignore[arg-type]
        self.round_menu.setEnabled(app is not None and bool(app.interviews))
        status = self.model.row(self.model.row_of(app_id)).status if has else None  # type: ignore[arg-type]
        ended = (app is not None and self._now is not None
                 and latest_debrief_round(app, self._now) is not None)
        self.act_debrief.setEnabled(ended)
        invite = has and self.model.row(self.model.row_of(app_id)).debrief  # type: ignore[arg-type]
        self.act_debrief.setText("Write &debrief…" if not invite else "Write &debrief… (due)")
        terminal = status in (Status.REJECTED, Status.WITHDRAWN)
        self.act_replied.setEnabled(has and app is not None and bool(app.interviews))
        self.act_rejected.setEnabled(has and status is not Status.REJECTED)
        self.act_offer.setEnabled(has and not terminal and status is not Status.OFFER)
        self.act_withdraw.setEnabled(has and status is not Status.WITHDRAWN)

    # -- edits ------------------------------------------------------------------------------

    def _after_edit(self, select: int | None = None) -> None:
        self.refresh()
        if select is not None:
            self.select_application(select)
        self.data_changed.emit()

    def _run_store(self, fn: Callable[[], Any]) -> bool:
        try:
            fn()
        except StoreError as exc:
            QMessageBox.warning(self, APP_NAME, str(exc))
            self.refresh()
            return False
        self._after_edit()
        return True

    def _ask(self, title: str, text: str) -> bool:
        answer = QMessageBox.question(
            self, title, text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel)
        return answer == QMessageBox.StandardButton.Yes

    def record_status(self, kind: EventKind) -> bool:
        """Record a reply / rejection / verbal offer / withdrawal now; undoable."""
        app_id = self.selected_application_id()
        app = self.ctx.application(app_id) if app_id is not None else None
        if app is None:
            return False
        store = self.ctx.store
        old_status = app.status
        at = self.ctx.now()
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
            QMessageBox.warning(self, APP_NAME, str(exc))
            return False
        label = next(t for _n, k, t, _s, _i in _STATUS_ACTIONS if k == kind.value)
        self.undo_stack.push(StoreCommand(f"“{label}” for {app.company}", do, undo, self))
        self._after_edit(app.id)
        self.statusBar().showMessage(f"Recorded “{label}” for {app.company}. "
                                     "Ctrl+Z undoes it.", 6000)
        return True

    def delete_selected(self) -> bool:
        app_id = self.selected_application_id()
        app = self.ctx.application(app_id) if app_id is not None else None
        if app is None:
            return False
        if not self.confirm("Delete application",
                            f"Delete {app.company} — {app.role}, with its rounds, people "
                            "and notes?\n\nYou can undo this with Ctrl+Z."):
            return False
        store = self.ctx.store
        try:
            store.delete_application(app.id)
        except StoreError as exc:
            QMessageBox.warning(self, APP_NAME, str(exc))
            return False
        self.undo_stack.push(StoreCommand(f"Delete {app.company}",
                                           lambda: store.delete_application(app.id),
                                           lambda: store.undelete_application(app.id), self))
        self._after_edit()
        self.statusBar().showMessage(f"Deleted {app.company}. Ctrl+Z brings it back.", 8000)
        return True

    def _dialog_class(self, name: str) -> Any:
        try:
            module = importlib.import_module("followup_desktop.ui.dialogs")
            return getattr(module, name)
        except (ImportError, AttributeError):
            QMessageBox.information(self, APP_NAME, "That editor is not available in this "
                                    "build of Followup.")
            return None

    def _run_dialog(self, name: str, *args: Any) -> int | None:
        cls = self._dialog_class(name)
        if cls is None:
            return None
        dlg = cls(self.ctx, *args, parent=self)
        try:
            if dlg.exec() != QDialog.DialogCode.Accepted:
                return None
            saved = getattr(dlg, "saved_id", None)
        finally:
            dlg.deleteLater()
        return saved if saved is not None else -1

    def new_application(self) -> None:
        saved = self._run_dialog("ApplicationDialog", None)
        if saved is not None:
            self._after_edit(saved if saved >= 0 else None)

    def edit_application(self) -> None:
        app_id = self.selected_application_id()
        if app_id is None:
            return
        if self._run_dialog("ApplicationDialog", app_id) is not None:
            self._after_edit(app_id)

    def add_round(self) -> None:
        app_id = self.selected_application_id()
        if app_id is None:
            return
        if self._run_dialog("InterviewDialog", app_id, None) is not None:
            self._after_edit(app_id)

    def _fill_round_menu(self) -> None:
        """One entry per round of the selected application, the latest first."""
        self.round_menu.clear()
        app_id = self.selected_application_id()
        app = self.ctx.application(app_id) if app_id is not None else None
        if app is None or not app.interviews:
            self.round_menu.addAction("No rounds yet").setEnabled(False)
            return
        tz = self.ctx.tz()
        for iv in reversed(app.interviews):
            local = iv.start.astimezone(tz)
            fmt = FORMAT_LABELS.get(iv.format.value, iv.format.value)
            people = ", ".join(p.person.name for p in iv.participants)
            act = self.round_menu.addAction(f"{local:%a %d %b %Y %H:%M} · {fmt}…")
            act.setToolTip(people or "No people recorded")
            act.triggered.connect(lambda _=False, i=iv.id: self.edit_round(i))

    def edit_round(self, interview_id: int) -> None:
        """The round dialog for one round of the selected application."""
        app_id = self.selected_application_id()
        if app_id is None:
            return
        if self._run_dialog("InterviewDialog", app_id, interview_id) is not None:
            self._after_edit(app_id)

    def write_debrief(self) -> None:
        app_id = self.selected_application_id()
        app = self.ctx.application(app_id) if app_id is not None else None
        if app is None:
            return
        round_id = latest_debrief_round(app, self.ctx.now())
        if round_id is None:
            return
        if self._run_dialog("DebriefDialog", app.id, round_id) is not None:
            self._after_edit(app.id)

    def open_settings(self) -> None:
        if self._run_dialog("SettingsDialog") is not None:
            self._after_edit()

    def show_help(self) -> None:
        QMessageBox.about(
            self, f"About {APP_NAME}",
            f"<h3>{APP_NAME} {__version__}</h3>"
            "<p>Followup plans the days after each interview: a debrief while it is fresh, "
            "a thank-you note to each interviewer within a day, check-ins once the stated "
            "decision date has passed, and a graceful reply whatever the outcome.</p>"
            "<p><b>Getting around</b><br>"
            "Ctrl+N new application · F2 edit it · Ctrl+F search · Ctrl+Z undo · "
            "Ctrl+, settings · Ctrl+E export the draft as .eml · "
            "F5 refresh · Ctrl+1 / Ctrl+2 show or hide the calendar and the follow-up "
            "pane.</p>"
            "<p>Select a row and use <i>They replied</i>, <i>Rejected</i>, "
            "<i>Verbal offer</i> or <i>Withdraw</i> when something happens: the plan "
            "adjusts at once. Everything stays on this computer.</p>")

    def _import_unavailable(self) -> None:
        QMessageBox.information(
            self, APP_NAME, "Importing from the window is not available in this build. "
            "From a terminal: followup-desktop import FILE")

    # -- drops ------------------------------------------------------------------------------

    @staticmethod
    def _dropped_paths(event: QDragEnterEvent | QDropEvent) -> list[Path]:
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
        module = self._import_module or _import_actions()
        handler = getattr(module, "handle_drop", None) if module is not None else None
        if handler is None:
            self.statusBar().showMessage("Dropping files to import is not available in this "
                                         "build; use followup-desktop import FILE.", 8000)
            return
        handler(self, paths)
