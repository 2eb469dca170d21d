"""A ``followup/1`` document, parsed into specs: all or nothing, the first problem raises
:class:`~followup_desktop.interchange.validation.FormatError`."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from followup_desktop.interchange.validation import (
    _WARNINGS,
    DRAFT_SUBJECT_MAX,
    FORMAT,
    _choice,
    _date,
    _datetime,
    _email,
    _fail,
    _int,
    _list,
    _obj,
    _optional_datetime,
    _text,
    _url,
    _warn,
    _window_uid,
    check_timezone,
)
from followup_desktop.names import natural_name
from followup_desktop.records import (
    STATE_TIMES,
    ApplicationSpec,
    DraftSpec,
    EventKind,
    EventSpec,
    FollowupState,
    Format,
    InterviewSpec,
    Kind,
    MessageSpec,
    PersonSpec,
    PromiseSpec,
    ReplySays,
    StateSpec,
    Status,
    Tone,
    WindowRef,
)


class Document:
    """A parsed data file: the profile (fields present in the file), the applications, and
    -- in a file written by ``export`` -- the schedule settings and dictionary words."""

    __slots__ = ("profile", "applications", "settings", "words", "warnings")

    def __init__(self, profile: dict[str, str], applications: tuple[ApplicationSpec, ...],
                 settings: dict[str, Any] | None = None, words: tuple[str, ...] = ()):
        self.profile = profile
        self.applications = applications
        self.settings = settings or {}
        self.words = words
        self.warnings: tuple[str, ...] = ()  # what was dropped while reading, in words


PROFILE_FIELDS = ("name", "email", "phone", "linkedin", "signature", "timezone")


def parse_profile(value: Any, path: str = "profile") -> dict[str, str]:
    obj = _obj(value, path, (), PROFILE_FIELDS)
    out: dict[str, str] = {}
    for key in PROFILE_FIELDS:
        if key not in obj:
            continue
        p = f"{path}.{key}"
        if key == "email":
            out[key] = _email(obj[key], p) or ""
        elif key == "linkedin":
            out[key] = _url(obj[key], p) or ""
        elif key == "timezone":
            out[key] = check_timezone(_text(obj[key], p, header=True), p)
        elif key == "signature":
            out[key] = _text(obj[key], p, max_len=2000)
        else:  # a name longer than a draft's From can hold would block every draft
            out[key] = _text(obj[key], p, header=True, max_len=200 if key == "name" else 500)
    return out


def _person(value: Any, path: str) -> PersonSpec:
    obj = _obj(value, path, ("name",), ("title", "email", "linkedin", "salutation",
                                        "main_contact", "talking_points"))
    main = obj.get("main_contact", False)
    if main is not None and not isinstance(main, bool):
        raise _fail(f"{path}.main_contact", "expected true or false")
    points = tuple(_text(t, f"{path}.talking_points[{i}]", required=True, max_len=2000)
                   for i, t in enumerate(_list(obj.get("talking_points"),
                                               f"{path}.talking_points")))
    return PersonSpec(
        name=_text(obj["name"], f"{path}.name", header=True, required=True, max_len=200),
        title=_text(obj.get("title"), f"{path}.title", header=True, max_len=200),
        email=_email(obj.get("email"), f"{path}.email"),
        linkedin=_url(obj.get("linkedin"), f"{path}.linkedin"),
        salutation=_text(obj.get("salutation"), f"{path}.salutation", header=True,
                         max_len=100) or None,
        main_contact=bool(main),
        talking_points=points,
    )


def _interview(value: Any, path: str, default_minutes: int) -> InterviewSpec:
    obj = _obj(value, path, ("start",), ("duration_minutes", "format", "tone", "decision_by",
                                         "notes", "reflection", "interviewers", "promises",
                                         "uid"))
    people = tuple(_person(p, f"{path}.interviewers[{i}]")
                   for i, p in enumerate(_list(obj.get("interviewers"), f"{path}.interviewers")))
    keys = _people_keys(people)
    promises = []
    for i, pr in enumerate(_list(obj.get("promises"), f"{path}.promises")):
        ppath = f"{path}.promises[{i}]"
        pobj = _obj(pr, ppath, ("what",), ("to",))
        to = _text(pobj.get("to"), f"{ppath}.to", header=True, max_len=320) or None
        if to is not None and to.casefold() not in keys \
                and natural_name(to).casefold() not in keys:
            raise _fail(f"{ppath}.to", "names nobody among this round's interviewers")
        promises.append(PromiseSpec(
            what=_text(pobj["what"], f"{ppath}.what", header=True, required=True, max_len=500),
            to=to))
    return InterviewSpec(
        start=_datetime(obj["start"], f"{path}.start"),
        duration_minutes=_int(obj.get("duration_minutes"), f"{path}.duration_minutes",
                              default_minutes, 1, 24 * 60),
        format=_choice(obj.get("format"), f"{path}.format", Format, Format.VIDEO),
        tone=_choice(obj.get("tone"), f"{path}.tone", Tone, Tone.FORMAL),
        decision_by=_date(obj.get("decision_by"), f"{path}.decision_by"),
        notes=_text(obj.get("notes"), f"{path}.notes"),
        reflection=_text(obj.get("reflection"), f"{path}.reflection"),
        interviewers=people,
        promises=tuple(promises),
        uid=_text(obj.get("uid"), f"{path}.uid", header=True, max_len=1000) or None,
    )


def _event(value: Any, path: str) -> EventSpec:
    """One ``events[]`` item; a reply may say what it meant (version 2: ``says``, and
    ``decision_by`` with ``decision-date``)."""
    obj = _obj(value, path, ("kind", "at"), ("says", "decision_by"))
    kind = _choice(obj["kind"], f"{path}.kind", EventKind, None)
    at = _datetime(obj["at"], f"{path}.at")
    says = _choice(obj.get("says"), f"{path}.says", ReplySays, None)
    decision_by = _date(obj.get("decision_by"), f"{path}.decision_by")
    if says is not None and kind is not EventKind.REPLY:
        raise _fail(f"{path}.says", "only a reply event says something")
    if says is ReplySays.DECISION_DATE and decision_by is None:
        raise _fail(f"{path}.decision_by", "a decision-date reply needs the date (YYYY-MM-DD)")
    if decision_by is not None and says is not ReplySays.DECISION_DATE:
        raise _fail(f"{path}.decision_by", 'only with "says": "decision-date"')
    return EventSpec(kind, at, says, decision_by)


def _application(value: Any, path: str, default_minutes: int) -> ApplicationSpec:
    obj = _obj(value, path, ("company", "role"), ("status", "notes", "interviews", "events",
                                                 "messages", "followups", "drafts"))
    interviews = tuple(_interview(x, f"{path}.interviews[{i}]", default_minutes)
                       for i, x in enumerate(_list(obj.get("interviews"), f"{path}.interviews")))
    events = []
    for i, e in enumerate(_list(obj.get("events"), f"{path}.events")):
        epath = f"{path}.events[{i}]"
        events.append(_event(e, epath))
    messages = []
    for i, m in enumerate(_list(obj.get("messages"), f"{path}.messages")):
        mpath = f"{path}.messages[{i}]"
        mobj = _obj(m, mpath, ("kind", "sent_at"), ("to", "subject", "body"))
        messages.append(MessageSpec(
            kind=_choice(mobj["kind"], f"{mpath}.kind", Kind, None),
            sent_at=_datetime(mobj["sent_at"], f"{mpath}.sent_at"),
            to=_text(mobj.get("to"), f"{mpath}.to", header=True, max_len=320) or None,
            subject=_text(mobj.get("subject"), f"{mpath}.subject", header=True, max_len=998),
            body=_text(mobj.get("body"), f"{mpath}.body"),
        ))
    followups = tuple(_state(x, f"{path}.followups[{i}]", interviews)
                      for i, x in enumerate(_list(obj.get("followups"), f"{path}.followups")))
    drafts = tuple(_draft(x, f"{path}.drafts[{i}]", interviews)
                   for i, x in enumerate(_list(obj.get("drafts"), f"{path}.drafts")))
    return ApplicationSpec(
        company=_text(obj["company"], f"{path}.company", header=True, required=True,
                      max_len=200),
        role=_text(obj["role"], f"{path}.role", header=True, required=True, max_len=200),
        status=_choice(obj.get("status"), f"{path}.status", Status, Status.ACTIVE),
        notes=_text(obj.get("notes"), f"{path}.notes"),
        interviews=interviews,
        events=tuple(events),
        messages=tuple(messages),
        followups=followups,
        drafts=drafts,
    )


def _people_keys(people: Iterable[PersonSpec]) -> set[str]:
    """What names a person in the file (a promise's or a window's ``to``): their email or
    their name, in any case."""
    return {k.casefold() for p in people for k in (p.email, p.name) if k}


def _everyone(interviews: tuple[InterviewSpec, ...]) -> set[str]:
    return _people_keys(p for iv in interviews for p in iv.interviewers)


def _window_ref(value: Any, path: str, interviews: tuple[InterviewSpec, ...]) -> WindowRef:
    """A window named by position and person; every name must lead somewhere."""
    obj = _obj(value, path, ("kind",), ("round", "person", "promise", "suffix"))
    kind = _choice(obj["kind"], f"{path}.kind", Kind, None)
    rnd = obj.get("round")
    if rnd is not None:
        if not interviews:
            raise _fail(f"{path}.round", "the application has no rounds")
        rnd = _int(rnd, f"{path}.round", 0, 0, len(interviews) - 1)
    person = _text(obj.get("person"), f"{path}.person", header=True, max_len=320) or None
    if person is not None and person.casefold() not in _everyone(interviews):
        raise _fail(f"{path}.person", "names nobody among the application's interviewers")
    promise = obj.get("promise")
    if promise is not None:
        count = len(interviews[rnd].promises) if rnd is not None else 0
        if not count:
            raise _fail(f"{path}.promise", "the round has no promises")
        promise = _int(promise, f"{path}.promise", 0, 0, count - 1)
    suffix = _text(obj.get("suffix"), f"{path}.suffix", header=True, max_len=40)
    if suffix and not re.fullmatch(r"(:[a-z][a-z0-9]*)+", suffix):
        raise _fail(f"{path}.suffix", "expected parts such as \":s1\"")
    return WindowRef(kind, rnd, person, promise, suffix)


def _state(value: Any, path: str, interviews: tuple[InterviewSpec, ...]) -> StateSpec:
    obj = _obj(value, path, ("window",), (*STATE_TIMES, "snooze_count", "uid"))
    times = {f: _optional_datetime(obj.get(f), f"{path}.{f}") for f in STATE_TIMES}
    count = _int(obj.get("snooze_count"), f"{path}.snooze_count", 0, 0, 10_000)
    uid = _window_uid(obj.get("uid"), f"{path}.uid")
    return StateSpec(_window_ref(obj["window"], f"{path}.window", interviews),
                     FollowupState("", snooze_count=count, uid=uid, **times))


def _check_unique_uids(apps: tuple[ApplicationSpec, ...]) -> None:
    """Two windows with one calendar UID would be one event on the phone."""
    seen: dict[str, str] = {}
    for i, app in enumerate(apps):
        for j, item in enumerate(app.followups):
            uid = item.state.uid
            if uid is None:
                continue
            path = f"applications[{i}].followups[{j}].uid"
            if uid in seen:
                raise _fail(path, f"the same UID as {seen[uid]}")
            seen[uid] = path


def _draft(value: Any, path: str, interviews: tuple[InterviewSpec, ...]) -> DraftSpec:
    obj = _obj(value, path, ("window",), ("to", "subject", "body", "attachments"))
    to = _text(obj.get("to"), f"{path}.to", header=True, max_len=320) or None
    if to is not None and to.casefold() not in _everyone(interviews):
        raise _fail(f"{path}.to", "names nobody among the application's interviewers")
    files = _imported_attachments(obj.get("attachments"), f"{path}.attachments")
    return DraftSpec(_window_ref(obj["window"], f"{path}.window", interviews), to,
                     _text(obj.get("subject"), f"{path}.subject", header=True,
                           max_len=DRAFT_SUBJECT_MAX),
                     _text(obj.get("body"), f"{path}.body"), files)


def _imported_attachments(value: Any, path: str) -> tuple[str, ...]:
    """A file's draft may only name attachments under the data folder's ``attachments``
    folder: a full path or ``..`` (``/home/you/.ssh/id_ed25519``) is dropped, with a
    warning, so that a file someone sent never attaches a file of yours."""
    from followup_desktop.guards import imported_attachment_refusal

    kept = []
    for i, a in enumerate(_list(value, path)):
        text = _text(a, f"{path}[{i}]", header=True, required=True, max_len=4096)
        why = imported_attachment_refusal(text)
        if why is None:
            kept.append(text)
        else:
            _warn(f"{path}[{i}]: attachment {text[:80]!r} dropped: {why}")
    return tuple(kept)


def _settings(value: Any) -> dict[str, Any]:
    from followup_desktop.settings import SPEC_BY_KEY

    obj = _obj(value, "settings", (), tuple(SPEC_BY_KEY))
    out: dict[str, Any] = {}
    for key, raw in obj.items():
        try:
            out[key] = SPEC_BY_KEY[key].parse(raw)
        except (TypeError, ValueError) as exc:
            raise _fail(f"settings.{key}", str(exc) or "not a valid value") from None
    return out


def _words(value: Any) -> tuple[str, ...]:
    return tuple(_text(w, f"words[{i}]", header=True, required=True, max_len=100)
                 for i, w in enumerate(_list(value, "words")))


def parse_document(data: Any, *, default_minutes: int = 60) -> Document:
    found: list[str] = []
    token = _WARNINGS.set(found)
    try:
        doc = _parse_document(data, default_minutes=default_minutes)
    finally:
        _WARNINGS.reset(token)
    doc.warnings = tuple(found)
    return doc


def _parse_document(data: Any, *, default_minutes: int = 60,
                    parsed_apps: tuple[ApplicationSpec, ...] | None = None) -> Document:
    obj = _obj(data, "", ("format",), ("profile", "applications", "settings", "words"))
    if obj["format"] != FORMAT:
        raise _fail("format", f"expected {FORMAT!r}")
    profile = parse_profile(obj["profile"]) if obj.get("profile") is not None else {}
    apps = parsed_apps if parsed_apps is not None else tuple(
        _application(a, f"applications[{i}]", default_minutes)
        for i, a in enumerate(_list(obj.get("applications"), "applications")))
    _check_unique_uids(apps)
    settings = _settings(obj["settings"]) if obj.get("settings") is not None else {}
    return Document(profile, apps, settings, _words(obj.get("words")))
