"""What a draft is made from, and what changed since the user edited it.

``draft_basis(...)`` names every input of one draft -- the round, its people, the
recipient's salutation and talking points, the promises, the profile, the settings the
templates read, the template files, the day -- each with a short digest (the day with its
words: "today", "yesterday"). The composer keeps the basis of a draft when the user first
edits it; ``changes(old, new, first_name)`` then says in words what changed since
("Dana's talking points changed"). A draft nobody edited is simply made again.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from followup_desktop.compose.render import template_context, template_name
from followup_desktop.records import Application, Profile, Window
from followup_desktop.resources import template_dir
from followup_desktop.settings import Settings

#: The inputs, in the order a change line names them.
INPUTS = ("round", "people", "salutation", "points", "promises", "profile", "settings",
          "template", "day")
_COMMON = "_common.txt.j2"


def _digest(value: Any) -> str:
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, default=_plain)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, tuple | frozenset | set):
        return list(value)
    return str(value)


def template_digest(window: Window, user_templates: Path | None) -> str:
    """The template files this draft renders from: the user's copy where there is one."""
    parts = []
    for name in (template_name(window.kind), _COMMON):
        user = user_templates / name if user_templates is not None else None
        try:
            data = user.read_bytes() if user is not None and user.is_file() else None
        except OSError:
            data = None
        if data is None:
            data = b"default:" + (template_dir() / name).read_bytes()
        parts.append(hashlib.sha256(data).hexdigest())
    return _digest(parts)


def draft_basis(window: Window, app: Application, profile: Profile, settings: Settings,
                now: dt.datetime, user_templates: Path | None = None) -> dict[str, str]:
    """Every input of the draft of ``window``, named, each with a digest."""
    ctx = template_context(window, app, profile, settings, now)
    recipient = ctx["recipient"]
    interview = ctx["interview"]
    round_part: Any = None
    people: Any = None
    if interview is not None:
        round_part = {f.name: getattr(interview, f.name) for f in dataclasses.fields(interview)
                      if f.name not in ("when", "interviewers")}
        people = [(p.name, p.title, p.email, p.main_contact, p.position)
                  for p in interview.interviewers]
    salutation = points = None
    if recipient is not None:
        salutation = (recipient.name, recipient.salutation, recipient.formal_name)
        points = recipient.talking_points
    when = interview.when if interview is not None else ""
    return {
        "round": _digest([ctx["company"], ctx["role"], ctx["formal"], round_part]),
        "people": _digest([people, [p.name for p in ctx["pass_thanks_to"]]]),
        "salutation": _digest(salutation),
        "points": _digest(points),
        "promises": _digest([ctx["promises"], ctx["promise"], ctx["round_promises"]]),
        "profile": _digest(ctx["profile"]),
        "settings": _digest([ctx["linkedin_max_chars"]]),
        "template": template_digest(window, user_templates),
        "day": f"{when}|{ctx['today']}",
    }


def _phrase(name: str, old: Mapping[str, str], new: Mapping[str, str], first: str) -> str:
    who = f"{first}'s" if first else "the recipient's"
    if name == "day":
        was, now = old[name].split("|")[0], new[name].split("|")[0]
        if was and now and was != now:
            return f"the day (\u201c{was}\u201d is now \u201c{now}\u201d)"
        return "the day"
    return {
        "round": "the round's details",
        "people": "the people of the round",
        "salutation": f"{who} name or salutation",
        "points": f"{who} talking points",
        "promises": "the promises",
        "profile": "your profile",
        "settings": "a setting",
        "template": "the template",
    }[name]


def changed(old: Mapping[str, str] | None, new: Mapping[str, str]) -> list[str]:
    """The names of the inputs that differ (none when ``old`` is unknown)."""
    if not old:
        return []
    return [n for n in INPUTS if n in old and n in new and old[n] != new[n]]


_PLURAL = frozenset({"round", "people", "points", "promises"})


def changes_line(old: Mapping[str, str] | None, new: Mapping[str, str],
                 first_name: str = "") -> str:
    """``"Dana's talking points changed — Reset to template to use them."``: what changed
    since the user edited the draft; empty when nothing did (or the basis is unknown)."""
    names = changed(old, new)
    if not names:
        return ""
    assert old is not None
    phrases = [_phrase(n, old, new, first_name) for n in names]
    text = phrases[0] if len(phrases) == 1 else (", ".join(phrases[:-1]) + " and "
                                                 + phrases[-1])
    text = text[:1].upper() + text[1:]
    them = "them" if len(names) > 1 or names[0] in _PLURAL else "it"
    return f"{text} changed \u2014 Reset to template to use {them}."
