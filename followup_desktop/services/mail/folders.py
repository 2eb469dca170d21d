"""Finding the account's Drafts, Sent, Inbox and All Mail folders.

First by their special-use flags (RFC 6154: ``\\Drafts``, ``\\Sent``, ``\\All``), then by
the names mail programs give them in common languages and layouts (Gmail's
``[Gmail]/Drafts``, Courier's ``INBOX.Drafts``, a German ``Entwürfe`` ...). One LIST
command; IMAPClient decodes the modified UTF-7 of folder names.
"""

from __future__ import annotations

from typing import Any

from followup_desktop.services.mail.account import Folders

DRAFT_NAMES = ("drafts", "draft", "entwürfe", "entwurf", "brouillons", "borradores",
               "bozze", "concepten", "rascunhos", "utkast", "kladder", "luonnokset",
               "szkice", "koncepty", "черновики", "下書き", "草稿")
SENT_NAMES = ("sent", "sent mail", "sent items", "sent messages", "gesendet",
              "gesendete objekte", "gesendete elemente", "envoyés", "éléments envoyés",
              "enviados", "elementos enviados", "posta inviata", "inviata", "verzonden",
              "verzonden items", "enviadas", "skickat", "skickade objekt", "sendt",
              "lähetetyt", "wysłane", "odeslané", "отправленные", "送信済み", "已发送")


def _leaf(name: str, separator: str | None) -> str:
    if separator and separator in name:
        return name.rsplit(separator, 1)[1]
    return name


def choose_folders(listing: list[tuple[tuple[bytes, ...], bytes | None, str]]) -> Folders:
    """The folders of a LIST answer (``IMAPClient.list_folders()``)."""
    by_flag: dict[bytes, str] = {}
    names: list[tuple[str, str]] = []  # (full name, leaf lowered)
    inbox = "INBOX"
    for flags, sep, name in listing:
        separator = sep.decode() if isinstance(sep, bytes) else sep
        lowered = {f.lower() for f in flags}
        if b"\\noselect" in lowered or b"\\nonexistent" in lowered:
            continue
        for flag in (b"\\drafts", b"\\sent", b"\\all"):
            if flag in lowered and flag not in by_flag:
                by_flag[flag] = name
        if name.upper() == "INBOX":
            inbox = name
        names.append((name, _leaf(name, separator).lower()))

    def by_name(wanted: tuple[str, ...]) -> str:
        for candidate in wanted:  # the order of the list is the order of preference
            for full, leaf in names:
                if leaf == candidate:
                    return full
        return ""

    return Folders(drafts=by_flag.get(b"\\drafts") or by_name(DRAFT_NAMES),
                   sent=by_flag.get(b"\\sent") or by_name(SENT_NAMES),
                   inbox=inbox,
                   all_mail=by_flag.get(b"\\all") or "")


def find_folders(imap: Any) -> Folders:
    return choose_folders(imap.list_folders())
