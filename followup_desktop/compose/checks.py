"""The draft checks of docs/rules.md ("What the composer checks"), plus the pace warning.

``run_checks(draft, context)`` returns one :class:`CheckResult` per check, in the order of
:data:`CHECKS`. Every check gives a reason the user can act on; only the first
(placeholders) blocks export. Checks that do not concern a draft's kind pass with a reason
saying so, so the list always has the same shape.

The checks live in families: :mod:`.checks_content` (what a note says) and
:mod:`.checks_form` (how it is addressed, signed and timed), on the shared parts of
:mod:`.check_base` and the text measures of :mod:`.check_text`; their names stay
importable from here.
"""

from __future__ import annotations

from collections.abc import Iterable

from followup_desktop.compose.check_base import (
    TITLES,
    Check,
    CheckContext,
    CheckResult,
    check_context,
)
from followup_desktop.compose.check_text import (
    Parts,
    paragraphs,
    sentences,
    similarity,
    split_body,
    uses_phrase,
    words,
)
from followup_desktop.compose.checks_content import (
    check_concise,
    check_no_decision_ask,
    check_panel,
    check_personal,
    check_placeholders,
    check_promise,
    check_voice,
    last_sent_to,
    pronoun_spans,
)
from followup_desktop.compose.checks_form import (
    _known_words,
    check_checkin_timing,
    check_one_recipient,
    check_pace,
    check_signature,
    check_spelling,
    check_subject,
    check_tone,
)
from followup_desktop.compose.model import Draft

#: The checks in order: the twelve of docs/rules.md, then the pace warning.
CHECKS: tuple[tuple[str, Check], ...] = (
    ("placeholders", check_placeholders),
    ("personal", check_personal),
    ("panel", check_panel),
    ("concise", check_concise),
    ("no-decision-ask", check_no_decision_ask),
    ("check-in-timing", check_checkin_timing),
    ("one-recipient", check_one_recipient),
    ("tone", check_tone),
    ("signature", check_signature),
    ("subject", check_subject),
    ("spelling", check_spelling),
    ("promise", check_promise),
    ("pace", check_pace),
    ("voice", check_voice),
)
CHECK_IDS: tuple[str, ...] = tuple(cid for cid, _ in CHECKS)


def run_checks(draft: Draft, context: CheckContext) -> list[CheckResult]:
    return [check(draft, context) for _, check in CHECKS]


def blocking_problems(results: Iterable[CheckResult]) -> list[CheckResult]:
    """The failed checks that stop an export (today: placeholders only)."""
    return [r for r in results if r.blocking and not r.ok]


__all__ = [
    "CHECKS", "CHECK_IDS", "TITLES", "Check", "CheckContext", "CheckResult", "Parts",
    "_known_words", "blocking_problems", "check_checkin_timing", "check_concise",
    "check_context", "check_no_decision_ask", "check_one_recipient", "check_pace",
    "check_panel", "check_personal", "check_placeholders", "check_promise",
    "check_signature", "check_spelling", "check_subject", "check_tone", "check_voice",
    "last_sent_to", "paragraphs", "pronoun_spans", "run_checks", "sentences", "similarity",
    "split_body", "uses_phrase", "words",
]
