"""The window: start to first paint and peak memory against a bare PySide6 QMainWindow, and
the search filter per keystroke. All in child processes (``bench/probes/qt_probe.py``),
offscreen, with HOME and the XDG folders in a temporary directory.

- Start: wall time from just before the parent starts the process (``time.time()``) to the
  end of the first paint of the main window in the child (its ``time.time()``). The app is
  the real ``python -m followup_desktop --data-dir D`` code path (``app.main``); the probe
  only adds an application-wide event filter for the first ``Paint`` of a ``QMainWindow``.
  The baseline starts Python, creates a ``QApplication`` and shows a ``QMainWindow`` of the
  same size, with the same filter. Run alternately, median.
- Peak RSS: ``ru_maxrss`` of the same children, read after the window has its data (a
  ``defer_load`` window loads right after its first paint) and painted again.
- Keystroke: a realistic query typed letter by letter into ``MainWindow.search`` with
  ``QTest.keyClick``, each timed from the key press to the end of ``processEvents()``
  (``textChanged`` → proxy filter → row changes → label → repaint), clearing between queries;
  the median over every keystroke of several rounds (absolute target).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.harness import PY, REPO, Result, ratio_result

PROBE = REPO / "bench" / "probes" / "qt_probe.py"
START_LIMIT = 1.3
RSS_EXTRA_MB = 30.0
KEY_MS = 16.0
RUNS = 5


def probe_env(home: Path) -> dict[str, str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(home),
           "XDG_CONFIG_HOME": str(home / "config"), "XDG_DATA_HOME": str(home / "share"),
           "XDG_CACHE_HOME": str(home / "cache"), "XDG_STATE_HOME": str(home / "state")}
    env.pop("FOLLOWUP_DATA_DIR", None)
    return env


def run_probe(args: list[str], env: dict[str, str], timeout: float = 120) -> dict[str, Any]:
    t0 = time.time()
    proc = subprocess.run([PY, str(PROBE), *args], capture_output=True, text=True, env=env,
                          cwd=REPO, timeout=timeout)
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
    if proc.returncode != 0 or not lines:
        raise RuntimeError(f"probe {args[0]} failed ({proc.returncode}): "
                           f"{proc.stdout[-500:]} {proc.stderr[-1500:]}")
    out: dict[str, Any] = json.loads(lines[-1])
    if "error" in out:
        raise RuntimeError(f"probe {args[0]}: {out['error']}")
    if "paint_wall" in out:
        out["start_ms"] = (out["paint_wall"] - t0) * 1000
    if "loaded_wall" in out:
        out["loaded_ms"] = (out["loaded_wall"] - t0) * 1000
    return out


def start_and_memory(data_dir: Path, env: dict[str, str],
                     runs: int = RUNS) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Alternate bare and app starts (one untimed warm-up each); return the samples."""
    run_probe(["bare"], env)
    run_probe(["app", str(data_dir)], env)
    bare: list[dict[str, Any]] = []
    app: list[dict[str, Any]] = []
    for _ in range(runs):
        bare.append(run_probe(["bare"], env))
        app.append(run_probe(["app", str(data_dir)], env))
    return bare, app


def keystrokes(data_dir: Path, env: dict[str, str], rounds: int = 3) -> dict[str, Any]:
    return run_probe(["keys", str(data_dir), str(rounds)], env, timeout=300)


def med(samples: list[dict[str, Any]], key: str) -> float:
    return statistics.median(s[key] for s in samples)


def run(data_dir: Path) -> list[Result]:
    with tempfile.TemporaryDirectory(prefix="followup-bench-ui-") as tmp:
        env = probe_env(Path(tmp))
        bare, app = start_and_memory(data_dir, env)
        keys = keystrokes(data_dir, env)
    start_app, start_bare = med(app, "start_ms"), med(bare, "start_ms")
    rss_app = med(app, "peak_rss_kb") / 1024
    rss_bare = med(bare, "peak_rss_kb") / 1024
    rss_paint = med(app, "rss_paint_kb") / 1024
    samples = keys["samples"]
    key_med = statistics.median(samples)
    key_p90 = sorted(samples)[int(len(samples) * 0.9)]
    app_samples = ", ".join(f"{s['start_ms']:.0f}" for s in app)
    results = [
        ratio_result("start to first painted window (10k interviews) vs bare QMainWindow",
                     start_app, start_bare, START_LIMIT,
                     note=f"new process each, offscreen, median of {len(app)} alternating runs; "
                          f"app samples {app_samples} ms. The first frame is the window's menu "
                          "bar; the panes, then the 10k rows follow: window showing its data "
                          f"after {med(app, 'loaded_ms'):.0f} ms (median)"),
        Result("filter per keystroke (10k interviews, typed query)", key_med, 0.0, "ms",
               f"≤ {KEY_MS:g} ms", key_med <= KEY_MS, None,
               note=f"{len(samples)} keystrokes over {keys['rows']} applications, "
                    f"p90 {key_p90:.1f} ms, max {max(samples):.1f} ms; press → processEvents "
                    "incl. repaint"),
        Result("peak RSS (10k interviews) vs bare QMainWindow", rss_app, rss_bare, "MB",
               f"≤ +{RSS_EXTRA_MB:g} MB", rss_app <= rss_bare + RSS_EXTRA_MB,
               rss_app / rss_bare,
               note=f"ru_maxrss after load and repaint; +{rss_app - rss_bare:.0f} MB over bare "
                    f"({rss_paint:.0f} MB at first paint)"),
    ]
    return results


if __name__ == "__main__":
    import sys

    for r in run(Path(sys.argv[1])):
        print(r.row(), r.note)
