"""Packages that hand out their names lazily: a submodule loads when one of its names is
first used, so that a start does not import what it may never need (see
``docs/performance.md``, deferred imports). No Qt here."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from importlib import import_module
from typing import Any


def lazy_names(package: str, module_of: Mapping[str, str],
               namespace: dict[str, Any]) -> Callable[[str], Any]:
    """The package's module ``__getattr__``: ``module_of`` maps each name to the submodule
    that defines it; a name once loaded is put in ``namespace`` (the package's globals), so
    later look-ups never come here again."""

    def __getattr__(name: str) -> Any:
        module = module_of.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(import_module(f"{package}.{module}"), name)
        namespace[name] = value
        return value

    return __getattr__
