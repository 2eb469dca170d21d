"""Items 2 and 3: user templates that reach outside their folder, bombs, and a failing user
template said in words."""

from __future__ import annotations

import email
from email import policy
from pathlib import Path

import pytest

from tests.hostile.conftest import AT, document


def _bodies(folder: Path) -> str:
    out = []
    for f in sorted(folder.glob("*.eml")):
        msg = email.message_from_bytes(f.read_bytes(), policy=policy.default)
        out.append(msg.get_body(("plain",)).get_content())
    return "\n".join(out)


@pytest.fixture
def imported(run, tmp_path):
    assert run.import_doc(document(), tmp_path)[0] == 0
    (run.data_dir / "templates").mkdir()
    return run.data_dir / "templates"


def _user_template(folder: Path, body: str) -> None:
    (folder / "thank-you.txt.j2").write_text(
        "{% set subject %}Thank you: Data Engineer{% endset %}\n" + body, encoding="utf-8")


def test_an_include_through_a_link_out_of_the_folder_is_refused(run, tmp_path, imported):
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-LINE\n")
    (imported / "x.txt").symlink_to(secret)
    _user_template(imported, 'Dear Dana,\n{% include "x.txt" %}\n')
    code, out, err = run("drafts", str(tmp_path / "out"), "--at", AT)
    assert code == 0, err
    assert "SECRET-LINE" not in _bodies(tmp_path / "out")
    assert "warning: template: x.txt, line 1: the template is a link to a file outside" in out


def test_the_template_itself_as_a_link_out_is_refused(run, tmp_path, imported):
    secret = tmp_path / "secret.txt"
    secret.write_text("{% set subject %}s{% endset %}SECRET-LINE\n")
    (imported / "thank-you.txt.j2").symlink_to(secret)
    code, out, err = run("drafts", str(tmp_path / "out"), "--at", AT)
    assert code == 0, err
    assert "SECRET-LINE" not in _bodies(tmp_path / "out")
    assert "warning: template: " in out


def test_a_link_inside_the_folder_is_followed(run, tmp_path, imported):
    (imported / "real.txt").write_text("INSIDE-LINE\n")
    (imported / "x.txt").symlink_to(imported / "real.txt")
    _user_template(imported, 'Dear Dana,\n{% include "x.txt" %}\n')
    code, out, err = run("drafts", str(tmp_path / "out"), "--at", AT)
    assert code == 0, err
    assert "INSIDE-LINE" in _bodies(tmp_path / "out")
    assert "warning: template" not in out


def test_a_broken_user_template_is_said_in_words(run, tmp_path, imported):
    _user_template(imported, "Dear {{ nobody_knows }},\n")
    code, out, err = run("drafts", str(tmp_path / "out"), "--at", AT)
    assert code == 0, err
    assert "warning: template: thank-you.txt.j2" in out and "nobody_knows" in out
