"""Qt's own chatter that says nothing to a user stays off the terminal.

The offscreen platform (``--screenshot``, ``--selftest``, tests) warns "This plugin does
not support propagateSizeHints()" for every top-level window it shows: a limitation of
the plugin, nothing wrong. Every other message goes where it went before.
"""

from __future__ import annotations

import contextlib
import sys
from typing import Any

#: Messages dropped, whole (the text Qt prints, without a trailing newline)
NOISE = frozenset({"This plugin does not support propagateSizeHints()"})


def install_message_filter() -> Any:
    """Install the filter; returns the handler it replaced (None: Qt's default)."""
    from PySide6.QtCore import qInstallMessageHandler

    previous: Any = None

    def on_message(kind: Any, context: Any, message: str) -> None:
        if message in NOISE:
            return
        if previous is not None:
            previous(kind, context, message)
        else:  # Qt's default handler: the text, on stderr
            with contextlib.suppress(OSError, ValueError):
                sys.stderr.write(message + "\n")

    previous = qInstallMessageHandler(on_message)
    return previous
