"""An import never replaces the folder's profile with a differing one, even when the file's
has the same name (another time zone would move every time in the window)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from followup_desktop.context import AppContext
from followup_desktop.paths import Paths
from followup_desktop.records import Profile
from followup_desktop.services.imports import import_file

ADA = Profile("Ada Park", "ada.park@example.org", "+1 555 0100", "", "Best,\nAda", "Etc/UTC")


@pytest.fixture
def ctx(tmp_path: Path) -> Iterator[AppContext]:
    c = AppContext.open(Paths.for_data_dir(tmp_path / "data"))
    yield c
    c.store.close()


def _file(tmp_path: Path, profile: dict[str, str], name: str = "ada.json") -> Path:
    f = tmp_path / name
    f.write_text(json.dumps({
        "format": "followup/1", "profile": profile,
        "applications": [{"company": "Northwind", "role": "Data Engineer", "interviews": [
            {"start": "2026-03-02T10:00:00+00:00"}]}]}))
    return f


def test_a_same_name_profile_with_another_zone_and_email_is_not_used(
        ctx: AppContext, tmp_path: Path) -> None:
    ctx.store.save_profile(ADA)
    f = _file(tmp_path, {"name": "Ada Park", "email": "ada@elsewhere.example",
                         "timezone": "Europe/Berlin"})
    asked: list[str] = []
    done = import_file(ctx, f, confirm=lambda q: asked.append(q) or True)
    assert done is not None
    line = ("Kept your profile (Ada Park, Etc/UTC); the file's differs (email "
            "ada@elsewhere.example, time zone Europe/Berlin) and was not used.")
    assert done.message == "Imported 1 application(s) from ada.json.\n" + line
    assert done.kept == (line,)
    assert ("Your profile (Ada Park, Etc/UTC) is kept; the file's differs (email "
            "ada@elsewhere.example, time zone Europe/Berlin) and is not used.") in asked[0]
    assert "will replace the current ones" not in asked[0]
    assert ctx.profile() == ADA
    assert len(ctx.applications()) == 1


def test_every_field_that_differs_is_named(ctx: AppContext, tmp_path: Path) -> None:
    ctx.store.save_profile(ADA)
    f = _file(tmp_path, {"name": " Ada  Park ", "email": "ada.park@example.org",
                         "phone": "", "linkedin": "https://www.linkedin.com/in/adapark",
                         "signature": "Cheers,\nA.", "timezone": "Etc/UTC"})
    done = import_file(ctx, f)
    assert done is not None
    assert done.kept == ("Kept your profile (Ada Park, Etc/UTC); the file's differs (no "
                         "phone, LinkedIn https://www.linkedin.com/in/adapark, signature) "
                         "and was not used.",)
    assert ctx.profile() == ADA


def test_a_folder_without_a_zone_says_it_keeps_the_computers(
        ctx: AppContext, tmp_path: Path) -> None:
    ctx.store.save_profile(Profile("Ada Park"))
    done = import_file(ctx, _file(tmp_path, {"name": "Ada Park", "timezone": "Europe/Berlin"}))
    assert done is not None
    assert done.kept == ("Kept your profile (Ada Park, the computer's time zone); the file's "
                         "differs (time zone Europe/Berlin) and was not used.",)
    assert ctx.profile().timezone == ""


def test_the_same_profile_imports_quietly(ctx: AppContext, tmp_path: Path) -> None:
    ctx.store.save_profile(ADA)
    f = _file(tmp_path, {"name": "Ada Park", "email": "ada.park@example.org",
                         "timezone": "Etc/UTC"})
    done = import_file(ctx, f)
    assert done is not None and done.kept == ()
    assert done.message == "Imported 1 application(s) from ada.json."
    assert ctx.profile() == ADA


def test_another_persons_profile_keeps_its_wording(ctx: AppContext, tmp_path: Path) -> None:
    ctx.store.save_profile(ADA)
    done = import_file(ctx, _file(tmp_path, {"name": "Jonas Weber", "timezone": "Etc/UTC"}))
    assert done is not None
    assert done.kept == ("Kept your profile (Ada Park); the file's (Jonas Weber) was not "
                         "used.",)


def test_an_empty_folder_takes_the_files_profile(ctx: AppContext, tmp_path: Path) -> None:
    f = _file(tmp_path, {"name": "Ada Park", "email": "ada@elsewhere.example",
                         "timezone": "Europe/Berlin"})
    done = import_file(ctx, f)
    assert done is not None and done.kept == ()
    assert (ctx.profile().name, ctx.profile().email, ctx.profile().timezone) == (
        "Ada Park", "ada@elsewhere.example", "Europe/Berlin")
