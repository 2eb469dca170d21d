"""Persistence: peewee models over SQLite, migrations, backups. No Qt here."""

from followup_desktop.store.errors import StoreError
from followup_desktop.store.repository import Counts, Store, StoredDraft, open_store

__all__ = ["Counts", "Store", "StoreError", "StoredDraft", "open_store"]
