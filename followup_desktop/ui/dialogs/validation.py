"""Field checks shared by every form: each returns ``None`` when the value is fine, else the
reason in words a user understands (shown under the field).

Pure Python (no Qt), so an import helper, the command line or a test can use them too.
The rules match :mod:`followup_desktop.interchange`, so anything a dialog accepts can be
exported and imported again.
"""

from __future__ import annotations

from functools import cache
from urllib.parse import urlsplit
from zoneinfo import available_timezones

Reason = str | None

#: Characters that must never reach a mail header (same set as the data file's parser).
HEADER_BREAKERS = ("\r", "\n", "\x00", "\u2028", "\u2029", "\x85", "\x0b", "\x0c")

NAME_MAX = 200
TITLE_MAX = 200
SALUTATION_MAX = 100
URL_MAX = 2000
LINE_MAX = 500
TEXT_MAX = 100_000

SALUTATIONS = ("Ms.", "Mr.", "Dr.", "Mx.")


def line_problem(text: str, what: str, *, required: bool = False,
                 max_len: int = LINE_MAX) -> Reason:
    """One line of text (it may end up in an email header)."""
    value = text.strip()
    if required and not value:
        return f"{what} is required."
    if any(c in text for c in HEADER_BREAKERS):
        return f"{what} must be a single line."
    if len(value) > max_len:
        return f"{what} is too long (at most {max_len} characters)."
    return None


def name_problem(text: str, what: str = "Name") -> Reason:
    """A person's (or a company's) name: required, one line, at most 200 characters."""
    return line_problem(text, what, required=True, max_len=NAME_MAX)


def text_problem(text: str, what: str, *, max_len: int = TEXT_MAX) -> Reason:
    """Free text (notes): only its length and NUL characters are checked."""
    if "\x00" in text:
        return f"{what} contains a character that cannot be saved."
    if len(text) > max_len:
        return f"{what} is too long (at most {max_len} characters)."
    return None


def email_problem(text: str, *, required: bool = False) -> Reason:
    """An email address as typed; empty is fine unless ``required``."""
    value = text.strip()
    if not value:
        return "An email address is required." if required else None
    if any(c in text for c in HEADER_BREAKERS):
        return "An email address must be a single line."
    if " " in value:
        return "An email address cannot contain spaces."
    from email_validator import EmailNotValidError, validate_email

    try:
        validate_email(value, check_deliverability=False, allow_smtputf8=False)
    except EmailNotValidError as exc:
        reason = str(exc).strip()
        if reason and not reason.endswith("."):
            reason += "."
        return f"Not a valid email address. {reason}".strip()
    return None


def normalize_email(text: str) -> str | None:
    """The normalized address (``None`` for empty); call only when :func:`email_problem`
    returned ``None``."""
    value = text.strip()
    if not value:
        return None
    from email_validator import validate_email

    return str(validate_email(value, check_deliverability=False,
                              allow_smtputf8=False).normalized)


def url_problem(text: str, what: str = "Web address") -> Reason:
    """A web address (a LinkedIn profile): ``https://`` and a host; empty is fine."""
    value = text.strip()
    if not value:
        return None
    if any(c.isspace() for c in value):
        return f"{what} cannot contain spaces."
    if len(value) > URL_MAX:
        return f"{what} is too long (at most {URL_MAX} characters)."
    if not value.lower().startswith("https://"):
        return f"{what} must start with https:// (for example https://www.linkedin.com/in/name)."
    parts = urlsplit(value)
    host = parts.hostname or ""
    if "." not in host or host.startswith(".") or host.endswith("."):
        return f"{what} needs a site name after https:// (for example www.linkedin.com)."
    return None


def normalize_url(text: str) -> str | None:
    value = text.strip()
    return value or None


def timezone_problem(name: str) -> Reason:
    """An IANA zone name such as ``Europe/Berlin``; empty means the machine's zone."""
    value = name.strip()
    if not value:
        return None
    if value not in _all_zones():
        return (f"Unknown time zone {value!r}. Pick one from the list, such as "
                "Europe/Berlin or America/New_York.")
    return None


@cache
def _all_zones() -> frozenset[str]:
    # Never ZoneInfo(typed text): a partial name such as "America/" is a folder and
    # raises IsADirectoryError.
    return frozenset(available_timezones())


@cache
def zone_names() -> tuple[str, ...]:
    """Every IANA zone name, sorted (read once)."""
    return tuple(sorted(z for z in available_timezones() if "/" in z or z == "UTC"))


def points_from_text(text: str) -> tuple[str, ...]:
    """Talking points typed one per line; blank lines and bullets are dropped."""
    out = []
    for line in text.splitlines():
        point = line.strip().lstrip("-*•").strip()
        if point:
            out.append(point)
    return tuple(out)


def points_problem(text: str) -> Reason:
    for point in points_from_text(text):
        if len(point) > 2000:
            return "A talking point is too long (at most 2000 characters)."
    return None


def points_hint(count: int) -> str:
    """A gentle nudge towards the 2-3 talking points the drafts use (never blocks saving)."""
    if count == 0:
        return "Two or three specific things they said — one per line. The notes quote them."
    if count == 1:
        return "1 talking point. One or two more make the note more personal."
    if count <= 3:
        return f"{count} talking points."
    return f"{count} talking points — the notes use the first few."
