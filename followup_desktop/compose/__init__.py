"""The composer: drafts from templates, the draft checks, and the .eml / .ics writers.

Plain Python (no Qt). The UI and the CLI use these names:
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from followup_desktop.lazy import lazy_names

if TYPE_CHECKING:
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
    from followup_desktop.compose.ics import build_calendar, write_ics
    from followup_desktop.compose.model import Draft, DraftError
    from followup_desktop.compose.render import compose_draft, compose_drafts, render_template
    from followup_desktop.compose.spelling import misspelled

#: Where each name lives. Each submodule loads when one of its names is first used: the
#: window shows a draft long before it writes an ``.eml`` (the email package) or an
#: ``.ics`` (icalendar, several MB).
_HOME = {
    "checks": ("CHECK_IDS", "CheckContext", "CheckResult", "blocking_problems",
               "check_context", "run_checks", "similarity"),
    "eml": ("build_message", "clipboard_text", "mailto_url", "write_eml", "write_emls"),
    "files": ("safe_filename",),
    "ics": ("build_calendar", "write_ics"),
    "model": ("Draft", "DraftError"),
    "render": ("compose_draft", "compose_drafts", "render_template"),
    "spelling": ("misspelled",),
}
_MODULE_OF = {name: module for module, names in _HOME.items() for name in names}

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


__getattr__ = lazy_names(__name__, _MODULE_OF, globals())
