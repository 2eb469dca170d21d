"""The few CalDAV requests the calendar account makes, over the ``caldav`` library's client.

``caldav.DAVClient`` brings the HTTP session (TLS verification with the user's CA file,
Basic/Digest login, one connection kept alive) and principal/calendar discovery. The sync
itself needs conditional writes (``If-Match``/``If-None-Match``), a sync-collection REPORT
(RFC 6578) and a ctag PROPFIND, each counted: those are sent through
:meth:`caldav.DAVClient.request` here, so that every request is one line of this module.

Every failure ends as :class:`DavError` with a sentence a user can act on.
"""

from __future__ import annotations

import contextlib
import ssl
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit
from xml.etree import ElementTree as ET

NS = {"d": "DAV:", "c": "urn:ietf:params:xml:ns:caldav", "cs": "http://calendarserver.org/ns/"}
TIMEOUT = 30


class DavError(Exception):
    """A request failed; ``str()`` says why in words. ``transient``: worth trying later
    (the server is unreachable or busy), as opposed to a refusal (wrong password)."""

    def __init__(self, message: str, *, transient: bool = False, status: int | None = None):
        super().__init__(message)
        self.transient = transient
        self.status = status


class PreconditionFailed(DavError):
    """412: the event changed on the server since it was read (its ETag is stale), or one
    exists already where a new one was to be created."""


@dataclass(frozen=True, slots=True)
class Member:
    href: str
    etag: str | None  # None: deleted (a sync report's 404)


@dataclass(frozen=True, slots=True)
class Changes:
    members: tuple[Member, ...]
    token: str | None
    complete: bool  # True: a full listing (no token yet, or the server forgot ours)


def host_of(url: str) -> str:
    parts = urlsplit(url)
    return parts.netloc or url


def describe_error(exc: BaseException, url: str) -> DavError:
    """A network or TLS exception in words."""
    if isinstance(exc, DavError):
        return exc
    host = host_of(url)
    text = f"{exc!r} {exc}"
    chain: BaseException | None = exc
    while chain is not None:
        if isinstance(chain, ssl.SSLCertVerificationError) or "CERTIFICATE_VERIFY_FAILED" in \
                str(chain) or "certificate verify failed" in str(chain):
            return DavError(f"The certificate of {host} is not trusted: give the server's CA "
                            "certificate (a .pem file) as the CA file, or check the address.")
        chain = chain.__cause__ or chain.__context__
    if "Name or service not known" in text or "nodename nor servname" in text or \
            "getaddrinfo" in text or "NameResolution" in text:
        return DavError(f"No server called {host} was found: check the address.",
                        transient=True)
    if "timed out" in text.lower() or "Timeout" in type(exc).__name__:
        return DavError(f"The calendar server {host} did not answer in time.", transient=True)
    if "refused" in text.lower() or "Connection" in type(exc).__name__ or \
            isinstance(exc, ConnectionError | OSError):
        return DavError(f"The calendar server {host} cannot be reached (is it down, or the "
                        "network off?).", transient=True)
    if "SSL" in text or "TLS" in text:
        return DavError(f"A secure connection to {host} failed ({type(exc).__name__}).")
    return DavError(f"The calendar server {host} failed: {type(exc).__name__}: {exc}",
                    transient=True)


class Dav:
    """One logged-in connection to a CalDAV server. ``requests`` counts what was sent."""

    def __init__(self, url: str, user: str, password: str, *, ca_file: str | None = None,
                 timeout: int = TIMEOUT) -> None:
        import logging

        import caldav

        # the library logs its guesses about servers as warnings (on stderr with no
        # handler): what matters reaches the user as a DavError, in words
        logging.getLogger("caldav").setLevel(logging.ERROR)
        self.url = url
        self.requests = 0
        try:
            self.client = caldav.DAVClient(url, username=user, password=password,
                                           auth_type="basic", timeout=timeout,
                                           ssl_verify_cert=ca_file or True,
                                           enable_rfc6764=False)
        except Exception as exc:  # a malformed URL
            raise DavError(f"{url} is not a server address the calendar can use ({exc})."
                           ) from None

    def close(self) -> None:
        with contextlib.suppress(Exception):  # a broken connection: nothing left to do
            self.client.close()

    def __enter__(self) -> Dav:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- plumbing -----------------------------------------------------------------------------

    def absolute(self, href: str) -> str:
        return urljoin(self.url, href)

    def request(self, method: str, url: str, body: str = "",
                headers: dict[str, str] | None = None) -> Any:
        """One request; authorization failures and network errors become :class:`DavError`
        (other statuses are the caller's to read: ``response.status``)."""
        from caldav.lib.error import AuthorizationError

        self.requests += 1
        try:
            return self.client.request(self.absolute(url), method, body, headers or {})
        except AuthorizationError as exc:
            status = 403 if "403" in str(exc) or "Forbidden" in str(exc) else 401
            if status == 401:
                raise DavError(f"{host_of(self.url)} refused the user name or password.",
                               status=401) from None
            raise DavError(f"{host_of(self.url)} does not let this account do that "
                           f"({method} {urlsplit(self.absolute(url)).path}).",
                           status=403) from None
        except Exception as exc:
            raise describe_error(exc, self.url) from None

    def _check(self, response: Any, what: str, ok: Iterable[int] = (200, 201, 204, 207)
               ) -> Any:
        status = int(response.status)
        if status in ok:
            return response
        if status == 412:
            raise PreconditionFailed(f"{what}: the event changed on the server meanwhile.",
                                     status=412)
        transient = status >= 500 or status == 429
        reason = getattr(response, "reason", "") or ""
        raise DavError(f"{host_of(self.url)} answered {status} {reason} to {what}.".replace(
            "  ", " "), transient=transient, status=status)

    @staticmethod
    def _tree(response: Any) -> ET.Element:
        raw = response.raw if hasattr(response, "raw") else ""
        data = raw.encode() if isinstance(raw, str) else raw
        try:
            return ET.fromstring(data)
        except ET.ParseError:
            raise DavError("The calendar server sent an answer that is not WebDAV XML.",
                           transient=True) from None

    # -- reading ------------------------------------------------------------------------------

    def calendar_tokens(self, calendar_url: str) -> tuple[str | None, str | None]:
        """(sync-token, ctag) of the calendar: one PROPFIND."""
        body = ('<?xml version="1.0" encoding="utf-8"?><d:propfind xmlns:d="DAV:" '
                'xmlns:cs="http://calendarserver.org/ns/"><d:prop><d:sync-token/>'
                '<cs:getctag/></d:prop></d:propfind>')
        r = self._check(self.request("PROPFIND", calendar_url, body, {"Depth": "0"}),
                        "reading the calendar")
        tree = self._tree(r)
        token = tree.findtext(".//d:propstat/d:prop/d:sync-token", namespaces=NS)
        ctag = tree.findtext(".//d:propstat/d:prop/cs:getctag", namespaces=NS)
        return (token or None), (ctag or None)

    def sync_collection(self, calendar_url: str, token: str | None) -> Changes:
        """RFC 6578: what changed since ``token`` (everything, with None): one REPORT.
        A token the server no longer knows gives a full listing (``complete``)."""
        body = ('<?xml version="1.0" encoding="utf-8"?><d:sync-collection xmlns:d="DAV:">'
                f'<d:sync-token>{_xml_text(token or "")}</d:sync-token>'
                '<d:sync-level>1</d:sync-level><d:prop><d:getetag/></d:prop>'
                '</d:sync-collection>')
        r = self.request("REPORT", calendar_url, body, {"Depth": "0"})
        if int(r.status) in (403, 409) and token:
            # valid-sync-token precondition: the server forgot it; start over
            return self.sync_collection(calendar_url, None)
        self._check(r, "the sync report")
        tree = self._tree(r)
        members = []
        base = self.absolute(calendar_url)
        for resp in tree.findall("d:response", NS):
            href = resp.findtext("d:href", namespaces=NS) or ""
            if self.absolute(href).rstrip("/") == base.rstrip("/"):
                continue
            status = resp.findtext("d:status", namespaces=NS) or ""
            if " 404" in status:
                members.append(Member(href, None))
                continue
            etag = None
            for ps in resp.findall("d:propstat", NS):
                if " 200" in (ps.findtext("d:status", namespaces=NS) or ""):
                    etag = ps.findtext("d:prop/d:getetag", namespaces=NS)
            members.append(Member(href, etag or ""))
        token_out = tree.findtext("d:sync-token", namespaces=NS)
        return Changes(tuple(members), token_out or None, complete=not token)

    def list_etags(self, calendar_url: str) -> Changes:
        """Every member and its ETag (servers without sync-token): one PROPFIND."""
        body = ('<?xml version="1.0" encoding="utf-8"?><d:propfind xmlns:d="DAV:">'
                '<d:prop><d:getetag/><d:resourcetype/></d:prop></d:propfind>')
        r = self._check(self.request("PROPFIND", calendar_url, body, {"Depth": "1"}),
                        "listing the calendar")
        tree = self._tree(r)
        base = self.absolute(calendar_url).rstrip("/")
        members = []
        for resp in tree.findall("d:response", NS):
            href = resp.findtext("d:href", namespaces=NS) or ""
            if self.absolute(href).rstrip("/") == base:
                continue
            etag = resp.findtext(".//d:prop/d:getetag", namespaces=NS)
            members.append(Member(href, etag or ""))
        return Changes(tuple(members), None, complete=True)

    def get(self, href: str) -> tuple[str, str | None] | None:
        """(iCalendar text, ETag) of one event, or None if it is gone."""
        r = self.request("GET", href, "", {"Accept": "text/calendar"})
        if int(r.status) == 404:
            return None
        self._check(r, "reading an event", ok=(200,))
        raw = r.raw if isinstance(r.raw, str) else r.raw.decode("utf-8", "replace")
        return raw, _etag(r)

    # -- writing ------------------------------------------------------------------------------

    def put(self, href: str, body: str, *, etag: str | None = None,
            create: bool = False) -> str | None:
        """Write one event: ``create`` only if none is there (If-None-Match: *), else only
        over ``etag`` (If-Match). Returns the new ETag (None if the server gave none);
        :class:`PreconditionFailed` on 412."""
        headers = {"Content-Type": "text/calendar; charset=utf-8"}
        if create:
            headers["If-None-Match"] = "*"
        elif etag:
            headers["If-Match"] = etag
        r = self._check(self.request("PUT", href, body, headers), "saving an event",
                        ok=(200, 201, 204))
        return _etag(r)

    def delete(self, href: str, *, etag: str | None = None) -> bool:
        """Delete one event (over ``etag``); False if it was gone already."""
        headers = {"If-Match": etag} if etag else {}
        r = self.request("DELETE", href, "", headers)
        if int(r.status) == 404:
            return False
        self._check(r, "deleting an event", ok=(200, 204))
        return True


def _etag(response: Any) -> str | None:
    headers = getattr(response, "headers", {}) or {}
    value = headers.get("ETag") or headers.get("etag")
    return str(value) if value else None


def _xml_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
