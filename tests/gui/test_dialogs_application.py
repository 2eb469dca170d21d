"""ApplicationDialog driven like a user: type, tab, click Save; then read the store."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QDateTime, Qt, QTime, QTimeZone
from PySide6.QtWidgets import QDialog

from followup_desktop.records import ApplicationSpec, Format
from followup_desktop.store import StoreError
from followup_desktop.ui.dialogs import ApplicationDialog
from tests.helpers import dialogs as support_dialogs
from tests.helpers.dialogs import (
    OFFSCREEN_NOISE,
    UTC,
    click_save,
    focused,
    show,
    type_into,
)

pytestmark = OFFSCREEN_NOISE
ctx = support_dialogs.ctx  # fixture
warnings = support_dialogs.warnings  # fixture


def test_new_application_with_first_round_saves_in_one_go(qtbot, ctx):
    dlg = show(qtbot, ApplicationDialog(ctx))
    assert focused() is dlg.company
    qtbot.keyClicks(dlg.company, "Northwind Analytics")
    qtbot.keyClick(dlg.company, Qt.Key.Key_Tab)
    assert focused() is dlg.role
    qtbot.keyClicks(dlg.role, "Data Engineer")
    # 10:30 on 2 March in Berlin (UTC+1) is 09:30 UTC.
    dlg.start.edit.setDateTime(QDateTime(QDate(2026, 3, 2), QTime(10, 30), QTimeZone.utc()))
    dlg.format.setCurrentIndex(dlg.format.findData("onsite"))
    type_into(qtbot, dlg.person_name, "Dana Whitfield")
    type_into(qtbot, dlg.person_email, "Dana.Whitfield@Northwind.example")
    click_save(qtbot, dlg)

    assert dlg.result() == QDialog.DialogCode.Accepted
    (app,) = ctx.store.load_applications()
    assert dlg.saved_id == app.id
    assert (app.company, app.role) == ("Northwind Analytics", "Data Engineer")
    (r,) = app.interviews
    assert r.start == dt.datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
    assert r.format is Format.ONSITE
    assert r.duration_minutes == 60
    (p,) = r.participants
    assert p.person.name == "Dana Whitfield" and p.main_contact
    assert p.person.email == "Dana.Whitfield@northwind.example"  # domain normalized


def test_first_round_can_be_left_out(qtbot, ctx):
    dlg = show(qtbot, ApplicationDialog(ctx))
    qtbot.keyClicks(dlg.company, "Contoso")
    qtbot.keyClicks(dlg.role, "Analyst")
    dlg.first_round.setChecked(False)
    click_save(qtbot, dlg)
    (app,) = ctx.store.load_applications()
    assert app.interviews == ()


def test_empty_company_is_refused_at_the_field(qtbot, ctx):
    dlg = show(qtbot, ApplicationDialog(ctx))
    assert not dlg._fields[0].reason_line.isVisible()  # no complaints on open
    qtbot.keyClicks(dlg.role, "Data Engineer")
    click_save(qtbot, dlg)
    assert dlg.result() != QDialog.DialogCode.Accepted
    assert dlg.isVisible()
    assert dlg._fields[0].reason_line.text() == "Company is required."
    assert "Company" in dlg.summary.text()
    assert focused() is dlg.company
    assert ctx.store.load_applications() == []


def test_email_is_checked_as_typed_and_blocks_saving(qtbot, ctx):
    dlg = show(qtbot, ApplicationDialog(ctx))
    qtbot.keyClicks(dlg.company, "Northwind")
    qtbot.keyClicks(dlg.role, "Engineer")
    type_into(qtbot, dlg.person_name, "Dana")
    type_into(qtbot, dlg.person_email, "dana.northwind.example")
    email_field = dlg.panel.rows[0].fields[1]
    # The reason shows while typing, before any save attempt.
    assert "@" in email_field.reason_line.text()
    assert email_field.reason_line.isVisible()
    click_save(qtbot, dlg)
    assert ctx.store.load_applications() == []
    assert focused() is dlg.person_email
    # Fixing it clears the reason and lets the save through.
    type_into(qtbot, dlg.person_email, "dana@northwind.example")
    assert email_field.reason_line.text() == ""
    click_save(qtbot, dlg)
    assert dlg.result() == QDialog.DialogCode.Accepted
    assert len(ctx.store.load_applications()) == 1


def test_an_email_needs_a_name(qtbot, ctx):
    dlg = show(qtbot, ApplicationDialog(ctx))
    qtbot.keyClicks(dlg.company, "Northwind")
    qtbot.keyClicks(dlg.role, "Engineer")
    type_into(qtbot, dlg.person_email, "dana@northwind.example")
    click_save(qtbot, dlg)
    assert ctx.store.load_applications() == []
    assert "name" in dlg.panel.rows[0].fields[0].reason_line.text()


def test_edit_existing_application(qtbot, ctx):
    app_id = ctx.store.add_application(ApplicationSpec("Northwind", "Engineer", notes="n"))
    dlg = show(qtbot, ApplicationDialog(ctx, app_id))
    assert dlg.first_round is None
    assert dlg.company.text() == "Northwind"
    type_into(qtbot, dlg.role, "Staff Engineer")
    click_save(qtbot, dlg)
    assert dlg.saved_id == app_id
    app = ctx.store.load_application(app_id)
    assert (app.company, app.role, app.notes) == ("Northwind", "Staff Engineer", "n")


def test_store_error_is_shown_in_plain_words_and_the_dialog_stays(qtbot, ctx, warnings,
                                                                  monkeypatch):
    def fail(_spec):
        raise StoreError("Not saved: the disk is full.")

    monkeypatch.setattr(ctx.store, "add_application", fail)
    dlg = show(qtbot, ApplicationDialog(ctx))
    qtbot.keyClicks(dlg.company, "Northwind")
    qtbot.keyClicks(dlg.role, "Engineer")
    click_save(qtbot, dlg)
    assert warnings == ["Not saved: the disk is full."]
    assert dlg.isVisible() and dlg.result() != QDialog.DialogCode.Accepted
    assert dlg.company.text() == "Northwind"  # nothing typed is lost


def test_tab_order_follows_the_layout(qtbot, ctx):
    dlg = show(qtbot, ApplicationDialog(ctx))
    order = [focused()]
    for _ in range(4):
        qtbot.keyClick(focused(), Qt.Key.Key_Tab)
        order.append(focused())
    assert order == [dlg.company, dlg.role, dlg.notes, dlg.first_round, dlg.start.edit]


def test_every_control_has_an_accessible_name(qtbot, ctx):
    from PySide6.QtWidgets import QAbstractButton, QComboBox, QLineEdit, QPlainTextEdit

    dlg = show(qtbot, ApplicationDialog(ctx))
    controls = [w for cls in (QLineEdit, QPlainTextEdit, QComboBox, QAbstractButton)
                for w in dlg.findChildren(cls)
                if w.isVisibleTo(dlg) and not isinstance(w.parent(), QComboBox)]
    assert controls
    unnamed = [w for w in controls if not w.accessibleName()
               and not (isinstance(w, QLineEdit) and isinstance(w.parent(), QComboBox | type(None)))
               and w.objectName() != "qt_spinbox_lineedit"]
    assert unnamed == []
