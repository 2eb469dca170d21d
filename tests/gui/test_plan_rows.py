"""A window start paints from the plan its last run kept; the tray goes on tray-only.

The reference is a window that planned (no plan kept): a window started later from the
kept plan shows the same rows -- every cell, the next follow-ups phrased for its own
moment -- the same calendar marks and the same agenda, without planning.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

import pytest

from followup_desktop.context import AppContext
from followup_desktop.paths import Paths
from followup_desktop.reminders import tray_only
from followup_desktop.store import plan_cache
from tests.helpers.window import NOW

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def started(qtbot: Any, make_window: Any, ctx: AppContext) -> Any:
    """A window on ``ctx``, shown and exposed (its start has run)."""
    w = make_window(ctx)
    w.show()
    qtbot.waitExposed(w)
    return w


def shown(w: Any) -> tuple[Any, ...]:
    rows = sorted((r.app_id, r.cells, r.next_key, r.overdue, r.debrief, r.status)
                  for r in w.model.rows())
    expired = sorted((x.key, x.state) for x in (w.ctx._last_expired or ()))
    return (rows, w.calendar_pane.calendar.marks(), list(w._agenda), expired)


def test_a_start_from_the_kept_plan_shows_what_planning_shows(
        qtbot, make_window, open_ctx, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    ctx = open_ctx(demo=True)
    ctx.pack = True
    w = started(qtbot, make_window, ctx)
    assert not w.plan_rows.from_store  # nothing kept yet: planned
    qtbot.waitUntil(lambda: w.plan_rows._pending is None)  # kept right after
    assert plan_cache.revision(ctx.store) is not None
    w.close()

    later = NOW + dt.timedelta(minutes=20)
    planned: list[object] = []
    ctx2 = open_ctx(now=later)
    w2 = make_window(ctx2)
    original = AppContext.survey
    monkeypatch.setattr(AppContext, "survey",
                        lambda self, *a, **k: planned.append(a) or original(self, *a, **k))
    w2.show()
    qtbot.waitExposed(w2)
    assert w2.plan_rows.from_store and planned == []
    from_store = shown(w2)
    phrases = [r.cells[5] for r in w2.model.rows()]
    w2.close()

    ctx3 = open_ctx(now=later)
    plan_cache.forget(ctx3.store)
    w3 = started(qtbot, make_window, ctx3)
    assert not w3.plan_rows.from_store and planned  # planned afresh
    assert shown(w3) == from_store
    assert any(p for p in phrases)  # the next follow-ups are written out


def test_a_start_that_shows_windows_gone_too_late_still_keeps_its_plan(
        qtbot, make_window, open_ctx) -> None:  # type: ignore[no-untyped-def]
    """The "too late" bar notes which expired windows it has shown (a write): that note is
    no change to the plan, so the plan the start made is kept, and the next start paints
    from it. (It was not: each start that showed a newly expired window planned again.)"""
    ctx = open_ctx(demo=True)
    ctx.close()
    late = NOW + dt.timedelta(days=120)  # the sample's windows long gone too late
    ctx = open_ctx(now=late)
    w = started(qtbot, make_window, ctx)
    assert not w.plan_rows.from_store and w.expired_bar.showing  # planned; new ones shown
    qtbot.waitUntil(lambda: w.plan_rows._pending is None)
    w.close()
    ctx2 = open_ctx(now=late + dt.timedelta(minutes=5))
    w2 = started(qtbot, make_window, ctx2)
    assert w2.plan_rows.from_store  # painted from the kept plan
    assert w2.expired_bar.showing == []  # shown at the last start: not again
    late_windows = w2.ctx._last_expired
    assert isinstance(late_windows, plan_cache.LateWindows)
    assert not late_windows.is_read  # the noted digest said so: not one of them read


def test_expired_windows_not_noted_as_shown_are_read_and_shown(
        qtbot, make_window, open_ctx) -> None:  # type: ignore[no-untyped-def]
    """The bar reads the kept plan's expired windows when its note does not match them:
    a note lost (here: cleared), or windows that went too late since the plan was kept."""
    from followup_desktop.ui.expired_bar import SHOWN_DIGEST_KEY, SHOWN_KEY

    ctx = open_ctx(demo=True)
    ctx.close()
    late = NOW + dt.timedelta(days=120)
    w = started(qtbot, make_window, open_ctx(now=late))
    first = sorted(x.key for x in w.expired_bar.showing)
    assert first
    qtbot.waitUntil(lambda: w.plan_rows._pending is None)
    w.close()

    ctx2 = open_ctx(now=late + dt.timedelta(minutes=5))
    ctx2.store.note_values({SHOWN_KEY: [], SHOWN_DIGEST_KEY: None})
    w2 = started(qtbot, make_window, ctx2)
    assert w2.plan_rows.from_store
    assert sorted(x.key for x in w2.expired_bar.showing) == first  # all new again
    assert ctx2.store.get_value(SHOWN_DIGEST_KEY, None) == plan_cache.keys_digest(
        ctx2._last_expired.all_keys())
    w2.close()

    # a day later than the kept plan's windows: more of them too late by now
    ctx3 = open_ctx(now=late + dt.timedelta(days=40))
    w3 = started(qtbot, make_window, ctx3)
    keys = set(ctx3._last_expired.all_keys()) if ctx3._last_expired is not None else set()
    noted = set(ctx3.store.get_value(SHOWN_KEY, []))
    assert noted == keys  # the note follows the expired windows exactly
    assert {x.key for x in w3.expired_bar.showing} <= keys


def test_a_kept_expired_part_that_does_not_read_shows_nothing_and_is_planned_again(
        qtbot, make_window, open_ctx, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from followup_desktop.ui.expired_bar import SHOWN_DIGEST_KEY

    ctx = open_ctx(demo=True)
    ctx.close()
    late = NOW + dt.timedelta(days=120)
    w = started(qtbot, make_window, open_ctx(now=late))
    qtbot.waitUntil(lambda: w.plan_rows._pending is None)
    w.close()
    ctx2 = open_ctx(now=late + dt.timedelta(minutes=5))
    ctx2.store.note_values({SHOWN_DIGEST_KEY: None})  # so that the bar reads them
    original = plan_cache.Parts.packed
    monkeypatch.setattr(plan_cache.Parts, "packed", lambda self, name: (
        b"not zlib" if name == "expired" else original(self, name)))
    w2 = started(qtbot, make_window, ctx2)
    assert w2.plan_rows.from_store and w2.expired_bar.showing == []
    assert ctx2._last_expired.damaged
    assert not ctx2.keep_plan({"rows": []})  # not kept with its expired windows lost


def test_a_reminder_noted_before_the_plan_is_kept_leaves_it_kept(
        qtbot, make_window, open_ctx) -> None:  # type: ignore[no-untyped-def]
    """At the first start on new data the tray marks the open windows notified before the
    window keeps its plan. That write is a follow-up state, not a change to the plan: the
    plan is restated, not planned again, and kept for the next start. (It was neither: a
    new database had no data counter until its first kept plan, so nothing could prove
    the plan still true; the tray planned everything again and the window's keep was
    refused, and the next start planned once more.)"""
    ctx = open_ctx(demo=True)
    ctx.pack = True
    w = started(qtbot, make_window, ctx)
    assert not w.plan_rows.from_store and w.plan_rows._pending is not None
    serial = ctx.plan_serial
    first = next(x for x in ctx.agenda(NOW) if x.state.value == "open")
    ctx.store.mark_notified([(first.application_id, first.key)], NOW)  # as the tray does
    ctx.agenda(NOW + dt.timedelta(seconds=1))  # the tray's check after it
    assert ctx.plan_serial == serial  # restated, not planned again
    qtbot.waitUntil(lambda: w.plan_rows._pending is None)
    w.close()
    ctx2 = open_ctx(now=NOW + dt.timedelta(minutes=5))
    w2 = started(qtbot, make_window, ctx2)
    assert w2.plan_rows.from_store  # painted from the plan the first start kept


def test_a_plan_the_database_already_holds_is_not_written_again_on_the_way_out(
        qtbot, make_window, open_ctx, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Quit and close-to-tray keep the plan on screen for the next start -- unless the
    database holds that very plan (the start read it, or kept it since) and no record
    changed: then nothing is packed or written (it was, every time: ~0.45 s at 10k).
    A follow-up state written meanwhile changes nothing of that: the next start applies
    the states it reads."""
    ctx = open_ctx(demo=True)
    ctx.pack = True
    w = started(qtbot, make_window, ctx)
    qtbot.waitUntil(lambda: w.plan_rows._pending is None)  # planned, then kept
    w.close()

    saves: list[str] = []
    real = plan_cache.save
    monkeypatch.setattr(plan_cache, "save",
                        lambda *a, **k: saves.append(a[1]) or real(*a, **k))
    later = NOW + dt.timedelta(minutes=20)
    ctx2 = open_ctx(now=later)
    w2 = started(qtbot, make_window, ctx2)
    assert w2.plan_rows.from_store
    qtbot.waitUntil(lambda: w2.plan_rows._pending is None)
    first = next(x for x in ctx2.agenda(later) if x.state.value == "open")
    ctx2.store.mark_notified([(first.application_id, first.key)], later)
    ctx2.agenda(later + dt.timedelta(seconds=1))
    saves.clear()
    assert w2.keep_plan() and saves == []  # already kept: nothing written
    app = ctx2.store.load_applications()[0]
    ctx2.store.update_application(app.id, company="Renamed Ltd", role=app.role,
                                  notes=app.notes)
    w2.refresh()  # planned again: this plan is new, and it is kept
    qtbot.waitUntil(lambda: w2.plan_rows._pending is None)
    assert saves
    w2.close()

    ctx3 = open_ctx(now=later + dt.timedelta(minutes=1))
    w3 = started(qtbot, make_window, ctx3)
    assert w3.plan_rows.from_store
    assert any(r.cells[0] == "Renamed Ltd" for r in w3.model.rows())
    notified = {x.key: x.notified for x in ctx3.agenda(later + dt.timedelta(minutes=1))}
    assert notified[first.key]


def test_only_a_start_that_has_to_plan_paints_loading_first(
        qtbot, make_window, open_ctx, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The panes say "Loading…" on screen while a start plans (a second or so for years
    of data); a start from the kept plan paints them once, with the data."""
    from followup_desktop.ui.main_window import MainWindow

    painted: list[str] = []
    monkeypatch.setattr(MainWindow, "repaint",
                        lambda self: painted.append(self.counts_label.text()))
    for planned in (True, False):
        ctx = open_ctx(demo=True, now=NOW + dt.timedelta(minutes=0 if planned else 5))
        ctx.pack = True
        w = make_window(None, paths=ctx.paths)
        with qtbot.waitSignal(w.first_painted):
            w.show()
        with qtbot.waitSignal(w.loaded):
            w.attach(ctx)
        assert w.plan_rows.from_store is not planned
        assert painted == (["Loading…"] if planned else [])
        qtbot.waitUntil(lambda w=w: w.plan_rows._pending is None)  # noqa: B023
        w.close()
        painted.clear()


def test_an_edit_makes_the_next_start_plan(qtbot, make_window, open_ctx) -> None:  # type: ignore[no-untyped-def]
    ctx = open_ctx(demo=True)
    w = started(qtbot, make_window, ctx)
    qtbot.waitUntil(lambda: w.plan_rows._pending is None)
    app = ctx.store.load_applications()[0]
    ctx.store.update_application(app.id, company="Renamed Ltd", role=app.role,
                                 notes=app.notes)
    w.close()
    ctx2 = open_ctx()
    w2 = started(qtbot, make_window, ctx2)
    assert not w2.plan_rows.from_store
    assert any(r.cells[0] == "Renamed Ltd" for r in w2.model.rows())


def test_a_window_closed_to_the_tray_saves_closes_releases_then_relaunches_tray_only(
        tmp_path: Path, qapp: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from followup_desktop.reminders.instance import SingleInstance
    from followup_desktop.ui.application import _Startup
    from tests.helpers.window import fill_demo

    paths = Paths.for_data_dir(tmp_path / "d")
    ctx = AppContext.open(paths)
    fill_demo(ctx, ctx.now())
    ctx.close()
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    calls: list[tuple[str, str]] = []

    def fake_relaunch(mode: str, key: str = "", *, before: Any = ()) -> None:
        for fn in before:
            fn()
        calls.append((mode, key))

    monkeypatch.setattr(tray_only, "relaunch", fake_relaunch)
    instance = SingleInstance(paths)
    assert instance.acquire()
    start = _Startup(qapp, paths, instance, hidden=False)
    start.open_data()
    start.window.show()
    start.window._after_first_paint()
    start.window.close()
    start.to_tray_only()
    assert calls == [("tray", "")]
    assert start.ctx.store.db.is_closed()
    assert not instance.owner  # the lock is free for the new image
    again = SingleInstance(paths)
    assert again.acquire_lock()
    again.release()


def test_the_start_mode_travels_in_the_environment_once(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv(tray_only.ENV, "window:thank-you:a1:i2:p3")
    assert tray_only.requested() == ("window", "thank-you:a1:i2:p3")
    assert tray_only.requested() is None  # removed: nothing the app starts inherits it
    monkeypatch.setenv(tray_only.ENV, "tray")
    assert tray_only.requested() == ("tray", "")
    monkeypatch.setenv(tray_only.ENV, "bogus")
    assert tray_only.requested() is None
    assert tray_only.command()[0] == sys.executable


def test_the_launcher_opens_the_window_on_the_follow_up_asked_for(qapp) -> None:  # type: ignore[no-untyped-def]
    opened: list[str] = []
    launcher = tray_only.WindowLauncher(opened.append)
    launcher.show_followup("check-in-1:a4:i5:p6")
    launcher.bring_to_front()
    launcher.show()
    assert opened == ["check-in-1:a4:i5:p6", ""]
    assert not launcher.isVisible()


def test_a_start_from_the_kept_plan_keeps_and_finds_the_reasons(
        qtbot, make_window, open_ctx) -> None:  # type: ignore[no-untyped-def]
    """An active application with nothing planned says why in its row and tooltip, also
    when the window paints from the kept plan (issue 18, item 3): one row as kept, one
    whose check-in expired since the plan was kept (its reason is found at the start)."""
    from zoneinfo import ZoneInfo

    from PySide6.QtCore import Qt

    from followup_desktop.records import (
        ApplicationSpec,
        EventKind,
        EventSpec,
        InterviewSpec,
        Kind,
        MessageSpec,
        PersonSpec,
    )
    from followup_desktop.services.demo import demo_profile
    from followup_desktop.ui.table_model import COL_NEXT
    from tests.helpers.builders import local
    from tests.helpers.window import TZ

    tz = ZoneInfo(TZ)
    ctx = open_ctx()  # no demo: nothing else changes the plan before 14 Mar
    ctx.store.save_profile(demo_profile(TZ))

    def app(company: str, name: str, email: str,
            events: tuple[EventSpec, ...] = ()) -> ApplicationSpec:
        person = PersonSpec(name, email=email, main_contact=True, talking_points=("x",))
        return ApplicationSpec(
            company, "Backend Developer",
            interviews=(InterviewSpec(local(tz, 2026, 2, 20, 10), interviewers=(person,)),),
            events=events,
            messages=(MessageSpec(Kind.THANK_YOU, local(tz, 2026, 2, 20, 15), email),))

    replied = app("Larchwood Systems", "Aisha Bello", "aisha@larchwood.example",
                  (EventSpec(EventKind.REPLY, local(tz, 2026, 2, 24, 17)),))
    # check-in #1: Fri 20 Feb 11:00 + 7 days = 27 Feb 11:00; expires 13 Mar 11:00
    expiring = app("Juniper Labs", "Omar Haddad", "omar@juniper.example")
    ctx.store.add_applications([replied, expiring])
    ctx.pack = True
    w = started(qtbot, make_window, ctx)
    qtbot.waitUntil(lambda: w.plan_rows._pending is None)  # kept
    w.close()

    said = "Nothing planned: they replied on 24 Feb — Add round or set a decision date"
    late = "Nothing planned: too late for the check-in of 27 Feb — record their reply or Add round"
    for when, juniper in ((NOW + dt.timedelta(minutes=20), None),
                          (dt.datetime(2026, 3, 14, 9, tzinfo=dt.UTC), late)):
        ctx2 = open_ctx(now=when)
        w2 = started(qtbot, make_window, ctx2)
        assert w2.plan_rows.from_store  # painted from the kept plan
        model = w2.model
        cells = {r.cells[0]: r.cells[COL_NEXT] for r in model.rows()}
        assert cells["Larchwood Systems"] == said
        if juniper is None:
            assert cells["Juniper Labs"].startswith("Check-in due")
        else:
            assert cells["Juniper Labs"] == juniper
        row = next(i for i, r in enumerate(model.rows()) if r.cells[0] == "Larchwood Systems")
        assert model.data(model.index(row, COL_NEXT), Qt.ItemDataRole.ToolTipRole) == said
        w2.close()


def test_the_drafts_a_session_rendered_show_again_unrendered_even_after_an_edit(
        qtbot, make_window, open_ctx, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from followup_desktop.compose import render, render_memo

    ctx = open_ctx(demo=True)
    w = started(qtbot, make_window, ctx)
    qtbot.waitUntil(lambda: bool(w.composer.editors))
    selected = w.selected_application_id()
    texts = [(e.current_draft().subject, e.current_draft().body) for e in w.composer.editors]
    w.keep_plan()  # on the way out (the plan itself may or may not be kept)
    other = next(a for a in ctx.store.load_applications() if a.id != selected)
    ctx.store.update_application(other.id, company="Renamed Ltd", role=other.role,
                                 notes=other.notes)  # the kept plan is stale now
    w.close()

    render_memo.clear()  # as in a new process
    made: list[str] = []
    real = render._render_named
    monkeypatch.setattr(render, "_render_named",
                        lambda name, *a: made.append(name) or real(name, *a))
    ctx2 = open_ctx()
    w2 = started(qtbot, make_window, ctx2)
    qtbot.waitUntil(lambda: bool(w2.composer.editors))
    assert not w2.plan_rows.from_store  # planned again...
    assert w2.selected_application_id() == selected
    assert [(e.current_draft().subject, e.current_draft().body)
            for e in w2.composer.editors] == texts
    assert made == []  # ...yet the drafts came from the last session's renders


def test_kept_rows_hold_each_repeated_cell_text_once(qapp) -> None:  # type: ignore[no-untyped-def]
    """A role, a status or a round's day shared by many rows is kept, and read back by a
    start, as one string, not one per row."""
    import marshal

    from followup_desktop.records import Status
    from followup_desktop.schedule.agenda import Agenda
    from followup_desktop.ui.table_model import Row, plain_rows

    def row(i: int) -> Row:  # each cell a string of its own, as read from the database
        return Row(i, (f"Company {i}", "".join(["Data ", "Engineer"]), "".join(["Mon 14 Dec",
                   " · Video"]), f"Person {i}", "".join(["Act", "ive"]), ""), 0.0, (9, 0.0),
                   Status.ACTIVE, False, False, None, f"company {i}")

    rows = [row(i) for i in range(3)]
    assert rows[0].cells[1] is not rows[1].cells[1]
    back = marshal.loads(marshal.dumps(plain_rows(rows, Agenda())))["rows"]
    cells = [r[1] for r in back]
    assert [c[:5] for c in cells] == [r.cells[:5] for r in rows]
    for col in (1, 2, 4):
        assert cells[0][col] is cells[1][col] is cells[2][col]
    assert cells[0][0] is not cells[1][0]


def _word_only_in_haystacks(rows: Any) -> str:
    """A word of some row's search text that no row shows in a cell (a talking point)."""
    from followup_desktop.search import fold

    shown = " ".join(fold(" ".join(r.cells)) for r in rows)
    for r in rows:
        for word in r.haystack.split():
            if len(word) > 3 and word not in shown:
                return word
    raise AssertionError("the demo data has no text beyond its cells")


def test_a_start_from_the_kept_plan_searches_the_kept_texts_inflated_only_then(
        qtbot, make_window, open_ctx) -> None:  # type: ignore[no-untyped-def]
    ctx = open_ctx(demo=True)
    ctx.pack = True
    w = started(qtbot, make_window, ctx)
    assert not w.plan_rows.from_store
    word = _word_only_in_haystacks(w.model.rows())
    w.model.set_query(word)
    planned = sorted(w.model.row(i).app_id for i in range(w.model.rowCount()))
    w.model.set_query("")
    assert planned
    qtbot.waitUntil(lambda: w.plan_rows._pending is None)  # kept
    w.close()

    later = NOW + dt.timedelta(minutes=20)  # restated: kept again with the texts as kept
    for _ in range(2):
        w2 = started(qtbot, make_window, open_ctx(now=later))
        kept = w2.model.kept_haystacks()
        assert w2.plan_rows.from_store and kept is not None
        assert all(r.haystack == "" for r in w2.model.rows())
        assert not kept.is_read  # nothing searched yet: still compressed
        assert w2.plan_rows.keep(current=True)
        w2.model.set_query(word)
        assert kept.is_read
        assert sorted(w2.model.row(i).app_id for i in range(w2.model.rowCount())) == planned
        w2.close()
        later += dt.timedelta(minutes=20)


def test_kept_texts_that_do_not_read_search_as_nothing(qapp) -> None:  # type: ignore[no-untyped-def]
    from followup_desktop.ui.table_model import KeptHaystacks

    ids, packed = KeptHaystacks.pack([3, 5], ["dana roadmap", "lee hiring"])
    assert KeptHaystacks(ids, packed).get(5) == "lee hiring"
    assert KeptHaystacks(ids, b"not zlib").get(5) == ""
    assert KeptHaystacks(ids[:8], packed).get(3) == ""  # ids and texts of other lengths
    assert KeptHaystacks(ids, packed).packed_for([3, 5]) == (ids, packed)
    assert KeptHaystacks(ids, packed).packed_for([5, 3]) is None


def test_rows_read_from_a_kept_plan_are_kept_again_with_their_texts_as_kept(qapp) -> None:  # type: ignore[no-untyped-def]
    from followup_desktop.records import Status
    from followup_desktop.schedule.agenda import Agenda
    from followup_desktop.ui.table_model import KeptHaystacks, Row, plain_rows

    rows = [Row(i, (f"Company {i}", "", "", "", "Active", ""), 0.0, (9, 0.0), Status.ACTIVE,
                False, False, None, "") for i in (4, 2)]
    kept = KeptHaystacks(*KeptHaystacks.pack([4, 2], ["company 4 roadmap", "company 2"]))
    assert plain_rows(rows, Agenda(), kept_hay=kept)["hay"] == kept.packed_for([4, 2])
    assert not kept.is_read  # carried, not inflated
    again = KeptHaystacks(*plain_rows(rows[::-1], Agenda(), lambda r: kept.get(r.app_id),
                                      kept)["hay"])
    assert again.get(4) == "company 4 roadmap"  # another order: written from the texts


def test_kept_texts_that_are_not_texts_search_as_nothing(qapp) -> None:  # type: ignore[no-untyped-def]
    import marshal
    import zlib

    from followup_desktop.ui.table_model import KeptHaystacks

    ids, _ = KeptHaystacks.pack([3], ["x"])
    assert KeptHaystacks(ids, zlib.compress(marshal.dumps([7]))).get(3) == ""
