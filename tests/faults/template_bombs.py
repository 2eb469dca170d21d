"""Template bombs (issue 23, item 3): each must be refused before it builds its result.

Run as a script (``python -m tests.faults.template_bombs``): renders every bomb in this
process, prints one JSON line per bomb (``{"name", "ok", "error", "seconds"}``) and a last
line with the peak resident memory, so the fault suite can bound both."""

from __future__ import annotations

BIG = "'x' * 60000"
Y = "'y' * 60000"
LITERAL = "L" * 60000

BOMBS: dict[str, str] = {
    "concat ~": "{% set a = " + BIG + " %}{{ a" + " ~ a" * 300 + " }}",
    "concat ~ nested": "{% set a = " + BIG + " %}{{ (a ~ a) ~ (a ~ a) }}",
    "str.replace('', s)": "{{ (" + BIG + ").replace('', " + Y + ") }}",
    "replace filter": "{{ (" + BIG + ") | replace('', " + Y + ") }}",
    "join filter": "{{ range(60000) | join(" + Y + ") }}",
    "str.join": "{{ (" + Y + ").join(range(60000) | map('string')) }}",
    "list +": "{% set l = [" + Y + "] %}{{ (l + l + l + l) | length }}",
    "list * deep": "{% set l = [" + Y + "] %}{{ (l * 60000) | length }}",
    "str.format": "{{ '{:>999999999}'.format(1) }}",
    "% format": "{{ '%999999999s' % 1 }}",
    "format filter": "{{ '%999999999s' | format(1) }}",
    "indent filter": "{{ ('\\n' * 60000) | indent(60000) }}",
    "wordwrap filter": "{{ (" + BIG + ") | wordwrap(1, wrapstring=" + Y + ") }}",
    "sum of lists": "{{ range(60000) | batch(1) | sum(start=[]) | length }}",
    "expandtabs": "{{ ('\\t' * 60000).expandtabs(60000) }}",
    "translate": "{{ (" + BIG + ").translate({120: " + Y + "}) }}",
    "macro in a set block": ("{% macro m() %}" + LITERAL + "{% endmacro %}{% set x %}"
                             "{% for i in range(60000) %}{{ m() }}{% endfor %}{% endset %}"
                             "{{ x | length }}"),
    "namespace doubling": ("{% set ns = namespace(a='x') %}{% for i in range(40) %}"
                           "{% set ns.a = ns.a ~ ns.a %}{% endfor %}{{ ns.a | length }}"),
    "nested filter chains (compile)": ("{{ x" + "|trim" * 150 + " }}\n") * 30,
    "deep nesting (compile)": "{{ " + "(" * 5000 + "x" + ")" * 5000 + " }}",
    "too long": "{{ x }}" * 20000,
}


def main() -> None:
    import json
    import resource
    import time

    from jinja2 import TemplateError
    from jinja2.exceptions import SecurityError

    from followup_desktop.compose.render import render_source

    for name, source in BOMBS.items():
        t = time.monotonic()
        try:
            render_source(source, {"x": "hello"})
            ok, error = False, "rendered"
        except (SecurityError, TemplateError) as exc:  # a refusal in words
            ok, error = True, f"{type(exc).__name__}: {str(exc)[:200]}"
        except (Exception, MemoryError) as exc:  # noqa: BLE001 - RecursionError, OOM...
            ok, error = False, f"{type(exc).__name__}: {str(exc)[:200]}"
        seconds = time.monotonic() - t
        print(json.dumps({"name": name, "ok": ok, "error": error,
                          "seconds": round(seconds, 3)}), flush=True)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"peak_mb": round(peak_mb, 1)}), flush=True)


if __name__ == "__main__":
    main()
