"""``followup-desktop calendar-account setup|sync|status|forget|invites|add-invite``.

The password is read from standard input when it is not a terminal (one line), else
asked for without echo; it goes to the system keyring (``--session-only``: kept for this
one command). A ``sync`` whose password is not in a keyring reads it the same way.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any


def add_parser(sub: Any) -> None:
    p = sub.add_parser("calendar-account",
                       help="keep the plan in your CalDAV calendar (setup, sync, status, "
                            "forget)")
    acts = p.add_subparsers(dest="action", metavar="ACTION")
    acts.required = True
    s = acts.add_parser("setup", help="log in, find or create the calendar, and save the "
                                      "account (the password from standard input, or asked)")
    s.add_argument("--url", required=True, help="the server's address (a bare host is "
                                                "looked up through /.well-known/caldav)")
    s.add_argument("--user", required=True)
    s.add_argument("--calendar", metavar="NAME", default=None,
                   help="the calendar to use (default \"Followup\", created if missing)")
    s.add_argument("--ca-file", metavar="PEM", default=None,
                   help="trust this CA certificate (a self-hosted server)")
    s.add_argument("--session-only", action="store_true",
                   help="keep the password for this command only, not in the keyring")
    s.add_argument("--invites", action="store_true",
                   help="also read your main calendar for interview invites to offer")
    y = acts.add_parser("sync", help="make the calendar hold exactly the pending windows")
    y.add_argument("--at", metavar="ISO", help="as of this date-time (default: now)")
    acts.add_parser("status", help="the account, the calendar, the last sync")
    acts.add_parser("forget", help="remove the account's settings and its password")
    acts.add_parser("invites", help="the interview invites waiting for a yes or no")
    a = acts.add_parser("add-invite", help="add an offered invite as a new round")
    a.add_argument("uid", metavar="UID")
    d = acts.add_parser("dismiss-invite", help="do not offer this invite again")
    d.add_argument("uid", metavar="UID")


def read_password(prompt: str = "Password: ") -> str:
    """One line from standard input when it is not a terminal, else asked without echo."""
    if sys.stdin is None:
        return ""
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    import getpass

    return getpass.getpass(prompt)


def run(ctx: Any, args: argparse.Namespace) -> str:
    """One action; a :class:`CalendarAccountError` is the command line's one-line error."""
    from followup_desktop.services import calendar_account as ca

    return _run(ctx, args, ca)


def _run(ctx: Any, args: argparse.Namespace, ca: Any) -> str:
    from followup_desktop.services import accounts_status
    from followup_desktop.services.calendar_account import account, invites

    if args.action == "setup":
        if not args.session_only and not _secure_keyring():
            raise ca.CalendarAccountError(
                "No secure system keyring is available to keep the password: add "
                "--session-only to keep it for this command only (the next command asks "
                "again).")
        password = read_password(f"Password for {args.user}: ")
        result = ca.setup_account(ctx, url=args.url, user=args.user, password=password,
                                  calendar=args.calendar, ca_file=args.ca_file,
                                  session_only=args.session_only, invites=args.invites)
        return result.describe()
    if args.action == "sync":
        config = ca.load_config(ctx)
        if config is None:
            raise ca.CalendarAccountError(accounts_status.needs_account_error("calendar"))
        password = account.password_for(config)
        if password is None:
            password = read_password(f"Password for {config.user}: ") or None
        lines: list[str] = []
        report = ca.sync_account(ctx, password=password, progress=lines.append)
        lines += [f"invite: {t}" for t in report.offers]
        if report.offers:
            lines.append("Add one with: calendar-account add-invite UID "
                         "(calendar-account invites lists them)")
        return "\n".join([*lines, report.summary()])
    if args.action == "status":
        return "\n".join(ca.status_lines(ctx))
    if args.action == "forget":
        return ca.forget_account(ctx)
    if args.action == "invites":
        offers = invites.pending_offers(ctx)
        if not offers:
            return "No invites waiting."
        return "\n".join(f"{o['uid']}: {o['text']}" for o in offers)
    if args.action == "add-invite":
        return invites.add_offer(ctx, args.uid)
    if args.action == "dismiss-invite":
        invites.dismiss_offer(ctx, args.uid)
        return f"Invite {args.uid} will not be offered again."
    raise ca.CalendarAccountError(f"unknown action {args.action}")  # pragma: no cover


def _secure_keyring() -> bool:
    from followup_desktop.services.calendar_account.account import _secrets

    try:
        return bool(_secrets().secure_backend())
    except Exception:
        return False
