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

from followup_desktop.importers.spreadsheet.columns import FIELD_LABELS, Field, guess_mapping
from followup_desktop.importers.spreadsheet.export import (
    ENTITIES,
    export_tables,
    to_csv_bytes,
    write_csv_files,
)
from followup_desktop.importers.spreadsheet.rows import (
    ImportPlan,
    PlannedApplication,
    RowProblem,
    not_imported_text,
    plan_import,
)
from followup_desktop.importers.spreadsheet.table import (
    MAX_BYTES,
    MAX_CELL,
    MAX_COLUMNS,
    MAX_ROWS,
    Table,
    read_csv,
    read_csv_file,
)
from followup_desktop.importers.spreadsheet.values import (
    DateOrder,
    ValueProblem,
    guess_date_order,
    parse_format,
    parse_status,
    parse_time,
    parse_when,
)

__all__ = [
    "ENTITIES", "FIELD_LABELS", "MAX_BYTES", "MAX_CELL", "MAX_COLUMNS", "MAX_ROWS",
    "DateOrder", "Field", "ImportPlan", "PlannedApplication", "RowProblem", "Table",
    "ValueProblem", "export_tables", "guess_date_order", "guess_mapping", "not_imported_text",
    "parse_format", "parse_status", "parse_time", "parse_when", "plan_import", "read_csv",
    "read_csv_file", "to_csv_bytes", "write_csv_files",
]
