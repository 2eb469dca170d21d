"""The followup/1 file: strict parsing with JSON paths, and export → import is identity."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from followup_desktop.interchange import (
    FormatError,
    dumps,
    export_document,
    load_file,
    parse_document,
)
from followup_desktop.store import open_store

GOOD = {
    "format": "followup/1",
    "profile": {"name": "Ada Park", "email": "ada.park@example.org", "phone": "+1 555 0100",
                "linkedin": "https://www.linkedin.com/in/adapark",
                "timezone": "America/New_York"},
    "applications": [{
        "company": "Northwind Analytics", "role": "Data Engineer", "status": "active",
        "interviews": [{
            "start": "2026-03-02T10:00:00-05:00", "duration_minutes": 60, "format": "video",
            "tone": "formal", "decision_by": "2026-03-13",
            "notes": "Second round; asked about streaming pipelines.",
            "interviewers": [{
                "name": "Dana Whitfield", "title": "Engineering Manager",
                "email": "dana.whitfield@northwind.example", "linkedin": None,
                "main_contact": True,
                "talking_points": ["the move from nightly batches to streaming",
                                   "the redesigned on-call rotation"]}],
            "promises": [{"to": "dana.whitfield@northwind.example",
                          "what": "the case study on pipeline back-fills"}]}],
        "events": [{"kind": "reply", "at": "2026-03-06T16:20:00-05:00"}],
        "messages": [{"kind": "thank-you", "to": "dana.whitfield@northwind.example",
                      "sent_at": "2026-03-02T15:10:00-05:00"}],
    }],
}


def test_the_contract_example_parses():
    doc = parse_document(copy.deepcopy(GOOD))
    (app,) = doc.applications
    assert app.interviews[0].start == dt.datetime(2026, 3, 2, 15, 0, tzinfo=dt.UTC)
    assert app.interviews[0].decision_by == dt.date(2026, 3, 13)
    assert doc.profile["timezone"] == "America/New_York"


def _with(path: str, value: object) -> dict:
    doc = copy.deepcopy(GOOD)
    target: object = doc
    parts = path.replace("]", "").replace("[", ".").split(".")
    for p in parts[:-1]:
        target = target[int(p)] if p.isdigit() else target[p]  # type: ignore[index]
    last = parts[-1]
    if value is KeyError:
        del target[last]  # type: ignore[attr-defined]
    else:
        target[int(last) if last.isdigit() else last] = value  # type: ignore[index]
    return doc


BAD = [
    ("naive start", "applications[0].interviews[0].start", "2026-03-02T10:00:00",
     "applications[0].interviews[0].start: not an ISO 8601 date-time with an offset"),
    ("unknown field", "applications[0].salary", 100, "applications[0].salary: unknown field"),
    ("unknown zone", "profile.timezone", "Mars/Olympus", "profile.timezone: unknown time zone"),
    ("bad email", "applications[0].interviews[0].interviewers[0].email", "dana@",
     "applications[0].interviews[0].interviewers[0].email: not a valid email address"),
    ("non-ASCII before the @", "applications[0].interviews[0].interviewers[0].email",
     "jörg@muller.example", "email: not a valid email address (Internationalized characters"),
    ("CR LF in a header", "applications[0].company", "Evil\r\nBcc: x@y.z",
     "applications[0].company: contains a line break"),
    ("LF in a name", "applications[0].interviews[0].interviewers[0].name", "Dana\nBcc: a@b.c",
     "interviewers[0].name: contains a line break"),
    ("NUL in notes", "applications[0].notes", "a\x00b", "applications[0].notes: contains a NUL"),
    ("U+2028 in a role", "applications[0].role", "Engineer\u2028Bcc: a@b.c",
     "contains a line break"),
    ("bad status", "applications[0].status", "hired", "applications[0].status: must be one of"),
    ("bad format", "applications[0].interviews[0].format", "carrier pigeon",
     "interviews[0].format: must be one of"),
    ("bad date", "applications[0].interviews[0].decision_by", "13/03/2026",
     "decision_by: not an ISO 8601 date"),
    ("missing company", "applications[0].company", KeyError, "applications[0].company: required"),
    ("bad event kind", "applications[0].events[0].kind", "ghosted", "events[0].kind: must be"),
    ("bad message kind", "applications[0].messages[0].kind", "hello", "messages[0].kind"),
    ("promise to a stranger", "applications[0].interviews[0].promises[0].to", "x@y.example",
     "promises[0].to: names nobody"),
    ("wrong format tag", "format", "followup/2", "format: expected 'followup/1'"),
    ("a name no draft can hold", "profile.name", "A" * 201, "profile.name: "),
    ("duration not a number", "applications[0].interviews[0].duration_minutes", "60",
     "duration_minutes: expected a whole number"),
]


@pytest.mark.parametrize(("case", "path", "value", "message"), BAD, ids=[b[0] for b in BAD])
def test_bad_input_names_the_json_path(case, path, value, message):
    with pytest.raises(FormatError) as err:
        parse_document(_with(path, value))
    assert message in str(err.value)


def test_files_over_50_mb_are_refused_without_reading(tmp_path):
    big = tmp_path / "big.json"
    with open(big, "wb") as fh:
        fh.truncate(50 * 1024 * 1024 + 1)
    with pytest.raises(FormatError, match="larger than 50 MB"):
        load_file(big)


def test_not_json_and_bom(tmp_path):
    f = tmp_path / "x.json"
    f.write_text("{nope", encoding="utf-8")
    with pytest.raises(FormatError, match="not valid JSON"):
        load_file(f)
    f.write_bytes(b"\xef\xbb\xbf" + json.dumps(GOOD).encode())
    assert load_file(f).applications[0].company == "Northwind Analytics"


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.sampled_from(["format", "company", "role", "start", "interviews",
                                       "applications", "name", "email", "kind", "at", "x"]),
                      children, max_size=5),
    max_leaves=20,
)


@given(json_values)
def test_any_json_parses_or_fails_with_a_message(value):
    try:
        parse_document(value)
    except FormatError as exc:
        where, _, why = str(exc).partition(": ")
        assert where and why  # says where, even when it is the whole file


@pytest.mark.parametrize("value", [[], "followup/1", 3, None])
def test_a_document_that_is_not_an_object_says_so_in_words(value):
    with pytest.raises(FormatError, match="^the file: expected an object$"):
        parse_document(value)


@given(st.builds(lambda v, path: _with(path, v), json_values,
                 st.sampled_from([p for _, p, _, _ in BAD if "[" in p])))
def test_mutations_of_a_good_file_parse_or_fail_cleanly(doc):
    try:
        parse_document(doc)
    except FormatError as exc:
        assert ":" in str(exc)


# --- export → import is identity ------------------------------------------------------------

# No Cf: invisible format characters (BOM, zero-width space) are dropped where they enter
# (issue 23, item 4; tests/hostile/test_odd_records.py)
names = st.text(st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Cf", "Zl", "Zp")),
                min_size=1, max_size=30).map(str.strip).filter(bool)
times = st.datetimes(min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2090, 1, 1),  # noqa: DTZ001 (hypothesis adds the zone)
                     timezones=st.just(dt.UTC)).map(lambda t: t.replace(microsecond=0))


def _iso(t: dt.datetime) -> str:
    return t.isoformat()


interviewer = st.fixed_dictionaries({
    "name": names,
    "email": st.one_of(st.none(), st.from_regex(r"[a-z]{1,8}@[a-z]{1,8}\.example", fullmatch=True)),
    "talking_points": st.lists(names, max_size=3),
    "main_contact": st.booleans(),
})
application = st.fixed_dictionaries({
    "company": names,
    "role": names,
    "status": st.sampled_from(["active", "offer", "rejected", "withdrawn", "closed-no-response"]),
    "notes": st.text(max_size=50).filter(lambda s: "\x00" not in s),
    "interviews": st.lists(st.fixed_dictionaries({
        "start": times.map(_iso),
        "duration_minutes": st.integers(1, 600),
        "format": st.sampled_from(["phone", "video", "onsite", "panel"]),
        "tone": st.sampled_from(["formal", "casual"]),
        "interviewers": st.lists(interviewer, max_size=3,
                                 unique_by=(lambda p: p["name"].lower(),
                                            lambda p: p["email"] or p["name"].lower())),
    }), max_size=2),
    "events": st.lists(st.fixed_dictionaries({
        "kind": st.sampled_from(["reply", "rejected", "verbal-offer", "withdrawn"]),
        "at": times.map(_iso)}), max_size=2),
})


def _export(data_dir: Path) -> dict:
    s = open_store(data_dir / "followup.sqlite3")
    try:
        return export_document(s.profile(), s.load_applications())
    finally:
        s.close()


def _import(data_dir: Path, doc: dict) -> None:
    parsed = parse_document(doc)
    s = open_store(data_dir / "followup.sqlite3")
    try:
        s.import_document(parsed.applications, parsed.profile)
    finally:
        s.close()


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(apps=st.lists(application, max_size=3))
def test_export_then_import_gives_the_same_data(tmp_path_factory, apps):
    root = tmp_path_factory.mktemp("rt")
    first = {"format": "followup/1", "profile": {"name": "Ada", "timezone": "Europe/Berlin"},
             "applications": apps}
    _import(root / "a", first)
    exported = _export(root / "a")
    _import(root / "b", json.loads(dumps(exported)))
    again = _export(root / "b")
    assert again == exported
    assert [a["company"] for a in again["applications"]] == [a["company"] for a in apps]
