"""The user's mail account (IMAP): drafts into Drafts, sent notes and replies noticed.

Qt-free; :class:`MailAccount` takes the AppContext and opens its own connection.
"""

from followup_desktop.services.mail.account import PRESETS, Account, Preset
from followup_desktop.services.mail.errors import MailError, MailUnavailable
from followup_desktop.services.mail.service import PRIVACY, MailAccount, NeedPassword

__all__ = ["PRESETS", "PRIVACY", "Account", "MailAccount", "MailError", "MailUnavailable",
           "NeedPassword", "Preset"]
