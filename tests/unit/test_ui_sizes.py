"""The two widgets that grew past what one person can hold stay split (issue 21): in
``ui/main_window/`` and ``ui/composer/`` no module over 600 lines, and no function over
60 lines unless its docstring gives the reason (it then names its length in lines)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

UI = Path(__file__).resolve().parents[2] / "followup_desktop" / "ui"
PACKAGES = ("main_window", "composer")
MAX_MODULE, MAX_FUNCTION = 600, 60


def _modules() -> list[Path]:
    return sorted(p for name in PACKAGES for p in (UI / name).glob("*.py"))


def test_the_split_packages_exist() -> None:
    assert all((UI / name / "__init__.py").is_file() for name in PACKAGES)
    assert not (UI / "main_window.py").exists() and not (UI / "composer.py").exists()


@pytest.mark.parametrize("path", _modules(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_no_module_or_function_needs_long_scrolling(path: Path) -> None:
    source = path.read_text("utf-8")
    assert len(source.splitlines()) <= MAX_MODULE, f"{path.name}: split it by collaborator"
    long = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            length = (node.end_lineno or node.lineno) - node.lineno + 1
            if length > MAX_FUNCTION and "lines" not in (ast.get_docstring(node) or ""):
                long.append(f"{node.name} ({length} lines, line {node.lineno})")
    assert long == [], f"{path.name}: {', '.join(long)}"


@pytest.mark.parametrize("path", sorted((UI.parent / "compose").glob("*.py")),
                         ids=lambda p: f"compose/{p.name}")
def test_no_module_of_the_drafting_core_needs_long_scrolling(path: Path) -> None:
    assert len(path.read_text("utf-8").splitlines()) <= MAX_MODULE, \
        f"{path.name}: split it by family"
