"""The store and the data file stay split by concern (issue 21, item 2): no module of
``store/`` or ``interchange/`` over 600 lines (``repository.py`` had 945, ``interchange.py``
771)."""

from __future__ import annotations

from pathlib import Path

import pytest

CORE = Path(__file__).resolve().parents[2] / "followup_desktop"
MAX_MODULE = 600


def test_interchange_is_a_package() -> None:
    assert (CORE / "interchange" / "__init__.py").is_file()
    assert not (CORE / "interchange.py").exists()


@pytest.mark.parametrize("path", sorted([*(CORE / "store").glob("*.py"),
                                         *(CORE / "interchange").glob("*.py")]),
                         ids=lambda p: f"{p.parent.name}/{p.name}")
def test_no_store_or_interchange_module_needs_long_scrolling(path: Path) -> None:
    assert len(path.read_text("utf-8").splitlines()) <= MAX_MODULE, \
        f"{path.name}: split it by concern"
