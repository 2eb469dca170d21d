"""The empty state: two sentences, two buttons; sample data in its own folder."""

from __future__ import annotations

import sqlite3
import sys

import pytest

from followup_desktop.ui.first_run import INTRO, FirstRunPane, followup_command

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def test_empty_data_shows_the_first_run_state(make_window, open_ctx) -> None:  # type: ignore[no-untyped-def]
    w = make_window(open_ctx())
    assert w.stack.currentWidget() is w.first_run
    fr = w.first_run
    assert fr.intro.text() == INTRO
    assert INTRO.count(". ") + 1 == 2  # two sentences
    assert fr.add_button.text() == "Add interview"
    assert fr.demo_button.text() == "Explore sample data"
    assert fr.add_button.accessibleName() and fr.demo_button.accessibleName()


def test_add_interview_opens_the_application_editor(make_window, open_ctx, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    w = make_window(open_ctx())
    asked: list[tuple[str, tuple[object, ...]]] = []
    monkeypatch.setattr(w.commands, "run_dialog",
                        lambda cls, *a: asked.append((cls.__name__, a)) and None)
    w.first_run.add_button.click()
    assert asked == [("ApplicationDialog", (None,))]


def test_first_run_gives_way_to_the_table_once_there_is_data(make_window, open_ctx) -> None:  # type: ignore[no-untyped-def]
    from followup_desktop.records import ApplicationSpec

    ctx = open_ctx()
    w = make_window(ctx)
    ctx.store.add_application(ApplicationSpec(company="Acme", role="Engineer"))
    w.refresh()
    assert w.stack.currentWidget() is not w.first_run
    assert w.model.rowCount() == 1


def test_explore_sample_data_fills_a_separate_folder_and_launches_it(qtbot, open_ctx) -> None:  # type: ignore[no-untyped-def]
    ctx = open_ctx()
    launched: list[tuple[str, list[str]]] = []
    pane = FirstRunPane(ctx, launcher=lambda prog, args: launched.append((prog, list(args)))
                        or True)
    qtbot.addWidget(pane)
    demo_dir = ctx.paths.demo_data_dir
    assert demo_dir != ctx.paths.data_dir
    with qtbot.waitSignal(pane.demo_launched, timeout=120_000) as blocker:
        pane.demo_button.click()
    assert blocker.args == [str(demo_dir)]
    # the demo folder holds the sample applications ...
    with sqlite3.connect(demo_dir / "followup.sqlite3") as db:
        (count,) = db.execute("select count(*) from application").fetchone()
    assert count >= 10
    # ... and a new Followup process was asked to open it, not this one
    assert launched == [(sys.executable, ["-m", "followup_desktop", "--data-dir",
                                          str(demo_dir)])]
    # the user's own data is untouched
    assert ctx.applications() == []
    assert ctx.store.is_empty()
    # a second click launches again without refilling
    launched.clear()
    with qtbot.waitSignal(pane.demo_launched):
        pane.demo_button.click()
    assert len(launched) == 1


def test_followup_command_targets_the_given_folder(tmp_path) -> None:  # type: ignore[no-untyped-def]
    prog, args = followup_command(tmp_path / "d", "demo")
    assert prog == sys.executable
    assert args[-3:] == ["--data-dir", str(tmp_path / "d"), "demo"]


def test_a_window_with_data_never_builds_the_first_run_page(make_window, demo_ctx) -> None:  # type: ignore[no-untyped-def]
    # The profile form (the dialogs' module, the time-zone list) is made only when wanted.
    w = make_window(demo_ctx)
    assert w.model.rowCount() > 0
    assert not w.findChildren(FirstRunPane)
    page = w.first_run  # made when asked for, then kept, in the stack
    assert w.first_run is page and w.stack.indexOf(page) >= 0
    assert w.stack.currentWidget() is not page
