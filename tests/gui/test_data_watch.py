"""The window and the tray follow a command's change through a file watch
(reminders/data_watch.py; issue 18 item 6)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from followup_desktop.reminders.data_watch import DataWatcher

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

WRITE = (
    "import sys; from pathlib import Path; from followup_desktop.store import open_store\n"
    "from followup_desktop.records import ApplicationSpec\n"
    "s = open_store(Path(sys.argv[1]))\n"
    "s.add_application(ApplicationSpec(company=sys.argv[2], role='Analyst'))\n"
    "s.close()\n"
)


def _write_elsewhere(path, company: str) -> None:  # type: ignore[no-untyped-def]
    out = subprocess.run([sys.executable, "-c", WRITE, str(path), company],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr


def test_a_commit_by_another_process_is_seen_within_two_seconds(qtbot, demo_ctx) -> None:  # type: ignore[no-untyped-def]
    watch = DataWatcher(demo_ctx)
    before = {a.company for a in demo_ctx.applications()}
    demo_ctx.agenda()  # cached: must not be served stale after the change
    rev = demo_ctx.store.revision
    with qtbot.waitSignal(watch.changed, timeout=2000):
        _write_elsewhere(demo_ctx.store.path, "Globex")
    assert demo_ctx.store.revision > rev
    assert {a.company for a in demo_ctx.applications()} == before | {"Globex"}
    assert watch.changes == 1
    watch.stop()


def test_own_writes_wake_nothing_and_an_idle_watch_has_no_timer(qtbot, demo_ctx) -> None:  # type: ignore[no-untyped-def]
    from followup_desktop.records import ApplicationSpec

    watch = DataWatcher(demo_ctx)
    fired: list[int] = []
    watch.changed.connect(lambda: fired.append(1))
    demo_ctx.store.add_application(ApplicationSpec(company="Own", role="Write"))
    # the file event comes; looked at, it is this connection's own commit
    qtbot.waitUntil(lambda: not watch.settle.isActive(), timeout=2000)
    assert watch.check() is False and fired == []
    assert not watch.settle.isActive()  # nothing ticks while nothing changes
    watch.stop()


def test_the_window_table_follows_a_command(qtbot, demo_ctx, make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window(demo_ctx)
    window.show()
    qtbot.waitUntil(window.is_loaded, timeout=5000)
    rows = window.model.rowCount()
    watch = DataWatcher(demo_ctx, window)
    watch.changed.connect(window._tick_refresh)
    _write_elsewhere(demo_ctx.store.path, "Initech")
    qtbot.waitUntil(lambda: window.model.rowCount() == rows + 1, timeout=2000)
    watch.stop()
