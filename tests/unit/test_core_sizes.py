"""No module of the core needs scrolling for long: every module under ``followup_desktop/``
outside ``ui/`` (which ``test_ui_sizes.py`` guards) stays within 600 lines, with no
exception. A module that grows past it is split by concern, as ``store/repository.py``,
``interchange/``, ``importers/spreadsheet/``, ``importers/invite/``, ``schedule/rules.py``
and ``compose/checks.py`` were."""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "followup_desktop"
MAX_MODULE = 600


def _core_modules() -> dict[str, int]:
    return {p.relative_to(PACKAGE).as_posix(): len(p.read_text("utf-8").splitlines())
            for p in sorted(PACKAGE.rglob("*.py"))
            if p.relative_to(PACKAGE).parts[0] != "ui"}


def test_no_core_module_is_over_600_lines() -> None:
    offenders = [f"{name} ({lines} lines)" for name, lines in _core_modules().items()
                 if lines > MAX_MODULE]
    assert offenders == [], "split by concern: " + ", ".join(offenders)


def test_interchange_is_a_package() -> None:
    assert (PACKAGE / "interchange" / "__init__.py").is_file()
    assert not (PACKAGE / "interchange.py").exists()
