"""autostart: the XDG entry writer, and the Windows / macOS command builders."""

from __future__ import annotations

import configparser
import plistlib
import subprocess
from pathlib import Path

import pytest

from followup_desktop import APP_ID
from followup_desktop import autostart as auto
from followup_desktop.paths import Paths
from tests.helpers.tools import require_tool


def _unquote_exec(value: str) -> list[str]:
    """Read an Exec value back the way a desktop launcher does: string unescape, then the
    spec's quoting (inside double quotes a backslash escapes the next character), then %%."""
    text = value.replace("\\\\", "\\")
    args: list[str] = []
    cur: list[str] = []
    i, quoted, started = 0, False, False
    while i < len(text):
        c = text[i]
        if quoted and c == "\\":
            cur.append(text[i + 1])
            i += 2
            continue
        if c == '"':
            quoted, started = not quoted, True
        elif c == " " and not quoted:
            if cur or started:
                args.append("".join(cur))
            cur, started = [], False
        else:
            cur.append(c)
        i += 1
    if cur or started:
        args.append("".join(cur))
    return [a.replace("%%", "%") for a in args]


def test_the_desktop_entry_starts_hidden_and_round_trips_odd_paths() -> None:
    cmd = ["/opt/my apps/python3", "-m", "followup_desktop", "--data-dir",
           '/home/ada/"quoted" $HOME\\dir 100%', "--hidden"]
    text = auto.desktop_entry(cmd)
    cp = configparser.ConfigParser(interpolation=None)
    cp.optionxform = str  # type: ignore[assignment,method-assign]
    cp.read_string(text)
    entry = cp["Desktop Entry"]
    assert entry["Type"] == "Application"
    assert entry["X-GNOME-Autostart-enabled"] == "true"
    assert entry["Icon"] == APP_ID
    assert entry["Exec"].endswith(" --hidden")
    assert _unquote_exec(entry["Exec"]) == cmd


def test_plain_arguments_stay_unquoted() -> None:
    assert auto.desktop_exec_quote("--hidden") == "--hidden"
    assert auto.desktop_exec_quote("/usr/bin/followup-desktop") == "/usr/bin/followup-desktop"
    assert auto.desktop_exec_quote("a b") == '"a b"'
    assert auto.desktop_exec_quote("") == '""'


def test_a_line_break_in_the_command_is_refused() -> None:
    with pytest.raises(ValueError):
        auto.desktop_entry(["/bin/x", "--data-dir", "a\nExec=evil"])


def test_the_entry_passes_desktop_file_validate(tmp_path: Path) -> None:
    f = tmp_path / f"{APP_ID}.desktop"
    f.write_text(auto.desktop_entry(["/usr/bin/python3", "-m", "followup_desktop", "--hidden"]))
    r = subprocess.run([require_tool("desktop-file-validate"), str(f)], capture_output=True,
                       text=True)
    assert r.returncode == 0, r.stdout + r.stderr


def test_xdg_writer_respects_xdg_config_home(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    a = auto.for_platform("linux")
    assert isinstance(a, auto.XdgAutostart)
    assert a.path == tmp_path / "cfg" / "autostart" / f"{APP_ID}.desktop"
    assert not a.is_enabled()
    assert auto.sync(True, a, ["/usr/bin/followup-desktop", "--hidden"])
    assert a.is_enabled()
    assert "Exec=/usr/bin/followup-desktop --hidden\n" in a.path.read_text()
    assert auto.sync(False, a, ["x"])
    assert not a.path.exists()
    assert not auto.sync(False, a, ["x"])  # nothing to remove


def test_a_relative_xdg_config_home_is_ignored(tmp_path: Path) -> None:
    env = {"XDG_CONFIG_HOME": "relative/cfg", "HOME": str(tmp_path)}
    assert auto.xdg_config_home(env) == tmp_path / ".config"


def test_launch_command_passes_a_chosen_data_dir_only(tmp_path: Path) -> None:
    plain = auto.launch_command(None, executable="/usr/bin/python3", frozen=False)
    assert plain == ["/usr/bin/python3", "-m", "followup_desktop", "--hidden"]
    chosen = auto.launch_command(Paths.for_data_dir(tmp_path / "d"), executable="/app/Followup",
                                 frozen=True)
    assert chosen == ["/app/Followup", "--data-dir", str(tmp_path / "d"), "--hidden"]


def test_windows_run_key_value_is_one_quoted_command_line() -> None:
    cmd = [r"C:\Program Files\Followup\Followup.exe", "--data-dir", r"D:\my data", "--hidden"]
    value = auto.run_key_command(cmd)
    assert value == r'"C:\Program Files\Followup\Followup.exe" --data-dir "D:\my data" --hidden'


def test_macos_launch_agent_runs_at_load(tmp_path: Path) -> None:
    cmd = ["/Applications/Followup.app/Contents/MacOS/Followup", "--hidden"]
    data = plistlib.loads(auto.launch_agent_plist(cmd))
    assert data["Label"] == APP_ID
    assert data["ProgramArguments"] == cmd
    assert data["RunAtLoad"] is True and data["KeepAlive"] is False
    agent = auto.for_platform("darwin", {"HOME": str(tmp_path)})
    assert isinstance(agent, auto.MacLaunchAgent)
    agent.enable(cmd)
    assert plistlib.loads(agent.path.read_bytes())["ProgramArguments"] == cmd
    agent.disable()
    assert not agent.is_enabled()
