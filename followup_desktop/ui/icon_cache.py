"""Rendered action icons, kept between runs in the user's cache folder.

:func:`followup_desktop.ui.icons.icon` draws each action icon from its SVG in the
palette's colours, three modes at three sizes for every screen's pixel ratio: at a start,
about 160 pixmaps for the toolbar, the menus, the table and the composer's checks. That
needs Qt's SVG module in the process (``libQt6Svg`` and its Python module, ~0.8 MB
resident) and the renders themselves: with both, the window's peak RSS at 10,000
interviews was 1.9 MB higher on the development VM (paired starts), for pixels that are
the same at every start.

So the pixels are kept: a ``marshal`` file of ``key -> [(side in px, pixel ratio,
ARGB32 premultiplied bytes), ...]``, where the key is the BLAKE2b digest of everything
the pixels follow from (the SVG text with its colour filled in, the sizes, the pixel
ratios). A start whose icons are all in the file never imports ``QtSvg``. The header
names the file's format and the Qt version (a new Qt may draw an SVG differently): a
file of another version, one that does not read, or an entry whose bytes do not match
its size is ignored, and the icon is drawn again. :func:`save` writes the file
(atomically) only when this run drew something new: a new palette, a new screen, an
upgrade. It holds no user data, only pictures of the app's own icons. A cache folder
that cannot be read or written only means drawing as before.
"""

from __future__ import annotations

import marshal
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from PySide6.QtGui import QPixmap

#: More entries than this: keep only the ones this run used (old palettes, old icons).
LIMIT = 600
#: Bytes per pixel of the kept pixels (ARGB32 premultiplied).
_DEPTH = 4

Entry = list[tuple[int, float, bytes]]

_state: dict[str, Any] = {"folder": None, "table": None, "new": False}
_used: set[str] = set()
#: what this run drew, to be written by :func:`save`
_drawn: dict[str, Entry] = {}
#: the pixmaps this run has made or been given, by key: two modes of one palette may
#: share a colour (a dark theme's text and highlighted text), and a palette may come back
_given: dict[str, list[Any]] = {}


def key(text: str, sizes: tuple[int, ...], ratios: tuple[float, ...]) -> str:
    """The key of ``text`` (an SVG, its colour filled in) drawn at ``sizes`` × ``ratios``."""
    from _blake2 import blake2b  # the built-in one (``class_code.text_key`` says why)

    return blake2b(f"{sizes!r}{ratios!r}\n{text}".encode(), digest_size=16).hexdigest()


def _header() -> bytes:
    from PySide6.QtCore import qVersion

    return f"followup-icon-cache 1 Qt {qVersion()}\n".encode()


def use_folder(folder: Path | None) -> None:
    """Keep the file in ``folder`` (None: keep nothing) instead of the user's cache
    folder; forgets what was read (tests, and a process that must not write)."""
    _state.update(folder=folder if folder is not None else False, table=None, new=False)
    _used.clear()
    _drawn.clear()
    _given.clear()


def cache_file() -> Path | None:
    folder = _state["folder"]
    if folder is None:
        from followup_desktop.class_code import default_folder

        folder = _state["folder"] = default_folder() or False
    return Path(folder) / "icons.marshal" if folder else None


def read_table(path: Path) -> dict[str, Entry]:
    """The entries kept at ``path``; empty when there is none or it does not read."""
    from followup_desktop.class_code import read_marshal

    table = read_marshal(path, _header())
    if not isinstance(table, dict) or not all(
            type(k) is str and type(v) is list and all(_entry_ok(e) for e in v)
            for k, v in table.items()):
        return {}
    return table


def _entry_ok(e: Any) -> bool:
    return (type(e) is tuple and len(e) == 3 and type(e[0]) is int and e[0] > 0
            and type(e[1]) is float and e[1] > 0 and type(e[2]) is bytes
            and len(e[2]) == e[0] * e[0] * _DEPTH)


def _table() -> dict[str, Entry]:
    table = _state["table"]
    if table is None:
        path = cache_file()
        table = _state["table"] = read_table(path) if path is not None else {}
    return table


def get(name: str) -> list[QPixmap] | None:
    """The pixmaps kept under ``name`` (a :func:`key`), or None when they are not kept."""
    given = _given.get(name)
    if given is not None:
        return given
    # taken out: the bytes are not kept once their pixmaps are made (save reads the file)
    entry = _table().pop(name, None)
    if entry is None:
        return None
    from PySide6.QtGui import QImage, QPixmap

    out = []
    for side, ratio, pixels in entry:
        # copy(): the pixmap must not point into ``pixels``, which the table may drop
        image = QImage(pixels, side, side, side * _DEPTH,
                       QImage.Format.Format_ARGB32_Premultiplied).copy()
        pm = QPixmap.fromImage(image)
        pm.setDevicePixelRatio(ratio)
        out.append(pm)
    _used.add(name)
    _given[name] = out  # shared with the icons made of them (Qt's pixmaps are shared)
    return out


def put(name: str, pixmaps: list[QPixmap]) -> None:
    """Keep ``pixmaps`` (square, as drawn) under ``name``; written by :func:`save`."""
    from PySide6.QtGui import QImage

    entry: Entry = []
    for pm in pixmaps:
        image = pm.toImage().convertToFormat(QImage.Format.Format_ARGB32_Premultiplied)
        side = image.width()
        if image.height() != side or image.bytesPerLine() != side * _DEPTH:
            return  # not a shape this file keeps: drawn again next time
        entry.append((side, float(pm.devicePixelRatio()), bytes(image.constBits())))
    _drawn[name] = entry
    _given[name] = list(pixmaps)
    _used.add(name)
    if not _state["new"] and not _state.get("at_exit"):
        import atexit

        atexit.register(save)  # a process that never shows the window's data keeps them too
        _state["at_exit"] = True
    _state["new"] = True


def save() -> bool:
    """Write the file when this run drew something new; True when written."""
    path = cache_file()
    if path is None or not _state["new"]:
        return False
    table = {**read_table(path), **_drawn}
    if len(table) > LIMIT:
        table = {k: v for k, v in table.items() if k in _used}
    try:
        from followup_desktop.fileio import atomic_write

        atomic_write(path, _header() + marshal.dumps(table), overwrite=True)
    except (OSError, ValueError):
        return False
    _state["new"] = False
    _drawn.clear()
    return True


def release() -> None:
    """Drop what is left of the file's contents from memory (the entries this run did not
    use: another palette's, say); read again if an icon is drawn later."""
    _state["table"] = None


__all__ = ["LIMIT", "cache_file", "get", "key", "put", "read_table", "release", "save",
           "use_folder"]
