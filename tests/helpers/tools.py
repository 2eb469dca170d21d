"""Outside programs the tests run: found, or the test fails saying which is missing.

``tools/system-deps.sh`` (run by ``make test`` and ``.ci/run``) installs them all, so a
missing one is a set-up problem to fix, not a reason to skip: :func:`require_tool` fails
the test with the program's name and its Debian package, never a bare FileNotFoundError.
"""

from __future__ import annotations

import os
import shutil

import pytest

#: program → the Debian package in tools/system-deps.sh that brings it
PACKAGE_OF = {
    "make": "make",
    "xvfb-run": "xvfb",
    "xauth": "xauth",
    "dbus-run-session": "dbus",
    "dbus-daemon": "dbus",
    "dbus-send": "dbus",
    "dbus-launch": "dbus-x11",
    "dunst": "dunst",
    "dunstctl": "dunst",
    "status-notifier-watcher": "haskell-status-notifier-item-utils",
    "mhdr": "mblaze",
    "mshow": "mblaze",
    "pdftotext": "poppler-utils",
    "desktop-file-validate": "desktop-file-utils",
    "appstreamcli": "appstream",
    "objdump": "binutils",
    "dovecot": "dovecot-imapd",
    "gnome-keyring-daemon": "gnome-keyring",
    "secret-tool": "libsecret-tools",
}

#: also searched: daemons such as dovecot live in sbin, often not on a user's PATH
_SBIN = ("/usr/local/sbin", "/usr/sbin", "/sbin")


def find_tool(name: str) -> str | None:
    path = os.environ.get("PATH", os.defpath) + os.pathsep + os.pathsep.join(_SBIN)
    return shutil.which(name, path=path)


def missing_message(name: str) -> str:
    package = PACKAGE_OF.get(name)
    what = f"`{name}` (Debian package {package})" if package else f"`{name}`"
    return (f"this test needs {what}, which is not installed: run tools/system-deps.sh "
            "(make test does)")


def require_tool(name: str) -> str:
    """The path of the program ``name``; fails the test, naming it, when it is missing."""
    path = find_tool(name)
    if path is None:
        pytest.fail(missing_message(name), pytrace=False)
    return path
