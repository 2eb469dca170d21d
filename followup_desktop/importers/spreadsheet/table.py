"""Reading a CSV file into a :class:`Table`: the encoding, the delimiter and the size limits."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass
from pathlib import Path

from followup_desktop.importers.errors import ImportFileError

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


#: OWASP's rule for CSV injection: a cell starting with = + - @ tab or CR is prefixed with
#: a single quote (``-2+3+cmd|' /C calc'!A0`` and ``+1+HYPERLINK(...)`` once went out as
#: they were); a cell that already starts with quotes before one of them gets one more, so
#: that reading our own file back gives the text exactly.
_FORMULA = re.compile(r"^'*[=+\-@\t\r\n]")  # CR is written as LF: LF counts too


def _escape(cell: str) -> str:
    """Keep spreadsheet apps from running a cell as a formula (CSV injection). Line ends
    are written as LF, as reading gives them back (a leading CR is then no formula)."""
    if "\r" in cell:
        cell = cell.replace("\r\n", "\n").replace("\r", "\n")
    return "'" + cell if _FORMULA.match(cell) and cell.strip() else cell


def _unescape(cell: str) -> str:
    return cell[1:] if cell.startswith("'") and _FORMULA.match(cell[1:]) else cell
