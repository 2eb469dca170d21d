"""What the mail account has done to the plan: kept in the store, a JSON value each.

- ``mail.sync``: per folder, the UIDVALIDITY, the last UID read and the HIGHESTMODSEQ
  (CONDSTORE) -- where the next sync starts; and when the last one ended.
- ``mail.pushed``: per draft (window key + person), the Message-ID Followup gave it, its
  UID in Drafts and a digest of what was pushed (to tell our copy from the user's edit).
- ``mail.ids``: every Message-ID Followup gave a draft, with its window (a sent copy and a
  reply's In-Reply-To are matched against these).
- ``mail.journal``: each recorded change (what, which message caused it: sender, subject,
  date; undone or not) and each suggestion awaiting the user; plus digests of the
  Message-IDs of messages that matched, so none is recorded twice.

Nothing else of a message is kept: messages that match nothing leave no trace.
"""

from __future__ import annotations

import hashlib
from typing import Any

SYNC_KEY = "mail.sync"
PUSHED_KEY = "mail.pushed"
IDS_KEY = "mail.ids"
JOURNAL_KEY = "mail.journal"
ALL_KEYS = (SYNC_KEY, PUSHED_KEY, IDS_KEY, JOURNAL_KEY)

#: records kept for undo (the oldest are dropped past this)
KEEP_RECORDS = 500
KEEP_SEEN = 5000


def stored(store: Any, key: str) -> dict[str, Any]:
    """The JSON object kept under ``key`` ({} when none, or forgotten: stored as null)."""
    value = store.get_value(key, None)
    return value if isinstance(value, dict) else {}


def digest(message_id: str) -> str:
    """A Message-ID as kept: its digest (enough to recognise it, not to read it)."""
    return hashlib.sha256(message_id.strip().strip("<>").lower().encode()).hexdigest()[:32]


def empty_journal() -> dict[str, Any]:
    return {"next": 1, "records": [], "suggestions": [], "seen": []}


class Journal:
    """A working copy of the journal; :meth:`value` is written back by the caller."""

    def __init__(self, raw: Any) -> None:
        data = raw if isinstance(raw, dict) else empty_journal()
        self.next: int = int(data.get("next", 1))
        self.records: list[dict[str, Any]] = list(data.get("records", []))
        self.suggestions: list[dict[str, Any]] = list(data.get("suggestions", []))
        self.seen: list[str] = list(data.get("seen", []))
        self._seen = set(self.seen)

    def value(self) -> dict[str, Any]:
        return {"next": self.next, "records": self.records[-KEEP_RECORDS:],
                "suggestions": self.suggestions, "seen": self.seen[-KEEP_SEEN:]}

    def take_id(self) -> int:
        n = self.next
        self.next += 1
        return n

    def has_seen(self, mid_digest: str) -> bool:
        return mid_digest in self._seen

    def mark_seen(self, mid_digest: str) -> None:
        if mid_digest not in self._seen:
            self._seen.add(mid_digest)
            self.seen.append(mid_digest)

    def record(self, **entry: Any) -> dict[str, Any]:
        entry = {"id": self.take_id(), "undone": False, **entry}
        self.records.append(entry)
        return entry

    def suggest(self, **entry: Any) -> dict[str, Any]:
        entry = {"id": self.take_id(), **entry}
        self.suggestions.append(entry)
        return entry

    def find(self, entry_id: int) -> tuple[str, dict[str, Any]] | None:
        for entry in self.records:
            if entry["id"] == entry_id:
                return "record", entry
        for entry in self.suggestions:
            if entry["id"] == entry_id:
                return "suggestion", entry
        return None
