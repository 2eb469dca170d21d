"""Where a command may write what it makes (``export``, ``calendar``, ``drafts``,
``--screenshot``): checked before anything is opened or written, so that a slip of the
keyboard is one line, not a surprise.

- An empty name, or a folder where a file is asked for, is refused.
- The folder a file goes in must already exist: a mistyped path is an error, never a
  tree of new folders. (``drafts DIR`` names a folder to fill: that one is made.)
- Followup's own files are never written over: the database with its log and lock
  files, and the verified backups.
"""

from __future__ import annotations

import os
from pathlib import Path

from followup_desktop.paths import Paths

#: the files beside the database that belong to it (SQLite's log and index, the lock)
_DATABASE_COMPANIONS = ("", "-wal", "-shm", "-journal")


def output_file_problem(what: str, file: str | Path, example: str,
                        paths: Paths | None = None) -> str | None:
    """Why ``what`` (``export``, ``--screenshot`` ...) cannot write the file ``file``, in
    one line, or None when it may. ``example`` is a file name to suggest."""
    text = os.fspath(file)
    if not text.strip():
        return f"{what} needs a file name (for example {example}); it was empty"
    path = Path(text)
    if path.is_dir() or text.endswith(("/", "\\")):
        return (f"{what} needs a file name, and {text} is a folder "
                f"(for example {path / example})")
    return _folder_problem(what, path.absolute().parent) or _own_file_problem(what, path, paths)


def output_folder_problem(what: str, folder: str | Path, example: str) -> str | None:
    """Why ``what`` cannot write its files into ``folder``, or None. A folder to write
    into is made when missing (with its parents, private), as the data folder is."""
    text = os.fspath(folder)
    if not text.strip():
        return f"{what} needs a folder name (for example {example}); it was empty"
    path = Path(text)
    if path.exists() and not path.is_dir():
        return f"{what} needs a folder, and {text} is a file, not a folder"
    blocked = file_in_the_way(path.absolute())
    if blocked is not None:
        return f"{what}: {blocked} is a file, not a folder; nothing was written"
    return None


def file_in_the_way(folder: Path) -> Path | None:
    """The file that stands where ``folder`` or one of its parents should be, or None."""
    found = next((p for p in (folder, *folder.parents) if p.exists()), None)
    return found if found is not None and not found.is_dir() else None


def _folder_problem(what: str, folder: Path) -> str | None:
    if folder.is_dir():
        return None
    blocked = file_in_the_way(folder)
    if blocked is not None:
        return f"{what}: {blocked} is a file, not a folder; nothing was written"
    return (f"{what}: the folder {folder} does not exist; create it first or choose "
            "another place (nothing was written)")


def _own_file_problem(what: str, file: Path, paths: Paths | None) -> str | None:
    if paths is None:
        return None
    target = Path(os.path.realpath(file))
    own = {Path(os.path.realpath(f"{paths.db}{end}")) for end in _DATABASE_COMPANIONS}
    own.add(Path(os.path.realpath(paths.lock_file)))
    backups = Path(os.path.realpath(paths.backups))
    if target in own or backups in target.parents:
        return (f"{what}: {file} is one of Followup's own files (the database or a backup); "
                "choose another name")
    return None
