"""``agenda --json``: the agenda items of ``interchange.md`` as JSON text, made fast.

:func:`window_dicts` is the plain, obviously right form; :func:`windows_json_chunks` writes
exactly the same text without the pure-Python ``json`` encoder (a test compares the two)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence

from followup_desktop.clock import iso_z
from followup_desktop.records import FollowupWindow, Kind, WindowState


def window_dicts(windows: Sequence[FollowupWindow]) -> list[dict[str, object]]:
    """The agenda items of ``interchange.md``: the plain, obviously right form."""
    return [
        {
            "company": w.company,
            "role": w.role,
            "kind": w.kind.value,
            "to": w.to,
            "recipient": w.recipient,
            "opens_at": iso_z(w.opens_at),
            "due_at": iso_z(w.due_at),
            "state": w.state.value,
        }
        for w in windows
    ]


def windows_json_chunks(windows: Sequence[FollowupWindow], per_chunk: int = 500) -> Iterator[str]:
    """Pieces that join to exactly ``json.dumps(window_dicts(windows), ensure_ascii=False,
    indent=1)``, made fast, ``per_chunk`` items at a time (so they can be written out while
    the next are made).

    ``json.dumps`` with ``indent`` runs the pure-Python encoder, and ``iso_z`` goes
    through ``strftime``; here each item is one f-string, strings are escaped by the same
    C function ``json`` uses (``encode_basestring``, as with ``ensure_ascii=False``) and
    UTC times are cut from ``isoformat()``. A test compares the two byte for byte.
    """
    if not windows:
        yield "[]"
        return
    from json.encoder import encode_basestring as enc

    utc = dt.UTC
    kinds = {k: enc(k.value) for k in Kind}
    states = {s: enc(s.value) for s in WindowState}

    texts: dict[dt.datetime | None, str] = {None: "null"}  # rounds share their times

    def when(t: dt.datetime | None) -> str:
        if t is not None and t.tzinfo is not utc:
            # first to UTC: equal local times may differ by fold (PEP 495), UTC ones cannot
            t = t.astimezone(utc)
        text = texts.get(t)
        if text is None:
            assert t is not None
            # strftime("%Y") does not pad years before 1000: keep its output for those
            text = enc(iso_z(t) or "") if t.year < 1000 else f'"{t.isoformat()[:19]}Z"'
            texts[t] = text
        return text

    get = texts.get
    yield "[\n {"
    for first in range(0, len(windows), per_chunk):
        items: list[str] = []
        append = items.append
        for w in windows[first:first + per_chunk]:
            opens, due, to, recipient = w.opens_at, w.due_at, w.to, w.recipient
            opens_text = get(opens) if opens.tzinfo is utc else None
            if opens_text is None:
                opens_text = when(opens)
            due_text = get(due) if due is None or due.tzinfo is utc else None
            if due_text is None:
                due_text = when(due)
            append(f'\n  "company": {enc(w.company)},\n  "role": {enc(w.role)},\n'
                   f'  "kind": {kinds[w.kind]},\n'
                   f'  "to": {"null" if to is None else enc(to)},\n'
                   f'  "recipient": {"null" if recipient is None else enc(recipient)},\n'
                   f'  "opens_at": {opens_text},\n  "due_at": {due_text},\n'
                   f'  "state": {states[w.state]}\n')
        if first:
            yield " },\n {"
        yield " },\n {".join(items)
    yield " }\n]"


def windows_json_text(windows: Sequence[FollowupWindow]) -> str:
    """Exactly ``json.dumps(window_dicts(windows), ensure_ascii=False, indent=1)``."""
    return "".join(windows_json_chunks(windows))
