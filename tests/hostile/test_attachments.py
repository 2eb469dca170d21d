"""Item 1: a data file someone sent never attaches a file the user did not choose."""

from __future__ import annotations

import datetime as dt
import email
import json
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


# --- attachments already in a database (an older one, a restored backup) -----------------


def _saved_draft_with(run, tmp_path, attachments: list[str]) -> None:
    """The draft of ``document()`` saved with ``attachments`` written straight into the
    database, as an older Followup or a backup from elsewhere may have them."""
    import sqlite3

    assert run.import_doc(document(drafts=[thank_you_draft()]), tmp_path)[0] == 0
    con = sqlite3.connect(run.data_dir / "followup.sqlite3")
    with con:
        con.execute("UPDATE draft SET attachments = ?", (json.dumps(attachments),))
    con.close()


def test_attachments_stored_in_the_database_are_not_read_unless_picked_here(run, tmp_path):
    secret = tmp_path / "id_ed25519"
    secret.write_text("PRIVATE KEY")
    _saved_draft_with(run, tmp_path, [str(secret), "../../id_ed25519", "/etc/passwd"])
    code, out, err = run("drafts", str(tmp_path / "out"), "--at", AT)
    assert code == 0, err
    assert _attachments(tmp_path / "out") == []
    assert b"PRIVATE KEY" not in b"".join(p.read_bytes() for p in (tmp_path / "out").iterdir())
    warned = [line for line in out.splitlines() if "warning: attachment:" in line]
    assert len(warned) == 3, out
    assert f"'{secret}' not attached: not picked in this data folder's window" in warned[0]
    assert "attach it again" in warned[0]
    assert "'../../id_ed25519' not attached: a path that climbs out" in warned[1]


def test_a_file_picked_in_the_window_is_attached_and_a_restored_copy_drops_it(run, tmp_path):
    import shutil

    from followup_desktop.clock import fixed_clock
    from followup_desktop.context import AppContext
    from followup_desktop.drafting import draft_views, open_email_windows
    from followup_desktop.paths import Paths

    picked = tmp_path / "portfolio.pdf"
    picked.write_bytes(b"%PDF-1.4 mine")
    assert run.import_doc(document(), tmp_path)[0] == 0
    at = dt.datetime.fromisoformat(AT)
    ctx = AppContext.open(Paths.for_data_dir(run.data_dir), clock=fixed_clock(at))
    try:  # what the composer does when the user attaches a file and the draft autosaves
        window = open_email_windows(ctx, at)[0]
        draft = draft_views(ctx, window, at)[0].draft
        ctx.store.save_draft(window.application_id, window.key, draft.person_id,
                             subject=draft.subject, body=draft.body,
                             attachments=[str(picked)])
        assert draft_views(ctx, window, at)[0].draft.attachments == (str(picked),)
    finally:
        ctx.close()
    code, out, err = run("drafts", str(tmp_path / "out"), "--at", AT)
    assert code == 0 and "warning: attachment" not in out, (out, err)
    assert _attachments(tmp_path / "out") == ["portfolio.pdf"]

    # the same database in another data folder (a backup restored, a copy sent): no picks
    other = tmp_path / "other"
    other.mkdir(mode=0o700)
    shutil.copy(run.data_dir / "followup.sqlite3", other / "followup.sqlite3")
    code, out, err = run("drafts", str(tmp_path / "out2"), "--at", AT, data_dir=other)
    assert code == 0, err
    assert _attachments(tmp_path / "out2") == []
    assert f"warning: attachment: '{picked}' not attached" in out
    ctx = AppContext.open(Paths.for_data_dir(other), clock=fixed_clock(at))
    try:  # the window shows it on the draft, named
        view = draft_views(ctx, open_email_windows(ctx, at)[0], at)[0]
        assert view.draft.attachments == ()
        assert f"'{picked}' not attached: not picked in this data folder's window" \
            in view.change_line
    finally:
        ctx.close()
