"""A spreadsheet import never drops a row without a word: a column headed only "Date" in a
list of interviews is the interview's date (the round is imported, with its follow-ups),
and every row not imported is named with why, in the command line's words."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from followup_desktop.clock import fixed_clock
from followup_desktop.context import AppContext
from followup_desktop.importers.errors import ImportFileError
from followup_desktop.importers.spreadsheet import Field, guess_mapping, plan_import, read_csv
from followup_desktop.paths import Paths
from followup_desktop.records import Profile
from followup_desktop.services.imports import import_csv_file

UTC = dt.UTC
BERLIN = ZoneInfo("Europe/Berlin")
SHEET = ("Company,Role,Date,Interviewer,Email\n"
         "Northwind,Data Engineer,2026-03-02 10:00,Dana Whitfield,dana@northwind.example\n")


@pytest.fixture
def ctx(tmp_path: Path) -> Iterator[AppContext]:
    context = AppContext.open(Paths.for_data_dir(tmp_path / "data"),
                              clock=fixed_clock(dt.datetime(2026, 3, 2, 15, 0, tzinfo=UTC)))
    context.store.save_profile(Profile(name="Ada Park", email="ada@example.org",
                                       timezone="Europe/Berlin"))
    yield context
    context.close()


def test_a_lone_date_column_is_the_interviews_date_and_says_so() -> None:
    table = read_csv(SHEET.encode())
    mapping = guess_mapping(table.headers)
    assert mapping[2] is Field.INTERVIEW_DATE
    plan = plan_import(table, mapping, tz=BERLIN)
    [app] = plan.to_add
    [round_] = app.interviews
    assert round_.start == dt.datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # 10:00 in Berlin
    assert [p.email for p in round_.interviewers] == ["dana@northwind.example"]
    assert app.created_at is None
    assert any("“Date” is read as the interview date" in n for n in plan.notices)


def test_the_import_of_an_interview_list_with_a_date_column_plans_its_follow_ups(
        ctx: AppContext, tmp_path: Path) -> None:
    src = tmp_path / "interviews.csv"
    src.write_text(SHEET, encoding="utf-8")
    said = import_csv_file(ctx, src).message
    assert "1 round" in said and "read as the interview date" in said
    [app] = ctx.applications()
    assert len(app.interviews) == 1
    kinds = {w.kind.value for w in ctx.agenda(ctx.now())}
    assert "thank-you" in kinds


def test_every_row_not_imported_is_named_with_why(ctx: AppContext, tmp_path: Path) -> None:
    first = tmp_path / "first.csv"
    first.write_text("Company,Role\nOrchard Bank,Risk Analyst\n", encoding="utf-8")
    import_csv_file(ctx, first)
    src = tmp_path / "sheet.csv"
    src.write_text(
        "Company,Role,Interview date,Interviewer\n"
        "Northwind,Data Engineer,2026-03-02 10:00,Dana Whitfield\n"     # row 2
        "Northwind,Data Engineer,2026-03-02 10:00,Dana Whitfield\n"     # row 3: a repeat
        "Northwind,Data Engineer,2026-03-02 10:00,Marcus Oyelaran\n"    # row 4: one more
        "Orchard Bank,Risk Analyst,,\n"                                 # row 5: already in
        "Cobalt,Firmware Engineer,2026-03-03 11:00,Mei Tanaka\n",       # row 6
        encoding="utf-8")
    said = import_csv_file(ctx, src).message
    lines = said.splitlines()
    assert lines[0].startswith("Imported 2 application(s) from sheet.csv")
    tail = lines[lines.index("Not imported:") + 1:]
    assert tail == [
        "  Row 3: repeats row 2 (Northwind — Data Engineer): nothing new in it",
        "  Row 5: Orchard Bank — Risk Analyst is already in Followup"]
    northwind = next(a for a in ctx.applications() if a.company == "Northwind")
    [round_] = northwind.interviews
    assert sorted(p.person.name for p in round_.participants) == ["Dana Whitfield",
                                                                  "Marcus Oyelaran"]


def test_rows_with_problems_are_each_named_and_nothing_is_imported(
        ctx: AppContext, tmp_path: Path) -> None:
    src = tmp_path / "bad.csv"
    src.write_text("Company,Role,Date\n,Nobody,2026-03-02\nNorthwind,Eng,soon\n"
                   "Cobalt,Eng,2026-03-02\nCobalt,Eng,2026-03-02\n", encoding="utf-8")
    with pytest.raises(ImportFileError) as exc:
        import_csv_file(ctx, src)
    assert str(exc.value).splitlines() == [
        "bad.csv: 2 rows cannot be read, so nothing was imported (fix them, or import in "
        "the window to skip them):",
        "  Row 2: company is empty",
        "  Row 3: date “soon” is not a date (expected e.g. 2026-03-02 or 03/02/2026)",
        "  Row 5: repeats row 4 (Cobalt — Eng): nothing new in it"]
    assert ctx.applications() == []
