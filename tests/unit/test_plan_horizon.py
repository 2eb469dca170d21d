"""A plan stays true until its horizon; the plan kept in the database is trusted only then.

The reference is always a plan made afresh at the later moment (``AppContext.survey`` on a
new context): the windows restated from an earlier plan (``schedule.horizon``), and the
plan read back from the database (``store.plan_cache``), must equal it window for window,
field for field, on the sample data and on generated data, at moments spread over months
(including moments where rounds end, events come into effect, applications go quiet).
"""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from bench.data import specs as generated_specs
from followup_desktop.clock import fixed_clock
from followup_desktop.context import AppContext
from followup_desktop.paths import Paths
from followup_desktop.records import EventKind, Status, WindowState
from followup_desktop.schedule import effective_status
from followup_desktop.schedule.horizon import next_change
from followup_desktop.services.demo import fill_demo
from followup_desktop.store import plan_cache

UTC = dt.UTC
NOW = dt.datetime(2026, 3, 2, 15, 0, tzinfo=UTC)
STEPS = [dt.timedelta(minutes=m) for m in (1, 7, 60, 61 * 5, 60 * 24, 60 * 24 * 3)]


def fresh(paths: Paths, at: dt.datetime) -> AppContext:
    c = AppContext.open(paths, clock=fixed_clock(at))
    c.pack = True
    return c


@pytest.fixture(params=["demo", "generated"])
def paths(request, tmp_path):
    p = Paths.for_data_dir(tmp_path)
    context = AppContext.open(p, clock=fixed_clock(NOW))
    try:
        if request.param == "demo":
            fill_demo(context.store, NOW, "America/New_York")
        else:
            context.store.import_document(generated_specs(400, NOW, seed=5),
                                          {"timezone": "Europe/Berlin"})
            windows = context.agenda()
            context.store.snooze(windows[0].application_id, windows[0].key,
                                 NOW + dt.timedelta(hours=5))
            context.store.update_states(windows[1].application_id, [windows[1].key],
                                        skipped_at=NOW)
            context.store.mark_notified([(w.application_id, w.key) for w in windows[2:9]],
                                        NOW)
    finally:
        context.close()
    return p


def planned(ctx: AppContext, at: dt.datetime) -> list:
    """A plan made afresh at ``at`` on ``ctx``'s store (a context of its own, no cache)."""
    other = AppContext(paths=ctx.paths, store=ctx.store, clock=fixed_clock(at))
    other.pack = True
    return list(other.survey(at))


@pytest.mark.parametrize("start_days", [-30, 0, 5, 20])
def test_a_plan_restated_before_its_horizon_is_the_plan_made_then(paths, start_days):
    t0 = NOW + dt.timedelta(days=start_days)
    c = fresh(paths, t0)
    try:
        c.survey(t0)
        until = c._valid_until
        assert until is not None and until > t0
        checked = 0
        for step in STEPS:
            t1 = t0 + step
            if t1 >= until:
                t1 = until - dt.timedelta(microseconds=1)
            again = c.restated(t1)
            assert again is not None
            assert list(again.agenda) == planned(c, t1), t1
            checked += 1
        assert c.restated(until) is None  # at the horizon: planned again
        assert checked
    finally:
        c.close()


def test_the_horizon_is_where_the_plan_or_a_status_changes(paths):
    """Walking from horizon to horizon over four months: just before each one, the plan
    restated equals a fresh one (above); and a status never changes before a horizon."""
    t = NOW - dt.timedelta(days=60)
    c = fresh(paths, t)
    try:
        apps = c.store.load_applications()
        settings, tz = c.settings(), c.tz()
        for _ in range(40):
            c.survey(t)
            until = c._valid_until
            assert until is not None
            before = until - dt.timedelta(microseconds=1)
            for app in apps:
                assert (effective_status(app, settings, t, tz)
                        == effective_status(app, settings, before, tz))
            assert list(c.restated(before).agenda) == planned(c, before)
            t = until
            if t > NOW + dt.timedelta(days=60):
                break
    finally:
        c.close()


def test_next_change_counts_every_dated_record_ahead(paths):
    c = fresh(paths, NOW)
    try:
        for app in c.store.load_applications():
            change = next_change(app, c.settings(), c.tz(), NOW)
            moments = [iv.end for iv in app.interviews] + [iv.start for iv in app.interviews]
            moments += [e.at for e in app.events] + [m.sent_at for m in app.messages]
            ahead = [m for m in moments if m > NOW]
            if ahead:
                assert change is not None and change <= min(ahead)
    finally:
        c.close()


def test_the_stored_plan_is_the_plan_until_something_changes(paths):
    c = fresh(paths, NOW)
    try:
        assert c.stored_plan(NOW) is None  # nothing kept yet
        c.survey(NOW)
        assert c.keep_plan({"rows": [1, 2, 3]})
    finally:
        c.close()
    later = NOW + dt.timedelta(minutes=90)
    c = fresh(paths, later)
    try:
        got = c.stored_plan(later)
        assert got is not None
        agenda, extra = got.agenda, got.extra
        assert extra == {"rows": [1, 2, 3]}
        assert list(agenda) == planned(c, later)
        assert c.agenda(later) is agenda  # what the tray and the composer read next
        # a write, any write the plan reads, makes it stale
        app = c.store.load_applications()[0]
        c.store.record_event(app.id, EventKind.REPLY, later)
    finally:
        c.close()
    c = fresh(paths, later)
    try:
        assert c.stored_plan(later) is None
    finally:
        c.close()


def test_a_write_by_another_program_makes_the_stored_plan_stale(paths):
    c = fresh(paths, NOW)
    try:
        c.survey(NOW)
        assert c.keep_plan(None)
    finally:
        c.close()
    db = sqlite3.connect(paths.db)
    db.execute("UPDATE application SET company = company || ' GmbH' WHERE id = "
               "(SELECT min(id) FROM application)")
    db.commit()
    db.close()
    c = fresh(paths, NOW)
    try:
        assert c.stored_plan(NOW) is None
    finally:
        c.close()


def test_settings_time_zone_and_code_are_part_of_the_key(paths):
    c = fresh(paths, NOW)
    try:
        c.survey(NOW)
        assert c.keep_plan(None, modules=("followup_desktop.humanize",))
        assert c.stored_plan(NOW, modules=("followup_desktop.humanize",)) is not None
        assert c.stored_plan(NOW, modules=("followup_desktop.clock",)) is None
        c.store.set_setting("thank_you_due_hours", 30)
        c.invalidate()
        assert c.stored_plan(NOW, modules=("followup_desktop.humanize",)) is None
    finally:
        c.close()


def test_a_stored_plan_is_never_used_before_it_was_made_or_after_its_horizon(paths):
    c = fresh(paths, NOW)
    try:
        c.survey(NOW)
        until = c._valid_until
        assert c.keep_plan(None)
        assert c.stored_plan(NOW - dt.timedelta(seconds=1)) is None
        assert c.stored_plan(until) is None
        assert c.stored_plan(NOW) is not None
    finally:
        c.close()


def test_a_read_only_store_keeps_nothing_and_a_damaged_payload_is_ignored(paths):
    c = fresh(paths, NOW)
    try:
        c.survey(NOW)
        assert c.keep_plan(None)
        c.store.db.execute_sql("UPDATE plan_cache SET payload = x'00ff00'")
        assert c.stored_plan(NOW) is None
        c.store.read_only = True
        assert not c.keep_plan(None)
    finally:
        c.store.read_only = False
        c.close()


def test_statuses_stay_as_the_records_say(paths):
    """A closed-no-response application becomes so at its horizon, not later."""
    c = fresh(paths, NOW)
    try:
        settings, tz = c.settings(), c.tz()
        for app in c.store.load_applications():
            if effective_status(app, settings, NOW, tz) is not Status.ACTIVE:
                continue
            change = next_change(app, settings, tz, NOW)
            later = NOW + dt.timedelta(days=400)
            if effective_status(app, settings, later, tz) is Status.CLOSED_NO_RESPONSE:
                assert change is not None
    finally:
        c.close()


def test_the_counter_is_bumped_by_every_plan_table(paths):
    c = fresh(paths, NOW)
    try:
        c.survey(NOW)
        c.keep_plan(None)
        before = plan_cache.revision(c.store)
        for table in plan_cache.PLAN_TABLES:
            c.store.db.execute_sql(f'UPDATE "{table}" SET rowid = rowid WHERE rowid = '
                                   f'(SELECT min(rowid) FROM "{table}")')
        after = plan_cache.revision(c.store)
        rows = sum(1 for t in plan_cache.PLAN_TABLES
                   if c.store.db.execute_sql(f'SELECT count(*) FROM "{t}"').fetchone()[0])
        assert after - before == rows
    finally:
        c.close()


def test_follow_up_states_are_applied_again_and_skips_make_it_stale(paths):
    c = fresh(paths, NOW)
    try:
        agenda = c.survey(NOW)
        assert c.keep_plan(None)
        w0, w1, w2 = agenda[0], agenda[1], agenda[2]
        c.store.mark_notified([(w0.application_id, w0.key)], NOW)
        c.store.snooze(w1.application_id, w1.key, NOW + dt.timedelta(hours=3))
        # in memory: the plan is restated with the new flags, not planned again
        later = NOW + dt.timedelta(minutes=5)
        again = c.restated(later)
        assert again is not None and list(again.agenda) == planned(c, later)
    finally:
        c.close()
    c = fresh(paths, later)
    try:
        got = c.stored_plan(later)  # from the database, with the states as they are now
        assert got is not None and list(got.agenda) == planned(c, later)
        assert w0.application_id in got.changed and w1.application_id in got.changed
        c.store.update_states(w2.application_id, [w2.key], skipped_at=later)
        assert c.restated(later + dt.timedelta(minutes=1)) is None
    finally:
        c.close()
    c = fresh(paths, later)
    try:
        assert c.stored_plan(later) is None  # a skip shapes other windows: planned again
    finally:
        c.close()


def test_the_states_have_a_revision_of_their_own(paths):
    c = fresh(paths, NOW)
    try:
        agenda = c.survey(NOW)
        assert c.keep_plan(None)
        data, states = plan_cache.revision(c.store), plan_cache.state_revision(c.store)
        assert data is not None and states is not None
        c.store.mark_notified([(agenda[0].application_id, agenda[0].key)], NOW)
        assert plan_cache.revision(c.store) == data
        assert plan_cache.state_revision(c.store) == states + 1
    finally:
        c.close()


def test_the_kept_expired_windows_keys_are_read_back_not_made_again(paths):
    late = NOW + dt.timedelta(days=120)  # the demo's rounds long past: windows too late
    c = fresh(paths, late)
    try:
        too_late: list = []
        c.survey(late, None, too_late)
        assert too_late and c.keep_plan({"rows": []})
    finally:
        c.close()
    c = fresh(paths, late)
    try:
        got = c.stored_plan(late)
        assert got is not None and isinstance(got.expired, plan_cache.LateWindows)
        assert not got.expired.is_read  # read when first asked for
        assert got.expired.digest == plan_cache.keys_digest(w.key for w in too_late)
        expired = got.expired.loaded()
        assert expired.known_keys is not None and len(expired.known_keys) == len(expired)
        kept = [expired.key(i) for i in range(len(expired))]
        assert expired.all_keys() == kept
        expired.known_keys = None  # made from the columns, as before
        assert kept == [expired.key(i) for i in range(len(expired))] == expired.all_keys()
        assert sorted(kept) == sorted(w.key for w in c.agenda_all(late)
                                      if w.state is WindowState.EXPIRED)
        expired.known_keys = kept
        expired.sort()  # reordered: the kept keys move with their windows
        moved = expired.known_keys
        expired.known_keys = None
        assert moved == [expired.key(i) for i in range(len(expired))]
    finally:
        c.close()


def test_a_plan_kept_again_carries_its_unread_expired_windows_as_they_were(paths):
    """A start restates the kept plan and keeps it again a moment later (states moved):
    the expired windows it never read go back unchanged, still unread -- not inflated,
    unpacked and packed again (40 ms, and 6 MB held for the session)."""
    late = NOW + dt.timedelta(days=120)
    c = fresh(paths, late)
    try:
        too_late: list = []
        c.survey(late, None, too_late)
        assert too_late and c.keep_plan({"rows": []})
    finally:
        c.close()
    keys = sorted(w.key for w in too_late)
    c = fresh(paths, late + dt.timedelta(minutes=5))
    try:
        got = c.stored_plan(late + dt.timedelta(minutes=5))
        assert got is not None and isinstance(got.expired, plan_cache.LateWindows)
        assert c.keep_plan({"rows": []})
        assert not got.expired.is_read  # kept again without being read
    finally:
        c.close()
    c = fresh(paths, late + dt.timedelta(minutes=10))
    try:
        again = c.stored_plan(late + dt.timedelta(minutes=10))
        assert again is not None and isinstance(again.expired, plan_cache.LateWindows)
        assert again.expired.digest == plan_cache.keys_digest(keys)
        assert sorted(again.expired.all_keys()) == keys
    finally:
        c.close()
