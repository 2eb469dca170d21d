"""Action icons: drawn from the SVG in the palette's colours at the sizes Followup uses."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSize
from PySide6.QtGui import QIcon, QPalette

from followup_desktop.ui.icons import _SIZES, forget_icons, icon


def _ink(pm: Any) -> set[str]:
    """The colours of the opaque pixels."""
    img = pm.toImage()
    return {img.pixelColor(x, y).name() for x in range(img.width())
            for y in range(img.height()) if img.pixelColor(x, y).alpha() == 255}


def test_icons_are_drawn_at_each_size_in_the_palettes_colours(qapp: Any) -> None:
    forget_icons()
    ic = icon("new")
    assert sorted({s.width() for s in ic.availableSizes()}) == sorted(_SIZES)
    palette = qapp.palette()
    text = palette.color(QPalette.ColorRole.WindowText).name()
    disabled = palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText).name()
    for side in _SIZES:
        pm = ic.pixmap(QSize(side, side))
        assert pm.width() == side
        assert _ink(pm) == {text}  # drawn, not scaled from another size
    assert _ink(ic.pixmap(QSize(18, 18), QIcon.Mode.Disabled)) == {disabled}
    assert ic.pixmap(QSize(48, 48)).width() == max(_SIZES)  # never blown up
    assert icon("new") is ic  # rendered once per palette
