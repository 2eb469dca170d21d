"""The draft checks: each fires on a crafted draft and stays quiet on a good one."""

from __future__ import annotations

import dataclasses
import datetime as dt
import statistics
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from followup_desktop.compose.checks import (
    CHECK_IDS,
    CheckResult,
    blocking_problems,
    check_context,
    run_checks,
)
from followup_desktop.compose.model import Draft
from followup_desktop.compose.render import compose_drafts
from followup_desktop.compose.spelling import misspelled
from followup_desktop.records import Kind, Message, Profile, Tone
from followup_desktop.settings import Settings
from tests.helpers.compose_records import (
    DANA,
    NOW,
    PROFILE,
    SAM,
    make_app,
    make_round,
    make_window,
)

SETTINGS = Settings()
AFTER_DECISION = dt.datetime(2026, 3, 16, 14, 0, tzinfo=dt.UTC)


def _draft(kind: Kind = Kind.THANK_YOU, person=DANA, tone: Tone = Tone.FORMAL,  # type: ignore[no-untyped-def]
           now: dt.datetime = NOW, app=None) -> tuple[Draft, object]:
    app = app or make_app(make_round(tone))
    window = make_window(app, kind, person, promise_id=5 if kind is Kind.MATERIALS else None)
    (draft,) = compose_drafts(window, app, PROFILE, SETTINGS, now)
    return draft, app


def _check(draft: Draft, app, cid: str, *, now: dt.datetime = NOW,  # type: ignore[no-untyped-def]
           drafts: tuple[Draft, ...] = (), profile: Profile = PROFILE,
           user_words: tuple[str, ...] = (), **ctx_changes) -> CheckResult:
    ctx = check_context(draft, app, profile, SETTINGS, now, drafts, user_words)
    if ctx_changes:
        ctx = dataclasses.replace(ctx, **ctx_changes)
    (result,) = [r for r in run_checks(draft, ctx) if r.id == cid]
    return result


def _edit(draft: Draft, **changes) -> Draft:  # type: ignore[no-untyped-def]
    return dataclasses.replace(draft, **changes)


def test_results_come_in_a_fixed_order_and_only_placeholders_block() -> None:
    draft, app = _draft()
    results = run_checks(draft, check_context(draft, app, PROFILE, SETTINGS, NOW))
    assert [r.id for r in results] == list(CHECK_IDS)
    assert len(CHECK_IDS) == 14  # the twelve of docs/rules.md + pace + voice
    assert all(r.ok for r in results), [r for r in results if not r.ok]
    assert [r.id for r in results if r.blocking] == ["placeholders"]
    assert all(r.reason and r.title for r in results)


# 1 ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("change", [
    {"body": "Dear Dr. Whitfield,\n\nThanks, [Your Name]\n"},
    {"body": "Dear Dr. Whitfield,\n\nI enjoyed {{ talking_point }} a lot.\n"},
    {"body": "Dear Dr. Whitfield,\n\nI would love to join <company>.\n"},
    {"subject": ""},
    {"subject": "Thank you — [Position]"},
    {"body": "   \n"},
])
def test_placeholders_block_export(change: dict[str, str]) -> None:
    draft, app = _draft()
    bad = _check(_edit(draft, **change), app, "placeholders")
    assert not bad.ok and bad.blocking
    assert blocking_problems([bad]) == [bad]
    assert _check(draft, app, "placeholders").ok


# 2 ---------------------------------------------------------------------------------------
def test_personal_needs_the_name_and_a_talking_point() -> None:
    draft, app = _draft()
    assert _check(draft, app, "personal").ok
    generic = ("Dear Dr. Whitfield,\n\nThank you for the interview. I enjoyed it. I hope to hear "
               "from you.\n\nKind regards,\nAda Park\n+1 555 0100\n")
    no_point = _check(_edit(draft, body=generic), app, "personal")
    assert not no_point.ok and "talking points" in no_point.reason
    no_name = _check(_edit(draft, body=draft.body.replace("Dr. Whitfield", "Sir or Madam")), app,
                     "personal")
    assert not no_name.ok and "Dana Whitfield" in no_name.reason
    # an edited wording still counts: most of the point's words are there
    edited = draft.body.replace("the move from nightly batches to streaming",
                                "moving the nightly batches over to streaming")
    assert _check(_edit(draft, body=edited), app, "personal").ok


def test_personal_asks_for_talking_points_when_none_are_recorded() -> None:
    iv = make_round()
    parts = (dataclasses.replace(iv.participants[0], talking_points=()), *iv.participants[1:])
    app = make_app(dataclasses.replace(iv, participants=parts))
    draft, _ = _draft(app=app)
    result = _check(draft, app, "personal")
    assert not result.ok and "No talking points" in result.reason


# 3 ---------------------------------------------------------------------------------------
def test_panel_flags_near_identical_notes() -> None:
    draft, app = _draft()
    copy = _edit(draft, window_key="thank-you:a7:i10:p2", person_id=SAM.id, to_name=SAM.name,
                 to_email=SAM.email, body=draft.body.replace("Dr. Whitfield", "Sam"))
    result = _check(draft, app, "panel", drafts=(draft, copy))
    assert not result.ok and "Sam Okafor" in result.reason
    (sam,) = compose_drafts(make_window(app, Kind.THANK_YOU, SAM), app, PROFILE, SETTINGS, NOW)
    assert _check(draft, app, "panel", drafts=(draft, sam)).ok
    assert _check(draft, app, "panel").ok


# 4 ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("core, expect", [
    ("Thanks for the chat about the move from nightly batches to streaming.", "sentence"),
    (" ".join(["I enjoyed it."] * 8), "sentences"),
    ("I enjoyed " + " ".join(["the move from nightly batches to streaming"] * 30) + ".",
     "words"),
    ("One. Two here.\n\nThree here.\n\nFour.\n\nFive.\n\nSix.", "paragraphs"),
])
def test_concise_thank_you(core: str, expect: str) -> None:
    draft, app = _draft()
    body = f"Dear Dr. Whitfield,\n\n{core}\n\nKind regards,\nAda Park\n+1 555 0100\n"
    result = _check(_edit(draft, body=body), app, "concise")
    assert not result.ok and expect in result.reason
    assert _check(draft, app, "concise").ok


def test_concise_linkedin_note_limit() -> None:
    note, app = _draft(Kind.LINKEDIN_NOTE, SAM)
    assert _check(note, app, "concise").ok
    long = _edit(note, body=note.body.strip() + " " + "x" * 200)
    result = _check(long, app, "concise")
    assert not result.ok and "300" in result.reason


# 5 ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("ask", [
    "When can I expect to hear back?",
    "Do you know when a decision will be made?",
    "Could you share the timeline for the next round?",
    "I'd love to hear back soon.",
])
def test_a_thank_you_does_not_ask_about_the_decision(ask: str) -> None:
    draft, app = _draft()
    body = draft.body.replace("\n\nKind regards,", f" {ask}\n\nKind regards,")
    assert body != draft.body
    assert not _check(_edit(draft, body=body), app, "no-decision-ask").ok
    assert _check(draft, app, "no-decision-ask").ok
    checkin, _ = _draft(Kind.CHECK_IN_1, now=AFTER_DECISION)
    assert _check(checkin, app, "no-decision-ask", now=AFTER_DECISION).ok  # check-ins may ask


# 6 ---------------------------------------------------------------------------------------
def test_a_check_in_waits_for_the_stated_decision_date() -> None:
    draft, app = _draft(Kind.CHECK_IN_1, now=AFTER_DECISION)
    on_the_day = dt.datetime(2026, 3, 14, 3, 0, tzinfo=dt.UTC)  # 13 March, 23:00 in New York
    early = _check(draft, app, "check-in-timing", now=on_the_day)
    assert not early.ok and "Friday 13 March" in early.reason
    day_after = dt.datetime(2026, 3, 14, 5, 0, tzinfo=dt.UTC)  # 14 March, 01:00 in New York
    assert _check(draft, app, "check-in-timing", now=day_after).ok
    no_date = make_app(make_round(decision_by=None))
    assert _check(draft, no_date, "check-in-timing", now=on_the_day).ok


# 7 ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("change", [
    {"to_email": "dana.whitfield@northwind.example, sam.okafor@northwind.example"},
    {"to_email": "dana.whitfield@northwind.example; sam.okafor@northwind.example"},
    {"to_email": None},
    {"cc": ("sam.okafor@northwind.example",)},
    {"bcc": ("me@example.org",)},
])
def test_one_recipient(change: dict[str, object]) -> None:
    draft, app = _draft()
    assert not _check(_edit(draft, **change), app, "one-recipient").ok
    assert _check(draft, app, "one-recipient").ok


# 8 ---------------------------------------------------------------------------------------
def test_tone_matches_the_round() -> None:
    formal, app = _draft(tone=Tone.FORMAL)
    assert _check(formal, app, "tone").ok
    hi = _check(_edit(formal, body=formal.body.replace("Dear Dr. Whitfield,", "Hi Dana,")), app,
                "tone")
    assert not hi.ok and "Dear Dr. Whitfield" in hi.reason
    wrong_title = formal.body.replace("Dear Dr. Whitfield,", "Dear Ms. Whitfield,")
    assert not _check(_edit(formal, body=wrong_title), app, "tone").ok
    casual, capp = _draft(tone=Tone.CASUAL)
    assert _check(casual, capp, "tone").ok
    dear = _check(_edit(casual, body=casual.body.replace("Hi Dana,", "Dear Dr. Whitfield,")),
                  capp, "tone")
    assert not dear.ok and "Hi Dana" in dear.reason


# 9 ---------------------------------------------------------------------------------------
def test_signature_needs_name_and_phone_or_email() -> None:
    draft, app = _draft()
    assert _check(draft, app, "signature").ok
    no_contact = draft.body.replace("+1 555 0100 | ada.park@example.org\n", "")
    assert not _check(_edit(draft, body=no_contact), app, "signature").ok
    no_name = draft.body.replace("Ada Park\n", "Ada\n")
    assert not _check(_edit(draft, body=no_name), app, "signature").ok
    phone_only = draft.body.replace("+1 555 0100 | ada.park@example.org", "Tel. +1 (555) 0100")
    assert _check(_edit(draft, body=phone_only), app, "signature").ok


# 10 --------------------------------------------------------------------------------------
def test_subject_names_the_role_or_the_user() -> None:
    draft, app = _draft()
    assert _check(draft, app, "subject").ok
    assert not _check(_edit(draft, subject="Hello there"), app, "subject").ok
    assert _check(_edit(draft, subject="Thanks from ada park"), app, "subject").ok


# 11 --------------------------------------------------------------------------------------
def test_spelling_marks_unknown_words_with_offsets() -> None:
    draft, app = _draft()
    assert _check(draft, app, "spelling").ok  # names, company and talking points are known
    body = draft.body.replace("the move from", "the especialy move from")
    result = _check(_edit(draft, body=body), app, "spelling")
    assert not result.ok and "especialy" in result.reason
    ((start, end, word),) = result.spans
    assert body[start:end] == word == "especialy"
    user = _check(_edit(draft, body=body), app, "spelling", user_words=("especialy",))
    assert user.ok


def test_misspelled_skips_urls_addresses_acronyms_and_extra_words() -> None:
    text = ("Hi Zorblat, see https://exmaple.com/pathh or mail me at ada.prak@exmaple.org; "
            "SQL and GPU work, K8s, Dana’s team's plans. I recieve teh notes.")
    found = misspelled(text, {"zorblat"})
    assert [w for _, _, w in found] == ["recieve", "teh"]
    for start, end, word in found:
        assert text[start:end] == word


@given(st.text(alphabet=st.sampled_from(list("abcdefghij xyzZQ'’.,\n-é0123")), max_size=80),
       st.frozensets(st.text(alphabet="abcxyz", min_size=1, max_size=5), max_size=5))
def test_misspelled_offsets_always_point_at_the_word(text: str, extra: frozenset[str]) -> None:
    for start, end, word in misspelled(text, extra):
        assert 0 <= start < end <= len(text)
        assert text[start:end] == word
        assert word.lower() not in extra


# 12 --------------------------------------------------------------------------------------
def test_a_promise_is_mentioned_or_attached() -> None:
    draft, app = _draft()
    assert _check(draft, app, "promise").ok
    forgot = draft.body.replace(" As promised, I will send the case study on pipeline "
                                "back-fills shortly.", "")
    assert forgot != draft.body
    result = _check(_edit(draft, body=forgot), app, "promise")
    assert not result.ok and "case study" in result.reason
    assert _check(_edit(draft, body=forgot, attachments=("/tmp/study.pdf",)), app, "promise").ok
    materials, _ = _draft(Kind.MATERIALS)
    assert not _check(materials, app, "promise").ok  # the material itself must be attached
    assert _check(_edit(materials, attachments=("/tmp/study.pdf",)), app, "promise").ok


# 13 --------------------------------------------------------------------------------------
def test_pace_warns_before_a_third_follow_up_in_seven_days() -> None:
    now = AFTER_DECISION
    sent = (Message(1, Kind.CHECK_IN_1, DANA.id, now - dt.timedelta(days=6)),
            Message(2, Kind.MATERIALS, DANA.id, now - dt.timedelta(days=2)),
            Message(3, Kind.THANK_YOU, DANA.id, now - dt.timedelta(days=1)))
    app = make_app(messages=sent)
    draft, _ = _draft(Kind.CHECK_IN_2, now=now, app=app)
    result = _check(draft, app, "pace", now=now)
    assert not result.ok and "third" in result.reason
    assert _check(draft, app, "pace", now=now + dt.timedelta(days=1)).ok  # first one aged out
    only_thanks = make_app(messages=sent[2:])
    assert _check(draft, only_thanks, "pace", now=now).ok  # thank-you notes are aside


def test_render_and_checks_are_fast() -> None:
    app = make_app()
    windows = [make_window(app, Kind.THANK_YOU, p) for p in (DANA, SAM)]
    drafts = compose_drafts(windows, app, PROFILE, SETTINGS, NOW)
    ctx = check_context(drafts[0], app, PROFILE, SETTINGS, NOW, drafts)
    run_checks(drafts[0], ctx)  # loads the dictionary once
    times = []
    for i in range(40):
        began = time.perf_counter()
        (d,) = compose_drafts(windows[0], app, PROFILE, SETTINGS, NOW)
        typed = _edit(d, body=d.body + "x" * (i % 7))
        run_checks(typed, ctx)
        times.append(time.perf_counter() - began)
    assert statistics.median(times) < 0.010


def test_the_chunked_dictionary_holds_exactly_the_spelling_list() -> None:
    """The word list is read a chunk at a time (memory); it must equal the whole list parsed
    as JSON, word for word, bucket for bucket."""
    import gzip
    import json
    from importlib.resources import files

    from followup_desktop.compose import spelling

    raw = files("spellchecker").joinpath("resources", "en.json.gz").read_bytes()
    words = list(json.loads(gzip.decompress(raw).decode("utf-8")))
    assert spelling._dictionary() == spelling._bucketed(words)
    assert len(words) > 100_000 and spelling._in_dictionary("aardvark")
