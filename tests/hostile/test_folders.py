"""Item 9: only folders Followup creates are private; an existing folder keeps its mode."""

from __future__ import annotations

import os
import stat

from tests.hostile.conftest import AT, document


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_an_existing_shared_folder_keeps_its_mode_and_sticky_bit(run, tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)
    code, out, err = run("demo", data_dir=shared)
    assert code == 0, err
    assert _mode(shared) == 0o1777
    assert "warning: the data folder" in err and "readable by other users (mode 1777)" in err


def test_drafts_into_an_existing_folder_and_through_a_link_change_no_mode(run, tmp_path):
    assert run.import_doc(document(), tmp_path)[0] == 0
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)
    link = tmp_path / "link"
    link.symlink_to(shared)
    assert run("drafts", str(shared), "--at", AT)[0] == 0
    assert run("drafts", str(link), "--at", AT)[0] == 0
    assert _mode(shared) == 0o1777


def test_folders_followup_creates_are_private(run, tmp_path):
    assert run.import_doc(document(), tmp_path)[0] == 0
    assert _mode(run.data_dir) == 0o700
    assert run("drafts", str(tmp_path / "drafts"), "--at", AT)[0] == 0
    assert _mode(tmp_path / "drafts") == 0o700
    # drafts DIR makes DIR itself, never the folders above it (a mistyped path)
    code, _out, err = run("drafts", str(tmp_path / "new" / "drafts"), "--at", AT)
    assert code == 1 and "does not exist" in err
    assert not (tmp_path / "new").exists()
