"""The one error of the mail account: a sentence a user can act on."""

from __future__ import annotations


class MailError(Exception):
    """Something about the mail account went wrong; ``str()`` says what, in words."""


class MailUnavailable(MailError):
    """The server cannot be reached right now (down, offline, timed out, dropped the
    connection): worth trying again later, not the user's mistake."""
