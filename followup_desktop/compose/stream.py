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


def stream_emls(drafts: Iterable[Draft | Written], profile: Profile, folder: Path,  # noqa: C901 (batched writes with one fsync each)
                now: dt.datetime, batch: int = BATCH) -> Iterator[Written]:
    """Write each draft as a new ``.eml`` in ``folder``; yield one :class:`Written` per
    draft, in order. An item that is already a :class:`Written` (a draft that failed
    before it got here) is passed through. :class:`DraftError` only when the folder itself
    cannot be written to; a draft's own problem is its outcome's ``error``."""
    try:
        make_folder(folder)
    except OSError as exc:
        raise DraftError(f"Cannot write to {folder}: {exc.strerror or exc}.") from None
    pending: list[tuple[Draft | Written, Path | None, bytes]] = []

    def flush() -> Iterator[Written]:
        if any(tmp is not None for _d, tmp, _h in pending):
            os.sync()
        claimed = False
        try:
            for item, tmp, digest in pending:
                if isinstance(item, Written):
                    yield item
                    continue
                assert tmp is not None
                target = next((folder / n for n in candidate_names(eml_filename(item))
                               if _claim(tmp, folder / n)), None)
                if target is None:
                    yield Written(item, error="999 files of that name already exist")
                elif not _readback(target, digest):
                    yield Written(item, error=f"{target.name} did not read back as written")
                else:
                    claimed = True
                    yield Written(item, path=target)
        finally:
            for _item, tmp, _digest in pending:
                if tmp is not None:
                    with contextlib.suppress(FileNotFoundError):
                        os.unlink(tmp)
            pending.clear()
            if claimed:
                fsync_dir(folder)

    for draft in drafts:
        if isinstance(draft, Written):
            pending.append((draft, None, b""))
        else:
            try:
                data = message_bytes(build_message(draft, profile, now))
                verify_message(data, draft, profile)
            except DraftError as exc:
                pending.append((Written(draft, error=str(exc)), None, b""))
            else:
                try:
                    tmp = write_temp(folder, data, sync=False)
                except OSError as exc:
                    raise DraftError(f"Cannot write to {folder}: "
                                     f"{exc.strerror or exc}.") from None
                pending.append((draft, tmp, hashlib.sha256(data).digest()))
                del data
        if len(pending) >= batch:
            yield from flush()
    yield from flush()
