"""Passwords of the user's accounts: in the system keyring, or in memory for this session.

Only a keyring that keeps secrets encrypted by the operating system counts as *secure*:
the Secret Service (GNOME Keyring, KeePassXC ...), KWallet, the macOS Keychain and the
Windows Credential Manager. Where only an insecure backend exists (the plaintext or
"encrypted" files of ``keyrings.alt``, ``keyring.backends.fail``, ``null``), or none,
nothing is written anywhere: the secret is kept in this process's memory and the user is
asked again next session.

The backend is looked up when first needed (not at import), honouring
``PYTHON_KEYRING_BACKEND`` and keyring's own config file as :mod:`keyring` does; a
:class:`Secrets` object is passed to the accounts, and the module-level functions use one
per process (the session store must be shared by the window, the tray and the workers).
"""

from __future__ import annotations

import threading
from typing import Any

#: backend classes that keep secrets in an encrypted store of the operating system
SECURE_BACKENDS: tuple[str, ...] = (
    "keyring.backends.SecretService.Keyring",
    "keyring.backends.libsecret.Keyring",
    "keyring.backends.kwallet.DBusKeyring",
    "keyring.backends.kwallet.DBusKeyringKWallet4",
    "keyring.backends.macOS.Keyring",
    "keyring.backends.Windows.WinVaultKeyring",
)

#: tried in this order when neither the environment nor keyring's config names a backend
_PROBE_ORDER: tuple[str, ...] = (
    "keyring.backends.macOS.Keyring",
    "keyring.backends.Windows.WinVaultKeyring",
    "keyring.backends.SecretService.Keyring",
    "keyring.backends.kwallet.DBusKeyring",
)


class SecretsError(Exception):
    """The keyring exists but refused (locked, dismissed prompt, D-Bus gone): in words."""


def _qualname(backend: Any) -> str:
    cls = type(backend)
    return f"{cls.__module__}.{cls.__qualname__}"


def _load(name: str) -> Any | None:
    """The backend called ``name`` if it is usable here, else None."""
    from keyring import core

    try:
        return core.load_keyring(name)
    except Exception:  # ImportError, RuntimeError (not viable), anything a probe raises
        return None


def _secure_of(backend: Any) -> Any | None:
    """``backend`` if it is secure; for keyring's chainer, its first secure member."""
    if backend is None:
        return None
    if _qualname(backend) in SECURE_BACKENDS:
        return backend
    members = getattr(type(backend), "backends", None)
    if _qualname(backend) == "keyring.backends.chainer.ChainerBackend" and members:
        for member in members:
            if _qualname(member) in SECURE_BACKENDS:
                return member
    return None


def find_secure_backend() -> Any | None:
    """The secure keyring backend of this machine and environment, or None."""
    from keyring import core

    try:
        chosen = core.load_env()
    except Exception:  # a misspelt PYTHON_KEYRING_BACKEND: treat as "no secure keyring"
        return None
    if chosen is None:
        try:
            chosen = core.load_config()
        except Exception:
            chosen = None
    if chosen is not None:  # the user picked one: respect it, secure or not
        return _secure_of(chosen)
    for name in _PROBE_ORDER:
        backend = _secure_of(_load(name))
        if backend is not None:
            return backend
    return None


class Secrets:
    """Get, set and delete account secrets: keyring if secure, else session memory."""

    def __init__(self, backend: Any | None = None, *, probe: bool = True) -> None:
        self._backend = backend
        self._probed = backend is not None or not probe
        self._session: dict[tuple[str, str], str] = {}
        self._lock = threading.Lock()

    def backend(self) -> Any | None:
        with self._lock:
            if not self._probed:
                self._backend = find_secure_backend()
                self._probed = True
            return self._backend

    def secure_backend(self) -> bool:
        """True when secrets set here survive the session in an encrypted system store."""
        return self.backend() is not None

    def backend_name(self) -> str:
        """The keyring in words, for the settings page and ``mail status``."""
        backend = self.backend()
        if backend is None:
            return "none (kept in memory for this session)"
        return str(getattr(backend, "name", _qualname(backend)))

    def get_secret(self, service: str, user: str) -> str | None:
        with self._lock:
            held = self._session.get((service, user))
        if held is not None:
            return held
        backend = self.backend()
        if backend is None:
            return None
        try:
            return backend.get_password(service, user)  # type: ignore[no-any-return]
        except Exception as exc:
            raise SecretsError(f"the system keyring could not be read: {_words(exc)}") from exc

    def set_secret(self, service: str, user: str, secret: str, *,
                   session_only: bool = False) -> bool:
        """Keep ``secret``; True if it went into the system keyring, False if it is held in
        memory for this session only (no secure keyring, or ``session_only``)."""
        backend = None if session_only else self.backend()
        if backend is None:
            with self._lock:
                self._session[(service, user)] = secret
            return False
        try:
            backend.set_password(service, user, secret)
        except Exception as exc:
            raise SecretsError(f"the system keyring refused the password: {_words(exc)}"
                               ) from exc
        with self._lock:
            self._session.pop((service, user), None)
        return True

    def delete_secret(self, service: str, user: str) -> bool:
        """Forget ``secret`` everywhere it is; True if there was one."""
        with self._lock:
            had = self._session.pop((service, user), None) is not None
        backend = self.backend()
        if backend is None:
            return had
        from keyring.errors import PasswordDeleteError

        try:
            backend.delete_password(service, user)
        except PasswordDeleteError:
            return had
        except Exception as exc:
            raise SecretsError(f"the system keyring could not delete the password: "
                               f"{_words(exc)}") from exc
        return True


    # -- across a re-execution (the window closed to the tray, the tray opening it) ------

    def session_items(self) -> list[tuple[str, str, str]]:
        """The secrets held in memory for this session: (service, user, secret)."""
        with self._lock:
            return [(service, user, secret) for (service, user), secret in self._session.items()]

    def hold(self, items: list[tuple[str, str, str]]) -> None:
        """Hold ``items`` (:meth:`session_items` of the image before) for this session."""
        with self._lock:
            for service, user, secret in items:
                self._session[(service, user)] = secret


#: the variable naming the pipe a re-executed image reads its session secrets from
HANDOVER_ENV = "FOLLOWUP_SESSION_FD"
#: a pipe's buffer holds at least this much on every platform the app runs on
_PIPE_MAX = 4096


def hand_over() -> None:
    """Before this process re-executes itself: put the session's secrets (a password the
    user gave for this session only) into a pipe the next image inherits, and name the
    pipe in :data:`HANDOVER_ENV`. The secret travels through the kernel only: never in
    the environment, a file or the command line. Nothing is done without such secrets."""
    import json
    import os

    items = default().session_items() if _default is not None else []
    if not items:
        return
    data = json.dumps(items).encode()
    if len(data) > _PIPE_MAX:  # a write that could block the exec: ask again instead
        return
    read_end, write_end = os.pipe()
    try:
        os.write(write_end, data)
    finally:
        os.close(write_end)
    os.set_inheritable(read_end, True)
    os.environ[HANDOVER_ENV] = str(read_end)


def take_over() -> int:
    """In a re-executed image, first thing: hold the secrets the image before handed over
    (:func:`hand_over`) and close the pipe; the variable is removed, so nothing the app
    launches inherits either. Returns how many were taken."""
    import contextlib
    import json
    import os

    value = os.environ.pop(HANDOVER_ENV, None)
    if not value:
        return 0
    try:
        fd = int(value)
    except ValueError:
        return 0
    try:
        chunks = []
        while chunk := os.read(fd, _PIPE_MAX):
            chunks.append(chunk)
        items = [(str(a), str(b), str(c)) for a, b, c in json.loads(b"".join(chunks))]
    except (OSError, ValueError, TypeError):
        return 0
    finally:
        with contextlib.suppress(OSError):
            os.close(fd)
    default().hold(items)
    return len(items)


def _words(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text and text[0] else type(exc).__name__


_default: Secrets | None = None
_default_lock = threading.Lock()


def default() -> Secrets:
    """The process's :class:`Secrets` (one session store for window, tray and workers)."""
    global _default
    with _default_lock:
        if _default is None:
            _default = Secrets()
        return _default


def reset_default() -> None:
    """Drop the process's secrets object (tests that change the environment)."""
    global _default
    with _default_lock:
        _default = None


def secure_backend() -> bool:
    return default().secure_backend()


def get_secret(service: str, user: str) -> str | None:
    return default().get_secret(service, user)


def set_secret(service: str, user: str, secret: str, *, session_only: bool = False) -> bool:
    return default().set_secret(service, user, secret, session_only=session_only)


def delete_secret(service: str, user: str) -> bool:
    return default().delete_secret(service, user)
