"""Rows → applications (:func:`plan_import`), and every row with a problem, by its number."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from followup_desktop.importers.spreadsheet.columns import Field
from followup_desktop.importers.spreadsheet.table import UTC, Table
from followup_desktop.importers.spreadsheet.values import (
    DateOrder,
    ValueProblem,
    _split_list,
    guess_date_order,
    parse_format,
    parse_status,
    parse_time,
    parse_when,
)
from followup_desktop.records import (
    Application,
    ApplicationSpec,
    Format,
    InterviewSpec,
    PersonSpec,
    Status,
    Tone,
)

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
    #: rows read without a problem that still add nothing: their application is already
    #: in Followup, or they repeat an earlier row (each with its number and why)
    skipped: tuple[RowProblem, ...] = field(default=())

    def not_imported(self) -> list[RowProblem]:
        """Every row of the file that the import does not add, by its number, with why."""
        return sorted((*self.problems, *self.skipped), key=lambda p: p.row)

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
        repeats = sum(1 for p in self.skipped if p.reason.startswith("repeats"))
        if repeats:
            parts.append(f"{repeats} row{'s' if repeats != 1 else ''} repeating an earlier "
                         "one (skipped)")
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

    def add(self, number: int, row: _Row) -> bool:
        """Fold one row into the application: the latest status, the earliest date
        applied, each note once, each round once (by its start). False when the row adds
        nothing that an earlier row did not already say."""
        first = not self.rows
        self.rows.append(number)
        new = first
        if row.status is not None:
            new = new or row.status is not self.status
            self.status = row.status
        if row.applied is not None and (self.applied is None or row.applied < self.applied):
            self.applied, new = row.applied, True
        for text in (row.notes, row.contacts_note):
            if text and text not in self.notes:
                self.notes.append(text)
                new = True
        if row.round is not None:
            new = self._add_round(row.round) or new
        if not new:
            self.rows.pop()
        return new

    def _add_round(self, spec: InterviewSpec) -> bool:
        """A round once by its start; a later row for the same round adds the people it
        names that the round does not have yet (one row per interviewer)."""
        import dataclasses

        for i, r in enumerate(self.rounds):
            if r.start != spec.start:
                continue
            known = {(p.email or p.name).casefold() for p in r.interviewers}
            more = tuple(dataclasses.replace(p, main_contact=False) for p in spec.interviewers
                         if (p.email or p.name).casefold() not in known)
            if more:
                self.rounds[i] = dataclasses.replace(r, interviewers=r.interviewers + more)
            return bool(more)
        self.rounds.append(spec)
        return True


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
    its rounds); every row that is not imported is listed with its number and the reason:
    one that cannot be read (``problems``), and one that adds nothing (``skipped``)."""
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
    groups, problems, skipped = _group_rows(table, cols, date_order, tz, default_minutes)
    have = {_key(a.company, a.role) for a in existing}
    planned = []
    for key, g in groups.items():
        if key in have:
            skipped.extend(RowProblem(n, f"{_what(g.company, g.role)} is already in Followup")
                           for n in g.rows)
        spec = ApplicationSpec(company=g.company, role=g.role, status=g.status or Status.ACTIVE,
                               notes="\n\n".join(g.notes),
                               interviews=tuple(sorted(g.rounds, key=lambda r: r.start)),
                               created_at=g.applied)
        planned.append(PlannedApplication(tuple(g.rows), spec, exists=key in have))
    return ImportPlan(tuple(planned), tuple(problems), len(table.rows),
                      _notices(table, mapping, cols, date_order),
                      tuple(sorted(skipped, key=lambda p: p.row)))


def _what(company: str, role: str) -> str:
    return f"{company} — {role}" if role else company


def _group_rows(table: Table, cols: dict[Field, int], date_order: DateOrder, tz: ZoneInfo,
                default_minutes: int
                ) -> tuple[dict[tuple[str, str], _Group], list[RowProblem], list[RowProblem]]:
    """Each row read and folded into its application; the rows that cannot be read, and
    the ones that repeat an earlier row, each with why."""
    def cell(cells: tuple[str, ...], fld: Field) -> str:
        i = cols.get(fld)
        return cells[i] if i is not None and i < len(cells) else ""

    groups: dict[tuple[str, str], _Group] = {}
    problems: list[RowProblem] = []
    skipped: list[RowProblem] = []
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
        if not group.add(number, row):
            skipped.append(RowProblem(number, f"repeats row {group.rows[0]} "
                                              f"({_what(row.company, row.role)}): "
                                              "nothing new in it"))
    return groups, problems, skipped


def _notices(table: Table, mapping: Mapping[int, Field], cols: dict[Field, int],
             date_order: DateOrder) -> tuple[str, ...]:
    from followup_desktop.importers.spreadsheet.columns import lone_date_notice

    notices = []
    lone = lone_date_notice(table.headers, dict(mapping))
    if lone is not None:
        notices.append(lone)
    if Field.APPLIED in cols or Field.INTERVIEW_DATE in cols:
        notices.append("Dates like 03/04/2026 are read as "
                       + ("day/month/year." if date_order is DateOrder.DAY_FIRST
                          else "month/day/year."))
    return tuple(notices)


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


def not_imported_text(name: str, plan: ImportPlan, limit: int = 50) -> str:
    """What the command line says when rows have problems (it imports all or nothing):
    every row not imported, by its number, with why (the first ``limit``, then a count)."""
    rows = plan.not_imported()
    n = len(plan.problems)
    lines = [f"{name}: {n} row{'s' if n != 1 else ''} cannot be read, so nothing was "
             "imported (fix them, or import in the window to skip them):"]
    lines += [f"  {p}" for p in rows[:limit]]
    if len(rows) > limit:
        lines.append(f"  and {len(rows) - limit} more rows")
    return "\n".join(lines)
