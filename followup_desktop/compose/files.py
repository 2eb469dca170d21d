"""Safe file names and atomic writes for the files drafts and calendars leave as."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path

from followup_desktop.fileio import atomic_write, write_new_name

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


def candidate_names(filename: str, attempts: int = 999) -> Iterator[str]:
    """``name.eml``, then ``name (2).eml``, ``name (3).eml``… (each a safe file name)."""
    stem, ext = _split(filename)
    return (filename if n == 1 else _safe(stem, f" ({n}){ext}") for n in range(1, attempts + 1))


def write_new(folder: Path, filename: str, data: bytes, attempts: int = 999) -> Path:
    """Write ``data`` atomically under ``filename`` in ``folder`` without ever replacing an
    existing file: ``name.eml`` taken → ``name (2).eml``, and so on."""
    names = candidate_names(filename, attempts)
    try:
        return write_new_name(folder, names, data)
    except FileExistsError:
        raise FileExistsError(f"{filename}: {attempts} files of that name already exist") \
            from None


def write_replace(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically, replacing what was there (the user chose it)."""
    return atomic_write(path, data, overwrite=True)
