"""The sample data is :data:`~followup_desktop.services.demo.SAMPLES` read by one builder;
what it builds stays exactly what the demo has always shown (a golden file)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path
from zoneinfo import ZoneInfo

from followup_desktop.services.demo import demo_applications

GOLDEN = Path(__file__).parent / "golden" / "demo_applications.json"


def demo_json(now: dt.datetime, tz: str) -> str:
    specs = [dataclasses.asdict(s) for s in demo_applications(now, ZoneInfo(tz))]
    return json.dumps(specs, default=str, ensure_ascii=False, indent=1, sort_keys=True)


def golden_text() -> str:
    cases = [(dt.datetime(2026, 3, 2, 15, 7, 33, 123, tzinfo=dt.UTC), "America/New_York"),
             (dt.datetime(2026, 10, 31, 23, 59, tzinfo=dt.UTC), "Asia/Kolkata")]
    return "\n".join(demo_json(now, tz) for now, tz in cases) + "\n"


def test_the_sample_applications_are_what_the_demo_has_always_shown() -> None:
    assert golden_text() == GOLDEN.read_text(encoding="utf-8")


if __name__ == "__main__":  # regenerate: python -m tests.unit.test_demo_data
    GOLDEN.write_text(golden_text(), encoding="utf-8")
