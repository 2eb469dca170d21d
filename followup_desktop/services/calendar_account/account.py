"""The calendar account's settings, its password, and its setup.

The settings (server, user, the calendar's address, the sync token, the last result) are
one JSON value in the data folder's settings table -- never the password, which lives in
the system keyring (``services.secrets``; with no secure keyring: in this process's
memory only, and the user is asked again next session).

Setup tests everything before saving anything: the login, the calendar (found by name, or
created when missing and the server allows it), and that the calendar takes events (a
write of a probe event that is deleted again).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import ipaddress
import uuid
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from followup_desktop.services import accounts_status
from followup_desktop.services.calendar_account.dav import Dav, DavError, host_of

SETTINGS_KEY = "calendar_account"
SECRET_SERVICE = "Followup calendar account"
DEFAULT_CALENDAR = "Followup"
#: how often the tray syncs (minutes) when nothing in the plan changed meanwhile
DEFAULT_INTERVAL_MINUTES = 15


class CalendarAccountError(Exception):
    """Something the user can fix, in one sentence."""


def _secrets() -> Any:
    """The process's secrets (:mod:`followup_desktop.services.secrets`): the system keyring,
    or memory for the session where no secure keyring exists."""
    from followup_desktop.services import secrets

    return secrets


@dataclass(frozen=True, slots=True)
class AccountConfig:
    """What is kept of the account (no password)."""

    url: str  # as the user gave it
    user: str
    calendar_url: str  # the calendar collection found or made at setup
    calendar_name: str = DEFAULT_CALENDAR
    ca_file: str | None = None
    created_calendar: bool = False  # the app made the calendar (it may delete it)
    invites: bool = False  # read the main calendar for interview invites
    main_calendar_url: str | None = None
    interval_minutes: int = DEFAULT_INTERVAL_MINUTES
    sync_token: str | None = None
    ctag: str | None = None
    last_sync_at: str | None = None  # ISO, UTC
    last_error: str | None = None
    session_only: bool = False  # the password is not in a keyring
    offers: tuple[dict[str, Any], ...] = field(default=())  # invites offered, not yet added
    dismissed: tuple[str, ...] = field(default=())  # invite UIDs the user said no to

    @property
    def secret_user(self) -> str:
        return f"{self.user}@{host_of(self.calendar_url)}"

    def to_json(self) -> dict[str, Any]:
        out = dataclasses.asdict(self)
        out["offers"] = list(self.offers)
        out["dismissed"] = list(self.dismissed)
        return out

    @classmethod
    def from_json(cls, data: Any) -> AccountConfig | None:
        if not isinstance(data, dict) or not data.get("calendar_url"):
            return None
        names = {f.name for f in dataclasses.fields(cls)}
        kept = {k: v for k, v in data.items() if k in names}
        kept["offers"] = tuple(kept.get("offers") or ())
        kept["dismissed"] = tuple(kept.get("dismissed") or ())
        return cls(**kept)


def load_config(ctx: Any) -> AccountConfig | None:
    return AccountConfig.from_json(ctx.store.get_value(SETTINGS_KEY, None))


def save_config(ctx: Any, config: AccountConfig) -> None:
    ctx.store.set_value(SETTINGS_KEY, config.to_json())


def update_config(ctx: Any, **changes: Any) -> AccountConfig | None:
    """Change some fields of the stored config (re-read first: the window, the tray and a
    command may each have changed another field)."""
    config = load_config(ctx)
    if config is None:
        return None
    config = dataclasses.replace(config, **changes)
    save_config(ctx, config)
    return config


def password_for(config: AccountConfig) -> str | None:
    from contextlib import suppress

    with suppress(Exception):
        return _secrets().get_secret(SECRET_SERVICE, config.secret_user)  # type: ignore[no-any-return]
    return None


# --- addresses --------------------------------------------------------------------------------


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def normalize_url(text: str) -> str:
    """``host``, ``host/path`` or a full address -> ``https://host/path/``. Plain
    ``http://`` only for a server on this machine: a password never crosses a network in
    the clear."""
    text = text.strip()
    if not text:
        raise CalendarAccountError("Give the calendar server's address (for example "
                                   "https://cloud.example.org/remote.php/dav).")
    if "://" not in text:
        text = "https://" + text
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise CalendarAccountError(f"{text} is not a web address (https://…).")
    if parts.scheme == "http" and not _is_loopback(parts.hostname):
        raise CalendarAccountError(f"{text}: use https:// — Followup does not send a "
                                   "password unencrypted over a network.")
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    return urlunsplit((parts.scheme, parts.netloc, path, parts.query, ""))


def _bare(url: str) -> bool:
    return urlsplit(url).path in ("", "/")


# --- setup ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SetupResult:
    config: AccountConfig
    created: bool  # the calendar was made now
    in_keyring: bool  # the password went into the system keyring
    calendars: tuple[str, ...]  # the account's calendars (names)

    def describe(self) -> str:
        made = "created" if self.created else "found"
        where = ("the system keyring" if self.in_keyring
                 else "memory for this session only (no secure keyring)")
        return (f"Calendar account {self.config.user} at {host_of(self.config.calendar_url)}"
                f" ready: calendar \u201c{self.config.calendar_name}\u201d {made}; password in "
                f"{where}.")


def _principal(dav: Dav, url: str) -> Any:
    """The account's principal, discovering it through ``/.well-known/caldav`` when the
    address is a bare host."""
    from caldav.lib.error import AuthorizationError, DAVError
    from caldav.lib.url import URL

    tried = [url]
    if _bare(url):
        tried.insert(0, url.rstrip("/") + "/.well-known/caldav")
    last: DavError | None = None
    for candidate in tried:
        client: Any = dav.client  # the library's calls are untyped
        client.url = URL.objectify(candidate)
        dav.requests += 1
        try:
            principal = client.principal()
            dav.url = str(principal.url)
            return principal
        except AuthorizationError as exc:
            if "403" in str(exc) or "Forbidden" in str(exc):
                last = DavError(f"{host_of(url)} does not let this account read its calendars.")
                continue
            raise CalendarAccountError(
                f"{host_of(url)} refused the user name or password.") from None
        except DAVError as exc:
            last = DavError(f"{candidate} does not answer as a CalDAV server ({exc}).")
        except Exception as exc:
            err = dav_error(exc, url)
            if err.transient or "certificate" in str(err):
                raise CalendarAccountError(str(err)) from None
            last = err
    raise CalendarAccountError(str(last) if last else f"{url} is not a CalDAV server.")


def dav_error(exc: BaseException, url: str) -> DavError:
    from followup_desktop.services.calendar_account.dav import describe_error

    return describe_error(exc, url)


def _components(calendar: Any) -> list[str]:
    try:
        return [str(c).upper() for c in calendar.get_supported_components()]
    except Exception:  # not advertised: the probe write decides
        return []


def _probe(dav: Dav, calendar_url: str) -> None:
    """Write an event and delete it: the calendar takes events from this account."""
    from followup_desktop.compose.ics import PRODID

    uid = f"followup-probe-{uuid.uuid4()}"
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    body = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:" + PRODID + "\r\nBEGIN:VEVENT\r\n"
            f"UID:{uid}\r\nDTSTAMP:{stamp}\r\nDTSTART:{stamp}\r\nDURATION:PT1M\r\n"
            "SUMMARY:Followup checks it can write here\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
    href = calendar_url.rstrip("/") + f"/{uid}.ics"
    try:
        dav.put(href, body, create=True)
    except DavError as exc:
        if exc.status in (403, 405, 415, 409, 400, 507) or (exc.status or 0) >= 400:
            raise CalendarAccountError(
                "The calendar does not accept events from Followup "
                f"({exc}).") from None
        raise CalendarAccountError(str(exc)) from None
    try:
        dav.delete(href)
    except DavError as exc:
        raise CalendarAccountError(f"Followup's test event could not be deleted ({exc}).") \
            from None


def setup_account(ctx: Any, *, url: str, user: str, password: str,
                  calendar: str | None = None, ca_file: str | None = None,
                  session_only: bool = False, invites: bool = False,
                  interval_minutes: int = DEFAULT_INTERVAL_MINUTES) -> SetupResult:
    """Log in, find (or make) the calendar, check it takes events, then save: settings in
    the data folder, the password in the keyring. Nothing is saved on any failure."""
    import os

    base = normalize_url(url)
    if not user.strip():
        raise CalendarAccountError("Give the account's user name.")
    if not password:
        raise CalendarAccountError("Give the account's password (or app password).")
    if ca_file:
        ca_file = os.path.abspath(os.path.expanduser(ca_file))
        if not os.path.isfile(ca_file):
            raise CalendarAccountError(f"The CA file {ca_file} does not exist.")
    name = (calendar or DEFAULT_CALENDAR).strip() or DEFAULT_CALENDAR
    with Dav(base, user.strip(), password, ca_file=ca_file) as dav:
        principal = _principal(dav, base)
        try:
            calendars = principal.calendars()
        except Exception as exc:
            raise CalendarAccountError(f"The account's calendars cannot be listed: "
                                       f"{dav_error(exc, base)}") from None
        names = tuple(str(c.name or "") for c in calendars)
        found = next((c for c in calendars if (c.name or "") == name), None)
        created = False
        if found is None:
            try:
                found = principal.make_calendar(name=name,
                                                supported_calendar_component_set=["VEVENT"])
            except Exception as exc:
                listed = ", ".join(f"\u201c{n}\u201d" for n in names if n) or "none"
                raise CalendarAccountError(
                    f"The server did not let Followup create a calendar named \u201c{name}\u201d "
                    f"({type(exc).__name__}). Create it in your calendar app, or pick one "
                    f"of yours with --calendar (found: {listed}).") from None
            created = True
        comps = _components(found)
        if comps and "VEVENT" not in comps:
            raise CalendarAccountError(
                f"The calendar \u201c{name}\u201d does not accept events (it holds "
                f"{', '.join(comps).lower()} only): pick another with --calendar.")
        calendar_url = str(found.url)
        _probe(dav, calendar_url)
        main_url = None
        if invites:
            main = next((c for c in calendars if str(c.url) != calendar_url
                         and (not _components(c) or "VEVENT" in _components(c))), None)
            main_url = str(main.url) if main is not None else None
    config = AccountConfig(url=base, user=user.strip(), calendar_url=calendar_url,
                           calendar_name=name, ca_file=ca_file, created_calendar=created,
                           invites=invites, main_calendar_url=main_url,
                           interval_minutes=interval_minutes)
    previous = load_config(ctx)
    secrets = _secrets()
    try:
        in_keyring = bool(secrets.set_secret(SECRET_SERVICE, config.secret_user, password,
                                             session_only=session_only))
    except Exception as exc:
        raise CalendarAccountError(f"The password could not be kept: {exc}") from None
    config = dataclasses.replace(config, session_only=not in_keyring)
    from followup_desktop.services.calendar_account import state

    if previous is None or previous.calendar_url != config.calendar_url:
        state.forget_events(ctx)  # another calendar: its events start from nothing
    else:  # the same calendar set up again: keep what the sync knows
        config = dataclasses.replace(config, sync_token=previous.sync_token,
                                     ctag=previous.ctag, offers=previous.offers,
                                     dismissed=previous.dismissed)
    save_config(ctx, config)
    return SetupResult(config, created, in_keyring, names)


def forget_account(ctx: Any) -> str:
    """Remove the account's settings, what the sync knew, and its keyring entry. The
    events already in the calendar stay there (the calendar is the user's)."""
    config = load_config(ctx)
    if config is None:
        return accounts_status.nothing_to_forget_line("calendar")
    from contextlib import suppress

    from followup_desktop.services.calendar_account import state

    with suppress(Exception):
        _secrets().delete_secret(SECRET_SERVICE, config.secret_user)
    state.forget_events(ctx)
    ctx.store.set_value(SETTINGS_KEY, None)
    return (f"Forgot the calendar account {config.user} at {host_of(config.calendar_url)} "
            "(its password too). The calendar \u201c"
            f"{config.calendar_name}\u201d and its events stay on the server.")


def status_lines(ctx: Any) -> list[str]:
    config = load_config(ctx)
    if config is None:
        return [accounts_status.no_account_line("calendar")]
    from followup_desktop.services.calendar_account import state

    counts = state.counts(ctx)
    has_password = password_for(config) is not None
    lines = [
        f"Account: {config.user} at {host_of(config.calendar_url)}",
        f"Calendar: \u201c{config.calendar_name}\u201d ({config.calendar_url})",
        f"Password: {'in the system keyring' if not config.session_only else 'this session only'}"
        + ("" if has_password else " — not available now: run setup again"),
        f"Events: {counts[0]} on the server, {counts[1]} deleted by you (kept deleted)",
        f"Last sync: {_when(ctx, config.last_sync_at)}"
        + (f" — failed: {config.last_error}" if config.last_error else ""),
        f"Invites: {'read from your main calendar' if config.invites else 'off'}",
    ]
    for offer in config.offers:
        lines.append(f"  offered: {offer.get('text', '')} [{offer.get('uid')}]")
    return lines


def _when(ctx: Any, iso: str | None) -> str:
    if not iso:
        return "never"
    from followup_desktop.humanize import local_when

    try:
        moment = dt.datetime.fromisoformat(iso)
    except ValueError:
        return iso
    return f"{local_when(moment, ctx.tz(), ctx.now())} ({iso})"
