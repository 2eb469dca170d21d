"""``followup-desktop --selftest``: does this installation work? Checked offscreen, in a
throw-away data folder, so it can run on a build machine, in CI, or on a user's desktop
without touching their data, their autostart entry or their notifications.

Steps, in order (each needs the ones before it):

1. resources — templates, the app icon, the desktop entry and AppStream file are installed;
2. qt — the image-format and icon-engine plugins load: the app icon renders from SVG;
3. store — a database opens in a temporary folder and takes the sample data;
4. templates — every default template renders a draft, and the draft checks (with the
   spelling dictionary) run over it;
5. main window — built on that data and painted;
6. tray — the tray controller and its notifier chain are built (not started: no reminder
   is shown), its menu filled from the agenda;
7. single instance — the lock file and the local socket work;
8. accounts — the libraries of the calendar and mail accounts load and work, so a bundle
   that left out something they need fails here: the calendar account's client (caldav
   over niquests, basic login) talks to a small WebDAV server of this process on
   127.0.0.1 (a PROPFIND with a body caldav builds with lxml, its multistatus answer
   parsed with lxml, a GET of an event read with icalendar and zoneinfo), an HTTPS
   session and TLS context are made (no connection), IMAPClient's parser reads a FETCH
   answer, the keyring's Secret Service backend imports and its session encryption
   (Diffie-Hellman and AES) round-trips a secret. Nothing leaves the machine; no keyring
   or server of the user is touched.

Prints one line per step and ends with ``selftest passed``; on a failure, prints
``selftest FAILED: <step>: <reason>`` and returns 1.
"""

from __future__ import annotations

import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from followup_desktop import APP_ID, APP_NAME, __version__

SCREEN = (1280, 800)
#: Harmless messages of Qt's offscreen platform, not worth a note.
OFFSCREEN_NOISE = frozenset({"This plugin does not support propagateSizeHints()"})


class SelftestError(Exception):
    """A step found something wrong; the message says what."""


def _require(condition: object, message: str) -> None:
    if not condition:
        raise SelftestError(message)


class _Run:
    """State shared by the steps: the temporary folder, the context, the window."""

    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.ctx: Any = None
        self.window: Any = None
        self.tray: Any = None
        self.qt_messages: list[str] = []


# ------------------------------------------------------------------------------ the steps


def _resources(run: _Run) -> str:
    from followup_desktop.resources import resource, template_dir

    templates = sorted(template_dir().glob("*.txt.j2"))
    _require(templates, f"no templates in {template_dir()}")
    icon = resource("icons", "followup.svg")
    _require(icon.is_file(), f"the app icon is missing: {icon}")
    icons = list(resource("icons").glob("*.svg"))
    pngs = list(resource("icons", "hicolor").glob(f"*/apps/{APP_ID}.png"))
    for name in (f"{APP_ID}.desktop", f"{APP_ID}.metainfo.xml"):
        _require(resource(name).is_file(), f"{name} is missing from {resource()}")
    return (f"{len(templates)} templates, {len(icons)} SVG icons, {len(pngs)} PNG sizes, "
            f"desktop entry and metainfo in {resource()}")


def _qt(run: _Run) -> str:
    from PySide6.QtCore import QSize
    from PySide6.QtGui import QGuiApplication, QImageReader

    from followup_desktop.ui.icons import app_icon, icon

    formats = {bytes(f.data()).decode() for f in QImageReader.supportedImageFormats()}
    for fmt in ("svg", "png"):
        _require(fmt in formats, f"Qt cannot read {fmt.upper()} images (imageformats plugin "
                                 f"missing?); it reads: {', '.join(sorted(formats))}")
    pixmap = app_icon().pixmap(QSize(64, 64))
    _require(not pixmap.isNull(), "the app icon does not render (iconengines/svg plugin "
                                  "missing?)")
    image = pixmap.toImage()
    _require(image.pixelColor(32, 32).alpha() > 0, "the app icon renders empty")
    _require(not icon("new").pixmap(QSize(16, 16)).isNull(), "the action icons do not render")
    return (f"platform {QGuiApplication.platformName()}, images "
            f"{', '.join(f for f in ('svg', 'png', 'ico') if f in formats)}, app icon renders")


def _store(run: _Run) -> str:
    from followup_desktop.context import AppContext
    from followup_desktop.paths import Paths
    from followup_desktop.services.demo import fill_sample_data

    run.ctx = AppContext.open(Paths.for_data_dir(run.tmp / "data"))
    fill_sample_data(run.ctx)
    apps = run.ctx.applications()
    agenda = run.ctx.agenda()
    _require(apps, "the sample data did not load")
    _require(agenda, "the sample data has no follow-ups")
    return f"sample data in a temporary folder: {len(apps)} applications, {len(agenda)} windows"


def _templates(run: _Run) -> str:
    from followup_desktop.compose import check_context, compose_draft, run_checks
    from followup_desktop.records import Kind
    from followup_desktop.resources import template_dir
    from followup_desktop.schedule import plan

    ctx = run.ctx
    now, profile, settings = ctx.now(), ctx.profile(), ctx.settings()
    by_kind = {}
    # Every window of the sample data, whatever its state (sent and skipped ones too), so
    # each kind has one to render with.
    for w in plan(ctx.applications(), settings, ctx.tz(), now, {}):
        by_kind.setdefault(w.kind, w)
    files = sorted(p.name for p in template_dir().glob("*.txt.j2") if not p.name.startswith("_"))
    kinds = {f"{k.value}.txt.j2": k for k in Kind}
    missing = sorted(set(kinds) - set(files))
    _require(not missing, f"no default template for {', '.join(missing)}")
    rendered, checks = [], 0
    for name in files:
        kind = kinds.get(name)
        if kind is None:
            continue  # a template the product does not use by kind; nothing to feed it
        window = by_kind.get(kind)
        _require(window is not None, f"{name}: the sample data has no {kind.value} window "
                                     "to render it with")
        app = ctx.application(window.application_id)
        try:
            draft = compose_draft(window, app, profile, settings, now)
        except Exception as exc:
            raise SelftestError(f"{name} does not render: {type(exc).__name__}: {exc}") from exc
        _require(draft.body.strip(), f"{name} rendered an empty draft")
        _require(draft.template_problem is None, f"{name}: {draft.template_problem}")
        results = run_checks(draft, check_context(draft, app, profile, settings, now))
        checks += len(results)
        rendered.append(kind.value)
    return f"{len(rendered)} rendered ({', '.join(rendered)}); {checks} draft checks ran"


def _main_window(run: _Run) -> str:
    from followup_desktop.ui.main_window import MainWindow
    from followup_desktop.ui.screenshot import render

    run.window = MainWindow(run.ctx)
    image: Any = render(run.window, SCREEN)
    _require(not image.isNull(), "the main window did not paint")
    _require(image.width() == SCREEN[0], f"painted {image.width()}x{image.height()}, "
                                         f"not {SCREEN[0]}x{SCREEN[1]}")
    colours = {image.pixel(x, y) for x in range(0, SCREEN[0], 64) for y in range(0, SCREEN[1], 64)}
    _require(len(colours) > 3, "the main window painted blank")
    run.window.hide()
    return f"built and painted at {SCREEN[0]}x{SCREEN[1]}"


def _tray(run: _Run) -> str:
    from followup_desktop.autostart import XdgAutostart
    from followup_desktop.reminders.tray import TrayController

    # A start-at-login entry in the temporary folder, never the user's.
    run.tray = TrayController(run.ctx, run.window,
                              autostart=XdgAutostart(run.tmp / "config"))
    run.tray.refresh()
    _require(not run.tray.icon.isNull(), "the tray icon is empty")
    items = len(run.tray.menu.actions())
    where = "a system tray is available" if run.tray.available() else "no system tray here"
    return f"built with {items} menu items ({where}; not started, so no reminder is shown)"


def _single_instance(run: _Run) -> str:
    from followup_desktop.reminders.instance import SingleInstance

    first = SingleInstance(run.ctx.paths)
    second = SingleInstance(run.ctx.paths, connect_ms=2000)
    try:
        _require(first.acquire(), "could not take the data folder's lock")
        _require(first.server is not None, "the local socket server is not listening")
        _require(not second.acquire(), "a second instance took the same lock")
    finally:
        second.release()
        first.release()
    return "lock file and local socket work"


# ------------------------------------------------------------------------- accounts

_DAV_USER, _DAV_PASSWORD = "selftest", "pw-\u00e9t\u00e9"  # non-ASCII: the login's encoding
_DAV_CALENDAR = "/selftest/calendar/"
_DAV_EVENT = _DAV_CALENDAR + "round.ics"
_ICS = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Followup//selftest//EN\r\n"
    "BEGIN:VEVENT\r\nUID:selftest-1@followup\r\nDTSTAMP:20260301T090000Z\r\n"
    "DTSTART;TZID=Europe/Paris:20260302T100000\r\nDURATION:PT1H\r\n"
    "SUMMARY:Thank-you note \u2014 Northwind\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")


def _multistatus(href: str, props: str) -> bytes:
    return ('<?xml version="1.0" encoding="utf-8"?><d:multistatus xmlns:d="DAV:" '
            'xmlns:cs="http://calendarserver.org/ns/"><d:response>'
            f"<d:href>{href}</d:href><d:propstat><d:prop>{props}</d:prop>"
            "<d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>"
            "</d:multistatus>").encode()


class _DavServer:
    """A WebDAV server of this process on 127.0.0.1 (a thread): just enough CalDAV for
    the calendar account's client to log in, read a calendar's properties and an event.
    Records what it was asked (method, path, the XML elements of the body)."""

    def __init__(self) -> None:
        import base64
        import threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
        from xml.etree import ElementTree as ET

        expected = "Basic " + base64.b64encode(
            f"{_DAV_USER}:{_DAV_PASSWORD}".encode()).decode()
        self.seen: list[tuple[str, str, tuple[str, ...]]] = []
        seen = self.seen

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # headers and body: no 40 ms delayed-ACK wait

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                pass  # not on stderr

            def _answer(self, status: int, body: bytes = b"", kind: str = "",
                        extra: dict[str, str] | None = None) -> None:
                self.send_response(status)
                if kind:
                    self.send_header("Content-Type", kind)
                for key, value in (extra or {}).items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def _request(self) -> bool:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                tags: tuple[str, ...] = ()
                if body:
                    tags = tuple(e.tag for e in ET.fromstring(body).iter())
                seen.append((self.command, self.path, tags))
                if self.headers.get("Authorization") != expected:
                    self._answer(401, b"", "text/plain",
                                 {"WWW-Authenticate": 'Basic realm="selftest"'})
                    return False
                return True

            def do_PROPFIND(self) -> None:
                if not self._request():
                    return
                props = ("<d:displayname>Followup</d:displayname>"
                         "<d:sync-token>http://followup/sync/7</d:sync-token>"
                         "<cs:getctag>ctag-7</cs:getctag>")
                self._answer(207, _multistatus(self.path, props),
                             'application/xml; charset="utf-8"')

            def do_GET(self) -> None:
                if not self._request():
                    return
                if self.path != _DAV_EVENT:
                    self._answer(404, b"", "text/plain")
                    return
                self._answer(200, _ICS.encode(), "text/calendar; charset=utf-8",
                             {"ETag": '"e-1"'})

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"
        self.thread = threading.Thread(target=self.server.serve_forever,
                                       kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)


def _calendar_client() -> str:
    """caldav (niquests, lxml) and icalendar against :class:`_DavServer`."""
    import datetime as dt

    import caldav
    from caldav.elements import dav as dav_elements
    from icalendar import Calendar
    from lxml import etree

    from followup_desktop.services.calendar_account.dav import Dav

    # the request body, built as caldav builds it (its elements are lxml elements)
    body = etree.tostring(
        (dav_elements.Propfind() + [dav_elements.Prop() + [dav_elements.DisplayName()]]
         ).xmlelement(), encoding="utf-8", xml_declaration=True)
    _require(b"displayname" in body, f"caldav built a wrong PROPFIND body: {body!r}")
    server = _DavServer()
    try:
        with Dav(server.url, _DAV_USER, _DAV_PASSWORD, timeout=10) as dav:
            # caldav's own PROPFIND: body from its elements, answer parsed with lxml
            cal: Any = caldav.Calendar(client=dav.client, url=dav.absolute(_DAV_CALENDAR))
            name = cal.get_display_name()
            _require(name == "Followup", f"caldav read the calendar's name as {name!r}")
            token, ctag = dav.calendar_tokens(_DAV_CALENDAR)  # the sync's own PROPFIND
            _require((token, ctag) == ("http://followup/sync/7", "ctag-7"),
                     f"the calendar's sync token and ctag read as {token!r}, {ctag!r}")
            got = dav.get(_DAV_EVENT)
            _require(got is not None and got[1] == '"e-1"', f"GET of an event gave {got!r}")
            assert got is not None
            sent = dav.requests
    finally:
        server.close()
    methods = [m for m, _p, _t in server.seen]
    _require(methods.count("PROPFIND") == 2 and "GET" in methods,
             f"the server saw {methods}, not two PROPFINDs and a GET")
    _require(any("{DAV:}displayname" in tags for _m, _p, tags in server.seen),
             "caldav's PROPFIND did not ask for the display name")
    (event,) = Calendar.from_ical(got[0]).walk("VEVENT")
    start = event.decoded("DTSTART")
    _require(isinstance(start, dt.datetime) and start.utcoffset() == dt.timedelta(hours=1),
             f"icalendar read DTSTART;TZID=Europe/Paris as {start!r}")
    _require(str(event["SUMMARY"]).endswith("Northwind"), "icalendar misread the SUMMARY")
    return f"CalDAV on 127.0.0.1 ({len(server.seen)} requests, {sent} by the sync)"


def _https_session() -> str:
    """An HTTPS-capable niquests session and a verifying TLS context (no connection)."""
    import ssl

    import niquests
    from niquests.adapters import HTTPAdapter

    with niquests.Session() as session:
        adapter = session.get_adapter("https://calendar.example.org/dav/")
        _require(isinstance(adapter, HTTPAdapter), f"no HTTPS adapter: {adapter!r}")
        prepared = session.prepare_request(niquests.Request(
            "PROPFIND", "https://calendar.example.org/dav/", data="<x/>",
            auth=("u", "p")))
        headers: Any = prepared.headers
        login = headers.get("Authorization") if headers is not None else None
        _require(str(login or "").startswith("Basic "),
                 "niquests did not add the basic login")
    context = ssl.create_default_context()
    _require(context.verify_mode == ssl.CERT_REQUIRED and context.check_hostname,
             "the default TLS context does not verify certificates")
    return "HTTPS session"


def _imap_parser() -> str:
    from imapclient import IMAPClient
    from imapclient.response_parser import parse_fetch_response

    from followup_desktop.services.mail.headers import header_bytes, parse_header

    header = b"Subject: Thank you\r\nFrom: Dana Whitfield <dana@northwind.example>\r\n\r\n"
    line = (b"7 (UID 42 FLAGS (\\Seen) BODY[HEADER.FIELDS (SUBJECT FROM)] {%d}"
            % len(header))
    parsed = parse_fetch_response([(line, header), b")"])
    item = parsed.get(42, {})
    _require(item.get(b"FLAGS") == (b"\\Seen",), f"IMAPClient parsed the FETCH as {parsed!r}")
    mail = parse_header(42, header_bytes(item))
    _require(mail.sender == "dana@northwind.example" and mail.subject == "Thank you",
             f"the FETCH's header read as {mail!r}")
    _require(callable(getattr(IMAPClient, "idle", None)), "IMAPClient has no IDLE")
    return "IMAP parser"


def _keyring_backend() -> str:
    import keyring.backends.SecretService as secret_service
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    # keyring imports secretstorage in a trap: a bundle without it (or without
    # cryptography) would silently have no Secret Service backend
    _require(hasattr(secret_service, "secretstorage"),
             "the keyring's Secret Service backend cannot load secretstorage")
    from secretstorage.dhcrypto import Session
    from secretstorage.util import format_secret

    ours, theirs = Session(), Session()  # a Diffie-Hellman exchange, as with the daemon
    ours.set_server_public_key(theirs.my_public_key)
    theirs.set_server_public_key(ours.my_public_key)
    ours.object_path = "/org/freedesktop/secrets/session/selftest"
    secret = "s3cret \u00e9".encode()
    _path, iv, encrypted, _kind = format_secret(ours, secret, "text/plain")
    assert theirs.aes_key is not None
    decryptor = Cipher(algorithms.AES(theirs.aes_key), modes.CBC(iv)).decryptor()
    plain = decryptor.update(encrypted) + decryptor.finalize()
    _require(encrypted != secret and plain[:-plain[-1]] == secret,
             "the Secret Service session encryption does not round-trip")
    return "Secret Service encryption"


def _accounts(run: _Run) -> str:
    return ", ".join((_calendar_client(), _https_session(), _imap_parser(),
                      _keyring_backend())) + " work"


STEPS: tuple[tuple[str, Callable[[_Run], str]], ...] = (
    ("resources", _resources),
    ("qt", _qt),
    ("store", _store),
    ("templates", _templates),
    ("main window", _main_window),
    ("tray", _tray),
    ("single instance", _single_instance),
    ("accounts", _accounts),
)


# ------------------------------------------------------------------------------ running


def _where() -> str:
    if getattr(sys, "frozen", False):
        return f"bundle {Path(sys.executable).parent}"
    return f"Python {sys.version.split()[0]} at {sys.prefix}"


def _qapplication() -> Any:
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        import os

        from followup_desktop.ui.application import make_qapplication

        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

        app = make_qapplication()
    return app


def run_selftest(out: Any = None) -> int:
    """Run every step; print a short report to ``out`` (stdout). 0 when all pass, else 1."""
    out = out or sys.stdout
    started = time.perf_counter()

    def say(line: str) -> None:
        print(line, file=out, flush=True)

    try:
        from PySide6 import __version__ as pyside_version
        from PySide6.QtCore import QtMsgType, qInstallMessageHandler

        _qapplication()
    except Exception as exc:
        say(f"selftest FAILED: qt: cannot start Qt: {type(exc).__name__}: {exc}")
        return 1
    say(f"{APP_NAME} {__version__} selftest ({_where()}; PySide6 {pyside_version})")

    with tempfile.TemporaryDirectory(prefix="followup-selftest-") as tmp:
        run = _Run(Path(tmp))

        def on_message(kind: Any, _context: Any, message: str) -> None:
            if kind != QtMsgType.QtDebugMsg and message not in OFFSCREEN_NOISE:
                run.qt_messages.append(message)

        previous = qInstallMessageHandler(on_message)
        failed: str | None = None
        try:
            for name, step in STEPS:
                try:
                    detail = step(run)
                except SelftestError as exc:
                    failed = f"{name}: {exc}"
                except Exception as exc:
                    tb = traceback.extract_tb(exc.__traceback__)[-1]
                    failed = (f"{name}: {type(exc).__name__}: {exc} "
                              f"({Path(tb.filename).name}:{tb.lineno})")
                if failed:
                    break
                say(f"  ok  {name:<16} {detail}")
        finally:
            qInstallMessageHandler(previous)
            _close(run)

    for message in run.qt_messages[:5]:
        say(f"  note: Qt said: {message}")
    if failed:
        say(f"selftest FAILED: {failed}")
        return 1
    say(f"selftest passed ({time.perf_counter() - started:.1f} s)")
    return 0


def _close(run: _Run) -> None:
    if run.tray is not None:
        run.tray.stop()
        run.tray.menu.deleteLater()
        run.tray.deleteLater()
    if run.window is not None:
        run.window.close()
        run.window.deleteLater()
    if run.ctx is not None:
        run.ctx.close()
    from PySide6.QtCore import QCoreApplication, QEvent

    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


if __name__ == "__main__":
    sys.exit(run_selftest())
