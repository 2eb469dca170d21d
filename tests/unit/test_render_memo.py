"""Renders kept by their inputs (compose/render_memo.py): a kept render is shown only for
exactly the inputs that made it, and a start that has one loads no Jinja2."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from followup_desktop.compose import render, render_memo
from followup_desktop.compose.render import compose_draft
from followup_desktop.records import Kind
from followup_desktop.settings import Settings
from tests.helpers.compose_records import DANA, NOW, PROFILE, make_app, make_window


@pytest.fixture(autouse=True)
def empty_memo() -> Iterator[None]:
    render_memo.clear()
    yield
    render_memo.clear()


@pytest.fixture
def renders(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the templates really rendered (not taken from the memo)."""
    made: list[str] = []
    real = render._render_named

    def counting(name, variables, user_templates):  # type: ignore[no-untyped-def]
        made.append(name)
        return real(name, variables, user_templates)

    monkeypatch.setattr(render, "_render_named", counting)
    return made


def _thank_you(templates: Path | None = None, **profile_changes: str):  # type: ignore[no-untyped-def]
    app = make_app()
    profile = dataclasses.replace(PROFILE, **profile_changes)
    return compose_draft(make_window(app, Kind.THANK_YOU, DANA), app, profile, Settings(),
                         NOW, templates)


def test_the_same_inputs_render_once_and_give_the_same_text(renders: list[str]) -> None:
    first, again = _thank_you(), _thank_you()
    assert again == first
    assert renders == ["thank-you.txt.j2"]


def test_any_changed_input_renders_again(renders: list[str]) -> None:
    base = _thank_you()
    other = _thank_you(name="Ada Lovelace Park")
    assert len(renders) == 2
    assert "Ada Lovelace Park" in other.body and "Ada Lovelace Park" not in base.body
    later = compose_draft(make_window(make_app(), Kind.THANK_YOU, DANA), make_app(), PROFILE,
                          Settings(), NOW.replace(day=NOW.day + 3))  # another "today"
    assert len(renders) == 3
    assert later.window_key == base.window_key


def test_a_user_template_rewritten_with_the_same_size_renders_again(
        tmp_path: Path, renders: list[str]) -> None:
    mine = tmp_path / "thank-you.txt.j2"
    mine.write_text("{% set subject %}Thanks A{% endset %}Body A\n")
    a = _thank_you(tmp_path)
    stat = mine.stat()
    mine.write_text("{% set subject %}Thanks B{% endset %}Body B\n")  # same size
    # a second later (Jinja2's own loader goes by the time), the same size
    os.utime(mine, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    b = _thank_you(tmp_path)
    assert (a.subject, b.subject) == ("Thanks A", "Thanks B")
    assert len(renders) == 2
    (tmp_path / "_common.txt.j2").write_text("{# a new file the loader could reach #}")
    _thank_you(tmp_path)
    assert len(renders) == 3


@pytest.mark.parametrize("included", ["parts/ps.j2", "ps.txt"])
def test_a_file_a_template_includes_changed_renders_again(
        tmp_path: Path, renders: list[str], included: str) -> None:
    """Found by a review: a part in a subfolder, or not named .j2, was not in the key."""
    (tmp_path / "parts").mkdir()
    (tmp_path / "thank-you.txt.j2").write_text(
        "{% set subject %}Thanks{% endset %}Body\n{% include '" + included + "' %}\n")
    part = tmp_path / included
    part.write_text("P.S. OLD LINE")
    assert "OLD LINE" in _thank_you(tmp_path).body
    stat = part.stat()
    part.write_text("P.S. NEW LINE")
    os.utime(part, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert "NEW LINE" in _thank_you(tmp_path).body
    assert len(renders) == 2


def test_kept_renders_come_back_in_another_process_order_and_shape(renders: list[str]) -> None:
    first = _thank_you()
    kept = render_memo.export()
    render_memo.clear()
    assert render_memo.preload([*kept, ["short"], [1, 2, 3, 4], "x", None]) == 1
    assert _thank_you() == first
    assert renders == ["thank-you.txt.j2"]  # the kept one, not a second render
    render_memo.clear()
    many = [[f"k{i}", "s", "b", None] for i in range(render_memo.LIMIT + 5)]
    render_memo.preload(many)
    keys = [e[0] for e in render_memo.export()]
    assert len(keys) == render_memo.LIMIT
    assert keys[-1] == f"k{render_memo.LIMIT + 4}"  # the newest kept, oldest dropped


KEPT_START = """
import sys, json
from followup_desktop.compose import render_memo
from followup_desktop.compose.render import compose_draft
from followup_desktop.records import Kind
from followup_desktop.settings import Settings
from tests.helpers.compose_records import DANA, NOW, PROFILE, make_app, make_window
render_memo.preload(json.loads(sys.stdin.read()))
app = make_app()
d = compose_draft(make_window(app, Kind.THANK_YOU, DANA), app, PROFILE, Settings(), NOW)
print(json.dumps([d.subject, d.body, "jinja2" in sys.modules]))
"""


def test_a_process_with_the_render_kept_loads_no_jinja2() -> None:
    import json

    first = _thank_you()
    kept = json.dumps(render_memo.export())
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run([sys.executable, "-c", KEPT_START], input=kept, capture_output=True,
                         text=True, timeout=120, cwd=root)
    assert out.returncode == 0, out.stderr[-1500:]
    subject, body, loaded = json.loads(out.stdout)
    assert (subject, body, loaded) == (first.subject, first.body, False)
    out = subprocess.run([sys.executable, "-c", KEPT_START], input="[]", capture_output=True,
                         text=True, timeout=120, cwd=root)
    assert json.loads(out.stdout) == [first.subject, first.body, True]  # rendered: loaded
