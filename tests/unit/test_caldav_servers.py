"""The test CalDAV servers themselves: up quickly, TLS with the test CA, logins checked."""

from __future__ import annotations

import time

import caldav
import pytest
from caldav.lib.error import AuthorizationError

from tests.helpers.caldav_servers import USERS, Radicale


def _client(url: str, user: str, password: str, ca: str | bool) -> caldav.DAVClient:
    return caldav.DAVClient(url, username=user, password=password, auth_type="basic",
                            ssl_verify_cert=ca, enable_rfc6764=False)


def test_radicale_serves_tls_and_checks_passwords(radicale, tls_files) -> None:
    with _client(radicale.url, "ada", USERS["ada"], str(tls_files.ca)) as client:
        cal = client.principal().make_calendar(name="Probe")
        assert [c.name for c in client.principal().calendars()] == ["Probe"]
        cal.delete()
    started = time.monotonic()
    with (_client(radicale.url, "ada", "wrong", str(tls_files.ca)) as client,
          pytest.raises(AuthorizationError)):
        client.principal()
    assert time.monotonic() - started < 2  # delay = 0


def test_plain_htpasswd_and_stop_by_pid(tmp_path, tls_files) -> None:
    server = Radicale(tmp_path, tls_files, {"cy": "plain-pw"}, encryption="plain")
    started = time.monotonic()
    server.start()
    try:
        assert time.monotonic() - started < 10
        with _client(server.url, "cy", "plain-pw", str(tls_files.ca)) as client:
            assert client.principal() is not None
        pid = server.pid
    finally:
        server.stop()
    import os

    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


def test_xandikos_answers(xandikos) -> None:
    with caldav.DAVClient(xandikos.url, enable_rfc6764=False) as client:
        assert client.principal().calendars()
