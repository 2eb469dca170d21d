"""The agenda as people read it: Overdue, Open now, Later today, This week, Later.

One rule for the window's agenda, the tray menu and ``followup-desktop agenda``:

- **Overdue**: past due, the longest overdue first.
- **Open now**: every open window, whatever its due (an open window is never under
  Later, nor under a day it is not due on), by due time, no deadline last: a debrief due
  in 59 minutes before a check-in due in 6 days.
- **Later today**: what opens, or comes back from a snooze, later today.
- **This week**: what opens or comes back after today until the end of the week, as the
  locale counts weeks (until Sunday where weeks start on Monday).
- **Later**: the rest, soonest first.

The first two are what a user can act on now, in one order (:func:`acting`): the tray
menu lists them so. The upcoming groups are the days something *starts*: an open window
under "Today" would read as due today, which is why open ones have a group of their own.

Ties: the kind's urgency (:data:`KIND_PRIORITY`), the opening, the key. Expired windows
(listed only by ``agenda --all``) are in no group. Read from an agenda's columns: windows
are made only when shown. No Qt here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from zoneinfo import ZoneInfo

from followup_desktop.records import FollowupWindow, Kind, WindowState

from .agenda import NONE, STATE_CODE, Agenda, AgendaPart

GROUPS = ("Overdue", "Open now", "Later today", "This week", "Later")
G_OVERDUE, G_OPEN, G_TODAY, G_WEEK, G_LATER = range(5)

#: The most pressing kind first (a round's notice is titled by it; ties in a group).
KIND_PRIORITY: dict[Kind, int] = {k: i for i, k in enumerate((
    Kind.THANK_YOU, Kind.MATERIALS, Kind.OFFER_CONFIRMATION, Kind.REJECTION_REPLY,
    Kind.CHECK_IN_1, Kind.CHECK_IN_2, Kind.STAY_IN_TOUCH, Kind.LINKEDIN_NOTE, Kind.DEBRIEF,
))}

_ACTING_CODES = (STATE_CODE[WindowState.OPEN], STATE_CODE[WindowState.OVERDUE])

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


def acting(agenda: Sequence[FollowupWindow]) -> AgendaPart:
    """What a user can act on now (overdue and open), most urgent first: the soonest due
    (the longest overdue first, no deadline last), then the kind's urgency, the opening,
    the key. The Overdue and Open now groups, in one list (the tray menu's)."""
    return Agenda.of(agenda).live(KIND_PRIORITY)


def group_agenda(agenda: Sequence[FollowupWindow], now: dt.datetime, tz: ZoneInfo,
                 first: int = MONDAY) -> list[Sequence[FollowupWindow]]:
    """The groups of :data:`GROUPS`, each in its order (see the module docstring)."""
    a = Agenda.of(agenda)
    local_day = a.times(tz)
    today = now.astimezone(tz).date()
    end = week_end(today, first)
    opens, snoozed, states, kinds = a.opens_us, a.snoozed_us, a.state_codes, a.kind_codes
    overdue, snooze, expired = (STATE_CODE[WindowState.OVERDUE],
                                STATE_CODE[WindowState.SNOOZED], STATE_CODE[WindowState.EXPIRED])
    groups: list[list[int]] = [[] for _ in GROUPS]
    for i in acting(a).indices:  # overdue ones are due before any open one
        groups[G_OVERDUE if states[i] == overdue else G_OPEN].append(i)
    kinds_of = tuple(Kind)
    # upcoming and snoozed: by the day they open or come back
    later = [i for i in range(len(a)) if states[i] not in _ACTING_CODES and states[i] != expired]

    def moment(i: int) -> int:
        if states[i] == snooze and snoozed[i] != NONE:
            return snoozed[i]
        return opens[i]

    def priority(i: int) -> int:
        return KIND_PRIORITY.get(kinds_of[kinds[i]], 99)

    for i in a.ordered(later, (moment, priority, opens.__getitem__)):
        day = local_day(moment(i))
        groups[G_TODAY if day <= today else G_WEEK if day < end else G_LATER].append(i)
    return [a.part(g) for g in groups]


def agenda_order(agenda: Sequence[FollowupWindow], now: dt.datetime, tz: ZoneInfo,
                 first: int = MONDAY) -> list[FollowupWindow]:
    """Every window of ``agenda`` (but expired ones) in the groups' order, one list."""
    return [w for g in group_agenda(agenda, now, tz, first) for w in g]
