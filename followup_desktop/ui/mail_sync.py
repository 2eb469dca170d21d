"""The mail sync in the window: its status-bar lines and the "what did the reply say?"
questions. The worker and the periodic sync themselves are
:mod:`followup_desktop.reminders.mail_sync` (QtCore only, beside the calendar's).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from followup_desktop.reminders.mail_sync import JOURNAL_KEY, MailRunner, MailSync


def install_mail_sync(ctx: Any, window: Any, scheduler: Any) -> MailSync:
    """The tray's mail sync: on the scheduler's re-checks; its line in the window's status
    bar; what it records refreshes the window (the store's revision changes)."""
    from PySide6.QtWidgets import QLabel

    runner = MailRunner(ctx, parent=window)
    sync = MailSync(ctx, runner, parent=window)
    scheduler.ticked.connect(sync.tick)
    scheduler.checked.connect(sync.tick)
    if hasattr(window, "statusBar"):
        label = QLabel(window)
        label.setAccessibleName("Mail account")
        label.setVisible(False)
        window.statusBar().addPermanentWidget(label)

        def show(text: str, detail: str) -> None:
            label.setText(text)
            label.setToolTip(detail or text)
            label.setVisible(bool(text))

        sync.status.connect(show)
        replies = QLabel(window)
        replies.setAccessibleName("Replies noticed in the mail")
        replies.setVisible(False)
        window.statusBar().addPermanentWidget(replies)
        window.mail_replies_label = replies
        replies.linkActivated.connect(lambda _link: ask_reply_meanings(ctx, window))

        def offer(_lines: object = None) -> None:
            if not ctx.store.get_value(JOURNAL_KEY, None):
                replies.setVisible(False)  # nothing recorded: no need of the mail code
                return
            from followup_desktop.services.mail.sync import unasked_replies

            waiting = unasked_replies(ctx)
            replies.setVisible(bool(waiting))
            if waiting:
                n = len(waiting)
                replies.setText(f"Mail: {n} repl{'y' if n == 1 else 'ies'} noticed — "
                                "<a href='#ask'>what did it say?</a>")

        sync.synced.connect(offer)
        offer()
    refresh = getattr(window, "refresh", None)
    if callable(refresh):
        sync.synced.connect(lambda lines: refresh() if lines else None)
    window.mail_runner = runner
    window.mail_sync = sync
    return sync


def ask_reply_meanings(ctx: Any, window: Any, *,
                       exec_dialog: Callable[[Any], int] | None = None) -> int:
    """For each reply the mail recorded: the reply dialog, set to its date and naming the
    message, asks what it said; the answer replaces the mail's record (undo undoes it).
    Returns how many were answered."""
    from PySide6.QtWidgets import QDialog

    from followup_desktop.services.mail.sync import (
        describe_cause,
        reply_answered,
        unasked_replies,
    )
    from followup_desktop.ui.dialogs._form import hint_label
    from followup_desktop.ui.dialogs._time import wall_qdatetime
    from followup_desktop.ui.dialogs.reply import ReplyDialog

    answered = 0
    for entry in unasked_replies(ctx):
        app_id = int(entry["application_id"])
        if ctx.application(app_id) is None:
            reply_answered(ctx, entry["id"], None)
            continue
        dlg = ReplyDialog(ctx, app_id, parent=window)
        at = dt.datetime.fromisoformat(entry["cause"]["date"])
        dlg.when.edit.setDateTime(wall_qdatetime(at, dlg.when.tz))
        dlg.layout().insertWidget(0, hint_label(
            "Noticed in your mail: " + describe_cause(entry["cause"], ctx), dlg))
        try:
            code = exec_dialog(dlg) if exec_dialog is not None else dlg.exec()
            saved = dlg.saved_id if code == QDialog.DialogCode.Accepted else None
        finally:
            dlg.deleteLater()
        reply_answered(ctx, entry["id"], saved)
        answered += saved is not None
    refresh = getattr(window, "refresh", None)
    if callable(refresh):
        refresh()
    label = getattr(window, "mail_replies_label", None)
    if label is not None:
        label.setVisible(False)
    return answered
