"""Drafts as the user sees them: the composed text, overlaid with their saved edits.

Plain Python over AppContext; the composer pane and the ``drafts`` command both use it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from followup_desktop.compose import Draft, compose_drafts
from followup_desktop.context import AppContext
from followup_desktop.records import Window, WindowState

if TYPE_CHECKING:
    from followup_desktop.compose.stream import Written


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


@dataclass(frozen=True, slots=True)
class DraftOutcome:
    """What ``drafts DIR`` did with one draft: the file, or why not; and the checks that
    warn (``(check id, reason)``) and the user template's problem, if any."""

    draft: Draft
    path: Path | None
    error: str | None
    warnings: tuple[tuple[str, str], ...] = ()

    @property
    def label(self) -> str:
        d = self.draft
        who = d.to_name or d.to_email or "someone"
        where = f" ({d.company})" if d.company else ""
        return f"{d.kind.label} to {who}{where}"


def _drafts_with_warnings(ctx: AppContext, now: dt.datetime
                          ) -> Iterator[tuple[Draft | Written, tuple[tuple[str, str], ...]]]:
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
            warnings: list[tuple[str, str]] = []
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


def write_drafts_each(ctx: AppContext, folder: Path, now: dt.datetime
                      ) -> Iterator[DraftOutcome]:
    """``followup-desktop drafts DIR``: one ``.eml`` per recipient for every open email
    window, streamed (one draft at a time; nothing holds every message). Yields one
    outcome per draft, in the agenda's order; a draft that cannot be written fails alone.
    """
    from followup_desktop.compose.stream import stream_emls
    from followup_desktop.paths import make_private_dir

    make_private_dir(folder)
    warned: dict[int, tuple[tuple[str, str], ...]] = {}

    def drafts() -> Iterator[Draft | Written]:
        for item, warnings in _drafts_with_warnings(ctx, now):
            warned[id(item)] = warnings
            yield item

    for written in stream_emls(drafts(), ctx.profile(), folder, now):
        warnings = warned.pop(id(written), None)
        if warnings is None:
            warnings = warned.pop(id(written.draft), ())
        yield DraftOutcome(written.draft, written.path, written.error, warnings)


def write_drafts(ctx: AppContext, folder: Path, now: dt.datetime) -> list[Path]:
    """The files :func:`write_drafts_each` wrote."""
    return [o.path for o in write_drafts_each(ctx, folder, now) if o.path is not None]
