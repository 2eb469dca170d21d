"""The settings and the profile read only their own rows of the key-value table."""

from __future__ import annotations

from pathlib import Path

from followup_desktop.store import open_store


def test_settings_and_profile_read_only_their_rows(tmp_path: Path) -> None:
    store = open_store(tmp_path / "f.sqlite3")
    try:
        store.set_value("ui.expired_shown", ["k"] * 1000)  # what the window remembers
        store.db.execute_sql("INSERT OR REPLACE INTO setting (key, value) VALUES (?, ?)",
                             ("ui.broken", "{not json"))  # another value, unreadable
        store.set_setting("thank_you_due_hours", 30)
        assert store.settings().thank_you_due_hours == 30  # the broken row is not read
        assert store.profile().name == ""
        statements: list[str] = []
        original = store.db.execute_sql

        def spy(sql: str, params: object = None, *a: object, **k: object) -> object:
            statements.append(sql)
            return original(sql, params, *a, **k)

        store.db.execute_sql = spy  # type: ignore[method-assign]
        store.settings()
        store.profile()
        assert len(statements) == 2 and all("IN" in s for s in statements)
    finally:
        store.close()
