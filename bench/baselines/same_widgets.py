"""Baseline (b) "same widgets": the kinds of widget the window has, each made plainly.

    python bench/baselines/same_widgets.py [ROWS]

A ``QMainWindow`` (1200×760) with a menu bar (File, Edit, View, Help, a few items each), a
toolbar (eight actions), a search field, a ``QTableView`` over a ``QAbstractTableModel`` of
ROWS (10,000) tuples of six short strings, a ``QCalendarWidget``, an agenda ``QTreeWidget``
(four groups, 200 items), a ``QPlainTextEdit`` holding a note, and a status bar with a
label; peewee and Jinja2 are imported (and one template compiled), as the app needs them.
No database is read. Prints one JSON line like ``plain_table.py`` (``_shown.py``).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import jinja2
import peewee  # noqa: F401  -- imported, as the app imports it
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QCalendarWidget,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPlainTextEdit,
    QSplitter,
    QTableView,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _shown  # noqa: E402
from _tuple_model import TupleModel  # noqa: E402

HEADERS = ("Company", "Role", "Latest round", "People", "Status", "Next follow-up")


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.setWindowTitle("same widgets")
    window.resize(1200, 760)
    for title, items in (("&File", ("Import…", "Export…", "Quit")),
                         ("&Edit", ("Undo", "Redo", "New application…", "Settings…")),
                         ("&View", ("Calendar", "Composer")), ("&Help", ("About",))):
        menu = window.menuBar().addMenu(title)
        for text in items:
            menu.addAction(text)
    toolbar = window.addToolBar("Main")
    for text in ("New", "Round", "Debrief", "Replied", "Rejected", "Offer", "Withdraw",
                 "Delete"):
        toolbar.addAction(text)

    rows = [(f"Company {i}", "Data Engineer", "Mon 02 Nov · Video",
             f"Person {i}-0, Person {i}-1", "Active", "Thank-you due in 5 h")
            for i in range(n)]
    model = TupleModel(HEADERS, rows)
    left = QWidget()
    lay = QVBoxLayout(left)
    search = QLineEdit(left)
    search.setPlaceholderText("Search")
    table = QTableView(left)
    table.setModel(model)
    editor = QPlainTextEdit(left)
    template = jinja2.Environment(autoescape=False).from_string(
        "Dear {{ name }},\n\nthank you for {{ what }}.\n\nBest regards,\n{{ me }}")
    editor.setPlainText(template.render(name="Dana", what="the conversation", me="Bench"))
    lay.addWidget(search)
    lay.addWidget(table, 3)
    lay.addWidget(editor, 2)
    right = QWidget()
    rlay = QVBoxLayout(right)
    calendar = QCalendarWidget(right)
    agenda = QTreeWidget(right)
    agenda.setHeaderHidden(True)
    for g, name in enumerate(("Overdue", "Today", "This week", "Later")):
        group = QTreeWidgetItem(agenda, [name])
        for k in range(50):
            QTreeWidgetItem(group, [f"Thank-you note to Person {g}-{k} — Company {k}"])
        group.setExpanded(True)
    rlay.addWidget(calendar)
    rlay.addWidget(agenda, 1)
    splitter = QSplitter(Qt.Orientation.Horizontal)
    splitter.addWidget(left)
    splitter.addWidget(right)
    window.setCentralWidget(splitter)
    window.statusBar().addWidget(QLabel(f"{n:,} applications"))

    def report(facts: dict[str, object], final: bool) -> None:
        if final:
            sys.stdout.write(json.dumps({**facts, "rows": model.rowCount()}) + "\n")
            sys.stdout.flush()
            os._exit(0)

    _shown.watch(window, lambda: True, report)
    window.show()
    app.exec()


if __name__ == "__main__":
    main()
