"""A real Dovecot IMAP server for tests, on 127.0.0.1 and random high ports.

Each server has its own folder under ``/tmp`` (mode 0755: the login and mail processes,
which are not root, must traverse it; pytest's 0700 ``tmp_path`` will not do), its own
config, a passwd-file with one user and a known password, TLS on the IMAPS port with a
certificate the test made (a CA and the server certificate it signed, or a self-signed
one) and STARTTLS on a second port. Run as root (as CI is), the login processes run as
``dovenull`` and the mail as ``nobody``; as anyone else, everything runs as that user.

It is started with ``dovecot -F`` and stopped by that process id; ready when a connection
to its port gets the greeting (about 0.1 s after start; measured, never slept for).

Layouts (``layout=``): ``"plain"`` (INBOX, Drafts, Sent, Trash, Junk with their special-use
flags), ``"gmail"`` (``[Gmail]/Drafts``, ``[Gmail]/Sent Mail``, ``[Gmail]/All Mail`` ...),
``"localised"`` (``Entwürfe`` and ``Gesendet`` with no special-use flag: found by name),
``"bare"`` (INBOX only: the missing-folder case).
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import pwd
import shutil
import signal
import socket
import ssl
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.helpers.certs import ServerCert, make_server_cert

USER = "ada@example.org"
PASSWORD = "correct horse battery staple"
SPARE_USERS = 400


def spare_user(n: int) -> str:
    return f"user{n}@example.org"

LAYOUTS: dict[str, tuple[tuple[str, str | None], ...]] = {
    "plain": (("Drafts", "\\Drafts"), ("Sent", "\\Sent"), ("Trash", "\\Trash"),
              ("Junk", "\\Junk")),
    "gmail": (("[Gmail]/Drafts", "\\Drafts"), ("[Gmail]/Sent Mail", "\\Sent"),
              ("[Gmail]/All Mail", "\\All"), ("[Gmail]/Spam", "\\Junk"),
              ("[Gmail]/Trash", "\\Trash"), ("[Gmail]/Starred", "\\Flagged")),
    "localised": (("Entwürfe", None), ("Gesendet", None), ("Papierkorb", None)),
    "bare": (),
}


@dataclass
class Dovecot:
    root: Path
    port: int  #: IMAPS (TLS from the first byte)
    starttls_port: int  #: plain IMAP that requires STARTTLS before login
    cert: ServerCert
    layout: str
    process: subprocess.Popen[bytes]
    user: str = USER
    password: str = PASSWORD
    host: str = "127.0.0.1"
    _next: list[int] = dataclasses.field(default_factory=lambda: [0], repr=False)

    @property
    def log(self) -> str:
        path = self.root / "dovecot.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def client(self, *, folder: str | None = None):  # type: ignore[no-untyped-def]
        """A plain IMAPClient logged in over TLS: "another client" the test acts as."""
        from imapclient import IMAPClient

        context = ssl.create_default_context(cafile=str(self.cert.ca))
        imap = IMAPClient(self.host, port=self.port, ssl=True, ssl_context=context,
                          timeout=30)
        imap.login(self.user, self.password)
        if folder is not None:
            imap.select_folder(folder)
        return imap

    def fresh_user(self) -> Dovecot:
        """The same server seen as a new user with an empty mailbox: tests share a server,
        not a mailbox. (The users are all written at start: Dovecot notices a changed
        passwd-file by its mtime, in whole seconds.)"""
        self._next[0] += 1
        if self._next[0] > SPARE_USERS:
            pytest.fail(f"more than {SPARE_USERS} users asked of one Dovecot fixture")
        return dataclasses.replace(self, user=spare_user(self._next[0]))

    def imap_pids(self) -> list[int]:
        """Process ids of the per-connection ``imap`` processes of this server."""
        found = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
                cmd = (entry / "cmdline").read_bytes().split(b"\0")[0]
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            # titled "<instance_name>/imap [...]"; not imap-login
            if ppid == self.process.pid and cmd.split(b" ")[0].endswith(b"/imap"):
                found.append(int(entry.name))
        return found

    def drop_connections(self) -> int:
        """Kill every open IMAP session of this server (a server that closes mid-way)."""
        pids = self.imap_pids()
        for pid in pids:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        return len(pids)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _config(root: Path, port: int, starttls_port: int, cert: ServerCert, layout: str,
            *, plain_auth: bool) -> str:
    if os.geteuid() == 0:
        login_user, mail_user, mail_group = "dovenull", "nobody", "nogroup"
        internal = "dovenull"
    else:
        me = pwd.getpwuid(os.geteuid())
        login_user = mail_user = internal = me.pw_name
        mail_group = str(os.getegid())
    mailboxes = "\n".join(
        f'  mailbox "{name}" {{\n    auto = subscribe\n'
        + (f"    special_use = {flag}\n" if flag else "") + "  }"
        for name, flag in LAYOUTS[layout])
    mechanisms = "plain login" if plain_auth else "cram-md5"
    return f"""\
base_dir = {root}/run
state_dir = {root}/state
instance_name = followup-test-{port}
listen = 127.0.0.1
protocols = imap
log_path = {root}/dovecot.log
default_login_user = {login_user}
default_internal_user = {internal}
default_internal_group = {mail_group}
mail_uid = {mail_user}
mail_gid = {mail_group}
first_valid_uid = 0
mail_location = maildir:~/Maildir
mail_fsync = never
mail_plugins = $mail_plugins
ssl = required
ssl_cert = <{cert.cert}
ssl_key = <{cert.key}
ssl_min_protocol = TLSv1.2
disable_plaintext_auth = yes
auth_mechanisms = {mechanisms}
login_trusted_networks =
imap_capability = +SPECIAL-USE
mail_max_userip_connections = 50
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/passwd
}}
userdb {{
  driver = static
  args = uid={mail_user} gid={mail_group} home={root}/mail/%n
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {starttls_port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {port}
    ssl = yes
  }}
}}
service anvil {{
  chroot =
}}
service stats {{
  chroot =
}}
namespace inbox {{
  inbox = yes
  separator = /
{mailboxes}
}}
"""


def _passwd_line(user: str, password: str) -> str:
    return f"{user}:{{PLAIN}}{password}::::::\n"


def _wait_ready(port: int, process: subprocess.Popen[bytes], root: Path,
                timeout: float = 15.0) -> float:
    """Seconds until the server greets a connection (by connecting, not sleeping)."""
    started = time.monotonic()
    while True:
        if process.poll() is not None:
            log = (root / "dovecot.log").read_text(errors="replace") \
                if (root / "dovecot.log").exists() else ""
            pytest.fail(f"dovecot exited with {process.returncode}: {log[-2000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=2) as conn:
                context = ssl.create_default_context()
                context.check_hostname = False
                context.verify_mode = ssl.CERT_NONE
                with context.wrap_socket(conn) as tls:
                    tls.settimeout(5)
                    if tls.recv(200).startswith(b"* OK"):
                        return time.monotonic() - started
        except OSError:
            pass
        if time.monotonic() - started > timeout:
            pytest.fail(f"dovecot did not answer on 127.0.0.1:{port} within {timeout} s")
        time.sleep(0.005)  # not up yet: connection refused; try again


@contextlib.contextmanager
def run_dovecot(*, layout: str = "plain", self_signed: bool = False,
                plain_auth: bool = True) -> Iterator[Dovecot]:
    binary = shutil.which("dovecot") or ("/usr/sbin/dovecot"
                                         if os.path.exists("/usr/sbin/dovecot") else None)
    if binary is None:
        pytest.fail("dovecot is not installed: the mail tests need it "
                    "(Debian: apt-get install dovecot-imapd)")
    root = Path(tempfile.mkdtemp(prefix="followup-dovecot-", dir="/tmp"))
    root.chmod(0o755)
    process = None
    try:
        cert = make_server_cert(root / "tls", self_signed=self_signed)
        (root / "tls").chmod(0o755)
        (root / "tls" / "server.crt").chmod(0o644)
        mail = root / "mail"
        mail.mkdir()
        for sub in ("run", "state"):
            (root / sub).mkdir()
        if os.geteuid() == 0:
            nobody = pwd.getpwnam("nobody")
            os.chown(mail, nobody.pw_uid, nobody.pw_gid)
        (root / "passwd").write_text(_passwd_line(USER, PASSWORD) + "".join(
            _passwd_line(spare_user(n), PASSWORD) for n in range(1, SPARE_USERS + 1)))
        (root / "passwd").chmod(0o644)
        port, starttls_port = free_port(), free_port()
        while starttls_port == port:
            starttls_port = free_port()
        conf = root / "dovecot.conf"
        conf.write_text(_config(root, port, starttls_port, cert, layout,
                                plain_auth=plain_auth))
        process = subprocess.Popen([binary, "-F", "-c", str(conf)], stdin=subprocess.DEVNULL,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _wait_ready(port, process, root)
        yield Dovecot(root=root, port=port, starttls_port=starttls_port, cert=cert,
                      layout=layout, process=process)
    finally:
        if process is not None:
            with contextlib.suppress(ProcessLookupError):
                process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            if process.stderr is not None:
                process.stderr.close()
        shutil.rmtree(root, ignore_errors=True)


def append_message(server: Dovecot, folder: str, *, sender: str, to: str, subject: str,
                   date: str = "Tue, 10 Mar 2026 15:00:00 +0000", message_id: str | None = None,
                   in_reply_to: str | None = None, extra: str = "",
                   body: str = "Hello.\r\n", flags: tuple[bytes, ...] = (b"\\Seen",)) -> None:
    """Append a message as another mail client would (the user's phone, the sender)."""
    headers = [f"From: {sender}", f"To: {to}", f"Subject: {subject}", f"Date: {date}",
               f"Message-ID: {message_id or make_message_id()}"]
    if in_reply_to:
        headers += [f"In-Reply-To: {in_reply_to}", f"References: {in_reply_to}"]
    text = "\r\n".join(headers) + "\r\n" + extra + "MIME-Version: 1.0\r\n" \
        "Content-Type: text/plain; charset=utf-8\r\n\r\n" + body
    with contextlib.closing(_Closing(server.client())) as imap:
        imap.inner.append(folder, text.encode(), flags=flags)


class _Closing:
    def __init__(self, inner) -> None:  # type: ignore[no-untyped-def]
        self.inner = inner

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.inner.logout()


_counter = [0]


def make_message_id() -> str:
    _counter[0] += 1
    return f"<test-{os.getpid()}-{_counter[0]}@client.example.net>"


@pytest.fixture(scope="session")
def dovecot_server() -> Iterator[Dovecot]:
    """One server per test run (stopping one takes Dovecot about a second)."""
    with run_dovecot() as server:
        yield server


@pytest.fixture(scope="session")
def dovecot_gmail_server() -> Iterator[Dovecot]:
    with run_dovecot(layout="gmail") as server:
        yield server


@pytest.fixture
def dovecot(dovecot_server: Dovecot) -> Dovecot:
    """A real Dovecot with a new user (an empty mailbox of its own) for this test."""
    return dovecot_server.fresh_user()


@pytest.fixture
def dovecot_gmail(dovecot_gmail_server: Dovecot) -> Dovecot:
    return dovecot_gmail_server.fresh_user()


def append_many(server: Dovecot, folder: str, messages: list[bytes], chunk: int = 500) -> None:
    """Append many messages in few commands (MULTIAPPEND), as a busy mailbox fills."""
    with contextlib.closing(_Closing(server.client())) as imap:
        for i in range(0, len(messages), chunk):
            imap.inner.multiappend(folder, messages[i:i + chunk])


def plain_message(n: int, *, sender: str, to: str, subject: str | None = None,
                  date: str = "Tue, 10 Mar 2026 15:00:00 +0000") -> bytes:
    return (f"From: {sender}\r\nTo: {to}\r\nSubject: {subject or f'Message {n}'}\r\n"
            f"Date: {date}\r\nMessage-ID: <bulk-{n}-{os.getpid()}@list.example>\r\n"
            "MIME-Version: 1.0\r\nContent-Type: text/plain\r\n\r\nHello.\r\n").encode()
