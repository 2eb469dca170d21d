"""Layers point one way (``/work/shared/conventions.md``, ``followup_desktop/services``).

Every module's imports are read from its source (``ast``, so imports inside functions and
``TYPE_CHECKING`` blocks count too) and each is checked against the order below: a module
may import its own layer and the ones under it, never one above. Inside a layer, the rooms
(top-level modules and packages) must not import each other in a circle.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

PACKAGE = "followup_desktop"
ROOT = Path(__file__).resolve().parents[2]

#: Lowest first. A room is the first name under ``followup_desktop`` ("" for the package's
#: own ``__init__``); every room of the package must be listed.
LAYERS: tuple[tuple[str, frozenset[str]], ...] = (
    ("records and settings", frozenset({"", "records", "settings", "clock", "paths", "fileio",
                                        "humanize", "resources", "memory", "bulk", "search",
                                        "guards", "names", "lazy", "class_code"})),
    ("store, schedule, compose, file formats",
     frozenset({"store", "schedule", "compose", "importers", "interchange"})),
    ("services", frozenset({"context", "services", "drafting", "autostart"})),
    ("reminders", frozenset({"reminders"})),
    ("ui", frozenset({"ui"})),
    ("command line and selftest", frozenset({"cli", "selftest", "commands"})),
    ("app", frozenset({"app", "__main__"})),
)
LAYER_OF = {room: i for i, (_name, rooms) in enumerate(LAYERS) for room in rooms}


@dataclass(frozen=True, slots=True)
class Import:
    module: str     # the importing module, e.g. followup_desktop.reminders.tray
    target: str     # the imported module, e.g. followup_desktop.ui.icons
    line: int


def module_name(root: Path, file: Path) -> str:
    parts = list(file.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(root: Path, package: str = PACKAGE) -> Iterator[Import]:
    """Every import of a module of ``package`` by a module of ``package`` under ``root``."""
    files = sorted((root / package).rglob("*.py"))
    known = {module_name(root, f) for f in files}
    for file in files:
        module = module_name(root, file)
        is_package = file.name == "__init__.py"
        tree = ast.parse(file.read_text(encoding="utf-8"), filename=str(file))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = module.split(".")
                    if not is_package:
                        base.pop()
                    base = base[:len(base) - node.level + 1]
                    source = ".".join(base + ([node.module] if node.module else []))
                else:
                    source = node.module or ""
                # ``from followup_desktop import cli`` imports the module ``cli``
                names = [f"{source}.{a.name}" if f"{source}.{a.name}" in known else source
                         for a in node.names]
            for name in names:
                if name == package or name.startswith(package + "."):
                    while name not in known and "." in name:
                        name = name.rsplit(".", 1)[0]
                    yield Import(module, name, node.lineno)


def room(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def upward(found: Iterable[Import]) -> list[str]:
    """One line per import of a higher layer, saying who imports what."""
    out = []
    for imp in found:
        mine, theirs = LAYER_OF[room(imp.module)], LAYER_OF[room(imp.target)]
        if theirs > mine:
            out.append(f"{imp.module} (layer {LAYERS[mine][0]!r}) imports {imp.target} "
                       f"(layer {LAYERS[theirs][0]!r}, above it) on line {imp.line}")
    return out


def circles(found: Iterable[Import]) -> list[str]:
    """Rooms of one layer that import each other in a circle, with one import per step."""
    example: dict[tuple[str, str], Import] = {}
    for imp in found:
        a, b = room(imp.module), room(imp.target)
        if a != b and LAYER_OF[a] == LAYER_OF[b]:
            example.setdefault((a, b), imp)
    edges: dict[str, set[str]] = {}
    for a, b in example:
        edges.setdefault(a, set()).add(b)
    out: list[str] = []
    seen: set[frozenset[str]] = set()

    def walk(path: list[str]) -> None:
        for nxt in sorted(edges.get(path[-1], ())):
            if nxt == path[0]:
                cycle = frozenset(path)
                if cycle not in seen:
                    seen.add(cycle)
                    steps = [example[(x, y)] for x, y in zip(path, path[1:] + [nxt],
                                                              strict=True)]
                    out.append("circle: " + "; ".join(
                        f"{s.module} imports {s.target} (line {s.line})" for s in steps))
            elif nxt not in path:
                walk([*path, nxt])

    for start in sorted(edges):
        walk([start])
    return out


def test_every_room_of_the_package_has_a_layer() -> None:
    rooms = {room(module_name(ROOT, f)) for f in (ROOT / PACKAGE).rglob("*.py")}
    assert rooms - set(LAYER_OF) == set(), "add the new module to LAYERS in this test"


def test_no_module_imports_a_higher_layer() -> None:
    bad = upward(imports_of(ROOT))
    assert not bad, "lower layers import higher ones:\n" + "\n".join(bad)


def test_no_rooms_of_one_layer_import_each_other_in_a_circle() -> None:
    bad = circles(imports_of(ROOT))
    assert not bad, "\n".join(bad)


@pytest.fixture
def fake(tmp_path: Path) -> Path:
    """A package with one import upward and one circle, to see the checks catch them."""
    pkg = tmp_path / PACKAGE
    for sub in ("store", "reminders", "ui"):
        (pkg / sub).mkdir(parents=True)
        (pkg / sub / "__init__.py").write_text("")
    (pkg / "__init__.py").write_text("")
    (pkg / "store" / "recovery.py").write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n"
        "    from followup_desktop.context import AppContext\n")
    (pkg / "context.py").write_text("from followup_desktop.store import recovery\n")
    (pkg / "reminders" / "tray.py").write_text(
        "def icon():\n    from ..ui.icons import app_icon\n    return app_icon()\n")
    (pkg / "ui" / "icons.py").write_text("")
    (pkg / "cli.py").write_text("from followup_desktop import selftest\n")
    (pkg / "selftest.py").write_text("import followup_desktop.cli\n")
    return tmp_path


def test_the_checks_name_the_module_and_what_it_imports(fake: Path) -> None:
    found = list(imports_of(fake))
    assert upward(found) == [
        "followup_desktop.reminders.tray (layer 'reminders') imports "
        "followup_desktop.ui.icons (layer 'ui', above it) on line 2",
        "followup_desktop.store.recovery (layer 'store, schedule, compose, file formats') "
        "imports followup_desktop.context (layer 'services', above it) on line 3",
    ]
    assert circles(found) == [
        "circle: followup_desktop.cli imports followup_desktop.selftest (line 1); "
        "followup_desktop.selftest imports followup_desktop.cli (line 1)"]
