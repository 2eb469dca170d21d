"""The PyInstaller bundle, run for real: its ``--selftest``, and the calendar and mail
accounts through its command line against a real Radicale (TLS, test CA), a real Dovecot
and a real GNOME Keyring -- so that a slimming rule (``packaging/slim.py``) that leaves out
something the accounts need fails here, not on a user's machine.

The bundle is built once for the module (``packaging/bundle.py``, about a minute on two
cores), or taken from ``$FOLLOWUP_BUNDLE`` (a ``dist/followup`` folder built already, as
``.ci/packaging.sh`` passes it). Each command runs with a small environment of its own
(no venv on ``PATH``, no ``PYTHONPATH``), as a user's menu would start it.
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from followup_desktop import selftest
from tests.helpers.caldav_servers import USERS, Radicale, TlsFiles
from tests.helpers.dovecot import Dovecot, dovecot, dovecot_server  # noqa: F401
from tests.helpers.mail import document, folder_messages
from tests.helpers.packaging_scripts import load
from tests.helpers.secret_service import SecretService, secret_service  # noqa: F401

AT = "2026-03-03T12:00:00Z"


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The bundle's executable."""
    given = os.environ.get("FOLLOWUP_BUNDLE")
    if given:
        folder = Path(given)
    else:
        pytest.importorskip("PyInstaller")
        tmp = tmp_path_factory.mktemp("bundle")
        folder = load("bundle").build("followup.spec", tmp / "dist", tmp / "work")
    exe = folder / "followup"
    assert exe.is_file(), f"no bundle at {folder}"
    yield exe


def _env(home: Path, extra: dict[str, str] | None = None) -> dict[str, str]:
    env = {"HOME": str(home), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8",
           "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(home / "config"),
           "XDG_DATA_HOME": str(home / "data"), "XDG_RUNTIME_DIR": str(home)}
    env.update(extra or {})
    return env


def _keyring_env(service: SecretService) -> dict[str, str]:
    return _env(service.home, {"DBUS_SESSION_BUS_ADDRESS": service.address})


def run(exe: Path, data: Path, *args: str, env: dict[str, str],
        stdin: str = "") -> subprocess.CompletedProcess[str]:
    out = subprocess.run([str(exe), "--data-dir", str(data), *args], input=stdin,
                         capture_output=True, text=True, timeout=180, env=env)
    assert out.returncode == 0, f"{args}: {out.stdout}\n{out.stderr}"
    assert "Traceback" not in out.stderr
    return out


def test_the_bundles_selftest_runs_every_step(bundle: Path, tmp_path: Path) -> None:
    out = subprocess.run([str(bundle), "--data-dir", str(tmp_path / "d"), "--selftest"],
                         capture_output=True, text=True, timeout=180, env=_env(tmp_path))
    assert out.returncode == 0, out.stdout + out.stderr
    lines = out.stdout.splitlines()
    assert "(bundle " in lines[0]
    for step, _ in selftest.STEPS:
        assert any(line.startswith(f"  ok  {step}") for line in lines), (step, lines)
    assert lines[-1].startswith("selftest passed")


def test_calendar_account_through_the_bundle(bundle: Path, tmp_path: Path,
                                             radicale: Radicale, tls_files: TlsFiles,
                                             secret_service: SecretService) -> None:  # noqa: F811
    """caldav over niquests (HTTPS with the user's CA file, basic login), lxml, icalendar,
    and the password in the Secret Service (secretstorage, cryptography), all bundled."""
    import caldav

    env = _keyring_env(secret_service)
    data = tmp_path / "data"
    run(bundle, data, "demo", env=env)
    setup = run(bundle, data, "calendar-account", "setup", "--url", radicale.url,
                "--user", "ada", "--ca-file", str(tls_files.ca), env=env,
                stdin=USERS["ada"] + "\n").stdout
    assert "ready" in setup and "created" in setup, setup
    assert "session only" not in setup  # kept in the Secret Service, not in memory
    synced = run(bundle, data, "calendar-account", "sync", env=env).stdout  # no password asked
    added = synced.count("added: ")
    assert added >= 5 and f"{added} added" in synced, synced
    again = run(bundle, data, "calendar-account", "sync", env=env).stdout
    assert again.strip() == "Calendar up to date."

    # read back as another client (a phone) would
    with caldav.DAVClient(radicale.url, username="ada", password=USERS["ada"],
                          auth_type="basic", ssl_verify_cert=str(tls_files.ca),
                          enable_rfc6764=False) as client:
        calendars = client.principal().calendars()
        (cal,) = [c for c in calendars if c.get_display_name() == "Followup"]
        assert len(cal.events()) == added


def test_mail_account_through_the_bundle(
        bundle: Path, tmp_path: Path, dovecot: Dovecot,  # noqa: F811
        secret_service: SecretService) -> None:  # noqa: F811
    """IMAPClient over TLS (the test CA), drafts pushed, replies synced; the password in the
    Secret Service."""
    env = _keyring_env(secret_service)
    data = tmp_path / "data"
    doc = tmp_path / "in.json"
    doc.write_text(json.dumps(document(dovecot.user)))
    run(bundle, data, "import", str(doc), env=env)
    out = run(bundle, data, "mail", "setup", "--host", dovecot.host, "--port",
              str(dovecot.port), "--user", dovecot.user, "--ca-file", str(dovecot.cert.ca),
              env=env, stdin=dovecot.password + "\n").stdout
    assert "connected:" in out and "in the system keyring" in out, out
    pushed = run(bundle, data, "mail", "push", "--at", AT, env=env).stdout.splitlines()
    assert pushed and all(line.startswith("added: ") for line in pushed), pushed
    assert len(folder_messages(dovecot, "Drafts")) == len(pushed)
    run(bundle, data, "mail", "sync", "--at", AT, env=env)
    assert "last sync:" in run(bundle, data, "mail", "status", env=env).stdout
