"""Where a command may write what it makes (``export``, ``calendar``, ``drafts``,
``--screenshot``): checked before anything is opened or written, so that a slip of the
keyboard is one line, not a surprise.

- An empty name, or a folder where a file is asked for, is refused.
- The folder a file goes in must already exist: a mistyped path is an error, never a
  tree of new folders. (``drafts DIR`` names a folder to fill: that one is made, in a
  folder that exists.)
- Followup's own files and folders are never written in (:meth:`Paths.own_place`, the
  one rule): every file named after the database, the lock, the settings files, and
  whatever is in the backups, damaged, attachments, templates, replaced and logs
  folders; drafts never go into the data or settings folder itself either.

And what only reads the data to make its file (``--screenshot``) leaves no database
behind where it found none (:func:`leaves_no_new_database`).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from followup_desktop.paths import Paths


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
    return _own_file_problem(what, path, paths) or _folder_problem(what, path.absolute().parent)


def output_folder_problem(what: str, folder: str | Path, example: str,
                          paths: Paths | None = None) -> str | None:
    """Why ``what`` cannot write its files into ``folder``, or None. A missing folder is
    made (private) by the command, in a folder that exists: never its parents too."""
    text = os.fspath(folder)
    if not text.strip():
        return f"{what} needs a folder name (for example {example}); it was empty"
    path = Path(text)
    if path.exists() and not path.is_dir():
        return f"{what} needs a folder, and {text} is a file, not a folder"
    blocked = file_in_the_way(path.absolute())
    if blocked is not None:
        return f"{what}: {blocked} is a file, not a folder; nothing was written"
    own = paths.own_place(path) if paths is not None else None
    if own is not None:
        where = "" if own == path else f" is inside {own}, which"
        return (f"{what}: {text}{where} is one of Followup's own folders, for Followup "
                "alone; choose another folder (nothing was written)")
    if not path.is_dir():
        return _folder_problem(what, path.absolute().parent, only=path.name)
    return None


def file_in_the_way(folder: Path) -> Path | None:
    """The file that stands where ``folder`` or one of its parents should be, or None."""
    found = next((p for p in (folder, *folder.parents) if p.exists()), None)
    return found if found is not None and not found.is_dir() else None


def _folder_problem(what: str, folder: Path, only: str | None = None) -> str | None:
    """``folder`` must exist; ``only``: the one folder in it the command makes."""
    if folder.is_dir():
        return None
    blocked = file_in_the_way(folder)
    if blocked is not None:
        return f"{what}: {blocked} is a file, not a folder; nothing was written"
    made = f" ({what} makes {only} itself, not the folders above it)" if only else ""
    return (f"{what}: the folder {folder} does not exist{made}; create it first or choose "
            "another place (nothing was written)")


def _own_file_problem(what: str, file: Path, paths: Paths | None) -> str | None:
    own = paths.own_place(file) if paths is not None else None
    if own is None:
        return None
    if own == file:
        return (f"{what}: {file} is one of Followup's own files; choose another name "
                "(nothing was written)")
    return (f"{what}: {file} is inside {own}, one of Followup's own folders; choose "
            "another place (nothing was written)")



@contextlib.contextmanager
def leaves_no_new_database(paths: Paths) -> Iterator[None]:
    """Around what only reads the data (``--screenshot``): on a data folder with no
    database yet, the database it made and the folders it made go again when it is done,
    whatever the outcome (:class:`~followup_desktop.context.FirstUse`), unless data came
    into it meanwhile or another Followup holds the folder."""
    from followup_desktop.context import FirstUse

    first = FirstUse.before(paths)
    try:
        yield
    finally:
        if first.fresh and _still_empty(paths):
            first.undo()


def _still_empty(paths: Paths) -> bool:
    """The database holds nothing of the user's (or is not there)."""
    from followup_desktop.store import open_store

    if not paths.db.exists():
        return True
    try:
        store = open_store(paths.db, read_only=True)
    except Exception:  # not a database we made: left alone
        return False
    try:
        return store.is_empty()
    finally:
        store.close()
