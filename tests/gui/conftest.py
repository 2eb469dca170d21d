"""Fixtures for the window tests: an AppContext on a temporary folder with a fixed clock."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from followup_desktop.clock import fixed_clock
from followup_desktop.context import AppContext
from followup_desktop.paths import Paths
from tests.helpers.window import NOW, OpenCtx, fill_demo


@pytest.fixture
def open_ctx(tmp_path: Path) -> Iterator[OpenCtx]:
    """``open_ctx(demo=False, data_dir=None, now=NOW)``; only one context is open at a time
    (one store per process), each closed at teardown or when the next one opens."""
    current: list[AppContext] = []

    def _open(*, demo: bool = False, data_dir: Path | None = None,
              now: dt.datetime = NOW) -> AppContext:
        for c in current:
            c.close()
        current.clear()
        paths = Paths.for_data_dir(data_dir or tmp_path / "data")
        ctx = AppContext.open(paths, clock=fixed_clock(now))
        current.append(ctx)
        if demo and ctx.store.is_empty():
            fill_demo(ctx, now)
        return ctx

    yield _open
    for c in current:
        c.close()


@pytest.fixture
def demo_ctx(open_ctx: OpenCtx) -> AppContext:
    return open_ctx(demo=True)


@pytest.fixture
def make_window(qtbot, monkeypatch):  # type: ignore[no-untyped-def]
    """``make_window(ctx, **kwargs)``: a MainWindow registered with qtbot (closed at teardown).
    The demo launcher never starts a process."""
    from followup_desktop.ui.main_window import MainWindow

    made: list[MainWindow] = []

    def _make(ctx: AppContext, **kwargs):  # type: ignore[no-untyped-def]
        kwargs.setdefault("demo_launcher", lambda program, args: True)
        w = MainWindow(ctx, **kwargs)
        qtbot.addWidget(w)
        made.append(w)
        return w

    yield _make
    for w in made:
        w._tick.stop()

