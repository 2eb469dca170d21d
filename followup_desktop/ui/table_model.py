"""The interview table: one row per application, the search applied in the model.

Rows are compact tuples made once per refresh, one per application as the plan streams
past (``ctx.survey``): ``data()`` only indexes into them, and the model keeps no records
(``ctx.application(id)`` reads one when it is needed). A refresh compares the new rows with the
old ones by application id and reports the difference with ``dataChanged`` /
``beginInsertRows`` / ``beginRemoveRows`` (and a layout change when the sort order moves),
never a model reset, so the selection and the scroll position survive an edit.

Sorting and the search both happen here, on precomputed keys and a precomputed folded
haystack per row (company, role, people, notes, talking points, debriefs; accents and case
ignored, :mod:`followup_desktop.search`). A ``QSortFilterProxyModel`` would call back into
Python for every comparison and for every row at every keystroke (4,000 calls a letter at
10,000 interviews, about half of a keystroke's time); here a keystroke is one list
comprehension and one layout change.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QIcon, QPalette
from PySide6.QtWidgets import QApplication

from followup_desktop.humanize import window_phrase
from followup_desktop.records import Application, FollowupWindow, Kind, Status, WindowState
from followup_desktop.search import fold, query_words
from followup_desktop.settings import Settings

COL_COMPANY = 0
COL_ROLE = 1
COL_LATEST = 2
COL_PEOPLE = 3
COL_STATUS = 4
COL_NEXT = 5

_HEADERS = ("Company", "Role", "Latest round", "People", "Status", "Next follow-up")

SortRole = int(Qt.ItemDataRole.UserRole) + 1
#: The key of the row's next follow-up window (``str``) or ``None``.
WindowKeyRole = int(Qt.ItemDataRole.UserRole) + 3
#: The application id (``int``).
IdRole = int(Qt.ItemDataRole.UserRole) + 4
#: ``True`` when the row invites a debrief.
DebriefRole = int(Qt.ItemDataRole.UserRole) + 5

STATUS_LABELS: dict[Status, str] = {
    Status.ACTIVE: "Active",
    Status.OFFER: "Offer",
    Status.REJECTED: "Rejected",
    Status.WITHDRAWN: "Withdrawn",
    Status.CLOSED_NO_RESPONSE: "No response",
}
_STATUS_RANK = {Status.OFFER: 0, Status.ACTIVE: 1, Status.CLOSED_NO_RESPONSE: 2,
                Status.REJECTED: 3, Status.WITHDRAWN: 4}
_STATE_RANK = {WindowState.OVERDUE: 0, WindowState.OPEN: 1, WindowState.SNOOZED: 2,
               WindowState.UPCOMING: 3}
FORMAT_LABELS = {"phone": "Phone", "video": "Video", "onsite": "On-site", "panel": "Panel"}
_FAR = float("inf")
_ACTING = (WindowState.OPEN, WindowState.OVERDUE, WindowState.SNOOZED)
_ACTING_NOW = (WindowState.OVERDUE, WindowState.OPEN)
_ACTIVE = Status.ACTIVE.value

#: The root (invalid) index, the default parent of the model methods.
_ROOT = QModelIndex()


class Row(NamedTuple):
    app_id: int
    cells: tuple[str, str, str, str, str, str]
    latest_at: float  # the latest round's start (a timestamp), for sorting
    next_rank: tuple[int, float]  # the next follow-up's :func:`urgency`, for sorting
    status: Status
    overdue: bool
    debrief: bool
    next_key: str | None
    haystack: str
    #: the "Next follow-up" cell is a reason (schedule.reasons), not the next window's phrase
    reason: bool = False

    def sort_key(self, col: int) -> Any:
        """The value column ``col`` sorts by. Text is compared case-folded, folded when a
        sort asks (a sort folds each row once): rows kept for the life of the window hold
        no folded copies of their text."""
        if col == COL_LATEST:
            return self.latest_at
        if col == COL_STATUS:
            return _STATUS_RANK.get(self.status, 9)
        if col == COL_NEXT:
            return self.next_rank
        return self.cells[col].casefold()


def urgency(w: FollowupWindow) -> tuple[int, float]:
    """Most urgent first: overdue, open (soonest due), snoozed, upcoming (soonest opening)."""
    when = w.due_at or w.opens_at
    if w.state is WindowState.UPCOMING:
        when = w.opens_at
    elif w.state is WindowState.SNOOZED and w.snoozed_until is not None:
        when = w.snoozed_until
    elif w.due_at is None:
        return (_STATE_RANK[w.state], _FAR)
    return (_STATE_RANK[w.state], when.timestamp())


def _next_rank(w: FollowupWindow) -> tuple[Any, ...]:
    """Message windows before the debrief, then as the agenda lists them
    (``schedule.groups``): overdue and open by due time (no deadline last), then the
    rest by when they open or come back; ties by the kind's urgency, the opening, the key
    -- so a click on a row selects what the agenda puts first for it."""
    from followup_desktop.schedule.groups import KIND_PRIORITY

    if w.state in _ACTING_NOW:
        moment = w.due_at.timestamp() if w.due_at is not None else _FAR
    elif w.state is WindowState.SNOOZED and w.snoozed_until is not None:
        moment = w.snoozed_until.timestamp()
    else:
        moment = w.opens_at.timestamp()
    return (1 if w.kind is Kind.DEBRIEF else 0, 0 if w.state in _ACTING_NOW else 1, moment,
            KIND_PRIORITY.get(w.kind, 99), w.opens_at, w.key)


def next_window(windows: Iterable[FollowupWindow]) -> FollowupWindow | None:
    """One application's most urgent message window (its debrief only if nothing else)."""
    return min(windows, key=_next_rank, default=None)


def invites_debrief(app: Application, now: dt.datetime,
                    settings: Settings | None = None) -> bool:
    """The latest round has ended, its debrief is not written yet (the schedule's rule:
    reflection notes, or talking points for everyone met) and still useful: a debrief
    never written expires with its window (``debrief_expires_hours``)."""
    from followup_desktop.schedule.rules import debrief_done

    if not app.interviews or app.status is Status.WITHDRAWN:
        return False
    latest = app.interviews[-1]
    if latest.end > now:
        return False
    s = settings if settings is not None else _DEFAULTS
    until = latest.end + dt.timedelta(hours=max(s.debrief_expires_hours,
                                                s.debrief_due_hours))
    if now > until:
        return False
    return not debrief_done(latest)


_DEFAULTS = Settings()


def latest_debrief_round(app: Application, now: dt.datetime) -> int | None:
    """The id of the latest ended round (the one a debrief is for), if any."""
    ended = [iv for iv in app.interviews if iv.end <= now]
    return ended[-1].id if ended else None


def build_row(app: Application, status: Status, nxt: FollowupWindow | None, now: dt.datetime,
              tz: ZoneInfo, reason: str | None = None,
              settings: Settings | None = None) -> Row:
    """One row; ``reason`` (:func:`~followup_desktop.schedule.reasons.plan_reason`) is
    what the next follow-up column says when nothing is open: what the application waits
    for, or why nothing is planned."""
    latest = app.interviews[-1] if app.interviews else None
    if latest is not None:
        local = latest.start.astimezone(tz)
        fmt = FORMAT_LABELS.get(latest.format.value, latest.format.value)
        if local.year == now.astimezone(tz).year:
            latest_text = f"{local:%a %d %b} · {fmt}"
        else:
            latest_text = f"{local:%d %b %Y} · {fmt}"
        latest_key: float = latest.start.timestamp()
    else:
        latest_text, latest_key = "—", -_FAR
    people = ", ".join(p.name for p in app.people)
    if nxt is not None:
        phrase = window_phrase(nxt, now, tz)
        if nxt.recipient:
            phrase = f"{phrase} · {nxt.recipient}"
        next_rank = urgency(nxt)
        overdue = nxt.state is WindowState.OVERDUE
    else:
        phrase, next_rank, overdue = "", (9, _FAR), False
    if reason:
        phrase = reason
    # What people remember: names, notes, talking points, debriefs; accents and case
    # folded (search.fold), as the query is.
    notes = [app.notes]
    for iv in app.interviews:
        notes += (iv.notes, iv.reflection)
        for part in iv.participants:
            notes += part.talking_points
    hay = fold(" ".join([app.company, app.role, people, *notes]))
    return Row(app.id, (app.company, app.role, latest_text, people, STATUS_LABELS[status],
                        phrase),
               latest_key, next_rank, status, overdue, invites_debrief(app, now, settings),
               nxt.key if nxt is not None else None, hay, bool(reason))


def row_for(app: Application, windows: Iterable[FollowupWindow], settings: Settings,
            now: dt.datetime, tz: ZoneInfo) -> Row:
    """The row of ``app``, given its own windows (``ctx.survey`` hands out both)."""
    from followup_desktop.schedule import effective_status
    from followup_desktop.schedule.reasons import plan_reason

    own = windows if isinstance(windows, list) else list(windows)
    return build_row(app, effective_status(app, settings, now, tz), next_window(own),
                     now, tz, plan_reason(app, own, settings, tz, now), settings)


class InterviewTableModel(QAbstractTableModel):
    """One row per application, the search applied; see the module docstring.

    The model holds every row (``rows()``, in the chosen order) and shows the ones the
    search matches (``rowCount()``, ``row()``, ``row_of()`` are about the shown ones)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        #: every row, in the chosen order
        self._all: list[Row] = []
        self._by_id: dict[int, Row] = {}
        #: the rows shown (those the search matches), in the same order, and their places
        self._rows: list[Row] = []
        self._pos: dict[int, int] = {}
        self._words: tuple[str, ...] = ()
        self._sort_column = -1
        self._sort_order = Qt.SortOrder.AscendingOrder
        #: bumped whenever a row appears, vanishes, changes or moves
        self.generation = 0
        #: (column, order, generation) of the last sort: rows not changed since need none
        self._sorted: tuple[int, Qt.SortOrder, int] | None = None
        self._hay: tuple[int, list[str]] | None = None
        #: the search texts of rows read from a kept plan (theirs are empty), inflated
        #: at the first search (:class:`KeptHaystacks`)
        self._kept_hay: KeptHaystacks | None = None
        self._debrief_icon: QIcon | None = None
        self._warn: QColor | None = None
        self._bold: QFont | None = None

    # -- reading ----------------------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(_HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(_HEADERS):
            if role == Qt.ItemDataRole.DisplayRole:
                return _HEADERS[section]
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | \
            Qt.ItemFlag.ItemNeverHasChildren

    def data(self, index: QModelIndex | QPersistentModelIndex,  # noqa: C901 - Qt's data(): one answer per role and column
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r = index.row()
        if r >= len(self._rows):
            return None
        row = self._rows[r]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return row.cells[col]
        if role == Qt.ItemDataRole.ForegroundRole:
            if col == COL_NEXT and row.overdue:
                return self._warning_brush()
            return None
        if role == Qt.ItemDataRole.DecorationRole:
            if col == COL_COMPANY and row.debrief:
                return self._debrief()
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == COL_COMPANY and row.debrief:
                return (f"{row.cells[col]}\n\nThe latest round has ended: write a short "
                        "debrief (talking points, what they said about timing, promises) "
                        "while it is fresh.")
            # every cell says its whole text: a narrow column elides it
            return row.cells[col] or None
        if role == Qt.ItemDataRole.FontRole:
            if col == COL_COMPANY:
                return self._bold_font()
            return None
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return row.cells[col] or "none"
        if role == SortRole:
            return row.sort_key(col)
        if role == IdRole:
            return row.app_id
        if role == WindowKeyRole:
            return row.next_key
        if role == DebriefRole:
            return row.debrief
        return None

    def _warning_brush(self) -> QColor:
        """The foreground of an overdue row: a colour, which the delegate paints as a
        brush (a ``QBrush`` here would make PySide6 build the types of ``QImage`` and
        ``QGradient``, with their enums, while resolving its constructor: ~2 ms)."""
        if self._warn is None:
            from followup_desktop.ui import colours

            self._warn = colours.warning(QApplication.palette())
        return self._warn

    def _debrief(self) -> QIcon:
        if self._debrief_icon is None:
            from followup_desktop.ui.icons import icon

            self._debrief_icon = icon("debrief")
        return self._debrief_icon

    def _bold_font(self) -> QFont:
        if self._bold is None:
            f = QFont(QApplication.font())
            f.setWeight(QFont.Weight.DemiBold)
            self._bold = f
        return self._bold

    def palette_changed(self, _palette: QPalette | None = None) -> None:
        """Forget palette-derived brushes (the theme changed) and repaint."""
        self._warn = None
        self._bold = None
        self._debrief_icon = None
        if self._rows:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self._rows) - 1, len(_HEADERS) - 1))

    # -- helpers for the window -------------------------------------------------------------

    def row_of(self, app_id: int) -> int:
        """The row an application is shown in, or -1 (no such row, or the search hides it)."""
        return self._pos.get(app_id, -1)

    def row(self, r: int) -> Row:
        """The ``r``-th row shown."""
        return self._rows[r]

    def row_for(self, app_id: int) -> Row | None:
        """An application's row, shown or hidden by the search."""
        return self._by_id.get(app_id)

    def rows(self) -> Sequence[Row]:
        """Every row, hidden ones included, in the chosen order."""
        return self._all

    def total(self) -> int:
        """How many rows there are, hidden ones included."""
        return len(self._all)

    def haystacks(self) -> list[str]:
        """Every row's lowercase search text, in ``rows()`` order (cached per generation)."""
        cached = self._hay
        if cached is not None and cached[0] == self.generation:
            return cached[1]
        of = self.haystack_of
        hay = [of(r) for r in self._all]
        self._hay = (self.generation, hay)
        return hay

    def haystack_of(self, row: Row) -> str:
        """``row``'s search text: its own, or (a row read from a kept plan has none) the
        text kept for its application, by the row the model holds or the kept plan."""
        if row.haystack:
            return row.haystack
        mine = self._by_id.get(row.app_id)
        if mine is not None and mine.haystack:
            return mine.haystack
        kept = self._kept_hay
        return kept.get(row.app_id) if kept is not None else ""

    def kept_haystacks(self) -> KeptHaystacks | None:
        """The kept plan's search texts the rows still use, if any (:meth:`set_rows`)."""
        return self._kept_hay

    def sort_column(self) -> int:
        return self._sort_column

    def sort_order(self) -> Qt.SortOrder:
        return self._sort_order

    # -- the search -------------------------------------------------------------------------

    def query(self) -> str:
        return " ".join(self._words)

    def set_query(self, text: str) -> None:
        """Show the rows matching every word of ``text`` (accents and case ignored).

        One layout change, not hundreds of scattered row removals: cheaper for the view
        when a keystroke hides or shows rows all over the table. A query that only narrows
        the last one (a letter typed) tests only the rows shown."""
        words = query_words(text)
        if words == self._words:
            return
        narrows = bool(self._words) and all(any(old in new for new in words)
                                            for old in self._words)
        self._words = words
        shown = self._matching(self._rows if narrows else None)
        if [r.app_id for r in shown] != [r.app_id for r in self._rows]:
            self._relayout(shown)

    def _matching(self, among: list[Row] | None = None) -> list[Row]:
        """The rows the query matches, in order: among ``among`` (rows known to match a
        query this one narrows) or among all rows."""
        words = self._words
        if not words:
            return list(self._all)
        if among is None:
            hay = self.haystacks()
            first = words[0]
            idx = [i for i, h in enumerate(hay) if first in h]
            for w in words[1:]:
                idx = [i for i in idx if w in hay[i]]
            rows = self._all
            return [rows[i] for i in idx]
        shown = among
        of = self.haystack_of
        for w in words:
            shown = [r for r in shown if w in of(r)]
        return shown

    # -- writing ----------------------------------------------------------------------------

    def set_rows(self, rows: Sequence[Row], kept_hay: KeptHaystacks | None = None) -> None:
        """Bring the model to ``rows`` with the smallest set of signals (no reset): rows
        gone are removed, changed rows updated in place, new rows added at the end, and
        then the chosen order kept (one layout change if anything moved). ``kept_hay``:
        the search texts of rows read from a kept plan (:func:`kept_rows`), whose own are
        empty; rows given without it have their own (a plan's), and the kept ones go."""
        if kept_hay is not self._kept_hay:
            self._hay = None  # the texts a search reads come from elsewhere now
        self._kept_hay = kept_hay
        by_id = {r.app_id: r for r in rows}
        if by_id != self._by_id or len(rows) != len(self._all):
            kept = [by_id[r.app_id] for r in self._all if r.app_id in by_id]
            added = [r for r in rows if r.app_id not in self._by_id]
            self._all = kept + added
            self._by_id = by_id
            self.generation += 1
        self._bring_shown_to(self._matching())
        if self._sort_column >= 0:  # then the chosen order, in one layout change
            self.sort(self._sort_column, self._sort_order)

    def _bring_shown_to(self, shown: list[Row]) -> None:
        new_ids = {r.app_id for r in shown}
        # 1. removals, from the bottom up, in contiguous ranges
        gone = sorted((p for i, p in self._pos.items() if i not in new_ids), reverse=True)
        while gone:
            last = first = gone.pop(0)
            while gone and gone[0] == first - 1:
                first = gone.pop(0)
            self.beginRemoveRows(QModelIndex(), first, last)
            del self._rows[first:last + 1]
            self._reindex()
            self.endRemoveRows()
        # 2. the rows staying, in their new order (one layout change if they moved)
        before = {r.app_id: r for r in self._rows}
        staying = [r for r in shown if r.app_id in before]
        if [r.app_id for r in staying] != [r.app_id for r in self._rows]:
            self._relayout(staying)
        else:
            self._rows = staying
        # 3. changes in place
        changed = [p for p, fresh in enumerate(staying) if before[fresh.app_id] != fresh]
        if changed:
            last_col = len(_HEADERS) - 1
            if len(changed) > 64:
                self.dataChanged.emit(self.index(changed[0], 0), self.index(changed[-1], last_col))
            else:
                for p in changed:
                    self.dataChanged.emit(self.index(p, 0), self.index(p, last_col))
        # 4. additions where the order puts them, in contiguous runs
        at = 0
        while at < len(shown):
            if shown[at].app_id in self._pos:
                at += 1
                continue
            end = at
            while end < len(shown) and shown[end].app_id not in self._pos:
                end += 1
            self.beginInsertRows(QModelIndex(), at, end - 1)
            self._rows[at:at] = shown[at:end]
            self._reindex()
            self.endInsertRows()
            at = end

    def _relayout(self, shown: list[Row]) -> None:
        """Show ``shown`` instead, in one layout change: the selection and the current row
        follow their application, or go when it is hidden."""
        self.layoutAboutToBeChanged.emit()
        old_persistent = self.persistentIndexList()
        old_rows = self._rows
        self._rows = shown
        self._reindex()
        if old_persistent:
            new_persistent = []
            for ix in old_persistent:
                r = self._pos.get(old_rows[ix.row()].app_id, -1) if ix.isValid() else -1
                new_persistent.append(self.index(r, ix.column()) if r >= 0 else QModelIndex())
            self.changePersistentIndexList(old_persistent, new_persistent)
        self.layoutChanged.emit()

    def _reindex(self) -> None:
        self._pos = {r.app_id: i for i, r in enumerate(self._rows)}

    def _in_order(self, column: int, order: Qt.SortOrder) -> list[Row]:
        return in_order(self._all, column, order == Qt.SortOrder.DescendingOrder)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._sort_column, self._sort_order = column, order
        if column < 0 or column >= len(_HEADERS) or len(self._all) < 2:
            return
        if self._sorted == (column, order, self.generation):
            return  # these rows are in this order already (a start asks three times)
        ordered = self._in_order(column, order)
        self._sorted = (column, order, self.generation)
        if [r.app_id for r in ordered] == [r.app_id for r in self._all]:
            return
        self._all = ordered
        self.generation += 1
        self._sorted = (column, order, self.generation)
        self._relayout(self._matching())


# -- rows kept with the plan in the database (store.plan_cache) --------------------------------

#: the modules whose code makes a kept row (their source is part of the plan's fingerprint)
ROW_MODULES = ("followup_desktop.ui.table_model", "followup_desktop.humanize",
               "followup_desktop.schedule.reasons",
               "followup_desktop.ui.calendar_pane")


def in_order(rows: Iterable[Row], column: int, reverse: bool = False) -> list[Row]:
    """``rows`` by column ``column`` (:meth:`Row.sort_key`), then company, then id: the
    same order as one sort by those three as a tuple, made as three stable sorts, the
    least significant first, each by one plain key (no tuple and no method call per row:
    a start sorts 4,169 rows at 10,000 interviews: 5.3 ms as one sort, 2.9 ms so)."""
    from operator import attrgetter

    out = sorted(rows, key=attrgetter("app_id"), reverse=reverse)
    out.sort(key=lambda r: r.cells[COL_COMPANY].casefold(), reverse=reverse)
    if column == COL_LATEST:
        key: Callable[[Row], Any] = attrgetter("latest_at")
    elif column == COL_NEXT:
        key = attrgetter("next_rank")
    elif column == COL_STATUS:
        key = lambda r: _STATUS_RANK.get(r.status, 9)  # noqa: E731
    else:
        key = lambda r: r.cells[column].casefold()  # noqa: E731
    out.sort(key=key, reverse=reverse)
    return out


def plain_rows(rows: Sequence[Row], agenda: Any,
               haystack_of: Callable[[Row], str] | None = None,
               kept_hay: KeptHaystacks | None = None) -> dict[str, Any]:
    """``rows`` as marshal-able values, with each row's next follow-up as its index in the
    (packed) ``agenda``, -1 for none: what a start restates them from (:func:`kept_rows`).

    The rows' search texts go beside them, in one compressed piece (``"hay"``): a start
    keeps them so until the first search. ``haystack_of`` gives a row's (the model's
    :meth:`~InterviewTableModel.haystack_of`, for rows read from a kept plan, whose own
    are empty); ``kept_hay``, the kept plan's: when it holds these very rows' texts it
    is carried as it is, not inflated."""
    from array import array

    from followup_desktop.schedule.horizon import app_windows

    by_app = app_windows(agenda)
    nexts = array("q")
    out = []
    # One object per distinct cell text (a role, a status, a round's day and format are
    # shared by many rows): marshal writes a repeated object once, and a start reads it
    # back as one (~0.4 MB less of the start's peak at 10k)
    shared: dict[str, str] = {}
    one = shared.setdefault
    for r in rows:
        i = -1
        if r.next_key is not None:
            for j in by_app.get(r.app_id, ()):
                if agenda.key(j) == r.next_key:
                    i = j
                    break
        nexts.append(i)
        cells = tuple(one(c, c) for c in r.cells)
        out.append((r.app_id, cells, r.latest_at, r.next_rank, r.status.value, r.overdue,
                    r.debrief, r.next_key, "", r.reason))
    ids = [r.app_id for r in rows]
    packed = kept_hay.packed_for(ids) if kept_hay is not None and not any(
        r.haystack for r in rows) else None
    if packed is None:
        of = haystack_of or (lambda r: r.haystack)
        packed = KeptHaystacks.pack(ids, [of(r) for r in rows])
    return {"rows": out, "next": nexts.tobytes(), "hay": packed}


class KeptHaystacks:
    """The search texts of a kept plan's rows, in one compressed piece: a start from the
    kept plan holds 4,169 of them at 10,000 interviews (0.83 MB as strings, 83 KB
    compressed) for a search that may never come; the first search inflates them
    (a few ms), once. A piece that does not read searches as empty texts (the next plan
    brings the rows' own)."""

    def __init__(self, ids: bytes, packed: bytes) -> None:
        self._ids, self._packed = ids, packed
        self._by_id: dict[int, str] | None = None

    @staticmethod
    def pack(ids: list[int], texts: list[str]) -> tuple[bytes, bytes]:
        """What :func:`plain_rows` keeps: the application ids, and the texts compressed."""
        import marshal
        import zlib
        from array import array

        return array("q", ids).tobytes(), zlib.compress(marshal.dumps(texts), 1)

    def _read(self) -> dict[int, str]:
        if self._by_id is None:
            import marshal
            import zlib
            from array import array

            try:
                ids = array("q")
                ids.frombytes(self._ids)
                texts = marshal.loads(zlib.decompress(self._packed))
                if not isinstance(texts, list) or not all(type(t) is str for t in texts):
                    raise TypeError("not a list of texts")
                by_id = dict(zip(ids, texts, strict=True))
            except (TypeError, ValueError, EOFError, zlib.error):
                by_id = {}
            self._by_id = by_id
        return self._by_id

    @property
    def is_read(self) -> bool:
        return self._by_id is not None

    def get(self, app_id: int) -> str:
        return self._read().get(app_id, "")

    def packed_for(self, ids: list[int]) -> tuple[bytes, bytes] | None:
        """The piece as kept, when it holds exactly the rows ``ids`` (in that order)."""
        from array import array

        return (self._ids, self._packed) if array("q", ids).tobytes() == self._ids else None


def kept_haystacks(kept: dict[str, Any]) -> KeptHaystacks | None:
    """The search texts kept with :func:`plain_rows`' rows, not inflated."""
    kept_hay = kept.get("hay")
    if (isinstance(kept_hay, tuple) and len(kept_hay) == 2
            and all(isinstance(part, bytes) for part in kept_hay)):
        return KeptHaystacks(*kept_hay)
    return None


def kept_rows(kept: dict[str, Any], agenda: Any, changed: set[int],
              now: dt.datetime, remap: Any = None,
              reason_of: Callable[[int, list[FollowupWindow]], str | None] | None = None,
              *, tz: dt.tzinfo) -> list[Row]:
    """The rows of :func:`plain_rows` as of ``now``, given the agenda restated at ``now``
    (``remap``: the old positions' new ones, when windows expired) and the applications
    whose windows changed state or expired since (their next follow-up is chosen
    again); every row's "Next follow-up" phrase is written for ``now``. ``kept["rows"]``
    is consumed (each entry set to None as its row is made).

    A row that said why nothing is open (a reason) keeps it while nothing is; a changed
    application with nothing open asks ``reason_of(app id, its windows)`` when given."""
    from array import array

    from followup_desktop.schedule.horizon import app_windows

    nexts = array("q")
    nexts.frombytes(kept["next"])
    by_app = app_windows(agenda) if changed else {}
    status_of = {s.value: s for s in Status}
    from followup_desktop.schedule.agenda import Agenda

    columns = next_from_columns(agenda, now, tz) if isinstance(agenda, Agenda) else None
    out: list[Row] = []
    kept_list: list[Any] = kept["rows"]
    if len(kept_list) != len(nexts):
        raise ValueError("kept rows and their next follow-ups differ in number")
    for k, i in enumerate(nexts):
        (app_id, cells, latest_at, _rank, status, _overdue, debrief, _key, hay, had_reason
         ) = kept_list[k]
        # consumed: each kept row goes as its Row is made, so the start never holds both
        # lists whole (4,169 rows at 10k: ~1.5 MB less at the start's peak)
        kept_list[k] = None
        reason: str | None = cells[5] if had_reason else None
        if app_id in changed:
            own = [agenda[j] for j in by_app.get(app_id, ())]
            nxt = next_window(own)
            if status != _ACTIVE or any(w.state in _ACTING for w in own):
                reason = None  # only an active application says why (records not read)
            elif reason_of is not None:
                reason = reason_of(app_id, own)
        else:
            if i >= 0 and remap is not None:
                i = remap[i]
            if i >= 0 and columns is not None:
                # the row's next follow-up as it is now, read from the agenda's columns
                # (no window object made: 4,000 rows of a 10,000-interview start)
                phrase, rank, overdue, key = columns(i)
                out.append(Row(app_id, (*cells[:5], reason or phrase), latest_at, rank,
                               status_of[status], overdue, debrief, key, hay, bool(reason)))
                continue
            nxt = agenda[i] if i >= 0 else None
        if nxt is not None:
            phrase = window_phrase(nxt, now, tz)
            if nxt.recipient:
                phrase = f"{phrase} · {nxt.recipient}"
            rank, overdue, key = urgency(nxt), nxt.state is WindowState.OVERDUE, nxt.key
        else:
            phrase, rank, overdue, key = "", (9, _FAR), False, None
        out.append(Row(app_id, (*cells[:5], reason or phrase), latest_at,
                       rank, status_of[status], overdue, debrief, key, hay, bool(reason)))
    return out


def next_from_columns(agenda: Any, now: dt.datetime, tz: dt.tzinfo
                      ) -> Callable[[int], tuple[str, tuple[int, float], bool, str]]:
    """For window ``i`` of ``agenda``: what :func:`kept_rows` writes of a row's next
    follow-up (its "Next follow-up" phrase as of ``now``, :func:`urgency`, overdue, key),
    read from the columns: the same as :func:`window_phrase` and :func:`urgency` of
    ``agenda[i]`` (times as microseconds: the same seconds as ``total_seconds()`` and
    ``timestamp()`` give)."""
    from followup_desktop.humanize import DayCounter
    from followup_desktop.schedule.agenda import NONE, STATE_CODE

    counter = DayCounter(now, tz)
    relative, overdue_by = counter.relative, counter.overdue_by
    opens, due, snoozed = agenda.opens_us, agenda.due_us, agenda.snoozed_us
    states, kinds = agenda.state_codes, agenda.kind_codes
    labels = tuple(k.label for k in Kind)
    by_code = tuple(STATE_CODE)
    rank_of = tuple(_STATE_RANK.get(s, -1) for s in by_code)
    snoozed_c, upcoming_c = STATE_CODE[WindowState.SNOOZED], STATE_CODE[WindowState.UPCOMING]
    expired_c, overdue_c = STATE_CODE[WindowState.EXPIRED], STATE_CODE[WindowState.OVERDUE]

    def at(i: int) -> tuple[str, tuple[int, float], bool, str]:
        label, state, t_due, t_snooze = labels[kinds[i]], states[i], due[i], snoozed[i]
        if state == snoozed_c and t_snooze != NONE:
            phrase = f"{label} snoozed, back {relative(t_snooze)}"
        elif state == upcoming_c:
            phrase = f"{label} opens {relative(opens[i])}"
        elif state == expired_c:
            phrase = f"{label} too late"
        elif state == overdue_c and t_due != NONE:
            phrase = f"{label} overdue by {overdue_by(t_due)}"
        elif t_due != NONE:
            phrase = f"{label} due {relative(t_due)}"
        else:
            phrase = f"{label} open"
        recipient = agenda.recipient(i)
        if recipient:
            phrase = f"{phrase} · {recipient}"
        rank = rank_of[state]
        if rank < 0:
            raise KeyError(by_code[state])  # as urgency(): no rank for this state
        if state == upcoming_c:
            when = opens[i]
        elif state == snoozed_c and t_snooze != NONE:
            when = t_snooze
        elif t_due == NONE:
            return phrase, (rank, _FAR), state == overdue_c, agenda.key(i)
        else:
            when = t_due
        return phrase, (rank, when / 10**6), state == overdue_c, agenda.key(i)

    return at
