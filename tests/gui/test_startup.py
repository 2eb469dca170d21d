"""The window process's start-up (``ui.application._Startup``): what it sets on the data."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from followup_desktop.context import AppContext
from followup_desktop.paths import Paths
from followup_desktop.reminders.instance import SingleInstance
from followup_desktop.schedule.agenda import Agenda

from .conftest import fill_demo


def test_the_gui_process_keeps_its_agenda_packed_before_the_window_loads(
        tmp_path: Path, qapp: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Started hidden in the tray, the window never loads, yet the tray plans all day:
    its agenda must be packed too, with the small page cache."""
    from followup_desktop.ui.application import _Startup

    paths = Paths.for_data_dir(tmp_path / "d")
    ctx = AppContext.open(paths)
    fill_demo(ctx)
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
