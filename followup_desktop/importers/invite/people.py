"""The attendees and the organiser of an invite, minus the user, with names from their addresses."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from followup_desktop.importers.invite.guess import InvitePerson
from followup_desktop.names import natural_name

# --- people ----------------------------------------------------------------------------------


def _email_of(address: Any) -> str | None:
    text = str(address or "").strip()
    if text.lower().startswith("mailto:"):
        text = text[7:]
    text = text.strip().strip("<>").strip()
    if not text or "@" not in text or any(c in text for c in " \r\n\t,;\x00"):
        return None
    try:
        from followup_desktop.interchange import FormatError, normalize_email

        return normalize_email(text)
    except FormatError:
        return None


def _single_line(text: str, limit: int = 200) -> str:
    return " ".join(str(text).split())[:limit]


def _invite_name(raw: Any) -> str:
    """A ``CN`` through the one rule for names (``guards.check_line``, the JSON path's):
    encoded words decoded, invisible characters dropped; a name that still holds a line
    break or a control character (``Dana\nBcc: x@y``) is not used (the address names
    the person instead)."""
    from followup_desktop.guards import FieldError, check_line

    text = str(raw)[:2000]
    try:
        return check_line(text, "the name", max_len=2000)[:200].strip().strip("'\"").strip()
    except FieldError:
        return ""


def name_from_email(email: str) -> str:
    """``dana.whitfield@x`` → ``Dana Whitfield`` (a stand-in when the invite has no CN)."""
    local = email.split("@", 1)[0]
    local = local.split("+", 1)[0]
    parts = [p for p in re.split(r"[._\-]+", local) if p and not p.isdigit()]
    return " ".join(p.capitalize() for p in parts) or local


def _people(event: Any, own_emails: set[str], own_names: set[str]) -> tuple[InvitePerson, ...]:
    found: dict[str, InvitePerson] = {}
    entries: list[tuple[Any, bool]] = []
    org = event.get("ORGANIZER")
    if org is not None:
        entries.append((org, True))
    attendees = event.get("ATTENDEE")
    if attendees is not None:
        if not isinstance(attendees, list):
            attendees = [attendees]
        entries += [(a, False) for a in attendees]
    own = {e.lower() for e in own_emails if e}
    names = {" ".join(n.lower().split()) for n in own_names if n and n.strip()}
    from followup_desktop.importers.ics_guard import MAX_PEOPLE

    for address, is_org in entries:
        if len(found) >= MAX_PEOPLE:  # an interview has a few; the rest are not read
            break
        params = getattr(address, "params", {}) or {}
        if str(params.get("CUTYPE", "")).upper() in ("ROOM", "RESOURCE"):
            continue
        email = _email_of(address)
        cn = _invite_name(params.get("CN", "") or "")
        if cn and "@" in cn and email and cn.lower().strip("<>") == email.lower():
            cn = ""
        if email and email.lower() in own:
            continue
        if cn and (" ".join(cn.lower().split()) in names
                   or natural_name(cn).lower() in names):
            continue
        if email is None and not cn:
            continue
        name = natural_name(cn) if cn else name_from_email(email or "")
        key = (email or name).lower()
        if key in found:
            if is_org and not found[key].organizer:
                found[key] = replace(found[key], organizer=True)
            continue
        found[key] = InvitePerson(name=name, email=email, organizer=is_org)
    return tuple(found.values())
