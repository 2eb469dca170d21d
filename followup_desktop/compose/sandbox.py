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

from jinja2 import BaseLoader, StrictUndefined, TemplateNotFound, TemplateSyntaxError, nodes
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
_MAX_INT_ARG = OUTPUT_LIMIT
_MAX_POW_BITS = 4096
_LOOP_FILTER = "followup_bounded_loop"


class RenderLimitError(SecurityError):
    """A template took too long, looped too much or produced too much text."""


@dataclass(slots=True)
class _Budget:
    deadline: float
    steps_left: int

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


def _check_size(value: Any) -> Any:
    sized = isinstance(value, str | bytes | list | tuple | dict | set | frozenset)
    if sized and len(value) > OUTPUT_LIMIT:
        raise RenderLimitError(f"a value in the template grew past {OUTPUT_LIMIT} items")
    return value


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


def _guard_filter(func: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(func)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        _tick()
        _check_args(a for a in args if not isinstance(a, Context))
        _check_args(kwargs.values())
        return _check_size(func(*args, **kwargs))

    return guarded


#: Filters that format with printf-style specs or pretty-print objects: not needed in mail.
_DROPPED_FILTERS = ("format", "pprint", "xmlattr", "urlize", "filesizeformat")


class FollowupEnvironment(ImmutableSandboxedEnvironment):
    """The sandbox of the module docstring."""

    intercepted_binops = frozenset({"*", "**", "%", "//"})

    def __init__(self, loader: BaseLoader) -> None:
        super().__init__(
            loader=loader,
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
        self.filters = {name: _guard_filter(f) for name, f in self.filters.items()}
        self.filters[_LOOP_FILTER] = _bounded_loop
        self.globals = {
            "range": self.globals["range"],
            "dict": self.globals["dict"],
            "cycler": Cycler,
            "joiner": Joiner,
            "namespace": _BoundedNamespace,
        }

    # -- parse-time: bound every loop -------------------------------------------------------
    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        tree = super()._parse(source, name, filename)
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
        return _check_size(super().call(context, obj, *args, **kwargs))

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        _tick()
        if operator == "%" and isinstance(left, str):
            raise SecurityError("'%' string formatting is not available in Followup templates")
        if operator == "*":
            for seq, count in ((left, right), (right, left)):
                if (isinstance(seq, str | list | tuple) and isinstance(count, int)
                        and len(seq) * count > OUTPUT_LIMIT):
                    raise RenderLimitError(f"repetition would exceed {OUTPUT_LIMIT} items")
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
    """The environment for one pair of folders (one per data dir; cached)."""
    return FollowupEnvironment(TemplateLoader(user_dir, default_dir))


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
