"""Put Followup in the current user's application menu, or take it out again.

    python packaging/desktop.py install [--exec PATH]   # make install-desktop
    python packaging/desktop.py uninstall               # make uninstall-desktop
    python packaging/desktop.py list                    # the files install writes

Files go under ``$XDG_DATA_HOME`` (default ``~/.local/share``), all named by the app id:

- ``applications/<APP_ID>.desktop`` — ``Exec`` and ``TryExec`` point at ``--exec`` (the
  venv's ``followup-desktop`` or the bundle's ``followup``), as an absolute path;
- ``icons/hicolor/<N>x<N>/apps/<APP_ID>.png`` for 16…512, and
  ``icons/hicolor/scalable/apps/<APP_ID>.svg``.

Then ``update-desktop-database`` and ``gtk-update-icon-cache`` are run if installed (their
caches are refreshed, never deleted). ``uninstall`` removes exactly the files above and
refreshes the caches again; folders are left in place.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from followup_desktop import APP_ID  # noqa: E402
from followup_desktop.autostart import desktop_exec_quote  # noqa: E402

RESOURCES = REPO / "resources"
SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)


def data_home(environ: dict[str, str] | None = None) -> Path:
    env = os.environ if environ is None else environ
    value = env.get("XDG_DATA_HOME", "")
    if value and Path(value).is_absolute():  # the basedir spec ignores relative paths
        return Path(value)
    return Path(env.get("HOME") or Path.home()) / ".local" / "share"


def desktop_file(root: Path) -> Path:
    return root / "applications" / f"{APP_ID}.desktop"


def icon_files(root: Path) -> dict[Path, Path]:
    """Installed icon path -> its source in resources/."""
    hicolor = root / "icons" / "hicolor"
    files = {hicolor / f"{s}x{s}" / "apps" / f"{APP_ID}.png":
             RESOURCES / "icons" / "hicolor" / f"{s}x{s}" / "apps" / f"{APP_ID}.png"
             for s in SIZES}
    files[hicolor / "scalable" / "apps" / f"{APP_ID}.svg"] = RESOURCES / "icons" / "followup.svg"
    return files


def installed_files(root: Path) -> list[Path]:
    return [desktop_file(root), *icon_files(root)]


def desktop_entry(executable: str) -> str:
    """The shipped desktop entry with ``Exec``/``TryExec`` pointing at ``executable``."""
    text = (RESOURCES / f"{APP_ID}.desktop").read_text(encoding="utf-8")
    quoted = desktop_exec_quote(executable)
    text = re.sub(r"^TryExec=.*$", lambda _: f"TryExec={executable}", text, flags=re.M)
    return re.sub(r"^Exec=followup-desktop\b", lambda _: f"Exec={quoted}", text, flags=re.M)


def _refresh_caches(root: Path, quiet: bool) -> None:
    steps = [("update-desktop-database", ["-q", str(root / "applications")]),
             ("gtk-update-icon-cache", ["-q", "-t", "-f", str(root / "icons" / "hicolor")])]
    for tool, args in steps:
        exe = shutil.which(tool)
        if exe is None:
            continue
        folder = Path(args[-1])
        if folder.is_dir():
            subprocess.run([exe, *args], check=False)
            if not quiet:
                print(f"desktop: ran {tool}")


def install(executable: str, root: Path, quiet: bool = False) -> list[Path]:
    exe = Path(executable)
    if not exe.is_absolute():
        found = shutil.which(executable)
        if found is None:
            raise SystemExit(f"desktop: {executable!r} not found; pass --exec /absolute/path")
        exe = Path(found)
    if not os.access(exe, os.X_OK):
        raise SystemExit(f"desktop: {exe} is not an executable file (build or install it "
                         "first: `make setup` or `make bundle`)")
    written = []
    target = desktop_file(root)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(desktop_entry(str(exe)), encoding="utf-8")
    written.append(target)
    for dest, src in icon_files(root).items():
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, dest)
        written.append(dest)
    if not quiet:
        print(f"desktop: installed {len(written)} files under {root} (Exec={exe})")
    _refresh_caches(root, quiet)
    return written


def uninstall(root: Path, quiet: bool = False) -> list[Path]:
    removed = []
    for path in installed_files(root):
        if path.is_file() or path.is_symlink():
            path.unlink()
            removed.append(path)
    if not quiet:
        print(f"desktop: removed {len(removed)} files under {root}")
    _refresh_caches(root, quiet)
    return removed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("install", help="install the desktop entry and icons")
    p.add_argument("--exec", dest="executable", default="followup-desktop",
                   help="the program the menu entry starts (default: followup-desktop on PATH)")
    sub.add_parser("uninstall", help="remove what install wrote")
    sub.add_parser("list", help="print the files install writes")
    parser.add_argument("--data-home", type=Path, help="instead of $XDG_DATA_HOME")
    parser.add_argument("-q", "--quiet", action="store_true")
    args = parser.parse_args(argv)
    root = args.data_home or data_home()
    if args.command == "install":
        install(args.executable, root, args.quiet)
    elif args.command == "uninstall":
        uninstall(root, args.quiet)
    else:
        for path in installed_files(root):
            print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
