"""Mail-account and keyring tests: real GNOME Keyring and real Dovecot fixtures."""

from __future__ import annotations

import pytest

from tests.helpers.secret_service import secret_service  # noqa: F401  (a fixture)


@pytest.fixture(autouse=True)
def _no_user_keyring(monkeypatch: pytest.MonkeyPatch) -> None:
    """Never the user's keyring: a test that wants one asks for ``secret_service``."""
    from followup_desktop.services import secrets

    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    secrets.reset_default()

from tests.helpers.dovecot import (  # noqa: E402, F401  (fixtures)
    dovecot,
    dovecot_gmail,
    dovecot_gmail_server,
    dovecot_server,
)
