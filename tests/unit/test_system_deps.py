"""``tools/system-deps.sh``: the one list of Debian packages, and what the script does
with it — run with stand-ins for dpkg-query, id, sudo and apt-get on a PATH of their own,
so that a package can be missing and the user can be root, have sudo, or have neither."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.helpers.tools import PACKAGE_OF, missing_message, require_tool

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "tools" / "system-deps.sh"
BASH = shutil.which("bash") or "/bin/bash"


def packages() -> list[str]:
    out = subprocess.run([BASH, str(SCRIPT), "--list"], capture_output=True, text=True,
                         check=True)
    return out.stdout.split()


def _stub(folder: Path, name: str, body: str) -> None:
    f = folder / name
    f.write_text(f"#!{BASH}\n{body}\n")
    f.chmod(0o755)


def run(tmp_path: Path, *, missing: set[str] = frozenset(), uid: int = 1000,  # type: ignore[assignment]
        sudo: bool | None = None, args: tuple[str, ...] = ()) -> tuple[
            subprocess.CompletedProcess[str], list[str]]:
    """The script with ``missing`` not installed; returns the run and the commands the
    stand-ins for sudo and apt-get were given, one line each."""
    bin_ = tmp_path / "bin"
    bin_.mkdir(exist_ok=True)
    log = tmp_path / "calls.log"
    log.write_text("")
    for tool in ("sed", "tr", "env", "cat"):  # the real ones the script needs
        target = shutil.which(tool)
        assert target is not None
        if not (bin_ / tool).exists():
            (bin_ / tool).symlink_to(target)
    installed = [p for p in packages() if p not in missing]
    lines = "\\n".join(f"{p}=install ok installed" for p in installed)
    _stub(bin_, "dpkg-query", f'printf "{lines}\\n"; exit 1')  # 1: some were not found
    _stub(bin_, "id", f"echo {uid}")
    _stub(bin_, "apt-get", f'echo "apt-get $*" >> {log}')
    if sudo is not None:
        ok = "exit 0" if sudo else "exit 1"
        _stub(bin_, "sudo", f'if [ "$1" = -n ] && [ "$2" = true ]; then {ok}; fi\n'
                            f'echo "sudo $*" >> {log}\nshift; exec "$@"')
    env = {"PATH": str(bin_), "HOME": str(tmp_path)}
    result = subprocess.run([BASH, str(SCRIPT), *args], capture_output=True, text=True,
                            env=env, timeout=30)
    return result, log.read_text().splitlines()


def test_all_there_is_silent_and_installs_nothing(tmp_path: Path) -> None:
    result, calls = run(tmp_path, sudo=True)
    assert (result.returncode, result.stdout, result.stderr, calls) == (0, "", "", [])


def test_as_root_it_installs_exactly_what_is_missing(tmp_path: Path) -> None:
    result, calls = run(tmp_path, missing={"xvfb", "libxcb-cursor0"}, uid=0)
    assert result.returncode == 0, result.stderr
    assert calls == ["apt-get update -qq",
                     "apt-get install -y -qq --no-install-recommends libxcb-cursor0 xvfb"]


def test_with_sudo_it_installs_through_sudo(tmp_path: Path) -> None:
    result, calls = run(tmp_path, missing={"mblaze"}, sudo=True)
    assert result.returncode == 0, result.stderr
    assert calls[0].startswith("sudo -n env DEBIAN_FRONTEND=noninteractive apt-get update")
    assert calls[-1] == "apt-get install -y -qq --no-install-recommends mblaze"


@pytest.mark.parametrize("sudo", [None, False], ids=["no sudo", "sudo wants a password"])
def test_without_root_or_sudo_it_prints_the_one_command_and_fails(tmp_path: Path,
                                                                  sudo: bool | None) -> None:
    result, calls = run(tmp_path, missing={"dunst", "dovecot-imapd"}, sudo=sudo)
    assert result.returncode == 1
    assert calls == []  # nothing was installed
    assert ("  sudo apt-get update && sudo apt-get install -y --no-install-recommends "
            "dunst dovecot-imapd") in result.stderr.splitlines()


def test_check_only_reports(tmp_path: Path) -> None:
    result, calls = run(tmp_path, missing={"xauth"}, uid=0, args=("--check",))
    assert result.returncode == 1 and calls == []
    assert "missing: xauth" in result.stderr


def test_the_list_has_what_the_tests_and_the_window_need() -> None:
    listed = set(packages())
    assert set(PACKAGE_OF.values()) <= listed
    # Qt 6's xcb platform plugin on a minimal Debian, the fonts, the account tests
    assert {"libxcb-cursor0", "libxkbcommon-x11-0", "libegl1", "fonts-dejavu-core",
            "dovecot-imapd", "gnome-keyring", "libsecret-tools", "python3-venv"} <= listed


def test_a_missing_tool_fails_the_test_with_its_name(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    monkeypatch.setattr("tests.helpers.tools._SBIN", ())
    with pytest.raises(pytest.fail.Exception) as info:
        require_tool("mshow")
    assert str(info.value) == missing_message("mshow")
    assert "`mshow` (Debian package mblaze)" in str(info.value)


def test_make_and_ci_call_the_script() -> None:
    makefile = (REPO / "Makefile").read_text()
    ci = (REPO / ".ci" / "run").read_text()
    assert "tools/system-deps.sh" in makefile and "tools/system-deps.sh" in ci
    assert os.access(SCRIPT, os.X_OK)


def test_the_makefile_phony_list_names_only_real_targets() -> None:
    import re

    text = (REPO / "Makefile").read_text().replace("\\\n", " ")
    phony = set(re.search(r"^\.PHONY:(.*)$", text, re.M).group(1).split())  # type: ignore[union-attr]
    targets = set(re.findall(r"^([a-z][a-z-]*):", text, re.M))
    assert phony <= targets, phony - targets
    assert {"run", "test", "test-fast", "lint", "system-deps"} <= phony
