"""Checks for what arrives from files other people made.

Plain functions without Qt or a database, shared by every way in: the data file
(``interchange``), invitations and spreadsheets (``importers/``), the store and the
writers of drafts. Each either cleans a value (what can be cleaned where it enters) or
names why it is refused.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path, PurePosixPath, PureWindowsPath

# --- attachments ----------------------------------------------------------------------------

#: Where an imported draft's attachments may live: relative names under this folder of the
#: data folder (``<data dir>/attachments``), never anywhere else.
ATTACHMENTS_FOLDER = "attachments"


def imported_attachment_refusal(raw: str) -> str | None:
    """Why an attachment path that came in a file someone sent cannot be kept (``None``:
    it can). Only plain relative names are kept; they are read from the data folder's
    ``attachments`` folder. An absolute path, a home folder (``~``), a drive letter or a
    ``..`` would let the sender choose any file of this computer."""
    text = raw.strip()
    if not text:
        return "an empty path"
    if text.startswith(("/", "\\", "~")) or PureWindowsPath(text).drive:
        return "a full path (only names under the data folder's attachments folder are kept)"
    parts = re.split(r"[\\/]+", text)
    if any(p == ".." for p in parts):
        return "a path that climbs out of its folder (..)"
    if any(unicodedata.category(c) == "Cc" for c in text):
        return "a path with control characters"
    return None


def attachment_path(raw: str, data_dir: Path) -> Path | None:
    """The file an attachment names: a full path as the user picked it in the window, or
    a relative name under ``<data dir>/attachments`` (resolved: a link that leads out of
    that folder gives ``None``)."""
    path = Path(raw)
    if path.is_absolute():
        return path
    if imported_attachment_refusal(raw) is not None:
        return None
    base = (data_dir / ATTACHMENTS_FOLDER).resolve()
    real = (base / PurePosixPath(raw.replace("\\", "/"))).resolve()
    return real if real.is_relative_to(base) and real != base else None


# --- one-line fields: names, companies, subjects ... ----------------------------------------

#: Characters that end a header line or hide text: never inside a name or a subject.
LINE_BREAKS = frozenset("\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
#: Invisible format characters kept: joiners that shape words (Persian, Indic, emoji).
_KEPT_FORMAT = frozenset("\u200c\u200d")
_ENCODED_WORD = re.compile(r"=\?[^?\s]{1,40}\?[bBqQ]\?[^?\s]*\?=")


class FieldError(ValueError):
    """A one-line field that cannot be cleaned; the message says why, in words
    (``reason``: the same without the field's name)."""

    def __init__(self, what: str, reason: str) -> None:
        super().__init__(f"{what} is {reason}" if reason.startswith("longer") else
                         f"{what} {reason}")
        self.reason = reason


def decode_encoded_words(text: str) -> str:
    """RFC 2047 encoded words (``=?UTF-8?B?RGFuYQ==?=``, as some calendar clients write in
    ``CN=``) decoded; text that is not one, or does not decode, is kept as it is."""
    if "=?" not in text or not _ENCODED_WORD.search(text):
        return text
    from email.header import decode_header, make_header

    try:
        return str(make_header(decode_header(text)))
    except (ValueError, LookupError, UnicodeError, AssertionError):
        return text


def clean_line(text: str) -> str:
    """A one-line field as it should be stored: encoded words decoded, tabs made spaces,
    invisible characters (BOM, zero-width space, bidi controls, soft hyphen) dropped,
    ends trimmed. Line breaks and other
    control characters are left for :func:`check_line` to refuse."""
    if text.isascii() and text.isprintable() and "=?" not in text:
        return text.strip()  # the common case, quickly: nothing to clean
    text = decode_encoded_words(text)
    out = []
    for ch in text:
        if ch in LINE_BREAKS:
            out.append(ch)
            continue
        if ch == "\t":
            out.append(" ")
        elif unicodedata.category(ch) == "Cf" and ch not in _KEPT_FORMAT:
            continue
        else:
            out.append(ch)
    return "".join(out).strip()


def check_line(text: str, what: str = "the field", *, max_len: int = 200) -> str:
    """The JSON path's rule for a one-line field, for every way in: cleaned (see
    :func:`clean_line`), then refused with :class:`FieldError` if it still holds a line
    break, a control character, a lone surrogate or an encoded word, or is too long."""
    cleaned = clean_line(text)
    if cleaned.isascii() and cleaned.isprintable():
        if len(cleaned) > max_len:
            raise FieldError(what, f"longer than {max_len} characters")
        return cleaned
    if any(c in LINE_BREAKS for c in cleaned):
        raise FieldError(what, "contains a line break, which cannot go into an email header")
    bad = next((c for c in cleaned if unicodedata.category(c) in ("Cc", "Cs")), None)
    if bad is not None and unicodedata.category(bad) == "Cs":
        raise FieldError(what, "contains a lone surrogate (half of a character), which is "
                               "not text")
    if bad is not None:
        raise FieldError(what, f"contains a control character (U+{ord(bad):04X})")
    if _ENCODED_WORD.search(cleaned):
        raise FieldError(what, "contains an encoded word (=?...?=) that does not decode")
    if len(cleaned) > max_len:
        raise FieldError(what, f"longer than {max_len} characters")
    return cleaned
