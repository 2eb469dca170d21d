"""Schema migrations: one step per transaction, version in ``PRAGMA user_version``.

A step that rebuilds a table (SQLite's only way to change a column) would, with
``foreign_keys=ON``, silently cascade-delete the child rows of the old table. So each step
runs with foreign keys off, checks ``foreign_key_check`` before its commit, and turns them
back on afterwards. A failed step rolls back whole: the file stays at the previous version.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import peewee as pw

from followup_desktop.store.errors import StoreError

if TYPE_CHECKING:  # playhouse.migrate is imported only when a migration runs
    from playhouse.migrate import SchemaMigrator
else:
    SchemaMigrator = Any

Step = Callable[[SchemaMigrator, pw.Database], None]


def _v1_to_v2(migrator: SchemaMigrator, db: pw.Database) -> None:
    """Schema 2: calendar invite UIDs, undoable deletes, people without an email.

    Schema 1 stored an unknown email as ``''`` in a NOT NULL column; dropping NOT NULL
    rebuilds the ``person`` table, the parent of participants, promises and messages.
    """
    from playhouse.migrate import migrate

    migrate(
        migrator.add_column("interview", "uid", pw.TextField(null=True)),
        migrator.add_index("interview", ("uid",), False),
        migrator.add_column("application", "deleted_at", pw.TextField(null=True)),
        migrator.add_index("application", ("deleted_at",), False),
        migrator.drop_not_null("person", "email"),
    )
    db.execute_sql("UPDATE person SET email = NULL WHERE email = ''")


def _v2_to_v3(migrator: SchemaMigrator, db: pw.Database) -> None:
    """Schema 3: what a reply said (``events[].says``) and the decision date it gave."""
    from playhouse.migrate import migrate

    migrate(
        migrator.add_column("event", "says", pw.TextField(null=True)),
        migrator.add_column("event", "decision_by", pw.TextField(null=True)),
    )


def _v3_to_v4(migrator: SchemaMigrator, db: pw.Database) -> None:
    """Schema 4: each follow-up window's calendar UID (random, made when first needed)."""
    from playhouse.migrate import migrate

    migrate(migrator.add_column("followup_state", "uid", pw.TextField(null=True)))


def _v4_to_v5(migrator: SchemaMigrator, db: pw.Database) -> None:
    """Schema 5: ``draft_basis``, what an edited draft was made from (so that the
    composer says what changed since a draft was edited). A new table: nothing moves."""
    db.execute_sql(
        'CREATE TABLE IF NOT EXISTS "draft_basis" ("id" INTEGER NOT NULL PRIMARY KEY, '
        '"key" TEXT NOT NULL, "application_id" INTEGER NOT NULL, "person_id" INTEGER NOT NULL, '
        '"basis" TEXT NOT NULL, FOREIGN KEY ("application_id") REFERENCES "application" ("id") '
        "ON DELETE CASCADE)")
    db.execute_sql('CREATE INDEX IF NOT EXISTS "draft_basis_application_id" '
                   'ON "draft_basis" ("application_id")')
    db.execute_sql('CREATE UNIQUE INDEX IF NOT EXISTS "draft_basis_key_person_id" '
                   'ON "draft_basis" ("key", "person_id")')


def _v5_to_v6(migrator: SchemaMigrator, db: pw.Database) -> None:
    """Schema 6: the data folder's secret for window UIDs (:data:`UID_SECRET_KEY`), so that
    a window has its UID from the moment it is planned (an export made before any calendar
    carries it), not from the first calendar that asked. UIDs already stored stay."""
    give_uid_secret(db)


def give_uid_secret(db: pw.Database) -> None:
    """The data folder's UID secret, made once: by the schema 6 migration, and when a new
    database is made (``connection.connect``), so that no command that only reads (an
    export) ever has to write one."""
    db.execute_sql('INSERT OR IGNORE INTO "setting" ("key", "value") VALUES (?, ?)',
                   (UID_SECRET_KEY, json.dumps(new_uid_secret())))


#: Where the data folder's UID secret is kept (a setting row; never exported).
UID_SECRET_KEY = "calendar.uid_secret"


def new_uid_secret() -> str:
    import secrets

    return secrets.token_hex(32)


STEPS: dict[int, Step] = {1: _v1_to_v2, 2: _v2_to_v3, 3: _v3_to_v4, 4: _v4_to_v5,
                          5: _v5_to_v6}
SCHEMA_VERSION = max(STEPS) + 1


def migrate(db: pw.SqliteDatabase, from_version: int, *,
            after_step: Callable[[int], None] | None = None) -> int:
    """Bring ``db`` from ``from_version`` to ``SCHEMA_VERSION``; returns the new version."""
    from playhouse.migrate import SqliteMigrator

    migrator = SqliteMigrator(db)
    version = from_version
    while version < SCHEMA_VERSION:
        step = STEPS.get(version)
        if step is None:
            raise StoreError(f"No way to upgrade data format {version}.")
        db.execute_sql("PRAGMA foreign_keys = OFF")
        try:
            with migrator.migration_context():
                step(migrator, db)
                problems = db.execute_sql("PRAGMA foreign_key_check").fetchall()
                if problems:
                    raise StoreError(
                        f"Upgrading the data to format {version + 1} would break "
                        f"{len(problems)} links between records; nothing was changed."
                    )
                db.execute_sql(f"PRAGMA user_version = {version + 1}")
        finally:
            db.execute_sql("PRAGMA foreign_keys = ON")
        version += 1
        if after_step is not None:
            after_step(version)
    return version
