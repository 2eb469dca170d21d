"""The user's mail account (IMAP): drafts into Drafts, sent notes and replies noticed.

Qt-free; :class:`MailAccount` takes the AppContext and opens its own connection.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from followup_desktop.lazy import lazy_names

if TYPE_CHECKING:
    from followup_desktop.services.mail.account import PRESETS, Account, Preset
    from followup_desktop.services.mail.errors import MailError, MailUnavailable
    from followup_desktop.services.mail.service import PRIVACY, MailAccount, NeedPassword

#: Where each name lives; a submodule loads when one of its names is first used. Asking
#: whether an account is set up (``services.mail.account``), which the window and the tray
#: do on every start and tick, must not load the IMAP service, its connection and ssl
#: (about 8 MB resident) when none is.
_MODULE_OF = {
    **dict.fromkeys(("PRESETS", "Account", "Preset"), "account"),
    **dict.fromkeys(("MailError", "MailUnavailable"), "errors"),
    **dict.fromkeys(("PRIVACY", "MailAccount", "NeedPassword"), "service"),
}

__all__ = ["PRESETS", "PRIVACY", "Account", "MailAccount", "MailError", "MailUnavailable",
           "NeedPassword", "Preset"]


__getattr__ = lazy_names(__name__, _MODULE_OF, globals())
