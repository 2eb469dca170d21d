"""Atomic file writes, in one place: temp file in the same folder, fsync, then a rename.

A crash leaves either no file or the whole file under the final name, never a part.
Used by every export (JSON, .eml, .ics, CSV, PDF), backups and settings files.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path


class FileExistsRefused(FileExistsError):
    """The target exists and overwriting was not allowed."""


def make_folder(folder: Path, mode: int = 0o777) -> None:
    """Create ``folder`` and its parents if needed. A file standing where a folder should be
    is reported as "Not a directory" naming that file (``mkdir`` would say "File exists",
    or name the folder below it)."""
    try:
        folder.mkdir(mode=mode, parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        blocked = next((p for p in (folder, *folder.parents) if p.is_file()), folder)
        raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(blocked)) \
            from None


def fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable (best effort where directories can't be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_temp(folder: Path, data: bytes, *, mode: int = 0o600, sync: bool = True) -> Path:
    """``data`` in a complete, fsynced temporary file in ``folder`` (same file system as
    the final name, so the rename that follows is atomic). ``sync=False`` leaves the
    flush to the caller (a batch syncs once for all its files)."""
    fd, name = tempfile.mkstemp(dir=folder, prefix=".followup-", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            if sync:
                os.fsync(fh.fileno())
        os.chmod(name, mode)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(name)
        raise
    return Path(name)


def _claim(tmp: Path, target: Path) -> bool:
    """Give ``tmp`` the name ``target`` only if that name is free; False when taken."""
    try:
        os.link(tmp, target)  # fails if the name is taken: never a silent overwrite
        return True
    except FileExistsError:
        return False
    except OSError:
        # File systems without hard links: an exclusive placeholder, then a rename over it.
        try:
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            return False
        os.close(fd)
        os.replace(tmp, target)
        return True


@contextlib.contextmanager
def _named_as(final: Path) -> Iterator[None]:
    """An error about a temporary ``.part`` file names the file the user asked for
    instead: the temporary name means nothing to them (and is gone already)."""
    try:
        yield
    except OSError as exc:
        names = (exc.filename, getattr(exc, "filename2", None))
        if any(isinstance(n, str | os.PathLike) and str(n).endswith(".part") for n in names):
            strerror = exc.strerror or str(exc)
            if Path(final).is_dir():
                strerror = "is a folder, not a file name"
            raise OSError(exc.errno, strerror, str(final)) from None
        raise


def atomic_write(path: Path, data: bytes, *, overwrite: bool = False, mode: int = 0o600) -> Path:
    """Write ``data`` to ``path`` atomically. Without ``overwrite``, an existing file is kept
    and :class:`FileExistsRefused` is raised (the check and the claim are one ``link``)."""
    with _named_as(path):
        return _atomic_write(Path(path), data, overwrite=overwrite, mode=mode)


def _atomic_write(path: Path, data: bytes, *, overwrite: bool, mode: int) -> Path:
    make_folder(path.parent)
    tmp = write_temp(path.parent, data, mode=mode)
    try:
        if overwrite:
            os.replace(tmp, path)
        elif not _claim(tmp, path):
            raise FileExistsRefused(f"{path} already exists")
        fsync_dir(path.parent)
        return path
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


def write_new_name(folder: Path, names: Iterable[str], data: bytes, *,
                   mode: int = 0o600) -> Path:
    """Write ``data`` atomically under the first free name that ``names`` yields (an
    iterable of file names), never replacing an existing file."""
    with _named_as(folder):
        return _write_new_name(folder, names, data, mode=mode)


def _write_new_name(folder: Path, names: Iterable[str], data: bytes, *, mode: int) -> Path:
    make_folder(folder)
    tmp = write_temp(folder, data, mode=mode)
    try:
        for name in names:
            target = folder / name
            if _claim(tmp, target):
                fsync_dir(folder)
                return target
        raise FileExistsError(f"no free file name in {folder}")
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


def write_new_names(folder: Path, items: Iterable[tuple[Iterable[str], bytes]], *,
                    mode: int = 0o600) -> list[Path]:
    """A batch of :func:`write_new_name`: every file is written to a temporary name, the
    contents are made durable with one ``sync`` for the whole batch (instead of an fsync
    per file), then each gets its final name (never replacing a file) and the folder is
    synced once. A crash leaves whole files under final names, or none."""
    with _named_as(folder):
        return _write_new_names(folder, items, mode=mode)


def _write_new_names(folder: Path, items: Iterable[tuple[Iterable[str], bytes]], *,
                     mode: int) -> list[Path]:
    make_folder(folder)
    temps: list[tuple[Path, Iterable[str]]] = []
    written: list[Path] = []
    try:
        for names, data in items:
            temps.append((write_temp(folder, data, mode=mode, sync=False), names))
        if temps:
            os.sync()
        for tmp, names in temps:
            for name in names:
                if _claim(tmp, folder / name):
                    written.append(folder / name)
                    break
            else:
                raise FileExistsError(f"no free file name in {folder}")
        fsync_dir(folder)
        return written
    finally:
        for tmp, _names in temps:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)


