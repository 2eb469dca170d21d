"""Data files that once ended in a traceback from the JSON layer (issue 23, item 12)."""

from __future__ import annotations

APP = '{"company": "A", "role": "B", "interviews": [{"start": "2026-03-02T10:00:00Z"%s}]}'

CASES: dict[str, str] = {
    "5,000-digit number": '{"format": "followup/1", "applications": [%s]}'
                          % (APP % (', "duration_minutes": ' + "9" * 5000)),
    "5,000-digit negative number": '{"format": "followup/1", "x": -' + "9" * 5000 + "}",
    "lone surrogate in a name": '{"format": "followup/1", "profile": {"name": "\\ud800"}}',
    "lone surrogate in notes": '{"format": "followup/1", "applications": [{"company": "A", '
                               '"role": "B", "notes": "x\\udfffy"}]}',
    "lone surrogate in a key": '{"format": "followup/1", "\\ud800": 1}',
    "lone surrogate in a talking point": '{"format": "followup/1", "applications": [%s]}'
                                         % (APP % ', "interviewers": [{"name": "D", '
                                                  '"talking_points": ["\\udc80"]}]'),
}
