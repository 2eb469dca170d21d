"""No module of the core needs scrolling for long (issue 21): every module under
``followup_desktop/`` outside ``ui/`` (which ``test_ui_sizes.py`` guards) stays within 600
lines. A module that grows past it is split by concern, as ``importers/spreadsheet/`` and
``importers/invite/`` were."""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "followup_desktop"
MAX_MODULE = 600

#: TEMPORARY: modules still over the limit while their split is under way on other branches,
#: each with its size when this test was written as an upper bound (it may only shrink).
#: Empty this once those splits are merged; then the limit holds with no exception.
NOT_YET_SPLIT: dict[str, int] = {
    "compose/checks.py": 610,
    "schedule/rules.py": 708,
    "interchange.py": 771,
    "store/repository.py": 945,
}


def _core_modules() -> dict[str, int]:
    return {p.relative_to(PACKAGE).as_posix(): len(p.read_text("utf-8").splitlines())
            for p in sorted(PACKAGE.rglob("*.py"))
            if p.relative_to(PACKAGE).parts[0] != "ui"}


def test_no_core_module_is_over_600_lines() -> None:
    sizes = _core_modules()
    offenders = [f"{name} ({lines} lines)" for name, lines in sizes.items()
                 if lines > NOT_YET_SPLIT.get(name, MAX_MODULE)]
    assert offenders == [], "split by concern: " + ", ".join(offenders)


def test_the_allow_list_only_names_modules_still_over_the_limit() -> None:
    sizes = _core_modules()
    stale = [name for name in NOT_YET_SPLIT if sizes.get(name, 0) <= MAX_MODULE]
    assert stale == [], "drop from NOT_YET_SPLIT (now within the limit): " + ", ".join(stale)
