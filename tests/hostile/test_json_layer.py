"""Item 12: a 5,000-digit number and a lone surrogate end in one line, nothing changed."""

from __future__ import annotations

import pytest

from tests.hostile.json_cases import CASES


@pytest.mark.parametrize("name", list(CASES))
def test_one_line_and_nothing_changed(run, tmp_path, name):
    path = tmp_path / "in.json"
    path.write_text(CASES[name], encoding="utf-8")
    code, out, err = run("import", str(path))
    assert code == 1
    assert err.startswith("followup-desktop: ") and err.count("\n") == 1, err
    code, out, err = run("export", str(tmp_path / "all.json"))
    assert code == 0, err
    assert '"applications": []' in (tmp_path / "all.json").read_text()
