"""The follow-ups that came too late: shown once, quietly, with "send a late note anyway"
and "dismiss" (ui/expired_bar.py; issue 18, item 1)."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from followup_desktop.records import Kind, WindowState
from followup_desktop.ui.expired_bar import too_late_text
from tests.helpers.window import NOW, fill_demo

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

LATER = NOW + dt.timedelta(days=14)  # back after two weeks away


def test_too_late_words() -> None:
    from followup_desktop.records import FollowupWindow

    w = FollowupWindow("thank-you:a1:i1:p1", Kind.THANK_YOU, 1, "Northwind Analytics", "Engineer",
               NOW, NOW, WindowState.EXPIRED, recipient="Dana Whitfield")
    assert too_late_text(w) == "Too late for a thank-you to Dana (Northwind Analytics)"


def test_shown_once_then_dismissed_for_good(qtbot, open_ctx, make_window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    ctx = open_ctx()
    fill_demo(ctx)
    ctx = open_ctx(now=LATER)
    expired = ctx.expired(LATER)
    assert expired and all(w.state is WindowState.EXPIRED for w in expired)
    w = make_window(ctx)
    w.show()
    qtbot.waitUntil(w.is_loaded, timeout=5000)
    bar = w.expired_bar
    assert bar.isVisible()
    w.resize(1500, 950)
    qtbot.waitUntil(lambda: w.height() == 950)
    # quiet: as tall as its lines, however tall the window (it took a share of the room)
    assert bar.height() <= bar.sizeHint().height() + 2
    assert sorted(x.key for x in bar.showing) == sorted(x.key for x in expired)
    ends = [x.late_until for x in bar.showing]
    assert ends == sorted(ends, reverse=True)  # the most recently too late first
    label, late, dismiss = bar.rows[0]
    assert label.text() == too_late_text(bar.showing[0])
    # nothing expired reaches the plan the window shows: no red, no reminder
    assert all(x.state is not WindowState.EXPIRED for x in w._agenda)

    first = bar.showing[0]
    qtbot.mouseClick(dismiss, Qt.MouseButton.LeftButton)
    assert first.key not in {x.key for x in bar.showing}
    assert ctx.store.states()[first.key].skipped_at == LATER
    assert first.key not in {x.key for x in ctx.agenda_all(LATER)}  # gone for good

    w.refresh()  # this session: what was shown stays until dismissed
    assert bar.isVisible() and len(bar.showing) == len(expired) - 1
    w.close()

    again = make_window(ctx)  # the next start: shown once already, not again
    again.show()
    qtbot.waitUntil(again.is_loaded, timeout=5000)
    assert not again.expired_bar.isVisible() and again.expired_bar.showing == []


def test_send_a_late_note_anyway_opens_it_in_the_composer(qtbot, open_ctx, make_window) -> None:  # type: ignore[no-untyped-def]
    ctx = open_ctx()
    fill_demo(ctx)
    ctx = open_ctx(now=LATER)
    w = make_window(ctx)
    w.show()
    qtbot.waitUntil(w.is_loaded, timeout=5000)
    bar = w.expired_bar
    pick = next(i for i, x in enumerate(bar.showing[:2]) if x.kind is not Kind.DEBRIEF)
    target = bar.showing[pick]
    assert bar.rows[pick][1].text() == "Send a late note anyway"
    qtbot.mouseClick(bar.rows[pick][1], Qt.MouseButton.LeftButton)
    assert w.selected_application_id() == target.application_id
    assert w.composer.current_window is not None
    assert w.composer.current_window.key == target.key
