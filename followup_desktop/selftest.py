"""``followup-desktop --selftest``: does this installation work? Checked offscreen, in a
throw-away data folder, so it can run on a build machine, in CI, or on a user's desktop
without touching their data, their autostart entry or their notifications.

Steps, in order (each needs the ones before it):

1. resources — templates, the app icon, the desktop entry and AppStream file are installed;
2. qt — the image-format and icon-engine plugins load: the app icon renders from SVG;
3. store — a database opens in a temporary folder and takes the sample data;
4. templates — every default template renders a draft, and the draft checks (with the
   spelling dictionary) run over it;
5. main window — built on that data and painted;
6. tray — the tray controller and its notifier chain are built (not started: no reminder
   is shown), its menu filled from the agenda;
7. single instance — the lock file and the local socket work.

Prints one line per step and ends with ``selftest passed``; on a failure, prints
``selftest FAILED: <step>: <reason>`` and returns 1.
"""

from __future__ import annotations

import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from followup_desktop import APP_ID, APP_NAME, __version__

SCREEN = (1280, 800)
#: Harmless messages of Qt's offscreen platform, not worth a note.
OFFSCREEN_NOISE = frozenset({"This plugin does not support propagateSizeHints()"})


class SelftestError(Exception):
    """A step found something wrong; the message says what."""


def _require(condition: object, message: str) -> None:
    if not condition:
        raise SelftestError(message)


class _Run:
    """State shared by the steps: the temporary folder, the context, the window."""

    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.ctx: Any = None
        self.window: Any = None
        self.tray: Any = None
        self.qt_messages: list[str] = []


# ------------------------------------------------------------------------------ the steps


def _resources(run: _Run) -> str:
    from followup_desktop.resources import resource, template_dir

    templates = sorted(template_dir().glob("*.txt.j2"))
    _require(templates, f"no templates in {template_dir()}")
    icon = resource("icons", "followup.svg")
    _require(icon.is_file(), f"the app icon is missing: {icon}")
    icons = list(resource("icons").glob("*.svg"))
    pngs = list(resource("icons", "hicolor").glob(f"*/apps/{APP_ID}.png"))
    for name in (f"{APP_ID}.desktop", f"{APP_ID}.metainfo.xml"):
        _require(resource(name).is_file(), f"{name} is missing from {resource()}")
    return (f"{len(templates)} templates, {len(icons)} SVG icons, {len(pngs)} PNG sizes, "
            f"desktop entry and metainfo in {resource()}")


def _qt(run: _Run) -> str:
    from PySide6.QtCore import QSize
    from PySide6.QtGui import QGuiApplication, QImageReader

    from followup_desktop.ui.icons import app_icon, icon

    formats = {bytes(f.data()).decode() for f in QImageReader.supportedImageFormats()}
    for fmt in ("svg", "png"):
        _require(fmt in formats, f"Qt cannot read {fmt.upper()} images (imageformats plugin "
                                 f"missing?); it reads: {', '.join(sorted(formats))}")
    pixmap = app_icon().pixmap(QSize(64, 64))
    _require(not pixmap.isNull(), "the app icon does not render (iconengines/svg plugin "
                                  "missing?)")
    image = pixmap.toImage()
    _require(image.pixelColor(32, 32).alpha() > 0, "the app icon renders empty")
    _require(not icon("new").pixmap(QSize(16, 16)).isNull(), "the action icons do not render")
    return (f"platform {QGuiApplication.platformName()}, images "
            f"{', '.join(f for f in ('svg', 'png', 'ico') if f in formats)}, app icon renders")


def _store(run: _Run) -> str:
    from followup_desktop.context import AppContext
    from followup_desktop.paths import Paths
    from followup_desktop.services.demo import fill_sample_data

    run.ctx = AppContext.open(Paths.for_data_dir(run.tmp / "data"))
    fill_sample_data(run.ctx)
    apps = run.ctx.applications()
    agenda = run.ctx.agenda()
    _require(apps, "the sample data did not load")
    _require(agenda, "the sample data has no follow-ups")
    return f"sample data in a temporary folder: {len(apps)} applications, {len(agenda)} windows"


def _templates(run: _Run) -> str:
    from followup_desktop.compose import check_context, compose_draft, run_checks
    from followup_desktop.records import Kind
    from followup_desktop.resources import template_dir
    from followup_desktop.schedule import plan

    ctx = run.ctx
    now, profile, settings = ctx.now(), ctx.profile(), ctx.settings()
    by_kind = {}
    # Every window of the sample data, whatever its state (sent and skipped ones too), so
    # each kind has one to render with.
    for w in plan(ctx.applications(), settings, ctx.tz(), now, {}):
        by_kind.setdefault(w.kind, w)
    files = sorted(p.name for p in template_dir().glob("*.txt.j2") if not p.name.startswith("_"))
    kinds = {f"{k.value}.txt.j2": k for k in Kind}
    missing = sorted(set(kinds) - set(files))
    _require(not missing, f"no default template for {', '.join(missing)}")
    rendered, checks = [], 0
    for name in files:
        kind = kinds.get(name)
        if kind is None:
            continue  # a template the product does not use by kind; nothing to feed it
        window = by_kind.get(kind)
        _require(window is not None, f"{name}: the sample data has no {kind.value} window "
                                     "to render it with")
        app = ctx.application(window.application_id)
        try:
            draft = compose_draft(window, app, profile, settings, now)
        except Exception as exc:
            raise SelftestError(f"{name} does not render: {type(exc).__name__}: {exc}") from exc
        _require(draft.body.strip(), f"{name} rendered an empty draft")
        _require(draft.template_problem is None, f"{name}: {draft.template_problem}")
        results = run_checks(draft, check_context(draft, app, profile, settings, now))
        checks += len(results)
        rendered.append(kind.value)
    return f"{len(rendered)} rendered ({', '.join(rendered)}); {checks} draft checks ran"


def _main_window(run: _Run) -> str:
    from followup_desktop.ui.main_window import MainWindow
    from followup_desktop.ui.screenshot import render

    run.window = MainWindow(run.ctx)
    image: Any = render(run.window, SCREEN)
    _require(not image.isNull(), "the main window did not paint")
    _require(image.width() == SCREEN[0], f"painted {image.width()}x{image.height()}, "
                                         f"not {SCREEN[0]}x{SCREEN[1]}")
    colours = {image.pixel(x, y) for x in range(0, SCREEN[0], 64) for y in range(0, SCREEN[1], 64)}
    _require(len(colours) > 3, "the main window painted blank")
    run.window.hide()
    return f"built and painted at {SCREEN[0]}x{SCREEN[1]}"


def _tray(run: _Run) -> str:
    from followup_desktop.autostart import XdgAutostart
    from followup_desktop.reminders.tray import TrayController

    # A start-at-login entry in the temporary folder, never the user's.
    run.tray = TrayController(run.ctx, run.window,
                              autostart=XdgAutostart(run.tmp / "config"))
    run.tray.refresh()
    _require(not run.tray.icon.isNull(), "the tray icon is empty")
    items = len(run.tray.menu.actions())
    where = "a system tray is available" if run.tray.available() else "no system tray here"
    return f"built with {items} menu items ({where}; not started, so no reminder is shown)"


def _single_instance(run: _Run) -> str:
    from followup_desktop.reminders.instance import SingleInstance

    first = SingleInstance(run.ctx.paths)
    second = SingleInstance(run.ctx.paths, connect_ms=2000)
    try:
        _require(first.acquire(), "could not take the data folder's lock")
        _require(first.server is not None, "the local socket server is not listening")
        _require(not second.acquire(), "a second instance took the same lock")
    finally:
        second.release()
        first.release()
    return "lock file and local socket work"


STEPS: tuple[tuple[str, Callable[[_Run], str]], ...] = (
    ("resources", _resources),
    ("qt", _qt),
    ("store", _store),
    ("templates", _templates),
    ("main window", _main_window),
    ("tray", _tray),
    ("single instance", _single_instance),
)


# ------------------------------------------------------------------------------ running


def _where() -> str:
    if getattr(sys, "frozen", False):
        return f"bundle {Path(sys.executable).parent}"
    return f"Python {sys.version.split()[0]} at {sys.prefix}"


def _qapplication() -> Any:
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        import os

        from followup_desktop.ui.application import make_qapplication

        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

        app = make_qapplication()
    return app


def run_selftest(out: Any = None) -> int:
    """Run every step; print a short report to ``out`` (stdout). 0 when all pass, else 1."""
    out = out or sys.stdout
    started = time.perf_counter()

    def say(line: str) -> None:
        print(line, file=out, flush=True)

    try:
        from PySide6 import __version__ as pyside_version
        from PySide6.QtCore import QtMsgType, qInstallMessageHandler

        _qapplication()
    except Exception as exc:
        say(f"selftest FAILED: qt: cannot start Qt: {type(exc).__name__}: {exc}")
        return 1
    say(f"{APP_NAME} {__version__} selftest ({_where()}; PySide6 {pyside_version})")

    with tempfile.TemporaryDirectory(prefix="followup-selftest-") as tmp:
        run = _Run(Path(tmp))

        def on_message(kind: Any, _context: Any, message: str) -> None:
            if kind != QtMsgType.QtDebugMsg and message not in OFFSCREEN_NOISE:
                run.qt_messages.append(message)

        previous = qInstallMessageHandler(on_message)
        failed: str | None = None
        try:
            for name, step in STEPS:
                try:
                    detail = step(run)
                except SelftestError as exc:
                    failed = f"{name}: {exc}"
                except Exception as exc:
                    tb = traceback.extract_tb(exc.__traceback__)[-1]
                    failed = (f"{name}: {type(exc).__name__}: {exc} "
                              f"({Path(tb.filename).name}:{tb.lineno})")
                if failed:
                    break
                say(f"  ok  {name:<16} {detail}")
        finally:
            qInstallMessageHandler(previous)
            _close(run)

    for message in run.qt_messages[:5]:
        say(f"  note: Qt said: {message}")
    if failed:
        say(f"selftest FAILED: {failed}")
        return 1
    say(f"selftest passed ({time.perf_counter() - started:.1f} s)")
    return 0


def _close(run: _Run) -> None:
    if run.tray is not None:
        run.tray.stop()
        run.tray.menu.deleteLater()
        run.tray.deleteLater()
    if run.window is not None:
        run.window.close()
        run.window.deleteLater()
    if run.ctx is not None:
        run.ctx.close()
    from PySide6.QtCore import QCoreApplication, QEvent

    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


if __name__ == "__main__":
    sys.exit(run_selftest())
