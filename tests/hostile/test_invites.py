"""Items 5-7: hostile invitations are bounded, linear, and never hand a TZID to a loader."""

from __future__ import annotations

import json
import time
import zoneinfo
from pathlib import Path

import pytest

from tests.hostile.invites import calendar, event, hostile, meetings

PROFILE = {"format": "followup/1", "applications": [],
           "profile": {"name": "Ada Park", "email": "ada@example.com",
                       "timezone": "Europe/Berlin"}}


@pytest.fixture
def ready(run, tmp_path):
    assert run.import_doc(PROFILE, tmp_path, "profile.json")[0] == 0
    return run


def _import(run, tmp_path: Path, text: str) -> tuple[int, str, str, float]:
    ics = tmp_path / "invite.ics"
    ics.write_text(text, encoding="utf-8")
    t = time.monotonic()
    code, out, err = run("import", str(ics))
    return code, out, err, time.monotonic() - t


def _names(run, tmp_path: Path) -> list[str]:
    assert run("export", str(tmp_path / "all.json"))[0] == 0
    doc = json.loads((tmp_path / "all.json").read_text())
    (tmp_path / "all.json").unlink()
    return [p["name"] for a in doc["applications"] for i in a["interviews"]
            for p in i["interviewers"]]


@pytest.mark.parametrize("name", list(hostile()))
def test_each_hostile_invite_ends_quickly_in_words(ready, tmp_path, name):
    code, out, err, seconds = _import(ready, tmp_path, hostile()[name])
    assert seconds < 10, seconds
    assert (code == 0 and out) or (code == 1 and err.count("\n") == 1), (code, out, err)
    assert "File name too long" not in err and "recursion" not in err


def test_a_tzid_never_reaches_the_zone_loader(ready, tmp_path, monkeypatch):
    opened: list[str] = []
    real = zoneinfo.ZoneInfo

    class Spy(real):  # type: ignore[misc, valid-type]
        def __new__(cls, key: str):  # noqa: ANN204
            opened.append(key)
            return real(key)

    monkeypatch.setattr(zoneinfo, "ZoneInfo", Spy)
    for tzid in ("../../etc/passwd", "/etc/localtime", "A" * 10000):
        _import(ready, tmp_path,
                calendar(event("x" + tzid[:3], f";TZID={tzid}:20260318T140000")))
    import re

    available = zoneinfo.available_timezones() | {"UTC"}
    ours = re.compile(r"X-FOLLOWUP-[0-9a-f]{20}")  # our own name for an unknown zone
    stray = [k[:40] for k in opened if k not in available and not ours.fullmatch(k)]
    assert not stray


def test_known_names_map_through_the_table():
    from followup_desktop.importers.ics_guard import map_tzid

    assert map_tzid("Europe/Berlin") == "Europe/Berlin"
    assert map_tzid("W. Europe Standard Time") == "Europe/Berlin"
    assert map_tzid("/mozilla.org/20050126_1/America/New_York") == "America/New_York"
    assert map_tzid('"Pacific Standard Time"') == "America/Los_Angeles"
    for bad in ("../../etc/passwd", "/etc/localtime", "A" * 10000, "Evil/Zone", ""):
        assert map_tzid(bad) is None


def test_a_known_tzid_reads_the_time_in_that_zone(ready, tmp_path):
    code, out, err, _ = _import(ready, tmp_path, calendar(
        event("ny", ";TZID=/mozilla.org/20050126_1/America/New_York:20260318T100000")))
    assert code == 0, err
    assert "14:00 UTC" in out or "15:00" in out  # 10:00 New York = 14:00 UTC = 15:00 Berlin


def test_a_name_with_a_line_break_from_an_invite_is_not_stored(ready, tmp_path):
    code, out, err, _ = _import(ready, tmp_path, hostile()["CN with a line break and Bcc"])
    assert code == 0, err
    names = _names(ready, tmp_path)
    assert all("\n" not in n and "Bcc" not in n for n in names), names


def test_import_is_linear_in_the_number_of_meetings(ready, tmp_path):
    """2,000 meetings once took quadratic time; 4x the meetings may take at most ~6x."""
    _code, _o, _e, small = _import(ready, tmp_path, meetings(250))
    code, out, err, big = _import(ready, tmp_path, meetings(1000).replace("UID:m", "UID:n"))
    assert code == 0, err
    assert big < 6 * max(small, 0.3), (small, big)
