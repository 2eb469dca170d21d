"""What every command shares: the error a user can fix (printed as one line), a reason
made one printable line, and the profile name ``drafts`` needs."""

from __future__ import annotations

from followup_desktop.context import AppContext


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
