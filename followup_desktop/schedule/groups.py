"""The agenda as people read it: Overdue, Today, This week, Later.

One rule for the window's agenda, the tray menu and ``followup-desktop agenda``:

- **Overdue**: past due, the longest overdue first.
- **Today**: every open window (an open window is never under Later, whatever its due),
  by due time, no deadline last (a debrief due in 59 minutes before a check-in due in 6
  days); then what opens, or comes back from a snooze, later today.
- **This week**: what opens or comes back after today until the end of the week, as the
  profile's locale counts weeks (until Sunday where weeks start on Monday).
- **Later**: the rest, soonest first.

Ties: the kind's urgency (:data:`KIND_PRIORITY`), the opening, the key. Expired windows
(listed only by ``agenda --all``) are in no group. Read from an agenda's columns: windows
are made only when shown. No Qt here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from zoneinfo import ZoneInfo

from followup_desktop.records import FollowupWindow, Kind, WindowState

from .agenda import NONE, STATE_CODE, Agenda

GROUPS = ("Overdue", "Today", "This week", "Later")
G_OVERDUE, G_TODAY, G_WEEK, G_LATER = range(4)

#: The most pressing kind first (a round's notice is titled by it; ties in a group).
KIND_PRIORITY: dict[Kind, int] = {k: i for i, k in enumerate((
    Kind.THANK_YOU, Kind.MATERIALS, Kind.OFFER_CONFIRMATION, Kind.REJECTION_REPLY,
    Kind.CHECK_IN_1, Kind.CHECK_IN_2, Kind.STAY_IN_TOUCH, Kind.LINKEDIN_NOTE, Kind.DEBRIEF,
))}

MONDAY, SATURDAY, SUNDAY = 0, 5, 6
#: Territories whose weeks start on Sunday / Saturday (CLDR "firstDay"); Monday elsewhere.
_SUNDAY_FIRST = frozenset({
    "AG", "AS", "BD", "BR", "BS", "BT", "BW", "BZ", "CA", "CO", "DM", "DO",
    "ET", "GT", "GU", "HK", "HN", "ID", "IL", "IN", "JM", "JP", "KE", "KH", "KR", "LA",
    "MH", "MM", "MO", "MT", "MX", "MZ", "NI", "NP", "PA", "PE", "PH", "PK", "PR", "PT",
    "PY", "SA", "SG", "SV", "TH", "TT", "TW", "UM", "US", "VE", "VI", "WS", "YE", "ZA",
    "ZW",
})
_SATURDAY_FIRST = frozenset({
    "AE", "AF", "BH", "DJ", "DZ", "EG", "IQ", "IR", "JO", "KW", "LY", "OM", "QA", "SD",
    "SY",
})


def first_weekday(locale_name: str | None) -> int:
    """The first day of the week (0 = Monday ... 6 = Sunday) of a locale name such as
    ``en_US.UTF-8``, ``de-DE`` or ``fr``; Monday when it names no known territory."""
    if not locale_name:
        return MONDAY
    name = locale_name.split(".")[0].split("@")[0].replace("-", "_")
    parts = name.split("_")
    territory = parts[-1].upper() if len(parts) > 1 else ""
    if territory in _SUNDAY_FIRST:
        return SUNDAY
    if territory in _SATURDAY_FIRST:
        return SATURDAY
    return MONDAY


def machine_first_weekday() -> int:
    """:func:`first_weekday` of the locale the environment names for dates (``LC_ALL``,
    ``LC_TIME``, ``LANG``), as a command line sees it."""
    import os

    for var in ("LC_ALL", "LC_TIME", "LANG"):
        value = os.environ.get(var)
        if value:
            return first_weekday(value)
    return MONDAY


def week_end(today: dt.date, first: int = MONDAY) -> dt.date:
    """The first day after ``today``'s week (weeks start on weekday ``first``)."""
    days = (first - today.weekday()) % 7 or 7
    return today + dt.timedelta(days=days)


def group_agenda(agenda: Sequence[FollowupWindow], now: dt.datetime, tz: ZoneInfo,
                 first: int = MONDAY) -> list[Sequence[FollowupWindow]]:
    """The four groups of :data:`GROUPS`, each in its order (see the module docstring)."""
    a = Agenda.of(agenda)
    local_day = a.times(tz)
    today = now.astimezone(tz).date()
    end = week_end(today, first)
    opens, due, snoozed, states, kinds = (a.opens_us, a.due_us, a.snoozed_us, a.state_codes,
                                          a.kind_codes)
    overdue, open_, upcoming, snooze, expired = (
        STATE_CODE[WindowState.OVERDUE], STATE_CODE[WindowState.OPEN],
        STATE_CODE[WindowState.UPCOMING], STATE_CODE[WindowState.SNOOZED],
        STATE_CODE[WindowState.EXPIRED])
    kinds_of = tuple(Kind)
    last = 2**63 - 1
    groups: list[list[int]] = [[], [], [], []]
    for i in range(len(a)):
        st = states[i]
        if st == overdue:
            groups[G_OVERDUE].append(i)
        elif st == open_:
            groups[G_TODAY].append(i)
        elif st != expired:
            when = opens[i] if st == upcoming else (snoozed[i] if snoozed[i] != NONE
                                                     else opens[i])
            day = local_day(when)
            groups[G_TODAY if day <= today else G_WEEK if day < end else G_LATER].append(i)

    def acting(i: int) -> int:
        return 0 if states[i] in (overdue, open_) else 1

    def moment(i: int) -> int:
        st = states[i]
        if st in (overdue, open_):
            return due[i] if due[i] != NONE else last
        if st == snooze and snoozed[i] != NONE:
            return snoozed[i]
        return opens[i]

    def priority(i: int) -> int:
        return KIND_PRIORITY.get(kinds_of[kinds[i]], 99)

    fields = (acting, moment, priority, opens.__getitem__)
    return [a.part(a.ordered(g, fields)) for g in groups]


def agenda_order(agenda: Sequence[FollowupWindow], now: dt.datetime, tz: ZoneInfo,
                 first: int = MONDAY) -> list[FollowupWindow]:
    """Every window of ``agenda`` (but expired ones) in the groups' order, one list."""
    return [w for g in group_agenda(agenda, now, tz, first) for w in g]
