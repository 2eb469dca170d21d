"""Import PySide6 the way Followup wants it: ``import_qt()`` before any other module.

PySide6 (6.4 and later, PYSIDE-2029) installs an import hook for its ``__feature__``
switches (``snake_case``, ``true_property``). For every module imported after PySide6 -- and
for every module already imported when it loads -- the hook asks whether the module's
source mentions "PySide6", through ``inspect.getsource(module)``. That reads each file
through :mod:`linecache`, which keeps every line of every module for the rest of the
process: about 100,000 lines and 10 MB for Followup and its libraries, read and split on
the way to the first frame.

Followup uses no ``__feature__`` switch. :func:`import_qt` keeps the hook and its answer and
changes only how the question is asked: the file is read as bytes, searched for
``b"PySide6"`` and dropped (for a source file in UTF-8 or ASCII, as Python's own modules
are, the answer is the same; anything that is not a plain ``.py`` file still goes to
PySide6's own function). If a future PySide6 no longer has the function, nothing is
changed. ``tests/gui/test_qt_binding.py`` checks both answers agree module by module.
"""

from __future__ import annotations

import sys
from types import ModuleType
from typing import Any

_MARK = "_followup_reads_bytes"


def _reads_bytes(original: Any) -> Any:
    def mod_uses_pyside(module: ModuleType) -> bool:
        path = getattr(module, "__file__", None)
        if not isinstance(path, str) or not path.endswith(".py"):
            return bool(original(module))
        try:
            with open(path, "rb") as fh:
                return b"PySide6" in fh.read()
        except OSError:  # as inspect.getsource: no readable source, no PySide6 in it
            return False

    setattr(mod_uses_pyside, _MARK, True)
    mod_uses_pyside.original = original  # type: ignore[attr-defined]
    return mod_uses_pyside


def quiet_feature_scan() -> bool:
    """Swap PySide6's source scan for the byte search; True when it is (now) swapped."""
    feature = sys.modules.get("shibokensupport.feature")
    original = getattr(feature, "_mod_uses_pyside", None)
    if feature is None or not callable(original):
        return False
    if not getattr(original, _MARK, False):
        feature._mod_uses_pyside = _reads_bytes(original)  # type: ignore[attr-defined]
    return True


def import_qt() -> None:
    """Import QtCore, QtGui and QtWidgets, then swap the scan before anything else loads."""
    import PySide6.QtCore  # noqa: F401  (loads shibokensupport.feature)

    quiet_feature_scan()
    import PySide6.QtGui  # noqa: F401
    import PySide6.QtWidgets  # noqa: F401


def own_viewport(view: Any) -> Any:
    """Give a scroll area (a table, a list) a viewport made here, and return it.

    The first time Python receives a ``QWidget*`` it did not make -- ``viewport()`` of a
    view, say -- PySide6 resolves its type by trying every ``QWidget`` subclass it knows,
    which builds the Python type of each (67 of them, ``QWizard`` to ``QMdiArea``, with
    their enums): about 35 ms and 2.2 MB at a start on the development VM, for classes the
    window never uses. A viewport made in Python has its type already. Qt's default
    viewport is a plain ``QWidget`` too (``QAbstractScrollArea::setViewport``)."""
    from PySide6.QtWidgets import QWidget

    viewport = QWidget(view)
    view.setViewport(viewport)
    return viewport
