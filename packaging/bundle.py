"""Build a one-folder bundle with PyInstaller and report its size.

    python packaging/bundle.py                 # dist/followup/  (make bundle)
    python packaging/bundle.py --hello         # dist/hello/     (the size baseline)
    python packaging/bundle.py --dist D --work W

The specs (``followup.spec``, ``hello.spec``) share the slimming rules of ``slim.py``.
The icons are regenerated first if the SVG changed (``icons.py``).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
MIB = 1024 * 1024


def folder_size(path: Path) -> int:
    """Bytes of every regular file under ``path`` (symlinks not followed nor counted)."""
    total = 0
    for root, _dirs, files in os.walk(path):
        for name in files:
            p = Path(root, name)
            if not p.is_symlink():
                total += p.stat().st_size
    return total


def build(spec: str, dist: Path, work: Path, *, quiet: bool = True) -> Path:
    """Run PyInstaller on ``packaging/<spec>``; the bundle folder it made."""
    cmd = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean",
           "--distpath", str(dist), "--workpath", str(work),
           "--log-level", "WARN" if quiet else "INFO", str(HERE / spec)]
    subprocess.run(cmd, check=True, cwd=REPO)
    name = spec.removesuffix(".spec")
    return dist / name


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--hello", action="store_true", help="build the hello-world baseline")
    parser.add_argument("--dist", type=Path, default=REPO / "dist")
    parser.add_argument("--work", type=Path, default=REPO / "build")
    parser.add_argument("--verbose", action="store_true", help="PyInstaller's INFO log")
    args = parser.parse_args(argv)

    if not args.hello:
        # The folder is not a package (``packaging`` is also a PyPI name): load by path.
        subprocess.run([sys.executable, str(HERE / "icons.py")], check=True, cwd=REPO)
    t0 = time.perf_counter()
    out = build("hello.spec" if args.hello else "followup.spec", args.dist, args.work,
                quiet=not args.verbose)
    print(f"bundle: {out} ({folder_size(out) / MIB:.1f} MiB) in "
          f"{time.perf_counter() - t0:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
