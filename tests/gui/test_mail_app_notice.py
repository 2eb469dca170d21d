""""Open in mail app" with no mail handler: a short notice that offers Copy / Export first
and never pastes the ``mailto:`` link (a whole percent-encoded note) into the window; and
no PySide6 "FIXME qt_isinstance" noise on the terminal when the button is clicked."""

from __future__ import annotations

import stat
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument

from followup_desktop.ui.composer.mail_app import MailOpener, short_reason
from tests.helpers import composer as support_composer
from tests.helpers.composer import OFFSCREEN_NOISE, make_pane, northwind

pytestmark = OFFSCREEN_NOISE
demo_ctx = support_composer.demo_ctx  # fixture

LONG_URL = ("mailto:hannah.kim%40northwind.example?subject=Thank%20you%20%E2%80%94%20Ada"
            "&body=" + "Dear%20Ms.%20Kim%2C%0A%0AThank%20you%20for%20your%20time%20" * 30)
XDG_SAYS = f"xdg-open: no method available for opening '{LONG_URL}'"


def _plain(markup: str) -> str:
    doc = QTextDocument()
    doc.setHtml(markup)
    return doc.toPlainText()


def test_the_reason_is_a_few_words_never_the_link():
    assert short_reason(XDG_SAYS) == "xdg-open found no mail app"
    other = short_reason(f"gio: {LONG_URL}: Operation not supported")
    assert "mailto" not in other and "%" not in other and len(other) <= 60
    assert len(short_reason("x" * 500)) <= 60


def _fake_xdg_open(tmp_path: Path) -> str:
    script = tmp_path / "xdg-open"
    script.write_text("#!/bin/sh\necho \"xdg-open: no method available for opening '$1'\""
                      " >&2\nexit 3\n")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return str(script)


def test_no_mail_app_notice_is_short_offers_copy_first_and_is_quiet(
        qtbot, demo_ctx, tmp_path, capfd):
    pane = make_pane(qtbot, demo_ctx, northwind(demo_ctx))
    name = pane.current_editor().draft.to_name
    pane.mail_opener = MailOpener(pane, program=_fake_xdg_open(tmp_path))
    capfd.readouterr()
    qtbot.mouseClick(pane.mail_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "No mail app opened" in pane.notice.text(), timeout=20_000)
    markup = pane.notice.text()
    text = _plain(markup)
    assert text.startswith(f"No mail app opened the note to {name}."), text
    assert "mailto" not in markup and "%40" not in markup and "%20" not in markup
    assert text.index("Copy it") < text.index("Export .eml") < text.index("xdg-open")
    assert "xdg-open found no mail app" in text and len(text) < 140, text
    out, err = capfd.readouterr()
    assert "FIXME" not in out + err and "qt_isinstance" not in out + err


def test_a_test_opener_reason_is_shortened_too(qtbot, demo_ctx):
    pane = make_pane(qtbot, demo_ctx, northwind(demo_ctx))
    pane.mail_opener = lambda url, done: done(False, XDG_SAYS)
    qtbot.mouseClick(pane.mail_button, Qt.MouseButton.LeftButton)
    markup = pane.notice.text()
    assert "mailto" not in markup and "href='copy'" in markup and "href='export'" in markup
    assert len(_plain(markup)) < 140
