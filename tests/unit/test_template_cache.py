"""The compiled templates kept in the cache folder (compose.template_cache): a later
start loads them instead of compiling, an edited template is compiled again, and a cache
that is damaged or cannot be written never fails a draft."""

from __future__ import annotations

from pathlib import Path

import pytest

from followup_desktop.compose import sandbox
from followup_desktop.compose.template_cache import TemplateCache

SOURCE = "{% set subject %}Hello {{ name }}{% endset %}Dear {{ name }},\n"


def _env(user: Path, cache: TemplateCache | None) -> sandbox.FollowupEnvironment:
    return sandbox.FollowupEnvironment(sandbox.TemplateLoader(user, user), cache)


def _count_compiles(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    seen: list[str] = []
    real = sandbox.FollowupEnvironment._parse

    def counting(self: sandbox.FollowupEnvironment, source: str, name: str | None,
                 filename: str | None) -> object:
        seen.append(name or "")
        return real(self, source, name, filename)

    monkeypatch.setattr(sandbox.FollowupEnvironment, "_parse", counting)
    return seen


def test_a_second_environment_loads_the_compiled_template(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    user = tmp_path / "t"
    user.mkdir()
    (user / "note.txt.j2").write_text(SOURCE, encoding="utf-8")
    cache = TemplateCache(tmp_path / "cache", "v1")
    compiles = _count_compiles(monkeypatch)
    first = _env(user, cache).get_template("note.txt.j2").render(name="Ada")
    assert compiles == ["note.txt.j2"]
    assert list((tmp_path / "cache").glob("template-v1-*.cache"))
    # a new start: a new environment with the same cache folder
    second = _env(user, TemplateCache(tmp_path / "cache", "v1"))
    assert second.get_template("note.txt.j2").render(name="Ada") == first
    assert compiles == ["note.txt.j2"]  # not compiled again
    # an edited template is compiled again (Jinja2 checks the source's checksum)
    (user / "note.txt.j2").write_text(SOURCE.replace("Dear", "Hi"), encoding="utf-8")
    third = _env(user, TemplateCache(tmp_path / "cache", "v1"))
    assert third.get_template("note.txt.j2").render(name="Ada") == "Hi Ada,\n"
    assert compiles == ["note.txt.j2", "note.txt.j2"]


def test_another_sandbox_version_compiles_and_sweeps_the_old_files(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    user = tmp_path / "t"
    user.mkdir()
    (user / "note.txt.j2").write_text(SOURCE, encoding="utf-8")
    _env(user, TemplateCache(tmp_path / "cache", "v1")).get_template("note.txt.j2")
    compiles = _count_compiles(monkeypatch)
    _env(user, TemplateCache(tmp_path / "cache", "v2")).get_template("note.txt.j2")
    assert compiles == ["note.txt.j2"]
    names = [p.name for p in (tmp_path / "cache").iterdir()]
    assert names and all(n.startswith("template-v2-") for n in names)


def test_a_damaged_or_unwritable_cache_only_means_compiling(tmp_path: Path) -> None:
    user = tmp_path / "t"
    user.mkdir()
    (user / "note.txt.j2").write_text(SOURCE, encoding="utf-8")
    _env(user, TemplateCache(tmp_path / "cache", "v1")).get_template("note.txt.j2")
    for f in (tmp_path / "cache").iterdir():
        f.write_bytes(f.read_bytes()[:40])  # cut short: magic and checksum, no code
    env = _env(user, TemplateCache(tmp_path / "cache", "v1"))
    assert env.get_template("note.txt.j2").render(name="Ada") == "Dear Ada,\n"
    blocked = tmp_path / "file"
    blocked.write_text("not a folder", encoding="utf-8")
    env = _env(user, TemplateCache(blocked / "cache", "v1"))
    assert env.get_template("note.txt.j2").render(name="Ada") == "Dear Ada,\n"
