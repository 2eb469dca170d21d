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
