"""The one question box of the window: "Yes" against "Cancel" (or "No"), as a bool.

Every confirmation in ``ui/`` goes through :func:`ask`; the widgets keep their own
``confirm`` seam (an attribute or argument tests replace) and call this behind it.
"""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget


def ask(parent: QWidget | None, title: str, text: str, *, no_button: bool = False,
        default_yes: bool = False) -> bool:
    """True when the user answers Yes. The other button is Cancel (or No with
    ``no_button``); it is the default, so Enter does not say yes, unless ``default_yes``."""
    yes = QMessageBox.StandardButton.Yes
    other = QMessageBox.StandardButton.No if no_button else QMessageBox.StandardButton.Cancel
    answer = QMessageBox.question(parent, title, text, yes | other,
                                  yes if default_yes else other)
    return answer == yes
