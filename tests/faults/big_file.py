"""Item 13 of issue 23: a data file larger than the old 50 MB cap loads, within a memory
bound. ``python -m tests.faults.big_file FILE N`` writes N applications of ~1 KB as
``export`` writes them; ``python -m tests.faults.big_file FILE`` loads it and prints
``APPS <n>`` and ``PEAK_MB <rss>``."""

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


def load(path: Path) -> None:
    from followup_desktop.interchange import load_file

    doc = load_file(path)
    print("APPS", len(doc.applications))
    print("PEAK_MB", round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024))


if __name__ == "__main__":
    if len(sys.argv) == 3:
        write(Path(sys.argv[1]), int(sys.argv[2]))
    else:
        load(Path(sys.argv[1]))
