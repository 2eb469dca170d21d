"""Item 14: CSV cells per OWASP, a clock before 1970, and (item 13) drafts streamed."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.hostile.conftest import document

CELLS = ["-2+3+cmd|' /C calc'!A0", "+1+HYPERLINK(\"http://x.example\")", "=1+1", "@SUM(A1)",
         "\t=1+1", "\r=1+1", "-5", "+49 30 1234", "'=already quoted"]


@pytest.mark.parametrize("cell", CELLS)
def test_every_cell_a_spreadsheet_would_run_is_quoted_and_reads_back(cell):
    from followup_desktop.importers.spreadsheet import read_csv, to_csv_bytes

    data = to_csv_bytes(["Company", "Notes"], [["Acme", cell]])
    written = data.decode("utf-8-sig").splitlines()[1:]
    value = next(iter(__import__("csv").reader(["\n".join(written)])))[1]
    assert value.startswith("'"), value
    back = [c for _, c in read_csv(data).rows][0][1]
    assert back == cell.replace("\r", "\n")


def test_a_clock_before_1970_stores_nothing(tmp_path):
    from followup_desktop.clock import fixed_clock
    from followup_desktop.interchange import parse_document
    from followup_desktop.records import ApplicationSpec
    from followup_desktop.store import StoreError, open_store

    clock = fixed_clock(dt.datetime(1969, 12, 31, 23, 0, tzinfo=dt.UTC))
    store = open_store(tmp_path / "x.sqlite3", clock=clock)
    try:
        doc = parse_document(document())
        with pytest.raises(StoreError, match="clock says 1969-12-31"):
            store.import_document(doc.applications, doc.profile)
        with pytest.raises(StoreError, match="clock says 1969"):
            store.add_application(ApplicationSpec(company="A", role="R"))
        assert store.is_empty()
    finally:
        store.close()


def test_drafts_are_streamed_not_gathered():
    """The writer yields the first outcome before it has read every draft (a list of
    every message once took 9.4 GB for 190,000 drafts)."""
    from followup_desktop.compose.model import Draft
    from followup_desktop.compose.stream import stream_emls
    from followup_desktop.records import Kind, Profile

    read = []

    def drafts():
        for i in range(10):
            read.append(i)
            yield Draft(Kind.THANK_YOU, f"k{i}", i, f"P {i}", f"p{i}@example.com", "Thanks",
                        "Body\n", company="Acme")

    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as tmp:
        outcomes = stream_emls(drafts(), Profile(name="Ada", email="ada@example.com"),
                               Path(tmp), dt.datetime(2026, 3, 2, tzinfo=dt.UTC), batch=2)
        first = next(outcomes)
        assert first.path is not None and len(read) <= 3
        rest = list(outcomes)
        assert len(rest) == 9 and all(o.path is not None for o in rest)
