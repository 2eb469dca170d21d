"""The activity report's rows: which applications and activities fall in the range."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from zoneinfo import ZoneInfo

from followup_desktop.importers.report_data import build_report, report_csv, report_html
from followup_desktop.importers.spreadsheet import read_csv
from followup_desktop.records import EventKind, Kind, Profile
from tests.helpers.builders import (
    main,
    make_app,
    make_event,
    make_interview,
    make_message,
    make_person,
)

NY = ZoneInfo("America/New_York")
UTC = dt.UTC
NOW = dt.datetime(2026, 4, 1, 12, tzinfo=UTC)


def _apps():
    dana = make_person("Dana Whitfield", title="Engineering Manager")
    nw = make_app(
        make_interview(dt.datetime(2026, 3, 2, 15, tzinfo=UTC), people=[main(dana)]),
        make_interview(dt.datetime(2026, 4, 2, 15, tzinfo=UTC), people=[dana]),
        company="Northwind Analytics", role="Data Engineer",
        created_at=dt.datetime(2026, 2, 20, 14, tzinfo=UTC),
        messages=[make_message(Kind.THANK_YOU, dt.datetime(2026, 3, 2, 20, tzinfo=UTC), dana)],
        events=[make_event(EventKind.REPLY, dt.datetime(2026, 3, 6, 21, tzinfo=UTC))])
    old = make_app(company="Contoso", role="Platform Engineer",
                   created_at=dt.datetime(2025, 11, 3, tzinfo=UTC))
    # 1 March 03:00 UTC is still 28 February in New York: outside a March report
    edge = make_app(company="Edge Corp", role="Analyst",
                    created_at=dt.datetime(2026, 3, 1, 3, tzinfo=UTC))
    return [nw, old, edge]


def test_range_picks_applications_and_activities_in_the_profile_zone() -> None:
    report = build_report(_apps(), dt.date(2026, 3, 1), dt.date(2026, 3, 31), NY, now=NOW,
                          profile=Profile(name="Ada Park"))
    assert [e.company for e in report.entries] == ["Northwind Analytics"]
    [entry] = report.entries
    assert [a.kind for a in entry.activities] == ["round", "message", "event"]
    assert entry.activities[0].what == "Interview (video, 60 min) with Dana Whitfield"
    assert entry.activities[1].what == "Thank-you sent to Dana Whitfield"
    assert entry.contacts == ("Dana Whitfield (Engineering Manager) <dana.whitfield@example.com>",)
    assert report.counts == (1, 1, 1)


def test_reversed_range_is_swapped_and_edge_days_count() -> None:
    report = build_report(_apps(), dt.date(2026, 2, 28), dt.date(2026, 2, 1), NY, now=NOW)
    assert (report.start, report.end) == (dt.date(2026, 2, 1), dt.date(2026, 2, 28))
    assert sorted(e.company for e in report.entries) == ["Edge Corp", "Northwind Analytics"]


def test_csv_and_html_hold_the_names_escaped() -> None:
    apps = _apps()
    from dataclasses import replace
    apps[0] = replace(apps[0], company="Northwind <Analytics> & Co")
    report = build_report(apps, dt.date(2026, 1, 1), dt.date(2026, 12, 31), NY, now=NOW)
    html = report_html(report, NY)
    assert "Northwind &lt;Analytics&gt; &amp; Co" in html and "<Analytics>" not in html
    table = read_csv(report_csv(report, NY))
    assert table.headers[0] == "Company"
    assert [c[0] for _, c in table.rows] == ["Northwind <Analytics> & Co", "Edge Corp"]


def test_importers_do_not_load_qt() -> None:
    code = ("import sys; import followup_desktop.importers.invite, "
            "followup_desktop.importers.spreadsheet, followup_desktop.importers.report_data; "
            "print(any(m.startswith('PySide6') for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == "False"
