"""End-to-end reminder session; run INSIDE ``xvfb-run -a dbus-run-session -- python THIS WORKDIR``.

It starts a real tray host (``status-notifier-watcher``) and a real notification server
(``dunst``) on the private session bus, then drives the real app:

1. data whose thank-you window opens a few seconds after the app starts; the app runs
   hidden in the tray; exactly one notification with the right title must reach dunst;
2. the app is killed and started again: no notification may be repeated;
3. two instances started together, 20 times: exactly one stays, the other exits 0.

Prints one JSON object (the facts) on the last line of stdout; exits non-zero with a reason
on the first failed expectation. Waits are polls with deadlines, each poll short.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

PY = sys.executable
WORK = Path(sys.argv[1])
OPENS_AFTER_S = 8  # the window opens this long after the data is written
TITLE = "Thank-you note to Dana Whitfield"  # the debrief is done: talking points are in
facts: dict[str, object] = {}
children: list[subprocess.Popen[bytes]] = []


def fail(why: str) -> None:
    facts["failed"] = why
    print(json.dumps(facts))
    cleanup()
    sys.exit(1)


def cleanup() -> None:
    for p in children:
        if p.poll() is None:
            p.kill()
            p.wait(5)


def poll(what: str, cond, deadline_s: float, step: float = 0.1):  # noqa: ANN001, ANN201
    end = time.monotonic() + deadline_s
    while time.monotonic() < end:
        value = cond()
        if value:
            return value
        time.sleep(step)  # the orchestrator waits; the app under test runs on real time
    fail(f"timed out after {deadline_s}s waiting for {what}")
    return None


def run(*cmd: str, check: bool = True) -> str:
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=30)
    if check and r.returncode != 0:
        fail(f"{' '.join(cmd)} exited {r.returncode}: {r.stderr.strip()}")
    return r.stdout


def spawn(*cmd: str, log: str, env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    out = open(WORK / log, "ab")  # noqa: SIM115 (kept open for the child's life)
    p = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=env)
    children.append(p)
    return p


def dunst_count(which: str) -> int:
    out = run("dunstctl", "count", which, check=False).strip()
    return int(out) if out.isdigit() else 0


def total_notifications() -> int:
    return sum(dunst_count(w) for w in ("displayed", "history", "waiting"))


def history_summaries() -> list[dict[str, str]]:
    run("dunstctl", "close-all")
    poll("dunst to move notifications to its history", lambda: dunst_count("displayed") == 0, 5)
    data = json.loads(run("dunstctl", "history"))
    out = []
    for entry in data["data"][0]:
        out.append({"summary": entry["summary"]["data"], "appname": entry["appname"]["data"],
                    "body": entry["body"]["data"]})
    return out


def sni_items() -> list[str]:
    out = run("dbus-send", "--session", "--print-reply", "--dest=org.kde.StatusNotifierWatcher",
              "/StatusNotifierWatcher", "org.freedesktop.DBus.Properties.Get",
              "string:org.kde.StatusNotifierWatcher",
              "string:RegisteredStatusNotifierItems", check=False)
    return [line.split('"')[1] for line in out.splitlines() if '"' in line]


def bus_names() -> str:
    return run("dbus-send", "--session", "--print-reply", "--dest=org.freedesktop.DBus",
               "/org/freedesktop/DBus", "org.freedesktop.DBus.ListNames", check=False)


def check_logs() -> None:
    """The app writes nothing to stderr when all is well: no traceback, no Qt warning."""
    for log in sorted(WORK.glob("app*.log")) + sorted(WORK.glob("race*.log")):
        text = log.read_text(errors="replace")
        if text.strip():
            fail(f"{log.name} is not empty: {text[:500]}")


def app_env() -> dict[str, str]:
    env = dict(os.environ)
    env.update(QT_QPA_PLATFORM="xcb", XDG_CONFIG_HOME=str(WORK / "config"),
               XDG_DATA_HOME=str(WORK / "share"), HOME=str(WORK / "home"))
    env.pop("FOLLOWUP_DATA_DIR", None)
    return env


def start_app(data: Path, log: str) -> subprocess.Popen[bytes]:
    return spawn(PY, "-m", "followup_desktop", "--data-dir", str(data), "--hidden",
                 log=log, env=app_env())


def make_data(data: Path) -> dt.datetime:
    """One round that ends ``OPENS_AFTER_S`` from now; quiet hours off (CI runs at night)."""
    end = dt.datetime.now(dt.UTC).replace(microsecond=0) + dt.timedelta(seconds=OPENS_AFTER_S)
    doc = {
        "format": "followup/1",
        "profile": {"name": "Ada Park", "email": "ada.park@example.org", "timezone": "UTC"},
        "applications": [{
            "company": "Northwind Analytics", "role": "Data Engineer", "status": "active",
            "interviews": [{
                "start": (end - dt.timedelta(minutes=45)).isoformat(),
                "duration_minutes": 45, "format": "video", "tone": "formal",
                "interviewers": [{"name": "Dana Whitfield", "title": "Engineering Manager",
                                  "email": "dana.whitfield@northwind.example",
                                  "main_contact": True,
                                  "talking_points": ["streaming pipelines"]}],
            }],
        }],
    }
    f = WORK / "data.json"
    f.write_text(json.dumps(doc))
    run(PY, "-m", "followup_desktop", "--data-dir", str(data), "import", str(f))
    code = ("import sys; from followup_desktop.paths import Paths; "
            "from followup_desktop.store import open_store; "
            "s = open_store(Paths.for_data_dir(sys.argv[1]).db); "
            "s.set_setting('quiet_start_hour', 0); s.set_setting('quiet_end_hour', 0); s.close()")
    run(PY, "-c", code, str(data))
    return end


def main() -> None:
    WORK.mkdir(parents=True, exist_ok=True)
    (WORK / "home").mkdir(exist_ok=True)
    spawn("status-notifier-watcher", log="watcher.log")
    dunstrc = WORK / "dunstrc"
    dunstrc.write_text("[global]\n    timeout = 0\n    history_length = 100\n"
                       "    sticky_history = yes\n")
    spawn("dunst", "-config", str(dunstrc), log="dunst.log")
    # Ask the bus who is there (not dunstctl: that would D-Bus-activate a second dunst).
    for name in ("org.freedesktop.Notifications", "org.kde.StatusNotifierWatcher"):
        poll(name, lambda name=name: f'"{name}"' in bus_names(), 15)

    # 1. One notification at the moment the window opens.
    data = WORK / "data"
    opens = make_data(data)
    app = start_app(data, "app1.log")
    poll("the app's tray icon", lambda: sni_items() or app.poll() is not None, 20)
    if app.poll() is not None:
        fail(f"the app exited early ({app.returncode}); see app1.log")
    facts["tray_items"] = sni_items()
    facts["started_before_opening_s"] = round((opens - dt.datetime.now(dt.UTC)).total_seconds(), 1)
    poll("a notification", lambda: total_notifications() >= 1, OPENS_AFTER_S + 20)
    arrived = dt.datetime.now(dt.UTC)
    facts["arrived_after_opening_s"] = round((arrived - opens).total_seconds(), 1)
    end = time.monotonic() + 3  # any duplicate would come at once; give it 3 s
    while time.monotonic() < end:
        if total_notifications() > 1:
            break
        time.sleep(0.2)
    first = history_summaries()
    facts["first_run"] = first
    if len(first) != 1:
        fail(f"expected exactly one notification, got {len(first)}")
    if first[0]["summary"] != TITLE or first[0]["appname"] != "Followup":
        fail(f"unexpected notification {first[0]}")
    if arrived < opens:
        fail("the notification came before the window opened")
    if app.poll() is not None:
        fail("the app quit while hidden in the tray")

    # 2. Killed (no clean shutdown: the lock file stays behind) and started again.
    app.send_signal(signal.SIGKILL)
    app.wait(10)
    app2 = start_app(data, "app2.log")
    poll("the restarted app's tray icon", lambda: sni_items() or app2.poll() is not None, 20)
    if app2.poll() is not None:
        fail(f"the restarted app exited ({app2.returncode}); see app2.log")
    end = time.monotonic() + 4
    while time.monotonic() < end and total_notifications() <= 1:
        time.sleep(0.2)
    facts["after_restart_total"] = total_notifications()
    if total_notifications() != 1:
        fail(f"a notification was repeated after the restart: {history_summaries()}")
    app2.terminate()
    app2.wait(10)

    # 3. Two instances started together, 20 times: exactly one stays.
    race = WORK / "race"
    outcomes = []
    for i in range(20):
        a, b = start_app(race, f"race{i}a.log"), start_app(race, f"race{i}b.log")
        poll("one of two instances to exit",
             lambda a=a, b=b: a.poll() is not None or b.poll() is not None, 20)
        time.sleep(0.5)  # would the other one also go? (settle, then look)
        alive = [p for p in (a, b) if p.poll() is None]
        exited = [p for p in (a, b) if p.poll() is not None]
        outcomes.append((len(alive), [p.returncode for p in exited]))
        for p in alive:
            p.terminate()
            p.wait(10)
        if len(alive) != 1 or exited[0].returncode != 0:
            facts["race"] = outcomes
            fail(f"round {i}: {len(alive)} instances stayed, exit codes "
                 f"{[p.returncode for p in exited]}")
    facts["race_rounds"] = len(outcomes)
    check_logs()
    facts["ok"] = True
    print(json.dumps(facts))
    cleanup()


if __name__ == "__main__":
    try:
        main()
    finally:
        cleanup()
