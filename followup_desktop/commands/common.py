"""What every command shares: the error a user can fix (printed as one line), a reason
made one printable line, the profile name ``drafts`` needs, and leaving no database
behind where one that only reads found none."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from followup_desktop.context import AppContext
from followup_desktop.paths import Paths


class UserError(Exception):
    """A problem the user can fix; printed as one line."""


def one_line(text: str, limit: int = 500) -> str:
    """A reason as one printable line: controls and line breaks made spaces, bounded."""
    cleaned = "".join(" " if (c < " " or c in "\x7f\u2028\u2029\x85") else c for c in text)
    cleaned = " ".join(cleaned.split())
    return cleaned if len(cleaned) <= limit else cleaned[:limit - 1] + "…"


def require_profile_name(ctx: AppContext) -> None:
    """``drafts`` writes nothing while the profile has no name: every note would go out
    unsigned, with a gap in its subject."""
    if not ctx.profile().name.strip():
        raise UserError("profile.name is not set: add your name (Edit > Settings > Profile, "
                        "or \"profile\": {\"name\": ...} in an imported file) before "
                        "writing drafts; nothing was written")


@contextlib.contextmanager
def leaves_no_new_database(paths: Paths) -> Iterator[None]:
    """Around what only reads the data (``--screenshot``): on a data folder with no
    database yet, the database it made and the folders it made go again when it is done,
    whatever the outcome (:class:`~followup_desktop.context.FirstUse`), unless data came
    into it meanwhile or another Followup holds the folder."""
    from followup_desktop.context import FirstUse

    first = FirstUse.before(paths)
    try:
        yield
    finally:
        if first.fresh and _still_empty(paths):
            first.undo()


def _still_empty(paths: Paths) -> bool:
    """The database holds nothing of the user's (or is not there, or cannot be read)."""
    from followup_desktop.store import open_store

    if not paths.db.exists():
        return True
    try:
        store = open_store(paths.db, read_only=True)
    except Exception:  # not a database we made: left alone
        return False
    try:
        return store.is_empty()
    finally:
        store.close()
