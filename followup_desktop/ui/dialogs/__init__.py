"""The editing dialogs: an application, one round, its debrief, and the settings.

Each takes the :class:`~followup_desktop.context.AppContext` first, saves everything in
one store transaction on *Save* (never half), marks wrong values at the field with the
reason, and sets ``saved_id`` after a successful save where it applies::

    dlg = InterviewDialog(ctx, app_id, interview_id=None, parent=window)
    if dlg.exec():
        select(dlg.saved_id)
"""

from followup_desktop.ui.dialogs.application import ApplicationDialog
from followup_desktop.ui.dialogs.debrief import DebriefDialog
from followup_desktop.ui.dialogs.interview import InterviewDialog
from followup_desktop.ui.dialogs.settings import SettingsDialog

__all__ = ["ApplicationDialog", "DebriefDialog", "InterviewDialog", "SettingsDialog"]
