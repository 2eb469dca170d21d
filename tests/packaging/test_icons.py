"""Icons in every hicolor size, .ico and .icns, generated from the SVG and up to date."""

from __future__ import annotations

import os
import struct
import subprocess
import sys

import pytest

from followup_desktop import APP_ID
from tests.helpers.packaging_scripts import PACKAGING, RESOURCES

SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return struct.unpack(">II", data[16:24])


@pytest.mark.parametrize("size", SIZES)
def test_hicolor_png(size: int) -> None:
    path = RESOURCES / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
    assert png_size(path.read_bytes()) == (size, size)


def test_ico_holds_png_entries_up_to_256() -> None:
    data = (RESOURCES / "icons" / "followup.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", data[:6])
    assert (reserved, kind) == (0, 1)
    sizes = []
    for i in range(count):
        w, h, _, _, planes, bpp, length, offset = struct.unpack(
            "<BBBBHHII", data[6 + 16 * i: 22 + 16 * i])
        side = w or 256
        assert (w, planes, bpp) == (h, 1, 32)
        assert png_size(data[offset:offset + length]) == (side, side)
        sizes.append(side)
    assert {16, 32, 48, 256} <= set(sizes)


def test_icns_is_well_formed() -> None:
    data = (RESOURCES / "icons" / "followup.icns").read_bytes()
    assert data[:4] == b"icns"
    assert struct.unpack(">I", data[4:8])[0] == len(data)
    types, pos = {}, 8
    while pos < len(data):
        ostype, length = data[pos:pos + 4], struct.unpack(">I", data[pos + 4:pos + 8])[0]
        types[ostype] = png_size(data[pos + 8:pos + length])
        pos += length
    assert pos == len(data)
    assert types[b"ic10"] == (1024, 1024) and types[b"icp4"] == (16, 16)


def test_generated_icons_match_the_svg() -> None:
    """Fails when followup.svg changed and `python packaging/icons.py` was not re-run."""
    result = subprocess.run([sys.executable, str(PACKAGING / "icons.py"), "--check"],
                            capture_output=True, text=True,
                            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 0, result.stdout + result.stderr


def test_generator_writes_every_file(qapp: object, tmp_path) -> None:
    from tests.helpers.packaging_scripts import load

    icons = load("icons")
    assert icons.main(["--out", str(tmp_path)]) == 0
    written = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")
                     if p.is_file())
    assert written == sorted(
        ["followup.icns", "followup.ico"]
        + [f"hicolor/{s}x{s}/apps/{APP_ID}.png" for s in SIZES])
    assert icons.main(["--out", str(tmp_path), "--check"]) == 0
    (tmp_path / "followup.ico").write_bytes(b"stale")
    assert icons.main(["--out", str(tmp_path), "--check"]) == 1


def test_check_tolerates_antialiasing_but_not_an_edit(qapp: object) -> None:
    """A Qt release that moves edge pixels by a level is no edit; another colour is."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QColor, QImage

    from tests.helpers.packaging_scripts import load

    icons = load("icons")

    def png(colour: QColor) -> bytes:
        image = QImage(8, 8, QImage.Format.Format_ARGB32)
        image.fill(colour)
        data = QByteArray()
        buf = QBuffer(data)
        buf.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buf, "PNG")
        return bytes(data.data())

    base = png(QColor(40, 90, 160))
    assert icons.same_image(png(QColor(42, 88, 161)), base)
    assert not icons.same_image(png(QColor(200, 90, 160)), base)
    assert icons.same_image(icons.build_icns({s: base for _, s in icons.ICNS_TYPES}),
                            icons.build_icns({s: png(QColor(41, 90, 160))
                                              for _, s in icons.ICNS_TYPES}))
