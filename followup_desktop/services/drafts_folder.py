"""``followup-desktop drafts DIR`` run again and again into one folder: each follow-up's
draft for each person is one file there, replaced when its text changed, left alone when
it did not (no ``name (2).eml`` pile). The files it wrote are listed in a small hidden file
in the folder (:data:`MANIFEST`) with what each was made from and its bytes' digest:

- a file not in that list is the user's own and is never touched, nor is any name taken;
- a listed file whose bytes changed since (the user edited it) is left as it is too:
  a changed draft is then written beside it under a new name;
- a listed file that is gone is written again.

Every file is written whole under a temporary name first, the batch made durable with
one ``sync``, then named (a new name is claimed, never replacing a file; a replaced
file is renamed over). The folder is made only when there is a file to write.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from followup_desktop.compose import Draft, DraftError
from followup_desktop.context import AppContext
from followup_desktop.records import Profile

#: The list of files ``drafts`` wrote into a folder (see the module's text).
MANIFEST = ".followup-drafts.json"
#: Files made durable together (one ``sync``): bounded, so memory stays flat.
BATCH = 1000

WRITTEN, REPLACED, UNCHANGED, FAILED = "written", "replaced", "unchanged", "failed"


@dataclass(frozen=True, slots=True)
class FolderOutcome:
    """What ``drafts DIR`` did with one draft: ``action`` is :data:`WRITTEN` (a new
    file), :data:`REPLACED` (its earlier file, rewritten), :data:`UNCHANGED` (its file
    already says this) or :data:`FAILED` (``error`` says why)."""

    draft: Draft
    action: str
    path: Path | None = None
    error: str | None = None
    warnings: tuple[tuple[str, str], ...] = ()

    @property
    def label(self) -> str:
        d = self.draft
        who = d.to_name or d.to_email or "someone"
        where = f" ({d.company})" if d.company else ""
        return f"{d.kind.label} to {who}{where}"


def draft_slot(d: Draft) -> str:
    """Which file of the folder a draft is: its follow-up window and its person."""
    who = str(d.person_id) if d.person_id is not None else f"to:{d.to_email or ''}"
    return f"{d.window_key}\x1f{who}"


def draft_fingerprint(d: Draft, profile: Profile) -> str:
    """What the file says, apart from its date and message id: the same fingerprint means
    the file on disk already is this draft. An attachment counts by name, size and time."""
    files = []
    for raw in d.attachments:
        try:
            st = os.stat(raw)
            files.append([raw, st.st_size, st.st_mtime_ns])
        except OSError:
            files.append([raw, -1, -1])
    text = json.dumps([profile.name, profile.email, d.to_name, d.to_email, d.subject,
                       d.body, files, list(d.cc), list(d.bcc)], ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _file_digest(path: Path) -> str | None:
    try:
        with path.open("rb") as fh:
            return hashlib.file_digest(fh, "sha256").hexdigest()
    except OSError:
        return None


def read_manifest(folder: Path) -> dict[str, dict[str, str]]:
    """The files an earlier ``drafts`` wrote into ``folder`` (empty when none, or when the
    list is unreadable: then every draft is a new file, and no file is replaced)."""
    try:
        doc = json.loads((folder / MANIFEST).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    files = doc.get("files") if isinstance(doc, dict) else None
    if not isinstance(files, dict):
        return {}
    return {k: v for k, v in files.items()
            if isinstance(v, dict) and all(isinstance(v.get(f), str)
                                           for f in ("name", "content", "sha256"))
            and "/" not in v["name"] and v["name"] not in ("", ".", "..", MANIFEST)}


class _Folder:
    """The folder being filled: the earlier list, the batch of temporary files."""

    def __init__(self, folder: Path, profile: Profile, now: dt.datetime) -> None:
        self.folder, self.profile, self.now = folder, profile, now
        self.known = read_manifest(folder)
        self.made = folder.is_dir()
        self.changed = False
        self.pending: list[tuple[Draft, tuple[tuple[str, str], ...], str, Path, str,
                                 Path | None]] = []

    def add(self, d: Draft, warnings: tuple[tuple[str, str], ...]) -> FolderOutcome | None:
        """The outcome at once when nothing is to be written, else None (queued)."""
        from followup_desktop.compose.eml import build_message, message_bytes, verify_message

        slot, content = draft_slot(d), draft_fingerprint(d, self.profile)
        earlier = self.known.get(slot)
        target: Path | None = None
        if earlier is not None:
            old = self.folder / earlier["name"]
            if _file_digest(old) == earlier["sha256"]:  # still as written: ours to replace
                if earlier["content"] == content:
                    return FolderOutcome(d, UNCHANGED, old, warnings=warnings)
                target = old
        try:
            data = message_bytes(build_message(d, self.profile, self.now))
            verify_message(data, d, self.profile)
        except DraftError as exc:
            return FolderOutcome(d, FAILED, error=str(exc), warnings=warnings)
        if not self.made:
            # the folder itself only, readable by the user alone: a missing parent is a
            # mistyped path, said as such (FileNotFoundError), never a tree made here
            self.folder.mkdir(mode=0o700)
            self.made = True
        from followup_desktop.fileio import write_temp

        tmp = write_temp(self.folder, data, sync=False)
        self.pending.append((d, warnings, slot, tmp, content, target))
        return None

    def flush(self) -> Iterator[FolderOutcome]:
        from followup_desktop.compose.eml import eml_filename
        from followup_desktop.compose.files import candidate_names
        from followup_desktop.fileio import _claim, fsync_dir

        if not self.pending:
            return
        os.sync()
        try:
            for d, warnings, slot, tmp, content, target in self.pending:
                digest = _file_digest(tmp) or ""
                if target is not None:
                    os.replace(tmp, target)
                    action = REPLACED
                else:
                    names = candidate_names(eml_filename(d))
                    target = next((self.folder / n for n in names
                                   if n != MANIFEST and _claim(tmp, self.folder / n)), None)
                    action = WRITTEN
                if target is None:
                    yield FolderOutcome(d, FAILED, error="999 files of that name already "
                                        "exist", warnings=warnings)
                    continue
                self.known[slot] = {"name": target.name, "content": content, "sha256": digest}
                self.changed = True
                yield FolderOutcome(d, action, target, warnings=warnings)
        finally:
            for *_rest, tmp, _c, _t in self.pending:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(tmp)
            self.pending.clear()
            fsync_dir(self.folder)

    def save(self) -> None:
        """The list, rewritten whole (atomically) when a file was written."""
        if not self.changed:
            return
        from followup_desktop.fileio import atomic_write

        doc = {"what": "the drafts followup-desktop wrote here; delete it to start anew",
               "version": 1, "files": self.known}
        atomic_write(self.folder / MANIFEST, json.dumps(doc, indent=1).encode("utf-8"),
                     overwrite=True)


def fill_drafts_folder(ctx: AppContext, folder: Path, now: dt.datetime
                       ) -> Iterator[FolderOutcome]:
    """One :class:`FolderOutcome` per draft of every open email window (the agenda's
    order, streamed in batches); a draft that cannot be composed or written fails alone.
    :class:`DraftError` only when the folder itself cannot be written to."""
    from followup_desktop.compose.stream import Written
    from followup_desktop.drafting import drafts_with_warnings

    state = _Folder(folder, ctx.profile(), now)
    try:
        for item, warnings in drafts_with_warnings(ctx, now):
            if isinstance(item, Written):
                yield FolderOutcome(item.draft, FAILED, error=item.error, warnings=warnings)
                continue
            try:
                done = state.add(item, warnings)
            except OSError as exc:
                raise DraftError(f"Cannot write to {folder}: {exc.strerror or exc}.") from None
            if done is not None:
                yield done
            if len(state.pending) >= BATCH:
                yield from state.flush()
        yield from state.flush()
    finally:
        state.save()
