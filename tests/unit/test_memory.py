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
