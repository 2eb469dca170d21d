"""Fuzz the template sandbox: whatever a user template holds, a render ends with a draft
within the output cap or a refusal in words (``SecurityError``/``TemplateError``), quickly
and without building anything huge (issue 23, item 3: template bombs)."""

from __future__ import annotations

import sys
import time

import atheris
from _common import main

with atheris.instrument_imports():
    from jinja2 import TemplateError
    from jinja2.exceptions import SecurityError

    from followup_desktop.compose.render import render_source
    from followup_desktop.compose.sandbox import OUTPUT_LIMIT

#: Pieces a bomb is made of: the fuzzer strings them together.
PIECES = ["{{ ", " }}", "{% set a = ", " %}", "{% for i in range(", ") %}", "{% endfor %}",
          "'x' * 60000", " ~ ", " + ", " * ", "a", "[a]", "|join(a)", "|replace('', a)",
          ".replace('', a)", "|indent(60000)", "|wordwrap(1, wrapstring=a)", "|sum(start=[])",
          "(", ")", "60000", "{% macro m() %}", "{% endmacro %}", "m()", "|trim", ",",
          "{% set ns = namespace(a='x') %}", "{% set ns.a = ns.a ~ ns.a %}", "ns.a", "'\\n'",
          ".expandtabs(60000)", "|batch(1)", "|list", "|string", "|length", "x"]


def TestOneInput(data: bytes) -> None:  # noqa: N802
    fdp = atheris.FuzzedDataProvider(data)
    parts = []
    for _ in range(fdp.ConsumeIntInRange(0, 40)):
        if fdp.ConsumeBool():
            parts.append(PIECES[fdp.ConsumeIntInRange(0, len(PIECES) - 1)])
        else:
            parts.append(fdp.ConsumeUnicodeNoSurrogates(fdp.ConsumeIntInRange(0, 20)))
    source = "".join(parts)
    started = time.monotonic()
    try:
        out = render_source(source, {"x": "hello"})
    except (SecurityError, TemplateError, ArithmeticError, TypeError, ValueError,
            LookupError, AttributeError):
        pass  # a refusal or a template's own mistake: both reach the user in words
    else:
        assert len(out.body) + len(out.subject) <= OUTPUT_LIMIT
    assert time.monotonic() - started < 5, source[:300]


if __name__ == "__main__":
    main(TestOneInput, "template")
    sys.exit(0)
