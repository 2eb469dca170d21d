"""The C heap tuning of the window process (``followup_desktop.memory``), checked in child
processes: glibc's own report (``malloc_info``) counts the arenas threads allocated from."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="glibc's malloc is a Linux matter")

CHILD = textwrap.dedent("""
    import ctypes, sys, tempfile, threading
    from followup_desktop.memory import one_malloc_arena, trim_heap
    tuned = sys.argv[1] == "tuned"
    if tuned:
        assert one_malloc_arena()
    libc = ctypes.CDLL("libc.so.6")
    libc.malloc.restype = ctypes.c_void_p
    libc.free.argtypes = [ctypes.c_void_p]
    libc.fopen.restype = ctypes.c_void_p
    libc.malloc_info.argtypes = [ctypes.c_int, ctypes.c_void_p]
    libc.fclose.argtypes = [ctypes.c_void_p]
    start = threading.Barrier(4)
    held = threading.Barrier(5)
    done = threading.Event()

    def work():
        start.wait()  # all four alive at once: each needs an arena of its own, or shares
        blocks = [libc.malloc(4096) for _ in range(64)]
        held.wait()
        done.wait()
        for b in blocks:
            libc.free(b)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    held.wait()
    with tempfile.NamedTemporaryFile(suffix=".xml") as tmp:
        fp = libc.fopen(tmp.name.encode(), b"w")
        libc.malloc_info(0, fp)
        libc.fclose(fp)
        report = open(tmp.name).read()
    done.set()
    for t in threads:
        t.join()
    trim_heap()
    print(report.count("<heap nr="))
""")


def _arenas(mode: str) -> int:
    out = subprocess.run([sys.executable, "-c", CHILD, mode], capture_output=True, text=True,
                         timeout=60, check=True)
    return int(out.stdout.strip())


def test_one_arena_serves_every_thread() -> None:
    assert _arenas("tuned") == 1


def test_without_it_threads_take_arenas_of_their_own() -> None:
    """The control: the same threads, untuned, spread over several arenas (so the check
    above counts something real)."""
    assert _arenas("plain") > 1


MAPPED = textwrap.dedent("""
    import ctypes, sys
    from followup_desktop.memory import large_blocks_mapped
    if sys.argv[1] == "tuned":
        assert large_blocks_mapped()

    class MallInfo2(ctypes.Structure):
        _fields_ = [(name, ctypes.c_size_t) for name in (
            "arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks",
            "uordblks", "fordblks", "keepcost")]

    libc = ctypes.CDLL("libc.so.6")
    libc.malloc.restype = ctypes.c_void_p
    libc.free.argtypes = [ctypes.c_void_p]
    libc.mallinfo2.restype = MallInfo2
    libc.free(libc.malloc(4 << 20))  # a big buffer freed: glibc raises its bar to 4 MB
    before = libc.mallinfo2().hblks
    held = libc.malloc(512 << 10)  # the next, smaller one: pages of its own, or the heap's
    print(libc.mallinfo2().hblks - before)
    libc.free(held)
""")


def _mapped_blocks(mode: str) -> int:
    out = subprocess.run([sys.executable, "-c", MAPPED, mode], capture_output=True,
                         text=True, timeout=60, check=True)
    return int(out.stdout.strip())


def test_a_large_block_after_a_larger_one_freed_still_gets_pages_of_its_own() -> None:
    """Freed, its pages go back to the system (a kept plan's buffers at each start)."""
    assert _mapped_blocks("tuned") == 1


def test_without_it_the_bar_moves_and_the_heap_keeps_it() -> None:
    """The control: untuned, glibc's moving bar puts the same block in the heap."""
    assert _mapped_blocks("plain") == 0
