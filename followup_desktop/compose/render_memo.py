"""Rendered templates kept by their inputs, so that showing a draft again costs no render.

A template's output is a pure function of its inputs: the template's name, the variables
(:func:`~followup_desktop.compose.render.template_context`: frozen views, tuples and
strings only), the text of every file the loader can reach (the user's templates folder
with its subfolders, and the defaults), and the code that renders (``render.py``,
``sandbox.py``, Jinja2's version). :func:`key` digests exactly those, so a kept render is
never shown for inputs that differ in anything, down to a changed template file or a new
day ("today").

The window's first draft at a start is the one it showed when it closed: the renders of
the session are kept with the window's plan in the database (:func:`export`, read back by
:func:`preload`), so a start on the same day shows that draft without loading Jinja2 or
compiling a template (``bench/README.md``). Anything else renders as before.

No Qt, no Jinja2 here. Process-wide and bounded (:data:`LIMIT` entries, least recently
used go first).
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

#: renders kept in the process (and with the plan): a panel's notes and a few more
LIMIT = 16

#: (subject, body, problem): what ``render.Rendered`` holds
Text = tuple[str, str, "str | None"]

_MEMO: OrderedDict[str, Text] = OrderedDict()
_CODE: list[bytes] = []


def _code_digest() -> bytes:
    """The code that renders: this package's render and sandbox modules and Jinja2's
    version (its files' sizes and times, found without importing it)."""
    if not _CODE:
        from followup_desktop import __version__

        h = hashlib.sha256(__version__.encode())
        here = Path(__file__).resolve().parent
        for name in ("render.py", "sandbox.py", "render_memo.py"):
            try:
                h.update((here / name).read_bytes())
            except OSError:  # a bundle without sources: its version says it
                h.update(name.encode())
        spec = importlib.util.find_spec("jinja2")
        if spec is not None and spec.origin:
            try:
                st = os.stat(spec.origin)
                h.update(f"{spec.origin} {st.st_size} {st.st_mtime_ns}".encode())
            except OSError:
                h.update(spec.origin.encode())
        _CODE.append(h.digest())
    return _CODE[0]


def _file_digest(path: str) -> bytes:
    """The file's text, digested; read every time (a dozen small files: ~0.2 ms), as a
    file rewritten within the clock's tick with the same size would fool a stamp."""
    try:
        with open(path, "rb") as fh:
            return hashlib.sha256(fh.read()).digest()
    except OSError:
        return b"-"


def _folder_digest(h: Any, folder: Path | None) -> None:
    """Every file the loader could reach in ``folder``: any name, in any subfolder (a
    template may include ``parts/ps.j2`` or ``ps.txt``), by its path and text."""
    if folder is None:
        h.update(b"\0none")
        return
    found: list[str] = []
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        found += (os.path.join(root, f) for f in files)
    found.sort()
    h.update(f"\0{folder}\0{len(found)}".encode())
    for path in found:
        h.update(os.path.relpath(path, folder).encode("utf-8", "surrogateescape")
                 + b"\0" + _file_digest(path))


def key(name: str, variables: Mapping[str, Any], user_templates: Path | None) -> str:
    """The digest of everything a render of ``name`` with ``variables`` depends on."""
    from followup_desktop.resources import template_dir

    h = hashlib.sha256(_code_digest())
    h.update(name.encode())
    h.update(repr(sorted(variables.items())).encode())
    _folder_digest(h, user_templates)
    _folder_digest(h, template_dir())
    return h.hexdigest()


def get(k: str) -> Text | None:
    found = _MEMO.get(k)
    if found is not None:
        _MEMO.move_to_end(k)
    return found


def put(k: str, text: Text) -> None:
    _MEMO[k] = text
    _MEMO.move_to_end(k)
    while len(_MEMO) > LIMIT:
        _MEMO.popitem(last=False)


def export() -> list[list[Any]]:
    """The renders kept in the process, oldest first (marshal-able)."""
    return [[k, *text] for k, text in _MEMO.items()]


def preload(entries: Iterable[Any]) -> int:
    """Take renders kept by an earlier process (:func:`export`); anything not shaped
    like one is ignored. Those already here stay the most recent. Returns how many."""
    taken = 0
    for entry in reversed(list(entries)):  # each goes in front of those taken before
        if (isinstance(entry, (list, tuple)) and len(entry) == 4
                and all(isinstance(x, str) for x in entry[:3])
                and (entry[3] is None or isinstance(entry[3], str))
                and entry[0] not in _MEMO):
            _MEMO[entry[0]] = (entry[1], entry[2], entry[3])
            _MEMO.move_to_end(entry[0], last=False)
            taken += 1
    while len(_MEMO) > LIMIT:
        _MEMO.popitem(last=False)
    return taken


def clear() -> None:
    """Forget every render (tests)."""
    _MEMO.clear()
