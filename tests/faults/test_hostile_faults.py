"""Hostile files and damaged data (issue 23): the families of the attack run, each a line
of the fault summary (``fault hostile:<family>``)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.faults.conftest import REPO, Tally


def _limited_memory() -> None:  # pragma: no cover - runs in the child
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (1536 * 1024 * 1024, 1536 * 1024 * 1024))


def test_template_bombs_are_refused_before_they_build(tally: Tally) -> None:
    """Every bomb of ``template_bombs.BOMBS`` is refused in words, within 2 s, and the
    whole run stays under 200 MB (one render once peaked at ~850 MB; another was
    OOM-killed at 3 GiB)."""
    r = subprocess.run([sys.executable, "-m", "tests.faults.template_bombs"], cwd=REPO,
                       capture_output=True, text=True, timeout=300, check=False,
                       preexec_fn=_limited_memory,  # noqa: PLW1509 - no threads here
                       env=dict(os.environ, PYTHONPATH=str(REPO)))
    lines = [json.loads(x) for x in r.stdout.splitlines()]
    assert r.returncode == 0 and lines, r.stderr[-2000:]
    peak = lines.pop()["peak_mb"]
    bad = []
    for line in lines:
        ok = line["ok"] and line["seconds"] < 2.0
        tally("hostile:template-bomb", ok)
        if not ok:
            bad.append(line)
    assert not bad, bad
    assert tally("hostile:template-bomb-memory", peak < 200), peak
