"""Atomic file writes: temp file in the same folder, fsync, then an exclusive rename.

A crash leaves either no file or the whole file under the final name, never a part.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


class FileExistsRefused(FileExistsError):
    """The target exists and overwriting was not allowed."""


def _fsync_dir(folder: Path) -> None:
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


def atomic_write(path: Path, data: bytes, *, overwrite: bool = False, mode: int = 0o600) -> Path:
    """Write ``data`` to ``path`` atomically. Without ``overwrite``, an existing file is kept
    and :class:`FileExistsRefused` is raised (the check and the claim are one ``link``)."""
    path = Path(path)
    folder = path.parent
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name[:40]}.", suffix=".part", dir=folder)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        if overwrite:
            os.replace(tmp, path)
        else:
            try:
                os.link(tmp, path)  # fails if the name is taken: never a silent overwrite
            except FileExistsError:
                raise FileExistsRefused(f"{path} already exists") from None
            except OSError:
                # File systems without hard links: fall back to an exclusive create.
                if path.exists():
                    raise FileExistsRefused(f"{path} already exists") from None
                os.replace(tmp, path)
        _fsync_dir(folder)
        return path
    finally:
        if tmp.exists():
            tmp.unlink()


def unique_path(folder: Path, stem: str, ext: str) -> Path:
    """``folder/stem.ext``, or ``stem (2).ext``… when taken."""
    candidate = folder / f"{stem}{ext}"
    n = 2
    while candidate.exists():
        candidate = folder / f"{stem} ({n}){ext}"
        n += 1
    return candidate
