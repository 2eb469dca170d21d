"""The mail account's settings: kept in the data folder, never the password.

The settings (host, port, user, security, CA file, the folders found) are one value of the
store's settings table (``mail.account``); the password is in the system keyring
(:mod:`followup_desktop.services.secrets`) under :data:`KEYRING_SERVICE` and
:meth:`Account.keyring_user`, or in memory for the session where there is no secure one.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from followup_desktop.services.mail.errors import MailError

ACCOUNT_KEY = "mail.account"
KEYRING_SERVICE = "followup-desktop mail"
SECURITIES = ("tls", "starttls")


@dataclass(frozen=True)
class Preset:
    name: str
    host: str
    port: int
    security: str
    note: str  #: one line on passwords for this provider


PRESETS: tuple[Preset, ...] = (
    Preset("Gmail", "imap.gmail.com", 993, "tls",
           "Gmail needs an app password (Google Account › Security › 2-Step Verification › "
           "App passwords), not your Google password; IMAP must be on in Gmail's settings."),
    Preset("iCloud", "imap.mail.me.com", 993, "tls",
           "iCloud needs an app-specific password (account.apple.com › Sign-In and "
           "Security › App-Specific Passwords); the user is your full iCloud address."),
    Preset("Fastmail", "imap.fastmail.com", 993, "tls",
           "Fastmail needs an app password (Settings › Privacy & Security › "
           "Manage app passwords) with IMAP access."),
    Preset("Yahoo", "imap.mail.yahoo.com", 993, "tls",
           "Yahoo needs an app password (Account Security › Generate app password)."),
    Preset("Outlook.com", "outlook.office365.com", 993, "tls",
           "Outlook.com: Microsoft is turning off password sign-in for IMAP in favour of "
           "OAuth, which Followup does not do; an app password works only where Microsoft "
           "still accepts one."),
    Preset("Self-hosted", "", 993, "tls",
           "Your server's name and port; give its CA certificate (a .pem file) if it uses "
           "a certificate authority of your own."),
)


def preset_for_host(host: str) -> Preset | None:
    host = host.strip().lower()
    for preset in PRESETS:
        if preset.host and preset.host == host:
            return preset
    return None


@dataclass(frozen=True)
class Folders:
    """The account's folders Followup uses, as found on the server ('' = none)."""

    drafts: str = ""
    sent: str = ""
    inbox: str = "INBOX"
    all_mail: str = ""  #: Gmail's "All Mail" (\\All): replies filters archived are there

    def as_dict(self) -> dict[str, str]:
        return dataclasses.asdict(self)


@dataclass(frozen=True)
class Account:
    host: str
    user: str
    port: int = 993
    security: str = "tls"
    ca_file: str | None = None
    folders: Folders = field(default_factory=Folders)
    #: the address mail is sent from (the user if it is an address, else the profile's)
    address: str = ""

    def keyring_user(self) -> str:
        return f"{self.user}@{self.host}:{self.port}"

    def describe(self) -> str:
        ca = f", CA {Path(self.ca_file).name}" if self.ca_file else ""
        return f"{self.user} at {self.host}:{self.port} ({self.security.upper()}{ca})"

    def to_json(self) -> dict[str, Any]:
        return {"host": self.host, "user": self.user, "port": self.port,
                "security": self.security, "ca_file": self.ca_file,
                "folders": self.folders.as_dict(), "address": self.address}

    @classmethod
    def from_json(cls, raw: Any) -> Account | None:
        if not isinstance(raw, dict) or not raw.get("host") or not raw.get("user"):
            return None
        found = raw.get("folders")
        folders: dict[str, Any] = found if isinstance(found, dict) else {}
        try:
            return cls(host=str(raw["host"]), user=str(raw["user"]),
                       port=int(raw.get("port") or 993),
                       security=str(raw.get("security") or "tls"),
                       ca_file=raw.get("ca_file") or None,
                       folders=Folders(**{k: str(v) for k, v in folders.items()
                                          if k in Folders.__dataclass_fields__}),
                       address=str(raw.get("address") or ""))
        except (TypeError, ValueError):
            return None


def validated(host: str, user: str, port: int | None, security: str,
              ca_file: str | Path | None) -> Account:
    """An :class:`Account` from what the user typed, or :class:`MailError` saying why not."""
    host = host.strip()
    user = user.strip()
    security = (security or "tls").strip().lower()
    if not host:
        raise MailError("no server name: give the IMAP host (for example imap.gmail.com)")
    if any(c.isspace() for c in host) or "/" in host:
        raise MailError(f"{host!r} is not a server name")
    if not user:
        raise MailError("no user name: usually your full email address")
    if security in ("plain", "none", "insecure", "off"):
        raise MailError("plain-text IMAP is refused: the password would cross the network "
                        "unencrypted; use --security tls (port 993) or starttls (port 143)")
    if security not in SECURITIES:
        raise MailError(f"security {security!r}: choose tls or starttls")
    if port is None:
        port = 993 if security == "tls" else 143
    if not 1 <= int(port) <= 65535:
        raise MailError(f"port {port}: not a port number (1-65535)")
    ca: str | None = None
    if ca_file:
        path = Path(ca_file).expanduser()
        try:
            text = path.read_text(encoding="ascii", errors="replace")
        except OSError as exc:
            raise MailError(f"cannot read the CA file {path}: {exc.strerror or exc}") from None
        if "-----BEGIN CERTIFICATE-----" not in text:
            raise MailError(f"{path} is not a PEM certificate file")
        ca = str(path.resolve())
    return Account(host=host, user=user, port=int(port), security=security, ca_file=ca,
                   address=user if "@" in user else "")
