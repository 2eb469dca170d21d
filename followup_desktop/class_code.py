"""The compiled methods of dataclasses, kept between runs in the user's cache folder.

``@dataclass`` writes each class's ``__init__``, ``__repr__``, ``__eq__``, ``__hash__``
and, for a frozen class, ``__setattr__`` and ``__delattr__`` as source text, and
compiles it at every import: ``dataclasses._create_fn`` calls ``exec`` on a string.
The window's start imports about 40 dataclasses (the records, the plan, the checks, the
settings): some 230 compiles of the same texts at every start, about 60 ms of the
window's start on the development VM (the core modules' import, median of six:
165 → 95 ms).

:func:`install` gives the ``dataclasses`` module an ``exec`` that looks the text up in
a table of code objects kept from an earlier run, and compiles only a text it has not
seen, as ``exec`` itself would (the same text, the file name ``<string>``, no
``__future__`` flag inherited): each class gets the very code it would have got.

The table (each text's digest -> its code) is a ``marshal`` file named after the
interpreter's bytecode tag and optimisation level, with ``importlib.util.MAGIC_NUMBER``
at its head. A file that does not read, comes from another interpreter, or holds
anything but digest -> code pairs is ignored and replaced. :func:`save` writes it
(atomically) only when this run compiled something new: after an upgrade, once. It
holds no user data, only the code the standard library generates for our classes and
the libraries' (field names and defaults' names). A cache folder that cannot be read
or written only means compiling as before.

No Qt here.
"""

from __future__ import annotations

import dataclasses
import marshal
import sys
from pathlib import Path
from types import CodeType
from typing import Any

#: More entries than this after a merge: keep only what this run used (upgrades leave
#: the texts of classes that changed behind).
LIMIT = 4000

_table: dict[bytes, CodeType] = {}
_used: set[bytes] = set()
_state: dict[str, Any] = {"path": None, "new": False}


def _exec(source: Any, globals_: Any = None, locals_: Any = None, /) -> None:
    """``exec`` for ``dataclasses``: a text seen before runs its kept code."""
    if type(source) is str:
        key = text_key(source)
        code = _table.get(key)
        if code is None:
            code = compile(source, "<string>", "exec", dont_inherit=True)
            _table[key] = code
            _state["new"] = True
        _used.add(key)
        source = code
    exec(source, globals_, locals_)  # noqa: S102 - what dataclasses itself does


def text_key(source: str) -> bytes:
    """A text's key in the table: its BLAKE2b digest (16 bytes), so the process does not
    keep the ~300 KB of texts once their classes are made. ``_blake2`` is the built-in
    module ``hashlib`` itself falls back to: importing ``hashlib`` this early would map
    OpenSSL's libcrypto into the window process (``app.builtin_hashes``)."""
    from _blake2 import blake2b

    return blake2b(source.encode("utf-8"), digest_size=16).digest()


def _header() -> bytes:
    from importlib.util import MAGIC_NUMBER

    return b"followup-class-code 2\n" + MAGIC_NUMBER


def cache_file(folder: Path) -> Path:
    tag = sys.implementation.cache_tag or "python"
    return folder / f"class-code-{tag}-O{sys.flags.optimize}.marshal"


def default_folder() -> Path | None:
    try:
        import platformdirs

        return Path(platformdirs.user_cache_dir("followup", appauthor=False))
    except Exception:  # noqa: BLE001 - no home, no cache
        return None


def read_marshal(path: Path, header: bytes) -> Any:
    """The value ``marshal`` kept at ``path`` after ``header``; None when there is no
    such file, or it has another header, or it does not read (a cache of this app's)."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    if not data.startswith(header):
        return None
    try:
        return marshal.loads(data[len(header):])
    except (ValueError, EOFError, TypeError):
        return None


def read_table(path: Path) -> dict[bytes, CodeType]:
    """The table kept at ``path``; empty when there is none or it does not read."""
    table = read_marshal(path, _header())
    if not isinstance(table, dict) or not all(
            type(k) is bytes and len(k) == 16 and type(v) is CodeType
            for k, v in table.items()):
        return {}
    return table


def install(folder: Path | None = None) -> bool:
    """Kept code for the dataclasses made from now on (``folder``: the cache folder, the
    user's by default). True when a table was read. Once per process."""
    if getattr(dataclasses, "exec", None) is _exec:
        return bool(_table)
    folder = default_folder() if folder is None else folder
    if folder is not None:
        path = cache_file(folder)
        _state["path"] = path
        _table.update(read_table(path))
    dataclasses.exec = _exec  # type: ignore[attr-defined]  # shadows the builtin there
    return bool(_table)


def save() -> bool:
    """Write the table when this run compiled something new; True when written."""
    path = _state["path"]
    if path is None or not _state["new"]:
        return False
    table = _table if len(_table) <= LIMIT else {k: _table[k] for k in _used}
    try:
        from followup_desktop.fileio import atomic_write

        atomic_write(path, _header() + marshal.dumps(table), overwrite=True)
    except (OSError, ValueError):
        return False
    _state["new"] = False
    return True


def uninstall() -> None:
    """Back to the builtin ``exec`` (tests)."""
    if getattr(dataclasses, "exec", None) is _exec:
        del dataclasses.exec  # type: ignore[attr-defined]
    _table.clear()
    _used.clear()
    _state.update(path=None, new=False)


__all__ = ["LIMIT", "cache_file", "default_folder", "install", "read_marshal", "read_table",
           "save", "text_key", "uninstall"]
