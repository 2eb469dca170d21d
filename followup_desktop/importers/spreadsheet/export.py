"""Writing the applications, rounds, people and messages tables as CSV, atomically."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from pathlib import Path

from followup_desktop.importers.errors import ImportFileError
from followup_desktop.importers.spreadsheet.table import _escape
from followup_desktop.records import (
    Application,
)

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

