"""The mail code loads only once a mail account is set up (window and tray alike), and
``services.mail`` still hands out every name it did."""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
from pathlib import Path

from followup_desktop.context import AppContext
from followup_desktop.paths import Paths
from tests.helpers.window import fill_demo


def test_every_mail_name_resolves_to_its_submodule() -> None:
    mail = importlib.import_module("followup_desktop.services.mail")
    for name in mail.__all__:
        home = mail._MODULE_OF[name]
        assert getattr(mail, name) is getattr(
            importlib.import_module(f"followup_desktop.services.mail.{home}"), name)
    assert set(mail._MODULE_OF) == set(mail.__all__)


SCRIPT = """
import json, sys
from PySide6.QtWidgets import QApplication, QMainWindow
from followup_desktop.context import AppContext
from followup_desktop.paths import Paths
from followup_desktop.reminders.scheduler import ReminderScheduler
from followup_desktop.ui.mail_sync import install_mail_sync
app = QApplication([])
ctx = AppContext.open(Paths.for_data_dir(sys.argv[1]))
if sys.argv[2] == "journal":  # the mail recorded something (the account since forgotten)
    ctx.store.set_value("mail.journal", {"records": []})
window = QMainWindow()
scheduler = ReminderScheduler(ctx)
sync = install_mail_sync(ctx, window, scheduler)
scheduler.start()
scheduler.ticker.timeout.emit()
print(json.dumps(sorted(m for m in sys.modules if m.startswith(
    ("followup_desktop.services.mail", "imaplib", "ssl", "email")))))
ctx.close()
"""


def _loaded(data: Path, mode: str) -> list[str]:
    out = subprocess.run([sys.executable, "-c", SCRIPT, str(data), mode],
                         capture_output=True, text=True, timeout=120,
                         env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert out.returncode == 0, out.stderr[-2000:]
    return list(json.loads(out.stdout.strip().splitlines()[-1]))


def test_the_windows_mail_sync_loads_no_mail_code_without_an_account(tmp_path: Path) -> None:
    paths = Paths.for_data_dir(tmp_path / "d")
    ctx = AppContext.open(paths)
    fill_demo(ctx, ctx.now())
    ctx.close()
    assert _loaded(paths.data_dir, "none") == []
    # something recorded: the reply label asks the journal (the sync's code, not IMAP's)
    loaded = _loaded(paths.data_dir, "journal")
    assert "followup_desktop.services.mail.sync" in loaded and "imaplib" not in loaded
