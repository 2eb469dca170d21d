"""Bulk work over many small records: no cyclic garbage collection meanwhile."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while many acyclic objects (records, windows, rows) are
    made at once: each full collection would walk every object made so far, several times
    over (a well-known bulk-load cost). Reference counting still frees everything; the
    collector is back on afterwards if it was on before."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
