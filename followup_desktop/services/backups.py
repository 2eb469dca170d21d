"""Backups around risky steps: one rule for "a backup first", and putting a backup back.

Every backup goes through :class:`~followup_desktop.store.backups.BackupManager`: one file
name scheme (``followup-<UTC stamp>Z-<reason>.sqlite3``), verified with
``integrity_check``, thinned with the others.
"""

from __future__ import annotations

from pathlib import Path

from followup_desktop.context import AppContext
from followup_desktop.store import Store
from followup_desktop.store.backups import BackupManager, Reason


def backup_before_import(ctx: AppContext) -> Path:
    """A verified copy of the database before an import changes it (every import: the JSON
    file, an invite, a spreadsheet). :class:`~followup_desktop.store.StoreError` when it
    could not be taken -- then the import does not run."""
    return BackupManager(ctx.store, ctx.paths, ctx.clock).backup_now(Reason.IMPORT)


def restore_into(ctx: AppContext, manager: BackupManager, backup: Path) -> Store:
    """Restore ``backup`` and point ``ctx`` at the new store (its caches dropped)."""
    store = manager.restore(backup)
    ctx.store = store
    ctx.invalidate()
    return store


__all__ = ["backup_before_import", "restore_into"]
