"""Many drafts as ``.eml`` files, streamed: each is built, checked and written to a temporary
file as it comes, so no list of every message is ever held (190,000 drafts once took
9.4 GB); a draft that cannot be written fails alone, named, while the others are written.

Durability as :func:`followup_desktop.compose.eml.write_emls`: the contents of a batch are
made durable with one ``sync``, then each file gets its final name (never replacing one).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from followup_desktop.compose.eml import build_message, eml_filename, message_bytes, verify_message
from followup_desktop.compose.files import candidate_names
from followup_desktop.compose.model import Draft, DraftError
from followup_desktop.fileio import _claim, fsync_dir, make_folder, write_temp
from followup_desktop.records import Profile

#: Files made durable together (one ``sync``): bounded, so memory stays flat.
BATCH = 1000


@dataclass(frozen=True, slots=True)
class Written:
    """One draft's outcome: the file it was written to, or why it was not."""

    draft: Draft
    path: Path | None = None
    error: str | None = None


def _readback(path: Path, digest: bytes) -> bool:
    with path.open("rb") as fh:
        return hashlib.file_digest(fh, "sha256").digest() == digest


class _Batch:
    """Temporary files written, not yet named: made durable together, then claimed."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.pending: list[tuple[Draft | Written, Path | None, bytes]] = []

    def add(self, draft: Draft | Written, profile: Profile, now: dt.datetime) -> None:
        if isinstance(draft, Written):
            self.pending.append((draft, None, b""))
            return
        try:
            data = message_bytes(build_message(draft, profile, now))
            verify_message(data, draft, profile)
        except DraftError as exc:
            self.pending.append((Written(draft, error=str(exc)), None, b""))
            return
        try:
            tmp = write_temp(self.folder, data, sync=False)
        except OSError as exc:
            raise DraftError(f"Cannot write to {self.folder}: {exc.strerror or exc}.") from None
        self.pending.append((draft, tmp, hashlib.sha256(data).digest()))

    def _claim(self, draft: Draft, tmp: Path, digest: bytes) -> Written:
        names = candidate_names(eml_filename(draft))
        target = next((self.folder / n for n in names if _claim(tmp, self.folder / n)), None)
        if target is None:
            return Written(draft, error="999 files of that name already exist")
        if not _readback(target, digest):
            return Written(draft, error=f"{target.name} did not read back as written")
        return Written(draft, path=target)

    def flush(self) -> Iterator[Written]:
        if any(tmp is not None for _d, tmp, _h in self.pending):
            os.sync()
        claimed = False
        try:
            for item, tmp, digest in self.pending:
                if isinstance(item, Written) or tmp is None:
                    assert isinstance(item, Written)
                    yield item
                    continue
                done = self._claim(item, tmp, digest)
                claimed = claimed or done.path is not None
                yield done
        finally:
            for _item, tmp, _digest in self.pending:
                if tmp is not None:
                    with contextlib.suppress(FileNotFoundError):
                        os.unlink(tmp)
            self.pending.clear()
            if claimed:
                fsync_dir(self.folder)


def stream_emls(drafts: Iterable[Draft | Written], profile: Profile, folder: Path,
                now: dt.datetime, batch: int = BATCH) -> Iterator[Written]:
    """Write each draft as a new ``.eml`` in ``folder``; yield one :class:`Written` per
    draft, in order. An item that is already a :class:`Written` (a draft that failed
    before it got here) is passed through. :class:`DraftError` only when the folder itself
    cannot be written to; a draft's own problem is its outcome's ``error``."""
    try:
        make_folder(folder)
    except OSError as exc:
        raise DraftError(f"Cannot write to {folder}: {exc.strerror or exc}.") from None
    pending = _Batch(folder)
    for draft in drafts:
        pending.add(draft, profile, now)
        if len(pending.pending) >= batch:
            yield from pending.flush()
    yield from pending.flush()
