"""Issue 17 item 1: a profile without a name never yields a draft that passes its checks,
and ``drafts`` refuses in one line naming ``profile.name`` and writes nothing."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from pathlib import Path

import pytest

from followup_desktop.compose.checks import check_context, run_checks
from followup_desktop.compose.render import compose_drafts
from followup_desktop.records import Kind
from followup_desktop.settings import Settings
from tests.helpers.compose_records import DANA, NOW, PROFILE, make_app, make_window

REPO = Path(__file__).resolve().parents[2]
NAMELESS = dataclasses.replace(PROFILE, name="")


def _results(profile, kind=Kind.THANK_YOU, **draft_changes):  # type: ignore[no-untyped-def]
    app = make_app()
    window = make_window(app, kind, DANA)
    (draft,) = compose_drafts(window, app, profile, Settings(), NOW)
    if draft_changes:
        draft = dataclasses.replace(draft, **draft_changes)
    ctx = check_context(draft, app, profile, Settings(), NOW)
    return draft, {r.id: r for r in run_checks(draft, ctx)}


@pytest.mark.parametrize("cid", ["placeholders", "signature", "subject"])
@pytest.mark.parametrize("kind", [Kind.THANK_YOU, Kind.CHECK_IN_1, Kind.MATERIALS])
def test_a_missing_name_fails_the_placeholder_signature_and_subject_checks(cid, kind):
    _, results = _results(NAMELESS, kind)
    assert not results[cid].ok, results[cid]
    assert "name" in results[cid].reason


def test_the_gap_subject_of_the_issue_never_passes():
    draft, results = _results(NAMELESS, subject="Thank you — , Senior Data Scientist")
    assert not results["subject"].ok
    assert not results["placeholders"].ok and results["placeholders"].blocking
    # even with a name in the profile, a subject with a hole in it is a placeholder left
    _, named = _results(PROFILE, subject="Thank you — , Senior Data Scientist")
    assert not named["subject"].ok and not named["placeholders"].ok
    assert "gap" in named["subject"].reason


def test_with_a_name_the_same_draft_passes():
    _, results = _results(PROFILE)
    assert results["placeholders"].ok and results["signature"].ok and results["subject"].ok


def _cli(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "followup_desktop", "--data-dir",
                           str(data_dir), *args], capture_output=True, text=True,
                          timeout=120, cwd=REPO)


def test_drafts_refuses_in_one_line_naming_profile_name_and_writes_nothing(tmp_path):
    doc = {"format": "followup/1", "profile": {"timezone": "America/New_York"},
           "applications": [{"company": "Northwind", "role": "Data Engineer", "interviews": [{
               "start": "2026-03-02T10:00:00-05:00",
               "interviewers": [{"name": "Dana Whitfield",
                                 "email": "dana@northwind.example"}]}]}]}
    f = tmp_path / "in.json"
    f.write_text(json.dumps(doc))
    data = tmp_path / "data"
    assert _cli(data, "import", str(f)).returncode == 0
    out_dir = tmp_path / "out"
    out = _cli(data, "drafts", str(out_dir), "--at", "2026-03-02T12:00:00-05:00")
    assert out.returncode != 0
    assert out.stderr.count("\n") == 1 and "Traceback" not in out.stderr
    assert "profile.name" in out.stderr
    assert not out_dir.exists()
    # once the profile has a name, the same command writes the note
    doc["profile"]["name"] = "Ada Park"
    doc["profile"]["email"] = "ada@example.org"
    doc["applications"] = []
    f.write_text(json.dumps(doc))
    assert _cli(data, "import", str(f)).returncode == 0, "profile-only import"
    out = _cli(data, "drafts", str(out_dir), "--at", "2026-03-02T12:00:00-05:00")
    assert out.returncode == 0, out.stderr
    assert len(list(out_dir.glob("*.eml"))) == 1


@pytest.mark.parametrize("kind", [Kind.THANK_YOU, Kind.CHECK_IN_1])
def test_a_missing_name_fails_signature_and_subject_outright_not_as_a_warning(kind):
    """Issue 17 item 1: *fail*, the way Placeholders does (✖, blocks export), not ⚠."""
    _, results = _results(NAMELESS, kind)
    for cid in ("placeholders", "signature", "subject"):
        assert not results[cid].ok and results[cid].blocking, results[cid]
    _, named = _results(PROFILE, kind, body="Hi Dana,\n\nThanks.\n\nBest,\nSomeone")
    assert not named["signature"].ok and not named["signature"].blocking
