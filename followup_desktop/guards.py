"""Checks for what arrives from files other people made (issue 23).

Plain functions without Qt or a database, shared by every way in: the data file
(``interchange``), invitations and spreadsheets (``importers/``), the store and the
writers of drafts. Each either cleans a value (what can be cleaned where it enters) or
names why it is refused.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path, PurePosixPath, PureWindowsPath

# --- attachments ----------------------------------------------------------------------------

#: Where an imported draft's attachments may live: relative names under this folder of the
#: data folder (``<data dir>/attachments``), never anywhere else.
ATTACHMENTS_FOLDER = "attachments"


def imported_attachment_refusal(raw: str) -> str | None:
    """Why an attachment path that came in a file someone sent cannot be kept (``None``:
    it can). Only plain relative names are kept; they are read from the data folder's
    ``attachments`` folder. An absolute path, a home folder (``~``), a drive letter or a
    ``..`` would let the sender choose any file of this computer."""
    text = raw.strip()
    if not text:
        return "an empty path"
    if text.startswith(("/", "\\", "~")) or PureWindowsPath(text).drive:
        return "a full path (only names under the data folder's attachments folder are kept)"
    parts = re.split(r"[\\/]+", text)
    if any(p == ".." for p in parts):
        return "a path that climbs out of its folder (..)"
    if any(unicodedata.category(c) == "Cc" for c in text):
        return "a path with control characters"
    return None


def attachment_path(raw: str, data_dir: Path) -> Path | None:
    """The file an attachment names: a full path as the user picked it in the window, or
    a relative name under ``<data dir>/attachments`` (resolved: a link that leads out of
    that folder gives ``None``)."""
    path = Path(raw)
    if path.is_absolute():
        return path
    if imported_attachment_refusal(raw) is not None:
        return None
    base = (data_dir / ATTACHMENTS_FOLDER).resolve()
    real = (base / PurePosixPath(raw.replace("\\", "/"))).resolve()
    return real if real.is_relative_to(base) and real != base else None
