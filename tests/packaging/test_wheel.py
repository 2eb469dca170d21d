"""The wheel that `make wheel` builds carries the templates, resources and icons."""

from __future__ import annotations

import subprocess
import sys
import zipfile

import pytest

from followup_desktop import APP_ID, __version__
from followup_desktop.records import Kind
from tests.helpers.packaging_scripts import REPO

SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> zipfile.ZipFile:
    pytest.importorskip("build", reason="the `build` frontend is in the dev extras")
    out = tmp_path_factory.mktemp("wheel")
    result = subprocess.run([sys.executable, "-m", "build", "--wheel", "--outdir", str(out),
                             str(REPO)], capture_output=True, text=True)
    if result.returncode != 0:
        pytest.fail(f"python -m build --wheel failed:\n{result.stdout}\n{result.stderr}")
    (path,) = out.glob("*.whl")
    assert path.name == f"followup_desktop-{__version__}-py3-none-any.whl"
    with zipfile.ZipFile(path) as zf:
        yield zf


@pytest.mark.slow
def test_templates_for_every_kind(wheel: zipfile.ZipFile) -> None:
    names = set(wheel.namelist())
    for kind in Kind:
        assert f"followup_desktop/templates/{kind.value}.txt.j2" in names
    assert "followup_desktop/templates/_common.txt.j2" in names


@pytest.mark.slow
def test_resources_and_icons(wheel: zipfile.ZipFile) -> None:
    names = set(wheel.namelist())
    res = "followup_desktop/resources"
    expected = {f"{res}/{APP_ID}.desktop", f"{res}/{APP_ID}.metainfo.xml",
                f"{res}/icons/followup.svg", f"{res}/icons/followup.ico",
                f"{res}/icons/followup.icns",
                *(f"{res}/icons/hicolor/{s}x{s}/apps/{APP_ID}.png" for s in SIZES)}
    assert expected <= names
    # Every SVG of the checkout (the action icons too) is in the wheel.
    for svg in (REPO / "resources" / "icons").glob("*.svg"):
        assert f"{res}/icons/{svg.name}" in names


@pytest.mark.slow
def test_code_entry_point_and_metadata(wheel: zipfile.ZipFile) -> None:
    names = set(wheel.namelist())
    assert "followup_desktop/selftest.py" in names
    assert not any(n.startswith(("tests/", "bench/", "packaging/")) for n in names)
    info = f"followup_desktop-{__version__}.dist-info"
    entry_points = wheel.read(f"{info}/entry_points.txt").decode()
    assert "followup-desktop = followup_desktop.app:main" in entry_points
    metadata = wheel.read(f"{info}/METADATA").decode()
    assert f"Version: {__version__}" in metadata
    assert "requires-dist: pyside6-essentials" in metadata.lower()
