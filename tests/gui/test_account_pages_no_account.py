"""Settings › Mail account and Settings › Calendar account, with no account set up, say so
in the same words (one sentence, made in one place: services/accounts_status.py)."""

from __future__ import annotations

from typing import Any

import pytest

from followup_desktop.services.accounts_status import no_account_here, no_account_line

pytestmark = pytest.mark.qt_log_ignore(
    r"This plugin does not support (propagateSizeHints|raise|grabbing the keyboard)")


def test_both_pages_say_no_account_alike(qtbot: Any, demo_ctx: Any) -> None:
    from followup_desktop.ui.dialogs.calendar_account import CalendarAccountPage
    from followup_desktop.ui.dialogs.mail_account import MailAccountDialog

    mail = MailAccountDialog(demo_ctx)
    qtbot.addWidget(mail)
    calendar = CalendarAccountPage(demo_ctx)
    qtbot.addWidget(calendar)
    assert mail.current.text() == "No mail account is set up."
    assert calendar.status.text() == "No calendar account is set up."
    # the same sentence as the command line's `status` begins with
    for kind, text in (("mail", mail.current.text()), ("calendar", calendar.status.text())):
        assert text == no_account_here(kind) and no_account_line(kind).startswith(text)
