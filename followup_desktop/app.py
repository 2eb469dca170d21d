"""``followup-desktop``: a command runs in the terminal; no command opens the window."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence


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


def main(argv: Sequence[str] | None = None) -> int:
    from followup_desktop import cli

    args_list = list(sys.argv[1:] if argv is None else argv)
    parser = cli.build_parser()
    args = parser.parse_args(args_list)
    if args.command is not None:
        code = cli.main(args_list)
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
    from followup_desktop.ui.application import run_gui

    return run_gui(args)


if __name__ == "__main__":
    sys.exit(main())
