"""Item 1: a data file someone sent never attaches a file the user did not choose."""

from __future__ import annotations

import email
from email import policy
from pathlib import Path

from tests.hostile.conftest import AT, document, thank_you_draft


def _attachments(folder: Path) -> list[str]:
    names = []
    for f in folder.glob("*.eml"):
        msg = email.message_from_bytes(f.read_bytes(), policy=policy.default)
        names += [p.get_filename() for p in msg.iter_attachments()]
    return names


def test_absolute_and_climbing_attachments_are_dropped_with_a_warning(run, tmp_path):
    secret = tmp_path / "id_ed25519"
    secret.write_text("PRIVATE KEY")
    doc = document(drafts=[thank_you_draft(attachments=[
        str(secret), "/etc/passwd", "../../id_ed25519", "~/.ssh/id_rsa", "C:\\Users\\x\\key"])])
    code, out, err = run.import_doc(doc, tmp_path)
    assert code == 0, err
    assert out.count("warning: applications[0].drafts[0].attachments[") == 5
    code, out, err = run("drafts", str(tmp_path / "out"), "--at", AT)
    assert code == 0, err
    assert _attachments(tmp_path / "out") == []
    assert b"PRIVATE KEY" not in b"".join(p.read_bytes() for p in (tmp_path / "out").iterdir())


def test_a_relative_attachment_is_read_from_the_data_folders_attachments(run, tmp_path):
    doc = document(drafts=[thank_you_draft(attachments=["case-study.pdf"])])
    assert run.import_doc(doc, tmp_path)[0] == 0
    (run.data_dir / "attachments").mkdir()
    (run.data_dir / "attachments" / "case-study.pdf").write_bytes(b"%PDF-1.4 study")
    code, out, err = run("drafts", str(tmp_path / "out"), "--at", AT)
    assert code == 0, err
    assert _attachments(tmp_path / "out") == ["case-study.pdf"]


def test_a_link_in_the_attachments_folder_leading_out_is_refused(run, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET")
    doc = document(drafts=[thank_you_draft(attachments=["notes.txt"])])
    assert run.import_doc(doc, tmp_path)[0] == 0
    (run.data_dir / "attachments").mkdir()
    (run.data_dir / "attachments" / "notes.txt").symlink_to(secret)
    code, out, err = run("drafts", str(tmp_path / "out"), "--at", AT)
    assert code != 0
    assert "not written: Thank-you to Dana Whitfield (Northwind)" in err
    assert not list((tmp_path / "out").glob("*.eml"))


def test_the_store_drops_them_too_whatever_way_they_came_in(tmp_path):
    from followup_desktop.interchange import parse_document
    from followup_desktop.store import open_store

    doc = parse_document(document(drafts=[thank_you_draft(attachments=["ok.pdf"])]))
    spec = doc.applications[0]
    import dataclasses

    bad = dataclasses.replace(spec.drafts[0], attachments=("/etc/passwd", "ok.pdf", "a/../../b"))
    spec = dataclasses.replace(spec, drafts=(bad,))
    store = open_store(tmp_path / "x.sqlite3")
    try:
        store.import_document([spec], {})
        _states, drafts = store.window_records()
        assert [d.attachments for ds in drafts.values() for d in ds] == [("ok.pdf",)]
    finally:
        store.close()
