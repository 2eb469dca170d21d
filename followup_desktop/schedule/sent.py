"""Who a follow-up goes to and what was already sent to them (docs/rules.md, "Who", "Pace",
"Closing a window"): the main contact, the week's count of follow-ups to one person, and the
sent messages of one application indexed per (kind, recipient). Part of :mod:`.rules`.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from collections.abc import Iterable

from followup_desktop.records import Application, Kind, Message, Participant

_WEEK = dt.timedelta(days=7)


def main_contact(app: Application) -> Participant | None:
    """The interviewer marked main contact (latest round first); else the first
    interviewer with an email of the latest round (then of earlier rounds); else ``None``."""
    rounds = app.interviews
    for iv in reversed(rounds):
        for part in iv.participants:
            if part.main_contact:
                return part
    for iv in reversed(rounds):
        for part in iv.participants:
            if part.person.email:
                return part
    return None


def messages_to_person_in_week(app: Application, person_id: int, at: dt.datetime,
                               *, include_thank_you: bool = False) -> int:
    """How many follow-ups went to ``person_id`` in the 7 days up to ``at`` (``(at-7d, at]``).

    A message counts for the person by its ``person_id``, or by its ``to`` address when it
    names no person. Debriefs never count; thank-you notes are set aside unless asked
    for ("never more than 2 follow-up messages, thank-you notes aside", docs/rules.md).
    """
    person = app.person(person_id)
    email = person.email.strip().lower() if person and person.email else None
    since = at - _WEEK
    count = 0
    for m in app.messages:
        if not since < m.sent_at <= at:
            continue
        if m.kind is Kind.DEBRIEF or (m.kind is Kind.THANK_YOU and not include_thank_you):
            continue
        if m.person_id == person_id or (
            m.person_id is None and email is not None and m.to is not None
            and m.to.strip().lower() == email
        ):
            count += 1
    return count


_RecipientKey = int | str | None


def _message_recipient(m: Message) -> _RecipientKey:
    if m.person_id is not None:
        return m.person_id
    if m.to:
        return m.to.strip().lower()
    return None


class _Sent:
    """The messages of one application, as sorted send times per (kind, recipient)."""

    __slots__ = ("_by", "_by_email")

    def __init__(self, messages: Iterable[Message]) -> None:
        by: dict[tuple[Kind, _RecipientKey], list[dt.datetime]] = {}
        by_email = False
        for m in messages:
            recipient = _message_recipient(m)
            by_email = by_email or isinstance(recipient, str)
            by.setdefault((m.kind, recipient), []).append(m.sent_at)
        for times in by.values():
            times.sort()
        self._by = by
        self._by_email = by_email  # any message named by address only?

    def _lists(self, kind: Kind, person_id: int | None,
               email: str | None) -> list[list[dt.datetime]]:
        by = self._by
        found = []
        if person_id is not None:
            times = by.get((kind, person_id))
            if times:
                found.append(times)
        if email and self._by_email:
            times = by.get((kind, email.strip().lower()))
            if times:
                found.append(times)
        if person_id is None and not email:
            times = by.get((kind, None))
            if times:
                found.append(times)
        return found

    def closed(self, kind: Kind, person_id: int | None, email: str | None,
               since: dt.datetime) -> bool:
        """Was a message of ``kind`` to this recipient sent at or after ``since``?"""
        by = self._by
        if not by:
            return False
        if person_id is not None:
            times = by.get((kind, person_id))
            if times and times[-1] >= since:
                return True
        elif not email:
            times = by.get((kind, None))
            return bool(times) and times[-1] >= since  # type: ignore[index]
        if email and self._by_email:
            times = by.get((kind, email.strip().lower()))
            if times and times[-1] >= since:
                return True
        return False

    def first_since(self, kind: Kind, person_id: int | None, email: str | None,
                    since: dt.datetime) -> dt.datetime | None:
        first: dt.datetime | None = None
        for times in self._lists(kind, person_id, email):
            i = bisect_left(times, since)
            if i < len(times) and (first is None or times[i] < first):
                first = times[i]
        return first
