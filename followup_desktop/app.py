"""``followup-desktop``: a command runs in the terminal; no command opens the window."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from types import SimpleNamespace
from typing import Any

from followup_desktop import SCREENSHOT_SIZE


def _display_problem() -> str | None:
    """A one-line explanation when Qt would abort for lack of a display, else None."""
    if not sys.platform.startswith("linux"):
        return None
    if os.environ.get("QT_QPA_PLATFORM"):
        return None
    if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        return None
    return ("followup-desktop: no display found (DISPLAY and WAYLAND_DISPLAY are unset). "
            "Run it from a desktop session, or on a headless machine use "
            "`xvfb-run -a make run` (or QT_QPA_PLATFORM=offscreen for --screenshot).")


def _gui_args(args: list[str]) -> SimpleNamespace | None:
    """The options when they only start the window (the usual launch), parsed without
    loading the command line's modules; None for anything else (``cli`` parses that)."""
    ns = SimpleNamespace(command=None, data_dir=None, screenshot=None, size=SCREENSHOT_SIZE,
                         selftest=False, hidden=False)
    i = 0
    while i < len(args):
        name, eq, value = args[i].partition("=")
        if not eq and name in ("--hidden", "--selftest"):
            setattr(ns, name[2:], True)
            i += 1
        elif name in ("--data-dir", "--screenshot", "--size"):
            if not eq:
                if i + 1 >= len(args) or args[i + 1].startswith("-"):
                    return None
                value = args[i + 1]
                i += 1
            setattr(ns, name[2:].replace("-", "_"), value)
            i += 1
        else:
            return None
    return ns


def builtin_hashes() -> bool:
    """Let :mod:`hashlib` use Python's built-in hash functions, not OpenSSL's.

    The window process needs hashes only to name its single-instance socket; peewee and
    Jinja2 import :mod:`hashlib` at load time. Through OpenSSL that maps libcrypto, about
    3.5 MB resident, for nothing. ``hashlib`` falls back to the built-in ``_sha2``,
    ``_md5``, ``_sha1``, ``_blake2`` and ``_sha3`` modules when ``_hashlib`` cannot be
    imported, as in a Python built without OpenSSL: same functions, same digests. True
    when the built-in functions are in use; a ``hashlib`` already loaded is left as it is.
    """
    if "hashlib" in sys.modules or "_hashlib" in sys.modules:
        return sys.modules.get("_hashlib", False) is None
    sys.modules["_hashlib"] = None  # type: ignore[assignment]  # "cannot be imported"
    return True


def _keep_class_code() -> None:
    """Dataclasses' methods compiled once, not at every start (``class_code``); what this
    run compiled anew is kept when it ends (the window keeps it once its data is shown)."""
    import atexit

    from followup_desktop import class_code

    class_code.install()
    atexit.register(class_code.save)


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    _keep_class_code()
    args: Any = _gui_args(args_list)
    if args is None:
        from followup_desktop import cli

        args = cli.build_parser().parse_args(args_list)
    if args.command is not None:
        from followup_desktop import cli

        code = cli.main(args_list)
        from followup_desktop import class_code

        class_code.save()
        # Everything is written and the database closed: skip tearing down the records of
        # a large plan object by object (tens of ms for years of data) on the way out.
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except BrokenPipeError:  # `agenda | head`: the reader left, which is fine
            pass
        os._exit(code)
    if args.screenshot or args.selftest:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    problem = _display_problem()
    if problem:
        print(problem, file=sys.stderr)
        return 1
    builtin_hashes()
    from followup_desktop.memory import large_blocks_mapped, one_malloc_arena

    one_malloc_arena()  # before Qt starts its painting threads
    large_blocks_mapped()
    # PySide6 before the rest of the app, so that its import hook never reads our sources.
    from followup_desktop.ui.pyside_fixes import import_qt

    import_qt()
    if args.selftest:  # touches nothing of the user's: it works in a temporary folder
        from followup_desktop.selftest import run_selftest

        return run_selftest()
    from followup_desktop.ui.application import run_gui

    return run_gui(args)


if __name__ == "__main__":
    sys.exit(main())
