"""Shared pieces of the dialog tests: a context on a temporary folder, and user gestures."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

from followup_desktop.clock import fixed_clock
from followup_desktop.context import AppContext
from followup_desktop.paths import Paths
from followup_desktop.records import Profile

UTC = dt.UTC

#: What the offscreen platform says when a dialog sets size limits or a completer pops up.
OFFSCREEN_NOISE = pytest.mark.qt_log_ignore(
    r"This plugin does not support (propagateSizeHints|raise|grabbing the keyboard)")
NOW = dt.datetime(2026, 3, 2, 12, 0, tzinfo=UTC)  # 13:00 in Berlin


@pytest.fixture
def ctx(tmp_path: Path) -> Iterator[AppContext]:
    """An AppContext on tmp_path, a fixed clock, the profile in Europe/Berlin."""
    context = AppContext.open(Paths.for_data_dir(tmp_path / "data"), clock=fixed_clock(NOW))
    context.store.save_profile(Profile(name="Ada Park", email="ada@example.org",
                                       timezone="Europe/Berlin"))
    try:
        yield context
    finally:
        context.close()


@pytest.fixture
def warnings(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Message boxes the dialogs would show, recorded instead of blocking."""
    shown: list[str] = []

    def fake(_parent: object, _title: str, text: str, *a: object, **k: object) -> object:
        shown.append(text)
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "warning", staticmethod(fake))
    return shown


def show(qtbot, dialog: QDialog) -> QDialog:  # type: ignore[no-untyped-def]
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    qtbot.waitExposed(dialog)
    # the dialog itself active, not a window an earlier test left open: keys go to it
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog
                    and dialog.isAncestorOf(QApplication.focusWidget()))
    return dialog


def type_into(qtbot, widget: QWidget, text: str, *, clear: bool = True) -> None:  # type: ignore[no-untyped-def]
    widget.setFocus()
    if clear:
        qtbot.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClick(widget, Qt.Key.Key_Delete)
    qtbot.keyClicks(widget, text)


def click_save(qtbot, dialog) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)


def focused() -> QWidget | None:
    return QApplication.focusWidget()
