"""The fuzz harnesses in CI: a short atheris run of each (in a subprocess, bounded number
of runs), and every saved crashing input replayed as a regression test."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.faults.conftest import REPO, Tally

FUZZ = REPO / "fuzz"
HARNESSES = sorted(p.stem.removeprefix("fuzz_") for p in FUZZ.glob("fuzz_*.py"))
RUNS = int(os.environ.get("FOLLOWUP_FUZZ_RUNS", "2000"))
SEED = int(os.environ.get("FOLLOWUP_FUZZ_SEED", "20261122"))

atheris = pytest.importorskip("atheris", reason="atheris is not installed (pip install "
                              "atheris); the fuzz harnesses cannot run")


def _load(name: str):  # type: ignore[no-untyped-def]
    sys.path.insert(0, str(FUZZ))
    try:
        spec = importlib.util.spec_from_file_location(f"fuzz_{name}", FUZZ / f"fuzz_{name}.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(FUZZ))


def test_every_harness_has_a_seed_corpus() -> None:
    assert set(HARNESSES) >= {"interchange", "filename", "eml", "invite", "csv"}
    for name in HARNESSES:
        assert any((FUZZ / "corpus" / name).iterdir()), name


@pytest.mark.slow
@pytest.mark.parametrize("name", HARNESSES)
def test_short_fuzz_run(name: str, tmp_path: Path, tally: Tally) -> None:
    r = subprocess.run(
        # A fixed seed: the same inputs on every CI run, so a red run is reproducible and
        # never the luck of the draw; longer random runs are for local sessions (fuzz/).
        [sys.executable, str(FUZZ / f"fuzz_{name}.py"), f"-runs={RUNS}", f"-seed={SEED}",
         f"-artifact_prefix={tmp_path}/", "-rss_limit_mb=2048", "-timeout=20"],
        cwd=REPO, capture_output=True, text=True, timeout=240, check=False,
        env=dict(os.environ, PYTHONPATH=str(REPO)))
    crashes = sorted(p.name for p in tmp_path.iterdir())
    ok = r.returncode == 0 and not crashes
    tally(f"fuzz:{name} (x{RUNS})", ok)
    assert ok, (crashes, r.stderr[-3000:])


def test_crashing_inputs_stay_fixed(tally: Tally) -> None:
    """Every input a fuzzer once crashed on (``fuzz/regressions/<harness>/``) passes."""
    for folder in sorted((FUZZ / "regressions").iterdir()):
        if not folder.is_dir():
            continue
        module = _load(folder.name)
        for path in sorted(folder.iterdir()):
            module.TestOneInput(path.read_bytes())  # raises if the bug came back
            tally("fuzz-regressions", True)


def test_no_open_findings() -> None:
    """Findings not fixed yet wait in ``fuzz/open/<harness>/``; fixed ones move to
    ``fuzz/regressions/``. None is open now: a new one makes this fail until it is fixed."""
    assert sorted(p.relative_to(FUZZ) for p in (FUZZ / "open").glob("*/*")) == []
