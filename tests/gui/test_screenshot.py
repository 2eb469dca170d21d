"""``followup-desktop --screenshot``: a real process writes a PNG of the requested size."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def _command() -> list[str]:
    script = Path(sys.executable).with_name("followup-desktop")
    return [str(script)] if script.exists() else [sys.executable, "-m", "followup_desktop"]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run([*_command(), *args], env=env, capture_output=True, text=True,
                          timeout=120, check=False)


@pytest.mark.parametrize("with_data", [True, False], ids=["sample-data", "first-run"])
def test_screenshot_writes_png_of_requested_size(qapp, tmp_path, with_data) -> None:  # type: ignore[no-untyped-def]
    data = tmp_path / "data"
    if with_data:
        filled = _run("--data-dir", str(data), "demo")
        assert filled.returncode == 0, filled.stderr
    out = tmp_path / "shot.png"
    done = _run("--data-dir", str(data), "--screenshot", str(out), "--size", "1024x640")
    assert done.returncode == 0, done.stderr
    assert out.stat().st_size > 10_000
    image = QImage(str(out))
    assert not image.isNull()
    assert (image.width(), image.height()) == (1024, 640)
    # not a blank canvas: many distinct colours
    colours = {image.pixel(x, y) for x in range(0, 1024, 16) for y in range(0, 640, 16)}
    assert len(colours) > 5


def test_save_screenshot_in_process(qtbot, make_window, demo_ctx, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from followup_desktop.ui.screenshot import save_screenshot

    w = make_window(demo_ctx)
    out = tmp_path / "w.png"
    save_screenshot(w, out, (900, 600))
    image = QImage(str(out))
    assert (image.width(), image.height()) == (900, 600)


def test_a_screenshot_that_cannot_be_written_says_why(qapp, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """It once exited with 1 and said nothing."""
    blocker = tmp_path / "notes.txt"
    blocker.write_text("not a folder")
    out = blocker / "shot.png"
    done = _run("--data-dir", str(tmp_path / "data"), "--screenshot", str(out))
    assert done.returncode == 1
    said = [line for line in done.stderr.splitlines() if "propagateSizeHints" not in line]
    assert said == [f"followup-desktop: --screenshot: {blocker} is a file, not a folder; "
                    "nothing was written"]
    assert blocker.read_text() == "not a folder"


@pytest.mark.parametrize(("page", "count"), [(37, 1), (30, 2)],
                         ids=["page-the-frame-never-reads", "pages-the-frame-reads"])
def test_a_screenshot_of_damaged_data_says_so_in_one_line_and_changes_nothing(
        qapp, tmp_path, page, count) -> None:  # type: ignore[no-untyped-def]
    """Found by a review: --screenshot opened the data without the start's check (exit 0
    and a normal picture over damage, or exit 1 with nothing said and the marker left)."""
    data = tmp_path / "data"
    assert _run("--data-dir", str(data), "demo").returncode == 0
    db = data / "followup.sqlite3"
    with db.open("r+b") as fh:
        fh.seek(page * 4096)
        fh.write(bytes((i * 7 + 3) % 256 for i in range(4096 * count)))
    before = db.read_bytes()
    out = tmp_path / "shot.png"
    done = _run("--data-dir", str(data), "--screenshot", str(out), "--size", "1024x640")
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1 and "is damaged" in done.stderr, done.stderr
    assert "Traceback" not in done.stderr
    assert not out.exists()
    assert db.read_bytes() == before  # kept as it is
    assert not (data / "followup.sqlite3.running").exists()
    assert (data / "followup.sqlite3.damaged").exists()  # the next start offers the choices
