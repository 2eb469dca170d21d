"""Issue 17 item 9: the sample-data window's title and WM_CLASS; the import dialog opens
in a folder that exists (and then where the last import came from)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMainWindow

from followup_desktop.ui import import_actions
from followup_desktop.ui.application import WM_CLASS_NAME
from followup_desktop.ui.titles import window_title


def test_the_sample_data_window_is_titled_as_such(tmp_path):
    assert window_title(tmp_path / "followup") == "Followup"
    assert window_title(tmp_path / "followup-demo") == "Followup \u2014 Sample data"


def test_every_window_has_the_commands_wm_class():
    assert WM_CLASS_NAME == "followup-desktop"
    source = (Path(import_actions.__file__).parent / "application.py").read_text()
    assert "QApplication([WM_CLASS_NAME])" in source


def test_import_opens_in_an_existing_folder_then_the_last_one(qtbot, open_ctx, monkeypatch,
                                                               tmp_path):
    ctx = open_ctx()
    w = QMainWindow()
    qtbot.addWidget(w)
    w.ctx = ctx  # type: ignore[attr-defined]
    gone = tmp_path / "home" / "Documents"  # a fresh system: no Documents folder
    (tmp_path / "home").mkdir()
    monkeypatch.setattr(import_actions, "_documents", lambda: gone)
    starts: list[Path] = []
    picked = tmp_path / "invites" / "round.ics"
    picked.parent.mkdir()
    picked.write_text("not an invite")

    def ask(_parent, start):  # type: ignore[no-untyped-def]
        starts.append(start)
        return picked

    monkeypatch.setattr(import_actions, "ask_open_file", ask)
    monkeypatch.setattr(import_actions, "import_file", lambda _w, _p: False)
    import_actions.import_dialog(w)
    assert starts[0] == tmp_path / "home" and starts[0].is_dir()
    import_actions.import_dialog(w)
    assert starts[1] == picked.parent


@pytest.mark.parametrize("given,want", [
    (lambda t: t / "a" / "b" / "c", lambda t: t / "a"),
    (lambda t: None, lambda t: Path.home()),
])
def test_existing_folder(tmp_path, given, want):
    (tmp_path / "a").mkdir()
    assert import_actions.existing_folder(given(tmp_path)) == want(tmp_path)


def test_a_folder_the_demo_command_filled_is_titled_sample_data(open_ctx, make_window,
                                                                 tmp_path):
    """``followup-desktop --data-dir ~/anything demo`` marks the folder, whatever its name;
    the window on it says it shows sample data (before, only a "-demo" folder did)."""
    from followup_desktop.services.demo import fill_demo
    from tests.helpers.window import NOW, TZ

    ctx = open_ctx(data_dir=tmp_path / "anything")
    fill_demo(ctx.store, NOW, TZ)
    window = make_window(ctx)
    assert window.windowTitle() == "Followup \u2014 Sample data"


def test_a_window_attached_later_to_sample_data_is_titled_too(open_ctx, qtbot, tmp_path):
    from followup_desktop.paths import Paths
    from followup_desktop.services.demo import fill_demo
    from followup_desktop.ui.main_window import MainWindow
    from tests.helpers.window import NOW, TZ

    ctx = open_ctx(data_dir=tmp_path / "anything")
    fill_demo(ctx.store, NOW, TZ)
    window = MainWindow(None, paths=Paths.for_data_dir(tmp_path / "anything"))
    qtbot.addWidget(window)
    assert window.windowTitle() == "Followup"
    window.attach(ctx)
    assert window.windowTitle() == "Followup \u2014 Sample data"
