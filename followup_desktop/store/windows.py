"""What was done with each follow-up window, and the user's drafts of it: the store's
window states and saved drafts (a part of :class:`~followup_desktop.store.Store`). No Qt.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import peewee as pw

from followup_desktop.records import STATE_TIMES, FollowupState
from followup_desktop.store.models import DraftBasisRow, DraftRow, FollowupStateRow

if TYPE_CHECKING:
    from followup_desktop.store.attachments import Picks

#: the namespace of the UIDs a read-only store gives windows it has none stored for
_READ_ONLY_UIDS = uuid.UUID("5d1c6a3e-6f0b-4c55-9a47-2f7c0e3b8d11")


def planned_uid(secret: bytes, key: str) -> str:
    """The UID of the window ``key`` in the data folder with ``secret``: fixed from the
    moment the window is planned, as random to anyone without the secret as a uuid4 (and
    written as one), different for every window and every data folder."""
    import hmac

    digest = hmac.new(secret, key.encode("utf-8"), "sha256").digest()
    return str(uuid.UUID(bytes=digest[:16], version=4))


@dataclass(frozen=True, slots=True)
class StoredDraft:
    key: str
    person_id: int | None
    subject: str
    body: str
    attachments: tuple[str, ...]
    updated_at: dt.datetime
    #: attachments stored with it that it may not read, each named with why
    #: (:mod:`followup_desktop.store.attachments`); not in :attr:`attachments`
    dropped: tuple[str, ...] = ()


class WindowRecords:
    """The window states and drafts of :class:`~followup_desktop.store.Store` (a mixin:
    the store gives it its database, transactions and clock)."""

    if TYPE_CHECKING:
        path: Path
        read_only: bool
        _picked: Picks | None

        @property
        def clock(self) -> Callable[[], dt.datetime]: ...

        def write(self, *, bump: bool = True) -> AbstractContextManager[None]: ...

        def _rows(self, query: pw.Query) -> list[tuple[Any, ...]]: ...

        def _cursor(self, query: pw.Query) -> Any: ...

    # -- follow-up states -------------------------------------------------------------------

    def states(self) -> dict[str, FollowupState]:
        def when(value: str | None) -> dt.datetime | None:
            return None if value is None else dt.datetime.fromisoformat(value)

        out: dict[str, FollowupState] = {}
        # row by row from the cursor, not fetched whole first: a state per window ever
        # notified (3,200 at 10k) is read at every reminder check, the first one at a start
        for key, n, s, c, sk, d, e, uid in self._cursor(FollowupStateRow.select(
                FollowupStateRow.key, FollowupStateRow.notified_at,
                FollowupStateRow.snoozed_until, FollowupStateRow.snooze_count,
                FollowupStateRow.skipped_at, FollowupStateRow.drafted_at,
                FollowupStateRow.exported_at, FollowupStateRow.uid)):
            out[key] = FollowupState(key, when(n), when(s), c, when(sk), when(d), when(e), uid)
        return out

    def stored_uids(self, keys: Iterable[str]) -> dict[str, str]:
        """The UIDs stored for these window keys (an import's, or a calendar's)."""
        keys = list(keys)
        known: dict[str, str] = {}
        for start in range(0, len(keys), 500):
            for key, uid in FollowupStateRow.select(FollowupStateRow.key, FollowupStateRow.uid
                                                    ).where(FollowupStateRow.key.in_(
                                                        keys[start:start + 500])).tuples():
                if uid:
                    known[key] = uid
        return known

    def planned_uids(self, keys: Iterable[str]) -> dict[str, str]:
        """The calendar UID of each window key, stored or not: the stored one, else the
        one the window has had since it was planned (:meth:`planned_uid`). Writes nothing
        but, once in a data folder's life, its UID secret."""
        keys = list(keys)
        if not keys:
            return {}  # no secret made for nothing (an export of an empty folder)
        known = self.stored_uids(keys)
        secret = self._uid_secret()
        return {k: known.get(k) or planned_uid(secret, k) for k in keys}

    def _uid_secret(self) -> bytes:
        """The data folder's secret for window UIDs: made by the schema 6 migration (or
        here, once, for a folder made since); a read-only folder without one uses a fixed
        one, so that its exports at least agree with each other."""
        from followup_desktop.store.migrations import UID_SECRET_KEY, new_uid_secret
        from followup_desktop.store.models import SettingRow

        row = SettingRow.get_or_none(SettingRow.key == UID_SECRET_KEY)
        if row is None and not self.read_only:
            with self.write():  # the first writer wins; every process reads the same one
                SettingRow.insert(key=UID_SECRET_KEY, value=json.dumps(new_uid_secret())
                                  ).on_conflict_ignore().execute()
            row = SettingRow.get_or_none(SettingRow.key == UID_SECRET_KEY)
        if row is None:
            return _READ_ONLY_UIDS.bytes
        return str(json.loads(row.value)).encode("utf-8")

    def window_uids(self, items: Iterable[tuple[int, str]]) -> dict[str, str]:
        """The calendar UID of each window ``(application id, key)``, stored with it the
        first time a calendar names it (an .ics file, the user's CalDAV account), so that
        the calendar's events can be found by it. It is the UID the window has had since
        it was planned (:meth:`planned_uids`): an export made before any calendar carries
        the same one."""
        wanted = dict((key, app_id) for app_id, key in items)
        keys = list(wanted)
        known = self.stored_uids(keys)
        missing = [k for k in keys if k not in known]
        if missing and self.read_only:
            # Nothing can be stored (a read-only folder): the planned UIDs, as an export
            known.update(self.planned_uids(missing))
        elif missing:
            planned = self.planned_uids(missing)
            with self.write():
                for key in missing:
                    uid = planned[key]
                    (FollowupStateRow.insert(key=key, application=wanted[key], uid=uid)
                     .on_conflict(conflict_target=[FollowupStateRow.key],
                                  update={FollowupStateRow.uid: uid})
                     .execute())
                    known[key] = uid
        return known

    def update_states(self, app_id: int, keys: Iterable[str], **changes: Any) -> None:
        """Set fields (``notified_at=...``, ``skipped_at=...``) on the states of ``keys``."""
        allowed = {*STATE_TIMES, "snooze_count"}
        unknown = set(changes) - allowed
        if unknown:
            raise ValueError(f"unknown follow-up state fields: {sorted(unknown)}")
        with self.write():
            for key in keys:
                row = FollowupStateRow.get_or_none(FollowupStateRow.key == key)
                if row is None:
                    FollowupStateRow.create(key=key, application=app_id, **changes)
                else:
                    FollowupStateRow.update(**changes).where(
                        FollowupStateRow.key == key).execute()

    def mark_notified(self, items: Iterable[tuple[int, str]], at: dt.datetime) -> None:
        """Store that these windows were announced — before the notification is shown."""
        with self.write():
            for app_id, key in items:
                (FollowupStateRow.insert(key=key, application=app_id, notified_at=at)
                 .on_conflict(conflict_target=[FollowupStateRow.key],
                              update={FollowupStateRow.notified_at: at})
                 .execute())

    def snooze(self, app_id: int, key: str, until: dt.datetime) -> None:
        """Snooze a window until ``until``. Its notice is forgotten: the window is announced
        again once the snooze ends, whatever the clock said when it was first announced."""
        with self.write():
            row = FollowupStateRow.get_or_none(FollowupStateRow.key == key)
            if row is None:
                FollowupStateRow.create(key=key, application=app_id, snoozed_until=until,
                                        snooze_count=1)
            else:
                FollowupStateRow.update(snoozed_until=until, notified_at=None,
                                        snooze_count=FollowupStateRow.snooze_count + 1).where(
                    FollowupStateRow.key == key).execute()

    # -- drafts -----------------------------------------------------------------------------

    def load_draft(self, key: str, person_id: int | None) -> StoredDraft | None:
        """The saved draft, with only the attachments it may read: a name under the data
        folder's ``attachments``, or a file the user picked in this folder's window; the
        others are in :attr:`StoredDraft.dropped` (an older database, a restored backup or
        a file someone sent must never attach a file of the user's)."""
        row = DraftRow.get_or_none(DraftRow.key == key, DraftRow.person_id == (person_id or 0))
        if row is None:
            return None
        draft = _stored_draft(row)
        if not draft.attachments:
            return draft
        kept, dropped = self._picks().split(draft.attachments)
        return replace(draft, attachments=kept, dropped=dropped)

    def _picks(self) -> Picks:
        if self._picked is None:
            from followup_desktop.store.attachments import Picks

            self._picked = Picks(self.path)
        return self._picked

    def save_draft(self, app_id: int, key: str, person_id: int | None, *, subject: str,
                   body: str, attachments: Iterable[str] = ()) -> None:
        """Save the user's draft; a full path among ``attachments`` is a file the user
        picked in the window: it is noted as picked here (:meth:`load_draft` reads it)."""
        now = self.clock()
        attachments = list(attachments)
        if any(Path(a).is_absolute() for a in attachments) and not self.read_only:
            self._picks().note(attachments)
        with self.write():
            (DraftRow.insert(key=key, application=app_id, person_id=person_id or 0,
                             subject=subject, body=body,
                             attachments=json.dumps(list(attachments)), updated_at=now)
             .on_conflict(conflict_target=[DraftRow.key, DraftRow.person_id],
                          update={DraftRow.subject: subject, DraftRow.body: body,
                                  DraftRow.attachments: json.dumps(list(attachments)),
                                  DraftRow.updated_at: now})
             .execute())
            (FollowupStateRow.insert(key=key, application=app_id, drafted_at=now)
             .on_conflict(conflict_target=[FollowupStateRow.key],
                          update={FollowupStateRow.drafted_at: now})
             .execute())

    def discard_draft(self, key: str, person_id: int | None) -> None:
        with self.write():
            DraftRow.delete().where(DraftRow.key == key,
                                    DraftRow.person_id == (person_id or 0)).execute()
            DraftBasisRow.delete().where(DraftBasisRow.key == key,
                                         DraftBasisRow.person_id == (person_id or 0)).execute()

    def load_draft_basis(self, key: str, person_id: int | None) -> dict[str, str] | None:
        """What the saved draft was made from (``compose.basis``), if it was recorded."""
        row = DraftBasisRow.get_or_none(DraftBasisRow.key == key,
                                        DraftBasisRow.person_id == (person_id or 0))
        if row is None:
            return None
        value = json.loads(row.basis)
        return {str(k): str(v) for k, v in value.items()} if isinstance(value, dict) else None

    def save_draft_basis(self, app_id: int, key: str, person_id: int | None,
                         basis: Mapping[str, str]) -> None:
        text = json.dumps(dict(basis), sort_keys=True, ensure_ascii=False)
        with self.write():
            (DraftBasisRow.insert(key=key, application=app_id, person_id=person_id or 0,
                                  basis=text)
             .on_conflict(conflict_target=[DraftBasisRow.key, DraftBasisRow.person_id],
                          update={DraftBasisRow.basis: text})
             .execute())

    def window_records(self) -> tuple[dict[int, list[FollowupState]],
                                      dict[int, list[StoredDraft]]]:
        """Every window state and saved draft, by application id (an export)."""
        states: dict[int, list[FollowupState]] = defaultdict(list)
        known = self.states()
        for key, app_id in FollowupStateRow.select(FollowupStateRow.key,
                                                   FollowupStateRow.application).tuples():
            states[int(app_id)].append(known[key])
        drafts: dict[int, list[StoredDraft]] = defaultdict(list)
        for row in DraftRow.select().order_by(DraftRow.key, DraftRow.person_id):
            drafts[int(row.application_id)].append(_stored_draft(row))
        return dict(states), dict(drafts)


def _stored_draft(row: DraftRow) -> StoredDraft:
    return StoredDraft(row.key, row.person_id or None, row.subject, row.body,
                       tuple(json.loads(row.attachments)), row.updated_at)
