"""Secrets in the system keyring (a real GNOME Keyring), or in memory for the session."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from followup_desktop.services import secrets
from followup_desktop.services.secrets import Secrets
from tests.helpers.secret_service import SecretService

SERVICE = "followup-test"


def _files_under(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_secret_service_is_secure_and_keeps_the_secret(secret_service: SecretService) -> None:
    assert secrets.secure_backend()
    assert secrets.set_secret(SERVICE, "ada@example.org", "s3cret pässword") is True
    assert secrets.get_secret(SERVICE, "ada@example.org") == "s3cret pässword"
    # another object (as a new session would) reads it back from the keyring, not memory
    assert Secrets().get_secret(SERVICE, "ada@example.org") == "s3cret pässword"
    # and so does another process, through the Secret Service itself
    tool = shutil.which("secret-tool")
    if tool:
        out = subprocess.run([tool, "lookup", "service", SERVICE, "username", "ada@example.org"],
                             env=secret_service.env, capture_output=True, text=True,
                             timeout=20, check=True)
        assert out.stdout == "s3cret pässword"
    code = ("from followup_desktop.services import secrets;"
            f"print(secrets.get_secret({SERVICE!r}, 'ada@example.org'))")
    out = subprocess.run([sys.executable, "-c", code], env=secret_service.env,
                         capture_output=True, text=True, timeout=60, check=True)
    assert out.stdout.strip() == "s3cret pässword"


def test_delete_removes_it_from_the_keyring(secret_service: SecretService) -> None:
    secrets.set_secret(SERVICE, "bob", "pw")
    assert secrets.delete_secret(SERVICE, "bob") is True
    assert secrets.get_secret(SERVICE, "bob") is None
    assert Secrets().get_secret(SERVICE, "bob") is None
    assert secrets.delete_secret(SERVICE, "bob") is False  # nothing left: not an error


def test_replacing_a_secret_keeps_one(secret_service: SecretService) -> None:
    secrets.set_secret(SERVICE, "bob", "old")
    secrets.set_secret(SERVICE, "bob", "new")
    assert Secrets().get_secret(SERVICE, "bob") == "new"


def test_session_only_never_reaches_the_keyring(secret_service: SecretService) -> None:
    assert secrets.set_secret(SERVICE, "carol", "pw", session_only=True) is False
    assert secrets.get_secret(SERVICE, "carol") == "pw"
    assert Secrets().get_secret(SERVICE, "carol") is None


def test_chainer_with_the_secret_service_counts_as_secure(secret_service: SecretService,
                                                          monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.chainer.ChainerBackend")
    found = secrets.find_secure_backend()
    assert found is not None and type(found).__module__ == "keyring.backends.SecretService"


@pytest.mark.parametrize("backend", [
    "keyring.backends.fail.Keyring",
    "keyring.backends.null.Keyring",
    "keyrings.alt.file.PlaintextKeyring",
    "keyrings.alt.file.EncryptedKeyring",
    "no.such.Backend",
])
def test_an_insecure_or_missing_keyring_stores_nothing(backend: str, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", backend)
    home = Path(os.environ["HOME"])
    before = set(_files_under(home))
    store = Secrets()
    assert store.secure_backend() is False
    assert "memory" in store.backend_name()
    assert store.set_secret(SERVICE, "dan", "pw") is False
    assert store.get_secret(SERVICE, "dan") == "pw"  # for this session
    assert Secrets().get_secret(SERVICE, "dan") is None  # the next one asks again
    assert set(_files_under(home)) == before  # no plaintext keyring file appeared
    assert store.delete_secret(SERVICE, "dan") is True
    assert store.get_secret(SERVICE, "dan") is None


def test_no_session_bus_means_no_secure_keyring(monkeypatch: pytest.MonkeyPatch,
                                                tmp_path: Path) -> None:
    monkeypatch.delenv("PYTHON_KEYRING_BACKEND", raising=False)
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", f"unix:path={tmp_path}/no-bus")
    assert Secrets().secure_backend() is False


def test_a_keyring_that_went_away_is_an_error_in_words(secret_service: SecretService,
                                                       monkeypatch: pytest.MonkeyPatch,
                                                       tmp_path: Path) -> None:
    store = Secrets()
    assert store.secure_backend()
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", f"unix:path={tmp_path}/gone")
    with pytest.raises(secrets.SecretsError, match="keyring"):
        store.set_secret(SERVICE, "eve", "pw")
