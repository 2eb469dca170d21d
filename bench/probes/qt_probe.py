"""Child-process probes for the UI and tray benchmarks. Run as a script:

    python bench/probes/qt_probe.py bare                 # a bare QMainWindow (not in make bench)
    python bench/probes/qt_probe.py app DATA_DIR [ARGS]  # the real `python -m followup_desktop`
    python bench/probes/qt_probe.py keys DATA_DIR        # per-keystroke filter times
    python bench/probes/qt_probe.py tray DATA_DIR        # the real app with --hidden, counting

``app`` runs the real command line (``followup_desktop.app.main``) unchanged; the probe only
wraps ``ui.application.make_qapplication`` to install an application-wide event filter that
notices the first ``Paint`` of a ``QMainWindow`` (then moves onto that window). From that
paint on, ``data_shown()`` is polled (``bench/baselines/_shown.py``, as for the baselines);
once true the window is repainted synchronously and the moment taken: one JSON line with
``paint_wall``, ``shown_wall``, ``cpu_shown_s``, ``rss_shown_kb``, then, 1.5 s later,
``peak_rss_kb`` and ``rss_settled_kb``; then ``os._exit(0)`` (no shutdown: every timed run
starts alike), or with ``FOLLOWUP_PROBE_QUIT=1`` a normal Quit (what a session keeps for the
next start is kept: the bench's warm-up run).

``tray`` runs the real command with ``--hidden`` (a tray-only process) and counts every
``QTimerEvent`` by timer (``class|object name in parent|interval ms|timer id``); on SIGUSR1
it writes the counts to ``$FOLLOWUP_PROBE_OUT`` (JSON); on SIGUSR2 it opens the window from
the tray (in a tray-only process: the menu's "Open", which re-executes the process; the
phase travels in ``FOLLOWUP_PROBE_PHASE`` and the new image finishes it), waits until the
window shows its data and 2 s more, reads VmRSS (open), closes it and writes the file; on
SIGWINCH it fires every repeating timer as often as 9 more minutes would, then reads VmRSS
(closed) 2 s later. Signals reach the Qt loop through ``signal.set_wakeup_fd`` and a
``QSocketNotifier``.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import socket
import sys
import time
from pathlib import Path
from typing import Any

START = time.time()


def maxrss_kb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def vmrss_kb() -> int:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


_PROFILER: Any = None


def emit(obj: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()
    stop_profile()  # FOLLOWUP_PROBE_PROFILE=FILE: pyinstrument text up to here


class PaintWatch:
    """Event filter: the first Paint of a QMainWindow → ``on_painted(window)`` right after.

    It starts on the application (the window does not exist yet) and moves onto the first
    QMainWindow that receives an event. Left on the application, it would be called for
    every event of every object, and PySide6 wraps each receiver in its Python type: it
    would build the Python types (with their enum classes) of every internal Qt class that
    receives an event -- header views, scroll bars, the calendar's parts -- which the app
    itself never touches. That is ~1.3 MB of the app's peak RSS (10,000 interviews) that
    belongs to the probe, and more the more widgets there are; the bare window has few."""

    def __init__(self, on_painted: Any) -> None:
        from PySide6.QtCore import QEvent, QObject, QTimer
        from PySide6.QtWidgets import QApplication, QMainWindow

        outer = self

        class _Filter(QObject):
            def eventFilter(self, obj: Any, event: Any) -> bool:  # noqa: N802
                if not isinstance(obj, QMainWindow):
                    return False
                if not outer.moved:
                    outer.moved = True
                    app = QApplication.instance()
                    if app is not None:
                        app.removeEventFilter(self)
                    obj.installEventFilter(self)
                if not outer.seen and event.type() == QEvent.Type.Paint:
                    outer.seen = True
                    QTimer.singleShot(0, lambda: on_painted(obj))
                return False

        self.seen = False
        self.moved = False
        self.filter = _Filter()


def after_load(window: Any, done: Any) -> None:
    """Poll (10 ms) until the window has its data, then let it paint once more, then done()."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    def step() -> None:
        loaded = getattr(window, "is_loaded", lambda: True)()
        if not loaded:
            QTimer.singleShot(10, step)
            return
        window.repaint()
        QApplication.processEvents()
        done()

    step()


def bare() -> None:
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(sys.argv[:1])
    painted: dict[str, Any] = {}

    def on_painted(window: Any) -> None:
        painted.update(paint_wall=time.time(), rss_paint_kb=maxrss_kb())
        after_load(window, lambda: (emit({**painted, "peak_rss_kb": maxrss_kb()}),
                                    os._exit(0)))

    watch = PaintWatch(on_painted)
    app.installEventFilter(watch.filter)
    window = QMainWindow()
    window.setWindowTitle("bare")
    window.resize(1200, 760)
    window.show()
    app.exec()


def apply_experiments() -> None:
    """``FOLLOWUP_PROBE_PATCH=defer,hidden-refresh``: try a proposed product change without
    editing it (for reports only; ``make bench`` never sets this).

    - ``defer``: ``MainWindow(ctx)`` as ``MainWindow(ctx, defer_load=True)`` and
      ``TrayController.start`` run from the event loop (``QTimer.singleShot(0, ...)``);
    - ``hidden-refresh``: ``MainWindow.refresh`` does nothing while the window is hidden
      (remembers it is stale) and refreshes when it is shown again.
    """
    wanted = set(filter(None, os.environ.get("FOLLOWUP_PROBE_PATCH", "").split(",")))
    if not wanted:
        return
    from PySide6.QtCore import QTimer

    import followup_desktop.reminders.tray as tray_mod
    import followup_desktop.ui.main_window as mw

    cls = mw.MainWindow
    if "defer" in wanted:
        from PySide6.QtCore import QEvent

        init, show_event = cls.__init__, cls.showEvent
        pending: list[Any] = []  # tray starts waiting for the first paint

        def __init__(self: Any, ctx: Any, *a: Any, **kw: Any) -> None:  # noqa: N807
            kw.setdefault("defer_load", True)
            init(self, ctx, *a, **kw)
            self._probe_painted = False

        def on_show(self: Any, event: Any) -> None:
            loaded = self._loaded
            self._loaded = True  # keep the original showEvent from scheduling the load
            show_event(self, event)
            self._loaded = loaded

        def event(self: Any, ev: Any) -> bool:
            if ev.type() == QEvent.Type.Paint and not self._probe_painted:
                self._probe_painted = True
                QTimer.singleShot(0, self._initial_load)
                for fn in pending:
                    QTimer.singleShot(0, fn)
                pending.clear()
            return mw.QMainWindow.event(self, ev)

        cls.__init__ = __init__  # type: ignore[method-assign]
        cls.showEvent = on_show  # type: ignore[method-assign]
        cls.event = event  # type: ignore[method-assign]
        start = tray_mod.TrayController.start

        def deferred_start(self: Any) -> None:
            pending.append(lambda: start(self))

            def hidden_start() -> None:  # in the loop: is the window shown, or hidden?
                if pending and (self.window is None or not self.window.isVisible()):
                    pending.pop()()

            QTimer.singleShot(0, hidden_start)

        tray_mod.TrayController.start = deferred_start  # type: ignore[method-assign]
    if "hidden-refresh" in wanted:
        refresh, show_event = cls.refresh, cls.showEvent

        def lazy_refresh(self: Any) -> None:
            if self._loaded and not self.isVisible():
                self._stale_while_hidden = True
                return
            refresh(self)

        def on_show(self: Any, event: Any) -> None:
            show_event(self, event)
            if getattr(self, "_stale_while_hidden", False):
                self._stale_while_hidden = False
                QTimer.singleShot(0, lambda: refresh(self))

        cls.refresh = lazy_refresh  # type: ignore[method-assign]
        cls.showEvent = on_show  # type: ignore[method-assign]


def _wrap_make_qapplication(install: Any) -> None:
    apply_experiments()
    import followup_desktop.ui.application as application

    original = application.make_qapplication

    def make_qapplication() -> object:
        app = original()
        install(app)
        return app

    application.make_qapplication = make_qapplication  # type: ignore[assignment]


def stop_profile() -> None:
    global _PROFILER
    if _PROFILER is not None:
        _PROFILER.stop()
        with open(os.environ["FOLLOWUP_PROBE_PROFILE"], "w") as fh:
            fh.write(_PROFILER.output_text(unicode=True, show_all=False))
        _PROFILER = None


def data_shown(window: Any) -> bool:
    """The window shows its data: every pane filled, the next follow-ups shown.

    - the window is built and loaded (``is_loaded``), the table has its rows (one per
      application: as many as ``$FOLLOWUP_BENCH_ROWS``, which the bench counts in the
      database, when set; the last row's "Next follow-up" cell has its text);
    - the calendar has its marks and the agenda tree its groups;
    - the composer is the real one (not the slot holding its place) and shows the
      selected application's next follow-up -- its drafts (or the debrief page) -- when
      that row has one.
    Read duck-typed, so the probe follows the window's module wherever it lives."""
    if not getattr(window, "is_loaded", lambda: True)() or not window.is_built():
        return False
    model = window.model
    n = model.rowCount()
    if n == 0 or n != int(os.environ.get("FOLLOWUP_BENCH_ROWS") or n):
        return False  # every application's row, not the first screenful
    last = model.index(n - 1, model.columnCount() - 1)  # the last row's "Next follow-up"
    if not isinstance(model.data(last), str):
        return False
    cal = window.calendar_pane
    if cal.agenda_model.rowCount() == 0 or not cal.calendar.marks():
        return False
    composer = window.composer
    if type(composer).__name__ == "_ComposerSlot":
        return False
    selected = window.selected_application_id()
    if selected is not None:
        row = model.row(model.row_of(selected))
        if row.next_key:
            current = composer.current_window
            if current is None or current.application_id != selected:
                return False
            if not composer.editors and composer.pages.currentIndex() != composer.PAGE_DEBRIEF:
                return False
    return True


def app_start(data_dir: str, extra: list[str]) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "baselines"))
    import _shown

    holder: dict[str, Any] = {}

    def report(facts: dict[str, Any], final: bool) -> None:
        if not final:
            stop_profile()  # FOLLOWUP_PROBE_PROFILE: the start-up up to the data shown
            # the first draft came from the renders the last session kept (no Jinja2)
            holder["rendered"] = "jinja2" in sys.modules
        else:
            w = holder["window"]
            emit({**facts, "rows": w.model.rowCount(), "rendered": holder.get("rendered")})
            if os.environ.get("FOLLOWUP_PROBE_QUIT"):
                # end as a session does (what it keeps for the next start is kept)
                from PySide6.QtWidgets import QApplication

                holder["quit"] = True
                QApplication.quit()
                return
            os._exit(0)

    def on_painted(window: Any) -> None:
        if os.environ.get("FOLLOWUP_PROBE_PROFILE_AT") == "paint":
            stop_profile()
        holder["window"] = window
        _shown.painted(window, lambda: data_shown(window), report, time.time())

    def install(app: Any) -> None:
        holder["watch"] = watch = PaintWatch(on_painted)
        app.installEventFilter(watch.filter)

    _wrap_make_qapplication(install)
    from followup_desktop.app import main

    main(["--data-dir", data_dir, *extra])
    if holder.get("quit"):
        os._exit(0)
    emit({"error": "the app exited before showing its data"})
    os._exit(3)


QUERIES = ("Data Engineer", "company 1234", "person 87", "analyst")


def keys(data_dir: str, rounds: int) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from followup_desktop.clock import system_clock
    from followup_desktop.context import AppContext
    from followup_desktop.paths import Paths
    from followup_desktop.ui.application import make_qapplication
    from followup_desktop.ui.main_window import MainWindow

    app = make_qapplication()
    assert isinstance(app, QApplication)
    ctx = AppContext.open(Paths.for_data_dir(data_dir), clock=system_clock)
    window = MainWindow(ctx)
    window.show()
    for _ in range(5):
        app.processEvents()
    rows = window.model.rowCount()
    window.search.setFocus()
    samples: list[float] = []
    per_query: dict[str, list[float]] = {}
    for _ in range(rounds):
        for query in QUERIES:
            times = per_query.setdefault(query, [])
            for ch in query:
                t0 = time.perf_counter()
                QTest.keyClick(window.search, ch)  # textChanged → proxy.set_query
                app.processEvents()  # the proxy's row changes, the label, the repaint
                ms = (time.perf_counter() - t0) * 1000
                samples.append(ms)
                times.append(ms)
            shown = window.model.rowCount()
            QTest.keyClick(window.search, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
            QTest.keyClick(window.search, Qt.Key.Key_Delete)
            app.processEvents()
            per_query[query + " →"] = [float(shown)]
    emit({"samples": samples, "rows": rows,
          "per_query": {k: v for k, v in per_query.items()}})
    os._exit(0)


def tray(data_dir: str) -> None:
    from PySide6.QtCore import QEvent, QObject, QSocketNotifier, QTimer

    counts: dict[str, int] = {}
    t_first: dict[str, float] = {}
    t_last: dict[str, float] = {}
    holder: dict[str, Any] = {}
    out_path = os.environ["FOLLOWUP_PROBE_OUT"]
    result: dict[str, Any] = {}

    class _Counter(QObject):
        def eventFilter(self, obj: Any, event: Any) -> bool:  # noqa: N802
            if event.type() == QEvent.Type.Timer:
                name = obj.objectName() or ""
                parent = obj.parent()
                if parent is not None:
                    name = f"{name} in {parent.metaObject().className()} {parent.objectName()}"
                interval = obj.interval() if hasattr(obj, "interval") else -1
                cls = obj.metaObject().className()  # the C++ class, also for private ones
                key = f"{cls}|{name.strip()}|{interval}|{event.timerId()}"
                counts[key] = counts.get(key, 0) + 1
                now = time.monotonic()
                t_first.setdefault(key, now)
                t_last[key] = now
            return False

    def write() -> None:
        result["timer_events"] = counts
        result["timer_spans"] = {k: t_last[k] - t_first[k] for k in counts}
        result["counted_since"] = holder.get("reset_at")
        result["now"] = time.monotonic()
        with open(out_path, "w") as fh:
            json.dump(result, fh)

    def find_window() -> Any:
        from PySide6.QtWidgets import QApplication, QMainWindow

        for w in QApplication.topLevelWidgets():
            if isinstance(w, QMainWindow) and w.objectName() == "mainWindow":
                return w
        return None

    def close_and_write(window: Any) -> None:
        result["rss_open_kb"] = vmrss_kb()
        window.close()
        result["window_visible_after_close"] = window.isVisible()
        write()

    def show_then_close() -> None:
        """Open the window from the tray (loaded, painted, 2 s), read VmRSS, close it. A
        tray-only process (no window) opens it by re-executing itself: the phase goes
        along in the environment and the new image finishes the job (:func:`resume`)."""
        result["rss_hidden_kb"] = vmrss_kb()
        window = find_window()
        if window is None:
            import gc

            from followup_desktop.reminders.tray import TrayController

            trays = [o for o in gc.get_objects() if isinstance(o, TrayController)]
            if not trays:
                result["error"] = "neither a window nor a tray"
                write()
                return
            os.environ["FOLLOWUP_PROBE_PHASE"] = f"open:{time.time()}:{result['rss_hidden_kb']}"
            trays[0].open_followup("")  # the menu's "Open Followup": re-executes
            return
        window.bring_to_front()
        after_load(window, lambda: QTimer.singleShot(2000, lambda: close_and_write(window)))

    def resume(phase: str) -> None:
        """In the image the tray-only process re-executed to open the window."""
        _, asked, hidden = phase.split(":")
        result["rss_hidden_kb"] = int(hidden)
        result["tray_only_at_start"] = True

        def step() -> None:
            window = find_window()
            if window is None or not window.isVisible() or not data_shown(window):
                QTimer.singleShot(5, step)
                return
            window.repaint()
            result["window_from_tray_ms"] = (time.time() - float(asked)) * 1000
            rows = getattr(window, "plan_rows", None)  # did it start from the kept plan?
            result["window_from_kept_plan"] = getattr(rows, "from_store", None)
            result["window_image_started_ms"] = (START - float(asked)) * 1000  # exec'd
            QTimer.singleShot(2000, lambda: close_and_write(window))

        QTimer.singleShot(0, step)

    def drive_timers() -> None:
        """What the rest of ten minutes in the tray runs: every repeating timer of the
        process (1 s to 10 min) fired as often as 9 more minutes would fire it (the clock
        itself does not move, so no follow-up opens meanwhile), then VmRSS 2 s later."""
        import gc

        fired: dict[str, int] = {}
        for obj in gc.get_objects():
            try:
                if not isinstance(obj, QTimer) or not obj.isActive() or obj.isSingleShot():
                    continue
                interval = obj.interval()
            except RuntimeError:  # its C++ object is gone
                continue
            if 1000 <= interval <= 600_000:
                n = min(540_000 // interval, 60)
                parent = obj.parent()
                name = f"{parent.metaObject().className() if parent else ''}|{interval}"
                fired[name] = fired.get(name, 0) + n
                for _ in range(n):
                    obj.timeout.emit()
        result["driven_timers"] = fired

        def measure_closed() -> None:
            result["rss_closed_kb"] = vmrss_kb()
            diag = os.environ.get("FOLLOWUP_PROBE_DIAG")
            if diag:  # what the closed process holds, for a look by hand
                import shutil

                Path(diag).write_text("\n".join(sorted(sys.modules)))
                shutil.copy("/proc/self/smaps", diag + ".smaps")
                import collections
                import tracemalloc

                kinds = collections.Counter(type(o).__name__ for o in gc.get_objects())
                lines = [f"{n} {k}" for k, n in kinds.most_common(25)]
                if tracemalloc.is_tracing():
                    snap = tracemalloc.take_snapshot()
                    lines += [str(st) for st in snap.statistics("lineno")[:40]]
                    lines.append(f"traced {tracemalloc.get_traced_memory()}")
                Path(diag + ".heap").write_text("\n".join(lines))
            result["peak_rss_kb"] = maxrss_kb()
            result["tray_only"] = find_window() is None
            write()

        QTimer.singleShot(2000, measure_closed)

    def on_signal(_fd: int) -> None:
        data = holder["rsock"].recv(64)
        for b in data:
            if b == signal.SIGUSR1:
                write()
            elif b == signal.SIGUSR2:
                show_then_close()
            elif b == signal.SIGWINCH:
                drive_timers()
            elif b == signal.SIGHUP:  # reset the counters: the measured minute starts now
                counts.clear()
                t_first.clear()
                t_last.clear()
                holder["reset_at"] = time.monotonic()

    def install(app: Any) -> None:
        holder["counter"] = c = _Counter()
        app.installEventFilter(c)
        rsock, wsock = socket.socketpair()
        rsock.setblocking(False)
        wsock.setblocking(False)
        holder["rsock"], holder["wsock"] = rsock, wsock
        signal.set_wakeup_fd(wsock.fileno())
        for sig in (signal.SIGUSR1, signal.SIGUSR2, signal.SIGHUP, signal.SIGWINCH):
            signal.signal(sig, lambda *_: None)
        n = QSocketNotifier(rsock.fileno(), QSocketNotifier.Type.Read)
        n.activated.connect(lambda *_: on_signal(0))
        holder["notifier"] = n
        phase = os.environ.pop("FOLLOWUP_PROBE_PHASE", "")
        if phase.startswith("open:"):
            resume(phase)

    _wrap_make_qapplication(install)
    from followup_desktop.app import main

    code = main(["--data-dir", data_dir, "--hidden"])
    result["exited"] = code
    write()
    os._exit(0)


if __name__ == "__main__":
    if os.environ.get("FOLLOWUP_PROBE_PROFILE"):
        from pyinstrument import Profiler

        _PROFILER = Profiler(interval=0.0005)
        _PROFILER.start()
    mode = sys.argv[1]
    if mode == "bare":
        bare()
    elif mode == "app":
        app_start(sys.argv[2], sys.argv[3:])
    elif mode == "keys":
        keys(sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 3)
    elif mode == "tray":
        tray(sys.argv[2])
    else:
        raise SystemExit(f"unknown mode {mode}")
