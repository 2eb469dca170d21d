"""Issue 17 item 8: no hard-coded colours in the UI -- every colour comes from the palette
(``ui/colours.py`` derives them; the printed report's paper is named there, once), so
light and dark themes both read well. Fails on a colour literal anywhere else in ui/."""

from __future__ import annotations

import ast
import re
from pathlib import Path

UI = Path(__file__).resolve().parents[2] / "followup_desktop" / "ui"
HEX = re.compile(r"#[0-9a-fA-F]{3}(?:[0-9a-fA-F]{3})?(?:[0-9a-fA-F]{2})?\b")
CSS = re.compile(r"\b(?:color|background(?:-color)?|border(?:-color)?)\s*:\s*"
                 r"(?!\{|palette\()[^;'\"]*\b(?:[a-z]+|rgb\w*\()", re.I)
NAMED = re.compile(r"\b(?:white|black|red|green|blue|yellow|gray|grey|orange)\b", re.I)


def _problems(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            if name in ("QColor", "fromRgb", "fromRgbF", "fromHsl") and node.args and all(
                    isinstance(a, ast.Constant) for a in node.args):
                out.append(f"{path.name}:{node.lineno}: {name}(<literal>)")
        if isinstance(node, ast.Attribute) and node.attr not in ("transparent",) and \
                isinstance(node.value, ast.Attribute) and node.value.attr == "GlobalColor":
            out.append(f"{path.name}:{node.lineno}: Qt.GlobalColor.{node.attr}")
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            text = node.value
            hexed = HEX.search(text) and ("color" in text.lower()
                                          or "background" in text.lower()
                                          or text.strip().startswith("#"))
            if hexed or (CSS.search(text) and NAMED.search(text)):
                out.append(f"{path.name}:{node.lineno}: {text[:60]!r}")
    return out


def test_no_colour_is_hard_coded_outside_colours_py():
    found = [p for f in sorted(UI.rglob("*.py")) if f.name != "colours.py"
             for p in _problems(f)]
    assert found == [], "\n".join(found)


def test_the_scan_finds_what_it_looks_for(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text('w.setStyleSheet("color: #b00020;")\nQColor(220, 40, 40)\n'
                   'x = Qt.GlobalColor.white\nlabel.setStyleSheet("background: white")\n')
    assert len(_problems(bad)) == 4
