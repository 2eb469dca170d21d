"""Core: the agenda in-process vs a plain row fetch; the CLI agenda vs a bare script."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from bench.harness import PY, Result, interleaved, median_time, ratio_result
from followup_desktop.store.models import (
    ApplicationRow,
    EventRow,
    FollowupStateRow,
    InterviewRow,
    MessageRow,
    ParticipantRow,
    PersonRow,
    PromiseRow,
    TalkingPointRow,
)

TABLES = (ApplicationRow, PersonRow, InterviewRow, ParticipantRow, TalkingPointRow, PromiseRow,
          EventRow, MessageRow, FollowupStateRow)

BASELINE_SCRIPT = """
import sys, peewee
db = peewee.SqliteDatabase(sys.argv[1])
class M(peewee.Model):
    class Meta: database = db
n = 0
for t in %r:
    n += len(db.execute_sql(f'SELECT * FROM "{t}"').fetchall())
print(n)
""" % (tuple(m._meta.table_name for m in TABLES),)


def fetch_rows() -> int:
    return sum(len(list(m.select().tuples())) for m in TABLES)


def run(data_dir: Path) -> list[Result]:
    from followup_desktop.context import AppContext
    from followup_desktop.paths import Paths

    ctx = AppContext.open(Paths.for_data_dir(data_dir))
    try:
        def agenda() -> int:
            ctx.invalidate()
            return len(ctx.agenda())

        baseline = median_time(fetch_rows, runs=7)
        measured = median_time(agenda, runs=7)
    finally:
        ctx.close()
    results = [ratio_result("agenda in-process (load + plan) vs row fetch (.tuples())",
                            measured, baseline, 3.0)]

    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "baseline.py"
        script.write_text(BASELINE_SCRIPT)
        db = str(data_dir / "followup.sqlite3")
        env = {**os.environ}
        times = interleaved({
            "cli": [PY, "-m", "followup_desktop", "--data-dir", str(data_dir), "agenda", "--json"],
            "base": [PY, str(script), db],
        }, runs=5, env=env)
    results.append(ratio_result("CLI `agenda --json` vs python+peewee fetch script",
                                times["cli"], times["base"], 2.0))
    return results
