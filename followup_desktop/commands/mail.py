"""``followup-desktop mail ...``: the mail account from a terminal (``interchange.md``).

One line per draft, record or suggestion; every failure is one line on stderr (the
:class:`MailError` the command line prints) and a non-zero exit status.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from typing import Any

from followup_desktop.context import AppContext


def add_mail_parser(sub: Any) -> None:
    p = sub.add_parser("mail", help="the mail account: drafts into Drafts, sent notes and "
                                    "replies noticed")
    mail = p.add_subparsers(dest="mail_command", metavar="ACTION", required=True)
    s = mail.add_parser("setup", help="connect the account (the login is tested first)")
    s.add_argument("--host", required=True, help="the IMAP server, e.g. imap.gmail.com")
    s.add_argument("--port", type=int, default=None, help="default 993 (tls), 143 (starttls)")
    s.add_argument("--user", required=True, help="the login, usually your email address")
    s.add_argument("--security", default="tls", help="tls (default) or starttls; plain text "
                                                     "is refused")
    s.add_argument("--ca-file", metavar="PEM", help="trust this CA certificate too")
    s.add_argument("--session-only", action="store_true",
                   help="keep the password in memory for this command only")
    p_push = mail.add_parser("push", help="put every open email window's draft in Drafts")
    p_push.add_argument("--at", metavar="ISO")
    p_sync = mail.add_parser("sync", help="notice sent follow-ups and replies in new mail")
    p_sync.add_argument("--at", metavar="ISO")
    mail.add_parser("status", help="the account, its folders, the last sync, suggestions")
    mail.add_parser("forget", help="remove the account's settings and keyring entry")
    for name, text in (("undo", "undo a recorded change"),
                       ("confirm", "record a suggestion: yes, that was it"),
                       ("dismiss", "drop a suggestion: no, it was not")):
        q = mail.add_parser(name, help=text)
        q.add_argument("id", type=int, metavar="N", help="the [N] of `mail status`")


def read_password(prompt: str) -> str:
    """The password from standard input when it is not a terminal, else asked without
    echo. The first line only, without its line break."""
    if sys.stdin is None:
        return ""
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    import getpass

    return getpass.getpass(prompt)


def cmd_mail(ctx: AppContext, args: argparse.Namespace, now: dt.datetime) -> str:
    from followup_desktop.services.mail import MailAccount, MailError, NeedPassword

    mail = MailAccount(ctx)
    action = args.mail_command
    if action == "setup":
        password = read_password(f"Password for {args.user} at {args.host}: ")
        result = mail.setup(host=args.host, user=args.user, password=password,
                            port=args.port, security=args.security, ca_file=args.ca_file,
                            session_only=args.session_only)
        return "\n".join(result.lines)
    if action in ("push", "sync"):
        account = mail.account()
        password = None
        if account is not None:
            try:
                mail.password(account)
            except NeedPassword:
                password = read_password(f"Password for {account.user} at {account.host}: ")
                if not password:
                    raise MailError(f"no password for {account.user} at {account.host}: the "
                                    "system keyring has none; give it on standard input"
                                    ) from None
        if action == "push":
            lines = mail.push(now, password=password)
            return "\n".join(lines) or "nothing to push: no open email window has a draft"
        lines = mail.sync(now, password=password)
        return "\n".join(lines) or "nothing new"
    if action == "status":
        return "\n".join(mail.status())
    if action == "forget":
        return "\n".join(mail.forget())
    if action == "undo":
        return mail.undo(args.id)
    if action == "confirm":
        return mail.confirm(args.id)
    if action == "dismiss":
        return mail.dismiss(args.id)
    raise MailError(f"unknown mail action {action}")  # pragma: no cover - argparse guards
