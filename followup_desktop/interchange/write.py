"""Export: records as a ``followup/1`` document, and the import's one-line summary."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from typing import Any

from followup_desktop.interchange.parse import (
    PROFILE_FIELDS,
)
from followup_desktop.interchange.validation import (
    FORMAT,
    UTC,
)
from followup_desktop.records import (
    STATE_TIMES,
    Application,
    FollowupState,
    Profile,
    split_window_key,
)


def _iso(value: dt.datetime) -> str:
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _event_json(e: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"kind": e.kind.value, "at": _iso(e.at)}
    if e.says is not None:
        out["says"] = e.says.value
    if e.decision_by is not None:
        out["decision_by"] = e.decision_by.isoformat()
    return out


def application_to_json(app: Application, states: Iterable[FollowupState] = (),
                        drafts: Iterable[Any] = ()) -> dict[str, Any]:
    """One application as the data file has it; with ``states`` and ``drafts`` (the
    store's, for this application) what was done with its windows and the user's own text
    of its notes, their windows named by position and person (a key's ids would mean
    nothing in another database)."""
    people = {p.id: p for p in app.people}

    def who(pid: int | None, fallback: str | None) -> str | None:
        p = people.get(pid) if pid is not None else None
        if p is None:
            return fallback
        return p.email or p.name

    return {
        "company": app.company,
        "role": app.role,
        "status": app.status.value,
        "notes": app.notes,
        "interviews": [
            {
                "start": _iso(i.start),
                "duration_minutes": i.duration_minutes,
                "format": i.format.value,
                "tone": i.tone.value,
                "decision_by": i.decision_by.isoformat() if i.decision_by else None,
                "notes": i.notes,
                "reflection": i.reflection,
                "uid": i.uid,
                "interviewers": [
                    {
                        "name": part.person.name,
                        "title": part.person.title,
                        "email": part.person.email,
                        "linkedin": part.person.linkedin,
                        "salutation": part.person.salutation,
                        "main_contact": part.main_contact,
                        "talking_points": list(part.talking_points),
                    }
                    for part in i.participants
                ],
                "promises": [{"to": who(pr.person_id, None), "what": pr.what}
                             for pr in i.promises],
            }
            for i in app.interviews
        ],
        "events": [_event_json(e) for e in app.events],
        "messages": [
            {"kind": m.kind.value, "to": who(m.person_id, m.to), "sent_at": _iso(m.sent_at),
             "subject": m.subject, "body": m.body}
            for m in app.messages
        ],
        **_window_records(app, who, states, drafts),
    }


def _window_records(app: Application, who: Any, states: Iterable[FollowupState],  # noqa: C901 - the window reference of the Version 2 format, field by field
                    drafts: Iterable[Any]) -> dict[str, Any]:
    rounds = {iv.id: n for n, iv in enumerate(app.interviews)}
    promises = {pr.id: n for iv in app.interviews for n, pr in enumerate(iv.promises)}
    people = {p.id for p in app.people}

    def ref(key: str) -> dict[str, Any] | None:
        parts = split_window_key(key)
        if parts is None or parts[1] != app.id:
            return None
        kind, _app, iid, pid, mid, suffix = parts
        if (iid is not None and iid not in rounds) or (pid is not None and pid not in people) \
                or (mid is not None and mid not in promises):
            return None  # a window of a round or person since removed
        out: dict[str, Any] = {"kind": kind.value}
        if iid is not None:
            out["round"] = rounds[iid]
        if pid is not None:
            out["person"] = who(pid, None)
        if mid is not None:
            out["promise"] = promises[mid]
        if suffix:
            out["suffix"] = suffix
        return out

    followups = []
    for st in sorted(states, key=lambda x: x.key):
        window = ref(st.key)
        if window is None:
            continue
        item: dict[str, Any] = {"window": window}
        for f in STATE_TIMES:
            value = getattr(st, f)
            if value is not None:
                item[f] = _iso(value)
        if st.snooze_count:
            item["snooze_count"] = st.snooze_count
        if st.uid:
            item["uid"] = st.uid
        followups.append(item)
    texts = []
    for d in drafts:
        window = ref(d.key)
        if window is None:
            continue
        texts.append({"window": window, "to": who(d.person_id, None) if d.person_id else None,
                      "subject": d.subject, "body": d.body,
                      "attachments": list(d.attachments)})
    out: dict[str, Any] = {}
    if followups:
        out["followups"] = followups
    if texts:
        out["drafts"] = texts
    return out


def export_document(profile: Profile, apps: Iterable[Application],
                    settings: Mapping[str, Any] | None = None, *,
                    states: Mapping[int, Iterable[FollowupState]] | None = None,
                    drafts: Mapping[int, Iterable[Any]] | None = None,
                    words: Iterable[str] = ()) -> dict[str, Any]:
    """The whole data as a followup/1 document: importing it into an empty data folder
    gives the same data back (the window states, drafts, settings and words included)."""
    states, drafts = states or {}, drafts or {}
    doc: dict[str, Any] = {
        "format": FORMAT,
        "profile": {k: getattr(profile, k) for k in PROFILE_FIELDS},
        "applications": [application_to_json(a, states.get(a.id, ()), drafts.get(a.id, ()))
                         for a in apps],
    }
    if settings:
        doc["settings"] = dict(settings)
    kept = sorted(words)
    if kept:
        doc["words"] = kept
    return doc


def dumps(doc: Mapping[str, Any]) -> str:
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def import_summary(added: int, skipped: int, name: str) -> str:
    """``Imported 2 application(s) from f.json; skipped 3 already in Followup.``"""
    text = f"Imported {added} application(s) from {name}"
    if skipped:
        text += f"; skipped {skipped} already in Followup"
    return text + "."
