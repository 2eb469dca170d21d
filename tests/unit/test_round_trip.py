"""``export`` then ``import`` into an empty folder gives the same data back (interchange.md),
including what was done with each window, the user's own drafts, the schedule settings
and the dictionary's words. These once stayed behind: a skipped note came back open and a
snoozed check-in upcoming."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import pytest

from followup_desktop import cli
from followup_desktop.clock import fixed_clock
from followup_desktop.context import AppContext
from followup_desktop.interchange import FormatError, parse_document
from followup_desktop.paths import Paths
from followup_desktop.records import Kind, WindowState
from followup_desktop.services.demo import fill_demo

NOW = dt.datetime(2026, 3, 3, 15, 0, tzinfo=dt.UTC)


def _ctx(folder: Path) -> AppContext:
    return AppContext.open(Paths.for_data_dir(folder), clock=fixed_clock(NOW))


def _plan(ctx: AppContext) -> list[tuple[object, ...]]:
    return [(w.company, w.kind, w.recipient, w.opens_at, w.due_at, w.state, w.snoozed_until,
             w.notified, w.drafted) for w in ctx.agenda(NOW)]


def _run(*args: str) -> None:
    assert cli.main(list(args)) == 0


def test_states_drafts_settings_and_words_come_back(tmp_path: Path) -> None:
    a = _ctx(tmp_path / "a")
    fill_demo(a.store, NOW, "America/New_York")
    plan = a.agenda(NOW)
    emails = [w for w in plan if w.kind.is_email and w.recipient and w.to]
    skip, snooze, notify, draft = emails[0], emails[1], emails[2], emails[3]
    a.store.update_states(skip.application_id, [skip.key], skipped_at=NOW)
    a.store.snooze(snooze.application_id, snooze.key, NOW + dt.timedelta(days=2))
    a.store.mark_notified([(notify.application_id, notify.key)], NOW)
    a.store.save_draft(draft.application_id, draft.key, draft.person_id,
                       subject="My own subject", body="My own words.\n")
    a.store.save_settings(dataclasses.replace(a.settings(), thank_you_due_hours=12,
                                              checkin_open_hour=10))
    a.store.add_word("Kubernetes")
    a.invalidate()
    before = _plan(a)
    assert WindowState.SNOOZED in {p[5] for p in before}
    a.close()

    first = tmp_path / "a.json"
    _run("--data-dir", str(tmp_path / "a"), "export", str(first))
    _run("--data-dir", str(tmp_path / "b"), "import", str(first))
    b = _ctx(tmp_path / "b")
    try:
        assert _plan(b) == before
        assert b.settings().thank_you_due_hours == 12 and b.settings().checkin_open_hour == 10
        assert "Kubernetes" in b.store.words()
        again = next(w for w in b.agenda(NOW) if (w.company, w.kind, w.recipient) ==
                     (draft.company, draft.kind, draft.recipient))
        stored = b.store.load_draft(again.key, again.person_id)
        assert stored is not None and (stored.subject, stored.body) == (
            "My own subject", "My own words.\n")
        assert (skip.company, skip.kind, skip.recipient) not in {
            (w.company, w.kind, w.recipient) for w in b.agenda(NOW)}  # still skipped
    finally:
        b.close()
    second = tmp_path / "b.json"
    _run("--data-dir", str(tmp_path / "b"), "export", str(second))
    assert json.loads(second.read_text()) == json.loads(first.read_text())


GOOD_APP = {"company": "Northwind", "role": "DE", "interviews": [{
    "start": "2026-03-02T10:00:00-05:00",
    "interviewers": [{"name": "Dana Whitfield", "email": "dana@northwind.example"}],
    "promises": [{"to": "dana@northwind.example", "what": "case study"}]}]}


def _doc(**extra: object) -> dict:
    return {"format": "followup/1", "applications": [{**GOOD_APP, **extra}]}


@pytest.mark.parametrize(("extra", "message"), [
    ({"followups": [{"window": {"kind": "thank-you", "round": 1}}]},
     "applications[0].followups[0].window.round: must be between 0 and 0"),
    ({"followups": [{"window": {"kind": "thank-you", "round": 0, "person": "lee@x.example"}}]},
     "window.person: names nobody among the application's interviewers"),
    ({"followups": [{"window": {"kind": "materials", "round": 0, "promise": 3}}]},
     "window.promise: must be between 0 and 0"),
    ({"followups": [{"window": {"kind": "check-in-1", "round": 0, "suffix": "s1"}}]},
     "window.suffix: expected parts such as"),
    ({"followups": [{"window": {"kind": "thank-you"}, "skipped_at": "9999-01-01T00:00:00Z"}]},
     "followups[0].skipped_at: dates must fall between 1970 and 2100"),
    ({"drafts": [{"window": {"kind": "hello"}}]}, "drafts[0].window.kind: must be one of"),
    ({"drafts": [{"window": {"kind": "thank-you"}, "to": "nobody"}]}, "drafts[0].to: names"),
])
def test_bad_window_records_name_their_json_path(extra, message):
    with pytest.raises(FormatError) as err:
        parse_document(_doc(**extra))
    assert message in str(err.value)


def test_bad_settings_and_words_name_their_json_path():
    with pytest.raises(FormatError, match=r"^settings\.thank_you_due_hours: "):
        parse_document({"format": "followup/1", "settings": {"thank_you_due_hours": 100000}})
    with pytest.raises(FormatError, match=r"^settings: unknown field 'nope'|^settings"):
        parse_document({"format": "followup/1", "settings": {"nope": 1}})
    with pytest.raises(FormatError, match=r"^words\[1\]: "):
        parse_document({"format": "followup/1", "words": ["fine", ""]})


def test_a_good_window_record_is_kept_by_position_and_person():
    doc = parse_document(_doc(followups=[{
        "window": {"kind": "materials", "round": 0, "person": "DANA@northwind.example",
                   "promise": 0}, "skipped_at": "2026-03-03T10:00:00Z"}]))
    (state,) = doc.applications[0].followups
    assert state.window.kind is Kind.MATERIALS and state.window.promise == 0
    assert state.state.skipped_at == dt.datetime(2026, 3, 3, 10, 0, tzinfo=dt.UTC)
