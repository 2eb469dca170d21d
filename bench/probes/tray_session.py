"""Idle in the tray; run INSIDE ``xvfb-run -a dbus-run-session -- python THIS DATA OUT SECONDS``.

Starts a tray host (``status-notifier-watcher``) on the private session bus, then the real
app with ``--hidden`` through ``qt_probe.py tray`` (which counts Qt timer events). Once the
tray icon is registered and start-up is over (the process used no CPU for 2 s, or 30 s
passed), it resets the probe's counters (SIGHUP) and measures for SECONDS:

- CPU: ``utime + stime`` of the whole process (every thread) from ``/proc/PID/stat``;
- wake-ups: voluntary context switches of every thread (``/proc/PID/task/*/status``) —
  each is a thread going to sleep, so one wake-up each — per thread name;
- Qt timer events by timer (from the probe, SIGUSR1), as a rate: (events - 1) per span
  between the first and the last event, or events per measured minute when one fired once.

Then SIGUSR2: the probe shows the window (loaded, painted, 2 s), reads VmRSS, closes it,
waits 3 s and reads VmRSS again. Writes one JSON object to OUT.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA, OUT, SECONDS = sys.argv[1], Path(sys.argv[2]), float(sys.argv[3])
WORK = OUT.parent
TICK = os.sysconf("SC_CLK_TCK")
children: list[subprocess.Popen[bytes]] = []


def cpu_ticks(pid: int) -> int:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime, stime (fields 14, 15)


def switches(pid: int) -> dict[str, int]:
    out: dict[str, int] = {}
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            name = (task / "comm").read_text().strip()
            for line in (task / "status").read_text().splitlines():
                if line.startswith("voluntary_ctxt_switches"):
                    key = f"{name}/{task.name}" if task.name != str(pid) else "main"
                    out[key] = int(line.split()[1])
        except OSError:
            continue
    return out


def sni_items() -> str:
    r = subprocess.run(["dbus-send", "--session", "--print-reply",
                        "--dest=org.kde.StatusNotifierWatcher", "/StatusNotifierWatcher",
                        "org.freedesktop.DBus.Properties.Get",
                        "string:org.kde.StatusNotifierWatcher",
                        "string:RegisteredStatusNotifierItems"],
                       capture_output=True, text=True, timeout=10)
    return r.stdout if '"' in r.stdout else ""


def wait_for(cond, deadline: float, step: float = 0.2) -> bool:  # noqa: ANN001
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        if cond():
            return True
        time.sleep(step)
    return False


def read_probe(proc: subprocess.Popen[bytes], sig: int, deadline: float) -> dict:
    probe_out = WORK / "probe.json"
    probe_out.unlink(missing_ok=True)
    proc.send_signal(sig)
    if not wait_for(probe_out.exists, deadline, 0.1):
        raise SystemExit("the probe did not answer")
    time.sleep(0.2)
    return json.loads(probe_out.read_text())


def settle(pid: int, since: float, at_least: float) -> None:
    """Until the process stays off the CPU for 2 s (at most 30 s), and ``at_least`` s
    after ``since``."""
    end = time.monotonic() + 30
    last = cpu_ticks(pid)
    while time.monotonic() < end:
        time.sleep(2)
        now = cpu_ticks(pid)
        if now == last and time.monotonic() - since >= at_least:
            break
        last = now


def main() -> None:
    facts: dict[str, object] = {}
    log = open(WORK / "watcher.log", "ab")  # noqa: SIM115
    children.append(subprocess.Popen(["status-notifier-watcher"], stdout=log, stderr=log))
    env = {**os.environ, "QT_QPA_PLATFORM": "xcb", "FOLLOWUP_PROBE_OUT": str(WORK / "probe.json")}
    app_log = open(WORK / "app.log", "ab")  # noqa: SIM115
    wait_for(lambda: "StatusNotifierWatcher" in subprocess.run(
        ["dbus-send", "--session", "--print-reply", "--dest=org.freedesktop.DBus",
         "/org/freedesktop/DBus", "org.freedesktop.DBus.ListNames"],
        capture_output=True, text=True).stdout, 15)
    t0 = time.monotonic()
    app = subprocess.Popen([sys.executable, str(HERE / "qt_probe.py"), "tray", DATA],
                           stdout=app_log, stderr=app_log, env=env)
    children.append(app)
    try:
        if not wait_for(lambda: bool(sni_items()) or app.poll() is not None, 60):
            raise SystemExit("no tray icon")
        if app.poll() is not None:
            raise SystemExit(f"the app exited ({app.returncode}); see app.log")
        facts["tray_icon_after_s"] = round(time.monotonic() - t0, 2)
        # Start-up is over when the process stays off the CPU for 2 s, and not before 8 s
        # (the tray drops its caches 5 s after a hidden start: part of start-up).
        settle(app.pid, t0, 8)
        facts["startup_cpu_s"] = round(cpu_ticks(app.pid) / TICK, 2)
        # The window is opened from the tray (loaded, painted, 2 s), then closed: the app
        # stays in the tray. Everything below is measured with the window closed.
        rss = read_probe(app, signal.SIGUSR2, 60)
        for k in ("rss_hidden_kb", "rss_open_kb", "window_visible_after_close", "error",
                  "window_from_tray_ms", "tray_only_at_start", "window_from_kept_plan",
                  "window_image_started_ms"):
            if k in rss:
                facts[k] = rss[k]
        closed_at = time.monotonic()
        time.sleep(1.5)  # a process that re-executes itself tray-only does it now
        if not wait_for(lambda: bool(sni_items()) or app.poll() is not None, 60):
            raise SystemExit("no tray icon after the close")
        settle(app.pid, closed_at, 3)
        app.send_signal(signal.SIGHUP)  # the probe's counters start now
        time.sleep(0.2)
        c0, s0, m0 = cpu_ticks(app.pid), switches(app.pid), time.monotonic()
        time.sleep(SECONDS)
        c1, s1, m1 = cpu_ticks(app.pid), switches(app.pid), time.monotonic()
        counted = read_probe(app, signal.SIGUSR1, 10)
        minutes = (m1 - m0) / 60
        facts["seconds"] = round(m1 - m0, 1)
        facts["cpu_percent"] = (c1 - c0) / TICK / (m1 - m0) * 100
        facts["wakeups_per_min"] = {k: round((s1.get(k, 0) - s0.get(k, 0)) / minutes, 1)
                                    for k in s1}
        facts["timer_events"] = counted["timer_events"]
        # A timer's rate: its intervals per minute (n events, n-1 intervals between the first
        # and the last), so a 60 s timer seen twice in a 60.1 s window counts once a minute.
        spans = counted["timer_spans"]
        facts["timer_events_per_min"] = {
            k: round((v - 1) / spans[k] * 60 if v > 1 and spans[k] > 0 else v / minutes, 2)
            for k, v in counted["timer_events"].items()}
        facts["real_seconds_after_close"] = round(time.monotonic() - closed_at, 1)
        late = read_probe(app, signal.SIGWINCH, 120)  # the other 9 minutes' timers
        for k in ("rss_closed_kb", "peak_rss_kb", "tray_only", "driven_timers"):
            if k in late:
                facts[k] = late[k]
        facts["still_running_after_close"] = app.poll() is None
        app.kill()
        app.wait(5)
        # The baseline in the same session: a bare tray icon with a 17-item menu.
        wait_for(lambda: not sni_items(), 10)
        b0 = time.monotonic()
        bare_out = WORK / "bare.json"
        bare = subprocess.Popen([sys.executable, str(HERE.parent / "baselines" / "bare_tray.py"),
                                 str(bare_out)], stdout=app_log, stderr=app_log, env=env)
        children.append(bare)
        if not wait_for(lambda: bool(sni_items()) or bare.poll() is not None, 60):
            raise SystemExit("no tray icon from the bare tray")
        settle(bare.pid, b0, 3)
        bare.send_signal(signal.SIGUSR2)
        if not wait_for(bare_out.exists, 10, 0.1):
            raise SystemExit("the bare tray did not answer")
        time.sleep(0.2)
        facts["bare_tray"] = json.loads(bare_out.read_text())
    finally:
        for p in children:
            if p.poll() is None:
                p.kill()
                p.wait(5)
    OUT.write_text(json.dumps(facts))


if __name__ == "__main__":
    main()
