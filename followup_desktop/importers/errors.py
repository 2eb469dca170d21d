"""The error every importer raises for a file a user can fix.

It is a :class:`followup_desktop.interchange.FormatError`, so the command line already
prints it as one line (``cli.user_error_types``) and the window shows it in a message box.
"""

from __future__ import annotations

from followup_desktop.interchange import FormatError


class ImportFileError(FormatError):
    """The file cannot be imported; the message says which file and why, for the user."""


class InviteCancelled(ImportFileError):
    """The invite cancels a meeting: nothing was imported and nothing was removed."""
