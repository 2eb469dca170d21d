"""Persistence: peewee models over SQLite, migrations, backups. No Qt here.

``StoreError`` is light; the rest (peewee and the models) loads on first use, so that the
window can paint before any of it is imported.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from followup_desktop.store.errors import StoreError

if TYPE_CHECKING:
    from followup_desktop.store.repository import Counts, Store, StoredDraft, open_store

__all__ = ["Counts", "Store", "StoreError", "StoredDraft", "open_store"]


def __getattr__(name: str) -> Any:
    if name in ("Counts", "Store", "StoredDraft", "open_store"):
        from followup_desktop.store import repository

        return getattr(repository, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
