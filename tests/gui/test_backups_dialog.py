"""The Backups dialog, the auto-backup timer, the recovery chooser and the read-only banner."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from followup_desktop.context import AppContext
from followup_desktop.paths import Paths
from followup_desktop.records import ApplicationSpec
from followup_desktop.services.startup import Choice, ProblemKind, open_checked
from followup_desktop.store.backups import BackupManager
from followup_desktop.ui.backups_dialog import (
    BackupsDialog,
    BackupsModel,
    human_size,
    install_auto_backups,
)
from followup_desktop.ui.recovery_dialog import (
    RecoveryDialog,
    open_with_recovery,
    read_only_banner,
)


class Clock:
    def __init__(self) -> None:
        self.now = dt.datetime(2026, 3, 2, 15, 0, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def ctx(tmp_path: Path, clock: Clock) -> Iterator[AppContext]:
    c = AppContext.open(Paths.for_data_dir(tmp_path / "data"), clock=clock)
    yield c
    c.close()


def test_lists_backups_with_counts_and_restores_one(qtbot: Any, ctx: AppContext,
                                                    clock: Clock) -> None:
    manager = BackupManager(ctx.store, ctx.paths, clock)
    ctx.store.add_application(ApplicationSpec(company="Kept", role="R"))
    first = manager.backup_now()
    clock.now += dt.timedelta(days=1)  # (same-day backups thin to the newest)
    ctx.store.add_application(ApplicationSpec(company="Later", role="R"))
    asked: list[str] = []
    dialog = BackupsDialog(ctx, manager, confirm=lambda t: asked.append(t) or True,
                           inform=lambda t: pytest.fail(t))
    qtbot.addWidget(dialog)
    assert dialog.model.rowCount() == 1
    m = dialog.model
    assert m.index(0, BackupsModel.COL_APPS).data() == "1"
    assert m.index(0, BackupsModel.COL_SIZE).data() == human_size(first.stat().st_size)
    assert "2026" in m.index(0, BackupsModel.COL_DATE).data()
    assert dialog.backup_now()
    assert dialog.model.rowCount() == 2
    assert dialog.proxy.index(0, BackupsModel.COL_APPS).data() == "2"  # newest first
    assert dialog.select_path(first)
    with qtbot.waitSignal(dialog.restored, timeout=5000):
        assert dialog.restore_selected()
    assert asked and "backed up first" in asked[0]
    assert [a.company for a in ctx.applications()] == ["Kept"]  # ctx sees the new store
    assert dialog.model.rowCount() >= 3  # the before-restore backup is listed


def test_restore_cancelled_changes_nothing(qtbot: Any, ctx: AppContext, clock: Clock) -> None:
    manager = BackupManager(ctx.store, ctx.paths, clock)
    ctx.store.add_application(ApplicationSpec(company="A", role="R"))
    manager.backup_now()
    ctx.store.add_application(ApplicationSpec(company="B", role="R"))
    dialog = BackupsDialog(ctx, manager, confirm=lambda t: False)
    qtbot.addWidget(dialog)
    store = ctx.store
    assert not dialog.restore_selected()
    assert ctx.store is store and len(ctx.applications()) == 2


def test_model_passes_the_model_tester(qtmodeltester: Any, ctx: AppContext,
                                       clock: Clock) -> None:
    manager = BackupManager(ctx.store, ctx.paths, clock)
    ctx.store.add_application(ApplicationSpec(company="A", role="R"))
    manager.backup_now()
    model = BackupsModel()
    model.set_backups(manager.list())
    qtmodeltester.check(model)


def test_auto_backup_timer_takes_a_backup_when_due(qtbot: Any, ctx: AppContext,
                                                   clock: Clock) -> None:
    from PySide6.QtWidgets import QWidget

    window = QWidget()
    qtbot.addWidget(window)
    manager = install_auto_backups(window, ctx, interval_ms=60_000)
    timer = window.backup_timer  # type: ignore[attr-defined]
    assert timer.isActive()
    timer.timeout.emit()  # fired by hand: nothing changed, no backup
    assert manager.list() == []
    ctx.store.add_application(ApplicationSpec(company="A", role="R"))
    timer.timeout.emit()
    assert len(manager.list()) == 1


def test_recovery_dialog_offers_the_choices(qtbot: Any, tmp_path: Path, clock: Clock) -> None:
    paths = Paths.for_data_dir(tmp_path / "d")
    ctx, _ = open_checked(paths, clock)
    assert ctx is not None
    ctx.store.add_application(ApplicationSpec(company="A", role="R"))
    BackupManager(ctx.store, paths, clock).backup_now()
    ctx.close()
    paths.db.write_bytes(b"garbage" * 1000)
    ctx, problem = open_checked(paths, clock)
    assert ctx is None and problem is not None and problem.kind is ProblemKind.DAMAGED
    dialog = RecoveryDialog(problem)
    qtbot.addWidget(dialog)
    assert dialog.choice() is Choice.RESTORE_BACKUP  # the default
    assert set(dialog.buttons) == set(Choice)
    dialog.choose(Choice.START_EMPTY)
    assert dialog.choice() is Choice.START_EMPTY


def test_open_with_recovery_restores_the_backup(qtbot: Any, tmp_path: Path,
                                                clock: Clock) -> None:
    paths = Paths.for_data_dir(tmp_path / "d")
    ctx, _ = open_checked(paths, clock)
    assert ctx is not None
    ctx.store.add_application(ApplicationSpec(company="A", role="R"))
    BackupManager(ctx.store, paths, clock).backup_now()
    ctx.close()
    paths.db.write_bytes(b"garbage" * 1000)
    seen = []
    result = open_with_recovery(paths, clock, choose=lambda p: seen.append(p) or
                                Choice.RESTORE_BACKUP, inform=lambda t: pytest.fail(t))
    assert result is not None and seen
    ctx, banner = result
    assert banner is None and [a.company for a in ctx.applications()] == ["A"]
    ctx.close()


def test_read_only_banner_says_why(qtbot: Any) -> None:
    from PySide6.QtWidgets import QLabel

    banner = read_only_banner("The data folder is read-only.")
    qtbot.addWidget(banner)
    assert banner.findChild(QLabel).text() == "The data folder is read-only."
    assert banner.accessibleDescription() == "The data folder is read-only."
