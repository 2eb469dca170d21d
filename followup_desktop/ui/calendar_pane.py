"""The calendar pane: a month with marked days, a legend, the chosen day's items, the agenda.

Marks: an interview that day, a follow-up window opening that day, a follow-up due that day
(three distinct dots, colours from the palette). Picking a day lists what happens on it.
The agenda groups every pending follow-up as Overdue / Open now / Later today / This week /
Later (``schedule.groups``: the tray menu and ``agenda`` read it the same way).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from PySide6.QtCore import (
    QAbstractItemModel,
    QDate,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPointF,
    QRect,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont, QIcon, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCalendarWidget,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.humanize import window_phrase
from followup_desktop.records import Application, FollowupWindow, Kind, WindowState
from followup_desktop.schedule import groups
from followup_desktop.schedule.agenda import NONE, Agenda, AgendaPart, to_us
from followup_desktop.schedule.groups import (  # noqa: F401 - the pane's names, as before
    G_LATER,
    G_OPEN,
    G_OVERDUE,
    G_TODAY,
    G_WEEK,
    GROUPS,
)
from followup_desktop.ui import colours

INTERVIEW = 1
OPENS = 2
DUE = 4

MARK_LABELS = ((INTERVIEW, "Interview"), (OPENS, "Follow-up opens"), (DUE, "Follow-up due"))

#: At most this many items per agenda group; a last row says how many more there are.
GROUP_LIMIT = 200
_GROUP_FLAGS = Qt.ItemFlag.ItemIsEnabled
_ITEM_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | \
    Qt.ItemFlag.ItemNeverHasChildren
_MORE_FLAGS = Qt.ItemFlag.ItemNeverHasChildren

#: On a day-list item: ("app", app_id) or ("window", key)
TargetRole = int(Qt.ItemDataRole.UserRole) + 10
#: On an agenda item: the window key (``str``); on a group header: ``None``
KeyRole = int(Qt.ItemDataRole.UserRole) + 11

#: The root (invalid) index, the default parent of the model methods.
_ROOT = QModelIndex()


class Meeting(NamedTuple):
    """An interview as the day list shows it."""

    start: dt.datetime
    app_id: int
    company: str
    role: str


def interview_days(app: Application, tz: ZoneInfo) -> set[dt.date]:
    """The local days of ``app``'s rounds (the pane keeps these days, not the records)."""
    return {iv.start.astimezone(tz).date() for iv in app.interviews}


def meetings_on(store: Any, day: dt.date, tz: ZoneInfo) -> list[Meeting]:
    """The rounds on local ``day``, read from the store when the day is shown."""
    # A generous UTC range (a zone is within a day of UTC), then exactly the local day.
    start = dt.datetime.combine(day - dt.timedelta(days=1), dt.time(), tzinfo=dt.UTC)
    rows = store.rounds_between(start, start + dt.timedelta(days=3))
    return [Meeting(*r) for r in rows if _local_day(r[0], tz) == day]


def _local_day(value: dt.datetime, tz: ZoneInfo) -> dt.date:
    return value.astimezone(tz).date()


def day_marks(interviews: Iterable[dt.date], agenda: Sequence[FollowupWindow],
              tz: ZoneInfo) -> dict[dt.date, int]:
    """Each day's marks (``INTERVIEW | OPENS | DUE``), days in the profile's zone:
    ``interviews`` are the local days with a round (:func:`interview_days`)."""
    a = Agenda.of(agenda)
    local_day = a.times(tz)
    marks: dict[dt.date, int] = dict.fromkeys(interviews, INTERVIEW)
    for us in set(a.opens_us):
        d = local_day(us)
        marks[d] = marks.get(d, 0) | OPENS
    for us in set(a.due_us):
        if us != NONE:
            d = local_day(us)
            marks[d] = marks.get(d, 0) | DUE
    return marks


def group_agenda(agenda: Sequence[FollowupWindow], now: dt.datetime,
                 tz: ZoneInfo) -> list[Sequence[FollowupWindow]]:
    """:func:`~followup_desktop.schedule.groups.group_agenda`, weeks as this machine's
    locale counts them (the same groups and order as the tray menu and ``agenda``)."""
    from PySide6.QtCore import QLocale

    first = (QLocale().firstDayOfWeek().value - 1) % 7  # Qt: Monday 1 ... Sunday 7
    return groups.group_agenda(agenda, now, tz, first)


_DAY_US = 86_400 * 10**6


def day_items(day: dt.date, meetings: Sequence[Meeting], agenda: Sequence[FollowupWindow],
              tz: ZoneInfo) -> list[tuple[dt.datetime, str, int, tuple[str, Any]]]:
    """What happens on ``day``: (moment, text, mark, target), in time order."""
    out: list[tuple[dt.datetime, str, int, tuple[str, Any]]] = []
    for m in meetings:
        if _local_day(m.start, tz) == day:
            local = m.start.astimezone(tz)
            out.append((m.start, f"{local:%H:%M}  Interview · {m.company} — {m.role}",
                        INTERVIEW, ("app", m.app_id)))
    a = Agenda.of(agenda)
    local_day = a.times(tz)
    opens, due = a.opens_us, a.due_us
    # Only moments within a day either side of the day in UTC can fall on it in any zone
    # (offsets stay under 24 h): a comparison of integers skips the ~22,000 windows' local
    # days but a few (``NONE`` is below ``lo``).
    lo = to_us(dt.datetime.combine(day, dt.time(), dt.UTC)) - _DAY_US
    hi = lo + 3 * _DAY_US
    near = [a[i] for i in a.opening_or_due_between(lo, hi)
            if local_day(opens[i]) == day or (due[i] != NONE and local_day(due[i]) == day)]
    for w in near:
        who = f" · {w.recipient}" if w.recipient else ""
        if _local_day(w.opens_at, tz) == day:
            local = w.opens_at.astimezone(tz)
            out.append((w.opens_at, f"{local:%H:%M}  {w.kind.label} opens · {w.company}{who}",
                        OPENS, ("window", w.key)))
        if w.due_at is not None and _local_day(w.due_at, tz) == day:
            local = w.due_at.astimezone(tz)
            out.append((w.due_at, f"{local:%H:%M}  {w.kind.label} due · {w.company}{who}",
                        DUE, ("window", w.key)))
    out.sort(key=lambda t: (t[0], t[1]))
    return out


def _keys(group: Sequence[FollowupWindow], limit: int) -> Iterable[str]:
    """The keys of a group's first ``limit`` windows; a packed group's without making its
    windows (a start selects one among up to a thousand listed)."""
    if isinstance(group, AgendaPart):
        key, indices = group.agenda.key, group.indices
        return (key(indices[i]) for i in range(min(limit, len(indices))))
    return (w.key for w in group[:limit])


def mark_colour(mark: int, palette: QPalette) -> Any:
    if mark == INTERVIEW:
        return colours.interview(palette)
    if mark == OPENS:
        return colours.opening(palette)
    return colours.due(palette)


class MarkedCalendar(QCalendarWidget):
    """A month calendar that draws up to three dots under a day's number."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._marks: dict[dt.date, int] = {}
        self.setGridVisible(False)
        self.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.setHorizontalHeaderFormat(QCalendarWidget.HorizontalHeaderFormat.ShortDayNames)
        self.setMinimumHeight(230)
        self.setAccessibleName("Calendar")
        self.setAccessibleDescription("Days with interviews and follow-ups are marked with dots")

    def set_marks(self, marks: dict[dt.date, int]) -> None:
        if marks != self._marks:
            self._marks = marks
            self.updateCells()

    def marks(self) -> dict[dt.date, int]:
        return self._marks

    def mark(self, day: dt.date) -> int:
        return self._marks.get(day, 0)

    def paintCell(self, painter: QPainter, rect: QRect, date: QDate) -> None:
        super().paintCell(painter, rect, date)
        flags = self._marks.get(date.toPython())  # type: ignore[arg-type]
        if not flags:
            return
        present = [m for m, _ in MARK_LABELS if flags & m]
        radius = max(2.0, min(rect.width(), rect.height()) / 14)
        gap = radius * 3
        x0 = rect.center().x() - gap * (len(present) - 1) / 2
        y = rect.bottom() - radius * 2 - 1
        palette = self.palette()
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        for i, m in enumerate(present):
            painter.setBrush(mark_colour(m, palette))
            painter.drawEllipse(QPointF(x0 + i * gap, y), radius, radius)
        painter.restore()


class AgendaModel(QAbstractItemModel):
    """Two levels: the groups (with counts), then their windows. Text made on demand."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._groups: list[Sequence[FollowupWindow]] = [[] for _ in GROUPS]
        self._now = dt.datetime.now(dt.UTC)
        self._tz = ZoneInfo("UTC")

    def set_agenda(self, agenda: Sequence[FollowupWindow], now: dt.datetime, tz: ZoneInfo) -> None:
        groups = group_agenda(agenda, now, tz)
        self._now, self._tz = now, tz
        same_shape = [len(g) for g in groups] == [len(g) for g in self._groups]
        if same_shape:
            # Same counts: the windows may have changed; tell the view, keep its state.
            self._groups = groups
            for gi, g in enumerate(groups):
                parent = self.index(gi, 0)
                self.dataChanged.emit(parent, parent)
                if g:
                    self.dataChanged.emit(self.index(0, 0, parent),
                                          self.index(self._shown(gi) - 1, 0, parent))
            return
        self.beginResetModel()  # the agenda is a derived list: a reset is the honest signal
        self._groups = groups
        self.endResetModel()

    def groups(self) -> list[Sequence[FollowupWindow]]:
        return self._groups

    def index(self, row: int, column: int,
              parent: QModelIndex | QPersistentModelIndex = _ROOT) -> QModelIndex:
        if column != 0 or row < 0:
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, 0, 0) if row < len(GROUPS) else QModelIndex()
        if parent.internalId() != 0 or parent.column() != 0:
            return QModelIndex()
        g = parent.row()
        if row >= self._shown(g):
            return QModelIndex()
        return self.createIndex(row, 0, g + 1)

    def _shown(self, g: int) -> int:
        """Rows under group ``g``: its windows up to the limit, plus a "more" row."""
        n = len(self._groups[g])
        return n if n <= GROUP_LIMIT else GROUP_LIMIT + 1

    def parent(self, child: QModelIndex | QPersistentModelIndex = _ROOT
               ) -> QModelIndex:  # type: ignore[override]
        if not child.isValid():
            return QModelIndex()
        gid = child.internalId()
        if gid == 0:
            return QModelIndex()
        return self.createIndex(gid - 1, 0, 0)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        if not parent.isValid():
            return len(GROUPS)
        if parent.internalId() == 0 and parent.column() == 0:
            return self._shown(parent.row())
        return 0

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 1

    def hasChildren(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> bool:
        return self.rowCount(parent) > 0

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if index.internalId() == 0:
            return _GROUP_FLAGS
        if index.row() >= GROUP_LIMIT:
            return _MORE_FLAGS
        return _ITEM_FLAGS

    def window_at(self, index: QModelIndex | QPersistentModelIndex) -> FollowupWindow | None:
        if not index.isValid() or index.internalId() == 0:
            return None
        g = self._groups[index.internalId() - 1]
        r = index.row()
        return g[r] if r < len(g) and r < GROUP_LIMIT else None

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if index.internalId() == 0:
            g = index.row()
            if role == Qt.ItemDataRole.DisplayRole:
                return f"{GROUPS[g]} ({len(self._groups[g])})"
            if role == Qt.ItemDataRole.FontRole:
                f = QFont(QApplication.font())
                f.setWeight(QFont.Weight.DemiBold)
                return f
            if role == Qt.ItemDataRole.ForegroundRole and g == G_OVERDUE and self._groups[g]:
                return colours.warning(QApplication.palette())  # a QColor: no QBrush type made
            if role == KeyRole:
                return None
            return None
        w = self.window_at(index)
        if w is None:
            if role == Qt.ItemDataRole.DisplayRole and index.row() == GROUP_LIMIT:
                more = len(self._groups[index.internalId() - 1]) - GROUP_LIMIT
                return f"… and {more} more (search the table to find one)"
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            who = f" · {w.recipient}" if w.recipient else ""
            return f"{window_phrase(w, self._now, self._tz)} — {w.company}{who}"
        if role == Qt.ItemDataRole.ToolTipRole:
            when = w.due_at or w.opens_at
            local = when.astimezone(self._tz)
            what = "Due" if w.due_at else "Opened"
            return f"{w.kind.label}: {w.company} — {w.role}\n{what} {local:%a %d %b %H:%M}"
        if role == Qt.ItemDataRole.DecorationRole:
            from followup_desktop.ui.icons import icon

            return icon("debrief" if w.kind is Kind.DEBRIEF else
                        "clock" if w.state is WindowState.UPCOMING else "mail")
        if role == Qt.ItemDataRole.ForegroundRole and w.state is WindowState.OVERDUE:
            return colours.warning(QApplication.palette())  # a QColor: no QBrush type made
        if role == KeyRole:
            return w.key
        return None


def _legend_item(mark: int, text: str, palette: QPalette) -> QWidget:
    from followup_desktop.ui.icons import dot_pixmap

    box = QWidget()
    lay = QHBoxLayout(box)
    lay.setContentsMargins(0, 0, 0, 0)
    lay.setSpacing(4)
    dot = QLabel()
    dot.setPixmap(dot_pixmap(mark_colour(mark, palette), 10, box.devicePixelRatioF()))
    label = QLabel(text)
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    lay.addWidget(dot)
    lay.addWidget(label)
    box.setAccessibleName(f"Legend: {text}")
    return box


class CalendarPane(QWidget):
    """The month, its legend, the chosen day's items and the agenda."""

    application_chosen = Signal(int)
    followup_chosen = Signal(str)

    def __init__(self, ctx: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._interview_days: set[dt.date] = set()
        self._agenda: Sequence[FollowupWindow] = ()
        self._tz: ZoneInfo = ZoneInfo("UTC")
        self._dated = False

        self.calendar = MarkedCalendar(self)
        self.calendar.setObjectName("calendar")
        self._build_legend()
        self._build_day_list()
        agenda_title = self._build_agenda()
        self._build_splitter(agenda_title)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.splitter)

        self.setTabOrder(self.calendar, self.day_list)
        self.setTabOrder(self.day_list, self.agenda_view)
        self._connect()

    def _build_legend(self) -> None:
        self.legend = QWidget(self)
        legend_lay = QHBoxLayout(self.legend)
        legend_lay.setContentsMargins(4, 0, 4, 0)
        legend_lay.setSpacing(12)
        for mark, text in MARK_LABELS:
            legend_lay.addWidget(_legend_item(mark, text, self.palette()))
        legend_lay.addStretch(1)

    def _build_day_list(self) -> None:
        self.day_title = QLabel(self)
        self.day_title.setObjectName("dayTitle")
        self.day_list = QListWidget(self)
        self.day_list.setAccessibleName("Items on the chosen day")
        self.day_list.setUniformItemSizes(True)
        self.day_list.setMinimumHeight(80)
        self.day_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def _build_agenda(self) -> QLabel:
        """The agenda's tree (:attr:`agenda_view`); returns its title (the day's title
        takes the same font)."""
        self.agenda_model = AgendaModel(self)
        self.agenda_view = QTreeView(self)
        self.agenda_view.setModel(self.agenda_model)
        self.agenda_view.setHeaderHidden(True)
        self.agenda_view.setUniformRowHeights(True)
        self.agenda_view.setRootIsDecorated(True)
        self.agenda_view.setAnimated(False)
        self.agenda_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.agenda_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.agenda_view.setAccessibleName("Agenda")
        self.agenda_view.setAccessibleDescription(
            "Follow-ups grouped as overdue, today, this week and later")
        self.agenda_view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.agenda_view.setTextElideMode(Qt.TextElideMode.ElideRight)

        agenda_title = QLabel("Agenda", self)
        agenda_title.setObjectName("paneTitle")
        title_font = QFont(agenda_title.font())
        title_font.setWeight(QFont.Weight.DemiBold)
        agenda_title.setFont(title_font)
        self.day_title.setFont(title_font)
        return agenda_title

    def _build_splitter(self, agenda_title: QLabel) -> None:
        """The month with the day's items above, the agenda below."""
        top = QWidget(self)
        top_lay = QVBoxLayout(top)
        top_lay.setContentsMargins(0, 0, 0, 0)
        top_lay.setSpacing(6)
        top_lay.addWidget(self.calendar)
        top_lay.addWidget(self.legend)
        top_lay.addSpacing(4)
        top_lay.addWidget(self.day_title)
        top_lay.addWidget(self.day_list, 1)

        bottom = QWidget(self)
        bottom_lay = QVBoxLayout(bottom)
        bottom_lay.setContentsMargins(0, 4, 0, 0)
        bottom_lay.setSpacing(6)
        bottom_lay.addWidget(agenda_title)
        bottom_lay.addWidget(self.agenda_view, 1)

        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.setObjectName("calendarSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(top)
        self.splitter.addWidget(bottom)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([400, 330])

    def _connect(self) -> None:
        self.calendar.selectionChanged.connect(self._day_changed)
        self.day_list.itemActivated.connect(self._day_item_chosen)
        self.day_list.itemClicked.connect(self._day_item_chosen)
        self.agenda_view.clicked.connect(self._agenda_chosen)
        self.agenda_view.activated.connect(self._agenda_chosen)

    # -- data -------------------------------------------------------------------------------

    def set_data(self, interviews: set[dt.date], agenda: Sequence[FollowupWindow],
                 now: dt.datetime, tz: ZoneInfo) -> None:
        """``interviews``: the local days with a round (:func:`interview_days`); a day's
        rounds are read from the store when it is shown."""
        first = not self._dated
        self._dated = True
        self._interview_days, self._agenda, self._tz = interviews, agenda, tz
        self.calendar.set_marks(day_marks(interviews, agenda, tz))
        self.agenda_model.set_agenda(agenda, now, tz)
        counts = [len(g) for g in self.agenda_model.groups()]
        root = QModelIndex()
        for g in range(len(GROUPS)):
            # as ``agenda`` prints them: an empty group is left out (all shown, at 0, when
            # nothing at all is planned: the headings say what will come there)
            self.agenda_view.setRowHidden(g, root, not counts[g] and any(counts))
            self.agenda_view.setExpanded(self.agenda_model.index(g, 0), True)
        if first:
            today = now.astimezone(tz).date()
            self.calendar.setSelectedDate(QDate(today.year, today.month, today.day))
        self._day_changed()

    def selected_day(self) -> dt.date:
        return self.calendar.selectedDate().toPython()  # type: ignore[return-value]

    def _day_changed(self) -> None:
        day = self.selected_day()
        self.day_title.setText(f"{day:%A %d %B}")
        self.day_list.clear()
        palette = self.palette()
        meetings = (meetings_on(self.ctx.store, day, self._tz)
                    if day in self._interview_days and self.ctx is not None else [])
        items = day_items(day, meetings, self._agenda, self._tz)
        icons: dict[int, QIcon] = {}  # one dot a mark, shared by its items (hundreds a day)
        for _when, text, mark, target in items:
            item = QListWidgetItem(text)
            icon = icons.get(mark)
            if icon is None:
                from followup_desktop.ui.icons import dot_pixmap

                icon = icons[mark] = QIcon(dot_pixmap(mark_colour(mark, palette), 10,
                                                      self.devicePixelRatioF()))
            item.setIcon(icon)
            item.setData(TargetRole, target)
            self.day_list.addItem(item)
        if not items:
            empty = QListWidgetItem("Nothing planned on this day.")
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            self.day_list.addItem(empty)

    def _day_item_chosen(self, item: QListWidgetItem) -> None:
        target = item.data(TargetRole)
        if not target:
            return
        what, value = target
        if what == "app":
            self.application_chosen.emit(int(value))
        else:
            self.followup_chosen.emit(str(value))

    def _agenda_chosen(self, index: QModelIndex) -> None:
        w = self.agenda_model.window_at(index)
        if w is not None:
            self.followup_chosen.emit(w.key)

    def select_key(self, key: str) -> None:
        """Highlight ``key`` in the agenda, when it is there."""
        for gi, group in enumerate(self.agenda_model.groups()):
            for ri, k in enumerate(_keys(group, GROUP_LIMIT)):
                if k == key:
                    idx = self.agenda_model.index(ri, 0, self.agenda_model.index(gi, 0))
                    self.agenda_view.setCurrentIndex(idx)
                    self.agenda_view.scrollTo(idx)
                    return
