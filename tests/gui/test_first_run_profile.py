"""Issue 17 item 1: the first run asks who you are -- name, email, phone and LinkedIn
(optional), time zone preset from the system -- before "Add interview" / "Explore sample
data"; it can be skipped."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from followup_desktop.clock import machine_zone_name
from followup_desktop.records import Profile
from tests.helpers.window import activate

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints",
                                       "This plugin does not support")


def _typed(qtbot, widget, text):  # type: ignore[no-untyped-def]
    widget.setFocus()
    qtbot.keyClicks(widget, text)


def test_a_new_user_enters_their_profile_before_anything_else(qtbot, make_window, open_ctx):
    ctx = open_ctx()
    w = make_window(ctx)
    activate(qtbot, w)
    fr = w.first_run
    assert w.stack.currentWidget() is fr
    page = fr.profile_page
    assert fr.pages.currentWidget() is page and page.isVisible()
    assert not fr.add_button.isVisible() and not fr.demo_button.isVisible()
    assert page.timezone.currentText() == machine_zone_name()  # preset from the system
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.name)
    qtbot.keyClicks(page.name, "Ada Park")
    qtbot.keyClick(page.name, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is page.email
    qtbot.keyClicks(page.email, "ada.park@example.org")
    qtbot.keyClick(page.email, Qt.Key.Key_Tab)
    qtbot.keyClicks(page.phone, "+1 555 0100")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    profile = ctx.profile()
    assert (profile.name, profile.email, profile.phone, profile.linkedin) == (
        "Ada Park", "ada.park@example.org", "+1 555 0100", "")
    assert profile.timezone == machine_zone_name()
    assert fr.pages.currentWidget() is fr.welcome
    assert fr.add_button.isVisible() and fr.demo_button.isVisible()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is fr.add_button)


def test_a_missing_name_or_bad_email_is_said_next_to_the_field_and_nothing_is_saved(
        qtbot, make_window, open_ctx):
    ctx = open_ctx()
    w = make_window(ctx)
    activate(qtbot, w)
    page = w.first_run.profile_page
    _typed(qtbot, page.email, "not-an-address")
    _typed(qtbot, page.linkedin, "linkedin.com/in/ada")
    qtbot.keyClick(page.email, Qt.Key.Key_Return)
    assert ctx.profile().name == ""
    assert w.first_run.pages.currentWidget() is page
    shown = [f.reason_line.text() for f in page.fields if f.reason_line.isVisible()]
    assert any("Your name is required" in t for t in shown), shown
    assert any("https://" in t for t in shown), shown
    assert QApplication.focusWidget() is page.name  # the first problem


def test_the_profile_page_can_be_skipped_and_is_not_asked_again(qtbot, make_window, open_ctx,
                                                                tmp_path):
    ctx = open_ctx()
    w = make_window(ctx)
    activate(qtbot, w)
    fr = w.first_run
    qtbot.mouseClick(fr.profile_page.skip_button, Qt.MouseButton.LeftButton)
    assert fr.pages.currentWidget() is fr.welcome and fr.add_button.isVisible()
    assert ctx.profile().name == ""
    w.close()
    again = make_window(open_ctx())
    assert again.first_run.pages.currentWidget() is again.first_run.welcome


def test_a_profile_with_a_name_goes_straight_to_the_welcome(make_window, open_ctx):
    ctx = open_ctx()
    ctx.store.save_profile(Profile(name="Ada Park", email="ada@example.org"))
    w = make_window(ctx)
    assert w.first_run.pages.currentWidget() is w.first_run.welcome


def test_new_past_the_profile_page_counts_as_its_skip_and_the_composer_asks_for_the_name(
        qtbot, make_window, open_ctx, monkeypatch):
    from followup_desktop.records import Kind
    from followup_desktop.ui.composer.follow import NAME_BANNER
    from followup_desktop.ui.dialogs import ApplicationDialog

    ctx = open_ctx()
    w = make_window(ctx)
    activate(qtbot, w)
    fr = w.first_run
    assert fr.pages.currentWidget() is fr.profile_page

    def fill(dlg: ApplicationDialog) -> int:
        dlg.show()
        qtbot.waitExposed(dlg)
        _typed(qtbot, dlg.company, "Northwind Analytics")
        _typed(qtbot, dlg.role, "Data Engineer")
        _typed(qtbot, dlg.panel.rows[0].name, "Jonas Weber")
        _typed(qtbot, dlg.panel.rows[0].email, "jonas@northwind.example")
        qtbot.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)
        return int(dlg.result())

    monkeypatch.setattr(ApplicationDialog, "exec", fill)
    w.act_new.trigger()  # the toolbar's + New, or Ctrl+N
    assert len(ctx.applications()) == 1
    assert not profile_asked(ctx)  # it was the Skip: not asked again ...
    (thanks,) = [x for x in ctx.agenda(ctx.now()) if x.kind is Kind.THANK_YOU]
    w.refresh()
    assert w.show_followup(thanks.key)
    pane = w.composer  # ... and the composer asks for the name instead
    assert pane.name_banner.isVisible()
    assert pane.name_banner_label.text() == NAME_BANNER


def profile_asked(ctx) -> bool:  # type: ignore[no-untyped-def]
    from followup_desktop.ui.first_run import profile_wanted

    return profile_wanted(ctx)
