"""The window process's start-up (``ui.application._Startup``): what it sets on the data."""

from __future__ import annotations

import gc
import sys
from pathlib import Path
from typing import Any

import pytest

from followup_desktop.bulk import pause_for_start
from followup_desktop.context import AppContext
from followup_desktop.paths import Paths
from followup_desktop.reminders.instance import SingleInstance
from followup_desktop.schedule.agenda import Agenda
from tests.helpers.window import fill_demo


def test_the_gui_process_keeps_its_agenda_packed_before_the_window_loads(
        tmp_path: Path, qapp: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Started hidden in the tray, the window never loads, yet the tray plans all day:
    its agenda must be packed too, with the small page cache."""
    from followup_desktop.ui.application import _Startup

    paths = Paths.for_data_dir(tmp_path / "d")
    ctx = AppContext.open(paths)
    fill_demo(ctx, ctx.now())  # dated around now: windows of months ago have expired
    ctx.close()
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # open_data installs its own
    instance = SingleInstance(paths)
    assert instance.acquire()
    start = _Startup(qapp, paths, instance, hidden=False)
    try:
        start.open_data()  # the window has not painted: it has not read the data
        assert not start.window.is_built()
        assert start.ctx.pack
        agenda = start.ctx.agenda()
        assert isinstance(agenda, Agenda) and len(agenda) > 0
        pages = start.ctx.store.db.execute_sql("PRAGMA cache_size").fetchone()[0]
        assert pages == -256  # WINDOW_PAGE_CACHE_KIB
    finally:
        start.window.close()
        start.ctx.close()
        instance.release()


def test_a_sample_data_window_starts_no_tray(tmp_path: Path, qapp: Any,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """"Explore sample data" runs a second Followup on the demo folder. Its tray once sent
    desktop reminders about made-up people and, its settings being the defaults, removed
    the user's own start-at-login entry."""
    from followup_desktop.reminders import tray as tray_module
    from followup_desktop.services import demo
    from followup_desktop.ui.application import _Startup

    paths = Paths.for_data_dir(tmp_path / "d-demo")
    ctx = AppContext.open(paths)
    demo.fill_demo(ctx.store, ctx.now(), "Europe/Berlin")  # what the demo command does
    assert ctx.store.is_sample_data()
    ctx.close()
    started: list[object] = []
    monkeypatch.setattr(tray_module.TrayController, "start", lambda self: started.append(self))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    instance = SingleInstance(paths)
    assert instance.acquire()
    start = _Startup(qapp, paths, instance, hidden=False)
    try:
        pause_for_start()  # as run() does: the collector waits for the data on screen
        assert not gc.isenabled()
        start.open_data()
        start.after_loaded()
        assert start.trays == [] and started == []
        assert gc.isenabled()  # back on once loaded, also when no tray follows
    finally:
        start.window.close()
        start.ctx.close()
        instance.release()


def test_only_the_demo_command_marks_sample_data(tmp_path: Path) -> None:
    from followup_desktop.records import ApplicationSpec
    from followup_desktop.services.demo import demo_applications

    ctx = AppContext.open(Paths.for_data_dir(tmp_path / "mine"))
    try:
        ctx.store.add_applications([ApplicationSpec("Northwind", "DE")])
        ctx.store.add_applications(demo_applications(ctx.now(), ctx.tz()))
        assert not ctx.store.is_sample_data()
    finally:
        ctx.close()


def test_an_application_deleted_in_an_earlier_session_is_purged_at_start(
        tmp_path: Path, qapp: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Deleting soft-deletes, so that Undo can bring it back; the undo history ends with the
    session, so the next start removes the row (with its rounds, people and messages)."""
    from followup_desktop.records import ApplicationSpec
    from followup_desktop.ui.application import _Startup

    paths = Paths.for_data_dir(tmp_path / "d")
    ctx = AppContext.open(paths)
    gone, kept = ctx.store.add_applications([ApplicationSpec("Northwind", "DE"),
                                             ApplicationSpec("Contoso", "PM")])
    ctx.store.delete_application(gone)
    ctx.close()
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    instance = SingleInstance(paths)
    assert instance.acquire()
    start = _Startup(qapp, paths, instance, hidden=False)
    try:
        start.open_data()
        rows = start.ctx.store.db.execute_sql("SELECT id FROM application").fetchall()
        assert rows == [(kept,)]
    finally:
        start.window.close()
        start.ctx.close()
        instance.release()
