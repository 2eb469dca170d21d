"""The one Jinja2 environment every template goes through, default or user-edited.

An :class:`jinja2.sandbox.ImmutableSandboxedEnvironment` with ``StrictUndefined`` and
autoescape off (plain-text mail), hardened further because users may paste templates from
anywhere:

* every ``{% for %}`` loop, every call and every intercepted operator spends one step of a
  per-render budget (:data:`MAX_STEPS`) and checks the deadline (:data:`MAX_SECONDS`);
* no value larger than the output cap is produced by ``*``, calls or filters, and integer
  arguments that would allocate that much (``'x'.ljust(10**9)``) are refused;
* ``str.format`` and ``%`` string formatting are refused (format specs allocate freely);
* ``lipsum`` is gone; ``namespace`` is a size-checked subclass.

The loader looks in the user's template folder first, then the product's defaults. A name
prefixed with :data:`DEFAULT_PREFIX` resolves in the defaults only, and so do the imports of
a default template, so a broken user copy can never break the fallback.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import (
    BaseLoader,
    BytecodeCache,
    StrictUndefined,
    TemplateNotFound,
    TemplateSyntaxError,
    nodes,
)
from jinja2.compiler import CodeGenerator
from jinja2.exceptions import SecurityError
from jinja2.loaders import split_template_path
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import Cycler, Joiner, Namespace

#: Output cap of one render (subject + body), in bytes of UTF-8.
OUTPUT_LIMIT = 64 * 1024
#: Loop iterations + calls + intercepted operators allowed in one render.
MAX_STEPS = 100_000
#: Wall-clock bound of one render.
MAX_SECONDS = 1.0
#: A user template larger than this is refused unread.
MAX_TEMPLATE_BYTES = 256 * 1024
#: Names with this prefix resolve in the product's default templates only.
DEFAULT_PREFIX = "default:"
#: A template's text, at most (a long one takes long to compile).
MAX_TEMPLATE_CHARS = 64 * 1024
#: Text written by one render, with what macros and ``{% set %}`` blocks write and drop.
MAX_EMITTED = 4 * OUTPUT_LIMIT
#: The shape of a template: compile time grows with nodes x depth^2 (nested filter chains:
#: 22 KiB once took 59 s to compile), so each is bounded; the defaults use a fraction.
MAX_DEPTH = 40
MAX_NODES = 10_000
MAX_COMPILE_COST = 300_000
_MAX_INT_ARG = OUTPUT_LIMIT
_MAX_POW_BITS = 4096
_LOOP_FILTER = "followup_bounded_loop"


class RenderLimitError(SecurityError):
    """A template took too long, looped too much or produced too much text."""


@dataclass(slots=True)
class _Budget:
    deadline: float
    steps_left: int

    emitted: int = 0

    def emit(self, size: int) -> None:
        self.emitted += size
        if self.emitted > MAX_EMITTED:
            raise RenderLimitError(f"the template wrote more than {MAX_EMITTED} characters "
                                   "(with its macros and blocks)")

    def tick(self) -> None:
        self.steps_left -= 1
        if self.steps_left < 0:
            raise RenderLimitError(f"the template ran more than {MAX_STEPS} loop steps or calls")
        if time.monotonic() > self.deadline:
            raise RenderLimitError(f"the template took longer than {MAX_SECONDS:g} s to render")


_BUDGET: ContextVar[_Budget | None] = ContextVar("followup_render_budget", default=None)


def _tick() -> None:
    budget = _BUDGET.get()
    if budget is not None:
        budget.tick()


_SIZED = (str, bytes, list, tuple, dict, set, frozenset)


def weight(value: Any, limit: int = OUTPUT_LIMIT) -> int:
    """About how much text ``value`` makes, counted deep (a list of 60,000 references to
    one 60,000-character string weighs 3.6 billion, though it takes little memory): what
    ``str()`` or a join of it would build. Counting stops once past ``limit``."""
    total = 0
    stack = [value]
    while stack:
        v = stack.pop()
        if isinstance(v, str | bytes):
            total += len(v)
        elif isinstance(v, bool) or v is None:
            total += 5
        elif isinstance(v, int):
            total += v.bit_length() // 3 + 2
        elif isinstance(v, float):
            total += 25
        elif isinstance(v, dict):
            total += 2 + 4 * len(v)
            stack.extend(v.keys())
            stack.extend(v.values())
        elif isinstance(v, list | tuple | set | frozenset):
            total += 2 + 2 * len(v)
            if total <= limit:
                stack.extend(v)
        else:
            total += 64
        if total > limit:
            return total
    return total


def _check_size(value: Any) -> Any:
    if isinstance(value, str | bytes):
        if len(value) > OUTPUT_LIMIT:
            raise RenderLimitError(f"a value in the template grew past {OUTPUT_LIMIT} "
                                   "characters")
    elif isinstance(value, _SIZED) and weight(value) > OUTPUT_LIMIT:
        raise RenderLimitError(f"a value in the template grew past {OUTPUT_LIMIT} items")
    return value


def _refuse_over(size: int, what: str) -> None:
    """Called BEFORE an operation builds its result, with a bound of that result's size."""
    if size > OUTPUT_LIMIT:
        raise RenderLimitError(f"{what} would make more than {OUTPUT_LIMIT} characters")


def _text_len(value: Any) -> int:
    return len(value) if isinstance(value, str | bytes) else weight(value)


def _replace_bound(s: Any, old: Any, new: Any, count: Any = None) -> int:
    """The size ``s.replace(old, new, count)`` would have (``s.count`` costs no memory)."""
    s, old, new = str(s), str(old), str(new)
    n = s.count(old) if old else len(s) + 1
    if isinstance(count, int) and count >= 0:
        n = min(n, count)
    return len(s) + n * max(0, len(new) - len(old))


def _check_args(args: Iterable[Any]) -> None:
    for arg in args:
        if isinstance(arg, int) and not isinstance(arg, bool) and abs(arg) > _MAX_INT_ARG:
            raise RenderLimitError(f"a number larger than {_MAX_INT_ARG} was passed to a call")
        _check_size(arg)


class _BoundedNamespace(Namespace):
    """``namespace()`` whose attributes cannot hold oversized values."""

    def __setitem__(self, name: str, value: Any) -> None:
        _tick()
        _check_size(value)
        super().__setitem__(name, value)


def _bounded_loop(value: Any) -> Iterator[Any]:
    """Wrapped around every ``{% for %}`` iterable at parse time: one step per item."""
    for item in value:
        _tick()
        yield item


def _materialized(value: Any) -> Any:
    """An iterable a filter will consume, as a list (each item one step), so that its size
    can be known before the filter builds anything from it."""
    if isinstance(value, str | bytes | dict | list | tuple):
        return value
    items = []
    for item in value:
        _tick()
        items.append(item)
    return items


def _bound_join(items: Any, sep: Any) -> int:
    sep_len = len(str(sep)) if sep is not None else 0
    if isinstance(items, dict):
        items = list(items)
    n = len(items) if isinstance(items, list | tuple | str) else 0
    return sum(_text_len(x) for x in items) + sep_len * max(n - 1, 0)


def _pre_replace(args: list[Any], kwargs: dict[str, Any]) -> None:
    s, old, new, *rest = [*args[1:], *kwargs.values()] + [None] * 3
    _refuse_over(_replace_bound(s, old, new, rest[0] if rest else None), "this replace")


def _pre_join(args: list[Any], kwargs: dict[str, Any]) -> None:
    args[1] = _materialized(args[1])
    sep = args[2] if len(args) > 2 else kwargs.get("d", "")
    if len(args) <= 3 and "attribute" not in kwargs:
        _refuse_over(_bound_join(args[1], sep), "this join")


def _pre_indent(args: list[Any], kwargs: dict[str, Any]) -> None:
    s = str(args[0])
    width = args[1] if len(args) > 1 else kwargs.get("width", 4)
    per_line = len(width) if isinstance(width, str) else int(width or 0)
    _refuse_over(len(s) + (s.count("\n") + 1) * max(per_line, 0), "this indent")


def _pre_wordwrap(args: list[Any], kwargs: dict[str, Any]) -> None:
    names = ("s", "width", "break_long_words", "wrapstring")
    given = dict(zip(names, args[1:], strict=False)) | kwargs
    s = str(given.get("s", ""))
    width = given.get("width", 79)
    wrap = given.get("wrapstring") or "\n"
    lines = len(s) // max(int(width) if isinstance(width, int) else 1, 1) + s.count("\n") + 1
    _refuse_over(len(s) + lines * len(str(wrap)), "this wordwrap")


def _pre_sum(args: list[Any], kwargs: dict[str, Any]) -> None:
    args[1] = _materialized(args[1])
    if any(isinstance(x, _SIZED) for x in args[1]):
        start = args[3] if len(args) > 3 else kwargs.get("start", 0)
        _refuse_over(_bound_join(args[1], "") + weight(start), "this sum")


#: Filters whose result can be far larger than their arguments, each with a bound of
#: that result computed before the filter runs.
_PRE_BOUNDS: dict[str, Callable[[list[Any], dict[str, Any]], None]] = {
    "replace": _pre_replace,
    "join": _pre_join,
    "indent": _pre_indent,
    "wordwrap": _pre_wordwrap,
    "sum": _pre_sum,
}


def _guard_filter(func: Callable[..., Any], name: str = "") -> Callable[..., Any]:
    pre = _PRE_BOUNDS.get(name)

    @functools.wraps(func)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        _tick()
        _check_args(a for a in args if not isinstance(a, Context))
        _check_args(kwargs.values())
        if pre is not None:
            listed = list(args)
            pre(listed, kwargs)
            args = tuple(listed)
        return _check_size(func(*args, **kwargs))

    return guarded


def _str_method_bound(method: Any, args: tuple[Any, ...]) -> int | None:
    """A bound of what a ``str`` method would build, for those that can grow text far
    beyond their arguments (``'x'.replace('', s)``, ``sep.join(...)``, ...)."""
    s = method.__self__
    name = method.__name__
    if name == "replace" and len(args) >= 2:
        return _replace_bound(s, args[0], args[1], args[2] if len(args) > 2 else None)
    if name == "expandtabs":
        size: int = args[0] if args and isinstance(args[0], int) else 8
        text: str = s
        return len(text) + text.count("\t") * max(size, 0)
    if name == "translate" and args and isinstance(args[0], dict):
        longest = max((_text_len(v) for v in args[0].values() if v is not None), default=1)
        return len(s) * max(longest, 1)
    return None


def _check_shape(tree: nodes.Template, name: str | None, filename: str | None) -> None:
    """Refuse a template whose compilation would take long, before it is compiled."""
    count = cost = 0
    stack: list[tuple[nodes.Node, int]] = [(tree, 0)]
    while stack:
        node, depth = stack.pop()
        count += 1
        cost += depth * depth
        if depth > MAX_DEPTH or count > MAX_NODES or cost > MAX_COMPILE_COST:
            raise TemplateSyntaxError(
                "the template is too complex (too many or too deeply nested expressions); "
                "simplify it", getattr(node, "lineno", 1) or 1, name, filename)
        stack.extend((child, depth + 1) for child in node.iter_child_nodes())


class _BoundedCodeGenerator(CodeGenerator):
    """Compiles every piece of output through ``environment.followup_emit`` and every
    ``~`` through ``environment.followup_concat`` (both bounded before they build)."""

    def _output_const_repr(self, group: Iterable[Any]) -> str:
        return f"environment.followup_emit({super()._output_const_repr(group)})"

    def _output_child_pre(self, node: nodes.Expr, frame: Any, finalize: Any) -> None:
        self.write("environment.followup_emit(")
        super()._output_child_pre(node, frame, finalize)

    def _output_child_post(self, node: nodes.Expr, frame: Any, finalize: Any) -> None:
        super()._output_child_post(node, frame, finalize)
        self.write(")")

    def visit_Concat(self, node: nodes.Concat, frame: Any) -> None:
        self.write("environment.followup_concat((")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")


#: Filters that format with printf-style specs or pretty-print objects: not needed in mail.
_DROPPED_FILTERS = ("format", "pprint", "xmlattr", "urlize", "filesizeformat")


class FollowupEnvironment(ImmutableSandboxedEnvironment):
    """The sandbox of the module docstring."""

    intercepted_binops = frozenset({"*", "**", "%", "//", "+"})
    code_generator_class = _BoundedCodeGenerator

    def __init__(self, loader: BaseLoader, bytecode_cache: BytecodeCache | None = None) -> None:
        super().__init__(
            loader=loader,
            bytecode_cache=bytecode_cache,
            undefined=StrictUndefined,
            autoescape=False,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            auto_reload=True,
            cache_size=200,
        )
        for name in _DROPPED_FILTERS:
            self.filters.pop(name, None)
        self.filters = {name: _guard_filter(f, name) for name, f in self.filters.items()}
        self.filters[_LOOP_FILTER] = _bounded_loop
        self.globals = {
            "range": self.globals["range"],
            "dict": self.globals["dict"],
            "cycler": Cycler,
            "joiner": Joiner,
            "namespace": _BoundedNamespace,
        }

    # -- what the compiled code calls: every piece of output, every ``~`` -----------------
    @staticmethod
    def followup_emit(value: Any) -> Any:
        """Each piece of text a template writes (into the draft, a macro's result or a
        ``{% set %}`` block) is counted against the render's budget before it is kept."""
        budget = _BUDGET.get()
        if budget is not None:
            budget.emit(_text_len(value))
        return value

    @staticmethod
    def followup_concat(values: tuple[Any, ...]) -> str:
        """``a ~ b``: the size of the result is known before it is built."""
        _refuse_over(sum(_text_len(v) for v in values), "this ~")
        return "".join(map(str, values))

    # -- parse-time: bound the template's size and shape, and every loop -------------------
    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        if len(source) > MAX_TEMPLATE_CHARS:
            raise TemplateSyntaxError(f"the template is longer than {MAX_TEMPLATE_CHARS} "
                                      "characters", 1, name, filename)
        try:
            tree = super()._parse(source, name, filename)
        except RecursionError:
            raise TemplateSyntaxError("the template nests too deeply", 1, name,
                                      filename) from None
        _check_shape(tree, name, filename)
        for loop in list(tree.find_all(nodes.For)):
            loop.iter = nodes.Filter(loop.iter, _LOOP_FILTER, [], [], None, None,
                                     lineno=loop.lineno)
        return tree

    def join_path(self, template: str, parent: str) -> str:
        if parent.startswith(DEFAULT_PREFIX) and not template.startswith(DEFAULT_PREFIX):
            return DEFAULT_PREFIX + template
        return template

    # -- run-time: bound calls and operators ------------------------------------------------
    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        if super().wrap_str_format(value) is None:
            return None

        def refused(*args: Any, **kwargs: Any) -> str:
            raise SecurityError("str.format is not available in Followup templates; join text "
                                "with ~ instead")

        return refused

    def call(self, context: Context, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
        _tick()
        _check_args(args)
        _check_args(kwargs.values())
        owner = getattr(obj, "__self__", None)
        if isinstance(owner, str) and not isinstance(obj, type):
            if getattr(obj, "__name__", "") == "join" and args:
                args = (_materialized(args[0]), *args[1:])
                _refuse_over(_bound_join(args[0], owner), "this join")
            bound = _str_method_bound(obj, args)
            if bound is not None:
                _refuse_over(bound, f"this {obj.__name__}")
        return _check_size(super().call(context, obj, *args, **kwargs))

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        _tick()
        if operator == "%" and isinstance(left, str):
            raise SecurityError("'%' string formatting is not available in Followup templates")
        if operator == "*":
            for seq, count in ((left, right), (right, left)):
                if (isinstance(seq, str | list | tuple) and isinstance(count, int)
                        and weight(seq) * count > OUTPUT_LIMIT):
                    raise RenderLimitError(f"repetition would exceed {OUTPUT_LIMIT} items")
        if (operator == "+" and isinstance(left, _SIZED) and isinstance(right, _SIZED)):
            _refuse_over(_text_len(left) + _text_len(right), "this +")
        if (operator == "**" and isinstance(left, int) and isinstance(right, int)
                and max(left.bit_length(), 1) * abs(right) > _MAX_POW_BITS):
            raise RenderLimitError("the power is too large")
        return _check_size(super().call_binop(context, operator, left, right))


class TemplateLoader(BaseLoader):
    """User folder first, then the defaults; ``default:`` names only in the defaults."""

    def __init__(self, user_dir: Path | None, default_dir: Path) -> None:
        self.user_dir = user_dir
        self.default_dir = default_dir

    def get_source(self, environment: Any, template: str
                   ) -> tuple[str, str, Callable[[], bool]]:
        only_default = template.startswith(DEFAULT_PREFIX)
        pieces = split_template_path(template.removeprefix(DEFAULT_PREFIX))
        dirs = [self.default_dir]
        if self.user_dir is not None and not only_default:
            dirs.insert(0, self.user_dir)
        seen: list[tuple[Path, int | None]] = []
        for folder in dirs:
            path = folder.joinpath(*pieces)
            try:
                # a link (as a template pack unpacks) may lead anywhere: resolve it, and
                # refuse what lands outside the template folder
                real = path.resolve(strict=True)
                if not any(real.is_relative_to(d.resolve()) for d in dirs):
                    raise TemplateSyntaxError(
                        "the template is a link to a file outside the template folders "
                        f"({real}); Followup only reads templates inside them", 1,
                        template, str(path))
                st = real.stat()
            except OSError:
                seen.append((path, None))
                continue
            if not real.is_file():
                seen.append((path, None))
                continue
            if st.st_size > MAX_TEMPLATE_BYTES:
                raise TemplateSyntaxError(
                    f"the template is larger than {MAX_TEMPLATE_BYTES // 1024} KB", 1,
                    template, str(path))
            try:
                source = real.read_text(encoding="utf-8")
            except UnicodeDecodeError as exc:
                raise TemplateSyntaxError(f"the file is not UTF-8 text ({exc.reason})", 1,
                                          template, str(path)) from None
            except OSError as exc:
                raise TemplateSyntaxError(f"the file cannot be read ({exc.strerror})", 1,
                                          template, str(path)) from None
            seen.append((path, st.st_mtime_ns))
            stamps = tuple(seen)
            return source, str(path), functools.partial(_unchanged, stamps)
        raise TemplateNotFound(template)

    def list_templates(self) -> list[str]:
        names: set[str] = set()
        for folder in (self.user_dir, self.default_dir):
            if folder is not None and folder.is_dir():
                names.update(p.name for p in folder.glob("*.j2"))
        return sorted(names)


def _unchanged(stamps: tuple[tuple[Path, int | None], ...]) -> bool:
    return all(_mtime(p) == m for p, m in stamps)


def _mtime(path: Path) -> int | None:
    try:
        return path.stat().st_mtime_ns if path.is_file() else None
    except OSError:
        return None


@functools.lru_cache(maxsize=8)
def environment(user_dir: Path | None, default_dir: Path) -> FollowupEnvironment:
    """The environment for one pair of folders (one per data dir; cached), its compiled
    templates kept in the user's cache folder (:mod:`.template_cache`)."""
    from followup_desktop.compose.template_cache import template_cache

    return FollowupEnvironment(TemplateLoader(user_dir, default_dir), template_cache())


class render_budget:  # noqa: N801 - used as a context manager, reads like a keyword
    """``with render_budget(): ...`` bounds the steps and time of the renders inside."""

    def __init__(self, seconds: float = MAX_SECONDS, steps: int = MAX_STEPS) -> None:
        self._seconds = seconds
        self._steps = steps
        self._budget = _Budget(0.0, 0)
        self._token: Any = None

    def __enter__(self) -> render_budget:
        self._budget = _Budget(time.monotonic() + self._seconds, self._steps)
        self._token = _BUDGET.set(self._budget)
        return self

    def __exit__(self, *exc: object) -> None:
        _BUDGET.reset(self._token)

    def tick(self) -> None:
        self._budget.tick()
