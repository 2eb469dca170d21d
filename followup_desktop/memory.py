"""The C heap of a long-running process: glibc's malloc, tuned and trimmed. No Qt here.

Both calls are best effort: on another C library (or another system) they do nothing.
"""

from __future__ import annotations

import sys
from typing import Any

#: ``mallopt`` parameter: how many malloc arenas the process may have (glibc's malloc.h)
M_ARENA_MAX = -8


def _libc() -> Any | None:
    if not sys.platform.startswith("linux"):
        return None
    import ctypes

    try:
        return ctypes.CDLL("libc.so.6")
    except OSError:  # musl, or no libc.so.6: nothing to tune
        return None


def one_malloc_arena() -> bool:
    """One malloc arena for every thread, set before the first thread starts.

    glibc gives each thread that allocates its own arena, up to 8 per core. Qt's painting
    runs span fills on helper threads (two here), and every such arena keeps the pages it
    once touched: about 3 MB resident for the life of the window. The window's threads
    allocate rarely and briefly, so sharing the main arena costs no measurable time.
    True when the setting took effect."""
    libc = _libc()
    mallopt = getattr(libc, "mallopt", None)
    if mallopt is None:
        return False
    return bool(mallopt(M_ARENA_MAX, 1))


def trim_heap() -> None:
    """Return freed heap pages to the system (glibc's ``malloc_trim(0)``)."""
    trim = getattr(_libc(), "malloc_trim", None)
    if trim is not None:
        trim(0)


__all__ = ["one_malloc_arena", "trim_heap"]
