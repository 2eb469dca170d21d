"""Where Followup keeps its files. Nothing is created or read at import time."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from followup_desktop import APP_ID, APP_NAME

ENV_DATA_DIR = "FOLLOWUP_DATA_DIR"


@dataclass(frozen=True, slots=True)
class Paths:
    data_dir: Path
    log_dir: Path
    config_dir: Path

    @property
    def db(self) -> Path:
        return self.data_dir / "followup.sqlite3"

    @property
    def backups(self) -> Path:
        return self.data_dir / "backups"

    @property
    def damaged(self) -> Path:
        return self.data_dir / "damaged"

    @property
    def templates(self) -> Path:
        """User-edited templates; theirs win over the defaults."""
        return self.data_dir / "templates"

    @property
    def attachments(self) -> Path:
        return self.data_dir / "attachments"

    @property
    def lock_file(self) -> Path:
        return self.data_dir / "followup.lock"

    @property
    def replaced(self) -> Path:
        """Where a restore moves the database it replaced (``store.backups``)."""
        return self.data_dir / "replaced"

    @property
    def picked_attachments(self) -> Path:
        """The files picked for drafts not yet saved (``store.attachments.PICKED_FILE``)."""
        return self.data_dir / "attachments-picked.json"

    @property
    def ui_state(self) -> Path:
        return self.config_dir / "window.ini"

    @property
    def own_folders(self) -> tuple[Path, ...]:
        """The folders Followup fills and empties itself: nothing else is written there."""
        return (self.backups, self.damaged, self.attachments, self.templates, self.replaced,
                self.log_dir)

    def own_place(self, path: Path | str) -> Path | None:
        """Where ``path`` is Followup's (links followed): itself when it is one of
        Followup's own files or folders, else the own folder it is inside; None when it is
        not Followup's. Followup's own files are every file named after the database (its
        log, index and journal, the clean and running stamps, the damage marker, a restore
        under way), the lock, the picked attachments' list, and the window's settings (with
        the lock and temporary files Qt keeps beside them). The one rule of every command
        that writes a file or a folder (``services.output_file``)."""
        target = _real(path)
        for folder in (self.data_dir, self.config_dir, *self.own_folders):
            if target == _real(folder):
                return Path(path)
        for folder in self.own_folders:
            if _real(folder) in target.parents:
                return folder
        name = target.name.lstrip(".")
        if target.parent == _real(self.data_dir) and name.startswith(
                (self.db.name, self.lock_file.name, self.picked_attachments.name)):
            return Path(path)
        if target.parent == _real(self.config_dir) and name.startswith(self.ui_state.name):
            return Path(path)
        return None

    @property
    def demo_data_dir(self) -> Path:
        """Sample data lives apart from the user's data, never mixed in."""
        return self.data_dir.parent / (self.data_dir.name + "-demo")

    def ensure(self) -> Paths:
        for folder in (self.data_dir, self.log_dir, self.config_dir):
            make_private_dir(folder)
        return self

    @classmethod
    def for_data_dir(cls, data_dir: Path | str) -> Paths:
        d = Path(data_dir).expanduser().absolute()
        return cls(data_dir=d, log_dir=d / "logs", config_dir=d)


def _real(path: Path | str) -> Path:
    """``path`` absolute with its links followed, in the case the file system compares
    (macOS and Windows ignore case): so that a link or a name in another case is seen
    for the file it is."""
    import sys

    real = os.path.normcase(os.path.realpath(os.path.expanduser(path)))
    return Path(real.casefold() if sys.platform == "darwin" else real)


def make_private_dir(folder: Path) -> None:
    """Create ``folder`` (and the parents it needs), each readable by the user only. A
    folder that exists is left exactly as it is: its mode is the owner's choice (a shared
    1777 folder keeps its sticky bit and other users' access); see
    :func:`readable_by_others` for the warning."""
    from followup_desktop.fileio import make_folder

    missing = [p for p in (folder, *folder.parents) if not os.path.lexists(p)]
    if not missing:
        return
    for parent in reversed(missing[1:]):
        make_folder(parent, mode=0o700)
    make_folder(folder, mode=0o700)


def readable_by_others(folder: Path) -> int | None:
    """The folder's mode when users other than its owner may read or enter it, else
    ``None`` (also when it cannot be looked at)."""
    try:
        mode = folder.stat().st_mode
    except OSError:
        return None
    return mode & 0o7777 if mode & 0o077 else None


def resolve(data_dir: str | os.PathLike[str] | None = None,
            environ: dict[str, str] | None = None) -> Paths:
    """``--data-dir`` first, then ``$FOLLOWUP_DATA_DIR``, then the platform's folders."""
    env = os.environ if environ is None else environ
    chosen = data_dir or env.get(ENV_DATA_DIR)
    if chosen:
        return Paths.for_data_dir(Path(chosen))
    import platformdirs

    dirs = platformdirs.PlatformDirs(appname=APP_NAME.lower(), appauthor=False)
    return Paths(
        data_dir=Path(dirs.user_data_dir),
        log_dir=Path(dirs.user_log_dir),
        config_dir=Path(dirs.user_config_dir),
    )


__all__ = ["APP_ID", "ENV_DATA_DIR", "Paths", "make_private_dir", "readable_by_others",
           "resolve"]
