"""People's names as the product stores and writes them: "First Last".

Outlook invites, HR spreadsheets and address books often give names as "Last, First"
("Müller, Katrin"). A note must never say "Dear Müller, Katrin" and no file name or
``To:`` header may carry the comma form, so every way a name comes in (invites,
spreadsheets, data files, dialogs) goes through :func:`natural_name`.
"""

from __future__ import annotations

import re

#: What may follow a comma without being a first name ("John Smith, Jr.", "Acme, Inc.").
_SUFFIXES = frozenset("""
jr jr. sr sr. ii iii iv v phd ph.d ph.d. md m.d. mba msc bsc ma ba dds esq esq. cpa pe rn
inc inc. ltd ltd. llc gmbh ag co co. corp corp. plc sa bv
""".split())  # noqa: SIM905
_HONORIFIC = re.compile(r"^(?:(?:Ms|Mr|Mrs|Mx|Dr|Prof|Miss)\.?)\s+", re.I)
_LETTER = re.compile(r"[^\W\d_]")
#: line breaks, which :func:`natural_name` leaves for ``guards.check_line`` to refuse (a
#: name that came with "\nBcc: …" in it is refused, never joined into one line)
_BREAKS = frozenset("\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029")


def _is_suffix(text: str) -> bool:
    return text.strip().lower().replace(" ", "") in _SUFFIXES


def natural_name(text: str) -> str:
    """``"Müller, Katrin"`` → ``"Katrin Müller"``; anything else tidied but kept.

    Only a single comma between two name-like parts is turned round; a suffix after the
    comma ("Smith, Jr.", "Lee Chen, PhD") and addresses stay as they are. An honorific on
    the last name moves to the front ("Dr. Müller, Katrin" → "Dr. Katrin Müller").
    """
    if any(c in _BREAKS for c in text):
        return text  # not tidied into one line: the field's check refuses a line break
    name = " ".join(text.split())
    if "," not in name or "@" in name:
        return name
    parts = [p.strip() for p in name.split(",")]
    suffix = ""
    if len(parts) == 3 and _is_suffix(parts[2]):
        suffix = parts.pop()
    if len(parts) != 2:
        return name
    last, first = parts
    if not (_LETTER.search(last) and _LETTER.search(first)) or _is_suffix(first):
        return name
    honorific = ""
    m = _HONORIFIC.match(last)
    if m:
        honorific, last = m.group(), last[m.end():]
    out = f"{honorific}{first} {last}"
    return f"{out} {suffix}" if suffix else out
