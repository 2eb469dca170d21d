"""Shared pieces of the composer tests: the sample data on a temporary folder, a pane."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from followup_desktop.clock import fixed_clock, zone
from followup_desktop.context import AppContext
from followup_desktop.paths import Paths
from followup_desktop.records import FollowupWindow, Kind
from followup_desktop.services.demo import demo_applications, demo_profile
from followup_desktop.ui.composer import ComposerPane

UTC = dt.UTC
TZ = "Europe/Berlin"
NOW = dt.datetime(2026, 3, 2, 15, 0, tzinfo=UTC)  # a Monday, 16:00 in Berlin

#: What the offscreen platform says when a widget sets size limits or pops up a menu.
OFFSCREEN_NOISE = pytest.mark.qt_log_ignore(
    r"This plugin does not support (propagateSizeHints|raise|grabbing the keyboard)")


@pytest.fixture
def demo_ctx(tmp_path: Path) -> Iterator[AppContext]:
    """An AppContext on tmp_path with a fixed clock, filled with the sample data."""
    ctx = AppContext.open(Paths.for_data_dir(tmp_path / "data"), clock=fixed_clock(NOW))
    try:
        ctx.store.add_applications(demo_applications(NOW, zone(TZ)))
        ctx.store.save_profile(demo_profile(TZ))
        yield ctx
    finally:
        # Widgets outlive this fixture (qtbot closes them later): stop their timers first.
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, ComposerPane):
                widget.shutdown()
        ctx.close()


def northwind(ctx: AppContext, kind: Kind = Kind.THANK_YOU) -> FollowupWindow:
    """The Northwind panel's follow-up of ``kind`` (the first, for thank-you notes)."""
    return next(w for w in ctx.agenda() if w.company == "Northwind Analytics"
                and w.kind is kind and (w.interview_id is None or _is_panel(ctx, w)))


def _is_panel(ctx: AppContext, w: FollowupWindow) -> bool:
    app = ctx.application(w.application_id)
    assert app is not None
    return any(iv.id == w.interview_id and len(iv.participants) > 1 for iv in app.interviews)


def make_pane(qtbot, ctx: AppContext, window: FollowupWindow | None = None,  # type: ignore[no-untyped-def]
              *, check_delay_ms: int = 20, autosave_ms: int = 60) -> ComposerPane:
    pane = ComposerPane(ctx, check_delay_ms=check_delay_ms, autosave_ms=autosave_ms)
    qtbot.addWidget(pane)
    pane.resize(900, 520)
    pane.show()
    qtbot.waitExposed(pane)
    if window is not None:
        pane.set_followup(window, ctx.application(window.application_id))
    return pane
