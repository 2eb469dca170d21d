"""The C heap of a long-running process: glibc's malloc, tuned and trimmed. No Qt here.

Both calls are best effort: on another C library (or another system) they do nothing.
"""

from __future__ import annotations

import sys
from typing import Any

#: ``mallopt`` parameter: how many malloc arenas the process may have (glibc's malloc.h)
M_ARENA_MAX = -8
#: ``mallopt`` parameter: blocks this large or larger get pages of their own (malloc.h)
M_MMAP_THRESHOLD = -3
#: glibc's own starting value, kept fixed (see :func:`large_blocks_mapped`)
MMAP_THRESHOLD = 128 * 1024


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


def large_blocks_mapped() -> bool:
    """Large blocks (128 KiB and more) always get pages of their own, given back to the
    system when freed.

    glibc starts with that rule but raises the bar to the size of each mapped block
    freed (up to 32 MB), so that after the first big buffer goes, the next ones come from
    the heap and their pages stay with the process when freed. A start reads its kept
    plan through buffers of a few MB (inflated, read, dropped): with the moving bar the
    window kept about 2 MB more for good at 10k (98.2 -> 96.0 MB at the data shown), and
    a plan read in parts kept 4.5 MB more. Setting the value fixes it (glibc's manual:
    "disables dynamic adjustment"). True when the setting took effect."""
    libc = _libc()
    mallopt = getattr(libc, "mallopt", None)
    if mallopt is None:
        return False
    return bool(mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD))


def trim_heap() -> None:
    """Return freed heap pages to the system (glibc's ``malloc_trim(0)``)."""
    trim = getattr(_libc(), "malloc_trim", None)
    if trim is not None:
        trim(0)


__all__ = ["large_blocks_mapped", "one_malloc_arena", "trim_heap"]
