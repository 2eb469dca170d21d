"""A data file's profile against the user's: what differs, in words for the import's
message (:func:`followup_desktop.services.imports.import_data_file` keeps the user's)."""

from __future__ import annotations

from collections.abc import Mapping

from followup_desktop.records import Profile

#: how a profile field is named when an import says what differed
_FIELD_WORDS = {"name": "name", "email": "email", "phone": "phone", "linkedin": "LinkedIn",
                "signature": "signature", "timezone": "time zone"}


def profile_differences(own: Profile, profile: Mapping[str, object]) -> list[str]:
    """What of the file's profile differs from the user's, a few words a field (the
    field and the file's value; a signature by name only, it is several lines)."""
    out: list[str] = []
    for key, value in profile.items():
        mine = str(getattr(own, key, "") or "")
        theirs = str(value or "")
        if key == "name":  # spacing is no difference, a spelling is
            mine, theirs = " ".join(mine.split()), " ".join(theirs.split())
        if mine == theirs:
            continue
        word = _FIELD_WORDS.get(key, key)
        if key == "signature":
            out.append("signature" if theirs else "no signature")
        elif not theirs:
            out.append(f"no {word}")
        else:
            out.append(f"{word} {theirs}")
    return out


def profile_label(own: Profile, zone_differs: bool) -> str:
    """The user's profile in a few words: the name and the time zone (when none is set
    and the file's has one: the computer's)."""
    name = own.name.strip()
    if own.timezone:
        return f"{name}, {own.timezone}"
    return f"{name}, the computer's time zone" if zone_differs else name
