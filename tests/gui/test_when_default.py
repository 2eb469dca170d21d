"""Issue 17 item 5: logging a round that just happened needs no time editing -- the
default "When" is the last full hour on the profile's clock, not the next one."""

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


def _ctx(tmp_path, zone, now):  # type: ignore[no-untyped-def]
    ctx = AppContext.open(Paths.for_data_dir(tmp_path / "data"), clock=fixed_clock(now))
    ctx.store.save_profile(Profile(name="Ada Park", email="ada@example.org", timezone=zone))
    return ctx


@pytest.mark.parametrize("zone,now,shown", [
    ("Europe/Berlin", dt.datetime(2026, 3, 2, 12, 47, tzinfo=UTC), "13:00"),
    ("Asia/Kolkata", dt.datetime(2026, 3, 2, 5, 17, tzinfo=UTC), "10:00"),
])
def test_a_new_application_shows_the_last_full_hour_and_saves_it_untouched(
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
        assert start <= now and now - start < dt.timedelta(hours=1)
    finally:
        ctx.close()


def test_a_new_round_shows_the_last_full_hour(qtbot, tmp_path):
    now = dt.datetime(2026, 3, 2, 12, 47, tzinfo=UTC)
    ctx = _ctx(tmp_path, "Europe/Berlin", now)
    try:
        app_id = ctx.store.add_application(ApplicationSpec("Northwind", "Data Engineer"))
        dlg = show(qtbot, InterviewDialog(ctx, app_id))
        assert dlg.start.edit.text().endswith("13:00"), dlg.start.edit.text()
    finally:
        ctx.close()
