"""ui/ask.py: the one question box (Yes against Cancel or No) that every confirm uses."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from followup_desktop.ui.ask import ask

B = QMessageBox.StandardButton


@pytest.mark.parametrize(("kwargs", "buttons", "default"), [
    ({}, B.Yes | B.Cancel, B.Cancel),
    ({"no_button": True}, B.Yes | B.No, B.No),
    ({"no_button": True, "default_yes": True}, B.Yes | B.No, B.Yes),
])
@pytest.mark.parametrize(("answer", "said_yes"), [(B.Yes, True), (B.Cancel, False),
                                                  (B.No, False)])
def test_ask_offers_yes_and_the_other_button_and_returns_yes(
        qtbot, monkeypatch, kwargs, buttons, default, answer, said_yes) -> None:  # type: ignore[no-untyped-def]
    asked: list[tuple[object, ...]] = []

    def question(*args: object) -> QMessageBox.StandardButton:
        asked.append(args)
        return answer

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    assert ask(None, "Delete?", "Delete it?", **kwargs) is said_yes
    assert asked == [(None, "Delete?", "Delete it?", buttons, default)]


def test_every_question_box_in_ui_goes_through_ask() -> None:
    """No copy of the QMessageBox.question code outside ui/ask.py."""
    from pathlib import Path

    import followup_desktop.ui as ui

    root = Path(ui.__file__).parent
    copies = [str(p.relative_to(root)) for p in root.rglob("*.py")
              if p.name != "ask.py" and "QMessageBox.question" in p.read_text("utf-8")]
    assert copies == []
