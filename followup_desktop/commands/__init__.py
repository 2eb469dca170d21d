"""The account subcommands of ``followup-desktop`` (``cli.py`` builds the parser and hands
over): one module per command group, each with ``add_parser``-style set-up and a runner.

``mail.py`` is ``followup-desktop mail ...``, ``calendar_account.py`` is
``followup-desktop calendar-account ...``. A new account or command group gets its own
module here; ``cli.py`` keeps the core commands.
"""
