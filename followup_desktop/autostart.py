"""Start Followup at login, hidden in the tray: one interface, three platforms.

- Linux and other XDG desktops: ``$XDG_CONFIG_HOME/autostart/<APP_ID>.desktop``
  (``~/.config`` when unset), with ``Exec=... --hidden`` and ``X-GNOME-Autostart-enabled``.
- Windows: a value under ``HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run``.
- macOS: a LaunchAgent plist in ``~/Library/LaunchAgents`` with ``RunAtLoad``.

The file and command builders are pure functions (tested everywhere); only the Linux
writer can be exercised end to end on the test machines. No Qt here.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Protocol

from followup_desktop import APP_ID, APP_NAME
from followup_desktop.fileio import atomic_write
from followup_desktop.paths import Paths, resolve

RUN_KEY = r"Software\Microsoft\Windows\CurrentVersion\Run"


class Autostart(Protocol):
    """Start at login: ``enable(command)`` writes the entry, ``disable()`` removes it."""

    def is_enabled(self) -> bool: ...
    def enable(self, command: Sequence[str]) -> None: ...
    def disable(self) -> None: ...


def launch_command(paths: Paths | None = None, *, executable: str | None = None,
                   frozen: bool | None = None,
                   environ: Mapping[str, str] | None = None) -> list[str]:
    """The command that starts Followup hidden in the tray.

    ``--data-dir`` is passed only when ``paths`` is not the platform's default (a user who
    runs Followup on another folder gets that folder at login too).
    """
    exe = executable or sys.executable
    is_frozen = getattr(sys, "frozen", False) if frozen is None else frozen
    cmd = [exe] if is_frozen else [exe, "-m", "followup_desktop"]
    if paths is not None and paths != resolve(None, environ={}):
        cmd += ["--data-dir", str(paths.data_dir)]
    cmd.append("--hidden")
    return cmd


# -- Linux / XDG -----------------------------------------------------------------------------

_EXEC_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")


def desktop_exec_quote(arg: str) -> str:
    """One argument of a desktop entry's ``Exec`` key (Desktop Entry spec, "Exec key").

    Arguments with reserved characters go in double quotes, with ``"`` `` ` `` ``$`` and
    ``\\`` backslash-escaped; ``%`` is doubled (field codes); then, as the value is a string,
    every backslash is escaped once more.
    """
    text = arg.replace("%", "%%")
    if not text or any(c in _EXEC_RESERVED for c in text):
        inner = "".join("\\" + c if c in '"`$\\' else c for c in text)
        text = f'"{inner}"'
    return text.replace("\\", "\\\\")


def desktop_entry(command: Sequence[str], *, name: str = APP_NAME, icon: str = APP_ID) -> str:
    """The text of the XDG autostart entry."""
    for part in command:
        if "\n" in part or "\r" in part:
            raise ValueError("a line break cannot be part of an autostart command")
    exec_line = " ".join(desktop_exec_quote(a) for a in command)
    return (
        "[Desktop Entry]\n"
        "Type=Application\n"
        f"Name={name}\n"
        "Comment=Reminds you of interview follow-ups\n"
        f"Exec={exec_line}\n"
        f"Icon={icon}\n"
        "Terminal=false\n"
        "Categories=Office;\n"
        "X-GNOME-Autostart-enabled=true\n"
        "X-KDE-autostart-after=panel\n"
    )


def xdg_config_home(environ: Mapping[str, str] | None = None) -> Path:
    env = os.environ if environ is None else environ
    value = env.get("XDG_CONFIG_HOME", "")
    if value and Path(value).is_absolute():  # the spec: relative paths are ignored
        return Path(value)
    return Path(env.get("HOME") or Path.home()) / ".config"


class XdgAutostart:
    def __init__(self, config_home: Path | None = None) -> None:
        self.path = (config_home or xdg_config_home()) / "autostart" / f"{APP_ID}.desktop"

    def is_enabled(self) -> bool:
        return self.path.is_file()

    def enable(self, command: Sequence[str]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(self.path, desktop_entry(command).encode("utf-8"), overwrite=True,
                     mode=0o644)

    def disable(self) -> None:
        self.path.unlink(missing_ok=True)


# -- Windows ---------------------------------------------------------------------------------


def run_key_command(command: Sequence[str]) -> str:
    """The Run key's value: one command line, quoted the Windows way."""
    import subprocess  # the other platforms never need it

    return subprocess.list2cmdline(list(command))


class WindowsRunKey:  # pragma: no cover - needs Windows
    value_name = APP_NAME

    def _key(self, access: int) -> object:
        import winreg  # type: ignore[import-not-found]

        return winreg.CreateKeyEx(winreg.HKEY_CURRENT_USER, RUN_KEY, 0, access)

    def is_enabled(self) -> bool:
        import winreg

        try:
            with self._key(winreg.KEY_READ) as key:  # type: ignore[attr-defined]
                winreg.QueryValueEx(key, self.value_name)
        except OSError:
            return False
        return True

    def enable(self, command: Sequence[str]) -> None:
        import winreg

        with self._key(winreg.KEY_SET_VALUE) as key:  # type: ignore[attr-defined]
            winreg.SetValueEx(key, self.value_name, 0, winreg.REG_SZ, run_key_command(command))

    def disable(self) -> None:
        import winreg

        try:
            with self._key(winreg.KEY_SET_VALUE) as key:  # type: ignore[attr-defined]
                winreg.DeleteValue(key, self.value_name)
        except FileNotFoundError:
            pass


# -- macOS -----------------------------------------------------------------------------------


def launch_agent_plist(command: Sequence[str], *, label: str = APP_ID) -> bytes:
    """A LaunchAgent that starts ``command`` once at login (no KeepAlive: Quit means quit)."""
    import plistlib  # macOS only

    return plistlib.dumps({
        "Label": label,
        "ProgramArguments": list(command),
        "RunAtLoad": True,
        "KeepAlive": False,
        "ProcessType": "Interactive",
        "LimitLoadToSessionType": "Aqua",
    })


class MacLaunchAgent:
    def __init__(self, home: Path | None = None) -> None:
        self.path = (home or Path.home()) / "Library" / "LaunchAgents" / f"{APP_ID}.plist"

    def is_enabled(self) -> bool:
        return self.path.is_file()

    def enable(self, command: Sequence[str]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(self.path, launch_agent_plist(command), overwrite=True, mode=0o644)

    def disable(self) -> None:
        self.path.unlink(missing_ok=True)


# -- choosing and syncing --------------------------------------------------------------------


def for_platform(platform: str | None = None,
                 environ: Mapping[str, str] | None = None) -> Autostart:
    plat = platform or sys.platform
    if plat.startswith("win"):
        return WindowsRunKey()
    if plat == "darwin":
        env = os.environ if environ is None else environ
        return MacLaunchAgent(Path(env["HOME"]) if env.get("HOME") else None)
    return XdgAutostart(xdg_config_home(environ))


def sync(enabled: bool, autostart: Autostart, command: Sequence[str]) -> bool:
    """Make the login entry match the setting; True when something was written or removed.

    An enabled entry is rewritten when it exists, so a moved installation heals itself.
    """
    if enabled:
        autostart.enable(command)
        return True
    if autostart.is_enabled():
        autostart.disable()
        return True
    return False
