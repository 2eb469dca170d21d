"""The compiled templates kept in the user's cache folder (Jinja2's bytecode cache).

Compiling a template (parse, the sandbox's shape checks, code generation, ``compile``)
costs the window's first draft more than rendering it: ~15 ms for a check-in and the
macros it imports, at every start. Jinja2 keeps the compiled code of each template in a
file keyed by its name and path, checked against the source's SHA-1 (Jinja2 does this
itself: an edited template is compiled again) and Jinja2's and Python's versions.

The files are also named after the sandbox's code (this module's and ``sandbox.py``'s
size and modification time): code compiled by another version of the sandbox, whose
checks or code generator may differ, is never loaded. A cache that cannot be read or
written (a read-only home, a full disk, a damaged file) only means compiling as before.

No Qt here.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path
from typing import Any

from jinja2.bccache import Bucket, FileSystemBytecodeCache

_PREFIX = "template-"


class TemplateCache(FileSystemBytecodeCache):
    """:class:`FileSystemBytecodeCache` that never fails a render (see the module)."""

    def __init__(self, directory: Path, stamp: str) -> None:
        super().__init__(str(directory), f"{_PREFIX}{stamp}-%s.cache")
        self._stamp = stamp
        self._swept = False

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # noqa: BLE001 - damaged (pickle, marshal) or unreadable
            bucket.reset()  # compiled again

    def dump_bytecode(self, bucket: Bucket) -> None:
        try:
            os.makedirs(self.directory, exist_ok=True)
            super().dump_bytecode(bucket)
        except OSError:
            return
        if not self._swept:  # once a process: the files of other versions go
            self._swept = True
            mine = f"{_PREFIX}{self._stamp}-"
            try:
                for entry in os.scandir(self.directory):
                    if entry.name.startswith(_PREFIX) and not entry.name.startswith(mine):
                        Path(entry.path).unlink(missing_ok=True)
            except OSError:
                pass


def _stamp() -> str:
    here = Path(__file__).resolve().parent
    parts = []
    for name in ("sandbox.py", "template_cache.py"):
        try:
            st = (here / name).stat()
        except OSError:
            return ""
        parts.append(f"{st.st_size:x}{st.st_mtime_ns:x}")
    return "-".join(parts)


@functools.lru_cache(maxsize=1)
def template_cache() -> Any:
    """The cache for this user, or None (no cache folder to be had, or the code is not
    in files: compile every time)."""
    stamp = _stamp()
    if not stamp:
        return None
    try:
        import platformdirs

        folder = Path(platformdirs.user_cache_dir("followup", appauthor=False)) / "templates"
    except Exception:  # noqa: BLE001 - no home, no cache
        return None
    return TemplateCache(folder, stamp)
