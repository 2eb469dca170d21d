"""When to remind, and with what words: pure decisions with an injected "now". No Qt.

The scheduler (:mod:`.scheduler`) asks :func:`decide` what to announce at a moment and when
to look again; everything about time lives here so it can be tested with tables of times.

Rules (``docs/rules.md``: "each window notifies once; a snooze re-arms it once"):

- A window is *due* to notify when it has opened, was not announced yet (or a snooze of it
  has ended since it was last announced), is not snoozed now, and was not already drafted,
  exported or skipped (the user is on it). The stored ``notified_at`` is the only memory:
  once it is set, no restart, crash or clock jump repeats the notification.
- Quiet hours (local, ``quiet_start_hour``..``quiet_end_hour``; equal hours mean none) hold
  due windows until they end; "Pause reminders" holds them until reminders resume.
- Debrief windows notify too (a private reminder to write notes), but never alone when
  other windows of the same round open with them: the windows of one round that become due
  together come as ONE notification, titled by the most pressing one (a thank-you first).
- Windows that became due before the app started come as one catch-up notification
  ("3 follow-ups opened while Followup was closed"; one round's alone reads as that
  round's); more than :data:`MAX_NOTICES` round
  notifications at once are merged into one summary too, so a long pause never floods.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from followup_desktop.humanize import overdue_by, relative, window_phrase
from followup_desktop.records import FollowupState, FollowupWindow, Kind, WindowState
from followup_desktop.schedule.agenda import (
    STATE_CODE,
    Agenda,
    first_upcoming,
    state_counts,
    to_us,
)
from followup_desktop.schedule.groups import KIND_PRIORITY
from followup_desktop.schedule.timemath import at_local_time
from followup_desktop.settings import Settings

UTC = dt.UTC

#: More separate notifications than this at one moment are merged into one summary.
MAX_NOTICES = 3
#: How many windows a catch-up or summary notification names before "and N more".
LISTED = 3
#: The hour "tomorrow morning" snoozes to (local).
MORNING_HOUR = 9

#: Which window titles a round's notification: the most pressing kind first.
#: (the agenda's, so the tray menu lists in the window's and ``agenda``'s order)
_PRIORITY: dict[Kind, int] = KIND_PRIORITY


@dataclass(frozen=True, slots=True)
class Notice:
    """One notification to show: its words, the window it opens, the windows it announces."""

    title: str
    body: str
    key: str  # the window "Write note" / a click opens
    windows: tuple[tuple[int, str], ...]  # (application id, window key) to mark notified
    catch_up: bool = False

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(k for _, k in self.windows)


@dataclass(frozen=True, slots=True)
class Decision:
    notices: tuple[Notice, ...]  # to show now, in order
    held: Sequence[FollowupWindow]  # due but held by quiet hours or a pause
    next_wake: dt.datetime | None  # the next moment something may become due (UTC)


# -- quiet hours -----------------------------------------------------------------------------


def _has_quiet_hours(settings: Settings) -> bool:
    return settings.quiet_start_hour != settings.quiet_end_hour


def in_quiet_hours(at: dt.datetime, settings: Settings, tz: ZoneInfo) -> bool:
    """True when ``at`` falls in quiet hours, local time: ``[start, end)``, across midnight."""
    if not _has_quiet_hours(settings):
        return False
    h = at.astimezone(tz).hour
    start, end = settings.quiet_start_hour, settings.quiet_end_hour
    if start < end:
        return start <= h < end
    return h >= start or h < end


def quiet_hours_end(at: dt.datetime, settings: Settings, tz: ZoneInfo) -> dt.datetime:
    """The first moment after ``at`` when quiet hours end (``quiet_end_hour``:00 local)."""
    day = at.astimezone(tz).date()
    for offset in range(0, 3):
        end = at_local_time(day + dt.timedelta(days=offset), settings.quiet_end_hour, tz)
        if end > at:
            return end
    raise AssertionError("unreachable: a quiet-hours end within three days")  # pragma: no cover


def release_time(at: dt.datetime, settings: Settings, tz: ZoneInfo) -> dt.datetime:
    """``at``, or the end of the quiet hours that ``at`` falls in."""
    return quiet_hours_end(at, settings, tz) if in_quiet_hours(at, settings, tz) else at


# -- snooze targets --------------------------------------------------------------------------


def snooze_later(now: dt.datetime, settings: Settings) -> dt.datetime:
    """"Snooze": ``snooze_minutes`` (1 h by default) of elapsed time from now."""
    return now.astimezone(UTC) + dt.timedelta(minutes=settings.snooze_minutes)


def snooze_tomorrow(now: dt.datetime, tz: ZoneInfo, hour: int = MORNING_HOUR) -> dt.datetime:
    """"Tomorrow morning": 09:00 local on the next calendar day (DST-aware)."""
    return at_local_time(now.astimezone(tz).date() + dt.timedelta(days=1), hour, tz)


# -- what is due -----------------------------------------------------------------------------


def _due_since(opens: dt.datetime, handled: bool, state: FollowupState | None,
               now: dt.datetime) -> dt.datetime | None:
    if opens > now or handled:
        return None
    if state is not None and state.skipped_at is not None:
        return None
    notified_at = state.notified_at if state is not None else None
    snoozed_until = state.snoozed_until if state is not None else None
    if snoozed_until is not None:
        if snoozed_until > now:
            return None
        if notified_at is None or notified_at < snoozed_until:
            return max(opens, snoozed_until)  # the snooze re-arms it, once
        return None
    if notified_at is not None and notified_at >= opens:
        return None  # announced (a notice before this opening was of an earlier one)
    return opens


def _wake_candidate(opens: dt.datetime, handled: bool, state: FollowupState | None,
                    now: dt.datetime) -> dt.datetime | None:
    """The future moment a window opening at ``opens`` will become due, if nothing else
    happens (``handled``: drafted or exported)."""
    if handled or (state is not None and state.skipped_at is not None):
        return None
    notified_at = state.notified_at if state is not None else None
    snoozed_until = state.snoozed_until if state is not None else None
    if snoozed_until is not None and snoozed_until > now:
        return max(snoozed_until, opens)
    if opens > now and (notified_at is None or notified_at < opens):
        return opens  # a window moved later is announced again at its new opening
    return None


def _candidates(windows: Sequence[FollowupWindow], states: Mapping[str, FollowupState],
                now: dt.datetime
                ) -> Iterator[tuple[int, dt.datetime, bool, FollowupState | None]]:
    """``(index, opens_at, drafted or exported, stored state)`` of each window that may be
    due or wake. A packed agenda is read from its columns, no window made, and its settled
    windows (opened, notified, not snoozed since: most of them after a day of use) are
    passed over: for them :func:`_due_since` and :func:`_wake_candidate` are both None."""
    expired = WindowState.EXPIRED  # too late to be of use: never announced
    if not isinstance(windows, Agenda):
        for i, w in enumerate(windows):
            if w.state is not expired:
                yield i, w.opens_at, w.drafted or w.exported, states.get(w.key)
        return
    opens, at, key = windows.opens_us, to_us(now), windows.key
    codes, expired_code = windows.state_codes, STATE_CODE[expired]
    for i in range(len(windows)):
        if codes[i] == expired_code:
            continue
        st = states.get(key(i))
        if (opens[i] <= at and st is not None and st.notified_at is not None
                and st.snoozed_until is None and to_us(st.notified_at) >= opens[i]):
            continue
        yield i, windows.opens_at(i), windows.handled(i), st


def decide(windows: Sequence[FollowupWindow], states: Mapping[str, FollowupState],
           settings: Settings, tz: ZoneInfo, now: dt.datetime,
           started_at: dt.datetime) -> Decision:
    """What to announce at ``now``, and when to look again.

    ``windows`` is the agenda at ``now`` (``ctx.agenda(now)``), ``states`` the stored
    follow-up states, ``started_at`` the moment this run of the app started (windows due
    before it are announced together as a catch-up).
    """
    now = now.astimezone(UTC)
    due: list[tuple[dt.datetime, int]] = []  # (since, index): windows are made again
    wake: list[dt.datetime] = []
    for i, opens, handled, st in _candidates(windows, states, now):
        since = _due_since(opens, handled, st, now)
        if since is not None:
            due.append((since, i))
            continue
        c = _wake_candidate(opens, handled, st, now)
        if c is not None:
            wake.append(c)
    quiet = in_quiet_hours(now, settings, tz)
    held: Sequence[FollowupWindow] = ()
    notices: tuple[Notice, ...] = ()
    if due and (settings.reminders_paused or quiet):
        # Held all night, perhaps thousands: of a packed agenda, by index
        held = (windows.part([i for _, i in due]) if isinstance(windows, Agenda)
                else tuple(windows[i] for _, i in due))
        if quiet and not settings.reminders_paused:
            wake.append(quiet_hours_end(now, settings, tz))
    elif due:
        notices = tuple(group_notices(((s, windows[i]) for s, i in due), started_at, now, tz))
    next_wake: dt.datetime | None = None
    if not settings.reminders_paused and wake:
        next_wake = min(release_time(t, settings, tz) for t in wake)
    return Decision(notices=notices, held=held, next_wake=next_wake)


# -- words -----------------------------------------------------------------------------------


_TITLE_LABELS: dict[Kind, str] = {Kind.THANK_YOU: "Thank-you note",
                                   Kind.MATERIALS: "Promised materials"}


def window_title(w: FollowupWindow) -> str:
    """``Thank-you note to Dana Whitfield``; ``Debrief: write your notes``."""
    if w.kind is Kind.DEBRIEF:
        return "Debrief: write your notes"
    label = _TITLE_LABELS.get(w.kind, w.kind.label)
    if w.recipient:
        return f"{label} to {w.recipient}"
    return label


def short_title(w: FollowupWindow) -> str:
    """``Thank-you note to Dana Whitfield``; ``your debrief``."""
    return "your debrief" if w.kind is Kind.DEBRIEF else window_title(w)


def _where(w: FollowupWindow) -> str:
    return f"{w.company} · {w.role}" if w.role else w.company


def _phrase(w: FollowupWindow, now: dt.datetime, tz: ZoneInfo) -> str:
    # The agenda's state is as of the agenda's moment; words are as of ``now``.
    if w.due_at is not None and w.due_at < now:
        return f"{w.kind.label} overdue by {overdue_by(w.due_at, now, tz)}"
    if w.due_at is not None:
        return f"{w.kind.label} due {relative(w.due_at, now, tz)}"
    return window_phrase(w, now, tz)


def _order(w: FollowupWindow) -> tuple[int, dt.datetime, str]:
    return (_PRIORITY.get(w.kind, 99), w.opens_at, w.key)


def _listing(ws: Sequence[FollowupWindow]) -> str:
    lines = [f"{window_title(w)} — {w.company}" for w in ws[:LISTED]]
    if len(ws) > LISTED:
        lines.append(f"and {len(ws) - LISTED} more")
    return "\n".join(lines)


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def round_notice(ws: Sequence[FollowupWindow], now: dt.datetime, tz: ZoneInfo, *,
                 catch_up: bool = False) -> Notice:
    """One notification for windows of one round that became due together."""
    ordered = sorted(ws, key=_order)
    head = ordered[0]
    title = window_title(head)
    if len(ordered) > 1:
        title += f" (+{len(ordered) - 1} more)"
    body = f"{_where(head)} — {_phrase(head, now, tz)}"
    if len(ordered) > 1:
        body += "\nAlso: " + ", ".join(short_title(w) for w in ordered[1:])
    return Notice(title=title, body=body, key=head.key,
                  windows=tuple((w.application_id, w.key) for w in ordered), catch_up=catch_up)


def summary_notice(ws: Sequence[FollowupWindow], *, catch_up: bool) -> Notice:
    """One notification for many windows (catch-up at start, or after a long hold)."""
    ordered = sorted(ws, key=lambda w: (w.due_at or w.opens_at, _order(w)))
    if catch_up:
        title = f"{_plural(len(ordered), 'follow-up')} opened while Followup was closed"
    else:
        title = f"{_plural(len(ordered), 'follow-up')} opened"
    return Notice(title=title, body=_listing(ordered), key=ordered[0].key,
                  windows=tuple((w.application_id, w.key) for w in ordered), catch_up=catch_up)


def group_notices(due: Iterable[tuple[dt.datetime, FollowupWindow]], started_at: dt.datetime,
                  now: dt.datetime, tz: ZoneInfo) -> list[Notice]:
    """Due windows (with the moment each became due) as the notifications to show."""
    before: list[FollowupWindow] = []
    rounds: dict[tuple[int, int | None], list[FollowupWindow]] = {}
    for since, w in due:
        if since < started_at:
            before.append(w)
        else:
            rounds.setdefault((w.application_id, w.interview_id), []).append(w)
    out: list[Notice] = []
    if len({(w.application_id, w.interview_id) for w in before}) == 1:
        out.append(round_notice(before, now, tz, catch_up=True))  # one round: say what it is
    elif before:
        out.append(summary_notice(before, catch_up=True))
    if len(rounds) > MAX_NOTICES:
        out.append(summary_notice([w for ws in rounds.values() for w in ws], catch_up=False))
    else:
        out.extend(round_notice(ws, now, tz) for ws in rounds.values())
    return out


def tooltip(windows: Sequence[FollowupWindow], now: dt.datetime, tz: ZoneInfo, *,
            paused: bool = False) -> str:
    """``Followup — 2 follow-ups due, 1 overdue`` (and the next opening, or "paused")."""
    by_state = state_counts(windows)
    due, overdue = by_state[WindowState.OPEN], by_state[WindowState.OVERDUE]
    if due and overdue:
        counts = f"{_plural(due, 'follow-up')} due, {overdue} overdue"
    elif due:
        counts = f"{_plural(due, 'follow-up')} due"
    elif overdue:
        counts = f"{_plural(overdue, 'follow-up')} overdue"
    else:
        counts = "No follow-ups due"
    lines = [f"Followup — {counts}"]
    nxt = first_upcoming(windows, now)
    if nxt is not None:
        lines.append(f"Next: {window_title(nxt)}, {relative(nxt.opens_at, now, tz)}")
    if paused:
        lines.append("Reminders paused")
    return "\n".join(lines)


def open_windows(windows: Sequence[FollowupWindow]) -> Sequence[FollowupWindow]:
    """The windows a user can act on now (open or overdue), most urgent first: the
    agenda's Overdue and Open now groups, in their order (``schedule.groups.acting``, the
    one rule of the window's agenda, the tray menu and ``agenda``). A packed agenda gives
    them as they are read; a list gives a list."""
    from followup_desktop.schedule.groups import acting

    part = acting(windows)
    return part if isinstance(windows, Agenda) else list(part)
