"""Dialogs of the import and report flows: invite preview (``invite_preview``), CSV column
mapping + preview (``csv_import``), report range and CSV export choice (``choices``).

The dialogs hold transient, not-yet-saved data (a parsed invite, a spreadsheet), so small
``QTableWidget`` grids are fine here; nothing is written until the user confirms, and then
only through the importers' services (one transaction, after a backup).
"""

from __future__ import annotations

from followup_desktop.ui.import_dialogs.choices import ExportCsvDialog, ReportRangeDialog
from followup_desktop.ui.import_dialogs.csv_import import CsvImportDialog, PlanModel
from followup_desktop.ui.import_dialogs.invite_preview import InvitePreviewDialog

__all__ = ["CsvImportDialog", "ExportCsvDialog", "InvitePreviewDialog", "PlanModel",
           "ReportRangeDialog"]
