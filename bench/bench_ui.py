"""The window: start to its data on screen, its CPU time and peak memory, each against the
plainest script that does the same job, and the search filter per keystroke. All in child
processes, offscreen, with HOME and the XDG folders in a temporary directory.

- **Start to the window showing its data** (10,000 interviews, and 100 applications):
  wall time from just before the parent starts the process (``time.time()``) to the end of
  a full synchronous paint of the window (``window.repaint()``) made as soon as
  ``bench/probes/qt_probe.py``'s ``data_shown`` is true: the table has every
  application's row (with its "Next follow-up"), the calendar its marks, the agenda tree
  its groups, and the real composer shows the selected application's next follow-up
  (its drafts, or the debrief page). The app is the real ``python -m followup_desktop
  --data-dir D`` code path (``app.main``). Baseline: ``bench/baselines/plain_table.py``
  (Python + peewee read company, role, latest round, people, status into a
  ``QAbstractTableModel`` shown in a ``QTableView`` in a ``QMainWindow``), its clock
  stopped the same way. One warm-up each, then alternating runs, median.
- **CPU time to the data shown**: user + system time of the whole child process at that
  same moment (``getrusage``), app vs plain table, medians of the same runs.
- **Peak RSS**: ``ru_maxrss`` of the app's start-up children read 1.5 s after the data is
  shown (what the tray, backups or anything else started meanwhile cost is in it), vs
  ``bench/baselines/same_widgets.py`` (the widget kinds of the window, a table of 10,000
  tuples, peewee and Jinja2 imported) read the same way; alternating, median.
- **Keystroke**: a realistic query typed letter by letter into ``MainWindow.search`` with
  ``QTest.keyClick``, each timed from the key press to the end of ``processEvents()``
  (``textChanged`` → proxy filter → row changes → label → repaint), clearing between
  queries; the median over every keystroke of several rounds (absolute target).
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

from bench import data
from bench.harness import PY, REPO, Result, ratio_result

PROBE = REPO / "bench" / "probes" / "qt_probe.py"
PLAIN = REPO / "bench" / "baselines" / "plain_table.py"
SAME = REPO / "bench" / "baselines" / "same_widgets.py"
START_LIMIT = 1.5
START_SMALL_LIMIT = 1.3
SMALL_APPS = 100
RSS_LIMIT = 1.15
CPU_LIMIT = 2.0
KEY_MS = 16.0
RUNS = 5


def probe_env(home: Path) -> dict[str, str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(home),
           "XDG_CONFIG_HOME": str(home / "config"), "XDG_DATA_HOME": str(home / "share"),
           "XDG_CACHE_HOME": str(home / "cache"), "XDG_STATE_HOME": str(home / "state")}
    env.pop("FOLLOWUP_DATA_DIR", None)
    return env


def run_script(script: Path, args: list[str], env: dict[str, str],
               timeout: float = 120) -> dict[str, Any]:
    t0 = time.time()
    proc = subprocess.run([PY, str(script), *args], capture_output=True, text=True, env=env,
                          cwd=REPO, timeout=timeout)
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
    if proc.returncode != 0 or not lines:
        raise RuntimeError(f"{script.name} {args[:1]} failed ({proc.returncode}): "
                           f"{proc.stdout[-500:]} {proc.stderr[-1500:]}")
    out: dict[str, Any] = json.loads(lines[-1])
    if "error" in out:
        raise RuntimeError(f"{script.name} {args[:1]}: {out['error']}")
    for key, name in (("paint_wall", "paint_ms"), ("shown_wall", "shown_ms")):
        if key in out:
            out[name] = (out[key] - t0) * 1000
    return out


def run_probe(args: list[str], env: dict[str, str], timeout: float = 120) -> dict[str, Any]:
    return run_script(PROBE, args, env, timeout)


def alternate(cmds: dict[str, tuple[Path, list[str]]], env: dict[str, str],
              runs: int = RUNS) -> dict[str, list[dict[str, Any]]]:
    """One untimed warm-up of each, then ``runs`` rounds of each in turn. Every run of
    the app ends as a session does (Quit, after its figures are taken: what it keeps for
    the next start is kept, and it closes the data cleanly), so every timed start follows
    a clean end, as a user's start does. (Leaving with ``os._exit`` left the data's
    running marker behind: each next start took it for a crash and ran the full
    ``integrity_check``, which no start after a Quit runs.)"""
    quit_env = {**env, "FOLLOWUP_PROBE_QUIT": "1"}
    for script, args in cmds.values():
        run_script(script, args, quit_env)
    out: dict[str, list[dict[str, Any]]] = {k: [] for k in cmds}
    for _ in range(runs):
        for k, (script, args) in cmds.items():
            out[k].append(run_script(script, args, quit_env))
    return out


def keystrokes(data_dir: Path, env: dict[str, str], rounds: int = 3) -> dict[str, Any]:
    return run_probe(["keys", str(data_dir), str(rounds)], env, timeout=300)


def med(samples: list[dict[str, Any]], key: str) -> float:
    return statistics.median(s[key] for s in samples)


def _ms(samples: list[dict[str, Any]]) -> str:
    return ", ".join(f"{s['shown_ms']:.0f}" for s in samples)


def paired(app: list[dict[str, Any]], plain: list[dict[str, Any]]) -> str:
    """The median of each app run's time over the plain run beside it: the row's ratio
    is of the two medians, which a VM that speeds up or slows down during the runs moves
    (the runs alternate, so each pair saw the same machine)."""
    ratios = sorted(a["shown_ms"] / p["shown_ms"] for a, p in zip(app, plain, strict=True))
    return (f"each app run over the plain run beside it: median {statistics.median(ratios):.2f}× "
            f"({', '.join(f'{r:.2f}' for r in ratios)})")


def app_count(data_dir: Path) -> int:
    """The applications in the folder's database: the rows both windows must show before
    their clock stops (``$FOLLOWUP_BENCH_ROWS``)."""
    import sqlite3

    con = sqlite3.connect(f"file:{data_dir / 'followup.sqlite3'}?mode=ro", uri=True)
    try:
        return int(con.execute("SELECT count(*) FROM application WHERE deleted_at IS NULL")
                   .fetchone()[0])
    finally:
        con.close()


def run(data_dir: Path) -> list[Result]:
    with tempfile.TemporaryDirectory(prefix="followup-bench-ui-") as tmp:
        env = probe_env(Path(tmp) / "home")
        small = data.make(Path(tmp) / "small", SMALL_APPS * 3, applications=SMALL_APPS)
        big_env = {**env, "FOLLOWUP_BENCH_ROWS": str(app_count(data_dir))}
        big = alternate({"plain": (PLAIN, [str(data_dir)]), "app": (PROBE, ["app", str(data_dir)]),
                         "same": (SAME, [])}, big_env)
        few = alternate({"plain": (PLAIN, [str(small)]), "app": (PROBE, ["app", str(small)])},
                        {**env, "FOLLOWUP_BENCH_ROWS": str(app_count(small))})
        keys = keystrokes(data_dir, env)
    app, plain, same = big["app"], big["plain"], big["same"]
    rows = app[0]["rows"]
    if rows != plain[0]["rows"]:
        raise RuntimeError(f"the app shows {rows} rows, the plain table {plain[0]['rows']}")
    samples = keys["samples"]
    key_med = statistics.median(samples)
    key_p90 = sorted(samples)[int(len(samples) * 0.9)]
    on_screen = ("on screen when the clock stops: every application's row with its next "
                 "follow-up, the calendar marked, the agenda grouped, the selected "
                 "application's next follow-up drafted in the composer, then one full "
                 "synchronous repaint")
    rss_app, rss_same = med(app, "peak_rss_kb") / 1024, med(same, "peak_rss_kb") / 1024
    return [
        ratio_result(f"start to the window showing its data ({rows:,} applications) vs "
                     "plain table", med(app, "shown_ms"), med(plain, "shown_ms"),
                     START_LIMIT,
                     note=f"new process each, offscreen, median of {len(app)} alternating "
                          f"runs (app {_ms(app)} ms; plain table {_ms(plain)} ms); "
                          f"{on_screen}. The app's first frame (menu bar) after "
                          f"{med(app, 'paint_ms'):.0f} ms; the first draft rendered anew "
                          f"(Jinja2 loaded, not the last session's kept render) in "
                          f"{sum(bool(s.get('rendered')) for s in app)} of {len(app)}; "
                          f"{paired(app, plain)}"),
        ratio_result(f"start to the window showing its data ({SMALL_APPS} applications) vs "
                     "plain table", med(few["app"], "shown_ms"), med(few["plain"], "shown_ms"),
                     START_SMALL_LIMIT,
                     note=f"as above, {few['app'][0]['rows']} applications "
                          f"(app {_ms(few['app'])} ms; plain table {_ms(few['plain'])} ms); "
                          f"{paired(few['app'], few['plain'])}"),
        ratio_result(f"CPU time from start to data shown ({rows:,} applications) vs plain "
                     "table", med(app, "cpu_shown_s") * 1000, med(plain, "cpu_shown_s") * 1000,
                     CPU_LIMIT,
                     note="user + system time of the whole process (every thread, the "
                          "interpreter's start included) at the moment the start row's "
                          "clock stops; medians of the same runs"),
        Result("filter per keystroke (10k interviews, typed query)", key_med, 0.0, "ms",
               f"≤ {KEY_MS:g} ms", key_med <= KEY_MS, None,
               note=f"{len(samples)} keystrokes over {keys['rows']} applications, "
                    f"p90 {key_p90:.1f} ms, max {max(samples):.1f} ms; press → processEvents "
                    "incl. repaint"),
        ratio_result(f"peak RSS ({rows:,} applications) vs same widgets", rss_app, rss_same,
                     RSS_LIMIT, unit="MB",
                     note=f"ru_maxrss 1.5 s after the data is shown; +{rss_app - rss_same:.1f} "
                          f"MB over the same widgets ({med(app, 'rss_shown_kb') / 1024:.0f} MB "
                          "resident when shown); the plain table peaks at "
                          f"{med(plain, 'peak_rss_kb') / 1024:.0f} MB"),
    ]


if __name__ == "__main__":
    import sys

    for r in run(Path(sys.argv[1])):
        print(r.row(), r.note)
