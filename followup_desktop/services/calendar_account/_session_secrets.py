"""Stand-in for ``services.secrets`` (branch ``mail``) until it is merged: the same
interface, keeping secrets in this process's memory only (as ``services.secrets`` does
where no secure keyring exists)."""

from __future__ import annotations

import threading

_held: dict[tuple[str, str], str] = {}
_lock = threading.Lock()


def secure_backend() -> bool:
    return False


def get_secret(service: str, user: str) -> str | None:
    with _lock:
        return _held.get((service, user))


def set_secret(service: str, user: str, secret: str, *, session_only: bool = False) -> bool:
    with _lock:
        _held[(service, user)] = secret
    return False


def delete_secret(service: str, user: str) -> bool:
    with _lock:
        return _held.pop((service, user), None) is not None
