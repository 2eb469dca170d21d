"""Item 13 of issue 23: a data file larger than the old 50 MB cap loads, within a memory
bound. ``python -m tests.faults.big_file FILE N`` writes N applications of ~1 KB as
``export`` writes them; ``python -m tests.faults.big_file FILE DB`` imports it into a new
database as ``import`` does (read and checked, then saved in one transaction) and prints
``APPS <n>``, ``BASE_MB`` (the process's peak RSS before: Python and the modules the
import uses), ``LOAD_MB`` and ``PEAK_MB``: how far the peak rose over that base while the
file was read, and by the end of the import."""

from __future__ import annotations

import json
import resource
import sys
from pathlib import Path


def write(path: Path, n: int) -> None:
    app = {"company": "Company", "role": "Role", "status": "active", "notes": "n" * 900,
           "interviews": [{"start": "2026-03-02T10:00:00Z", "duration_minutes": 60,
                           "format": "video", "tone": "formal", "decision_by": None,
                           "notes": "", "reflection": "", "uid": None,
                           "interviewers": [{"name": "Dana Whitfield",
                                             "email": "dana@northwind.example",
                                             "talking_points": ["streaming"]}],
                           "promises": []}],
           "events": [], "messages": []}
    with path.open("w", encoding="utf-8") as fh:
        fh.write('{\n  "format": "followup/1",\n  "profile": {"name": "Ada"},\n'
                 '  "applications": [\n')
        one = json.dumps(app, indent=2)
        for i in range(n):
            fh.write(("," if i else "") + one.replace('"Company"', f'"Company {i}"'))
        fh.write("\n  ]\n}\n")


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def load(path: Path, db: Path) -> None:
    from followup_desktop.interchange import load_file
    from followup_desktop.store import open_store

    store = open_store(db)  # (opening loads peewee, SQLite and the models)
    store.is_empty()
    base = _peak_mb()
    doc = load_file(path)
    loaded = _peak_mb()
    done = store.import_counted(doc.applications, doc.profile, settings=doc.settings,
                                words=doc.words)
    store.close()
    print("APPS", len(done.ids))
    print("BASE_MB", round(base))
    print("LOAD_MB", round(loaded - base))
    print("PEAK_MB", round(_peak_mb() - base))


if __name__ == "__main__":
    if sys.argv[2].isdigit():
        write(Path(sys.argv[1]), int(sys.argv[2]))
    else:
        load(Path(sys.argv[1]), Path(sys.argv[2]))
