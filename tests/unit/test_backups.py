"""Backup policy (pure), thinning (pure), and the manager on real files."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from followup_desktop.paths import Paths
from followup_desktop.records import ApplicationSpec
from followup_desktop.store import StoreError, open_store, plan_cache
from followup_desktop.store.backups import (
    BackupManager,
    Reason,
    backup_due,
    backup_name,
    list_backups,
    parse_backup_name,
    thin,
)

UTC = dt.UTC
NOW = dt.datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
MIN = dt.timedelta(minutes=1)


# --- backup_due ---------------------------------------------------------------------------


@pytest.mark.parametrize(("reason", "last", "changed", "due"), [
    (Reason.PERIODIC, None, True, True),            # never backed up, data changed
    (Reason.PERIODIC, None, False, False),          # nothing changed: nothing to save
    (Reason.PERIODIC, NOW - 29 * MIN, True, False),  # at most every 30 minutes
    (Reason.PERIODIC, NOW - 30 * MIN, True, True),
    (Reason.PERIODIC, NOW - 31 * MIN, False, False),
    (Reason.PERIODIC, NOW + 5 * MIN, True, True),    # clock went back: not "recent"
    (Reason.EXIT, NOW - 1 * MIN, True, True),        # on exit, if changed, whatever the age
    (Reason.EXIT, NOW - 1 * MIN, False, False),
    (Reason.IMPORT, NOW, False, True),               # before risky steps: always
    (Reason.RESTORE, NOW, False, True),
    (Reason.MIGRATION, NOW, False, True),
    (Reason.MANUAL, NOW, False, True),
])
def test_backup_due(reason: Reason, last: dt.datetime | None, changed: bool,
                    due: bool) -> None:
    assert backup_due(reason, now=NOW, last_at=last, changed=changed) is due


# --- thin ---------------------------------------------------------------------------------


def test_thin_keeps_newest_of_each_day_week_month() -> None:
    # One backup every 6 hours for 400 days.
    stamps = [NOW - dt.timedelta(hours=6 * i) for i in range(400 * 4)]
    keep = thin(stamps)
    days = {s.date() for s in keep}
    # 12 daily: the newest backup of each of the last 12 days.
    for d in range(12):
        day = (NOW - dt.timedelta(days=d)).date()
        newest = max(s for s in stamps if s.date() == day)
        assert newest in keep
    assert NOW in keep
    weeks = {s.isocalendar()[:2] for s in keep}
    months = {(s.year, s.month) for s in keep}
    assert len(weeks) >= 10 and len(months) == 9
    # Nothing else: at most 12 + 10 + 9 (overlaps make it fewer).
    assert len(keep) <= 31
    assert len(days) == len(keep)  # never two from one day
    oldest_month = min(months)
    assert oldest_month == ((NOW.year * 12 + NOW.month - 1 - 8) // 12,
                            (NOW.month - 1 - 8) % 12 + 1)


def test_thin_small_sets_and_edge_cases() -> None:
    assert thin([]) == set()
    assert thin([NOW]) == {NOW}
    same_day = [NOW - dt.timedelta(minutes=m) for m in range(0, 300, 30)]
    assert thin(same_day) == {NOW}  # one day: the newest only
    assert thin(same_day, daily=0, weekly=0, monthly=0) == {NOW}  # newest always kept
    two = [NOW, NOW - dt.timedelta(days=1, hours=1)]
    assert thin(two) == set(two)


def test_thin_is_idempotent_and_keeps_a_subset() -> None:
    stamps = [NOW - dt.timedelta(hours=13 * i) for i in range(700)]
    keep = thin(stamps)
    assert keep <= set(stamps)
    assert thin(keep) == keep


def test_thin_days_follow_the_given_zone() -> None:
    from zoneinfo import ZoneInfo

    late = dt.datetime(2026, 3, 2, 21, 30, tzinfo=ZoneInfo("America/New_York"))
    early = late - dt.timedelta(hours=3)  # 18:30 the same New York day
    a, b = late.astimezone(UTC), early.astimezone(UTC)
    assert a.date() != b.date()  # different UTC days: UTC would keep both
    assert thin([a, b], daily=5, weekly=0, monthly=0) == {a, b}
    assert thin([a, b], daily=5, weekly=0, monthly=0,
                tz=ZoneInfo("America/New_York")) == {a}


def test_names_round_trip() -> None:
    at = dt.datetime(2026, 3, 2, 12, 34, 56, 789, tzinfo=UTC)
    name = backup_name(at, Reason.IMPORT)
    assert name == "followup-20260302T123456000789Z-before-import.sqlite3"
    assert parse_backup_name(name) == (at, "before-import")
    assert parse_backup_name("before-migration-v1.sqlite3") is None
    assert parse_backup_name("before-import-20260302-123456 (2).sqlite3") == (
        dt.datetime(2026, 3, 2, 12, 34, 56, tzinfo=UTC), "before-import")
    assert parse_backup_name(name.replace(".sqlite3", "-2.sqlite3")) == (at, "before-import")


# --- the manager on real files ------------------------------------------------------------


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> dt.datetime:
        return self.now


@pytest.fixture
def setup(tmp_path: Path):  # type: ignore[no-untyped-def]
    paths = Paths.for_data_dir(tmp_path / "data").ensure()
    clock = Clock()
    store = open_store(paths.db, clock=clock)
    manager = BackupManager(store, paths, clock)
    yield paths, clock, manager
    manager.store.close()


def _add(manager: BackupManager, name: str) -> int:
    return manager.store.add_application(ApplicationSpec(company=name, role="R"))


def test_maybe_backup_follows_the_policy(setup) -> None:  # type: ignore[no-untyped-def]
    paths, clock, manager = setup
    assert manager.maybe_backup() is None  # nothing changed yet
    _add(manager, "A")
    first = manager.maybe_backup()
    assert first is not None and first.parent == paths.backups
    _add(manager, "B")
    clock.now += dt.timedelta(minutes=10)
    assert manager.maybe_backup() is None  # too soon
    clock.now += dt.timedelta(minutes=25)
    second = manager.maybe_backup()
    assert second is not None and second != first
    assert manager.maybe_backup("exit") is None  # nothing changed since
    _add(manager, "C")
    assert manager.maybe_backup("exit") is not None


def test_backup_is_sound_and_listed_with_counts(setup) -> None:  # type: ignore[no-untyped-def]
    paths, clock, manager = setup
    for n in range(3):
        _add(manager, f"Co {n}")
    path = manager.backup_now()
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    con.close()
    [info] = manager.list()
    assert info.path == path and info.taken_at == NOW and info.reason == "manual"
    assert info.size == path.stat().st_size
    assert info.counts is not None and info.counts.applications == 3
    assert not list(paths.backups.glob(".*"))  # no temp files left


def test_backups_are_thinned_as_they_are_taken(setup) -> None:  # type: ignore[no-untyped-def]
    paths, clock, manager = setup
    for day in range(40):
        clock.now = NOW + dt.timedelta(days=day)
        _add(manager, f"day {day}")
        manager.backup_now("periodic")
        clock.now += dt.timedelta(minutes=40)
        manager.backup_now("periodic")  # two the same day: the older goes
    stamps = [b.taken_at for b in list_backups(paths.backups) if b.taken_at]
    assert len(stamps) == len(set(stamps))
    assert set(stamps) == thin(stamps)
    assert len(stamps) < 40
    assert max(stamps) == NOW + dt.timedelta(days=39, minutes=40)


def test_restore_moves_current_aside_and_reopens(setup) -> None:  # type: ignore[no-untyped-def]
    paths, clock, manager = setup
    _add(manager, "kept")
    backup = manager.backup_now()
    _add(manager, "later")
    clock.now += dt.timedelta(hours=1)
    rev = manager.store.revision
    store = manager.restore(backup)
    assert store is manager.store
    assert [a.company for a in store.load_applications()] == ["kept"]
    assert store.revision > rev
    # The replaced data is kept whole, and a before-restore backup was taken.
    [kept] = list((paths.data_dir / "replaced").iterdir())
    con = sqlite3.connect(kept / "followup.sqlite3")
    assert {r[0] for r in con.execute("SELECT company FROM application")} == {"kept", "later"}
    con.close()
    reasons = {b.reason for b in manager.list()}
    assert {"manual", "before-restore"} <= reasons
    assert backup.exists()


def test_a_backup_goes_without_the_kept_plan_and_restores(setup) -> None:  # type: ignore[no-untyped-def]
    """The kept plan and its counters are a cache: a backup holds the user's data only,
    and the restored file gets the counters back. (A backup carried the counters'
    triggers, and the restore's check refused it: "holds what Followup never makes".)"""
    paths, clock, manager = setup
    _add(manager, "kept")
    assert plan_cache.keep_values(manager.store, "renders", ["a draft"])
    backup = manager.backup_now()
    con = sqlite3.connect(backup)
    names = {r[0] for r in con.execute("SELECT name FROM sqlite_master")}
    con.close()
    assert not names & {*plan_cache.CACHE_TABLES, *plan_cache.OWN_TRIGGERS}
    store = manager.restore(backup)
    assert [a.company for a in store.load_applications()] == ["kept"]
    assert plan_cache.revision(store) is not None  # a plan made now can be kept and proved
    assert plan_cache.read_values(store, "renders") is None


def test_a_backup_an_earlier_version_took_with_the_kept_plan_restores(setup) -> None:  # type: ignore[no-untyped-def]
    paths, clock, manager = setup
    _add(manager, "kept")
    assert plan_cache.keep_values(manager.store, "renders", ["a draft"])
    old = paths.backups / "followup-20260101T000000000000Z-manual.sqlite3"
    old.parent.mkdir(exist_ok=True)
    manager.store.db.connection().backup(dest := sqlite3.connect(old))  # the cache in it
    dest.close()
    store = manager.restore(old)
    assert [a.company for a in store.load_applications()] == ["kept"]


def test_restore_refuses_a_damaged_backup(setup) -> None:  # type: ignore[no-untyped-def]
    paths, clock, manager = setup
    _add(manager, "A")
    bad = paths.backups / "followup-20260101T000000000000Z-manual.sqlite3"
    bad.parent.mkdir(exist_ok=True)
    bad.write_bytes(b"SQLite format 3\x00" + b"\x01" * 5000)
    with pytest.raises(StoreError, match="damaged"):
        manager.restore(bad)
    assert [a.company for a in manager.store.load_applications()] == ["A"]
    assert not (paths.data_dir / "replaced").exists()
