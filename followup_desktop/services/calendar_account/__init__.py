"""The user's CalDAV calendar account: the plan kept live in a calendar of its own.

Qt-free; every function takes the :class:`~followup_desktop.context.AppContext`.

- :func:`setup_account` -- log in, find or make the "Followup" calendar, check it takes
  events; then save the settings (data folder) and the password (system keyring).
- :func:`sync_account` -- the calendar then holds exactly the pending windows; the user's
  moves and deletions on the server are read back (:mod:`.sync`).
- :func:`status_lines`, :func:`forget_account`, :func:`status_line` (the status bar).
- invites from the user's main calendar, offered as new rounds (:mod:`.invites`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from followup_desktop.lazy import lazy_names

if TYPE_CHECKING:
    from followup_desktop.services.calendar_account.account import (
        DEFAULT_CALENDAR,
        AccountConfig,
        CalendarAccountError,
        SetupResult,
        forget_account,
        load_config,
        normalize_url,
        setup_account,
        status_lines,
    )
    from followup_desktop.services.calendar_account.sync import (
        SyncReport,
        status_line,
        sync_account,
        with_backoff,
    )

#: Where each name lives; a submodule loads when one of its names is first used. The
#: window and the tray ask ``load_config`` on every start (is an account set up?): that
#: must not load the sync and icalendar (~80 ms, several MB) when none is.
_MODULE_OF = {
    **dict.fromkeys(("DEFAULT_CALENDAR", "AccountConfig", "CalendarAccountError",
                     "SetupResult", "forget_account", "load_config", "normalize_url",
                     "setup_account", "status_lines"), "account"),
    **dict.fromkeys(("SyncReport", "status_line", "sync_account", "with_backoff"), "sync"),
}

__all__ = [
    "DEFAULT_CALENDAR",
    "AccountConfig",
    "CalendarAccountError",
    "SetupResult",
    "SyncReport",
    "forget_account",
    "load_config",
    "normalize_url",
    "setup_account",
    "status_line",
    "status_lines",
    "sync_account",
    "with_backoff",
]


__getattr__ = lazy_names(__name__, _MODULE_OF, globals())
