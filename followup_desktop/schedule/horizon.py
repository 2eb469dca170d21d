"""How long a plan stays true, and its windows' states at a later moment. No Qt.

A plan made at ``made`` (:func:`.rules.plan_each`) depends on the moment in two ways:

1. **which records count**: events and messages dated after the moment are ignored, a
   round counts for check-ins once it has ended, an application with no reply becomes
   closed-no-response ``no_response_days`` after its last round (and then gets a
   stay-in-touch note); the window's table shows a round's date without its year in the
   current year. These change the windows themselves (which exist, their times, their
   keys) and the table's rows -- only at moments the records name: :func:`next_change`.
2. **each window's state**: upcoming until it opens, open, overdue after its due time,
   snoozed until its snooze ends, expired (and so left out) after its ``late_until`` -- a
   function of the window's own times and the moment: :func:`state_at`, and
   :func:`restate` for a packed agenda (which drops the expired ones).

So a plan made at ``made`` is, at any ``now`` with ``made <= now < valid_until`` (the
earliest :func:`next_change` over its applications), the same windows with their states
at ``now``. ``tests/unit/test_plan_horizon.py`` checks that against planning afresh.
Keep :func:`next_change` in step with the rules: a new use of ``now`` in the planner needs
its moments here.
"""

from __future__ import annotations

import datetime as dt
from array import array
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from zoneinfo import ZoneInfo

from followup_desktop.records import Application, FollowupWindow, WindowState
from followup_desktop.settings import Settings

from .agenda import _DRAFTED, _EPOCH, _EXPORTED, _NOTIFIED, NONE, STATE_CODE, Agenda, to_us

_UPCOMING = STATE_CODE[WindowState.UPCOMING]
_OPEN = STATE_CODE[WindowState.OPEN]
_OVERDUE = STATE_CODE[WindowState.OVERDUE]
_SNOOZED = STATE_CODE[WindowState.SNOOZED]
_EXPIRED = STATE_CODE[WindowState.EXPIRED]


def next_change(app: Application, settings: Settings, tz: ZoneInfo,
                now: dt.datetime) -> dt.datetime | None:
    """The first moment after ``now`` at which ``app`` would plan (or show) differently,
    other than its windows' states; None if no moment lies ahead. Conservative: every
    dated record ahead counts, whether or not it would change anything."""
    from .status import _no_response_at

    best: dt.datetime | None = None

    def ahead(t: dt.datetime | None) -> None:
        nonlocal best
        if t is not None and t > now and (best is None or t < best):
            best = t

    for iv in app.interviews:
        ahead(iv.start)
        ahead(iv.end)
    for e in app.events:
        ahead(e.at)
    for m in app.messages:
        ahead(m.sent_at)
    if app.interviews:
        ahead(_no_response_at(app, settings, tz, [e for e in app.events if e.at <= now]))
    return best


def new_year(now: dt.datetime, tz: ZoneInfo) -> dt.datetime:
    """The next 1 January, 00:00 in ``tz`` (the table drops the year of this year's dates)."""
    local = now.astimezone(tz)
    return dt.datetime(local.year + 1, 1, 1, tzinfo=tz).astimezone(dt.UTC)


def earliest(moments: Iterable[dt.datetime | None]) -> dt.datetime | None:
    found = [t for t in moments if t is not None]
    return min(found) if found else None


def state_at(w: FollowupWindow, now: dt.datetime) -> WindowState:
    """``w``'s state at ``now``, as the planner would set it (``expired``: past its
    ``late_until``, the planner leaves it out)."""
    if w.opens_at > now:
        state = WindowState.UPCOMING
    elif w.late_until is not None and now > w.late_until:
        return WindowState.EXPIRED
    elif w.due_at is not None and now > w.due_at:
        state = WindowState.OVERDUE
    else:
        state = WindowState.OPEN
    if w.snoozed_until is not None and w.snoozed_until > now:
        return WindowState.SNOOZED
    return state


def restate(agenda: Agenda, now: dt.datetime,
            dropped: list[FollowupWindow] | None = None) -> tuple[set[int], array[int] | None]:
    """Set every window's state in ``agenda`` to its state at ``now``, in place, and drop
    the windows that expired meanwhile (as a plan made at ``now`` leaves them out; they
    are appended to ``dropped``, in state ``expired``, if given). Returns the
    applications (ids) of the windows whose state changed or that were dropped, and, when
    some were dropped, each old position's new one (-1: dropped)."""
    t = to_us(now)
    opens, due, late, snoozed, codes, apps = (agenda.opens_us, agenda.due_us, agenda.late_us,
                                              agenda.snoozed_us, agenda.state_codes,
                                              agenda.app_ids)
    new = bytearray(
        _SNOOZED if s != NONE and s > t and not (o <= t and lt != NONE and t > lt) else
        _UPCOMING if o > t else
        _EXPIRED if lt != NONE and t > lt else
        _OVERDUE if d != NONE and t > d else _OPEN
        for o, d, lt, s in zip(opens, due, late, snoozed, strict=True))
    whole = agenda._whole
    for i, w in list(whole.items()):
        state = state_at(w, now)
        new[i] = STATE_CODE[state]
        if state is not w.state and state is not WindowState.EXPIRED:
            whole[i] = replace(w, state=state)
    changed: set[int] = set()
    if new != codes:
        changed = {apps[i] for i in range(len(new)) if new[i] != codes[i]}
    agenda.state_codes = new
    if _EXPIRED not in new:
        return changed, None
    keep = [i for i in range(len(new)) if new[i] != _EXPIRED]
    if dropped is not None:
        dropped.extend([agenda._make(i) for i in range(len(new)) if new[i] == _EXPIRED])
    remap = array("q", [-1]) * len(new)
    for pos, old in enumerate(keep):
        remap[old] = pos
    for i in [i for i in whole if new[i] == _EXPIRED]:
        del whole[i]
    agenda._permute(keep)
    return changed, remap


def skipped_digest(states: Mapping[str, tuple[int, int, str | None]]) -> str:
    """What of the follow-up states (``store.plan_cache.read_states``) shapes a plan
    beyond each window itself: the skips (a skipped window is left out, and a skipped
    thank-you lets its check-ins open)."""
    import hashlib

    h = hashlib.sha256()
    for key in sorted(k for k, st in states.items() if st[2] is not None):
        h.update(f"{key}={states[key][2]}\n".encode())
    return h.hexdigest()


def apply_states(agenda: Agenda, states: Mapping[str, tuple[int, int, str | None]],
                 keys: Sequence[str] | None = None) -> set[int]:
    """Give each window of ``agenda`` the flags and snooze its state now has (notified,
    drafted, exported, snoozed until: ``store.plan_cache.read_states``), in place -- the
    rest of a plan does not depend on them (skips aside: :func:`skipped_digest`). ``keys``:
    every window's key in order, if known. Call :func:`restate` after it. Returns the
    applications whose windows changed."""
    n = len(agenda)
    if keys is None:
        keys = [agenda.key(i) for i in range(n)]
    flags, snoozed = bytearray(n), array("q", [NONE]) * n
    if states:
        get = states.get
        for i, key in enumerate(keys):
            st = get(key)
            if st is not None:
                flags[i], snoozed[i] = st[0], st[1]
    old_flags, old_snoozed, apps = agenda._flags, agenda.snoozed_us, agenda.app_ids
    changed = {apps[i] for i in range(n)
               if flags[i] != old_flags[i] or snoozed[i] != old_snoozed[i]}
    agenda._flags, agenda.snoozed_us = flags, snoozed
    for i, w in list(agenda._whole.items()):
        st = states.get(w.key)
        bits, until = (st[0], st[1]) if st is not None else (0, NONE)
        again = replace(w, notified=bool(bits & _NOTIFIED), drafted=bool(bits & _DRAFTED),
                        exported=bool(bits & _EXPORTED),
                        snoozed_until=None if until == NONE else _EPOCH
                        + dt.timedelta(microseconds=until))
        if again != w:
            agenda._whole[i] = again
            changed.add(w.application_id)
    return changed


def copy_agenda(agenda: Agenda) -> Agenda:
    """A new :class:`Agenda` sharing ``agenda``'s columns but for the states (which
    :func:`restate` replaces), so that a plan handed out earlier keeps its states."""
    new = Agenda.__new__(Agenda)
    for name in Agenda.__slots__:
        setattr(new, name, getattr(agenda, name))
    new.state_codes = bytearray(agenda.state_codes)
    new._whole = dict(agenda._whole)
    return new


def app_windows(agenda: Agenda) -> dict[int, array[int]]:
    """Each application's window indices in ``agenda``, in the agenda's order."""
    out: dict[int, array[int]] = {}
    for i, a in enumerate(agenda.app_ids):
        col = out.get(a)
        if col is None:
            col = out[a] = array("q")
        col.append(i)
    return out


__all__ = ["app_windows", "apply_states", "copy_agenda", "earliest", "new_year",
           "next_change", "restate", "skipped_digest", "state_at"]
