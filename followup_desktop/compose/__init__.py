"""The composer: drafts from templates, the draft checks, and the .eml / .ics writers.

Plain Python (no Qt). The UI and the CLI use these names:
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from followup_desktop.compose.checks import (
    CHECK_IDS,
    CheckContext,
    CheckResult,
    blocking_problems,
    check_context,
    run_checks,
    similarity,
)
from followup_desktop.compose.eml import (
    build_message,
    clipboard_text,
    mailto_url,
    write_eml,
    write_emls,
)
from followup_desktop.compose.files import safe_filename
from followup_desktop.compose.model import Draft, DraftError
from followup_desktop.compose.render import compose_draft, compose_drafts, render_template
from followup_desktop.compose.spelling import misspelled

if TYPE_CHECKING:  # icalendar (several MB) loads when a calendar is first written
    from followup_desktop.compose.ics import build_calendar, write_ics

__all__ = [
    "CHECK_IDS",
    "CheckContext",
    "CheckResult",
    "Draft",
    "DraftError",
    "blocking_problems",
    "build_calendar",
    "build_message",
    "check_context",
    "clipboard_text",
    "compose_draft",
    "compose_drafts",
    "mailto_url",
    "misspelled",
    "render_template",
    "run_checks",
    "safe_filename",
    "similarity",
    "write_eml",
    "write_emls",
    "write_ics",
]


def __getattr__(name: str) -> Any:
    if name in ("build_calendar", "write_ics"):
        from followup_desktop.compose import ics

        return getattr(ics, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
