"""What the window tests share: the fixed moment, the sample data, showing a window active."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from followup_desktop.clock import zone
from followup_desktop.context import AppContext

#: Wednesday 4 March 2026, 15:00 UTC (16:00 in Berlin)
NOW = dt.datetime(2026, 3, 4, 15, 0, tzinfo=dt.UTC)
TZ = "Europe/Berlin"

OpenCtx = Callable[..., AppContext]


def fill_demo(ctx: AppContext, now: dt.datetime = NOW, tz: str = TZ) -> None:
    from followup_desktop.services.demo import demo_applications, demo_profile

    ctx.store.add_applications(demo_applications(now, zone(tz)))
    ctx.store.save_profile(demo_profile(tz))


def activate(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """Show ``window`` and make it the active window (shortcuts and focus need that)."""
    from PySide6.QtWidgets import QApplication

    window.show()
    qtbot.waitExposed(window)
    window.windowHandle().requestActivate()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
