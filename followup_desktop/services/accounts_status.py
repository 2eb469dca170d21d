"""One way to say "no account is set up", for the mail account and the calendar account.

The exit status follows the command line's rule (``interchange.md``: an error a user can
cause is one line on stderr and a non-zero exit):

- ``status`` and ``forget`` with no account are no error: they say so on standard output
  (:func:`no_account_line`, :func:`nothing_to_forget_line`) and exit 0;
- an action that needs the account (``mail push``, ``mail sync``, ``calendar-account
  sync``) fails: :func:`needs_account_error` is its one line on stderr, exit 1.

Each names the command that sets the account up and the window's page for it; the two
settings pages say :func:`no_account_here`.
"""

from __future__ import annotations

from typing import Literal, NamedTuple

AccountKind = Literal["mail", "calendar"]


class _Account(NamedTuple):
    noun: str     # "mail account"
    setup: str    # the command that sets it up
    page: str     # where the window does the same


_ACCOUNTS: dict[str, _Account] = {
    "mail": _Account("mail account", "followup-desktop mail setup --host HOST --user USER",
                     "Settings › Mail account"),
    "calendar": _Account("calendar account",
                         "followup-desktop calendar-account setup --url URL --user USER",
                         "Settings › Calendar account"),
}


def no_account_here(kind: AccountKind) -> str:
    """What the account's own settings page says with no account (the page is where one
    is added: no command to name)."""
    return f"No {_ACCOUNTS[kind].noun} is set up."


def no_account_line(kind: AccountKind) -> str:
    """``status`` with no account (standard output, exit 0)."""
    a = _ACCOUNTS[kind]
    return f"{no_account_here(kind)} Add one with: {a.setup} (or {a.page})."


def nothing_to_forget_line(kind: AccountKind) -> str:
    """``forget`` with no account (standard output, exit 0)."""
    return f"No {_ACCOUNTS[kind].noun} is set up; there is nothing to forget."


def needs_account_error(kind: AccountKind) -> str:
    """An action that needs the account, with none set up (one line on stderr, exit 1)."""
    a = _ACCOUNTS[kind]
    return f"no {a.noun} is set up: first run {a.setup} (or {a.page})"
