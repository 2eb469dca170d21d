"""The error log: opened at its first record (a start that logs nothing imports no
``logging.handlers``), rotating at 512 KiB with three old files."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from followup_desktop.ui.errors import LOG_NAME, _logger


def test_nothing_is_opened_or_imported_before_the_first_record(tmp_path: Path) -> None:
    code = ("import sys\n"
            "from pathlib import Path\n"
            "from followup_desktop.ui.errors import _logger\n"
            f"log = _logger(Path({str(tmp_path)!r}))\n"
            "print('logging.handlers' in sys.modules)\n"
            f"print(Path({str(tmp_path)!r}, {LOG_NAME!r}).exists())\n"
            "log.error('the first record')\n"
            "print('logging.handlers' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr[-1500:]
    assert out.stdout.split() == ["False", "False", "True"]
    assert "ERROR followup: the first record" in (tmp_path / LOG_NAME).read_text()


def test_the_log_rotates_and_keeps_three_old_files(tmp_path: Path) -> None:
    log = _logger(tmp_path)
    try:
        line = "x" * 1000
        for i in range(2200):  # ~2.2 MB: four files' worth
            log.error("%d %s", i, line)
        names = sorted(p.name for p in tmp_path.iterdir())
        assert names == [LOG_NAME, f"{LOG_NAME}.1", f"{LOG_NAME}.2", f"{LOG_NAME}.3"]
        assert all(p.stat().st_size <= 512 * 1024 for p in tmp_path.iterdir())
        assert log is _logger(tmp_path)  # the same handler, not a second one
        assert len([h for h in log.handlers if h.__class__.__name__ == "LogFile"]) == 1
    finally:
        for h in list(log.handlers):
            log.removeHandler(h)
            h.close()
