"""Setting the account up: the login is tested first, failures are said in words."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from followup_desktop.services.mail import MailAccount, MailError, MailUnavailable
from followup_desktop.services.secrets import Secrets
from tests.helpers.dovecot import Dovecot, free_port, run_dovecot
from tests.helpers.mail import make_context


@pytest.fixture
def ctx(tmp_path: Path, dovecot: Dovecot):
    context = make_context(tmp_path / "data", dovecot.user)
    yield context
    context.close()


def _setup(ctx, server: Dovecot, **kw) -> MailAccount:
    mail = MailAccount(ctx, Secrets(probe=False), timeout=10)
    args = dict(host=server.host, port=server.port, user=server.user,
                password=server.password, ca_file=server.cert.ca, session_only=True)
    args.update(kw)
    mail.setup(**args)
    return mail


def test_a_good_login_keeps_the_settings_and_finds_the_folders(ctx, dovecot: Dovecot) -> None:
    mail = _setup(ctx, dovecot)
    account = mail.account()
    assert account is not None and account.user == dovecot.user
    assert (account.folders.drafts, account.folders.sent) == ("Drafts", "Sent")
    # the password is nowhere in the database
    assert dovecot.password.encode() not in ctx.paths.db.read_bytes()


def test_starttls(ctx, dovecot: Dovecot) -> None:
    mail = _setup(ctx, dovecot, port=dovecot.starttls_port, security="starttls")
    assert mail.account().security == "starttls"


def test_wrong_password_saves_nothing(ctx, dovecot: Dovecot) -> None:
    mail = MailAccount(ctx, Secrets(probe=False), timeout=10)
    with pytest.raises(MailError, match="wrong user name or password"):
        mail.setup(host=dovecot.host, port=dovecot.port, user=dovecot.user, password="nope",
                   ca_file=dovecot.cert.ca, session_only=True)
    assert mail.account() is None


def test_an_untrusted_certificate_names_its_fingerprint(ctx, dovecot: Dovecot) -> None:
    mail = MailAccount(ctx, Secrets(probe=False), timeout=10)
    with pytest.raises(MailError) as caught:
        mail.setup(host=dovecot.host, port=dovecot.port, user=dovecot.user,
                   password=dovecot.password, session_only=True)
    assert "not trusted" in str(caught.value)
    assert dovecot.cert.sha256 in str(caught.value)
    assert "--ca-file" in str(caught.value)
    assert mail.account() is None


def test_a_self_signed_certificate_without_ca_file(ctx) -> None:
    with run_dovecot(self_signed=True) as server:
        mail = MailAccount(ctx, Secrets(probe=False), timeout=10)
        with pytest.raises(MailError, match="not trusted") as caught:
            mail.setup(host=server.host, port=server.port, user=server.user,
                       password=server.password, session_only=True)
        assert server.cert.sha256 in str(caught.value)
        with pytest.raises(MailError, match="not trusted"):  # over STARTTLS too
            mail.setup(host=server.host, port=server.starttls_port, security="starttls",
                       user=server.user, password=server.password, session_only=True)
        # trusting that very certificate works
        mail.setup(host=server.host, port=server.port, user=server.user,
                   password=server.password, ca_file=server.cert.ca, session_only=True)
        assert mail.account() is not None


def test_plain_text_is_refused_before_any_connection(ctx, dovecot: Dovecot) -> None:
    with pytest.raises(MailError, match="plain-text IMAP is refused"):
        _setup(ctx, dovecot, port=dovecot.starttls_port, security="plain")


def test_tls_on_a_starttls_port_says_so(ctx, dovecot: Dovecot) -> None:
    with pytest.raises(MailError, match="try --security starttls"):
        _setup(ctx, dovecot, port=dovecot.starttls_port)


def test_nothing_listening(ctx) -> None:
    with pytest.raises(MailUnavailable, match="nothing answers at 127.0.0.1"):
        MailAccount(ctx, Secrets(probe=False), timeout=5).setup(
            host="127.0.0.1", port=free_port(), user="x", password="y", session_only=True)


def test_a_server_that_never_answers(ctx) -> None:
    with socket.socket() as silent:  # accepts (the kernel does) but never greets
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)
        with pytest.raises(MailUnavailable, match="did not answer within"):
            MailAccount(ctx, Secrets(probe=False), timeout=0.5).setup(
                host="127.0.0.1", port=silent.getsockname()[1], user="x", password="y",
                session_only=True)


def test_unknown_host(ctx) -> None:
    with pytest.raises(MailUnavailable, match="was not found"):
        MailAccount(ctx, Secrets(probe=False), timeout=5).setup(
            host="no-such-host.invalid", user="x", password="y", session_only=True)


def test_a_server_that_refuses_plain_login(ctx) -> None:
    with run_dovecot(plain_auth=False) as server, \
            pytest.raises(MailError, match="refuses plain login"):
        _setup(ctx, server)


def test_no_secure_keyring_needs_session_only(ctx, dovecot: Dovecot) -> None:
    mail = MailAccount(ctx, Secrets(probe=False), timeout=10)
    with pytest.raises(MailError, match="--session-only"):
        mail.setup(host=dovecot.host, port=dovecot.port, user=dovecot.user,
                   password=dovecot.password, ca_file=dovecot.cert.ca)
    assert mail.account() is None


def test_a_ca_file_that_is_not_pem(ctx, dovecot: Dovecot, tmp_path: Path) -> None:
    junk = tmp_path / "junk.pem"
    junk.write_text("hello")
    with pytest.raises(MailError, match="not a PEM certificate"):
        _setup(ctx, dovecot, ca_file=junk)


def test_gmail_layout_and_localised_names(ctx, dovecot_gmail: Dovecot) -> None:
    account = _setup(ctx, dovecot_gmail).account()
    assert account.folders.drafts == "[Gmail]/Drafts"
    assert account.folders.sent == "[Gmail]/Sent Mail"
    assert account.folders.all_mail == "[Gmail]/All Mail"
    with run_dovecot(layout="localised") as server:
        account = _setup(ctx, server).account()
        assert (account.folders.drafts, account.folders.sent) == ("Entwürfe", "Gesendet")


def test_forget_removes_the_settings_and_the_secret(ctx, dovecot: Dovecot) -> None:
    secrets = Secrets(probe=False)
    mail = MailAccount(ctx, secrets, timeout=10)
    mail.setup(host=dovecot.host, port=dovecot.port, user=dovecot.user,
               password=dovecot.password, ca_file=dovecot.cert.ca, session_only=True)
    key = mail.account().keyring_user()
    lines = mail.forget()
    assert "forgot" in lines[0]
    assert mail.account() is None
    assert secrets.get_secret("followup-desktop mail", key) is None
