"""Issue 17 item 5: the New application dialog takes a whole panel -- add a row, remove a
row, choose the main contact, type each person's talking points -- in one go."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from followup_desktop.compose.checks import check_context, run_checks
from followup_desktop.drafting import drafts_for
from followup_desktop.records import Kind
from followup_desktop.ui.dialogs import ApplicationDialog
from tests.helpers import dialogs as support_dialogs
from tests.helpers.composer import make_pane
from tests.helpers.dialogs import OFFSCREEN_NOISE, click_save, focused, show, type_into

pytestmark = OFFSCREEN_NOISE
ctx = support_dialogs.ctx  # fixture

PANEL = [
    ("Dana Whitfield", "dana@northwind.example",
     "the move from nightly batches to streaming; the redesigned on-call rotation"),
    ("Lee Chen", "lee@northwind.example", "forecasting demand with sparse data"),
    ("Sam Okafor", "sam@northwind.example",
     "the schema registry rollout; code review across time zones"),
]


def _click(qtbot, button) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_a_panel_of_three_with_talking_points_in_one_dialog(qtbot, ctx):
    dlg = show(qtbot, ApplicationDialog(ctx))
    qtbot.keyClicks(dlg.company, "Northwind Analytics")
    qtbot.keyClicks(dlg.role, "Data Engineer")
    panel = dlg.panel
    # four rows: three people and one typed by mistake
    for _ in range(3):
        _click(qtbot, panel.add_button)
        assert focused() is panel.rows[-1].name  # a new row takes the focus
    assert len(panel.rows) == 4
    wrong = panel.rows[1]
    type_into(qtbot, wrong.name, "Someone Else")
    for row, (name, email, points) in zip([panel.rows[0], *panel.rows[2:]], PANEL,
                                          strict=True):
        type_into(qtbot, row.name, name)
        qtbot.keyClick(row.name, Qt.Key.Key_Tab)
        assert focused() is row.salutation  # right after the name
        qtbot.keyClick(focused(), Qt.Key.Key_Tab)
        assert focused() is row.email
        qtbot.keyClicks(row.email, email)
        qtbot.keyClick(row.email, Qt.Key.Key_Tab)
        assert focused() is row.points
        qtbot.keyClicks(row.points, points)
    _click(qtbot, wrong.remove)
    assert len(panel.rows) == 3 and wrong not in panel.rows
    assert [r.name.text() for r in panel.rows] == [p[0] for p in PANEL]
    assert panel.rows[0].main.isChecked()  # the first is the main contact ...
    _click(qtbot, panel.rows[2].main)  # ... until the user picks another
    assert panel.rows[2].main.isChecked() and not panel.rows[0].main.isChecked()
    click_save(qtbot, dlg)
    assert dlg.result() == QDialog.DialogCode.Accepted

    (app,) = ctx.applications()
    (iv,) = app.interviews
    got = [(p.person.name, p.person.email, p.talking_points, p.main_contact)
           for p in iv.participants]
    assert got == [
        ("Dana Whitfield", "dana@northwind.example",
         ("the move from nightly batches to streaming", "the redesigned on-call rotation"),
         False),
        ("Lee Chen", "lee@northwind.example", ("forecasting demand with sparse data",), False),
        ("Sam Okafor", "sam@northwind.example",
         ("the schema registry rollout", "code review across time zones"), True),
    ]
    # three signed, different notes, each using that person's own points
    windows = [w for w in ctx.agenda(ctx.now()) if w.kind is Kind.THANK_YOU]
    drafts = [d for w in windows for d in drafts_for(ctx, w)]
    assert sorted(d.to_name for d in drafts) == sorted(p[0] for p in PANEL)
    assert len({d.body for d in drafts}) == 3
    for d in drafts:
        cctx = check_context(d, app, ctx.profile(), ctx.settings(), ctx.now(), drafts)
        results = {r.id: r for r in run_checks(d, cctx)}
        for cid in ("personal", "panel", "signature", "subject", "placeholders", "voice"):
            assert results[cid].ok, (d.to_name, results[cid])


def test_a_duplicate_email_or_a_nameless_row_is_said_and_nothing_is_saved(qtbot, ctx):
    dlg = show(qtbot, ApplicationDialog(ctx))
    qtbot.keyClicks(dlg.company, "Northwind")
    qtbot.keyClicks(dlg.role, "Engineer")
    panel = dlg.panel
    _click(qtbot, panel.add_button)
    _click(qtbot, panel.add_button)
    a, b, c = panel.rows
    type_into(qtbot, a.name, "Dana Whitfield")
    type_into(qtbot, a.email, "dana@northwind.example")
    type_into(qtbot, b.name, "Lee Chen")
    type_into(qtbot, b.email, "Dana@northwind.example")
    type_into(qtbot, c.points, "the schema registry rollout")
    click_save(qtbot, dlg)
    assert ctx.store.load_applications() == []
    assert "Someone else in this round has this email" in b.fields[1].reason_line.text()
    assert "name" in c.fields[0].reason_line.text()
    assert dlg.isVisible()


def test_a_last_first_name_typed_in_the_dialog_is_stored_first_last(qtbot, ctx):
    dlg = show(qtbot, ApplicationDialog(ctx))
    qtbot.keyClicks(dlg.company, "Contoso")
    qtbot.keyClicks(dlg.role, "Engineer")
    type_into(qtbot, dlg.panel.rows[0].name, "Mueller, Katrin")
    type_into(qtbot, dlg.panel.rows[0].email, "katrin@contoso.example")
    click_save(qtbot, dlg)
    (app,) = ctx.applications()
    assert [p.name for p in app.people] == ["Katrin Mueller"]


def test_a_salutation_typed_in_the_row_greets_a_formal_round(qtbot, ctx):
    """The person's row has a salutation right after the name; a formal round's note then
    starts "Dear Dr. Mueller," -- not "Dear Katrin Mueller,"."""
    dlg = show(qtbot, ApplicationDialog(ctx))
    qtbot.keyClicks(dlg.company, "Contoso")
    qtbot.keyClicks(dlg.role, "Data Engineer")
    assert dlg.tone.currentData() == "formal"
    row = dlg.panel.rows[0]
    type_into(qtbot, row.name, "Katrin Mueller")  # QTest types ASCII only
    qtbot.keyClick(row.name, Qt.Key.Key_Tab)
    assert focused() is row.salutation
    qtbot.keyClicks(focused(), "Dr.")
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    assert focused() is row.email
    qtbot.keyClicks(focused(), "katrin@contoso.example")
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    qtbot.keyClicks(focused(), "the schema registry rollout")
    click_save(qtbot, dlg)
    assert dlg.result() == QDialog.DialogCode.Accepted
    (app,) = ctx.applications()
    assert [p.salutation for p in app.people] == ["Dr."]
    (window,) = [w for w in ctx.agenda(ctx.now()) if w.kind is Kind.THANK_YOU]
    pane = make_pane(qtbot, ctx, window)
    editor = pane.current_editor()
    assert editor is not None
    assert editor.body.toPlainText().startswith("Dear Dr. Mueller,")


def _tab(qtbot, back: bool = False) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(focused(), Qt.Key.Key_Backtab if back else Qt.Key.Key_Tab)


def test_a_panel_of_three_by_keyboard_alone(qtbot, ctx):
    """Type, Tab, Space and arrows only: the company, then three people with their talking
    points, the third the main contact, and Enter saves."""
    dlg = show(qtbot, ApplicationDialog(ctx))
    panel = dlg.panel
    assert focused() is dlg.company
    qtbot.keyClicks(focused(), "Northwind Analytics")
    _tab(qtbot)
    qtbot.keyClicks(focused(), "Data Engineer")
    for _ in range(3):  # role -> notes -> first-round box -> When
        _tab(qtbot)
    assert focused() is dlg.start.edit
    for _ in range(8):  # the date's sections, then on
        if focused() is not dlg.start.edit:
            break
        _tab(qtbot)
    assert [focused(), _tab(qtbot), focused(), _tab(qtbot), focused()] == [
        dlg.duration, None, dlg.format, None, dlg.tone]
    _tab(qtbot)
    for i, (name, email, points) in enumerate(PANEL):
        row = panel.rows[i]
        assert focused() is row.name, (i, focused())
        qtbot.keyClicks(focused(), name)
        _tab(qtbot)
        assert focused() is row.salutation
        if i == 1:
            qtbot.keyClicks(focused(), "Mr.")
        _tab(qtbot)
        assert focused() is row.email
        qtbot.keyClicks(focused(), email)
        _tab(qtbot)
        assert focused() is row.points
        qtbot.keyClicks(focused(), points)
        _tab(qtbot)
        for _ in range(3):  # past the main-contact choice and Remove
            if focused() is panel.add_button:
                break
            assert focused() in (row.main, row.remove), (i, focused().accessibleName())
            _tab(qtbot)
        assert focused() is panel.add_button, (i, focused().accessibleName())
        if i < len(PANEL) - 1:
            qtbot.keyClick(focused(), Qt.Key.Key_Space)  # Add person: the new row's name
    assert len(panel.rows) == 3
    mains = [r.main for r in panel.rows]
    for _ in range(3):  # Shift+Tab back to the main-contact choice
        _tab(qtbot, back=True)
        if focused() in mains:
            break
    for _ in range(4):  # Space picks the focused one, arrows move along the choice
        if focused() is mains[2]:
            qtbot.keyClick(focused(), Qt.Key.Key_Space)
            break
        qtbot.keyClick(focused(), Qt.Key.Key_Down)
    assert panel.rows[2].main.isChecked()
    assert focused() is panel.rows[2].main
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    assert dlg.result() == QDialog.DialogCode.Accepted
    (app,) = ctx.applications()
    (iv,) = app.interviews
    assert [(p.person.name, p.person.salutation, p.main_contact, len(p.talking_points))
            for p in iv.participants] == [
        ("Dana Whitfield", None, False, 2), ("Lee Chen", "Mr.", False, 1),
        ("Sam Okafor", None, True, 2)]
