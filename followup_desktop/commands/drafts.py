"""``followup-desktop drafts DIR``: the open email follow-ups as ``.eml`` files in a folder,
the same folder run after run (``interchange.md``)."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from followup_desktop.context import AppContext


def cmd_drafts(ctx: AppContext, folder: Path, now: dt.datetime) -> str:
    """One line per draft written, and under it one per check that warns (interchange.md,
    version 2); run again into the same folder, a draft whose file already says the same
    is left alone and a changed one replaces its file (services/drafts_folder.py). A
    draft that cannot be written is named on stderr and the others are written; the exit
    status is then non-zero."""
    from followup_desktop.commands.common import UserError, one_line, require_profile_name
    from followup_desktop.services.drafts_folder import FAILED, UNCHANGED, fill_drafts_folder

    require_profile_name(ctx)
    counts: dict[str, int] = {}
    for outcome in fill_drafts_folder(ctx, folder, now):
        counts[outcome.action] = counts.get(outcome.action, 0) + 1
        if outcome.action == FAILED:
            print(f"followup-desktop: not written: {one_line(outcome.label)}: "
                  f"{one_line(outcome.error or '')}", file=sys.stderr)
        elif outcome.action != UNCHANGED and outcome.path is not None:
            lines = [f"{outcome.path.name}"]
            lines += [f"  warning: {check}: {one_line(reason)}"
                      for check, reason in outcome.warnings]
            print("\n".join(lines))
    summary = ", ".join(f"{counts[a]} {a}" for a in ("written", "replaced", "unchanged")
                        if counts.get(a))
    if counts.get(FAILED):
        done = f"; {summary} in {folder}" if summary else "; nothing written"
        raise UserError(f"{counts[FAILED]} draft(s) not written (named above){done}")
    if not summary:
        from followup_desktop.drafting import nothing_open_line

        return nothing_open_line(ctx, now)
    return f"Drafts in {folder}: {summary}."
