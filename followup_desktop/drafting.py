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


@dataclasses.dataclass(frozen=True, slots=True)
class DraftView:
    """One recipient's draft as the composer shows it (issue 17: drafts follow their
    inputs). ``draft`` is the text on screen: the user's edit if they made one, else the
    template's text from today's inputs (``fresh``). ``change_line`` says what changed
    since the user edited it ("Dana's talking points changed — Reset to template to use
    them"), empty when nothing did."""

    draft: Draft
    fresh: Draft
    edited: bool
    from_template: bool
    change_line: str
    basis: dict[str, str]


def draft_views(ctx: AppContext, window: Window, now: dt.datetime | None = None
                ) -> list[DraftView]:
    """Every recipient's :class:`DraftView` of ``window``, made from the inputs as they are
    now: a draft nobody edited is always the template's current text."""
    from followup_desktop.compose.basis import changes_line, draft_basis

    app = ctx.application(window.application_id)
    if app is None:
        return []
    at = now or ctx.now()
    profile, settings = ctx.profile(), ctx.settings()
    fresh = compose_drafts(window, app, profile, settings, at,
                           user_templates=ctx.paths.templates)
    basis = draft_basis(window, app, profile, settings, at, ctx.paths.templates)
    out = []
    for d in fresh:
        saved = ctx.store.load_draft(window.key, d.person_id)
        shown = d
        if saved is not None:
            shown = dataclasses.replace(d, subject=saved.subject, body=saved.body,
                                        attachments=saved.attachments or d.attachments)
        same = (shown.subject, shown.body) == (d.subject, d.body)
        line = ""
        if saved is not None and not same:
            person = app.person(d.person_id)
            line = changes_line(ctx.store.load_draft_basis(window.key, d.person_id), basis,
                                person.first_name if person is not None else "")
        out.append(DraftView(shown, d, saved is not None and not same, same, line, basis))
    return out


def remember_basis(ctx: AppContext, window: Window, person_id: int | None,
                   basis: dict[str, str]) -> None:
    """Keep what a draft was made from when the user first edits it (a later edit keeps
    the first basis: the change line stays until they reset to the template)."""
    if ctx.store.load_draft_basis(window.key, person_id) is None:
        ctx.store.save_draft_basis(window.application_id, window.key, person_id, basis)
