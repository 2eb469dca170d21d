"""Connecting to the account's IMAP server: TLS always verified, errors in words.

Certificates are checked with :func:`ssl.create_default_context` (the system's
authorities, plus the account's CA file if it has one), for TLS from the first byte and
for STARTTLS alike; a connection never falls back to plain text. When a certificate is
not trusted, the error gives its SHA-256 fingerprint, read by a second handshake that
checks nothing and sends nothing.
"""

from __future__ import annotations

import contextlib
import hashlib
import socket
import ssl
from typing import TYPE_CHECKING, Any

from followup_desktop.services.mail.account import Account
from followup_desktop.services.mail.errors import MailError, MailUnavailable

if TYPE_CHECKING:
    from imapclient import IMAPClient

TIMEOUT = 30.0


def tls_context(account: Account) -> ssl.SSLContext:
    context = ssl.create_default_context()
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    if account.ca_file:
        try:
            context.load_verify_locations(cafile=account.ca_file)
        except (OSError, ssl.SSLError) as exc:
            raise MailError(f"cannot use the CA file {account.ca_file}: {exc}") from None
    return context


def fingerprint(der: bytes) -> str:
    digest = hashlib.sha256(der).hexdigest().upper()
    return ":".join(digest[i:i + 2] for i in range(0, len(digest), 2))


def _peer_certificate(account: Account, timeout: float) -> bytes | None:
    """The server's certificate, from a handshake that verifies nothing (for the error
    message only: no login, no command but STARTTLS is sent on it)."""
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    try:
        with socket.create_connection((account.host, account.port), timeout=timeout) as raw:
            if account.security == "starttls":
                raw.settimeout(timeout)
                file = raw.makefile("rb")
                file.readline()
                raw.sendall(b"a1 STARTTLS\r\n")
                while True:
                    line = file.readline()
                    if not line or line.startswith(b"a1 "):
                        break
                if not line.startswith(b"a1 OK"):
                    return None
            with context.wrap_socket(raw, server_hostname=account.host) as tls:
                return tls.getpeercert(binary_form=True)
    except (OSError, ssl.SSLError):
        return None


def _where(account: Account) -> str:
    return f"{account.host}:{account.port}"


def _tls_error(account: Account, exc: ssl.SSLError, timeout: float) -> MailError:
    if isinstance(exc, ssl.SSLCertVerificationError):
        der = _peer_certificate(account, timeout)
        fp = f" (SHA-256 {fingerprint(der)})" if der else ""
        reason = exc.verify_message or exc.reason or "not trusted"
        if "hostname" in str(reason).lower() or "ip address mismatch" in str(reason).lower():
            return MailError(f"the certificate of {_where(account)}{fp} is for another name "
                             f"than {account.host}: not trusted")
        if "expired" in str(reason).lower():
            return MailError(f"the certificate of {_where(account)}{fp} has expired: "
                             "not trusted")
        hint = ("; if you trust it, give its CA certificate with --ca-file"
                if not account.ca_file else f"; it is not signed by {account.ca_file}")
        return MailError(f"the certificate of {_where(account)} is not trusted{fp}: "
                         f"{reason}{hint}")
    text = str(exc.reason or exc).lower().replace("_", " ")
    if "wrong version" in text or "unknown protocol" in text or "record layer" in text \
            or "http request" in text:
        other = "starttls (usually port 143)" if account.security == "tls" else \
            "tls (usually port 993)"
        return MailError(f"{_where(account)} does not speak {account.security.upper()} here; "
                         f"try --security {other}")
    return MailError(f"the secure connection to {_where(account)} failed: "
                     f"{exc.reason or exc}")


def connect(account: Account, password: str, *, timeout: float = TIMEOUT,
            context: ssl.SSLContext | None = None) -> IMAPClient:
    """A logged-in :class:`IMAPClient`; :class:`MailError` (or :class:`MailUnavailable`
    when the server cannot be reached) with the reason in words. ``context``: one made by
    :func:`tls_context` for this account, kept by the caller (loading the system's
    certificate authorities takes ~20 ms)."""
    from imapclient.exceptions import IMAPClientError

    if context is None:
        context = tls_context(account)
    imap: Any = None
    try:
        imap = _open(account, context, timeout)
        _login(imap, account, password)
        return imap
    except MailError:
        _drop(imap)
        raise
    except (OSError, EOFError, IMAPClientError) as exc:  # ssl.SSLError is an OSError
        _drop(imap)
        raise _failure(account, exc, timeout) from None


def _open(account: Account, context: ssl.SSLContext, timeout: float) -> IMAPClient:
    from imapclient import IMAPClient

    imap = IMAPClient(account.host, port=account.port, ssl=account.security == "tls",
                      ssl_context=context, timeout=timeout)
    try:
        if account.security == "starttls":
            if not imap.has_capability("STARTTLS"):
                raise MailError(f"{_where(account)} does not offer STARTTLS: Followup will "
                                "not send the password in plain text; try --security tls "
                                "(usually port 993)")
            imap.starttls(context)
            imap._cached_capabilities = None  # capabilities change after STARTTLS
        if imap.has_capability("LOGINDISABLED"):
            raise MailError(f"{_where(account)} refuses plain login (LOGINDISABLED): it "
                            "accepts no user name and password over this connection")
    except BaseException:
        _drop(imap)
        raise
    return imap


def _login(imap: IMAPClient, account: Account, password: str) -> None:
    from imapclient.exceptions import LoginError

    from followup_desktop.services.mail.account import preset_for_host

    try:
        imap.login(account.user, password)
    except LoginError as exc:
        text = str(exc)
        if "UNAVAILABLE" in text:
            raise MailUnavailable(f"{_where(account)} cannot log in right now: "
                                  f"{_server_words(text)}") from None
        if "PRIVACYREQUIRED" in text or "plaintext" in text.lower():
            raise MailError(f"{_where(account)} refuses plain login: "
                            f"{_server_words(text)}") from None
        preset = preset_for_host(account.host)
        hint = f" ({preset.note})" if preset is not None else ""
        raise MailError(f"wrong user name or password for {account.user} at "
                        f"{account.host}{hint}") from None


def _failure(account: Account, exc: BaseException, timeout: float) -> MailError:
    """A failed connection in words; :class:`MailUnavailable` where trying later helps."""
    where = _where(account)
    if isinstance(exc, ssl.SSLError):
        return _tls_error(account, exc, timeout)
    if isinstance(exc, socket.gaierror):
        return MailUnavailable(f"the server name {account.host} was not found "
                               "(misspelt, or no network)")
    if isinstance(exc, ConnectionRefusedError):
        return MailUnavailable(f"nothing answers at {where} (connection refused): check "
                               "the host and port")
    if isinstance(exc, TimeoutError):
        return MailUnavailable(f"{where} did not answer within {timeout:g} s")
    if isinstance(exc, (ConnectionError, EOFError)):
        return MailUnavailable(f"{where} closed the connection ({type(exc).__name__})")
    if isinstance(exc, OSError):
        return MailUnavailable(f"cannot reach {where}: {exc.strerror or exc}")
    return MailError(f"{where} answered: {_server_words(str(exc))}")


def _server_words(text: str) -> str:
    text = text.strip()
    if text.startswith(("b'", 'b"')):
        text = text[2:-1]
    if text.startswith("[") and "]" in text:
        text = text.split("]", 1)[1].strip() or text
    return text[:200]


def _drop(imap: Any) -> None:
    if imap is None:
        return
    with contextlib.suppress(Exception):  # already gone
        imap.shutdown()


def close(imap: Any) -> None:
    """Log out politely; a connection that is already dead is just dropped."""
    if imap is None:
        return
    try:
        imap.logout()
    except Exception:
        _drop(imap)
