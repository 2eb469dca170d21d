"""What the main window builds after its first frame: the panes, and filling them.

Imported by :meth:`MainWindow._build_body
<followup_desktop.ui.main_window.MainWindow._build_body>`, right after the first frame of a
deferred window is on screen. The first frame is painted without this module and what it
imports: PySide6 creates each Qt class's Python type on first use (about a millisecond
each, dozens here; the ``Qt`` namespace alone builds about 100 enum classes, ~20 ms), and
the records, the table model and the panes build their classes on import. Together that is
most of the time between a bare window's first frame and ours (``bench/``). So this is
the one list of what the full window imports, and the window's own module stays light.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QPalette, QUndoStack
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.records import Application, FollowupWindow, WindowState
from followup_desktop.schedule.agenda import state_counts
from followup_desktop.ui.calendar_pane import CalendarPane
from followup_desktop.ui.expired_bar import ExpiredBar
from followup_desktop.ui.icons import icon
from followup_desktop.ui.main_window.actions import WindowActions
from followup_desktop.ui.main_window.commands import Commands
from followup_desktop.ui.main_window.table_pane import TablePane
from followup_desktop.ui.table_model import (
    InterviewTableModel,
)

if TYPE_CHECKING:
    from followup_desktop.ui.composer import ComposerPane
    from followup_desktop.ui.first_run import FirstRunPane, Launcher
    from followup_desktop.ui.main_window import MainWindow


class ComposerSlot(QWidget):
    """Holds the composer's place until the first frame is on screen: the composer (and
    Jinja2, the spelling list, the .eml and .ics writers behind it) load right after.
    Anything asked of it meanwhile is remembered or harmless."""

    changed = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.body = self
        self.current_window: FollowupWindow | None = None
        self.current_app: Application | None = None

    def set_followup(self, window: FollowupWindow | None, app: Application | None) -> None:
        self.current_window, self.current_app = window, app

    def flush(self) -> bool:
        return True

    def shutdown(self) -> bool:
        return True


def _framed(widget: QWidget) -> QWidget:
    frame = QFrame()
    frame.setFrameShape(QFrame.Shape.StyledPanel)
    lay = QVBoxLayout(frame)
    lay.setContentsMargins(0, 0, 0, 0)
    lay.addWidget(widget)
    return frame


class Body:
    """Everything below the menu bar of one :class:`MainWindow`. :meth:`build` makes the
    parts and hands them to the window as its attributes (``w.table``, ``w.composer``,
    ``w.act_*`` ...); :meth:`refresh` fills them from the data."""

    def __init__(self, w: MainWindow, *, defer: bool, demo_launcher: Launcher | None) -> None:
        self.w = w
        self._defer = defer
        self._demo_launcher = demo_launcher
        self._banner_key: str | None = None
        #: what :meth:`_current_changed` last showed: (application, its row, revision)
        self._shown_for: tuple[int | None, Any, int] | None = None
        self._first_run: FirstRunPane | None = None

    def build(self) -> None:
        w = self.w
        w.confirm = self.ask
        w.commands = Commands(w)

        w.undo_stack = QUndoStack(w)
        w.model = InterviewTableModel(w)
        self._build_panes()
        self._build_splitters()
        self._build_pages()

        self.actions = WindowActions(w)
        self.actions.build()
        self.set_tab_order()
        self._connect()

        w.main_splitter.setSizes([850, 350])
        w.left_splitter.setSizes([330, 400])
        self._fit_sizes()
        if self._defer:
            # Shown before the data is read: the rows follow in a moment.
            w.stack.setCurrentWidget(self.main_page)
            w.counts_label.setText("Loading…")
            w.saved_layout.restore_splitters()

    def _build_panes(self) -> None:
        """The table, the composer (or its slot), the calendar (the first-run page is made
        when first wanted: :meth:`first_run`)."""
        w, ctx = self.w, self.w.ctx
        w.table_pane = TablePane(w.model, w)
        w.table, w.search, w.count_label = (w.table_pane.table, w.table_pane.search,
                                            w.table_pane.count_label)
        w.composer = ComposerSlot(w) if self._defer else self.make_composer()
        w.calendar_pane = CalendarPane(ctx, w)
        w.calendar_pane.setObjectName("calendarPane")

    def _build_splitters(self) -> None:
        """Table over composer, on the left of the calendar."""
        w = self.w
        w.left_splitter = QSplitter(Qt.Orientation.Vertical, w)
        w.left_splitter.setObjectName("leftSplitter")
        w.left_splitter.addWidget(w.table_pane)
        self.composer_frame = _framed(w.composer)
        w.left_splitter.addWidget(self.composer_frame)
        w.left_splitter.setChildrenCollapsible(False)
        w.left_splitter.setStretchFactor(0, 3)
        w.left_splitter.setStretchFactor(1, 2)
        w.main_splitter = QSplitter(Qt.Orientation.Horizontal, w)
        w.main_splitter.setObjectName("mainSplitter")
        w.main_splitter.addWidget(w.left_splitter)
        w.main_splitter.addWidget(w.calendar_pane)
        w.main_splitter.setChildrenCollapsible(False)
        w.main_splitter.setStretchFactor(0, 1)
        w.main_splitter.setStretchFactor(1, 0)

    def _build_pages(self) -> None:
        """The main page (notices above the splitters) and the first-run page, stacked."""
        w = self.w
        main_page = QWidget(w)
        page_lay = QVBoxLayout(main_page)
        page_lay.setContentsMargins(8, 6, 8, 4)
        page_lay.addWidget(self._build_banner())
        w.expired_bar = ExpiredBar(w.ctx, main_page)
        w.expired_bar.open_late.connect(self._open_late)
        page_lay.addWidget(w.expired_bar)
        page_lay.addWidget(w.main_splitter)
        w.stack = QStackedWidget(w)
        w.stack.addWidget(main_page)
        self.main_page = main_page
        w.setCentralWidget(w.stack)

    def first_run(self) -> FirstRunPane:
        """The page shown instead of the table while there is nothing to show, made the
        first time it is wanted: a window with data never builds its profile form (~25 ms
        of a start, with the time-zone list and the dialogs' module)."""
        if self._first_run is None:
            from followup_desktop.ui.first_run import FirstRunPane

            w = self.w
            self._first_run = FirstRunPane(w.ctx, w, launcher=self._demo_launcher)
            self._first_run.add_requested.connect(w.new_application)
            w.stack.insertWidget(0, self._first_run)
        return self._first_run

    def ask(self, title: str, text: str) -> bool:
        from followup_desktop.ui.ask import ask

        return ask(self.w, title, text)

    # -- the banner -------------------------------------------------------------------------

    def _build_banner(self) -> QWidget:
        w = self.w
        w.banner = banner = QFrame(w)
        banner.setObjectName("banner")
        banner.setFrameShape(QFrame.Shape.StyledPanel)
        banner.setAutoFillBackground(True)
        pal = banner.palette()
        pal.setColor(QPalette.ColorRole.Window, pal.color(QPalette.ColorRole.ToolTipBase))
        pal.setColor(QPalette.ColorRole.WindowText, pal.color(QPalette.ColorRole.ToolTipText))
        banner.setPalette(pal)
        lay = QHBoxLayout(banner)
        lay.setContentsMargins(10, 4, 6, 4)
        w.banner_label = QLabel(banner)
        w.banner_label.setWordWrap(True)
        w.banner_label.setAccessibleName("Notice")
        w.banner_open = QPushButton("Open", banner)
        w.banner_open.clicked.connect(self._banner_clicked)
        w.banner_close = QPushButton("Dismiss", banner)
        w.banner_close.clicked.connect(lambda: banner.setVisible(False))
        lay.addWidget(w.banner_label, 1)
        lay.addWidget(w.banner_open)
        lay.addWidget(w.banner_close)
        banner.setVisible(False)
        return banner

    def show_banner(self, text: str, key: str | None) -> None:
        w = self.w
        w.banner_label.setText(text)
        self._banner_key = key
        w.banner_open.setVisible(key is not None)
        w.banner.setVisible(True)

    def _banner_clicked(self) -> None:
        if self._banner_key:
            self.w.show_followup(self._banner_key)
        self.w.banner.setVisible(False)

    # -- wiring -----------------------------------------------------------------------------

    def set_tab_order(self) -> None:
        w = self.w
        chain: list[QWidget] = [w.search, w.table, w.composer.body,
                                w.calendar_pane.calendar, w.calendar_pane.day_list,
                                w.calendar_pane.agenda_view]
        for a, b in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(a, b)

    def _connect(self) -> None:
        w = self.w
        w.search.textChanged.connect(self._search_changed)
        sel = w.table.selectionModel()
        sel.currentRowChanged.connect(self._current_changed)
        # A mouse press moves the current row before it selects it (the keys select first):
        # the selection's change is what completes a click.
        sel.selectionChanged.connect(lambda *_: self._selection_changed())
        w.table.doubleClicked.connect(lambda _ix: w.edit_application())
        w.table.customContextMenuRequested.connect(self.actions.table_menu_at)
        w.calendar_pane.followup_chosen.connect(w.show_followup)
        w.composer.changed.connect(self._composer_changed)
        w.calendar_pane.application_chosen.connect(w.select_application)
        w.undo_stack.indexChanged.connect(lambda _i: self.update_actions())
        w.model.rowsInserted.connect(self.update_filter_label)
        w.model.rowsRemoved.connect(self.update_filter_label)
        w.model.layoutChanged.connect(self.update_filter_label)

    def changed(self, event: QEvent) -> None:
        """The window's ``changeEvent``: a new palette re-tints the icons and colours."""
        if event.type() != QEvent.Type.PaletteChange:
            return
        from followup_desktop.ui.icons import forget_icons

        w = self.w
        forget_icons()
        for act, name in self.actions.iconed:
            act.setIcon(icon(name))
        w.model.palette_changed()
        w.calendar_pane.calendar.updateCells()
        self.refresh_composer()

    def _fit_sizes(self) -> None:
        """Readable at every size (:mod:`.sizing`); Tab leaves the table (arrows move in
        it)."""
        from followup_desktop.ui.main_window.sizing import MIN_WINDOW, Fitter

        w = self.w
        w.table.setTabKeyNavigation(False)
        self.fitter = Fitter(w.table, w.main_splitter)
        w.setMinimumSize(*MIN_WINDOW)

    # -- the composer -----------------------------------------------------------------------

    def make_composer(self) -> ComposerPane:
        from followup_desktop.ui.composer import ComposerPane

        pane = ComposerPane(self.w.ctx, self.w)
        pane.setObjectName("composer")
        return pane

    def install_composer(self) -> ComposerPane:
        """Put the real composer where the slot held its place (a deferred window)."""
        w = self.w
        slot = w.composer
        if not isinstance(slot, ComposerSlot):
            return slot
        pane = self.make_composer()
        frame_lay = self.composer_frame.layout()
        assert frame_lay is not None
        frame_lay.replaceWidget(slot, pane)
        pane.show()  # a child added late starts hidden; the frame decides what is seen
        slot.hide()
        slot.deleteLater()
        w.composer = pane
        pane.changed.connect(self._composer_changed)
        self.set_tab_order()
        if slot.current_window is not None or slot.current_app is not None:
            pane.set_followup(slot.current_window, slot.current_app)
        return pane

    def _composer_changed(self) -> None:
        self.w.refresh()
        self.w.data_changed.emit()

    def refresh_composer(self) -> None:
        w = self.w
        cur_w = w.composer.current_window
        cur_app = w.composer.current_app
        if cur_w is not None:
            fresh = w.window_for(cur_w.key)
            if fresh is not None:
                w.composer.set_followup(fresh, w.ctx.application(fresh.application_id))
                return
        if cur_app is not None and w.ctx.application(cur_app.id) is not None:
            app_id = cur_app.id
            row = w.model.row_for(app_id)
            win = w.window_for(row.next_key) if row is not None and row.next_key else None
            w.composer.set_followup(win, w.ctx.application(app_id))
            return
        if cur_w is not None or cur_app is not None:
            w.composer.set_followup(None, None)

    # -- the selection ----------------------------------------------------------------------

    def _search_changed(self, text: str) -> None:
        self.w.model.set_query(text)
        self.update_filter_label()

    def update_filter_label(self, *_: object) -> None:
        w = self.w
        total = w.model.total()
        shown = w.model.rowCount()
        noun = "application" if total == 1 else "applications"
        if w.model.query():
            w.filter_label.setText(f"Showing {shown} of {total} {noun}")
        else:
            w.filter_label.setText("")
        pane = getattr(w, "table_pane", None)
        if pane is not None:
            pane.show_matches(shown, total)  # the header says the same numbers

    def _selection_changed(self) -> None:
        self._current_changed(self.w.table.selectionModel().currentIndex(), QModelIndex())

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        """Show the current row's application. One selecting changes the selection and
        then the current row (a click: the current row on the press, the selection on
        the release): the second signal shows the same row again only if something
        changed since (each selecting drew the composer's drafts twice, ~7 ms of a
        start's)."""
        w = self.w
        app_id = w.selected_application_id()
        row = w.model.row_for(app_id) if app_id is not None else None
        shown = self._shown_for
        if (shown is not None and app_id is not None and shown[0] == app_id
                and shown[1] is row and shown[2] == w.ctx.store.revision):
            return
        self.update_actions()
        self._shown_for = None
        if app_id is None:
            if not current.isValid():
                w.composer.set_followup(None, None)
            return
        self._shown_for = (app_id, row, w.ctx.store.revision)
        app = w.ctx.application(app_id)
        win = w.window_for(row.next_key) if row is not None and row.next_key else None
        w.composer.set_followup(win, app)
        if win is not None:  # its most urgent follow-up, selected in the agenda too
            w.calendar_pane.select_key(win.key)

    def _open_late(self, win: FollowupWindow) -> None:
        """"Send a late note anyway": its application selected, the note in the
        composer (recorded as sent as usual)."""
        w = self.w
        w.select_application(win.application_id)
        w.composer.set_followup(win, w.ctx.application(win.application_id))
        if not w.act_toggle_composer.isChecked():
            w.act_toggle_composer.setChecked(True)

    def select_first_row(self) -> None:
        """After the first load: the first row, unless the saved layout selected one."""
        w = self.w
        if w.selected_application_id() is None and w.model.rowCount() > 0:
            first = w.model.index(0, 0)
            w.table.selectionModel().setCurrentIndex(
                first, QItemSelectionModel.SelectionFlag.ClearAndSelect |
                QItemSelectionModel.SelectionFlag.Rows)

    def update_actions(self) -> None:
        self.actions.update()

    # -- the data ---------------------------------------------------------------------------

    def refresh(self) -> None:
        """Re-read the context; rows change in place; the selection stays."""
        w = self.w
        ctx = w.ctx
        w._stale = False
        now = ctx.now()
        tz = ctx.tz()
        # the plan kept in the database at a start, when still true; else planned
        rows, days, agenda, expired = w.plan_rows.read(now)
        w._now, w._app_count, w._agenda = now, len(rows), agenda
        w.expired_bar.ctx = ctx
        w.expired_bar.set_windows(expired)
        selected = w.selected_application_id()
        w.model.set_rows(rows, w.plan_rows.kept_hay)
        w.calendar_pane.set_data(days, agenda, now, tz)
        w.stack.setCurrentWidget(self.main_page if rows else self.first_run())
        if selected is not None and w.selected_application_id() != selected:
            w.select_application(selected)
        self.refresh_composer()
        self.update_counts()
        self.update_actions()

    def update_counts(self) -> None:
        w = self.w
        apps = w._app_count
        states = state_counts(w._agenda)
        overdue = states[WindowState.OVERDUE]
        open_now = states[WindowState.OPEN]
        upcoming = states[WindowState.UPCOMING] + states[WindowState.SNOOZED]
        debriefs = sum(1 for r in w.model.rows() if r.debrief)
        noun = "application" if apps == 1 else "applications"
        parts = [f"{apps} {noun}", f"{overdue} overdue", f"{open_now} open now",
                 f"{upcoming} coming up"]
        if debriefs:
            parts.append(f"{debriefs} awaiting a debrief")
        w.counts_label.setText("   ·   ".join(parts) if apps else
                               "No applications yet: add your first interview to begin.")
        w.count_label.setText(f"{apps} {noun}" if apps else "")
        self.update_filter_label()
