"""SettingsDialog: generated from SPECS, restore defaults, one transaction for everything."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QDialog, QDoubleSpinBox, QSpinBox

from followup_desktop.settings import SPECS, Settings
from followup_desktop.store import StoreError
from followup_desktop.ui.dialogs import SettingsDialog
from tests.helpers import dialogs as support_dialogs
from tests.helpers.dialogs import (
    OFFSCREEN_NOISE,
    click_save,
    focused,
    show,
    type_into,
)

pytestmark = OFFSCREEN_NOISE
ctx = support_dialogs.ctx  # fixture
warnings = support_dialogs.warnings  # fixture


def test_a_tab_and_an_editor_for_every_spec(qtbot, ctx):
    dlg = show(qtbot, SettingsDialog(ctx))
    groups = list(dict.fromkeys(s.group for s in SPECS))
    titles = [dlg.tabs.tabText(i) for i in range(dlg.tabs.count())]
    assert titles == ["&Profile", *groups, "Calendar &account"]
    assert set(dlg.editors) == {s.key for s in SPECS}
    for spec in SPECS:
        ed = dlg.editors[spec.key]
        page = dlg.tabs.widget(dlg.group_tabs[spec.group])
        assert page.isAncestorOf(ed), spec.key
        assert ed.accessibleName() == spec.label
        if spec.type is bool:
            assert isinstance(ed, QCheckBox) and ed.text() == spec.label
            continue
        assert isinstance(ed, QDoubleSpinBox if spec.type is float else QSpinBox)
        assert (ed.minimum(), ed.maximum()) == (spec.min, spec.max)
        assert ed.suffix() == (f" {spec.unit}" if spec.unit else "")
        assert ed.value() == spec.default
        box = ed.parentWidget()
        label = box.parentWidget().layout().labelForField(box)
        assert label.text() == spec.label + ":" and label.buddy() is ed


def test_profile_and_settings_are_saved(qtbot, ctx):
    dlg = show(qtbot, SettingsDialog(ctx))
    assert focused() is dlg.name
    type_into(qtbot, dlg.name, "Ada Lovelace Park")
    qtbot.keyClick(dlg.name, Qt.Key.Key_Tab)
    assert focused() is dlg.email
    type_into(qtbot, dlg.email, "ada@example.org")
    type_into(qtbot, dlg.phone, "+1 555 0100")
    type_into(qtbot, dlg.linkedin, "https://www.linkedin.com/in/ada")
    type_into(qtbot, dlg.signature, "Best,")
    qtbot.keyClick(dlg.signature, Qt.Key.Key_Return)
    qtbot.keyClicks(dlg.signature, "Ada")
    type_into(qtbot, dlg.timezone.lineEdit(), "America/New_York")
    dlg.tabs.setCurrentIndex(dlg.group_tabs["Schedule"])
    type_into(qtbot, dlg.editors["thank_you_due_hours"], "12")
    dlg.editors["panel_similarity"].setValue(0.9)
    dlg.tabs.setCurrentIndex(dlg.group_tabs["Reminders"])
    qtbot.mouseClick(dlg.editors["reminders_paused"], Qt.MouseButton.LeftButton)
    click_save(qtbot, dlg)

    assert dlg.result() == QDialog.DialogCode.Accepted
    p = ctx.store.profile()
    assert (p.name, p.email, p.phone, p.linkedin, p.signature, p.timezone) == (
        "Ada Lovelace Park", "ada@example.org", "+1 555 0100",
        "https://www.linkedin.com/in/ada", "Best,\nAda", "America/New_York")
    s = ctx.store.settings()
    assert s.thank_you_due_hours == 12
    assert s.panel_similarity == pytest.approx(0.9)
    assert s.reminders_paused is True
    assert s.no_response_days == Settings().no_response_days


def test_restore_defaults_resets_the_numbers_not_the_profile_or_own_choices(qtbot, ctx):
    """The button promises the schedule's numbers; it once also turned start-at-login off
    (and the tray then removed the login entry) and lifted a pause."""
    ctx.store.save_settings(Settings(thank_you_due_hours=10, snooze_minutes=15,
                                     reminders_paused=True, start_at_login=True,
                                     panel_similarity=0.6))
    dlg = show(qtbot, SettingsDialog(ctx))
    assert dlg.editors["thank_you_due_hours"].value() == 10
    type_into(qtbot, dlg.name, "Someone Else")
    qtbot.mouseClick(dlg.restore_button, Qt.MouseButton.LeftButton)
    own = {"start_at_login", "reminders_paused"}
    for spec in SPECS:
        ed = dlg.editors[spec.key]
        value = ed.isChecked() if isinstance(ed, QCheckBox) else ed.value()
        assert value == (True if spec.key in own else spec.default), spec.key
    assert dlg.name.text() == "Someone Else"
    click_save(qtbot, dlg)
    assert ctx.store.settings() == Settings(reminders_paused=True, start_at_login=True)


def test_invalid_profile_email_blocks_everything(qtbot, ctx):
    dlg = show(qtbot, SettingsDialog(ctx))
    dlg.editors["snooze_minutes"].setValue(30)
    type_into(qtbot, dlg.email, "ada.example.org")
    assert dlg._fields[1].reason_line.text().startswith("Not a valid email address.")
    dlg.tabs.setCurrentIndex(dlg.group_tabs["Reminders"])
    click_save(qtbot, dlg)
    assert dlg.result() != QDialog.DialogCode.Accepted
    assert dlg.tabs.currentIndex() == 0 and focused() is dlg.email
    assert ctx.store.settings().snooze_minutes == Settings().snooze_minutes
    assert ctx.store.profile().email == "ada@example.org"


def test_unknown_time_zone_is_marked(qtbot, ctx):
    dlg = show(qtbot, SettingsDialog(ctx))
    type_into(qtbot, dlg.timezone.lineEdit(), "Mars/Olympus")
    click_save(qtbot, dlg)
    field = next(f for f in dlg.fields() if f.widget is dlg.timezone)
    assert field.reason_line.text().startswith("Unknown time zone 'Mars/Olympus'.")
    assert focused() is dlg.timezone
    assert ctx.store.profile().timezone == "Europe/Berlin"


def test_time_zone_completer_finds_part_of_a_name(qtbot, ctx):
    dlg = show(qtbot, SettingsDialog(ctx))
    completer = dlg.timezone.completer()
    completer.setCompletionPrefix("york")
    matches = [completer.completionModel().index(i, 0).data()
               for i in range(completer.completionCount())]
    assert "America/New_York" in matches


def test_related_settings_stay_in_order(qtbot, ctx):
    dlg = show(qtbot, SettingsDialog(ctx))
    dlg.tabs.setCurrentIndex(dlg.group_tabs["Schedule"])
    dlg.editors["work_day_start_hour"].setValue(18)
    field = next(f for f in dlg.fields() if f.widget is dlg.editors["work_day_end_hour"])
    assert field.reason_line.text() == "Working hours must end after they start."
    click_save(qtbot, dlg)
    assert focused() is dlg.editors["work_day_end_hour"]
    assert ctx.store.settings().work_day_start_hour == 9
    dlg.editors["work_day_end_hour"].setValue(20)
    assert field.reason_line.text() == ""
    click_save(qtbot, dlg)
    assert ctx.store.settings().work_day_end_hour == 20


def test_profile_and_settings_are_one_transaction(qtbot, ctx, warnings, monkeypatch):
    dlg = show(qtbot, SettingsDialog(ctx))
    type_into(qtbot, dlg.name, "Changed Name")

    def fail(_settings):
        raise StoreError("Not saved: the disk is full.")

    monkeypatch.setattr(ctx.store, "save_settings", fail)
    click_save(qtbot, dlg)
    assert warnings == ["Not saved: the disk is full."]
    assert dlg.isVisible()
    assert ctx.store.profile().name == "Ada Park"  # the profile write was rolled back
