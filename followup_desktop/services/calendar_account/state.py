"""What the sync knows of each window's event on the server (``calendar_event`` table).

Each function runs through ``ctx.run_on_store`` when the context has one: the window's
sync worker hands every database access to the thread that owns the connection (the
store's one connection), and keeps only the network for itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from followup_desktop.store.models import CalendarEventRow, FollowupStateRow

T = TypeVar("T")


def on_store(ctx: Any, fn: Callable[[], T]) -> T:
    """``fn()`` where the store's connection lives (see the module docstring), the
    ``calendar_event`` table made first if this data folder has none yet."""
    run = getattr(ctx, "run_on_store", None)

    def with_table() -> T:
        _ensure_table(ctx)
        return fn()

    return run(with_table) if run is not None else with_table()


def _ensure_table(ctx: Any) -> None:
    db = ctx.store.db
    if getattr(db, "calendar_event_table", False):
        return
    if not db.table_exists(CalendarEventRow._meta.table_name):
        with ctx.store.write():
            CalendarEventRow.create_table(safe=True)
    db.calendar_event_table = True


@dataclass(slots=True)
class EventState:
    key: str
    application_id: int
    uid: str
    href: str | None = None
    etag: str | None = None
    digest: str = ""
    start: str = ""
    gone: str | None = None  # the digest the event had when the user deleted it


def load_events(ctx: Any) -> dict[str, EventState]:
    return on_store(ctx, _load_events)


def _load_events() -> dict[str, EventState]:
    rows: Any = CalendarEventRow.select(
        CalendarEventRow.key, CalendarEventRow.application_id, CalendarEventRow.uid,
        CalendarEventRow.href, CalendarEventRow.etag, CalendarEventRow.digest,
        CalendarEventRow.start, CalendarEventRow.gone).tuples()
    return {str(r[0]): EventState(*r) for r in rows}


def save_events(ctx: Any, changed: Iterable[EventState], removed: Iterable[str]) -> None:
    """One transaction for what a sync learnt."""
    changed, removed = list(changed), list(removed)
    if not changed and not removed:
        return
    on_store(ctx, lambda: _save_events(ctx, changed, removed))


def _save_events(ctx: Any, changed: list[EventState], removed: list[str]) -> None:
    with ctx.store.write():
        for start in range(0, len(removed), 500):
            CalendarEventRow.delete().where(
                CalendarEventRow.key.in_(removed[start:start + 500])).execute()
        for e in changed:
            CalendarEventRow.insert(key=e.key, application_id=e.application_id, uid=e.uid,
                                    href=e.href, etag=e.etag, digest=e.digest, start=e.start,
                                    gone=e.gone).on_conflict_replace().execute()


def forget_events(ctx: Any) -> None:
    def forget() -> None:
        with ctx.store.write():
            CalendarEventRow.delete().execute()

    on_store(ctx, forget)


def counts(ctx: Any) -> tuple[int, int]:
    """(events on the server, events the user deleted and the sync keeps deleted)."""
    return on_store(ctx, _counts)


def _counts() -> tuple[int, int]:
    on = CalendarEventRow.select().where(CalendarEventRow.href.is_null(False)).count()
    gone = CalendarEventRow.select().where(CalendarEventRow.gone.is_null(False)).count()
    return int(on), int(gone)


def window_of_uid(ctx: Any, uid: str) -> tuple[str, int] | None:
    """(window key, application id) of the window whose stored UID is ``uid``."""
    return on_store(ctx, lambda: _window_of_uid(uid))


def _window_of_uid(uid: str) -> tuple[str, int] | None:
    row = (FollowupStateRow.select(FollowupStateRow.key, FollowupStateRow.application)
           .where(FollowupStateRow.uid == uid).tuples().first())
    return (str(row[0]), int(row[1])) if row else None
