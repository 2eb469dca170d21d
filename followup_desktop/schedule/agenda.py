"""The agenda packed in columns: what a long-running window keeps of the plan.

A plan of 10,000 applications is about 22,000 windows. As :class:`~..records.FollowupWindow`
objects (each with its key string and two to four ``datetime`` objects) they took about
9 MB of the window's memory, and, being made batch by batch between the records read for
them, kept far more of the heap from being returned. :class:`Agenda` keeps the same
windows in a few flat arrays (times as integer microseconds, ids as integers, kind and
state as bytes) and lists of references to strings the records already had: about 115
bytes a window. A :class:`FollowupWindow` is made again, equal to the one packed, when it is asked
for (about 5 µs); the hot paths (counting states, one application's windows, a key, the
calendar's days) read the columns and make only the windows they return.

A one-shot command keeps its plain ``list[FollowupWindow]`` (:attr:`AppContext.pack` is off): it
holds the plan only as long as it prints it, and packing would cost it time.

No Qt here.
"""

from __future__ import annotations

import datetime as dt
from array import array
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from itertools import groupby
from typing import Any, overload

from followup_desktop.records import FollowupWindow, Kind, WindowState, window_key

__all__ = ["NONE", "STATE_CODE", "Agenda", "AgendaPart", "find_window", "first_upcoming",
           "state_counts", "to_us", "windows_of"]

_UTC = dt.UTC
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=_UTC)
_US = dt.timedelta(microseconds=1)
#: None, in an integer column (ids are SQLite row ids; times are microseconds since 1970,
#: within ±3·10^17 for every ``datetime``)
NONE = -(2**63)
_KINDS: tuple[Kind, ...] = tuple(Kind)
#: each kind's key prefix (its value), by kind code: :meth:`Agenda.key` without the enum
_KIND_PREFIX: tuple[str, ...] = tuple(f"{k.value}:a" for k in _KINDS)
_KIND_CODE = {k: i for i, k in enumerate(_KINDS)}
_STATES: tuple[WindowState, ...] = tuple(WindowState)
STATE_CODE = {s: i for i, s in enumerate(_STATES)}
_NOTIFIED, _DRAFTED, _EXPORTED = 1, 2, 4


def to_us(t: dt.datetime) -> int:
    """An aware moment as a time column holds it: microseconds since 1970 (UTC)."""
    return (t - _EPOCH) // _US


def _time(us: int) -> dt.datetime | None:
    return None if us == NONE else _EPOCH + dt.timedelta(microseconds=us)


def _id(v: int) -> int | None:
    return None if v == NONE else v


class _Windows(Sequence[FollowupWindow]):
    """What :class:`Agenda` and :class:`AgendaPart` share: windows made by position."""

    __slots__ = ()

    def _make_at(self, pos: int) -> FollowupWindow:
        raise NotImplementedError

    @overload
    def __getitem__(self, i: int) -> FollowupWindow: ...

    @overload
    def __getitem__(self, i: slice) -> list[FollowupWindow]: ...

    def __getitem__(self, i: int | slice) -> FollowupWindow | list[FollowupWindow]:
        n = len(self)
        if isinstance(i, slice):
            return [self._make_at(p) for p in range(*i.indices(n))]
        if i < 0:
            i += n
        if not 0 <= i < n:
            raise IndexError("agenda index out of range")
        return self._make_at(i)

    def __iter__(self) -> Iterator[FollowupWindow]:
        for p in range(len(self)):
            yield self._make_at(p)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, _Windows | list | tuple):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other,
                                                                          strict=True))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]


class Agenda(_Windows):
    """A sequence of windows in columns (see the module docstring).

    ``agenda[i]`` and iteration make :class:`FollowupWindow` objects equal to those appended; the
    columns (:attr:`opens_us`, :attr:`due_us`, :attr:`snoozed_us`, :attr:`state_codes`,
    :attr:`app_ids`) are for readers that need one field of every window.
    """

    __slots__ = ("opens_us", "due_us", "late_us", "snoozed_us", "app_ids", "_interview",
                 "_person", "_promise", "kind_codes", "state_codes", "_flags", "_company",
                 "_role", "_recipient", "_to", "_extra", "_suffix", "_whole", "known_keys")

    def __init__(self, windows: Iterable[FollowupWindow] = ()) -> None:
        self.opens_us = array("q")
        self.due_us = array("q")
        self.late_us = array("q")
        self.snoozed_us = array("q")
        self.app_ids = array("q")
        self._interview = array("q")
        self._person = array("q")
        self._promise = array("q")
        self.kind_codes = bytearray()
        self.state_codes = bytearray()
        self._flags = bytearray()
        self._company: list[str] = []
        self._role: list[str] = []
        self._recipient: list[str | None] = []
        self._to: list[str | None] = []
        self._extra: list[tuple[tuple[str, str], ...]] = []
        #: what follows :func:`window_key` in the key ("" nearly always: a check-in's ":s1")
        self._suffix: list[str] = []
        #: windows kept whole: a key not built by :func:`window_key`, or a time not in UTC
        self._whole: dict[int, FollowupWindow] = {}
        #: the keys of the first windows as a kept plan stored them (``store.plan_cache``),
        #: read instead of made again; windows appended later make theirs
        self.known_keys: list[str] | None = None
        self.extend(windows)

    @classmethod
    def of(cls, windows: Sequence[FollowupWindow]) -> Agenda:
        """``windows`` itself if it is an :class:`Agenda`, else packed."""
        return windows if isinstance(windows, Agenda) else cls(windows)

    # -- writing ----------------------------------------------------------------------------

    def append(self, w: FollowupWindow) -> None:
        self.extend((w,))

    def extend(self, windows: Iterable[FollowupWindow]) -> None:
        # One loop with every column's append bound once: ~3 µs a window (this runs for
        # each of the 22,000 windows of a 10,000-interview plan, on every re-plan).
        whole = self._whole
        i = len(self._suffix)
        opens, due, late, snoozed = (self.opens_us.append, self.due_us.append,
                                     self.late_us.append, self.snoozed_us.append)
        apps, interview, person, promise = (self.app_ids.append, self._interview.append,
                                            self._person.append, self._promise.append)
        kinds, states, flags = (self.kind_codes.append, self.state_codes.append,
                                self._flags.append)
        company, role, recipient, to, extra, suffixes = (
            self._company.append, self._role.append, self._recipient.append,
            self._to.append, self._extra.append, self._suffix.append)
        for w in windows:
            iv, pid, mid = w.interview_id, w.person_id, w.promise_id
            base = window_key(w.kind, w.application_id, iv, pid, mid)
            key = w.key
            if key.startswith(base):
                suffixes(key[len(base):])
            else:
                suffixes("")
                whole[i] = w
            t_opens, t_due, t_late, t_snoozed = (w.opens_at, w.due_at, w.late_until,
                                                 w.snoozed_until)
            if not ((t_opens.tzinfo is _UTC) and (t_due is None or t_due.tzinfo is _UTC)
                    and (t_late is None or t_late.tzinfo is _UTC)
                    and (t_snoozed is None or t_snoozed.tzinfo is _UTC)):
                whole[i] = w  # comes back identical only from UTC
            opens((t_opens - _EPOCH) // _US)
            due(NONE if t_due is None else (t_due - _EPOCH) // _US)
            late(NONE if t_late is None else (t_late - _EPOCH) // _US)
            snoozed(NONE if t_snoozed is None else (t_snoozed - _EPOCH) // _US)
            apps(w.application_id)
            interview(NONE if iv is None else iv)
            person(NONE if pid is None else pid)
            promise(NONE if mid is None else mid)
            kinds(_KIND_CODE[w.kind])
            states(STATE_CODE[w.state])
            flags((_NOTIFIED if w.notified else 0) | (_DRAFTED if w.drafted else 0)
                  | (_EXPORTED if w.exported else 0))
            company(w.company)
            role(w.role)
            recipient(w.recipient)
            to(w.to)
            extra(w.extra)
            i += 1

    def sort(self) -> Agenda:
        """In place, in :func:`~.rules.sort_windows`' order: (opens_at, company, kind,
        recipient), then application id and key for ties."""
        recipient = self._recipient
        kinds = self.kind_codes
        order = self.ordered(range(len(self)), (
            self.opens_us.__getitem__, self._company.__getitem__,
            lambda i: _KINDS[kinds[i]],  # a StrEnum sorts as its value
            lambda i: recipient[i] or "", self.app_ids.__getitem__))
        self._permute(order)
        return self

    def ordered(self, indices: Iterable[int],
                fields: Sequence[Callable[[int], Any]]) -> list[int]:
        """``indices`` sorted by ``fields`` (each reads one column), then by key.

        One stable pass per field, the least significant first: no tuple of keys per
        window (22,000 of them at the end of a plan, when the most is in memory). Windows
        alike in every field (in the plan's order: two promises in one round, a panel's
        thank-yous) are then ordered by key. With the keys at hand (a plan read back),
        the key is simply the first, least significant pass: one lookup per window
        instead of every field compared with the window before, and no key made."""
        order = list(indices)
        known = self.known_keys
        if known is not None and len(known) == len(self):
            order.sort(key=self.all_keys().__getitem__)
            for f in reversed(fields):
                order.sort(key=f)
            return order
        for f in reversed(fields):
            order.sort(key=f)
        out: list[int] = []
        for _, run in groupby(order, key=lambda i: [f(i) for f in fields]):
            alike = list(run)
            out += sorted(alike, key=self.key) if len(alike) > 1 else alike
        return out

    def _permute(self, order: list[int]) -> None:
        known = self.known_keys
        if known is not None and len(known) != len(self):
            known = None
        for name in ("opens_us", "due_us", "late_us", "snoozed_us", "app_ids", "_interview",
                     "_person", "_promise"):
            col = getattr(self, name)
            setattr(self, name, array("q", map(col.__getitem__, order)))
        for name in ("kind_codes", "state_codes", "_flags"):
            col = getattr(self, name)
            setattr(self, name, bytearray(map(col.__getitem__, order)))
        for name in ("_company", "_role", "_recipient", "_to", "_extra", "_suffix"):
            col = getattr(self, name)
            setattr(self, name, list(map(col.__getitem__, order)))
        self.known_keys = list(map(known.__getitem__, order)) if known is not None else None
        if self._whole:
            where = {old: new for new, old in enumerate(order)}
            self._whole = {where[i]: w for i, w in self._whole.items()}

    # -- reading ----------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._suffix)

    def _make_at(self, pos: int) -> FollowupWindow:
        return self._make(pos)

    def __repr__(self) -> str:
        return f"<Agenda of {len(self)} windows>"

    def key(self, i: int) -> str:
        """FollowupWindow ``i``'s key, made without the rest of the window."""
        whole = self._whole.get(i)
        if whole is not None:
            return whole.key
        known = self.known_keys
        if known is not None and i < len(known):
            return known[i]
        # what records.window_key makes, without the enum lookups and the list (a start
        # reads the keys of years of windows: ~3x quicker)
        key = f"{_KIND_PREFIX[self.kind_codes[i]]}{self.app_ids[i]}"
        v = self._interview[i]
        if v != NONE:
            key = f"{key}:i{v}"
        v = self._person[i]
        if v != NONE:
            key = f"{key}:p{v}"
        v = self._promise[i]
        if v != NONE:
            key = f"{key}:m{v}"
        return key + self._suffix[i]

    def all_keys(self) -> list[str]:
        """Every window's key, in order: the kept plan's list when it was read back with
        it (one copy, no key made), else made one by one."""
        known = self.known_keys
        if known is not None and len(known) == len(self):
            out = list(known)
            for i, whole in self._whole.items():
                out[i] = whole.key
            return out
        return [self.key(i) for i in range(len(self))]

    def opens_at(self, i: int) -> dt.datetime:
        whole = self._whole.get(i)
        return whole.opens_at if whole is not None else _EPOCH + self.opens_us[i] * _US

    def recipient(self, i: int) -> str | None:
        return self._recipient[i]

    def handled(self, i: int) -> bool:
        """Drafted or exported."""
        return bool(self._flags[i] & (_DRAFTED | _EXPORTED))

    def state(self, i: int) -> WindowState:
        return _STATES[self.state_codes[i]]

    def _make(self, i: int) -> FollowupWindow:
        whole = self._whole.get(i)
        if whole is not None:
            return whole
        flags = self._flags[i]
        return FollowupWindow(self.key(i), _KINDS[self.kind_codes[i]], self.app_ids[i],
                      self._company[i], self._role[i], _time(self.opens_us[i]),  # type: ignore[arg-type]
                      _time(self.due_us[i]), _STATES[self.state_codes[i]],
                      _id(self._interview[i]), _id(self._person[i]),
                      _id(self._promise[i]), self._recipient[i], self._to[i],
                      _time(self.late_us[i]), bool(flags & _NOTIFIED),
                      bool(flags & _DRAFTED), bool(flags & _EXPORTED),
                      _time(self.snoozed_us[i]), self._extra[i])

    def where(self, test: Callable[[int], bool]) -> list[FollowupWindow]:
        """The windows whose index passes ``test`` (which reads the columns), in order."""
        return [self._make(i) for i in range(len(self)) if test(i)]

    def opening_or_due_between(self, lo: int, hi: int) -> list[int]:
        """The positions, in order, of the windows that open or are due at a moment
        ``lo <= us < hi`` (microseconds): two comparisons of integers a window in C-speed
        comprehensions, no Python call per window (``where`` makes one)."""
        opens = [i for i, us in enumerate(self.opens_us) if lo <= us < hi]
        due = [i for i, us in enumerate(self.due_us) if lo <= us < hi]
        return sorted({*opens, *due}) if due else opens

    def part(self, indices: Sequence[int]) -> AgendaPart:
        return AgendaPart(self, array("q", indices))

    # -- what the window asks of every window ----------------------------------------------

    def of_application(self, app_id: int) -> list[FollowupWindow]:
        apps = self.app_ids
        return self.where(lambda i: apps[i] == app_id)

    def find(self, key: str) -> FollowupWindow | None:
        parts = key.split(":")
        try:
            app_id = int(parts[1][1:])
        except (IndexError, ValueError):
            return next((w for w in self._whole.values() if w.key == key), None)
        apps = self.app_ids
        for i in range(len(self)):
            if apps[i] == app_id and self.key(i) == key:
                return self._make(i)
        return next((w for w in self._whole.values() if w.key == key), None)

    def live(self, priority: Mapping[Kind, int]) -> AgendaPart:
        """The windows a user can act on now (open or overdue), most urgent first: the
        soonest due (no deadline last), then by ``priority`` of kind (99 if not there),
        opening and key."""
        codes, due, opens, kinds = self.state_codes, self.due_us, self.opens_us, self.kind_codes
        acting = (STATE_CODE[WindowState.OPEN], STATE_CODE[WindowState.OVERDUE])
        last = 2**63 - 1
        order = self.ordered((i for i in range(len(self)) if codes[i] in acting), (
            lambda i: due[i] if due[i] != NONE else last,
            lambda i: priority.get(_KINDS[kinds[i]], 99), opens.__getitem__))
        return self.part(order)

    def first_upcoming(self, now: dt.datetime) -> FollowupWindow | None:
        """The upcoming window that opens first after ``now`` (the first in order of
        those opening at that moment)."""
        codes, opens = self.state_codes, self.opens_us
        upcoming, after = STATE_CODE[WindowState.UPCOMING], to_us(now)
        best = -1
        for i in range(len(self)):
            if codes[i] == upcoming and opens[i] > after and (best < 0
                                                              or opens[i] < opens[best]):
                best = i
        return self._make(best) if best >= 0 else None

    def state_counts(self) -> dict[WindowState, int]:
        codes = self.state_codes
        return {s: codes.count(c) for s, c in STATE_CODE.items()}

    def times(self, tz: Any) -> Callable[[int], Any]:
        """A memo from a time column's value to its local date in ``tz`` (many windows
        share a moment: a round's end opens all of its thank-you notes)."""
        memo: dict[int, dt.date] = {}

        def local_day(us: int) -> dt.date:
            d = memo.get(us)
            if d is None:
                d = memo[us] = (_EPOCH + dt.timedelta(microseconds=us)).astimezone(tz).date()
            return d

        return local_day


class AgendaPart(_Windows):
    """Some of an :class:`Agenda`'s windows, by index (a group of the agenda list)."""

    __slots__ = ("agenda", "indices")

    def __init__(self, agenda: Agenda, indices: array[int]) -> None:
        self.agenda = agenda
        self.indices = indices

    def __len__(self) -> int:
        return len(self.indices)

    def _make_at(self, pos: int) -> FollowupWindow:
        return self.agenda._make(self.indices[pos])


# -- the same questions of any sequence of windows ---------------------------------------------


def windows_of(agenda: Sequence[FollowupWindow], app_id: int) -> list[FollowupWindow]:
    if isinstance(agenda, Agenda):
        return agenda.of_application(app_id)
    return [w for w in agenda if w.application_id == app_id]


def find_window(agenda: Sequence[FollowupWindow], key: str) -> FollowupWindow | None:
    if isinstance(agenda, Agenda):
        return agenda.find(key)
    return next((w for w in agenda if w.key == key), None)


def state_counts(agenda: Sequence[FollowupWindow]) -> dict[WindowState, int]:
    if isinstance(agenda, Agenda):
        return agenda.state_counts()
    counts = dict.fromkeys(WindowState, 0)
    for w in agenda:
        counts[w.state] += 1
    return counts


def first_upcoming(agenda: Sequence[FollowupWindow], now: dt.datetime) -> FollowupWindow | None:
    """The upcoming window that opens first after ``now``."""
    if isinstance(agenda, Agenda):
        return agenda.first_upcoming(now)
    upcoming = [w for w in agenda if w.state is WindowState.UPCOMING and w.opens_at > now]
    return min(upcoming, key=lambda w: w.opens_at) if upcoming else None
