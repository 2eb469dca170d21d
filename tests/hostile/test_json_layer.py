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


@pytest.mark.parametrize("text", [
    '{"format": "followup/1"}',
    ' \n{ "applications" : [ ] , "format":"followup/1" }\n',
    '{"format": "followup/1", "applications": [{"company": "A", "role": "B"}, '
    '{"company": "C", "role": "D", "notes": "x"}], "words": ["kubernetes"]}',
    '{"applications": [{"company": "A", "role": "B"}], "format": "followup/1", '
    '"applications": [{"company": "E", "role": "F"}]}',
])
def test_the_streamed_load_reads_what_json_reads(tmp_path, text):
    """Item 13: ``load_file`` reads one application at a time; it gives what ``json.loads``
    + ``parse_document`` give."""
    import json

    from followup_desktop.interchange import load_file, parse_document

    f = tmp_path / "x.json"
    f.write_text(text, encoding="utf-8")
    a, b = load_file(f), parse_document(json.loads(text))
    assert (a.applications, a.profile, a.settings, a.words) == \
        (b.applications, b.profile, b.settings, b.words)


@pytest.mark.parametrize(("text", "message"), [
    ('{"format": "followup/1", "applications": [{"company": "A", "role": "B"},]}',
     "not valid JSON (line 1"),
    ('{"format": "followup/1", "applications": [1]}', "applications[0]: expected an object"),
    ('{"format": "followup/2", "applications": []}', "format: expected 'followup/1'"),
    ('{"format": "followup/1"} x', "not valid JSON"),
    ('{"format": "followup/1", "bogus": 1}', "bogus: unknown field"),
    ('[1, 2]', "expected an object"),
])
def test_the_streamed_load_names_the_problem(tmp_path, text, message):
    from followup_desktop.interchange import FormatError, load_file

    f = tmp_path / "x.json"
    f.write_text(text, encoding="utf-8")
    with pytest.raises(FormatError, match=message.replace("[", r"\[").replace("(", r"\(")):
        load_file(f)
