"""The checks every write of the store makes, whichever method makes it. No Qt here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

import peewee as pw

from followup_desktop.records import SPAN_REASON, in_span
from followup_desktop.store.errors import StoreError


def check_span(*values: dt.date | None) -> None:
    """Refuse a date outside the span Followup keeps (see ``records.in_span``) before it is
    written: the schedule could not add days to it."""
    for value in values:
        if value is not None and not in_span(value):
            day = value.date() if isinstance(value, dt.datetime) else value
            raise StoreError(f"Not saved: {SPAN_REASON} ({day.isoformat()} is not).")


def span_checked(clock: Callable[[], dt.datetime]) -> Callable[[], dt.datetime]:
    """The store's clock stamps its writes (created, updated, ...): one outside the span
    Followup keeps (set before 1970, or a dead clock battery) makes the write fail in words
    rather than store a 1969 date that every later read would trip over. Each call reads
    the clock once, as before."""
    if getattr(clock, "span_checked", False):
        return clock

    def checked() -> dt.datetime:
        now = clock()
        if not in_span(now):
            raise StoreError(f"Not saved: the computer's clock says "
                             f"{now.date().isoformat()}; {SPAN_REASON}. Set the date and "
                             "time, then try again.")
        return now

    checked.span_checked = True
    return checked


def one_line(text: str, what: str) -> str:
    """The one rule for one-line fields (``guards.check_line``): the store holds no name
    with a line break or a hidden character, whichever way it came in (dialog, data file,
    invitation, spreadsheet)."""
    from followup_desktop.guards import FieldError, check_line

    try:
        return check_line(text or "", what)
    except FieldError as exc:
        raise StoreError(f"Not saved: {exc}.") from None


def imported_attachments(names: Iterable[str]) -> list[str]:
    """A file's drafts keep only attachments under the data folder."""
    from followup_desktop.guards import imported_attachment_refusal

    return [a for a in names if imported_attachment_refusal(a) is None]


def write_error(exc: pw.OperationalError) -> StoreError:
    text = str(exc)
    if "full" in text:
        return StoreError("Not saved: the disk is full. Free some space and save again — "
                          "your text is still here.")
    if "readonly" in text:
        return StoreError("Not saved: Followup's data folder is read-only.")
    if "locked" in text or "busy" in text:
        return StoreError("Not saved: another Followup kept this data folder busy for "
                          "too long. Try again in a moment.")
    if "I/O" in text or "disk" in text:
        return StoreError(f"Not saved: the disk reported an error ({text}).")
    return StoreError(f"Not saved: {text}")
