"""Shared bits of the packaging tests: the repository, the packaging scripts by path."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

from tests.helpers.tools import require_tool

REPO = Path(__file__).resolve().parents[2]
PACKAGING = REPO / "packaging"
RESOURCES = REPO / "resources"


def load(name: str) -> ModuleType:
    """``packaging/<name>.py`` (not importable by name: ``packaging`` is a PyPI package)."""
    spec = importlib.util.spec_from_file_location(f"followup_packaging_{name}",
                                                  PACKAGING / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def tool(name: str) -> str:
    """The path of a system tool; the test fails naming it when it is missing."""
    return require_tool(name)
