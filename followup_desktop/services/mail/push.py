"""Drafts into the account's Drafts folder: one message per recipient, never twice.

Each draft (an open email window, one recipient) gets a Message-ID that Followup keeps
(``mail.pushed`` / ``mail.ids``). A push appends the draft with the flags ``\\Draft`` and
``\\Seen``; pushing again after a change appends the new text and then removes the copy it
had put there (found by its UID and Message-ID), so the folder never holds two. A draft
the user changed in their mail program (our copy's UID or size is no longer there) is left
alone. When a window is no longer open (sent, skipped, expired), its copy is removed --
unless the user changed it there.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import re
from collections.abc import Callable
from email.utils import make_msgid
from pathlib import Path
from typing import Any

from followup_desktop.compose.model import Draft, DraftError
from followup_desktop.context import AppContext
from followup_desktop.services.mail.account import Account
from followup_desktop.services.mail.errors import MailError
from followup_desktop.services.mail.journal import IDS_KEY, PUSHED_KEY, stored

FLAGS = (b"\\Draft", b"\\Seen")
_APPENDUID = re.compile(rb"APPENDUID (\d+) (\d+)", re.I)


@dataclasses.dataclass(frozen=True)
class PushLine:
    action: str  #: added, replaced, removed, kept, unchanged, skipped, gone
    text: str


def draft_key(draft: Draft) -> str:
    return f"{draft.window_key}|{draft.person_id or 0}"


def content_digest(draft: Draft, account_from: str) -> str:
    """What the draft says (not when it was built): equal digests, nothing to push."""
    parts: list[Any] = [account_from, draft.to_name, draft.to_email, draft.subject, draft.body]
    for raw in draft.attachments:
        try:
            parts.append([Path(raw).name, hashlib.sha256(Path(raw).read_bytes()).hexdigest()])
        except OSError:
            parts.append([raw, None])
    return hashlib.sha256(json.dumps(parts).encode()).hexdigest()[:32]


def current_drafts(ctx: AppContext, now: dt.datetime) -> list[Draft]:
    from followup_desktop.drafting import drafts_for, open_email_windows

    return [d for w in open_email_windows(ctx, now) for d in drafts_for(ctx, w, now)
            if d.to_email]


def _uids_with_id(imap: Any, message_id: str) -> list[int]:
    return sorted(int(u) for u in imap.search(["HEADER", "Message-ID", message_id]))


def _sizes(imap: Any, uids: list[int]) -> dict[int, int]:
    if not uids:
        return {}
    got = imap.fetch(uids, ["RFC822.SIZE"])
    return {int(u): int(v.get(b"RFC822.SIZE", -1)) for u, v in got.items()}


def _delete(imap: Any, uids: list[int]) -> None:
    if not uids:
        return
    imap.add_flags(uids, [b"\\Deleted"], silent=True)
    if imap.has_capability("UIDPLUS"):
        imap.uid_expunge(uids)
    # without UIDPLUS the copies stay flagged \Deleted (hidden by mail programs): a plain
    # EXPUNGE would also remove what the user's own programs marked deleted


def _append(imap: Any, folder: str, data: bytes, now: dt.datetime, message_id: str
            ) -> tuple[int | None, int | None]:
    """Append; (UIDVALIDITY, UID) of the new copy (APPENDUID, else found by Message-ID)."""
    answer = imap.append(folder, data, flags=FLAGS, msg_time=now)
    found = _APPENDUID.search(answer if isinstance(answer, bytes) else str(answer).encode())
    if found:
        return int(found.group(1)), int(found.group(2))
    uids = _uids_with_id(imap, message_id)
    return None, (uids[-1] if uids else None)


def push_drafts(ctx: AppContext, account: Account, imap: Any, now: dt.datetime,
                drafts: list[Draft] | None = None,
                only: Callable[[Draft], bool] | None = None) -> list[PushLine]:
    """Make Drafts hold exactly the open windows' drafts (or ``drafts``, for the window's
    Put in Drafts: then closed windows are not looked at). One line per draft."""
    folder = account.folders.drafts
    if not folder:
        raise MailError("the account has no Drafts folder (none is marked \\Drafts and none "
                        "is named like Drafts): create one in your mail program, then run "
                        "mail setup again")
    from imapclient.exceptions import IMAPClientError

    try:
        selected = imap.select_folder(folder)
    except IMAPClientError:
        raise MailError(f"the Drafts folder {folder!r} is not on the server any more: "
                        "run mail setup again to look for the folders") from None
    pusher = _Pusher(ctx, account, imap, now, folder, int(selected.get(b"UIDVALIDITY", 0)))
    wanted = current_drafts(ctx, now) if drafts is None else drafts
    if only is not None:
        wanted = [d for d in wanted if only(d)]
    lines = [pusher.push(draft) for draft in wanted]
    if drafts is None:
        keep = {draft_key(d) for d in wanted}
        lines += pusher.remove_closed(keep)
    return lines


class _Pusher:
    def __init__(self, ctx: AppContext, account: Account, imap: Any, now: dt.datetime,
                 folder: str, uidvalidity: int) -> None:
        self.ctx, self.imap, self.now = ctx, imap, now
        self.folder, self.uidvalidity = folder, uidvalidity
        profile = ctx.profile()
        self.sender = profile.email or account.address
        if not profile.email and account.address:
            profile = dataclasses.replace(profile, email=account.address)
        self.profile = profile
        self.pushed: dict[str, dict[str, Any]] = dict(stored(ctx.store, PUSHED_KEY))
        self.ids: dict[str, dict[str, Any]] = dict(stored(ctx.store, IDS_KEY))

    def save(self) -> None:
        with self.ctx.store.write():
            self.ctx.store.set_value(PUSHED_KEY, self.pushed)
            self.ctx.store.set_value(IDS_KEY, self.ids)

    def state_of(self, entry: dict[str, Any]) -> tuple[str, list[int]]:
        """("ours", uids) our copy is there unchanged (last in the list); ("changed",
        uids) the user changed it there; ("gone", []) it is not in Drafts any more."""
        uids = _uids_with_id(self.imap, entry["message_id"])
        mine = entry.get("uid")
        if mine in uids and entry.get("uidvalidity") in (None, self.uidvalidity):
            if entry.get("size") in (None, _sizes(self.imap, [mine]).get(mine)):
                return "ours", [u for u in uids if u != mine] + [mine]
            return "changed", uids
        return ("changed", uids) if uids else ("gone", [])

    def push(self, draft: Draft) -> PushLine:
        key = draft_key(draft)
        who = f"{draft.kind.label.lower()} to {draft.to_name} <{draft.to_email}>"
        entry = self.pushed.get(key)
        digest = content_digest(draft, self.sender)
        state, uids = self.state_of(entry) if entry else ("new", [])
        same = entry is not None and entry.get("digest") == digest
        if state == "ours" and same:
            _delete(self.imap, uids[:-1])  # a copy left by an interrupted push
            return PushLine("unchanged", f"unchanged: {who}")
        if state == "changed":
            return PushLine("kept", f"kept: {who} was changed in your mail program; "
                                    "Followup leaves it as it is")
        if state == "gone" and same:
            return PushLine("gone", f"not in Drafts any more (sent or deleted there): "
                                    f"{who}; not put back")
        return self._append(draft, key, entry, digest, uids, who,
                            "replaced" if state == "ours" else "added")

    def _append(self, draft: Draft, key: str, entry: dict[str, Any] | None, digest: str,
                old: list[int], who: str, action: str) -> PushLine:
        from followup_desktop.compose.eml import build_message, message_bytes

        message_id = entry["message_id"] if entry else make_msgid(
            idstring="followup", domain=(self.sender.rpartition("@")[2] or "followup.invalid"))
        try:
            msg = build_message(draft, self.profile, self.now, message_id=message_id)
        except DraftError as exc:
            return PushLine("skipped", f"skipped: {who}: {exc}")
        del msg["X-Unsent"]  # an IMAP draft is a draft by its \Draft flag
        box, uid = _append(self.imap, self.folder, message_bytes(msg), self.now, message_id)
        size = _sizes(self.imap, [uid]).get(uid) if uid else None
        _delete(self.imap, [u for u in old if u != uid])  # the copy this one replaces
        self.pushed[key] = {"message_id": message_id, "uid": uid,
                            "uidvalidity": box or self.uidvalidity, "size": size,
                            "digest": digest, "application_id": draft.application_id,
                            "pushed_at": self.now.isoformat()}
        self.ids[message_id] = {"key": draft.window_key, "person_id": draft.person_id,
                                "application_id": draft.application_id,
                                "kind": draft.kind.value, "to": draft.to_email,
                                "subject": draft.subject}
        self.save()  # after each draft: an interrupted push knows what it left there
        return PushLine(action, f"{action}: {who} — {draft.subject}")

    def remove_closed(self, keep: set[str]) -> list[PushLine]:
        """Remove the copies of drafts whose window is no longer open (unless changed)."""
        lines = []
        for key in [k for k in self.pushed if k not in keep]:
            entry = self.pushed[key]
            info = self.ids.get(entry["message_id"], {})
            who = f"{info.get('kind', 'draft')} to {info.get('to', '?')}"
            state, uids = self.state_of(entry)
            if state == "ours":
                _delete(self.imap, uids)
                lines.append(PushLine("removed", f"removed: {who} (the window is closed)"))
            elif state == "changed":
                lines.append(PushLine("kept", f"kept: {who} was changed in your mail program "
                                              "(the window is closed; delete it there if "
                                              "you do not need it)"))
            del self.pushed[key]
            self.save()
        return lines
