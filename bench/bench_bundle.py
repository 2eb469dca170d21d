"""The PyInstaller bundle: its size against a hello-world PySide6 bundle built in the same run
with the same slimming rules, and its start-up against the same app started from its venv.

Both bundles are built here, into a temporary folder (about a minute each on two cores), so
the baseline always matches this machine, this PySide6 and these rules. Start-up is the
wall time of a new process until its main window has painted (``--screenshot``: build the
window on sample data, paint it, write the PNG, exit), offscreen, the two commands run
alternately; the page cache is warm for both (one untimed run each first).
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import tempfile
from dataclasses import replace
from pathlib import Path
from types import ModuleType

from bench.harness import PY, REPO, Result, interleaved, ratio_result

SIZE_LIMIT = 1.15
START_LIMIT = 1.2


def _bundle_module() -> ModuleType:
    """``packaging/bundle.py`` (the folder is not a package: ``packaging`` is a PyPI name)."""
    spec = importlib.util.spec_from_file_location("followup_bundle",
                                                  REPO / "packaging" / "bundle.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _venv_command() -> list[str]:
    script = Path(PY).parent / "followup-desktop"
    return [str(script)] if script.is_file() else [PY, "-m", "followup_desktop"]


def run(data_dir: Path) -> list[Result]:
    bundle = _bundle_module()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    with tempfile.TemporaryDirectory(prefix="followup-bench-bundle-") as tmp:
        root = Path(tmp)
        hello = bundle.build("hello.spec", root / "dist", root / "work-hello")
        app = bundle.build("followup.spec", root / "dist", root / "work-app")
        size_app = bundle.folder_size(app) / bundle.MIB
        size_hello = bundle.folder_size(hello) / bundle.MIB
        results = [ratio_result(
            "bundle size vs hello-world PySide6 bundle (same slimming rules)",
            size_app, size_hello, SIZE_LIMIT, unit="MiB",
            note=f"both built in this run with packaging/slim.py; hello {size_hello:.1f} MiB")]

        # Sample data of a normal size: start-up is about imports and Qt, not the 10k rows
        # of ``data_dir`` (the other benchmarks cover those).
        demo = root / "demo"
        subprocess.run([*_venv_command(), "--data-dir", str(demo), "demo"], check=True,
                       capture_output=True, env=env, cwd=REPO)
        shot = ["--data-dir", str(demo), "--screenshot", str(root / "shot.png")]
        times = interleaved({
            "bundle": [str(app / "followup"), *shot],
            "venv": [*_venv_command(), *shot],
        }, runs=5, env=env)
        results.append(ratio_result(
            "bundle start-up to a painted window vs the venv", times["bundle"], times["venv"],
            START_LIMIT, note="new process each, `--screenshot` on the sample data, offscreen, "
                              "warm page cache"))
        hello_ms = interleaved({"hello": [str(hello / "hello"), "--quit-after-paint"]},
                               runs=5, env=env)["hello"]
        results[-1] = replace(results[-1],
                              note=results[-1].note + f"; hello-world bundle {hello_ms:.0f} ms")
    return results
