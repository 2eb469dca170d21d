"""Use cases the window, the tray and the command line share: one module per use case.

Plain Python, no Qt; each function takes the :class:`~followup_desktop.context.AppContext`
(the store, the clock, the paths) and returns plain records or raises an error a user can
read. Widgets call these and show the result; the command line prints it.

- :mod:`.imports` — bring a ``.json``, ``.ics`` or ``.csv`` file in (one backup rule)
- :mod:`.backups` — the backup before a risky step, and putting a backup back
- :mod:`.drafts` — export, mark sent, skip, debrief done: one recipient or a whole round
- :mod:`.startup` — open the data with the start-up checks, and what a damaged file needs
- :mod:`.demo` — the sample data
- :mod:`.calendar_account` — the user's CalDAV calendar: setup, sync, invites offered
- :mod:`.secrets` — account passwords: the system keyring, or memory for the session
- :mod:`.mail` — the user's mail account: drafts into Drafts, sent notes and replies noticed

Layers (a test checks them, ``tests/unit/test_layers.py``): services use ``store/``,
``schedule/``, ``compose/`` and the file formats (``importers/``, ``interchange``); the
tray, the widgets and the command line use services; never the other way round.
"""
