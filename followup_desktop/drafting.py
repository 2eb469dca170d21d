"""Drafts as the user sees them: the composed text, overlaid with their saved edits.

Plain Python over AppContext; the composer pane and the ``drafts`` command both use it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from followup_desktop.compose import Draft, compose_drafts
from followup_desktop.context import AppContext
from followup_desktop.records import Window, WindowState


def drafts_for(ctx: AppContext, window: Window, now: dt.datetime | None = None) -> list[Draft]:
    """One draft per recipient of ``window``, with the user's saved edits applied."""
    app = ctx.application(window.application_id)
    if app is None:
        return []
    at = now or ctx.now()
    drafts = compose_drafts(window, app, ctx.profile(), ctx.settings(), at,
                            user_templates=ctx.paths.templates)
    out = []
    for d in drafts:
        saved = ctx.store.load_draft(window.key, d.person_id)
        if saved is not None:
            d = dataclasses.replace(d, subject=saved.subject, body=saved.body,
                                    attachments=saved.attachments or d.attachments)
        out.append(d)
    return out


def open_email_windows(ctx: AppContext, now: dt.datetime) -> list[Window]:
    """Email windows that have opened by ``now`` and are not sent, skipped or cancelled."""
    return [w for w in ctx.agenda(now)
            if w.kind.is_email and w.state in (WindowState.OPEN, WindowState.OVERDUE,
                                               WindowState.SNOOZED)
            and w.opens_at <= now]


def write_drafts(ctx: AppContext, folder: Path, now: dt.datetime) -> list[Path]:
    """One ``.eml`` per recipient for every open email window (``followup-desktop drafts``)."""
    from followup_desktop.compose import write_emls
    from followup_desktop.paths import make_private_dir

    make_private_dir(folder)
    drafts = [d for w in open_email_windows(ctx, now) for d in drafts_for(ctx, w, now)
              if d.to_email is not None]
    return write_emls(drafts, ctx.profile(), folder, now)
