"""Drafts as the user sees them: the composed text, overlaid with their saved edits.

Plain Python over AppContext; the composer pane and the ``drafts`` command both use it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING

from followup_desktop.compose import Draft, compose_drafts
from followup_desktop.context import AppContext
from followup_desktop.records import FollowupWindow, WindowState

if TYPE_CHECKING:
    from followup_desktop.compose.stream import Written


def drafts_for(ctx: AppContext, window: FollowupWindow,
               now: dt.datetime | None = None) -> list[Draft]:
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


def open_email_windows(ctx: AppContext, now: dt.datetime) -> list[FollowupWindow]:
    """Email windows that are open or overdue at ``now`` (docs: interchange.md, ``drafts``):
    not upcoming, not snoozed (the user put it off: it comes back when the snooze ends),
    not expired, and not sent, skipped or cancelled."""
    return [w for w in ctx.agenda(now)
            if w.kind.is_email and w.state in (WindowState.OPEN, WindowState.OVERDUE)
            and w.opens_at <= now]


def nothing_open_line(ctx: AppContext, now: dt.datetime) -> str:
    """What ``drafts`` says when no email window is open: when the next one opens (or a
    snoozed one comes back), from the plan; nothing is written, no folder made."""
    from followup_desktop.humanize import local_when

    tz = ctx.tz()
    head = f"No email follow-up is open as of {local_when(now, tz)}; nothing written."
    later = [((w.snoozed_until if w.state is WindowState.SNOOZED and w.snoozed_until
               else w.opens_at), w) for w in ctx.agenda(now)
             if w.kind.is_email and w.state in (WindowState.UPCOMING, WindowState.SNOOZED)]
    later = [(at, w) for at, w in later if at > now]
    if not later:
        return f"{head} No later email follow-up is planned."
    at, w = min(later, key=lambda item: item[0])
    to = f" to {w.recipient}" if w.recipient else ""
    return (f"{head} The next opens {local_when(at, tz, now)}: {w.kind.label}{to} "
            f"({w.company}).")


def resolved_attachments(ctx: AppContext, draft: Draft) -> Draft:
    """``draft`` with each attachment as the file it is read from: a full path as the user
    picked it, or a name under ``<data dir>/attachments`` (where an imported draft's
    attachments live). A name that leads anywhere else is kept as it is, relative, and
    :func:`followup_desktop.compose.eml.build_message` refuses it."""
    from followup_desktop.guards import attachment_path

    if not draft.attachments:
        return draft
    files = []
    for raw in draft.attachments:
        path = attachment_path(raw, ctx.paths.data_dir)
        files.append(raw if path is None else str(path))
    return dataclasses.replace(draft, attachments=tuple(files))


def dropped_attachments(ctx: AppContext, key: str, person_id: int | None
                        ) -> tuple[str, ...]:
    """The attachments of a saved draft that it may not read, each named with why: not a
    file of the data folder, nor one the user picked in its window
    (:mod:`followup_desktop.store.attachments`); the draft is made without them."""
    saved = ctx.store.load_draft(key, person_id)
    return saved.dropped if saved is not None else ()


def drafts_with_warnings(ctx: AppContext, now: dt.datetime
                         ) -> Iterator[tuple[Draft | Written, tuple[tuple[str, str], ...]]]:
    """Every draft of every open email window (the agenda's order), one at a time, with
    the checks that warn (``(check id, reason)``); a window whose drafts cannot be
    composed is one :class:`Written` with its error (``drafts DIR``:
    :mod:`followup_desktop.services.drafts_folder`)."""
    from jinja2 import TemplateError

    from followup_desktop.compose import DraftError, check_context, run_checks
    from followup_desktop.compose.stream import Written

    profile, settings, words = ctx.profile(), ctx.settings(), ctx.store.words()
    for window in open_email_windows(ctx, now):
        app = ctx.application(window.application_id)
        if app is None:
            continue
        try:
            drafts = drafts_for(ctx, window, now)
        except (DraftError, ValueError, OSError, TemplateError) as exc:
            # the window's drafts fail alone; the others are written
            blank = Draft(window.kind, window.key, window.person_id, window.recipient or "",
                          window.to, "", "", company=window.company, role=window.role)
            yield Written(blank, error=f"cannot compose it: {exc}"), ()
            continue
        for d in drafts:
            if d.to_email is None:
                continue
            d = resolved_attachments(ctx, d)
            warnings: list[tuple[str, str]] = [
                ("attachment", w) for w in dropped_attachments(ctx, d.window_key, d.person_id)]
            if d.template_problem:
                warnings.append(("template", d.template_problem))
            try:
                results = run_checks(d, check_context(d, app, profile, settings, now,
                                                      drafts, words))
            except (ValueError, TemplateError) as exc:  # a check never stops a draft
                warnings.append(("checks", f"could not run: {exc}"))
            else:
                warnings.extend((r.id, r.reason) for r in results if not r.ok)
            yield d, tuple(warnings)


@dataclasses.dataclass(frozen=True, slots=True)
class DraftView:
    """One recipient's draft as the composer shows it (a draft follows its
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


def draft_views(ctx: AppContext, window: FollowupWindow, now: dt.datetime | None = None
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
        if saved is not None and saved.dropped:  # shown on the draft, named
            line = " ".join([line, *saved.dropped]).strip()
        out.append(DraftView(shown, d, saved is not None and not same, same, line, basis))
    return out


def remember_basis(ctx: AppContext, window: FollowupWindow, person_id: int | None,
                   basis: dict[str, str]) -> None:
    """Keep what a draft was made from when the user first edits it (a later edit keeps
    the first basis: the change line stays until they reset to the template)."""
    if ctx.store.load_draft_basis(window.key, person_id) is None:
        ctx.store.save_draft_basis(window.application_id, window.key, person_id, basis)
