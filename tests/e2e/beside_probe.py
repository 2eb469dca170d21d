"""The real window process, reporting its table: run as ``python THIS DATA_DIR``.

Runs ``followup_desktop.app.main`` unchanged (the window, and the tray when there is
one) on DATA_DIR; the only addition: once the data is loaded, every change of the
interview table's rows prints one JSON line ``{"rows": N, "companies": [...]}`` on
stdout. The parent ends it with a signal.
"""

from __future__ import annotations

import json
import sys

import followup_desktop.ui.application as application
from followup_desktop import app

_loaded = application._Startup.after_loaded


def _report(window) -> None:  # noqa: ANN001
    model = window.model
    companies = sorted(model.row(r).cells[0] for r in range(model.rowCount()))
    sys.stdout.write(json.dumps({"rows": model.rowCount(), "companies": companies}) + "\n")
    sys.stdout.flush()


def after_loaded(self) -> None:  # noqa: ANN001
    _loaded(self)
    model = self.window.model
    for signal in (model.rowsInserted, model.rowsRemoved, model.modelReset,
                   model.dataChanged, model.layoutChanged):
        signal.connect(lambda *_: _report(self.window))
    _report(self.window)


application._Startup.after_loaded = after_loaded  # type: ignore[method-assign]

if __name__ == "__main__":
    sys.exit(app.main(["--data-dir", sys.argv[1]]))
