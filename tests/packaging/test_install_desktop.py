"""`make install-desktop` / `make uninstall-desktop` into a temporary XDG_DATA_HOME."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from followup_desktop import APP_ID
from tests.helpers.packaging_scripts import REPO, load, tool
from tests.helpers.tools import require_tool

SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)


def _ours(root: Path) -> set[str]:
    return {f"applications/{APP_ID}.desktop",
            f"icons/hicolor/scalable/apps/{APP_ID}.svg",
            *(f"icons/hicolor/{s}x{s}/apps/{APP_ID}.png" for s in SIZES)}


def _files(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


@pytest.fixture
def fake_app(tmp_path: Path) -> Path:
    """An executable in a folder with a space (Exec quoting must hold)."""
    exe = tmp_path / "my apps" / "followup-desktop"
    exe.parent.mkdir()
    exe.write_text("#!/bin/sh\nexit 0\n")
    exe.chmod(0o755)
    return exe


def _make(target: str, data_home: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    require_tool("make")
    env = {**os.environ, "XDG_DATA_HOME": str(data_home)}
    return subprocess.run(["make", "-s", "-C", str(REPO), target, *extra], env=env,
                          capture_output=True, text=True, check=True)


def test_install_then_uninstall_removes_exactly_our_files(tmp_path: Path, fake_app: Path) -> None:
    home = tmp_path / "share"
    other = home / "applications" / "someone-else.desktop"
    other_icon = home / "icons" / "hicolor" / "48x48" / "apps" / "someone-else.png"
    for p in (other, other_icon):
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(b"not ours")

    _make("install-desktop", home, f"DESKTOP_EXEC={fake_app}")
    files = _files(home)
    assert _ours(home) <= files
    entry = (home / "applications" / f"{APP_ID}.desktop").read_text(encoding="utf-8")
    assert f'Exec="{fake_app}"\n' in entry
    assert f'Exec="{fake_app}" --hidden\n' in entry
    assert f"TryExec={fake_app}\n" in entry
    png = home / "icons" / "hicolor" / "256x256" / "apps" / f"{APP_ID}.png"
    assert png.read_bytes() == (REPO / "resources" / "icons" / "hicolor" / "256x256" / "apps"
                                / f"{APP_ID}.png").read_bytes()

    _make("uninstall-desktop", home)
    after = _files(home)
    assert not (after & _ours(home))
    assert other.read_bytes() == b"not ours" and other_icon.read_bytes() == b"not ours"
    # Only the desktop tools' own caches may differ from before the install.
    assert after - {"applications/someone-else.desktop",
                    "icons/hicolor/48x48/apps/someone-else.png"} <= {
        "applications/mimeinfo.cache", "icons/hicolor/icon-theme.cache"}


def test_installed_entry_validates(tmp_path: Path, fake_app: Path) -> None:
    desktop = load("desktop")
    desktop.install(str(fake_app), tmp_path, quiet=True)
    entry = tmp_path / "applications" / f"{APP_ID}.desktop"
    result = subprocess.run([tool("desktop-file-validate"), str(entry)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_install_refuses_a_missing_program(tmp_path: Path) -> None:
    desktop = load("desktop")
    with pytest.raises(SystemExit, match="not an executable"):
        desktop.install(str(tmp_path / "nope"), tmp_path / "share", quiet=True)
    assert not (tmp_path / "share").exists()


def test_data_home_follows_the_basedir_spec(tmp_path: Path) -> None:
    desktop = load("desktop")
    assert desktop.data_home({"XDG_DATA_HOME": str(tmp_path), "HOME": "/h"}) == tmp_path
    assert desktop.data_home({"XDG_DATA_HOME": "rel/ative", "HOME": "/h"}) == Path(
        "/h/.local/share")
    assert desktop.data_home({"HOME": "/h"}) == Path("/h/.local/share")
