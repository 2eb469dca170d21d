"""Which attachments a saved draft may read. No Qt here.

A draft's attachments are paths, stored with it. A path stored in the database is not
proof that the user chose it: the database may be an older one, a restored backup or a
file someone sent. So a saved draft keeps, when it is read, only

* a plain relative name, read from ``<data dir>/attachments`` (what an import keeps), and
* a full path the user picked in this data folder's window: each one is noted, when the
  draft is saved, in ``attachments-picked.json`` beside the database -- outside it, so a
  database (or a backup of one) brought from elsewhere carries no picks with it.

Anything else is dropped with a warning that names it (``drafts`` prints it, the window
shows it on the draft): "attach it again" makes it a pick of this folder.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path

#: Beside ``followup.sqlite3``: the full paths the user picked in this data folder.
PICKED_FILE = "attachments-picked.json"
#: Picks kept, at most (the oldest go first).
MAX_PICKS = 10_000


class Picks:
    """The picks file of one database, read again only when it changed."""

    def __init__(self, db: Path) -> None:
        self.file = Path(db).with_name(PICKED_FILE)
        self._seen: tuple[int, int] | None = None
        self._paths: dict[str, None] = {}

    def paths(self) -> dict[str, None]:
        try:
            st = os.stat(self.file)
        except OSError:
            self._seen, self._paths = None, {}
            return self._paths
        stamp = (st.st_mtime_ns, st.st_size)
        if stamp != self._seen:
            self._seen, self._paths = stamp, _read(self.file)
        return self._paths

    def note(self, attachments: Iterable[str]) -> None:
        """Note the full paths among ``attachments`` as picked here (best effort: a folder
        that cannot keep the file drops them at the next read, with the warning)."""
        from followup_desktop.fileio import atomic_write

        new = [a for a in attachments if Path(a).is_absolute()]
        known = self.paths()
        if all(a in known for a in new):
            return
        paths = dict(known)
        paths.update(dict.fromkeys(new))
        kept = list(paths)[-MAX_PICKS:]
        try:
            atomic_write(self.file, json.dumps(kept, ensure_ascii=False).encode("utf-8"),
                         overwrite=True)
        except OSError:
            return
        self._seen = None

    def refusal(self, raw: str) -> str | None:
        """Why a saved draft may not read the attachment ``raw`` (``None``: it may)."""
        from followup_desktop.guards import imported_attachment_refusal

        if Path(raw).is_absolute():
            if raw in self.paths():
                return None
            return ("not picked in this data folder's window (it came with the database); "
                    "attach it again")
        return imported_attachment_refusal(raw)

    def split(self, attachments: Iterable[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """``(kept, dropped)``: the dropped ones as warnings that name each file."""
        kept, dropped = [], []
        for raw in attachments:
            why = self.refusal(raw)
            if why is None:
                kept.append(raw)
            else:
                dropped.append(f"{raw[:200]!r} not attached: {why}")
        return tuple(kept), tuple(dropped)


def _read(file: Path) -> dict[str, None]:
    try:
        value = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(value, list):
        return {}
    return dict.fromkeys(v for v in value if isinstance(v, str))
