"""Benchmark helpers: medians of several runs, each against a baseline run beside it."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Result:
    name: str
    measured: float
    baseline: float
    unit: str  # "ms", "MB", "%", "wakeups/min"
    target: str  # e.g. "≤ 3×", "≤ +30 MB", "≤ 16 ms"
    ok: bool
    ratio: float | None = None
    note: str = ""

    def row(self) -> str:
        ratio = "—" if self.ratio is None else f"{self.ratio:.2f}×"
        mark = "✅" if self.ok else "❌"
        base = f"{self.baseline:.1f} {self.unit}" if self.baseline else "—"
        return (f"| {self.name} | {self.measured:.1f} {self.unit} | {base} | {ratio} | "
                f"{self.target} {mark} |")


def ratio_result(name: str, measured: float, baseline: float, limit: float, unit: str = "ms",
                 note: str = "") -> Result:
    ratio = measured / baseline if baseline else float("inf")
    return Result(name, measured, baseline, unit, f"≤ {limit:g}×", ratio <= limit, ratio, note)


def median_time(fn: Callable[[], object], runs: int = 5, warmup: int = 1) -> float:
    """Median wall time of ``fn`` in milliseconds."""
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t0) * 1000)
    return statistics.median(samples)


def median_process_time(cmd: list[str], runs: int = 5, env: dict[str, str] | None = None) -> float:
    """Median wall time of a whole process in milliseconds (interleave callers for fairness)."""
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True, env=env, cwd=REPO)
        samples.append((time.perf_counter() - t0) * 1000)
    return statistics.median(samples)


def interleaved(cmds: dict[str, list[str]], runs: int = 5,
                env: dict[str, str] | None = None) -> dict[str, float]:
    """Median times of several commands, run alternately so machine noise hits all alike."""
    samples: dict[str, list[float]] = {k: [] for k in cmds}
    for cmd in cmds.values():  # warm the page cache once
        subprocess.run(cmd, check=True, capture_output=True, env=env, cwd=REPO)
    for _ in range(runs):
        for k, cmd in cmds.items():
            t0 = time.perf_counter()
            subprocess.run(cmd, check=True, capture_output=True, env=env, cwd=REPO)
            samples[k].append((time.perf_counter() - t0) * 1000)
    return {k: statistics.median(v) for k, v in samples.items()}


PY = sys.executable
