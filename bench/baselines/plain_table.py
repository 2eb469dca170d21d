"""Baseline (a) "plain table": the plainest script that shows what the app's table shows.

    python bench/baselines/plain_table.py DATA_DIR

Python + peewee read every application's row -- company, role, latest round (its start as
the table writes it, and its format), the people's names, the status -- from the app's
database into a list of tuples, a ``QAbstractTableModel`` serves them to a ``QTableView``
in a 1200×760 ``QMainWindow``, shown and painted. The tables are declared here with
peewee's plain field types (the app's own models cannot be imported without the app).

It prints one JSON line (see ``_shown.py``): ``shown_wall`` is the end of the first full
paint of the window with its rows, ``cpu_shown_s`` the process's CPU time until then,
``peak_rss_kb`` its peak after settling. Then it leaves (``os._exit``).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from pathlib import Path

import peewee as pw
from PySide6.QtWidgets import QApplication, QMainWindow, QTableView

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _shown  # noqa: E402
from _tuple_model import TupleModel  # noqa: E402

DB = pw.SqliteDatabase(None)
HEADERS = ("Company", "Role", "Latest round", "People", "Status")
STATUS = {"active": "Active", "offer": "Offer", "rejected": "Rejected",
          "withdrawn": "Withdrawn", "closed-no-response": "No response"}
FORMATS = {"phone": "Phone", "video": "Video", "onsite": "On-site", "panel": "Panel"}


class Base(pw.Model):
    class Meta:
        database = DB


class Application(Base):
    company = pw.TextField()
    role = pw.TextField()
    status = pw.TextField()
    deleted_at = pw.TextField(null=True)

    class Meta:
        table_name = "application"


class Person(Base):
    application = pw.IntegerField(column_name="application_id")
    name = pw.TextField()

    class Meta:
        table_name = "person"


class Interview(Base):
    application = pw.IntegerField(column_name="application_id")
    start = pw.TextField()
    format = pw.TextField()

    class Meta:
        table_name = "interview"


def read_rows(db_path: str) -> list[tuple[str, str, str, str, str]]:
    DB.init(db_path)
    latest: dict[int, tuple[str, str]] = {}
    for app_id, start, fmt in (Interview.select(Interview.application, Interview.start,
                                                Interview.format)
                               .order_by(Interview.application, Interview.start).tuples()):
        latest[app_id] = (start, fmt)
    people: dict[int, list[str]] = {}
    for app_id, name in (Person.select(Person.application, Person.name)
                         .order_by(Person.id).tuples()):
        people.setdefault(app_id, []).append(name)
    year = dt.datetime.now(dt.UTC).year
    rows = []
    for app_id, company, role, status in (
            Application.select(Application.id, Application.company, Application.role,
                               Application.status)
            .where(Application.deleted_at.is_null()).order_by(Application.id).tuples()):
        if app_id in latest:
            start, fmt = latest[app_id]
            when = dt.datetime.fromisoformat(start)
            text = f"{when:%a %d %b}" if when.year == year else f"{when:%d %b %Y}"
            text = f"{text} · {FORMATS.get(fmt, fmt)}"
        else:
            text = "—"
        rows.append((company, role, text, ", ".join(people.get(app_id, ())),
                     STATUS.get(status, status)))
    return rows


def main() -> None:
    app = QApplication(sys.argv[:1])
    model = TupleModel(HEADERS, read_rows(str(Path(sys.argv[1]) / "followup.sqlite3")))
    window = QMainWindow()
    window.setWindowTitle("plain table")
    view = QTableView(window)
    view.setModel(model)
    window.setCentralWidget(view)
    window.resize(1200, 760)

    def report(facts: dict[str, object], final: bool) -> None:
        if final:
            sys.stdout.write(json.dumps({**facts, "rows": model.rowCount()}) + "\n")
            sys.stdout.flush()
            os._exit(0)

    expected = int(os.environ.get("FOLLOWUP_BENCH_ROWS") or 0)
    _shown.watch(window, lambda: model.rowCount() > 0 and model.rowCount() >= expected,
                 report)
    window.show()
    app.exec()


if __name__ == "__main__":
    main()
