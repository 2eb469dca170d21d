"""Item 5 of issue 23: an invite with several meetings is one preview, not one modal
dialog per meeting."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from followup_desktop.clock import fixed_clock
from followup_desktop.context import AppContext
from followup_desktop.paths import Paths
from followup_desktop.records import Profile
from followup_desktop.services.imports import read_invite
from followup_desktop.ui.invite_list_dialog import InviteListDialog
from tests.hostile.invites import calendar, event, meetings

NOW = dt.datetime(2026, 1, 5, 12, 0, tzinfo=dt.UTC)


@pytest.fixture
def ctx(tmp_path: Path) -> Iterator[AppContext]:
    context = AppContext.open(Paths.for_data_dir(tmp_path / "data"), clock=fixed_clock(NOW))
    context.store.save_profile(Profile(name="Ada Park", email="ada@example.com",
                                       timezone="Europe/Berlin"))
    yield context
    context.close()


def _guesses(ctx: AppContext, tmp_path: Path, text: str) -> list:
    f = tmp_path / "invite.ics"
    f.write_text(text, encoding="utf-8")
    return read_invite(ctx, f)


def test_several_meetings_are_one_table_and_the_ticked_ones_are_saved(
        qtbot: Any, ctx: AppContext, tmp_path: Path) -> None:
    guesses = _guesses(ctx, tmp_path, meetings(5))
    dialog = InviteListDialog(ctx, guesses, file_name="invite.ics")
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 5
    assert "invite.ics holds 5 meetings" in dialog.header.text()
    dialog.table.item(1, dialog.COL_TAKE).setCheckState(Qt.CheckState.Unchecked)
    dialog.table.item(0, dialog.COL_ROLE).setText("Staff Data Engineer")
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == dialog.DialogCode.Accepted
    apps = ctx.applications()
    assert sorted((a.role, len(a.interviews)) for a in apps) == [
        ("Data Engineer", 3), ("Staff Data Engineer", 1)]


def test_a_cancelled_meeting_is_listed_greyed_and_never_saved(
        qtbot: Any, ctx: AppContext, tmp_path: Path) -> None:
    text = calendar(event("a") + event("b", extra="STATUS:CANCELLED\r\n",
                                       start=":20260319T140000Z"))
    dialog = InviteListDialog(ctx, _guesses(ctx, tmp_path, text))
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 2
    take = dialog.table.item(1, dialog.COL_TAKE)
    assert take.flags() == Qt.ItemFlag.NoItemFlags
    assert "Cancelled" in dialog.table.item(1, dialog.COL_NOTES).text()
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    [app] = ctx.applications()
    assert len(app.interviews) == 1


def test_a_meeting_without_a_company_must_be_filled_in_or_unticked(
        qtbot: Any, ctx: AppContext, tmp_path: Path) -> None:
    text = meetings(2).replace("SUMMARY:Interview - Northwind - Data Engineer",
                               "SUMMARY:Chat", 1).replace("northwind.example", "gmail.com", 1)
    dialog = InviteListDialog(ctx, _guesses(ctx, tmp_path, text))
    qtbot.addWidget(dialog)
    row = next(r for r in range(2) if not dialog.table.item(r, dialog.COL_COMPANY).text())
    dialog.table.item(row, dialog.COL_TAKE).setCheckState(Qt.CheckState.Checked)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert dialog.error.isVisibleTo(dialog) and "Fill in the company" in dialog.error.text()
    assert ctx.applications() == []
    dialog.table.item(row, dialog.COL_COMPANY).setText("Contoso")
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert sorted(a.company for a in ctx.applications()) == ["Contoso", "Northwind"]
