"""One way to reach bundled files (templates, icons, desktop files).

Works the same from a checkout (top-level ``templates/`` and ``resources/``), an installed
wheel (copied into the package) and a PyInstaller bundle (collected beside the package).
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@cache
def _root(kind: str) -> Path:
    candidates = [_PACKAGE / kind, _PACKAGE.parent / kind]
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        candidates.insert(0, Path(frozen) / "followup_desktop" / kind)
    for c in candidates:
        if c.is_dir():
            return c
    raise FileNotFoundError(f"Followup's {kind} folder is missing from this installation")


def resource(*parts: str) -> Path:
    """Path of a file under ``resources/``, e.g. ``resource("icons", "app.svg")``."""
    return _root("resources").joinpath(*parts)


def template_dir() -> Path:
    """The folder of the product's default Jinja2 templates."""
    return _root("templates")


#: The sides of the app icon's PNG files used for its windows and tray icon (the hicolor
#: sizes; ``packaging/icons.py`` renders them from ``followup.svg``).
APP_ICON_SIDES = (16, 22, 24, 32, 48, 64, 128, 256, 512)


def app_icon_files() -> list[tuple[int, Path]]:
    """The app icon's PNG files as ``(side, path)``, those present. A ``QIcon`` made of
    them reads a file when its size is first drawn, and needs no SVG engine in the
    process (``libQt6Svg``, ~0.8 MB resident); the SVG stays the source they are drawn
    from (``packaging/icons.py --check`` keeps them in step)."""
    from followup_desktop import APP_ID

    try:
        root = _root("resources") / "icons" / "hicolor"
    except FileNotFoundError:
        return []
    found = ((side, root / f"{side}x{side}" / "apps" / f"{APP_ID}.png")
             for side in APP_ICON_SIDES)
    return [(side, path) for side, path in found if path.is_file()]
