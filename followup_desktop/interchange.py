"""The ``followup/1`` data file: strict parsing into specs, and export from records.

Parsing is all or nothing: the first problem raises :class:`FormatError` naming its JSON
path (``applications[2].interviews[0].start: not an ISO 8601 date-time with an offset``).
"""

from __future__ import annotations

import codecs
import datetime as dt
import json
import re
from collections.abc import Iterable, Mapping
from contextvars import ContextVar
from pathlib import Path
from typing import Any, BinaryIO, NoReturn
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from followup_desktop.names import natural_name
from followup_desktop.records import (
    SPAN_REASON,
    STATE_TIMES,
    Application,
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
    Profile,
    PromiseSpec,
    ReplySays,
    StateSpec,
    Status,
    Tone,
    WindowRef,
    in_span,
    split_window_key,
)

FORMAT = "followup/1"
#: A saved draft's subject, at most: what a draft can carry (``compose.eml.MAX_SUBJECT``).
DRAFT_SUBJECT_MAX = 300
#: A data file, at most. Import reads a chunk of text and one application at a time
#: (``_load_streamed``), so its memory is about the file's records (~1.35x the file): the
#: cap is far above what 100,000 applications export to (83 MB), so whatever ``export``
#: writes, ``import`` takes back.
MAX_BYTES = 1024 * 1024 * 1024
UTC = dt.UTC

_SURROGATE = re.compile("[\ud800-\udfff]")
#: Digits of a number in a data file, at most (CPython refuses more than 4,300).
MAX_DIGITS = 30

# Characters that must never reach a mail header (header injection, CVE-2024-6923).
_HEADER_BREAKERS = ("\r", "\n", "\x00", "\u2028", "\u2029", "\x85", "\x0b", "\x0c")


class FormatError(ValueError):
    """The file is not a valid followup/1 document; the message names where and why."""


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


def _fail(path: str, why: str) -> FormatError:
    text = f"{path or 'the file'}: {why}"
    if _SURROGATE.search(text):  # a key of the file named in the message: shown escaped
        text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return FormatError(text)


def _obj(value: Any, path: str, required: Iterable[str], optional: Iterable[str]) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _fail(path, "expected an object")
    req, opt = tuple(required), tuple(optional)
    for key in value:
        if key not in req and key not in opt:
            raise _fail(f"{path}.{key}" if path else key, "unknown field")
    for key in req:
        if key not in value or value[key] is None:
            raise _fail(f"{path}.{key}" if path else key, "required")
    return value


def _text(value: Any, path: str, *, header: bool = False, required: bool = False,
          max_len: int = 100_000) -> str:
    if value is None:
        if required:
            raise _fail(path, "required")
        return ""
    if not isinstance(value, str):
        raise _fail(path, "expected text")
    if "\x00" in value:
        raise _fail(path, "contains a NUL character")
    if _SURROGATE.search(value):  # "\ud800" in JSON: half of a character, not text
        raise _fail(path, "contains a lone surrogate (half of a character), which is not text")
    if header and any(c in value for c in _HEADER_BREAKERS):
        raise _fail(path, "contains a line break, which cannot go into an email header")
    if header:  # the one rule for one-line fields (guards.check_line), every way in
        from followup_desktop.guards import FieldError, check_line

        try:
            value = check_line(value, "it", max_len=max(max_len, 1))
        except FieldError as exc:
            raise _fail(path, exc.reason) from None
    if required and not value.strip():
        raise _fail(path, "must not be empty")
    if len(value) > max_len:
        raise _fail(path, f"longer than {max_len} characters")
    return str(value.strip() if header else value)


def _email(value: Any, path: str) -> str | None:
    if value is None or value == "":
        return None
    text = _text(value, path, header=True)
    return normalize_email(text, path)


def normalize_email(text: str, path: str = "email") -> str:
    from email_validator import EmailNotValidError, validate_email

    try:
        # An address that needs SMTPUTF8 (letters outside ASCII before the @) cannot be
        # put in a draft; an internationalized domain can (see compose.eml).
        info = validate_email(text, check_deliverability=False, allow_smtputf8=False)
    except EmailNotValidError as exc:
        raise _fail(path, f"not a valid email address ({exc})") from None
    return str(info.normalized)


def _url(value: Any, path: str) -> str | None:
    if value is None or value == "":
        return None
    text = _text(value, path, header=True, max_len=2000)
    if not (text.startswith("https://") or text.startswith("http://")):
        raise _fail(path, "not a web address (https://…)")
    return text


def _datetime(value: Any, path: str) -> dt.datetime:
    if not isinstance(value, str):
        raise _fail(path, "not an ISO 8601 date-time with an offset")
    try:
        parsed = dt.datetime.fromisoformat(value.strip())
    except ValueError:
        raise _fail(path, "not an ISO 8601 date-time with an offset") from None
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        raise _fail(path, "not an ISO 8601 date-time with an offset")
    if not in_span(parsed):
        raise _fail(path, SPAN_REASON)
    return parsed.astimezone(UTC)


def _date(value: Any, path: str) -> dt.date | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise _fail(path, "not an ISO 8601 date (YYYY-MM-DD)")
    try:
        day = dt.date.fromisoformat(value.strip())
    except ValueError:
        raise _fail(path, "not an ISO 8601 date (YYYY-MM-DD)") from None
    if not in_span(day):
        raise _fail(path, SPAN_REASON)
    return day


def _choice(value: Any, path: str, enum: Any, default: Any) -> Any:
    if value is None:
        return default
    try:
        return enum(value)
    except ValueError:
        allowed = ", ".join(e.value for e in enum)
        raise _fail(path, f"must be one of {allowed}") from None


def _int(value: Any, path: str, default: int, lo: int, hi: int) -> int:
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int):
        raise _fail(path, "expected a whole number")
    if not lo <= value <= hi:
        raise _fail(path, f"must be between {lo} and {hi}")
    return value


def _list(value: Any, path: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise _fail(path, "expected a list")
    return value


def check_timezone(name: str, path: str = "profile.timezone") -> str:
    if not name:
        return ""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a name too long (fuzz)
        raise _fail(path, f"unknown time zone {name!r} (use an IANA name such as "
                          "Europe/Berlin)") from None
    return name


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


def _event_json(e: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"kind": e.kind.value, "at": _iso(e.at)}
    if e.says is not None:
        out["says"] = e.says.value
    if e.decision_by is not None:
        out["decision_by"] = e.decision_by.isoformat()
    return out


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


def _optional_datetime(value: Any, path: str) -> dt.datetime | None:
    return None if value is None else _datetime(value, path)


#: a window's calendar UID in the data file (RFC 5545 allows any text; this is what a
#: CalDAV resource name and a phone's calendar keep safely: a uuid4, or another app's UID)
_UID = re.compile(r"[A-Za-z0-9][A-Za-z0-9@._:+=-]{0,254}")


def _window_uid(value: Any, path: str) -> str | None:
    if value is None:
        return None
    text = _text(value, path, max_len=255)
    if not _UID.fullmatch(text):
        raise _fail(path, "not a calendar UID (letters, digits and @ . _ : + = -, at most "
                          "255)")
    return text


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


_WARNINGS: ContextVar[list[str] | None] = ContextVar("followup_import_warnings", default=None)


def _warn(text: str) -> None:
    found = _WARNINGS.get()
    if found is not None and len(found) < 1000:
        found.append(text)


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


def _bounded_int(text: str) -> int:
    """A JSON number: one far longer than any field takes is refused in words (5,000
    digits once ended in CPython's ``ValueError`` and a traceback)."""
    digits = len(text.lstrip("-"))
    if digits > MAX_DIGITS:
        raise FormatError(f"the file holds a number of {digits} digits; no field takes more "
                          f"than {MAX_DIGITS}")
    return int(text)


def load_file(path: Path) -> Document:
    """Read and validate a data file; :class:`FormatError` for anything wrong with it."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise FormatError(f"cannot read {path}: {exc.strerror}") from None
    if size > MAX_BYTES:
        raise FormatError(f"{path.name} is larger than {MAX_BYTES // (1024 * 1024)} MB; "
                          "refusing to import it")
    try:
        found: list[str] = []
        token = _WARNINGS.set(found)
        try:
            with path.open("rb") as fh:
                doc = _load_streamed(_Reader(fh))
        finally:
            _WARNINGS.reset(token)
        doc.warnings = tuple(found)
        return doc
    except UnicodeDecodeError:
        raise FormatError(f"{path.name} is not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise FormatError(f"{path.name} is not valid JSON (line {exc.lineno}, column "
                          f"{exc.colno}: {exc.msg})") from None
    except RecursionError:
        raise FormatError(f"{path.name} is nested too deeply") from None
    except OSError as exc:
        raise FormatError(f"cannot read {path}: {exc.strerror}") from None


_WS = re.compile(r"[ \t\n\r]*")
#: What the reader reads at a time (doubled while one value does not fit).
_CHUNK = 1 << 20


class _Reader:
    """The text of a data file, read a chunk at a time: the text before the value being
    read is dropped, so a big file is never in memory whole (its JSON positions are kept
    right for the error messages)."""

    def __init__(self, fh: BinaryIO) -> None:
        self.fh = fh
        self.utf8 = codecs.getincrementaldecoder("utf-8-sig")()
        self.text = ""
        self.at = 0
        self.eof = False
        self.want = _CHUNK
        self.lines = 0  # line breaks in the text dropped so far
        self.column = 0  # characters after the last of them
        self.decoder = json.JSONDecoder(parse_int=_bounded_int)

    def more(self) -> bool:
        """Read the next chunk (twice the last one while a value does not fit)."""
        if self.eof:
            return False
        data = self.fh.read(self.want)
        self.want = min(self.want * 2, 64 * _CHUNK)
        self.eof = not data
        self.text += self.utf8.decode(data, final=self.eof)
        return True

    def drop(self) -> None:
        """Forget the text before :attr:`at`."""
        if self.at < _CHUNK:
            return
        gone = self.text.count("\n", 0, self.at)
        if gone:
            self.lines += gone
            self.column = self.at - self.text.rindex("\n", 0, self.at) - 1
        else:
            self.column += self.at
        self.text, self.at = self.text[self.at:], 0
        self.want = _CHUNK

    def peek(self) -> str:
        """The next character after white space ("" at the end)."""
        while True:
            self.at = _WS.match(self.text, self.at).end()  # type: ignore[union-attr]
            if self.at < len(self.text) or not self.more():
                return self.text[self.at:self.at + 1]

    def expect(self, char: str) -> None:
        if self.peek() != char:
            self.fail(f"Expecting {char!r} delimiter")
        self.at += 1

    def value(self) -> Any:
        """The JSON value at :attr:`at` (read further until it is whole)."""
        self.peek()
        while True:
            try:
                value, end = self.decoder.raw_decode(self.text, self.at)
            except json.JSONDecodeError as exc:  # (or cut off by the chunk's end)
                if self.more():
                    continue
                raise self.moved(exc) from None
            except FormatError:  # a number too long, or only its first digits so far
                if self.more():
                    continue
                raise
            if end == len(self.text) and self.more():
                continue  # a number may go on in the next chunk
            self.at = end
            return value

    def rest(self) -> None:
        """Read the whole text (a file that is not one object)."""
        while self.more():
            pass

    def fail(self, why: str) -> NoReturn:
        raise self.moved(json.JSONDecodeError(why, self.text, self.at))

    def moved(self, exc: json.JSONDecodeError) -> json.JSONDecodeError:
        """``exc`` with the line and column in the whole file."""
        if exc.lineno == 1:
            exc.colno += self.column
        exc.lineno += self.lines
        return exc


def _load_streamed(reader: _Reader) -> Document:
    """The document read by ``reader``, each application checked as soon as it is read
    and its JSON dropped: the memory of a big file is a chunk of its text and its records,
    neither the whole text nor a tree of every object in it (so any file ``export`` writes
    can be imported again)."""
    if reader.peek() != "{":  # not an object: read whole, for json's own messages
        reader.rest()
        try:
            return parse_document(reader.decoder.decode(reader.text))
        except json.JSONDecodeError as exc:
            raise reader.moved(exc) from None
    top: dict[str, Any] = {}
    apps: tuple[ApplicationSpec, ...] | None = None
    reader.at += 1
    while reader.peek() != "}":
        if reader.peek() != '"':
            reader.fail("Expecting property name enclosed in double quotes")
        key = reader.value()
        reader.expect(":")
        if key == "applications" and reader.peek() == "[":
            reader.at += 1
            apps = _streamed_applications(reader)
            top.pop(key, None)
        else:
            top[key] = reader.value()
        if reader.peek() == ",":
            reader.at += 1
            if reader.peek() == "}":
                reader.fail("Expecting property name enclosed in double quotes")
        elif reader.peek() != "}":
            reader.fail("Expecting ',' delimiter")
    reader.at += 1
    end = reader.at
    if reader.peek():
        reader.at = end
        reader.fail("Extra data")
    if not isinstance(top.get("format"), str) or top["format"] != FORMAT:
        _obj(top, "", ("format",), ("profile", "applications", "settings", "words"))
        raise _fail("format", f"expected {FORMAT!r}")
    return _parse_document(top, parsed_apps=apps)


def _streamed_applications(reader: _Reader) -> tuple[ApplicationSpec, ...]:
    specs: list[ApplicationSpec] = []
    if reader.peek() == "]":
        reader.at += 1
        return ()
    while True:
        value = reader.value()
        specs.append(_application(value, f"applications[{len(specs)}]", 60))
        del value
        reader.drop()
        char = reader.peek()
        if char == "]":
            reader.at += 1
            return tuple(specs)
        if char != ",":
            reader.fail("Expecting ',' delimiter")
        reader.at += 1


# --- export ---------------------------------------------------------------------------------


def _iso(value: dt.datetime) -> str:
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


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
