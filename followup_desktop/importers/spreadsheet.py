"""Spreadsheets in and out: CSV as Excel and Google Sheets write it.

Reading is three steps, so the window can show each one before anything is saved:

1. :func:`read_csv` — bytes → :class:`Table` (UTF-8 with or without BOM, UTF-16, or the
   Windows code page Excel uses for "CSV"; ``,`` ``;`` or tab sniffed; quoted newlines).
2. :func:`guess_mapping` — which column is the company, the role, the interview date…;
   the user may change it.
3. :func:`plan_import` — rows → applications, and every row with a problem, by its row
   number and the reason. Saving the plan (one transaction, after a backup of the
   database) is :func:`followup_desktop.services.imports.commit_import`.

Writing: :func:`export_tables` builds the applications, rounds, people and messages tables
and :func:`write_csv_files` writes them atomically.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from zoneinfo import ZoneInfo

from followup_desktop.importers.errors import ImportFileError
from followup_desktop.records import (
    Application,
    ApplicationSpec,
    Format,
    InterviewSpec,
    PersonSpec,
    Status,
    Tone,
    in_span,
)

UTC = dt.UTC
MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 50_000
MAX_COLUMNS = 200
MAX_CELL = 100_000

# --- reading -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Table:
    """A CSV file read: its header and its rows, each with the row number a spreadsheet
    shows (the header is usually row 1)."""

    headers: tuple[str, ...]
    rows: tuple[tuple[int, tuple[str, ...]], ...]
    delimiter: str = ","
    encoding: str = "utf-8"
    header_row: int = 1

    def column(self, index: int) -> list[str]:
        return [cells[index] if index < len(cells) else "" for _, cells in self.rows]


def _decode(data: bytes) -> tuple[str, str]:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        # Excel's "CSV (Comma delimited)" on Windows writes the ANSI code page.
        return data.decode("cp1252", errors="replace"), "cp1252"


def _sniff_delimiter(text: str) -> str:
    """The delimiter that splits the first records into the most, equally wide columns."""
    sample = text[:64 * 1024]
    best, best_score = ",", (-1, -1)
    for delim in (",", ";", "\t", "|"):
        try:
            reader = csv.reader(io.StringIO(sample, newline=""), delimiter=delim)
            widths = []
            for record in reader:
                if any(c.strip() for c in record):
                    widths.append(len(record))
                if len(widths) >= 20:
                    break
        except csv.Error:
            continue
        if not widths:
            continue
        first = widths[0]
        consistent = sum(1 for w in widths if w == first)
        score = (consistent if first > 1 else 0, first)
        if score > best_score:
            best, best_score = delim, score
    return best


def read_csv(data: bytes, *, name: str = "The file") -> Table:
    """Read a CSV file; :class:`ImportFileError` names the problem (and the row)."""
    if len(data) > MAX_BYTES:
        raise ImportFileError(f"{name} is larger than 20 MB; split it and import the parts")
    try:
        text, encoding = _decode(bytes(data))
    except UnicodeDecodeError:
        raise ImportFileError(f"{name} is not readable text (its UTF-8 or UTF-16 is "
                              "damaged); save it again as CSV UTF-8") from None
    if "\x00" in text:
        raise ImportFileError(f"{name} is not a CSV file (it holds binary data); in Excel "
                              "or Google Sheets choose File → Save as / Download → CSV")
    if not text.strip():
        raise ImportFileError(f"{name} is empty")
    delimiter = _sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    headers: tuple[str, ...] | None = None
    header_row = 0
    rows: list[tuple[int, tuple[str, ...]]] = []
    number = 0
    try:
        for record in reader:
            number += 1
            if not any(c.strip() for c in record):
                continue
            if len(record) > MAX_COLUMNS:
                raise ImportFileError(f"{name}, row {number}: more than {MAX_COLUMNS} columns; "
                                      "is this a spreadsheet of applications?")
            cells = tuple(_unescape(c.replace("\r\n", "\n").replace("\r", "\n"))
                          for c in record)
            if any(len(c) > MAX_CELL for c in cells):
                raise ImportFileError(f"{name}, row {number}: a cell is longer than "
                                      f"{MAX_CELL} characters")
            if headers is None:
                headers, header_row = _headers(cells), number
                continue
            rows.append((number, cells))
            if len(rows) > MAX_ROWS:
                raise ImportFileError(f"{name} has more than {MAX_ROWS} rows; split it")
    except csv.Error as exc:
        raise ImportFileError(f"{name}, row {number + 1}: not valid CSV ({exc})") from None
    if headers is None:
        raise ImportFileError(f"{name} is empty")
    width = len(headers)
    norm = tuple((n, cells + ("",) * (width - len(cells)) if len(cells) < width else cells)
                 for n, cells in rows)
    return Table(headers, norm, delimiter, encoding, header_row)


def _headers(cells: tuple[str, ...]) -> tuple[str, ...]:
    out, seen = [], set()
    for i, cell in enumerate(cells):
        name = " ".join(cell.split()) or f"Column {i + 1}"
        base, n = name, 2
        while name.lower() in seen:
            name = f"{base} ({n})"
            n += 1
        seen.add(name.lower())
        out.append(name)
    return tuple(out)


def read_csv_file(path: Path) -> Table:
    path = Path(path)
    try:
        if path.stat().st_size > MAX_BYTES:
            raise ImportFileError(f"{path.name} is larger than 20 MB; split it and import "
                                  "the parts")
        data = path.read_bytes()
    except OSError as exc:
        raise ImportFileError(f"cannot read {path}: {exc.strerror or exc}") from None
    return read_csv(data, name=path.name)


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
    for i in range(len(headers)):
        mapping.setdefault(i, Field.IGNORE)
    return mapping


# --- values --------------------------------------------------------------------------------


class DateOrder(StrEnum):
    """How to read ``03/04/2026``: day first (most of the world) or month first (US)."""

    DAY_FIRST = "dmy"
    MONTH_FIRST = "mdy"


_NUMERIC_DATE = re.compile(r"^(\d{1,4})([./\-])(\d{1,2})\2(\d{1,4})\.?$")
_TIME = re.compile(r"^(\d{1,2})(?:[:h.](\d{2}))?(?::(\d{2}))?\s*([ap]\.?m\.?)?$", re.I)
_TEXT_DATE_FORMATS = ("%d %b %Y", "%d %B %Y", "%b %d %Y", "%B %d %Y", "%b %d, %Y",
                      "%B %d, %Y", "%a %d %b %Y", "%a, %d %b %Y", "%d-%b-%Y", "%d-%b-%y",
                      "%A, %B %d, %Y", "%a %b %d %Y", "%d. %B %Y", "%d. %b %Y")


class ValueProblem(ValueError):
    """A cell that cannot be read; the message is the reason shown to the user."""


def parse_time(text: str) -> dt.time:
    m = _TIME.match(text.strip())
    if not m:
        raise ValueProblem(f"time “{text.strip()}” is not a time (expected e.g. 14:30 or "
                           "2:30 pm)")
    hour, minute, second = int(m.group(1)), int(m.group(2) or 0), int(m.group(3) or 0)
    ampm = (m.group(4) or "").lower().replace(".", "")
    if ampm:
        if not 1 <= hour <= 12:
            raise ValueProblem(f"time “{text.strip()}” is not a time")
        hour = hour % 12 + (12 if ampm == "pm" else 0)
    if hour > 23 or minute > 59 or second > 59:
        raise ValueProblem(f"time “{text.strip()}” is not a time")
    return dt.time(hour, minute, second)


def _year(value: int) -> int:
    return value + 2000 if value < 100 else value


def parse_when(text: str, order: DateOrder, tz: dt.tzinfo) -> tuple[dt.datetime, bool]:
    """A date or date-time cell → (aware UTC date-time, whether it had a time).

    ISO 8601 (with or without offset), ``02/03/2026`` in ``order``, ``02.03.2026`` (always
    day first), ``2 Mar 2026``, ``March 2, 2026``; an optional time after a space."""
    raw = " ".join(text.split())
    if not raw:
        raise ValueProblem("date is empty")
    example = "2026-03-02 or " + ("02/03/2026" if order is DateOrder.DAY_FIRST
                                  else "03/02/2026")
    bad = ValueProblem(f"date “{raw[:60]}” is not a date (expected e.g. {example})")
    try:
        value = dt.datetime.fromisoformat(raw)
        if value.tzinfo is not None and value.utcoffset() is not None:
            return _check_year(value.astimezone(UTC), bad), True
        has_time = bool(re.search(r"\d[T ]\d", raw))
        return _check_year(value.replace(tzinfo=tz).astimezone(UTC), bad), has_time
    except ValueError:
        pass
    date_part, time_part = raw, ""
    m = re.match(r"^(.*?\d{2,4})(?:,?\s+|T)(\d{1,2}(?:[:h.]\d{2})?(?::\d{2})?\s*(?:[ap]\.?m\.?)?)$",
                 raw, re.I)
    if m and (":" in m.group(2) or re.search(r"[ap]\.?m|h", m.group(2), re.I)):
        date_part, time_part = m.group(1), m.group(2)
    day = _parse_date(date_part, order, bad)
    clock = parse_time(time_part) if time_part else dt.time(0, 0)
    local = dt.datetime.combine(day, clock, tzinfo=tz)
    return _check_year(local.astimezone(UTC), bad), bool(time_part)


def _check_year(value: dt.datetime, bad: ValueProblem) -> dt.datetime:
    if not in_span(value):
        raise bad
    return value


def _parse_date(text: str, order: DateOrder, bad: ValueProblem) -> dt.date:
    m = _NUMERIC_DATE.match(text.strip())
    try:
        if m:
            a, sep, b, c = m.group(1), m.group(2), m.group(3), m.group(4)
            if len(a) == 4:
                return dt.date(int(a), int(b), int(c))
            if len(c) not in (2, 4):
                raise bad
            if sep == "." or order is DateOrder.DAY_FIRST:
                return dt.date(_year(int(c)), int(b), int(a))
            return dt.date(_year(int(c)), int(a), int(b))
    except ValueError:
        raise bad from None
    cleaned = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", text.strip(), flags=re.I)
    for fmt in _TEXT_DATE_FORMATS:
        try:
            return dt.datetime.strptime(cleaned, fmt).date()  # noqa: DTZ007 - a date only
        except ValueError:
            continue
    raise bad


def guess_date_order(values: Iterable[str], delimiter: str = ",") -> DateOrder:
    """Day first unless a value proves month first (``03/25/2026``) — or the file is
    comma-separated and nothing proves day first (US Excel)."""
    day_first = month_first = False
    for v in values:
        m = _NUMERIC_DATE.match(v.strip().split(" ")[0].split("T")[0])
        if not m or len(m.group(1)) == 4 or m.group(2) == ".":
            continue
        a, b = int(m.group(1)), int(m.group(3))
        if a > 12 >= b:
            day_first = True
        elif b > 12 >= a:
            month_first = True
    if month_first and not day_first:
        return DateOrder.MONTH_FIRST
    if day_first:
        return DateOrder.DAY_FIRST
    return DateOrder.MONTH_FIRST if delimiter == "," else DateOrder.DAY_FIRST


_STATUS_WORDS: dict[str, Status] = {
    "active": Status.ACTIVE, "applied": Status.ACTIVE, "open": Status.ACTIVE,
    "in progress": Status.ACTIVE, "interviewing": Status.ACTIVE, "interview": Status.ACTIVE,
    "pending": Status.ACTIVE, "waiting": Status.ACTIVE, "screening": Status.ACTIVE,
    "submitted": Status.ACTIVE, "phone screen": Status.ACTIVE, "onsite": Status.ACTIVE,
    "offer": Status.OFFER, "offered": Status.OFFER, "offer received": Status.OFFER,
    "accepted": Status.OFFER, "offer accepted": Status.OFFER, "hired": Status.OFFER,
    "rejected": Status.REJECTED, "rejection": Status.REJECTED, "declined": Status.REJECTED,
    "not selected": Status.REJECTED, "turned down": Status.REJECTED, "no": Status.REJECTED,
    "absage": Status.REJECTED, "abgelehnt": Status.REJECTED,
    "withdrawn": Status.WITHDRAWN, "withdrew": Status.WITHDRAWN, "cancelled": Status.WITHDRAWN,
    "canceled": Status.WITHDRAWN, "zurückgezogen": Status.WITHDRAWN,
    "closed-no-response": Status.CLOSED_NO_RESPONSE, "closed no response":
        Status.CLOSED_NO_RESPONSE, "no response": Status.CLOSED_NO_RESPONSE,
    "ghosted": Status.CLOSED_NO_RESPONSE, "no reply": Status.CLOSED_NO_RESPONSE,
    "closed": Status.CLOSED_NO_RESPONSE, "keine antwort": Status.CLOSED_NO_RESPONSE,
}
_FORMAT_WORDS: dict[str, Format] = {
    "phone": Format.PHONE, "call": Format.PHONE, "telephone": Format.PHONE,
    "phone screen": Format.PHONE, "phone call": Format.PHONE, "telefon": Format.PHONE,
    "video": Format.VIDEO, "zoom": Format.VIDEO, "teams": Format.VIDEO, "meet": Format.VIDEO,
    "google meet": Format.VIDEO, "remote": Format.VIDEO, "virtual": Format.VIDEO,
    "video call": Format.VIDEO, "webex": Format.VIDEO, "skype": Format.VIDEO,
    "onsite": Format.ONSITE, "on-site": Format.ONSITE, "on site": Format.ONSITE,
    "in person": Format.ONSITE, "in-person": Format.ONSITE, "office": Format.ONSITE,
    "vor ort": Format.ONSITE, "panel": Format.PANEL,
}


def parse_status(text: str) -> Status:
    key = " ".join(text.lower().replace("_", " ").split())
    found = _STATUS_WORDS.get(key) or _STATUS_WORDS.get(key.replace("-", " "))
    if found is None:
        raise ValueProblem(f"status “{text.strip()[:40]}” is not one of active, offer, "
                           "rejected, withdrawn, closed-no-response")
    return found


def parse_format(text: str) -> Format:
    key = " ".join(text.lower().split())
    found = _FORMAT_WORDS.get(key)
    if found is None:
        raise ValueProblem(f"format “{text.strip()[:40]}” is not one of phone, video, "
                           "onsite, panel")
    return found


def _split_list(text: str) -> list[str]:
    """``a; b; c`` (or one per line) — empty places kept, so names and emails pair up."""
    if not text.strip():
        return []
    parts = re.split(r"[;\n]", text)
    if len(parts) == 1 and text.count("@") > 1:
        parts = text.split(",")
    return [p.strip() for p in parts]


# --- planning ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RowProblem:
    row: int
    reason: str

    def __str__(self) -> str:
        return f"Row {self.row}: {self.reason}"


@dataclass(frozen=True, slots=True)
class PlannedApplication:
    rows: tuple[int, ...]
    spec: ApplicationSpec
    exists: bool = False  # the same company and role are already in Followup


@dataclass(frozen=True, slots=True)
class ImportPlan:
    applications: tuple[PlannedApplication, ...]
    problems: tuple[RowProblem, ...]
    row_count: int
    notices: tuple[str, ...] = field(default=())

    @property
    def to_add(self) -> list[ApplicationSpec]:
        return [p.spec for p in self.applications if not p.exists]

    @property
    def existing(self) -> list[PlannedApplication]:
        return [p for p in self.applications if p.exists]

    def summary(self) -> str:
        n = len(self.to_add)
        parts = [f"{n} application{'s' if n != 1 else ''} to add from "
                 f"{self.row_count} row{'s' if self.row_count != 1 else ''}"]
        rounds = sum(len(s.interviews) for s in self.to_add)
        if rounds:
            parts.append(f"{rounds} round{'s' if rounds != 1 else ''}")
        if self.existing:
            parts.append(f"{len(self.existing)} already in Followup (skipped)")
        if self.problems:
            parts.append(f"{len(self.problems)} row{'s' if len(self.problems) != 1 else ''} "
                         "with problems (skipped)")
        return ", ".join(parts) + "."


def _key(company: str, role: str) -> tuple[str, str]:
    return (" ".join(company.casefold().split()), " ".join(role.casefold().split()))


def _clean_text(text: str, limit: int, *, one_line: bool = True) -> str:
    text = text.replace("\x00", "")
    if one_line:  # the one rule for one-line fields: no hidden characters, encoded words read
        from followup_desktop.guards import clean_line

        text = clean_line(text)
    text = " ".join(text.split()) if one_line else text.strip()
    return text[:limit]


@dataclass
class _Group:
    company: str
    role: str
    rows: list[int] = field(default_factory=list)
    status: Status | None = None
    applied: dt.datetime | None = None
    notes: list[str] = field(default_factory=list)
    rounds: list[InterviewSpec] = field(default_factory=list)

    def add(self, number: int, row: _Row) -> None:
        """Fold one row into the application: the latest status, the earliest date
        applied, each note once, each round once (by its start)."""
        self.rows.append(number)
        if row.status is not None:
            self.status = row.status
        if row.applied is not None and (self.applied is None or row.applied < self.applied):
            self.applied = row.applied
        for text in (row.notes, row.contacts_note):
            if text and text not in self.notes:
                self.notes.append(text)
        if row.round is not None and all(r.start != row.round.start for r in self.rounds):
            self.rounds.append(row.round)


@dataclass(frozen=True, slots=True)
class _Row:
    """One spreadsheet row, read."""

    company: str
    role: str
    status: Status | None
    applied: dt.datetime | None
    round: InterviewSpec | None
    contacts_note: str
    notes: str


def _read_row(cells: tuple[str, ...], cell: _Getter, date_order: DateOrder, tz: ZoneInfo,
              default_minutes: int) -> _Row:
    """The fields of one row; :class:`ValueProblem` says what is wrong with it."""
    company = _clean_text(cell(cells, Field.COMPANY), 200)
    role = _clean_text(cell(cells, Field.ROLE), 200)
    if not company:
        raise ValueProblem("company is empty")
    status = parse_status(cell(cells, Field.STATUS)) \
        if cell(cells, Field.STATUS).strip() else None
    applied = None
    if cell(cells, Field.APPLIED).strip():
        applied, _ = parse_when(cell(cells, Field.APPLIED), date_order, tz)
    round_spec = _round(cells, cell, date_order, tz, default_minutes)
    contacts_note = ""
    if round_spec is None:
        people = _people(cell(cells, Field.CONTACT_NAME), cell(cells, Field.CONTACT_EMAIL),
                         cell(cells, Field.CONTACT_TITLE))
        if people:
            contacts_note = "Contact: " + "; ".join(
                f"{p.name} <{p.email}>" if p.email else p.name for p in people)
    notes = _clean_text(cell(cells, Field.NOTES), 20_000, one_line=False)
    return _Row(company, role, status, applied, round_spec, contacts_note, notes)


def plan_import(table: Table, mapping: Mapping[int, Field], *, tz: ZoneInfo,
                date_order: DateOrder | None = None,
                existing: Iterable[Application] = (),
                default_minutes: int = 60) -> ImportPlan:
    """Rows → applications (rows with the same company and role become one application with
    its rounds); every row that cannot be read is listed with its number and the reason."""
    cols: dict[Field, int] = {}
    for index, fld in sorted(mapping.items()):
        if fld is not Field.IGNORE and fld not in cols and 0 <= index < len(table.headers):
            cols[fld] = index
    if Field.COMPANY not in cols:
        return ImportPlan((), (RowProblem(table.header_row,
                                          "no column is mapped to Company"),), len(table.rows))
    if date_order is None:
        values: list[str] = []
        for fld in (Field.APPLIED, Field.INTERVIEW_DATE):
            if fld in cols:
                values += table.column(cols[fld])
        date_order = guess_date_order(values, table.delimiter)

    def cell(cells: tuple[str, ...], fld: Field) -> str:
        i = cols.get(fld)
        return cells[i] if i is not None and i < len(cells) else ""

    groups: dict[tuple[str, str], _Group] = {}
    problems: list[RowProblem] = []
    for number, cells in table.rows:
        try:
            row = _read_row(cells, cell, date_order, tz, default_minutes)
        except ValueProblem as exc:
            problems.append(RowProblem(number, str(exc)))
            continue
        key = _key(row.company, row.role)
        group = groups.get(key)
        if group is None:
            group = groups[key] = _Group(row.company, row.role)
        group.add(number, row)

    have = {_key(a.company, a.role) for a in existing}
    planned = []
    for key, g in groups.items():
        spec = ApplicationSpec(company=g.company, role=g.role, status=g.status or Status.ACTIVE,
                               notes="\n\n".join(g.notes),
                               interviews=tuple(sorted(g.rounds, key=lambda r: r.start)),
                               created_at=g.applied)
        planned.append(PlannedApplication(tuple(g.rows), spec, exists=key in have))
    notices = []
    if Field.APPLIED in cols or Field.INTERVIEW_DATE in cols:
        notices.append("Dates like 03/04/2026 are read as "
                       + ("day/month/year." if date_order is DateOrder.DAY_FIRST
                          else "month/day/year."))
    return ImportPlan(tuple(planned), tuple(problems), len(table.rows), tuple(notices))


def _people(names: str, emails: str, titles: str) -> list[PersonSpec]:
    from followup_desktop.interchange import FormatError, normalize_email

    name_list, email_list, title_list = _split_list(names), _split_list(emails), \
        _split_list(titles)
    out = []
    for i in range(max(len(name_list), len(email_list))):
        name = name_list[i] if i < len(name_list) else ""
        email = email_list[i] if i < len(email_list) else ""
        m = re.match(r"^(.*?)\s*<([^<>]+@[^<>]+)>$", name)
        if m and not email:
            name, email = m.group(1).strip().strip('"'), m.group(2)
        if email:
            try:
                email = normalize_email(email.strip().removeprefix("mailto:"))
            except FormatError:
                raise ValueProblem(f"contact email “{email[:60]}” is not an email "
                                   "address") from None
        if not name and email:
            from followup_desktop.importers.invite import name_from_email

            name = name_from_email(email)
        if not name:
            continue
        out.append(PersonSpec(name=_clean_text(name, 200), email=email or None,
                              title=_clean_text(title_list[i], 200) if i < len(title_list)
                              else "", main_contact=(i == 0)))
    return out


_Getter = Callable[[tuple[str, ...], Field], str]


def _round(cells: tuple[str, ...], get: _Getter, order: DateOrder, tz: ZoneInfo,
           default_minutes: int) -> InterviewSpec | None:
    date_text = get(cells, Field.INTERVIEW_DATE)
    if not date_text.strip():
        if get(cells, Field.INTERVIEW_TIME).strip():
            raise ValueProblem("interview time given without an interview date")
        return None
    start, has_time = parse_when(date_text, order, tz)
    time_text = get(cells, Field.INTERVIEW_TIME).strip()
    if time_text:
        local_day = start.astimezone(tz).date()
        start = dt.datetime.combine(local_day, parse_time(time_text), tzinfo=tz).astimezone(UTC)
    elif not has_time:
        start = dt.datetime.combine(start.astimezone(tz).date(), dt.time(9, 0),
                                    tzinfo=tz).astimezone(UTC)
    minutes = default_minutes
    dur = get(cells, Field.DURATION).strip()
    if dur:
        m = re.match(r"^(\d{1,4})(?:\s*(?:min|mins|minutes|m))?$", dur, re.I)
        if not m or not 1 <= int(m.group(1)) <= 24 * 60:
            raise ValueProblem(f"duration “{dur[:20]}” is not a number of minutes (1–1440)")
        minutes = int(m.group(1))
    fmt_text = get(cells, Field.FORMAT).strip()
    fmt = parse_format(fmt_text) if fmt_text else Format.VIDEO
    people = _people(get(cells, Field.CONTACT_NAME), get(cells, Field.CONTACT_EMAIL),
                     get(cells, Field.CONTACT_TITLE))
    notes = _clean_text(get(cells, Field.ROUND_NOTES), 20_000, one_line=False)
    return InterviewSpec(start=start, duration_minutes=minutes, format=fmt, tone=Tone.FORMAL,
                         notes=notes, interviewers=tuple(people))


# --- export --------------------------------------------------------------------------------

ENTITIES = ("applications", "rounds", "people", "messages")


def _iso_local(value: dt.datetime | None, tz: dt.tzinfo) -> str:
    return value.astimezone(tz).isoformat(timespec="seconds") if value else ""


def _last_activity(app: Application) -> dt.datetime | None:
    times = [iv.start for iv in app.interviews] + [e.at for e in app.events] + \
        [m.sent_at for m in app.messages]
    if app.created_at:
        times.append(app.created_at)
    return max(times) if times else None


def export_tables(apps: Sequence[Application], tz: dt.tzinfo
                  ) -> dict[str, tuple[tuple[str, ...], list[tuple[str, ...]]]]:
    """entity → (headers, rows): applications, rounds, people, messages. Times are ISO 8601
    in ``tz`` with their offset, so the files read back exactly."""
    out: dict[str, tuple[tuple[str, ...], list[tuple[str, ...]]]] = {}
    out["applications"] = (
        ("Application ID", "Company", "Role", "Status", "Applied", "Notes", "Rounds",
         "Last activity"),
        [(str(a.id), a.company, a.role, a.status.value, _iso_local(a.created_at, tz), a.notes,
          str(len(a.interviews)), _iso_local(_last_activity(a), tz)) for a in apps])
    rounds: list[tuple[str, ...]] = []
    for a in apps:
        for iv in a.interviews:
            people = [p.person for p in iv.participants]
            rounds.append((str(a.id), a.company, a.role, a.status.value,
                           _iso_local(iv.start, tz), str(iv.duration_minutes), iv.format.value,
                           iv.tone.value, iv.decision_by.isoformat() if iv.decision_by else "",
                           "; ".join(p.name for p in people),
                           "; ".join(p.email or "" for p in people) if any(
                               p.email for p in people) else "",
                           "; ".join(p.title for p in people) if any(
                               p.title for p in people) else "",
                           iv.notes, iv.uid or ""))
    out["rounds"] = (("Application ID", "Company", "Role", "Status", "Interview date",
                      "Duration (min)", "Format", "Tone", "Decision by", "Contact names",
                      "Contact emails", "Contact titles", "Round notes", "Invite UID"), rounds)
    people_rows: list[tuple[str, ...]] = []
    for a in apps:
        for p in a.people:
            n = sum(1 for iv in a.interviews for part in iv.participants
                    if part.person.id == p.id)
            people_rows.append((str(a.id), a.company, a.role, p.name, p.title, p.email or "",
                                p.linkedin or "", str(n)))
    out["people"] = (("Application ID", "Company", "Role", "Name", "Title", "Email",
                      "LinkedIn", "Rounds"), people_rows)
    msgs: list[tuple[str, ...]] = []
    for a in apps:
        for m in a.messages:
            person = a.person(m.person_id)
            msgs.append((str(a.id), a.company, a.role, m.kind.value, m.kind.label,
                         person.name if person else "", m.to or (person.email if person and
                                                                   person.email else "") or "",
                         _iso_local(m.sent_at, tz), m.subject))
    out["messages"] = (("Application ID", "Company", "Role", "Kind", "Follow-up", "To",
                        "Email", "Sent at", "Subject"), msgs)
    return out


_FORMULA = re.compile(r"^'*[=@]|^'*[+\-](?![\d\s.(])")


def _escape(cell: str) -> str:
    """Keep spreadsheet apps from running a cell as a formula (CSV injection)."""
    return "'" + cell if _FORMULA.match(cell) else cell


def _unescape(cell: str) -> str:
    return cell[1:] if cell.startswith("'") and _FORMULA.match(cell[1:]) else cell


def to_csv_bytes(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> bytes:
    """UTF-8 with a BOM (so Excel reads the accents), CRLF, quoted where needed."""
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([_escape(h.replace("\x00", "")) for h in headers])
    for row in rows:
        writer.writerow([_escape(str(c).replace("\x00", "")) for c in row])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def write_csv_files(apps: Sequence[Application], folder: Path, tz: dt.tzinfo, *,
                    entities: Iterable[str] = ENTITIES, prefix: str = "followup-",
                    overwrite: bool = False) -> list[Path]:
    """One ``<prefix><entity>.csv`` per entity in ``folder``, each written atomically."""
    from followup_desktop.fileio import FileExistsRefused, atomic_write

    tables = export_tables(apps, tz)
    chosen = [e for e in entities if e in tables]
    unknown = set(entities) - set(tables)
    if unknown:
        raise ValueError(f"unknown CSV tables: {sorted(unknown)}")
    targets = [Path(folder) / f"{prefix}{e}.csv" for e in chosen]
    if not overwrite:
        taken = [t.name for t in targets if t.exists()]
        if taken:
            raise ImportFileError(f"{', '.join(taken)} already exist(s) in {folder}; "
                                  "choose another folder or allow replacing")
    written = []
    for entity, target in zip(chosen, targets, strict=True):
        headers, rows = tables[entity]
        try:
            atomic_write(target, to_csv_bytes(headers, rows), overwrite=overwrite, mode=0o600)
        except FileExistsRefused:
            raise ImportFileError(f"{target.name} already exists in {folder}") from None
        written.append(target)
    return written


__all__ = [
    "ENTITIES",
    "DateOrder",
    "Field",
    "ImportPlan",
    "PlannedApplication",
    "RowProblem",
    "Table",
    "ValueProblem",
    "export_tables",
    "guess_date_order",
    "guess_mapping",
    "parse_when",
    "plan_import",
    "read_csv",
    "read_csv_file",
    "to_csv_bytes",
    "write_csv_files",
]
