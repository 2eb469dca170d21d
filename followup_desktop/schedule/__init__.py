"""The follow-up schedule: pure functions from records and a moment to windows. No Qt.

See ``docs/rules.md`` ("Windows") for the rules, and :mod:`.rules` for the choices made
where the rules leave room.
"""

from __future__ import annotations

from .rules import (
    effective_status,
    main_contact,
    messages_to_person_in_week,
    no_response_at,
    plan,
    plan_each,
    sort_windows,
)
from .timemath import add_days_local, at_local_time, defer_to_working_hours

__all__ = [
    "add_days_local",
    "at_local_time",
    "defer_to_working_hours",
    "effective_status",
    "main_contact",
    "messages_to_person_in_week",
    "no_response_at",
    "plan",
    "plan_each",
    "sort_windows",
]
