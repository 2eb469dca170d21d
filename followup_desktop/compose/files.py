"""Safe file names and atomic writes for the files drafts and calendars leave as."""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import unicodedata
from pathlib import Path

MAX_NAME_BYTES = 255
_RESERVED = frozenset(
    ["CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"]
    + [f"{p}{n}" for p in ("COM", "LPT") for n in (*"123456789", "¹", "²", "³")])
_WINDOWS_FORBIDDEN = set('<>:"|?*')
_EXT = re.compile(r"^\.[A-Za-z0-9]{1,15}$")


def _clean(stem: str) -> str:
    out = []
    for ch in unicodedata.normalize("NFC", stem):
        cat = unicodedata.category(ch)
        if ch in "/\\":
            out.append("-")
        elif ch in _WINDOWS_FORBIDDEN:
            out.append("_")
        elif cat in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"):
            continue  # control, bidi/zero-width format, surrogate, private, unassigned
        elif cat.startswith("Z") or ch.isspace():
            out.append(" ")
        else:
            out.append(ch)
    # Normalise again: dropping a control character can join a base and a combining mark.
    text = unicodedata.normalize("NFC", " ".join("".join(out).split()))
    return text.strip(" .")


def _fit(text: str, limit: int) -> str:
    data = text.encode("utf-8")
    if len(data) <= limit:
        return text
    return data[:limit].decode("utf-8", errors="ignore")


def _safe(stem: str, tail: str) -> str:
    text = _clean(stem)
    text = _fit(text, MAX_NAME_BYTES - len(tail.encode("utf-8"))).rstrip(" .")
    if not text:
        text = "draft"
    if text.split(".")[0].strip().upper() in _RESERVED:
        text = "_" + text
        text = _fit(text, MAX_NAME_BYTES - len(tail.encode("utf-8"))).rstrip(" .")
    return text + tail


def safe_filename(stem: str, ext: str) -> str:
    """A file name that is safe on Linux, macOS and Windows: no path separators or
    traversal, no control or bidi characters, no reserved device names, no trailing dots
    or spaces, at most 255 bytes of UTF-8 with ``ext`` (``".eml"``) kept."""
    if not _EXT.fullmatch(ext):
        raise ValueError(f"not a simple file extension: {ext!r}")
    return _safe(stem, ext)


def _split(name: str) -> tuple[str, str]:
    stem, dot, ext = name.rpartition(".")
    return (stem, "." + ext) if dot else (name, "")


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


def _temp_with(folder: Path, data: bytes) -> str:
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".followup-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return tmp


def write_new(folder: Path, filename: str, data: bytes, attempts: int = 999) -> Path:
    """Write ``data`` atomically under ``filename`` in ``folder`` without ever replacing an
    existing file: ``name.eml`` taken → ``name (2).eml``, and so on. The final name is
    claimed exclusively (a hard link of a complete temporary file, or an ``O_EXCL``
    placeholder replaced atomically where links are not supported)."""
    folder.mkdir(parents=True, exist_ok=True)
    stem, ext = _split(filename)
    tmp = _temp_with(folder, data)
    try:
        for n in range(1, attempts + 1):
            name = filename if n == 1 else _safe(stem, f" ({n}){ext}")
            target = folder / name
            try:
                os.link(tmp, target)
            except FileExistsError:
                continue
            except OSError:
                try:
                    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                except FileExistsError:
                    continue
                os.close(fd)
                os.replace(tmp, target)
            _fsync_dir(folder)
            return target
        raise FileExistsError(f"{filename}: {attempts} files of that name already exist")
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


def write_replace(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically, replacing what was there (the user chose it)."""
    folder = path.parent
    folder.mkdir(parents=True, exist_ok=True)
    tmp = _temp_with(folder, data)
    try:
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync_dir(folder)
    return path
