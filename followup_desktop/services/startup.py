"""Opening the data at start-up: the checks of :mod:`followup_desktop.store.recovery`, with
an :class:`~followup_desktop.context.AppContext` around the store they open.

The window calls :func:`open_checked` (and, after the user chose what to do with a damaged
file, :func:`resolve_damaged`); the recovery dialogs only show the :class:`Problem`.
Once the data is open, :func:`purge_deleted` drops the applications deleted in an earlier
session: their undo went with that session's undo history.
"""

from __future__ import annotations

from pathlib import Path

from followup_desktop.clock import Clock, system_clock
from followup_desktop.context import AppContext
from followup_desktop.paths import Paths
from followup_desktop.store import Store, recovery
from followup_desktop.store.recovery import Choice, Problem, ProblemKind

#: What opening gives: the context (or None) and what went wrong (or None).
Result = tuple[AppContext | None, Problem | None]


def _context(paths: Paths, store: Store | None, clock: Clock) -> AppContext | None:
    return None if store is None else AppContext(paths=paths, store=store, clock=clock)


def open_checked(paths: Paths, clock: Clock = system_clock) -> Result:
    """Open the data in ``paths`` after the start-up checks (:func:`.recovery.open_checked`).

    ``(ctx, None)`` when all is well, ``(ctx, Problem(READ_ONLY))`` when it opened
    read-only, and ``(None, Problem)`` otherwise.
    """
    store, problem = recovery.open_checked(paths, clock)
    return _context(paths, store, clock), problem


def resolve_damaged(paths: Paths, problem: Problem, choice: Choice,
                    clock: Clock = system_clock) -> Result:
    """Carry out the user's choice after :func:`open_checked` reported ``DAMAGED``."""
    if choice is Choice.OPEN_DAMAGED_READ_ONLY and problem.kind is ProblemKind.DAMAGED \
            and problem.damaged_dir is not None:
        return open_damaged_read_only(paths, problem.damaged_dir, clock)
    store, next_problem = recovery.resolve_damaged(paths, problem, choice, clock)
    return _context(paths, store, clock), next_problem


def open_damaged_read_only(paths: Paths, folder: Path, clock: Clock = system_clock) -> Result:
    """The damaged copy in ``folder``, read-only, so what can be read can be exported."""
    store, problem = recovery.open_damaged_read_only(paths, folder, clock)
    return _context(recovery.damaged_view(paths, folder), store, clock), problem


def purge_deleted(ctx: AppContext) -> int:
    """Remove for good the applications deleted before this session (soft-deleted so that
    Undo could bring them back; the undo history does not outlive a session). Nothing in a
    read-only store; returns how many went."""
    if ctx.store.read_only:
        return 0
    return ctx.store.purge_deleted()


__all__ = ["Choice", "Problem", "ProblemKind", "Result", "open_checked",
           "open_damaged_read_only", "purge_deleted", "resolve_damaged"]
