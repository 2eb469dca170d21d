"""Core: the agenda in-process vs a plain row fetch; the CLI agenda vs a bare script.

Both baselines fetch every row of the nine tables the agenda reads, with peewee's
``.tuples()`` — the issue's words: "only fetching those rows with peewee `.tuples()`" (in
process) and "a baseline script that starts Python, imports peewee and fetches the same
rows" (end to end). The script cannot import the app's own models without importing the
app, so it declares the same tables with peewee's plain field types (integer, boolean,
text): it fetches through peewee like the app would, but converts less (date-times stay
text), so it is if anything a little quicker than a fetch with the app's models.

For transparency the CLI row's note also gives the ratio against a script that fetches
the same rows with raw ``execute_sql`` (sqlite3 cursors, no peewee row handling at all):
that is a floor no Python program that builds records can reach, not the issue's target.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import peewee as pw

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

RAW_SCRIPT = (
    "import sys, peewee\n"
    "db = peewee.SqliteDatabase(sys.argv[1])\n"
    "n = 0\n"
    f"for t in {tuple(m._meta.table_name for m in TABLES)!r}:\n"
    "    n += len(db.execute_sql(f'SELECT * FROM \"{t}\"').fetchall())\n"
    "print(n)\n"
)


def _plain_field(f: pw.Field) -> str:
    """The peewee declaration of a column with the plain field type it is stored as."""
    if isinstance(f, pw.AutoField):
        return "peewee.AutoField()"
    base = ("IntegerField" if isinstance(f, pw.ForeignKeyField | pw.IntegerField)
            else "BooleanField" if isinstance(f, pw.BooleanField) else "TextField")
    pk = ", primary_key=True" if f.primary_key else ""
    return f"peewee.{base}(column_name={f.column_name!r}{pk})"


def tuples_script() -> str:
    """A script that starts Python, imports peewee and fetches the rows with ``.tuples()``."""
    lines = ["import sys, peewee",
             "db = peewee.SqliteDatabase(sys.argv[1])",
             "class Base(peewee.Model):",
             "    class Meta:",
             "        database = db",
             "MODELS = []"]
    for m in TABLES:
        lines.append(f"class T{m.__name__}(Base):")
        for f in m._meta.sorted_fields:
            lines.append(f"    {f.name} = {_plain_field(f)}")
        lines += ["    class Meta:", f"        table_name = {m._meta.table_name!r}",
                  f"MODELS.append(T{m.__name__})"]
    lines.append("print(sum(len(list(m.select().tuples())) for m in MODELS))")
    return "\n".join(lines) + "\n"


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
        tuples_py = Path(tmp) / "baseline_tuples.py"
        tuples_py.write_text(tuples_script())
        raw_py = Path(tmp) / "baseline_raw.py"
        raw_py.write_text(RAW_SCRIPT)
        db = str(data_dir / "followup.sqlite3")
        env = {**os.environ}
        times = interleaved({
            "cli": [PY, "-m", "followup_desktop", "--data-dir", str(data_dir), "agenda", "--json"],
            "base": [PY, str(tuples_py), db],
            "raw": [PY, str(raw_py), db],
        }, runs=5, env=env)
    note = (f"against a script fetching the same rows with raw execute_sql instead: "
            f"{times['raw']:.0f} ms, {times['cli'] / times['raw']:.2f}×")
    results.append(ratio_result("CLI `agenda --json` vs python+peewee fetch script (.tuples())",
                                times["cli"], times["base"], 2.0, note=note))
    return results
