"""The use cases in ``followup_desktop.services``: one import entry with one backup rule,
the draft actions for one recipient or a whole round."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from followup_desktop.context import AppContext
from followup_desktop.paths import Paths
from followup_desktop.records import Kind, Profile, WindowState
from followup_desktop.services import drafts, imports
from followup_desktop.services.demo import fill_sample_data
from followup_desktop.store.backups import list_backups

DATA = Path(__file__).parent / "data"
NOW = dt.datetime(2026, 3, 4, 15, 0, tzinfo=dt.UTC)


class CountingClock:
    """A fixed clock that counts how often it was read."""

    def __init__(self, at: dt.datetime) -> None:
        self.at, self.reads = at, 0

    def __call__(self) -> dt.datetime:
        self.reads += 1
        return self.at


@pytest.fixture
def clock() -> CountingClock:
    return CountingClock(NOW)


@pytest.fixture
def ctx(tmp_path: Path, clock: CountingClock) -> Iterator[AppContext]:
    context = AppContext.open(Paths.for_data_dir(tmp_path / "data"), clock=clock)
    context.store.save_profile(Profile(name="Ada Park", email="ada.park@example.org",
                                       timezone="America/New_York"))
    yield context
    context.close()


def _data_file(tmp_path: Path) -> Path:
    f = tmp_path / "more.json"
    f.write_text(json.dumps({"format": "followup/1",
                             "applications": [{"company": "Extra", "role": "R"}]}))
    return f


@pytest.mark.parametrize("name", ["json", "invites/google.ics", "csv/excel_us.csv"])
def test_every_import_is_preceded_by_one_backup_named_the_same_way(
        ctx: AppContext, tmp_path: Path, name: str) -> None:
    path = _data_file(tmp_path) if name == "json" else DATA / name
    done = imports.import_file(ctx, path)
    assert done is not None and done.application_ids
    assert path.name in done.message or "Added" in done.message
    [backup] = list_backups(ctx.paths.backups)
    assert backup.reason == "before-import"
    assert backup.path.name.startswith("followup-") and backup.path.name.endswith(
        "Z-before-import.sqlite3")
    assert backup.counts is not None and backup.counts.applications == 0  # taken before


def test_a_declined_question_imports_nothing_and_takes_no_backup(ctx: AppContext,
                                                                 tmp_path: Path) -> None:
    asked: list[str] = []
    done = imports.import_file(ctx, _data_file(tmp_path),
                               confirm=lambda q: asked.append(q) or False)
    assert done is None
    assert asked == ["Add 1 application(s) from more.json? A backup is made first."]
    assert ctx.applications() == [] and list_backups(ctx.paths.backups) == []


def test_a_bad_file_saves_nothing_and_takes_no_backup(ctx: AppContext, tmp_path: Path) -> None:
    from followup_desktop.interchange import FormatError

    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "followup/1", "applications": [{"company": ""}]}')
    with pytest.raises(FormatError):
        imports.import_file(ctx, bad)
    assert ctx.applications() == [] and list_backups(ctx.paths.backups) == []


def _open_email_windows(ctx: AppContext) -> list:
    fill_sample_data(ctx)
    return [w for w in drafts.open_email_windows(ctx, NOW) if w.to]


def test_a_whole_round_marked_sent_reads_the_clock_once(ctx: AppContext,
                                                        clock: CountingClock) -> None:
    windows = _open_email_windows(ctx)
    assert len(windows) >= 2
    items = [(w, d) for w in windows[:2] for d in drafts.drafts_for(ctx, w, NOW)][:2]
    before = clock.reads
    ids = drafts.mark_sent(ctx, items)
    assert clock.reads == before + 1
    assert len(ids) == 2
    sent = [m for a in ctx.applications() for m in a.messages if m.id in ids]
    assert {m.sent_at for m in sent} == {NOW}
    open_now = {w.key for w in ctx.agenda(NOW)}
    assert not open_now & {w.key for w, _d in items}
    drafts.undo_sent(ctx, ids)
    assert {w.key for w, _d in items} <= {w.key for w in ctx.agenda(NOW)}


def test_skip_and_undo_a_round(ctx: AppContext) -> None:
    windows = _open_email_windows(ctx)[:2]
    drafts.skip(ctx, windows)
    states = {w.key: w.state for w in ctx.agenda(NOW)}
    assert all(w.key not in states for w in windows)
    drafts.undo_skip(ctx, windows)
    states = {w.key: w.state for w in ctx.agenda(NOW)}
    assert all(states[w.key] in (WindowState.OPEN, WindowState.OVERDUE, WindowState.SNOOZED)
               for w in windows)


def test_export_writes_the_files_and_marks_them_exported(ctx: AppContext,
                                                         tmp_path: Path) -> None:
    windows = _open_email_windows(ctx)[:2]
    items = [(w, drafts.drafts_for(ctx, w, NOW)[0]) for w in windows]
    done = drafts.export_drafts(ctx, items, tmp_path / "out", now=NOW)
    assert done.state_error is None
    assert [p.suffix for p in done.paths] == [".eml", ".eml"]
    assert ctx.store.get_value(drafts.EXPORT_DIR_KEY, "") == str(tmp_path / "out")
    states = ctx.store.states()
    assert all(states[w.key].exported_at == NOW for w in windows)


def test_debrief_done_only_for_a_debrief(ctx: AppContext) -> None:
    fill_sample_data(ctx)
    agenda = ctx.agenda(NOW)
    debrief = next(w for w in agenda if w.kind is Kind.DEBRIEF)
    mid = drafts.mark_debrief_done(ctx, debrief)
    assert debrief.key not in {w.key for w in ctx.agenda(NOW)}
    drafts.undo_sent(ctx, [mid])
    with pytest.raises(ValueError):
        drafts.mark_debrief_done(ctx, next(w for w in agenda if w.kind is not Kind.DEBRIEF))
