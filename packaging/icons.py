"""Render the app icon (``resources/icons/followup.svg``) to every file a desktop wants.

    python packaging/icons.py           # (re)write the files below
    python packaging/icons.py --check   # exit 1 if any is missing or out of date

Writes, under ``resources/icons/``:

- ``hicolor/<N>x<N>/apps/<APP_ID>.png`` for the freedesktop hicolor sizes 16…512,
- ``followup.ico`` (Windows: PNG-compressed entries 16…256),
- ``followup.icns`` (macOS: PNG entries 16…1024, including the @2x types).

Rendering uses QtSvg (already a dependency), so no image library is needed; the ``.ico``
and ``.icns`` containers are simple enough to write by hand (both accept PNG payloads).
"""

from __future__ import annotations

import argparse
import os
import struct
import sys
from collections.abc import Iterable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from followup_desktop import APP_ID  # noqa: E402

ICONS = REPO / "resources" / "icons"
SOURCE = ICONS / "followup.svg"
HICOLOR_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# (OSType, pixel size): the PNG-capable types, as Apple's iconutil writes them.
ICNS_TYPES = (
    (b"icp4", 16), (b"icp5", 32), (b"icp6", 64), (b"ic07", 128), (b"ic08", 256),
    (b"ic09", 512), (b"ic10", 1024), (b"ic11", 32), (b"ic12", 64), (b"ic13", 256),
    (b"ic14", 512),
)


def hicolor_png(size: int, root: Path = ICONS) -> Path:
    return root / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"


def ico_path(root: Path = ICONS) -> Path:
    return root / "followup.ico"


def icns_path(root: Path = ICONS) -> Path:
    return root / "followup.icns"


def _qt() -> object:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication  # not QGuiApplication: a test process may
                                               # need widgets after this
    return QApplication.instance() or QApplication(sys.argv[:1])


def render_png(svg: Path, size: int) -> bytes:
    """``svg`` drawn into a transparent ``size``×``size`` square, as PNG bytes."""
    _qt()
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"icons: {svg} is not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(0)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    image.convertToFormat(QImage.Format.Format_ARGB32).save(buf, "PNG")
    buf.close()
    return bytes(data.data())


def build_ico(pngs: dict[int, bytes]) -> bytes:
    """A Windows .ico whose entries are PNG images (Windows Vista and later)."""
    sizes = sorted(pngs)
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = len(header) + 16 * len(sizes)
    entries, payload = b"", b""
    for s in sizes:
        data = pngs[s]
        dim = 0 if s >= 256 else s  # 0 means 256
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(data), offset)
        payload += data
        offset += len(data)
    return header + entries + payload


def build_icns(pngs: dict[int, bytes]) -> bytes:
    """A macOS .icns made of PNG entries."""
    body = b"".join(ostype + struct.pack(">I", 8 + len(pngs[size])) + pngs[size]
                    for ostype, size in ICNS_TYPES)
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def outputs(svg: Path = SOURCE, root: Path = ICONS) -> dict[Path, bytes]:
    """Every generated file and its content."""
    sizes = sorted(set(HICOLOR_SIZES) | set(ICO_SIZES) | {s for _, s in ICNS_TYPES})
    pngs = {s: render_png(svg, s) for s in sizes}
    files = {hicolor_png(s, root): pngs[s] for s in HICOLOR_SIZES}
    files[ico_path(root)] = build_ico({s: pngs[s] for s in ICO_SIZES})
    files[icns_path(root)] = build_icns(pngs)
    return files


#: the most a channel of one pixel may differ from a fresh render: Qt's antialiasing moves
#: edge pixels by a few levels between releases (6.11.2 -> 6.11.3 did), an edited SVG by far more
PIXEL_TOLERANCE = 12


def png_payloads(data: bytes) -> list[bytes]:
    """The PNG images in ``data``: the file itself, or the entries of an .ico / .icns."""
    found, pos = [], 0
    while (start := data.find(b"\x89PNG\r\n\x1a\n", pos)) != -1:
        end = data.find(b"IEND", start)
        if end == -1:
            break
        pos = end + 8  # the chunk type and its CRC
        found.append(data[start:pos])
    return found


def _pixels_close(a: bytes, b: bytes) -> bool:
    _qt()
    from PySide6.QtGui import QImage

    one, two = QImage.fromData(a), QImage.fromData(b)
    if one.isNull() or two.isNull() or one.size() != two.size():
        return False
    fmt = QImage.Format.Format_RGBA8888
    # keep the converted images while their bits are copied: constBits() of a temporary
    # reads freed memory (the check then failed or passed by what the heap held)
    conv_one, conv_two = one.convertToFormat(fmt), two.convertToFormat(fmt)
    raw_one = bytes(conv_one.constBits())
    raw_two = bytes(conv_two.constBits())
    return max((abs(x - y) for x, y in zip(raw_one, raw_two, strict=True)),
               default=0) <= PIXEL_TOLERANCE


def same_image(have: bytes, want: bytes) -> bool:
    """``have`` shows what ``want`` shows: the same bytes, or every image within tolerance."""
    if have == want:
        return True
    ours, theirs = png_payloads(have), png_payloads(want)
    # the container around the images (.ico directory, .icns types) must be the same too
    if len(ours) != len(theirs) or not ours:
        return False
    return all(_pixels_close(x, y) for x, y in zip(ours, theirs, strict=True))


def stale(files: Iterable[Path], expected: dict[Path, bytes]) -> list[Path]:
    """Files that are missing or that do not show what would be written now."""
    return [p for p in files if not p.is_file() or not same_image(p.read_bytes(), expected[p])]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true",
                        help="only report files that are missing or out of date")
    parser.add_argument("--svg", type=Path, default=SOURCE)
    parser.add_argument("--out", type=Path, default=ICONS, help="icons folder to write into")
    args = parser.parse_args(argv)
    expected = outputs(args.svg, args.out)
    bad = stale(expected, expected)
    if args.check:
        for p in bad:
            print(f"icons: out of date: {p.relative_to(REPO) if p.is_relative_to(REPO) else p}")
        if bad:
            print("icons: run `python packaging/icons.py` and commit the result")
        return 1 if bad else 0
    for path in bad:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(expected[path])
        print(f"icons: wrote {path.relative_to(REPO) if path.is_relative_to(REPO) else path}")
    if not bad:
        print("icons: up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
