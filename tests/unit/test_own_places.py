"""Followup's own files and folders are never a command's target: one rule
(:meth:`Paths.own_place`), used by every command that writes a file or fills a folder
(``services.output_file``). The names come from the code that writes those files, so a
new one cannot slip past the rule unseen."""

from __future__ import annotations

from pathlib import Path

import pytest

from followup_desktop.paths import Paths
from followup_desktop.services.output_file import output_file_problem, output_folder_problem


def _own_files(paths: Paths) -> list[Path]:
    """Every file Followup writes beside its database and settings, named by the code
    that writes it."""
    from followup_desktop.store.attachments import PICKED_FILE
    from followup_desktop.store.connection import clean_stamp, running_marker
    from followup_desktop.store.damage import damage_marker
    from followup_desktop.ui.errors import LOG_NAME

    db = paths.db
    return [db, Path(f"{db}-wal"), Path(f"{db}-shm"), Path(f"{db}-journal"),
            clean_stamp(db), Path(f"{clean_stamp(db)}.tmp"), running_marker(db),
            damage_marker(db), db.with_name(f".{db.name}.restoring"), paths.lock_file,
            paths.data_dir / PICKED_FILE, paths.picked_attachments, paths.ui_state,
            Path(f"{paths.ui_state}.lock"), paths.log_dir / LOG_NAME,
            paths.log_dir / f"{LOG_NAME}.1", paths.backups / "followup-2026.sqlite3",
            paths.damaged / "20260302" / "why.txt", paths.attachments / "cv.pdf",
            paths.templates / "thank_you.txt.j2", paths.replaced / "x" / "followup.sqlite3"]


def _layouts(tmp_path: Path) -> list[Paths]:
    """``--data-dir`` (all in one folder) and the platform's three folders."""
    return [Paths.for_data_dir(tmp_path / "data"),
            Paths(data_dir=tmp_path / "share", log_dir=tmp_path / "state" / "log",
                  config_dir=tmp_path / "config")]


@pytest.mark.parametrize("layout", [0, 1], ids=["data-dir", "platform"])
@pytest.mark.parametrize("what", ["export", "calendar", "--screenshot"])
def test_every_file_followup_owns_is_refused_for_every_writer(
        tmp_path: Path, layout: int, what: str) -> None:
    paths = _layouts(tmp_path)[layout].ensure()
    for file in _own_files(paths):
        file.parent.mkdir(parents=True, exist_ok=True)
        problem = output_file_problem(what, file, "x", paths)
        assert problem is not None, file
        assert problem.startswith(f"{what}: ") and "Followup's own" in problem, problem
        assert "nothing was written" in problem


def test_links_and_dotted_paths_to_own_files_are_seen_for_what_they_are(tmp_path: Path) -> None:
    paths = Paths.for_data_dir(tmp_path / "data").ensure()
    paths.backups.mkdir()
    (tmp_path / "to-backups").symlink_to(paths.backups)
    (tmp_path / "to-data").symlink_to(paths.data_dir)
    for file in (tmp_path / "to-backups" / "a.json", tmp_path / "to-data" / "window.ini",
                 paths.backups / ".." / "followup.sqlite3.running"):
        assert "Followup's own" in (output_file_problem("export", file, "x", paths) or ""), file


@pytest.mark.parametrize("name", ["followup.json", "plan.ics", "followup-notes.txt",
                                  "backups.json", "logs.ics"])
def test_other_names_in_the_data_folder_stay_allowed(tmp_path: Path, name: str) -> None:
    paths = Paths.for_data_dir(tmp_path / "data").ensure()
    assert output_file_problem("export", paths.data_dir / name, "x", paths) is None


def test_drafts_never_go_into_followups_own_folders(tmp_path: Path) -> None:
    for paths in _layouts(tmp_path):
        paths.ensure()
        for folder in (paths.data_dir, paths.config_dir, *paths.own_folders,
                       paths.backups / "sub", paths.log_dir / "drafts"):
            problem = output_folder_problem("drafts", folder, "drafts", paths)
            assert problem is not None, folder
            assert "one of Followup's own folders" in problem and str(folder) in problem
        assert output_folder_problem("drafts", paths.data_dir / "drafts", "d", paths) is None
        assert output_folder_problem("drafts", tmp_path / "mine", "d", paths) is None


def test_drafts_makes_its_folder_only_never_the_folders_above(tmp_path: Path) -> None:
    problem = output_folder_problem("drafts", tmp_path / "x" / "zz2" / "zz3", "drafts")
    assert problem == (f"drafts: the folder {tmp_path / 'x' / 'zz2'} does not exist (drafts "
                       "makes zz3 itself, not the folders above it); create it first or "
                       "choose another place (nothing was written)")
    assert output_folder_problem("drafts", tmp_path / "zz3", "drafts") is None


def test_a_read_that_found_no_database_leaves_none(tmp_path: Path) -> None:
    from followup_desktop.context import AppContext
    from followup_desktop.services.output_file import leaves_no_new_database

    paths = Paths.for_data_dir(tmp_path / "new" / "data")
    with leaves_no_new_database(paths):
        AppContext.open(paths).close()
        assert paths.db.exists()
    assert list(tmp_path.iterdir()) == []


def test_data_that_came_meanwhile_is_kept(tmp_path: Path) -> None:
    from followup_desktop.context import AppContext
    from followup_desktop.services.output_file import leaves_no_new_database

    paths = Paths.for_data_dir(tmp_path / "data")
    with leaves_no_new_database(paths):
        ctx = AppContext.open(paths)
        ctx.store.set_setting("debrief_due_hours", 5)
        ctx.close()
    assert paths.db.exists()
    with pytest.raises(RuntimeError), leaves_no_new_database(Paths.for_data_dir(tmp_path / "b")):
        AppContext.open(Paths.for_data_dir(tmp_path / "b")).close()
        raise RuntimeError("the read failed")
    assert not (tmp_path / "b").exists()
