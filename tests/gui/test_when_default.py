"""Issue 17 item 5: logging a round that just happened needs no time editing -- the
default "When" is the latest full hour on the profile's clock at which a round of the
default length has already ended (not the next hour, and not one still in progress)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from followup_desktop.clock import fixed_clock, last_full_hour
from followup_desktop.context import AppContext
from followup_desktop.paths import Paths
from followup_desktop.records import ApplicationSpec, Profile
from followup_desktop.ui.dialogs import ApplicationDialog, InterviewDialog
from tests.helpers.dialogs import OFFSCREEN_NOISE, click_save, show, type_into

pytestmark = OFFSCREEN_NOISE
UTC = dt.UTC


@pytest.mark.parametrize("zone,now,expected", [
    ("Europe/Berlin", dt.datetime(2026, 3, 2, 12, 47, tzinfo=UTC), "13:00"),
    ("Asia/Kolkata", dt.datetime(2026, 3, 2, 5, 17, tzinfo=UTC), "10:00"),  # 10:47 local
    ("America/New_York", dt.datetime(2026, 3, 8, 7, 30, tzinfo=UTC), "03:00"),  # after DST
    ("Europe/Berlin", dt.datetime(2026, 3, 2, 12, 0, tzinfo=UTC), "13:00"),  # on the hour
])
def test_last_full_hour(zone, now, expected):
    got = last_full_hour(now, ZoneInfo(zone))
    assert got.tzinfo is UTC and got <= now
    assert f"{got.astimezone(ZoneInfo(zone)):%H:%M}" == expected


@pytest.mark.parametrize("now,expected", [
    (dt.datetime(2026, 12, 3, 13, 19, tzinfo=UTC), "13:00"),  # 14:19 Berlin, 60 min
    (dt.datetime(2026, 12, 3, 13, 0, tzinfo=UTC), "13:00"),   # 14:00 exactly
    (dt.datetime(2026, 12, 3, 13, 59, tzinfo=UTC), "13:00"),  # 14:59
    (dt.datetime(2026, 12, 3, 14, 0, tzinfo=UTC), "14:00"),   # 15:00: the 14:00 round ended
])
def test_the_default_start_is_a_round_that_has_already_ended(now, expected):
    got = last_full_hour(now, ZoneInfo("Europe/Berlin"), 60)
    assert f"{got.astimezone(ZoneInfo('Europe/Berlin')):%H:%M}" == expected
    assert got + dt.timedelta(minutes=60) <= now


def _ctx(tmp_path, zone, now):  # type: ignore[no-untyped-def]
    ctx = AppContext.open(Paths.for_data_dir(tmp_path / "data"), clock=fixed_clock(now))
    ctx.store.save_profile(Profile(name="Ada Park", email="ada@example.org", timezone=zone))
    return ctx


@pytest.mark.parametrize("zone,now,shown", [
    ("Europe/Berlin", dt.datetime(2026, 3, 2, 12, 47, tzinfo=UTC), "12:00"),  # 13:47 local
    ("Asia/Kolkata", dt.datetime(2026, 3, 2, 5, 17, tzinfo=UTC), "09:00"),  # 10:47 local
])
def test_a_new_application_shows_a_round_that_has_ended_and_saves_it_untouched(
        qtbot, tmp_path, zone, now, shown):
    ctx = _ctx(tmp_path, zone, now)
    try:
        dlg = show(qtbot, ApplicationDialog(ctx))
        assert dlg.start.edit.text().endswith(shown), dlg.start.edit.text()
        type_into(qtbot, dlg.company, "Northwind")
        type_into(qtbot, dlg.role, "Data Engineer")
        click_save(qtbot, dlg)
        (app,) = ctx.applications()
        start = app.interviews[0].start
        length = dt.timedelta(minutes=app.interviews[0].duration_minutes)
        assert start + length <= now and now - start < length + dt.timedelta(hours=1)
    finally:
        ctx.close()


@pytest.mark.parametrize("now,shown", [
    (dt.datetime(2026, 3, 2, 12, 47, tzinfo=UTC), "12:00"),  # 13:47 Berlin, 60 min
    (dt.datetime(2026, 3, 2, 13, 0, tzinfo=UTC), "13:00"),   # 14:00 exactly
])
def test_a_new_round_shows_a_round_that_has_already_ended(qtbot, tmp_path, now, shown):
    ctx = _ctx(tmp_path, "Europe/Berlin", now)
    try:
        app_id = ctx.store.add_application(ApplicationSpec("Northwind", "Data Engineer"))
        dlg = show(qtbot, InterviewDialog(ctx, app_id))
        assert dlg.start.edit.text().endswith(shown), dlg.start.edit.text()
    finally:
        ctx.close()
