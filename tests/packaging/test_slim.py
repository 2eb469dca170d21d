"""The bundle's slimming rules (packaging/slim.py), on PyInstaller-style TOC entries."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.helpers.packaging_scripts import load

slim = load("slim")

QT = "PySide6/Qt"


@pytest.mark.parametrize(("dest", "kept"), [
    (f"{QT}/plugins/platforms/libqxcb.so", True),
    (f"{QT}/plugins/platforms/libqwayland.so", True),
    (f"{QT}/plugins/platforms/libqoffscreen.so", True),
    (f"{QT}/plugins/platforms/libqeglfs.so", False),
    (f"{QT}/plugins/platforms/libqvnc.so", False),
    (f"{QT}/plugins/imageformats/libqsvg.so", True),
    (f"{QT}/plugins/imageformats/libqico.so", True),
    (f"{QT}/plugins/imageformats/libqjpeg.so", False),
    (f"{QT}/plugins/iconengines/libqsvgicon.so", True),
    (f"{QT}/plugins/platformthemes/libqgtk3.so", False),
    (f"{QT}/plugins/platformthemes/libqxdgdesktopportal.so", True),
    (f"{QT}/plugins/platforminputcontexts/libcomposeplatforminputcontextplugin.so", True),
    (f"{QT}/plugins/tls/libqopensslbackend.so", False),
    (f"{QT}/plugins/networkinformation/libqnetworkmanager.so", False),
    (f"{QT}/plugins/wayland-shell-integration/libxdg-shell.so", True),
    (f"{QT}/plugins/wayland-shell-integration/libivi-shell.so", False),
    (f"{QT}/translations/qtbase_de.qm", False),
    (f"{QT}/lib/libQt6Core.so.6", True),
    ("PySide6/plugins/platforms/qwindows.dll", True),  # Windows wheel layout
    ("PySide6/plugins/styles/qmodernwindowsstyle.dll", True),
    ("PySide6/plugins/imageformats/qjpeg.dll", False),
    ("PySide6/translations/qtbase_fr.qm", False),
    ("followup_desktop/resources/icons/followup.svg", True),
])
def test_plugin_rules(dest: str, kept: bool) -> None:
    assert slim.plugin_kept(dest) is kept


def test_unused_bindings_are_excluded_used_ones_are_not() -> None:
    assert "PySide6.QtQml" in slim.EXCLUDES and "PySide6.QtWebEngineCore" in slim.EXCLUDES
    for module in ("QtCore", "QtGui", "QtWidgets", "QtSvg", "QtNetwork"):
        assert f"PySide6.{module}" not in slim.EXCLUDES


def test_only_the_english_dictionary_stays() -> None:
    datas = [(f"spellchecker/resources/{lang}.json.gz", "/src", "DATA")
             for lang in ("en", "de", "fr")]
    datas.append(("followup_desktop/templates/thank-you.txt.j2", "/src", "DATA"))
    kept = [d[0] for d in slim.prune_data(datas)]
    assert kept == ["spellchecker/resources/en.json.gz",
                    "followup_desktop/templates/thank-you.txt.j2"]


def test_links_to_removed_libraries_go_too() -> None:
    binaries = [("PySide6/Qt/lib/libQt6Gui.so.6", "/x/libQt6Gui.so.6", "BINARY"),
                ("libQt6Gui.so.6", "PySide6/Qt/lib/libQt6Gui.so.6", "SYMLINK"),
                ("libQt6Gone.so.6", "PySide6/Qt/lib/libQt6Gone.so.6", "SYMLINK"),
                ("libGone2.so", "libQt6Gone.so.6", "SYMLINK")]
    kept, _ = slim.drop_dangling(binaries, [])
    assert [k[0] for k in kept] == ["PySide6/Qt/lib/libQt6Gui.so.6", "libQt6Gui.so.6"]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ldd-based, Linux only")
def test_libraries_nothing_links_to_are_dropped() -> None:
    import PySide6

    qt = Path(PySide6.__file__).parent / "Qt"
    plugin = qt / "plugins" / "iconengines" / "libqsvgicon.so"
    binaries = [(f"PySide6/Qt/plugins/iconengines/{plugin.name}", str(plugin), "BINARY")]
    for name in ("libQt6Svg.so.6", "libQt6Gui.so.6", "libQt6Core.so.6", "libQt6Qml.so.6"):
        binaries.append((f"PySide6/Qt/lib/{name}", str(qt / "lib" / name), "BINARY"))
    kept = {Path(k[0]).name for k in slim.prune_unlinked(binaries)}
    assert kept == {"libqsvgicon.so", "libQt6Svg.so.6", "libQt6Gui.so.6", "libQt6Core.so.6"}


def test_unreached_parts_of_the_account_libraries_are_excluded_with_a_reason() -> None:
    for module, reason in slim.UNREACHED.items():
        assert module in slim.EXCLUDES and reason.strip(), module
    for module in ("qh3", "dns", "lxml.objectify", "lxml.html", "urllib3", "requests"):
        assert module in slim.EXCLUDES, module


@pytest.mark.parametrize("module", [
    "lxml", "lxml.etree", "lxml._elementpath", "caldav", "icalendar", "niquests",
    "urllib3_future", "jh2", "h11", "charset_normalizer", "idna", "wassima", "imapclient",
    "keyring", "secretstorage", "jeepney", "cryptography", "tzdata", "dateutil",
    "recurring_ical_events", "x_wr_timezone", "click", "email_validator", "http.server",
])
def test_what_the_accounts_use_is_kept(module: str) -> None:
    """Excludes match a module and its submodules: no rule may take one of these."""
    assert not any(module == x or module.startswith(x + ".") for x in slim.EXCLUDES), module
