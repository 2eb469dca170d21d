"""`followup-desktop --selftest`: passes on a working install, names the step that fails."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from followup_desktop import selftest


def test_selftest_passes_in_this_venv(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path),
           "HOME": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "followup_desktop", "--data-dir", str(tmp_path / "d"),
         "--selftest"], capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[-1].startswith("selftest passed")
    for step, _ in selftest.STEPS:
        assert any(line.startswith(f"  ok  {step}") for line in lines), step
    # The throw-away store, not the --data-dir one, took the sample data.
    assert not (tmp_path / "d" / "followup.sqlite3").exists()
    assert not (tmp_path / "autostart").exists()


def _fake_steps(monkeypatch: pytest.MonkeyPatch, failure: Exception) -> list[str]:
    ran: list[str] = []

    def ok(run: object) -> str:
        ran.append("first")
        return "fine"

    def bad(run: object) -> str:
        ran.append("second")
        raise failure

    def never(run: object) -> str:
        ran.append("third")
        return "unreachable"

    monkeypatch.setattr(selftest, "STEPS", (("first", ok), ("second", bad), ("third", never)))
    return ran


def test_a_failed_check_names_its_step(qapp: object, monkeypatch: pytest.MonkeyPatch) -> None:
    ran = _fake_steps(monkeypatch, selftest.SelftestError("the app icon renders empty"))
    out = io.StringIO()
    assert selftest.run_selftest(out) == 1
    lines = out.getvalue().splitlines()
    assert "  ok  first            fine" in lines
    assert lines[-1] == "selftest FAILED: second: the app icon renders empty"
    assert ran == ["first", "second"]  # later steps depend on earlier ones


def test_an_unexpected_error_is_one_line_with_its_place(
        qapp: object, monkeypatch: pytest.MonkeyPatch) -> None:
    _fake_steps(monkeypatch, KeyError("kind"))
    out = io.StringIO()
    assert selftest.run_selftest(out) == 1
    last = out.getvalue().splitlines()[-1]
    assert last.startswith("selftest FAILED: second: KeyError: 'kind' (test_selftest.py:")
