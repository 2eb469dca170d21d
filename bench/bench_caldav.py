"""The calendar account's sync against a real Radicale (TLS, htpasswd), on loopback.

- First sync of 500 windows into an empty calendar, against a plain ``caldav`` script
  doing the same PUTs (the same bodies, made beforehand) into another empty calendar of
  the same server, in the same run, interleaved: target ≤ 1.5×.
- A sync with nothing changed: the requests it sends, counted (target: 1, the calendar's
  sync-token report).

``python -m bench.bench_caldav`` runs it alone.
"""

from __future__ import annotations

import datetime as dt
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench.harness import Result, ratio_result

WINDOWS = 500
RUNS = 3


def _data_file(path: Path, now: dt.datetime) -> None:
    """Applications whose windows are pending at ``now``: each round 2 hours ago with two
    interviewers and a promise gives a thank-you each, the materials and a check-in."""
    apps = []
    for n in range(130):
        start = now - dt.timedelta(hours=3, minutes=n)
        apps.append({
            "company": f"Company {n:03d}", "role": "Data Engineer",
            "interviews": [{
                "start": start.isoformat(), "duration_minutes": 60,
                "interviewers": [
                    {"name": f"Dana Person{n}", "email": f"dana{n}@c{n}.example",
                     "main_contact": True, "talking_points": ["the pipeline"]},
                    {"name": f"Sam Person{n}", "email": f"sam{n}@c{n}.example",
                     "talking_points": ["the registry"]}],
                "promises": [{"to": f"dana{n}@c{n}.example", "what": "the case study"}]}]})
    path.write_text(json.dumps({"format": "followup/1",
                                "profile": {"name": "Ada Park", "timezone": "UTC"},
                                "applications": apps}))


def run(_data_dir: Path | None = None) -> list[Result]:
    import caldav

    from followup_desktop.cli import main as cli
    from followup_desktop.clock import fixed_clock
    from followup_desktop.context import AppContext
    from followup_desktop.paths import resolve
    from followup_desktop.services.calendar_account import setup_account, sync_account
    from followup_desktop.services.calendar_account.state import forget_events
    from followup_desktop.services.calendar_account.sync import _calendar_body
    from tests.helpers.caldav_servers import USERS, Radicale, make_tls

    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    with tempfile.TemporaryDirectory(prefix="followup-bench-caldav-") as tmp:
        root = Path(tmp)
        tls = make_tls(root / "tls")
        server = Radicale(root / "radicale", tls, USERS)
        server.start()
        try:
            src = root / "data.json"
            _data_file(src, now)
            data = root / "data"
            assert cli(["--data-dir", str(data), "import", str(src)]) == 0
            ctx = AppContext.open(resolve(str(data)), clock=fixed_clock(now))
            windows = list(ctx.agenda(now))[:WINDOWS]
            count = len(windows)
            uids = ctx.store.window_uids((w.application_id, w.key) for w in windows)
            bodies = [_calendar_body(w, now, ctx.tz(), uids[w.key])[0] for w in windows]
            ours: list[float] = []
            plain: list[float] = []
            requests_unchanged = -1
            client = caldav.DAVClient(server.url, username="ada", password=USERS["ada"],
                                      auth_type="basic", ssl_verify_cert=str(tls.ca),
                                      enable_rfc6764=False)
            principal = client.principal()
            for r in range(RUNS):
                # the plain script: the same PUTs into an empty calendar
                cal = principal.make_calendar(name=f"plain-{r}")
                base = str(cal.url).rstrip("/")
                t0 = time.perf_counter()
                for uid, body in zip((uids[w.key] for w in windows), bodies, strict=True):
                    client.put(f"{base}/{uid}.ics", body,
                               {"Content-Type": "text/calendar; charset=utf-8",
                                "If-None-Match": "*"})
                plain.append((time.perf_counter() - t0) * 1000)
                # ours: the first sync into an empty calendar
                setup_account(ctx, url=server.url, user="ada", password=USERS["ada"],
                              calendar=f"ours-{r}", ca_file=str(tls.ca), session_only=True)
                forget_events(ctx)
                t0 = time.perf_counter()
                report = sync_account(ctx)
                ours.append((time.perf_counter() - t0) * 1000)
                assert len(report.added) >= count, (len(report.added), count)
                sync_account(ctx)  # our own writes read back
                requests_unchanged = sync_account(ctx).requests
            client.close()
            ctx.close()
        finally:
            server.stop()
    measured, baseline = statistics.median(ours), statistics.median(plain)
    n = len(windows)
    return [
        ratio_result(f"CalDAV first sync of {n} windows vs plain caldav PUTs", measured,
                     baseline, 1.5, note="Radicale over TLS on loopback, median of "
                                         f"{RUNS} interleaved runs"),
        Result("CalDAV sync with nothing changed: requests", float(requests_unchanged), 0.0,
               "requests", "= 1", requests_unchanged == 1),
    ]


if __name__ == "__main__":
    for result in run():
        print(result.row())
    sys.exit(0)
