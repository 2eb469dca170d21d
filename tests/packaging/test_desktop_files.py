"""The desktop entry and AppStream metadata: valid, and one app id everywhere."""

from __future__ import annotations

import configparser
import subprocess
import xml.etree.ElementTree as ET

from followup_desktop import APP_ID, APP_NAME, __version__
from tests.helpers.packaging_scripts import REPO, RESOURCES, tool

DESKTOP = RESOURCES / f"{APP_ID}.desktop"
METAINFO = RESOURCES / f"{APP_ID}.metainfo.xml"


def _entry(path=DESKTOP) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # keys are case-sensitive
    parser.read(path, encoding="utf-8")
    return parser["Desktop Entry"]


def test_desktop_file_validates() -> None:
    result = subprocess.run([tool("desktop-file-validate"), str(DESKTOP)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == ""  # not even a hint


def test_metainfo_validates() -> None:
    result = subprocess.run([tool("appstreamcli"), "validate", "--no-net", str(METAINFO)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_one_app_id_everywhere() -> None:
    entry = _entry()
    assert entry["Icon"] == APP_ID
    assert entry["Name"] == APP_NAME
    # X11 matches windows to the entry by WM_CLASS's class, which Qt takes from the
    # application name (the venv's and the bundle's executables differ).
    assert entry["StartupWMClass"] == APP_NAME
    assert entry["Exec"].split()[0] == "followup-desktop"  # the wheel's console script
    root = ET.parse(METAINFO).getroot()
    assert root.findtext("id") == APP_ID
    assert root.findtext("launchable") == f"{APP_ID}.desktop"
    assert root.findtext("provides/binary") == "followup-desktop"
    source = (REPO / "followup_desktop" / "ui" / "application.py").read_text(encoding="utf-8")
    assert "setDesktopFileName(APP_ID)" in source


def test_metainfo_release_is_the_package_version() -> None:
    root = ET.parse(METAINFO).getroot()
    releases = root.findall("releases/release")
    assert releases, "no release entry"
    assert releases[0].get("version") == __version__  # newest first
    assert releases[0].get("date")


def test_metainfo_screenshot_is_the_readme_screenshot() -> None:
    root = ET.parse(METAINFO).getroot()
    images = [i.text or "" for i in root.findall("screenshots/screenshot/image")]
    assert images and all(i.startswith("https://") for i in images)
    assert any(i.endswith("/docs/main-window.png") for i in images)
