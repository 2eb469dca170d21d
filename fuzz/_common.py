"""Shared by the harnesses: run under atheris when executed, replay inputs when imported."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))


def main(test_one_input: Callable[[bytes], None], name: str) -> None:
    """``python fuzz/fuzz_x.py [libFuzzer options] [corpus dirs]`` — atheris's libFuzzer
    command line; with no corpus given, the harness's seed corpus is used."""
    import shutil
    import tempfile

    import atheris

    args = list(sys.argv)
    if not any(not a.startswith("-") for a in args[1:]):
        # libFuzzer adds what it finds to the first corpus folder: work on a copy.
        work = Path(tempfile.mkdtemp(prefix=f"fuzz-{name}-"))
        shutil.copytree(HERE / "corpus" / name, work, dirs_exist_ok=True)
        args.append(str(work))
    atheris.Setup(args, test_one_input)
    atheris.Fuzz()
