"""Calendar invites (``.ics``) as Google Calendar, Outlook, Zoom and Teams send them → rounds.

:func:`parse_invite` turns the bytes of an invite into :class:`InviteGuess` records — the
round's time in its own zone, the people (minus the user), a guess of company, role and
format — without touching the database. Saving a guess (and updating the round imported
from the same invite UID before) is :mod:`followup_desktop.services.imports`.

Parsing uses the ``icalendar`` package. Every problem with the file raises
:class:`~followup_desktop.importers.errors.ImportFileError` with a message for the user.
"""

from __future__ import annotations

from followup_desktop.importers.errors import ImportFileError, InviteCancelled
from followup_desktop.importers.invite.guess import InviteGuess, InvitePerson
from followup_desktop.importers.invite.parse import (
    ALL_DAY_HOUR,
    DEFAULT_MINUTES,
    MAX_BYTES,
    parse_invite,
    read_invite_file,
)
from followup_desktop.importers.invite.people import name_from_email
from followup_desktop.importers.invite.summary import (
    FREE_MAIL,
    SCHEDULER_DOMAINS,
    company_from_domain,
    guess_company_role,
    guess_format,
)
from followup_desktop.importers.invite.zones import WINDOWS_ZONES, iana_zone, zone_for

__all__ = [
    "ALL_DAY_HOUR",
    "DEFAULT_MINUTES",
    "FREE_MAIL",
    "MAX_BYTES",
    "SCHEDULER_DOMAINS",
    "WINDOWS_ZONES",
    "ImportFileError",
    "InviteCancelled",
    "InviteGuess",
    "InvitePerson",
    "company_from_domain",
    "guess_company_role",
    "guess_format",
    "iana_zone",
    "name_from_email",
    "parse_invite",
    "read_invite_file",
    "zone_for",
]
