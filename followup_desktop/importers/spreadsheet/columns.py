"""What each column holds (:class:`Field`) and the guess from its header."""

from __future__ import annotations

import re
from collections.abc import Sequence
from enum import StrEnum

# --- mapping -------------------------------------------------------------------------------


class Field(StrEnum):
    """What a column holds."""

    IGNORE = "ignore"
    COMPANY = "company"
    ROLE = "role"
    STATUS = "status"
    APPLIED = "applied"
    INTERVIEW_DATE = "interview_date"
    INTERVIEW_TIME = "interview_time"
    DURATION = "duration"
    FORMAT = "format"
    CONTACT_NAME = "contact_name"
    CONTACT_EMAIL = "contact_email"
    CONTACT_TITLE = "contact_title"
    NOTES = "notes"
    ROUND_NOTES = "round_notes"

    @property
    def label(self) -> str:
        return FIELD_LABELS[self]


FIELD_LABELS: dict[Field, str] = {
    Field.IGNORE: "(don't import)",
    Field.COMPANY: "Company",
    Field.ROLE: "Role",
    Field.STATUS: "Status",
    Field.APPLIED: "Date applied",
    Field.INTERVIEW_DATE: "Interview date",
    Field.INTERVIEW_TIME: "Interview time",
    Field.DURATION: "Duration (minutes)",
    Field.FORMAT: "Format",
    Field.CONTACT_NAME: "Contact name(s)",
    Field.CONTACT_EMAIL: "Contact email(s)",
    Field.CONTACT_TITLE: "Contact title(s)",
    Field.NOTES: "Notes",
    Field.ROUND_NOTES: "Round notes",
}

#: Headers that say only "a date": in a list of interviews that is most likely the
#: interview's (a round, with its follow-ups, is what the import is for), so such a column
#: is the interview date unless another column already is; then it is the date applied.
#: The import says how it read it (:func:`lone_date_notice`) and the dialog can change it.
LONE_DATE = ("date", "datum", "day", "when")

# Most specific first: "contact email" must win over "email", "interview date" over "date".
_HEADER_WORDS: tuple[tuple[Field, tuple[str, ...]], ...] = (
    (Field.CONTACT_EMAIL, ("contact email", "contact emails", "contact e-mail",
                           "interviewer email", "interviewer emails", "recruiter email",
                           "email", "e-mail", "mail", "emails", "email address")),
    (Field.CONTACT_TITLE, ("contact title", "contact titles", "interviewer title",
                           "contact position", "contact role")),
    (Field.CONTACT_NAME, ("contact", "contact name", "contact names", "contacts",
                          "contact person", "interviewer", "interviewers", "recruiter",
                          "hiring manager", "person", "people", "name", "ansprechpartner")),
    (Field.ROUND_NOTES, ("round notes", "interview notes")),
    (Field.INTERVIEW_TIME, ("time", "interview time", "start time")),
    (Field.INTERVIEW_DATE, ("interview date", "interview", "interview date/time",
                            "interview datetime", "date of interview", "round date",
                            "interview on", "start", "interview start", "meeting date",
                            "vorstellungsgespräch", "gesprächstermin")),
    (Field.APPLIED, ("applied", "date applied", "applied on", "application date",
                     "applied date", "date of application", "submitted", "date",
                     "beworben am", "bewerbungsdatum", "datum")),
    (Field.COMPANY, ("company", "company name", "employer", "organization", "organisation",
                     "firm", "arbeitgeber", "unternehmen", "firma", "entreprise", "empresa")),
    (Field.ROLE, ("role", "position", "job title", "job", "title", "position title",
                  "job role", "stelle", "poste", "puesto", "vacancy")),
    (Field.STATUS, ("status", "stage", "outcome", "result", "state")),
    (Field.DURATION, ("duration", "duration (min)", "minutes", "length", "duration min")),
    (Field.FORMAT, ("format", "interview type", "type", "medium", "mode",
                    "interview format")),
    (Field.NOTES, ("notes", "note", "comments", "comment", "remarks", "details",
                   "description", "notizen", "bemerkungen")),
)


def _norm_header(text: str) -> str:
    text = text.lower().replace("_", " ").replace("\ufeff", "")
    text = re.sub(r"\s+", " ", text).strip(" :#*")
    return text


def guess_mapping(headers: Sequence[str]) -> dict[int, Field]:
    """Column index → field, from the header names; each field at most once."""
    mapping: dict[int, Field] = {}
    used: set[Field] = set()
    normalized = [_norm_header(h) for h in headers]
    # exact names first, then names that merely contain a known word
    for exact in (True, False):
        for i, h in enumerate(normalized):
            if i in mapping or not h:
                continue
            if exact and h in LONE_DATE:
                continue  # after every other column: see LONE_DATE
            for fld, words in _HEADER_WORDS:
                if fld in used:
                    continue
                hit = h in words if exact else any(
                    re.search(r"(?<![a-z])" + re.escape(w) + r"(?![a-z])", h)
                    for w in words if len(w) > 3)
                if hit:
                    mapping[i] = fld
                    used.add(fld)
                    break
        if exact:
            for i, h in enumerate(normalized):
                if i not in mapping and h in LONE_DATE:
                    free = next((f for f in (Field.INTERVIEW_DATE, Field.APPLIED)
                                 if f not in used), None)
                    if free is not None:
                        mapping[i] = free
                        used.add(free)
    for i in range(len(headers)):
        mapping.setdefault(i, Field.IGNORE)
    return mapping


def lone_date_notice(headers: Sequence[str], mapping: dict[int, Field]) -> str | None:
    """How a column headed only "Date" was read (see :data:`LONE_DATE`), or None."""
    for i, fld in sorted(mapping.items()):
        if 0 <= i < len(headers) and _norm_header(headers[i]) in LONE_DATE \
                and fld in (Field.INTERVIEW_DATE, Field.APPLIED):
            other = (Field.APPLIED if fld is Field.INTERVIEW_DATE else Field.INTERVIEW_DATE)
            return (f"The column “{headers[i].strip()[:40]}” is read as the "
                    f"{fld.label.lower()}; if it holds the {other.label.lower()}, choose "
                    f"“{other.label}” for it under “Import as” (File › Import… in the "
                    "window).")
    return None
