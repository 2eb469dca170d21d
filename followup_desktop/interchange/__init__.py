"""The ``followup/1`` data file: strict parsing into specs, and export from records.

Parsing is all or nothing: the first problem raises :class:`FormatError` naming its JSON
path (``applications[2].interviews[0].start: not an ISO 8601 date-time with an offset``).

By concern: :mod:`~followup_desktop.interchange.validation` (the rule of each field),
:mod:`~followup_desktop.interchange.parse` (a document into specs),
:mod:`~followup_desktop.interchange.read` (a file from disk, a chunk at a time) and
:mod:`~followup_desktop.interchange.write` (records into a document). Everything is
imported from here: ``from followup_desktop.interchange import load_file``.
"""

from __future__ import annotations

from followup_desktop.interchange.parse import (
    PROFILE_FIELDS,
    Document,
    parse_document,
    parse_profile,
)
from followup_desktop.interchange.read import load_file
from followup_desktop.interchange.validation import (
    DRAFT_SUBJECT_MAX,
    FORMAT,
    MAX_BYTES,
    MAX_DIGITS,
    FormatError,
    check_timezone,
    normalize_email,
)
from followup_desktop.interchange.write import (
    application_to_json,
    dumps,
    export_document,
    import_summary,
)

__all__ = [
    "DRAFT_SUBJECT_MAX",
    "FORMAT",
    "MAX_BYTES",
    "MAX_DIGITS",
    "PROFILE_FIELDS",
    "Document",
    "FormatError",
    "application_to_json",
    "check_timezone",
    "dumps",
    "export_document",
    "import_summary",
    "load_file",
    "normalize_email",
    "parse_document",
    "parse_profile",
]
