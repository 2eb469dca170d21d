"""``docs/rules.md`` names every setting and every draft check the code has, and the
docstrings that cite the rules point at it."""

from __future__ import annotations

import re
from pathlib import Path

from followup_desktop.compose.checks import CHECK_IDS
from followup_desktop.settings import SPECS

REPO = Path(__file__).resolve().parents[2]
RULES = (REPO / "docs" / "rules.md").read_text(encoding="utf-8")


def test_every_setting_key_is_in_the_rules() -> None:
    missing = [s.key for s in SPECS if f"`{s.key}`" not in RULES]
    assert not missing, f"add these settings to docs/rules.md: {missing}"


def test_every_check_is_in_the_rules() -> None:
    missing = [c for c in CHECK_IDS if f"`{c}`" not in RULES]
    assert not missing, f"add these checks to docs/rules.md: {missing}"


def test_the_sections_the_docstrings_cite_exist() -> None:
    headings = set(re.findall(r"^#+ (.+)$", RULES, re.M))
    cited: set[str] = set()
    for f in (REPO / "followup_desktop").rglob("*.py"):
        text = f.read_text(encoding="utf-8")
        assert "domain-rules.md" not in text, f"{f}: the rules are docs/rules.md"
        cited |= set(re.findall(r"docs/rules\.md``?,? \(?\"([^\"]+)\"", text))
    assert cited and cited <= headings, cited - headings
