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


_START: list[bool] = []  # [True] while a start-up has the collector paused


def pause_for_start() -> None:
    """No cyclic collection while a window starts: the start makes some hundred thousand
    long-lived objects (the Qt types, the kept plan, the rows), and every collection on
    the way walked them again (12 % of the CPU time to the data on screen at 10,000
    interviews, ``bench/README.md``). :func:`resume_after_start` ends it; a start that
    never gets there (a dialog left open) ends it on a timer (``ui.application``)."""
    if not _START and gc.isenabled():
        gc.disable()
        _START.append(True)


def resume_after_start() -> None:
    """The start is over: what it made stays for the session, so it moves to the
    collector's permanent generation (``gc.freeze``: later collections skip it; garbage
    among it is still freed by reference counting) and collection resumes. Idempotent."""
    if _START:
        _START.clear()
        gc.freeze()
        gc.enable()
