"""Atomic writes: where their folder cannot be made, the error names what is in the way."""

from __future__ import annotations

import errno

import pytest

from followup_desktop.fileio import atomic_write, make_folder, write_new_name, write_new_names
from followup_desktop.paths import make_private_dir


@pytest.mark.parametrize("below", ["", "a", "a/b"])
def test_a_file_where_a_folder_should_be_is_named(tmp_path, below):
    blocker = tmp_path / "file"
    blocker.write_bytes(b"keep")
    folder = blocker / below if below else blocker
    with pytest.raises(NotADirectoryError) as err:
        make_folder(folder)
    assert err.value.errno == errno.ENOTDIR
    assert err.value.filename == str(blocker)
    assert blocker.read_bytes() == b"keep"


def test_every_writer_reports_the_file_in_the_way(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_bytes(b"keep")
    writers = [
        lambda: atomic_write(blocker / "x.json", b"{}"),
        lambda: write_new_name(blocker / "d", ["x.eml"], b"x"),
        lambda: write_new_names(blocker, [(["x.eml"], b"x")]),
        lambda: make_private_dir(blocker / "private"),
    ]
    for write in writers:
        with pytest.raises(NotADirectoryError) as err:
            write()
        assert err.value.filename == str(blocker)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file"]


def test_folders_are_made_with_their_parents_and_mode(tmp_path):
    target = tmp_path / "a" / "b"
    make_folder(target)
    make_folder(target)  # already there: nothing to do
    assert target.is_dir()
    make_private_dir(tmp_path / "p" / "q")
    assert (tmp_path / "p" / "q").stat().st_mode & 0o077 == 0
