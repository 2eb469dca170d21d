"""The start's pause of the cyclic collector (bulk.pause_for_start / resume_after_start)."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from followup_desktop.bulk import pause_for_start, resume_after_start


@pytest.fixture(autouse=True)
def collector_restored() -> Iterator[None]:
    was = gc.isenabled()
    yield
    resume_after_start()
    gc.unfreeze()
    if was:
        gc.enable()


def test_paused_until_resumed_then_what_the_start_made_is_frozen() -> None:
    gc.enable()
    gc.unfreeze()
    pause_for_start()
    assert not gc.isenabled()
    made = [[i] for i in range(1000)]  # long-lived objects of the start
    resume_after_start()
    assert gc.isenabled() and gc.get_freeze_count() >= len(made)
    resume_after_start()  # twice: nothing more
    assert gc.isenabled()


def test_a_collector_switched_off_by_someone_else_stays_off() -> None:
    gc.disable()
    pause_for_start()
    resume_after_start()
    assert not gc.isenabled()  # not ours to switch on


def test_cyclic_garbage_made_after_the_start_is_collected() -> None:
    import weakref

    gc.enable()
    pause_for_start()
    resume_after_start()

    class Node:
        pass

    a, b = Node(), Node()
    a.other, b.other = b, a  # type: ignore[attr-defined]
    ref = weakref.ref(a)
    del a, b
    gc.collect()
    assert ref() is None
