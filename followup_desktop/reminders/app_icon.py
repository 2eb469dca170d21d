"""Followup's own icon, for the tray (``reminders``) and the windows (``ui.icons``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtGui import QIcon


def load_app_icon() -> QIcon:
    """The app icon (its own colours) from its PNG files, sharp at every size (the SVG
    they are drawn from if they are missing): the tray's icon and the windows'."""
    from PySide6.QtCore import QSize
    from PySide6.QtGui import QIcon

    from followup_desktop.resources import APP_ICON_SIDES, app_icon_files, resource

    files = app_icon_files()
    if not files:
        try:
            svg = resource("icons", "followup.svg")
        except FileNotFoundError:
            return QIcon()
        files = [(side, svg) for side in APP_ICON_SIDES]
    icon = QIcon()
    for side, path in files:
        icon.addFile(str(path), QSize(side, side))
    return icon
