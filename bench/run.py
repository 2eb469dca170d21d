"""``make bench``: every benchmark against its baseline, one Markdown table."""

from __future__ import annotations

import argparse
import compileall
import datetime as dt
import importlib
import sys
import tempfile
import traceback
from pathlib import Path

from bench import data
from bench.harness import REPO, Result

MODULES = ("bench.bench_core", "bench.bench_ui", "bench.bench_compose", "bench.bench_tray",
           "bench.bench_bundle", "bench.bench_caldav", "bench.bench_mail")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--interviews", type=int, default=10_000)
    parser.add_argument("--only", action="append", help="run only these modules (bench_core…)")
    parser.add_argument("--out", default=str(REPO / "bench" / "results" / "latest.md"))
    args = parser.parse_args(argv)
    # Measure the app as installed: a wheel's files are byte-compiled by pip; a checkout's
    # are compiled here too (once; only changed files again), even with
    # PYTHONDONTWRITEBYTECODE set, so no child process compiles sources on its way to a frame.
    compileall.compile_dir(str(REPO / "followup_desktop"), quiet=1)

    with tempfile.TemporaryDirectory(prefix="followup-bench-") as tmp:
        data_dir = data.make(Path(tmp) / "data", args.interviews)
        results: list[Result] = []
        for name in MODULES:
            if args.only and name.split(".")[-1] not in args.only:
                continue
            try:
                module = importlib.import_module(name)
            except ModuleNotFoundError as exc:
                if exc.name == name:
                    continue
                raise
            print(f"running {name}…", file=sys.stderr, flush=True)
            try:
                results.extend(module.run(data_dir))
            except Exception as exc:  # one broken module must not lose every other row
                traceback.print_exc()
                results.append(Result(f"{name.split('.')[-1]} (did not run)", 0.0, 0.0, "",
                                      "runs", False,
                                      note=f"{type(exc).__name__}: {exc}"[:300]))

    lines = [
        f"Benchmarks, {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, "
        f"{args.interviews:,} interviews (median of several runs; baseline measured in the "
        "same run)",
        "",
        "| benchmark | measured | baseline | ratio | target |",
        "|---|---|---|---|---|",
        *(r.row() for r in results),
    ]
    notes = [f"- {r.name}: {r.note}" for r in results if r.note]
    if notes:
        lines += ["", *notes]
    table = "\n".join(lines) + "\n"
    print(table)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(table, encoding="utf-8")
    missed = [r for r in results if not r.ok]
    if missed:
        print(f"{len(missed)} of {len(results)} rows missed their target:", file=sys.stderr)
        for r in missed:
            ratio = "" if r.ratio is None else f" = {r.ratio:.2f}×"
            print(f"  MISSED {r.name}: {r.measured:.1f} {r.unit}{ratio}, target {r.target}",
                  file=sys.stderr)
        return 1
    print(f"every row met its target ({len(results)} rows)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
