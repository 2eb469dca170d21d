"""Running the command line as a user does: ``python -m followup_desktop`` in a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def run(*args: str, data_dir: Path | None = None, env: dict[str, str] | None = None,
        check: bool = True) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "followup_desktop"]
    if data_dir is not None:
        cmd += ["--data-dir", str(data_dir)]
    full_env = {**os.environ, **(env or {})}
    out = subprocess.run(cmd + list(args), capture_output=True, text=True, timeout=120,
                         env=full_env, cwd=REPO)
    if check:
        assert out.returncode == 0, out.stderr
    return out
