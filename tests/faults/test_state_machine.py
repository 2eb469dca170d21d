"""A hypothesis state machine over the real store: create, edit, delete, autosave (a
draft), backup, restore, reopen and crash. After every step the database equals the
model's last committed state."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from followup_desktop.paths import Paths
from followup_desktop.records import ApplicationSpec
from followup_desktop.services.startup import open_checked
from followup_desktop.store.backups import BackupManager
from followup_desktop.store.connection import running_marker
from followup_desktop.store.models import ApplicationRow, DraftRow
from tests.faults.conftest import Tally

UTC = dt.UTC
T0 = dt.datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
TALLY = Tally()

names = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")),
                min_size=1, max_size=20)

# model: app id -> (company, role, notes, deleted); drafts: app id -> body
Model = tuple[dict[int, tuple[str, str, str, bool]], dict[int, str]]


class StoreMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.root = Path(tempfile.mkdtemp(prefix="followup-sm-"))
        self.steps = 0
        self.generation = 0
        self.paths = Paths.for_data_dir(self.root / "d0")
        self.apps: dict[int, tuple[str, str, str, bool]] = {}
        self.drafts: dict[int, str] = {}
        self.snapshots: dict[str, Model] = {}  # backup file name -> model at that time
        self._open()

    def clock(self) -> dt.datetime:
        return T0 + dt.timedelta(hours=7 * self.steps)

    def _open(self) -> None:
        ctx, problem = open_checked(self.paths, self.clock)
        assert ctx is not None and problem is None, problem
        self.ctx = ctx
        self.manager = BackupManager(ctx.store, self.paths, self.clock)

    def teardown(self) -> None:
        self.ctx.close()
        shutil.rmtree(self.root, ignore_errors=True)
        TALLY("state-machine-runs", True)

    def _tick(self) -> None:
        self.steps += 1

    def live(self) -> list[int]:
        return sorted(k for k, v in self.apps.items() if not v[3])

    # -- rules ----------------------------------------------------------------------------

    @rule(company=names, role=names)
    def create(self, company: str, role: str) -> None:
        self._tick()
        app_id = self.ctx.store.add_application(ApplicationSpec(company=company, role=role))
        assert app_id not in self.apps
        self.apps[app_id] = (company, role, "", False)

    @precondition(lambda self: self.live())
    @rule(data=st.data(), company=names, notes=names)
    def edit(self, data: st.DataObject, company: str, notes: str) -> None:
        self._tick()
        app_id = data.draw(st.sampled_from(self.live()))
        role = self.apps[app_id][1]
        self.ctx.store.update_application(app_id, company=company, role=role, notes=notes)
        self.apps[app_id] = (company, role, notes, False)

    @precondition(lambda self: self.live())
    @rule(data=st.data())
    def delete(self, data: st.DataObject) -> None:
        self._tick()
        app_id = data.draw(st.sampled_from(self.live()))
        self.ctx.store.delete_application(app_id)
        self.apps[app_id] = (*self.apps[app_id][:3], True)

    @precondition(lambda self: self.live())
    @rule(data=st.data(), body=names)
    def autosave(self, data: st.DataObject, body: str) -> None:
        self._tick()
        app_id = data.draw(st.sampled_from(self.live()))
        self.ctx.store.save_draft(app_id, f"{app_id}:thank-you", None, subject="s", body=body)
        self.drafts[app_id] = body

    @rule()
    def backup(self) -> None:
        self._tick()
        path = self.manager.backup_now("manual")
        self.snapshots[path.name] = (dict(self.apps), dict(self.drafts))

    @precondition(lambda self: self.snapshots)
    @rule(data=st.data())
    def restore(self, data: st.DataObject) -> None:
        self._tick()
        available = sorted(b.path.name for b in self.manager.list()
                           if b.path.name in self.snapshots)
        if not available:
            return
        name = data.draw(st.sampled_from(available))
        self.ctx.store = self.manager.restore(self.paths.backups / name)
        self.ctx.invalidate()
        apps, drafts = self.snapshots[name]
        self.apps, self.drafts = dict(apps), dict(drafts)

    @rule()
    def reopen(self) -> None:
        self._tick()
        self.ctx.close()
        assert not running_marker(self.paths.db).exists()  # a clean close
        self._open()

    @rule()
    def crash(self) -> None:
        """The files exactly as a SIGKILL would leave them (committed pages are in the
        files; nothing is checkpointed or cleaned up), then start from those files."""
        self._tick()
        self.generation += 1
        crashed = Paths.for_data_dir(self.root / f"d{self.generation}")
        shutil.copytree(self.paths.data_dir, crashed.data_dir)  # db, -wal, marker, backups
        assert running_marker(crashed.db).exists()
        self.ctx.close()  # the old process is gone; its folder is no longer used
        self.paths = crashed
        self._open()

    # -- the invariant --------------------------------------------------------------------

    @invariant()
    def database_equals_model(self) -> None:
        rows = {r.id: (r.company, r.role, r.notes, r.deleted_at is not None)
                for r in ApplicationRow.select()}
        drafts = {r.application_id: r.body for r in DraftRow.select()}
        ok = rows == self.apps and drafts == self.drafts
        TALLY("state-machine-steps", ok)
        assert rows == self.apps
        assert drafts == self.drafts


@pytest.mark.slow
def test_store_state_machine() -> None:
    try:
        run_state_machine_as_test(StoreMachine, settings=settings(
            max_examples=60, stateful_step_count=30, deadline=None, database=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much]))
    except BaseException:
        TALLY("state-machine-runs", False)
        raise
