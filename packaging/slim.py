"""The slimming rules, shared by ``followup.spec`` and ``hello.spec``.

The app bundle and the hello-world baseline go through the same rules so the size benchmark
compares like with like. Five rules, applied to a PyInstaller ``Analysis``:

1. Python modules never wanted in a desktop bundle (the debugger, doctest, unittest, pydoc
   and what only they import, readline; multiprocessing), and every PySide6 binding the
   app does not use, are excluded (``EXCLUDES``, passed to ``Analysis(excludes=...)``).
2. Qt plugins: only the folders and plugins in ``KEEP_PLUGINS`` stay (the display
   back-ends X11, Wayland and offscreen; input methods; the portal theme; SVG and ICO
   images; the SVG icon engine; the native styles of Windows and macOS).
3. Qt translations go (the app's text is English only and it installs no QTranslator).
4. Shared libraries that nothing left in the bundle links to any more (the dependencies of
   the plugins removed by rule 2, e.g. GTK's cairo/pango for the gtk3 theme, EGLFS, TLS)
   go too — found by walking the link-time imports from what remains (Linux only).
5. The optional parts of the account libraries that the app never reaches
   (``UNREACHED``: each with the place in the library's source that makes it optional or
   the app's call that never reaches it): HTTP/3 (qh3), DNS service discovery (dnspython),
   lxml beyond ``lxml.etree``, caldav's YAML config files and vobject, the ``requests`` and
   plain-``urllib3`` fallbacks of caldav and niquests, certifi. They are excluded with rule 1; modules a rule
   names that a bundle does not contain (hello has none of these) change nothing.

``prune_data`` drops data files of libraries that the app does not need (pyspellchecker's
non-English dictionaries).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from pathlib import PurePath

#: The PySide6 bindings the app may import; every other binding is excluded.
QT_MODULES = frozenset({"QtCore", "QtGui", "QtWidgets", "QtSvg", "QtNetwork", "QtPrintSupport",
                        "QtDBus"})
_ALL_QT_MODULES = (
    "Qt3DAnimation", "Qt3DCore", "Qt3DExtras", "Qt3DInput", "Qt3DLogic", "Qt3DRender",
    "QtAxContainer", "QtBluetooth", "QtCharts", "QtConcurrent", "QtDataVisualization",
    "QtDesigner", "QtGraphs", "QtGraphsWidgets", "QtHelp", "QtHttpServer", "QtLabsStyleKit",
    "QtLocation", "QtMultimedia", "QtMultimediaWidgets", "QtNetworkAuth", "QtNfc", "QtOpenGL",
    "QtOpenGLWidgets", "QtPdf", "QtPdfWidgets", "QtPositioning", "QtQml", "QtQmlFeatures",
    "QtQuick", "QtQuick3D", "QtQuickControls2", "QtQuickTest", "QtQuickWidgets",
    "QtRemoteObjects", "QtScxml", "QtSensors", "QtSerialBus", "QtSerialPort", "QtSpatialAudio",
    "QtSql", "QtStateMachine", "QtSvgWidgets", "QtTest", "QtTextToSpeech", "QtUiTools",
    "QtWebChannel", "QtWebEngineCore", "QtWebEngineQuick", "QtWebEngineWidgets",
    "QtWebSockets", "QtWebView", "QtXml",
)

#: Rule 5: module -> why the app never imports it at run time (library sources as of
#: caldav 2.2, niquests 3.21, urllib3-future 2.25, lxml 6.1, email-validator 2).
UNREACHED: dict[str, str] = {
    # 6 MiB (its Rust extension). urllib3_future/backend/hface.py `_HAS_HTTP3_SUPPORT`:
    # HTTP/3 only when importlib.util.find_spec("qh3") finds it; niquests/adapters.py
    # imports its OCSP/CRL checks (qh3._hazmat) in `try: ... except ImportError: pass`;
    # urllib3_future/util/url.py uses qh3's IDNA only when `idna` is missing (it is not).
    "qh3": "HTTP/3 and the best-effort OCSP/CRL lookups of niquests (optional)",
    # caldav/discovery.py is the only importer (RFC 6764 DNS discovery), imported in
    # caldav/davclient.py `_auto_url` only when enable_rfc6764; the app passes
    # enable_rfc6764=False (services/calendar_account/dav.py). email_validator imports it
    # only for check_deliverability, which the app always turns off.
    "dns": "dnspython: caldav's RFC 6764 discovery and email deliverability (both off)",
    # caldav imports `from lxml import etree` only (davclient.py, davobject.py,
    # elements/base.py, search.py, lib/debug.py); etree itself needs lxml._elementpath.
    # hook-lxml.py collects every submodule; these are never imported:
    "lxml.objectify": "lxml's objectify API (2.8 MiB), not used by caldav",
    "lxml.html": "lxml's HTML parser and diff (0.9 MiB), not used by caldav",
    "lxml.isoschematron": "Schematron validation and its XSL data, not used by caldav",
    "lxml.sax": "SAX bridge, not used by caldav",
    "lxml.builder": "ElementMaker, not used by caldav (caldav/elements builds with etree)",
    "lxml.cssselect": "CSS selectors, not used by caldav",
    "lxml.ElementInclude": "XInclude helper, not used by caldav",
    "lxml.doctestcompare": "doctest helper",
    "lxml.usedoctest": "doctest helper",
    "lxml.pyclasslookup": "class lookup helper, not used by caldav",
    # caldav/davclient.py: `try: import niquests as requests` / `except ImportError:
    # import requests`; niquests is there, so the fallback is dead.
    "requests": "caldav's fallback when niquests is missing",
    # urllib3-future's .pth copies itself over `urllib3` in the venv, so the bundle would
    # carry the same code twice. niquests/_compat.py: without `urllib3` it imports
    # `urllib3_future` (HAS_LEGACY_URLLIB3), and niquests/packages.py aliases
    # niquests.packages.urllib3 to it; nothing else imports `urllib3`.
    "urllib3": "the venv's copy of urllib3-future; niquests uses urllib3_future itself",
    # niquests/help.py (`python -m niquests.help`) is the only importer, in try/except;
    # certificates come from the system store (wassima) or the user's CA file.
    "certifi": "niquests' debug report only",
    # caldav/config.py `read_config` (config files of caldav.get_davclient, imported
    # inside that function in davclient.py); the app builds DAVClient itself.
    "yaml": "caldav's YAML config files (get_davclient), not used",
    # caldav/calendarobjectresource.py: the `vobject_instance` property and a save retry
    # in `try: import vobject / except ImportError`; the app reads events with icalendar.
    "vobject": "caldav's optional vobject API",
}

EXCLUDES = sorted(
    [f"PySide6.{m}" for m in _ALL_QT_MODULES if m not in QT_MODULES]
    + ["tkinter", "_tkinter", "turtle", "turtledemo", "idlelib", "lib2to3", "ensurepip",
       "test", "PyInstaller", "setuptools", "pip", "IPython", "numpy", "PyQt5", "PyQt6",
       "PySide2",
       # the debugger and the doc/test tools: only caldav/lib/error.py imports pdb, in its
       # DEBUG_PDB mode; pdb pulls in pydoc (with pydoc_data), cmd, code and readline
       # (libreadline, libtinfo); doctest and unittest come in through lxml.doctestcompare
       "pdb", "pydoc", "pydoc_data", "doctest", "unittest", "readline",
       # worker processes: nothing in either bundle imports multiprocessing but
       # concurrent.futures.process (ProcessPoolExecutor, loaded on first use), and
       # nothing uses that; it brings xmlrpc and two extensions with it
       "multiprocessing", "concurrent.futures.process"]
    + list(UNREACHED)
)

#: Qt plugin folder -> plugin names kept (``None``: the whole folder). Folders not listed go.
#: Names are file names without ``lib`` prefix and extension, e.g. ``qxcb`` for libqxcb.so.
KEEP_PLUGINS: dict[str, frozenset[str] | None] = {
    "platforms": frozenset({"qxcb", "qwayland", "qwayland-generic", "qwayland-egl",
                            "qoffscreen", "qwindows", "qcocoa"}),
    "platforminputcontexts": None,  # compose key and IBus: typing accented names
    "platformthemes": frozenset({"qxdgdesktopportal"}),  # not gtk3: it drags in cairo/pango
    "iconengines": frozenset({"qsvgicon"}),
    "imageformats": frozenset({"qsvg", "qico"}),  # PNG is built into QtGui
    "xcbglintegrations": None,  # small; lets X11 use the system's GL
    "wayland-shell-integration": frozenset({"xdg-shell"}),
    "wayland-decoration-client": None,  # client-side title bars (GNOME)
    "wayland-graphics-integration-client": frozenset({"qt-plugin-wayland-egl"}),
    "styles": None,  # the native look on Windows and macOS
}

#: Data files of third-party packages that are not needed (path prefix, kept file names).
KEEP_DATA = {
    "spellchecker/resources": frozenset({"en.json.gz"}),
}


def _parts(dest: str) -> tuple[str, ...]:
    return PurePath(dest.replace("\\", "/")).parts


def _plugin_name(filename: str) -> str:
    stem = filename.split(".", 1)[0]
    return stem[3:] if stem.startswith("lib") else stem


def plugin_kept(dest: str) -> bool:
    """False for a Qt plugin (or translation) that the rules remove; True for anything else."""
    parts = _parts(dest)
    for i in range(len(parts) - 1):
        if parts[i] == "Qt" and i > 0 and parts[i - 1] == "PySide6":
            rest = parts[i + 1:]
            if rest and rest[0] == "translations":
                return False
            if len(rest) >= 3 and rest[0] == "plugins":
                if rest[1] not in KEEP_PLUGINS:
                    return False
                names = KEEP_PLUGINS[rest[1]]
                return names is None or _plugin_name(rest[-1]) in names
    # Windows wheels keep plugins and translations directly under PySide6/.
    if len(parts) >= 3 and parts[0] == "PySide6":
        if parts[1] == "translations":
            return False
        if parts[1] == "plugins" and len(parts) >= 4:
            names = KEEP_PLUGINS.get(parts[2], frozenset())
            return names is None or _plugin_name(parts[-1]) in names
    return True


def _is_plugin(dest: str) -> bool:
    return "plugins" in _parts(dest)


def _is_root(dest: str, typecode: str) -> bool:
    """Binaries that are loaded by name at run time rather than linked to."""
    name = _parts(dest)[-1]
    return (typecode == "EXTENSION" or _is_plugin(dest) or name.startswith("libpython")
            or name.startswith("python3") or ".cpython-" in name or name.endswith(".pyd"))


def prune_unlinked(binaries: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """Drop shared libraries that no remaining binary links to (transitively). Linux only."""
    if not sys.platform.startswith("linux"):
        return binaries
    from PyInstaller.depend.bindepend import get_imports

    by_name: dict[str, list[tuple[str, str, str]]] = {}
    for entry in binaries:
        by_name.setdefault(_parts(entry[0])[-1], []).append(entry)
    needed: set[str] = set()
    todo = [e for e in binaries if _is_root(e[0], e[2])]
    seen: set[str] = set()
    while todo:
        dest, src, _ = todo.pop()
        if src in seen or not os.path.isfile(src):
            continue
        seen.add(src)
        for name, _path in get_imports(src):
            base = os.path.basename(name)
            if base not in needed:
                needed.add(base)
                todo.extend(by_name.get(base, ()))
    return [e for e in binaries
            if _is_root(e[0], e[2]) or _parts(e[0])[-1] in needed
            or not _parts(e[0])[-1].startswith("lib")]


def prune_data(datas: Iterable[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    kept = []
    for entry in datas:
        dest = "/".join(_parts(entry[0]))
        folder, _, name = dest.rpartition("/")
        names = KEEP_DATA.get(folder)
        if names is not None and name not in names:
            continue
        if not plugin_kept(entry[0]):
            continue
        kept.append(entry)
    return kept


def drop_dangling(binaries: list[tuple[str, str, str]], datas: list[tuple[str, str, str]]
                  ) -> tuple[list[tuple[str, str, str]], list[tuple[str, str, str]]]:
    """Drop SYMLINK entries whose target is no longer collected (e.g. top-level links to
    Qt libraries removed above)."""
    def target(entry: tuple[str, str, str]) -> str:
        return os.path.normpath(os.path.join(os.path.dirname(entry[0]), entry[1]))

    while True:
        dests = {os.path.normpath(e[0]) for e in (*binaries, *datas)}
        new_bins = [e for e in binaries if e[2] != "SYMLINK" or target(e) in dests]
        new_datas = [e for e in datas if e[2] != "SYMLINK" or target(e) in dests]
        if len(new_bins) == len(binaries) and len(new_datas) == len(datas):
            return new_bins, new_datas
        binaries, datas = new_bins, new_datas


def apply(analysis: object, report: bool = True) -> None:
    """Apply the rules to a PyInstaller ``Analysis`` in place (its binaries and datas)."""
    binaries = list(analysis.binaries)  # type: ignore[attr-defined]
    datas = list(analysis.datas)  # type: ignore[attr-defined]
    kept_bins = prune_unlinked([e for e in binaries if plugin_kept(e[0])])
    kept_bins, kept_datas = drop_dangling(kept_bins, prune_data(datas))
    if report:
        gone = sorted({e[0] for e in binaries} - {e[0] for e in kept_bins})
        print(f"slim: dropped {len(gone)} binaries and {len(datas) - len(kept_datas)} data "
              "files (FOLLOWUP_SLIM_VERBOSE=1 lists them)", file=sys.stderr)
        if os.environ.get("FOLLOWUP_SLIM_VERBOSE"):
            for dest in gone:
                print(f"slim:   - {dest}", file=sys.stderr)
    analysis.binaries = type(analysis.binaries)(kept_bins)  # type: ignore[attr-defined]
    analysis.datas = type(analysis.datas)(kept_datas)  # type: ignore[attr-defined]

#: Strip debug symbols from shared libraries (Linux; PyInstaller calls ``strip``).
STRIP = sys.platform.startswith("linux")
