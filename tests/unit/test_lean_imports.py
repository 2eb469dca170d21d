"""What the window process leaves out, and that leaving it out changes no answer.

- ``escape_markup`` is ``html.escape`` without the ``html`` package's entity table;
- ``followup_desktop.compose`` hands out every public name, each submodule loading on use;
- ``builtin_hashes``: hashlib's built-in functions give OpenSSL's digests, and with them
  the window process never maps libcrypto.
"""

from __future__ import annotations

import html
import importlib
import os
import subprocess
import sys

from hypothesis import given
from hypothesis import strategies as st

from followup_desktop.humanize import escape_markup


@given(st.text())
def test_escape_markup_is_html_escape(text: str) -> None:
    assert escape_markup(text) == html.escape(text)
    assert escape_markup(text, quote=False) == html.escape(text, quote=False)


def test_every_compose_name_resolves_to_its_submodule() -> None:
    compose = importlib.import_module("followup_desktop.compose")
    for name in compose.__all__:
        value = getattr(compose, name)
        home = compose._MODULE_OF[name]
        assert value is getattr(importlib.import_module(f"followup_desktop.compose.{home}"),
                                name)
    assert set(compose._MODULE_OF) == set(compose.__all__)


LEAN = """
import sys
from followup_desktop.app import builtin_hashes
first = builtin_hashes()
import hashlib, peewee, jinja2
import followup_desktop.compose as compose
from followup_desktop.ui.composer import ComposerPane  # the pane the window shows
digests = [hashlib.new(n, b"followup").hexdigest()
           for n in ("md5", "sha1", "sha256", "sha512", "blake2b", "sha3_256")]
maps = open("/proc/self/maps").read()
print(first, builtin_hashes(), "libcrypto" in maps, "email.message" in sys.modules,
      "difflib" in sys.modules, "html.entities" in sys.modules)
print(" ".join(digests))
"""


def test_the_window_process_uses_builtin_hashes_and_loads_no_mail_package() -> None:
    out = subprocess.run([sys.executable, "-c", LEAN], capture_output=True, text=True,
                         timeout=120, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert out.returncode == 0, out.stderr[-1500:]
    flags, digests = out.stdout.strip().splitlines()
    assert flags.split() == ["True", "True", "False", "False", "False", "False"]
    import hashlib  # this process: OpenSSL's, the reference

    assert digests.split() == [hashlib.new(n, b"followup").hexdigest()
                               for n in ("md5", "sha1", "sha256", "sha512", "blake2b",
                                         "sha3_256")]


def test_asking_for_the_calendar_account_loads_neither_the_sync_nor_icalendar() -> None:
    # The window and the tray ask load_config() on every start (CalendarSync.configured).
    code = ("import sys\n"
            "from followup_desktop.services.calendar_account import load_config\n"
            "print('icalendar' in sys.modules,"
            " 'followup_desktop.services.calendar_account.sync' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr[-1500:]
    assert out.stdout.split() == ["False", "False"]
    account = importlib.import_module("followup_desktop.services.calendar_account")
    for name in account.__all__:
        home = account._MODULE_OF[name]
        assert getattr(account, name) is getattr(importlib.import_module(
            f"followup_desktop.services.calendar_account.{home}"), name)
    assert set(account._MODULE_OF) == set(account.__all__)
