"""The composer: 1,000 .eml drafts against a standard-library loop, and render + checks of one
draft per keystroke. In process, no Qt.

- .eml: 1,000 drafts composed from the 10k data's email windows (composing is not timed)
  are written with ``compose.write_emls`` (the batch path of ``followup-desktop drafts``)
  into an empty folder — which validates the headers, serialises, parses the headers back
  and compares them, writes each to a temporary file, makes the batch durable with one
  ``sync``, gives each its unique final name (hard link, one directory fsync) and reads
  every file back.
  The baseline writes the same drafts with the standard library alone: ``EmailMessage``
  with the same headers, ``set_content``, ``as_bytes(policy=policy.SMTP)`` and
  ``open(path, "wb").write(...)``. Both into a folder under the system temp directory, run
  alternately, median of several runs.
- Keystroke: for one thank-you draft (a panel of two), each "keystroke" appends one
  character to the body (a word typed letter by letter), then renders the draft again
  with ``compose_draft`` and runs ``check_context`` + ``run_checks`` (every check, the
  spelling dictionary already loaded) on the edited body — what the composer does after a
  key press. Median over every keystroke (absolute target).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import shutil
import statistics
import sys
import tempfile
import time
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

from bench.harness import Result, ratio_result

EML_LIMIT = 2.0
KEY_MS = 10.0
N_EML = 1000
RUNS = 3
TYPED = " It was great to hear how the team handles on-call rotations."


def stdlib_write(drafts: list, profile: object, folder: Path, now: dt.datetime) -> None:
    for i, d in enumerate(drafts):
        msg = EmailMessage(policy=policy.SMTP)
        msg["From"] = Address(display_name=profile.name, addr_spec=profile.email)  # type: ignore[attr-defined]
        msg["To"] = Address(display_name=d.to_name, addr_spec=d.to_email)
        msg["Subject"] = d.subject
        msg["Date"] = format_datetime(now)
        msg["Message-ID"] = make_msgid(domain="example.org")
        msg["X-Unsent"] = "1"
        msg.set_content(d.body if d.body.endswith("\n") else d.body + "\n", charset="utf-8")
        with open(folder / f"draft-{i}.eml", "wb") as fh:
            fh.write(msg.as_bytes(policy=policy.SMTP))


def run(data_dir: Path) -> list[Result]:
    from followup_desktop.compose import (
        CHECK_IDS,
        check_context,
        compose_draft,
        run_checks,
        write_emls,
    )
    from followup_desktop.compose.spelling import warm_up
    from followup_desktop.context import AppContext
    from followup_desktop.paths import Paths
    from followup_desktop.records import Kind

    ctx = AppContext.open(Paths.for_data_dir(data_dir))
    try:
        now = ctx.now()
        apps = {a.id: a for a in ctx.applications()}
        profile, settings = ctx.profile(), ctx.settings()
        windows = [w for w in ctx.agenda(now) if w.kind.is_email]
        drafts = []
        for w in windows:
            d = compose_draft(w, apps[w.application_id], profile, settings, now)
            if d.to_email and not d.template_problem:
                drafts.append(d)
            if len(drafts) == N_EML:
                break
        assert len(drafts) == N_EML, f"only {len(drafts)} email drafts in the data"

        base_root = Path(tempfile.mkdtemp(prefix="followup-bench-eml-"))
        try:
            samples: dict[str, list[float]] = {"app": [], "base": []}
            for i in range(RUNS + 1):  # the first pair warms up
                for name in ("base", "app"):
                    folder = base_root / f"{name}-{i}"
                    folder.mkdir()
                    t0 = time.perf_counter()
                    if name == "app":
                        write_emls(drafts, profile, folder, now)
                    else:
                        stdlib_write(drafts, profile, folder, now)
                    ms = (time.perf_counter() - t0) * 1000
                    assert len(list(folder.iterdir())) == N_EML
                    if i:
                        samples[name].append(ms)
                    print(f"  eml {name}: {ms:.0f} ms", file=sys.stderr, flush=True)
                    shutil.rmtree(folder)
        except BaseException:
            shutil.rmtree(base_root, ignore_errors=True)
            raise
        # What the durability costs: the same writes with fsync made a no-op (note only).
        real_fsync, real_sync = os.fsync, os.sync
        os.fsync = lambda fd: None
        os.sync = lambda: None
        try:
            folder = base_root / "nosync"
            folder.mkdir()
            t0 = time.perf_counter()
            write_emls(drafts, profile, folder, now)
            nosync_ms = (time.perf_counter() - t0) * 1000
        finally:
            os.fsync, os.sync = real_fsync, real_sync
            shutil.rmtree(base_root, ignore_errors=True)
        eml_app = statistics.median(samples["app"])
        eml_base = statistics.median(samples["base"])

        # One thank-you with two recipients (the panel check compares them).
        panel = next(w for w in windows if w.kind is Kind.THANK_YOU
                     and sum(1 for v in windows if v.kind is Kind.THANK_YOU
                             and v.application_id == w.application_id
                             and v.key.rsplit(":", 1)[0] == w.key.rsplit(":", 1)[0]) >= 2)
        app = apps[panel.application_id]
        round_key = panel.key.rsplit(":", 1)[0]  # kind:application:interview
        siblings = [v for v in windows if v.key.rsplit(":", 1)[0] == round_key]
        warm_up()
        base_body = compose_draft(panel, app, profile, settings, now).body
        key_samples: list[float] = []
        for rnd in range(3):
            typed = ""
            for ch in TYPED:
                typed += ch
                t0 = time.perf_counter()
                fresh = compose_draft(panel, app, profile, settings, now)
                draft = dataclasses.replace(fresh, body=base_body.replace(
                    "\n\n", "\n\n" + typed.strip() + " ", 1))
                others = [compose_draft(v, app, profile, settings, now) for v in siblings
                          if v.key != panel.key]
                cctx = check_context(draft, app, profile, settings, now, [draft, *others], ())
                results = run_checks(draft, cctx)
                ms = (time.perf_counter() - t0) * 1000
                if rnd:  # the first round warms the caches (templates, words)
                    key_samples.append(ms)
            assert len(results) == len(CHECK_IDS)
    finally:
        ctx.close()
    key_med = statistics.median(key_samples)
    key_p90 = sorted(key_samples)[int(len(key_samples) * 0.9)]
    return [
        ratio_result("1,000 .eml drafts (write_emls) vs standard-library loop", eml_app,
                     eml_base, EML_LIMIT,
                     note=f"median of {RUNS} alternating runs; write_emls also parses each "
                          "message's headers back, writes atomically (temporary files, one "
                          "sync, link, one directory fsync) and reads each file back; with "
                          f"the syncs made no-ops: {nosync_ms:.0f} ms = "
                          f"{nosync_ms / eml_base:.2f}×"),
        Result("render + checks per keystroke (one draft, panel of "
               f"{len(siblings)})", key_med, 0.0, "ms", f"≤ {KEY_MS:g} ms", key_med <= KEY_MS,
               None, note=f"{len(key_samples)} keystrokes, p90 {key_p90:.2f} ms, "
                          f"max {max(key_samples):.2f} ms; compose_draft for every "
                          "recipient + check_context + run_checks"),
    ]


if __name__ == "__main__":
    for r in run(Path(sys.argv[1])):
        print(r.row(), r.note)
