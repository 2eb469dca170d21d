"""What the user does with a follow-up's drafts: export, mark sent, skip, debrief done.

For one recipient or a whole round (every recipient of a panel): each function takes the
windows and drafts it acts on, reads the clock once (or takes ``now``) so that every
record of one user action carries the same time, and saves in one transaction. The
composer, the tray and the command line call these; they say the result in their own way.

Composing the drafts themselves (the template overlaid with the user's saved edits) is
:func:`drafts_for`; the ``drafts DIR`` command's batch writer is
:func:`followup_desktop.services.drafts_folder.fill_drafts_folder` (one file per draft,
replaced when its text changed, left alone when not).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from followup_desktop.compose import Draft
from followup_desktop.context import AppContext
from followup_desktop.drafting import drafts_for, open_email_windows
from followup_desktop.records import FollowupWindow, Kind
from followup_desktop.store import StoreError

#: The folder the last draft was exported to (the export dialog starts there).
EXPORT_DIR_KEY = "composer.export_dir"


@dataclass(frozen=True, slots=True)
class Exported:
    """``.eml`` files written; ``state_error`` when they were written but the store could
    not record it (the files are there: the user is told, nothing is written twice)."""

    paths: tuple[Path, ...]
    state_error: StoreError | None = None


def _now(ctx: AppContext, now: dt.datetime | None) -> dt.datetime:
    return ctx.now() if now is None else now


def export_drafts(ctx: AppContext, items: Sequence[tuple[FollowupWindow, Draft]],
                  folder: Path | str, *, now: dt.datetime | None = None) -> Exported:
    """Write each draft as a new ``.eml`` in ``folder`` (nothing when one is refused:
    :class:`~followup_desktop.compose.DraftError`), remember the folder and mark the
    windows exported."""
    from followup_desktop.compose.eml import write_eml, write_emls  # the email package: now

    at = _now(ctx, now)
    profile = ctx.profile()
    target = Path(folder)
    if len(items) == 1:
        paths: Sequence[Path] = [write_eml(items[0][1], profile, target, at)]
    else:
        paths = write_emls([d for _w, d in items], profile, target, at)
    try:
        with ctx.store.write():
            ctx.store.set_value(EXPORT_DIR_KEY, str(folder))
            _update(ctx, [w for w, _d in items], exported_at=at)
    except StoreError as exc:
        return Exported(tuple(paths), exc)
    return Exported(tuple(paths))


def mark_sent(ctx: AppContext, items: Sequence[tuple[FollowupWindow, Draft]], *,
              now: dt.datetime | None = None) -> list[int]:
    """Record each draft as a message sent now (its window closes); the message ids, for
    :func:`undo_sent`."""
    at = _now(ctx, now)
    ids = []
    with ctx.store.write():
        for window, draft in items:
            to = draft.to_email if draft.kind.is_email else None
            ids.append(ctx.store.record_message(window.application_id, draft.kind,
                                                person_id=draft.person_id, to=to, sent_at=at,
                                                subject=draft.subject, body=draft.body))
    return ids


def undo_sent(ctx: AppContext, message_ids: Sequence[int]) -> None:
    """Take back :func:`mark_sent` (or :func:`mark_debrief_done`)."""
    with ctx.store.write():
        for mid in message_ids:
            ctx.store.delete_message(mid)


def skip(ctx: AppContext, windows: Sequence[FollowupWindow], *,
         now: dt.datetime | None = None) -> None:
    """The windows leave the agenda; no reminder comes for them."""
    _update(ctx, windows, skipped_at=_now(ctx, now))


def undo_skip(ctx: AppContext, windows: Sequence[FollowupWindow]) -> None:
    _update(ctx, windows, skipped_at=None)


def mark_debrief_done(ctx: AppContext, window: FollowupWindow, *,
                      now: dt.datetime | None = None) -> int:
    """The debrief of ``window`` is written (in the app or elsewhere): its reminder stops.
    The message id, for :func:`undo_sent`."""
    if window.kind is not Kind.DEBRIEF:
        raise ValueError(f"{window.kind.label} is not a debrief")
    return ctx.store.record_message(window.application_id, Kind.DEBRIEF, person_id=None,
                                    to=None, sent_at=_now(ctx, now), subject="Debrief",
                                    body="")


def _update(ctx: AppContext, windows: Sequence[FollowupWindow], **changes: object) -> None:
    """Set state fields on ``windows`` (of one or several applications), one transaction."""
    keys: dict[int, list[str]] = {}
    for w in windows:
        keys.setdefault(w.application_id, []).append(w.key)
    with ctx.store.write():
        for app_id, app_keys in keys.items():
            ctx.store.update_states(app_id, list(dict.fromkeys(app_keys)), **changes)


__all__ = ["EXPORT_DIR_KEY", "Exported", "drafts_for", "export_drafts", "mark_debrief_done",
           "mark_sent", "open_email_windows", "skip", "undo_sent", "undo_skip"]
