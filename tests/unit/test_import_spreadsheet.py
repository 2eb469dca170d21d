"""Spreadsheets: CSV as Excel and Google Sheets write it, mapping, problems by row, round trips."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from followup_desktop.clock import fixed_clock
from followup_desktop.context import AppContext
from followup_desktop.importers.errors import ImportFileError
from followup_desktop.importers.spreadsheet import (
    DateOrder,
    Field,
    export_tables,
    guess_date_order,
    guess_mapping,
    parse_when,
    plan_import,
    read_csv,
    read_csv_file,
    to_csv_bytes,
    write_csv_files,
)
from followup_desktop.paths import Paths
from followup_desktop.records import Format, Profile, Status
from followup_desktop.services.imports import commit_import, import_csv_file

DATA = Path(__file__).parent / "data" / "csv"
UTC = dt.UTC
NY = ZoneInfo("America/New_York")
NOW = dt.datetime(2026, 3, 20, 12, 0, tzinfo=UTC)


def open_ctx(folder: Path) -> AppContext:
    ctx = AppContext.open(Paths.for_data_dir(folder), clock=fixed_clock(NOW))
    ctx.store.save_profile(Profile(name="Ada Park", email="ada.park@example.org",
                                   timezone="America/New_York"))
    return ctx


@pytest.fixture
def ctx(tmp_path: Path) -> Iterator[AppContext]:
    context = open_ctx(tmp_path / "data")
    yield context
    context.close()


def plan_of(name: str, **kw):
    table = read_csv_file(DATA / name)
    return table, plan_import(table, guess_mapping(table.headers), tz=NY, **kw)


# --- reading ---------------------------------------------------------------------------------


def test_excel_us_csv_with_bom_and_quoted_newlines() -> None:
    table, plan = plan_of("excel_us.csv")
    assert table.encoding == "utf-8-sig" and table.delimiter == ","
    assert table.headers[0] == "Company"  # no BOM left in the first header
    assert [n for n, _ in table.rows] == [2, 3, 4, 5]
    assert not plan.problems
    by = {p.spec.company: p for p in plan.applications}
    nw = by["Northwind Analytics"]
    assert nw.rows == (2, 5)  # two rows, one application with two rounds
    assert nw.spec.notes == "Referred by Sam.\nAsked about streaming pipelines."
    assert [iv.start for iv in nw.spec.interviews] == [
        dt.datetime(2026, 3, 2, 10, 0, tzinfo=NY).astimezone(UTC),
        dt.datetime(2026, 3, 13, 14, 30, tzinfo=NY).astimezone(UTC)]
    assert nw.spec.interviews[0].interviewers[0].email == "dana.whitfield@northwind-analytics.com"
    assert nw.spec.created_at == dt.datetime(2026, 2, 20, tzinfo=NY).astimezone(UTC)
    assert by["Woodgrove Bank"].spec.status is Status.REJECTED
    assert by["Woodgrove Bank"].spec.notes == 'Form rejection, "not a fit"'


def test_google_sheets_semicolons_german_headers_and_dates() -> None:
    table, plan = plan_of("sheets_de.csv")
    assert table.delimiter == ";" and table.encoding == "utf-8"
    mapping = guess_mapping(table.headers)
    assert mapping[0] is Field.COMPANY and mapping[1] is Field.ROLE
    assert mapping[2] is Field.APPLIED and mapping[3] is Field.INTERVIEW_DATE
    assert not plan.problems
    by = {p.spec.company: p.spec for p in plan.applications}
    assert by["Fabrikam GmbH"].interviews[0].start == \
        dt.datetime(2026, 3, 25, 9, 30, tzinfo=NY).astimezone(UTC)
    assert by["Müller & Söhne AG"].status is Status.REJECTED
    assert "Zoë Müller" in by["Müller & Söhne AG"].notes
    assert by["Tailspin; Toys"].notes == "Zeile mit\nUmbruch"
    assert by["Tailspin; Toys"].created_at == dt.datetime(2026, 3, 10, tzinfo=NY).astimezone(UTC)


def test_windows_code_page_csv() -> None:
    table, plan = plan_of("windows_1252.csv")
    assert table.encoding == "cp1252"
    assert [p.spec.company for p in plan.applications] == ["Müller Logistik", "Café Noir"]


def test_bad_rows_are_listed_with_their_row_numbers_and_reasons() -> None:
    _, plan = plan_of("bad_rows.csv")
    problems = {p.row: p.reason for p in plan.problems}
    assert sorted(problems) == [3, 4, 5, 6, 7, 8]
    assert "31/02/2026" in problems[3] and "not a date" in problems[3]
    assert problems[4] == "company is empty"
    assert "next week" in problems[5]
    assert "not-an-email" in problems[6]
    assert "maybe" in problems[7]
    assert "carrier pigeon" in problems[8]
    assert [p.spec.company for p in plan.applications] == ["Northwind Analytics",
                                                           "Woodgrove Bank"]
    assert "6 rows with problems" in plan.summary()


def test_cli_style_import_refuses_a_file_with_problems_and_saves_nothing(
        ctx: AppContext) -> None:
    with pytest.raises(ImportFileError, match=r"bad_rows.csv: 6 rows cannot be read") as exc:
        import_csv_file(ctx, DATA / "bad_rows.csv")
    # every one of them named, with why
    assert [line.split(":")[0] for line in str(exc.value).splitlines()[1:]] == [
        f"  Row {n}" for n in range(3, 9)]
    assert ctx.applications() == []


@pytest.mark.parametrize(("data", "words"), [
    (b"", "empty"),
    (b"\n\n  \n", "empty"),
    (b"company,role\x00\n", "binary"),
    (b"\xff\xfe" + "a,b\n".encode("utf-16-le") + b"\x00\xd8", "not readable"),
])
def test_unreadable_files(data: bytes, words: str) -> None:
    with pytest.raises(ImportFileError, match=words):
        read_csv(data)


def test_no_company_column_is_one_problem() -> None:
    table = read_csv(b"Role,Applied\nData Engineer,2026-01-02\n")
    plan = plan_import(table, guess_mapping(table.headers), tz=NY)
    assert [str(p) for p in plan.problems] == ["Row 1: no column is mapped to Company"]
    assert plan.applications == ()


def test_utf16_tab_separated_excel_unicode_text() -> None:
    data = "\ufeffCompany\tRole\nNorthwind\tData Engineer\n".encode("utf-16-le")
    table = read_csv(b"\xff\xfe" + data[2:])
    assert table.delimiter == "\t" and table.rows[0][1] == ("Northwind", "Data Engineer")


@pytest.mark.parametrize(("headers", "expected"), [
    (["Company", "Job Title", "Date", "Interviewer", "E-mail"],
     # a lone "Date" in a list of interviews is the interview's date (it was read as the
     # date applied, and the round was dropped without a word)
     [Field.COMPANY, Field.ROLE, Field.INTERVIEW_DATE, Field.CONTACT_NAME, Field.CONTACT_EMAIL]),
    (["Date", "Company", "Interview date"], [Field.APPLIED, Field.COMPANY, Field.INTERVIEW_DATE]),
    (["Company", "Date applied", "Date"], [Field.COMPANY, Field.APPLIED, Field.INTERVIEW_DATE]),
    (["Company", "Start", "Applied", "Date"],
     [Field.COMPANY, Field.INTERVIEW_DATE, Field.APPLIED, Field.IGNORE]),
    (["Firma", "Datum"], [Field.COMPANY, Field.INTERVIEW_DATE]),
    (["employer", "position", "interview date", "interview time", "recruiter email",
      "comments", "whatever"],
     [Field.COMPANY, Field.ROLE, Field.INTERVIEW_DATE, Field.INTERVIEW_TIME,
      Field.CONTACT_EMAIL, Field.NOTES, Field.IGNORE]),
    (["Company", "Company"], [Field.COMPANY, Field.IGNORE]),
])
def test_guess_mapping(headers: list[str], expected: list[Field]) -> None:
    mapping = guess_mapping(headers)
    assert [mapping[i] for i in range(len(headers))] == expected


@pytest.mark.parametrize(("text", "order", "expected", "has_time"), [
    ("2026-03-02", DateOrder.DAY_FIRST, dt.datetime(2026, 3, 2, tzinfo=NY), False),
    ("2026-03-02T10:00:00-05:00", DateOrder.DAY_FIRST, dt.datetime(2026, 3, 2, 10, tzinfo=NY),
     True),
    ("02/03/2026", DateOrder.DAY_FIRST, dt.datetime(2026, 3, 2, tzinfo=NY), False),
    ("03/02/2026", DateOrder.MONTH_FIRST, dt.datetime(2026, 3, 2, tzinfo=NY), False),
    ("02.03.26", DateOrder.MONTH_FIRST, dt.datetime(2026, 3, 2, tzinfo=NY), False),
    ("3/2/2026 2:30 PM", DateOrder.MONTH_FIRST, dt.datetime(2026, 3, 2, 14, 30, tzinfo=NY),
     True),
    ("2 Mar 2026", DateOrder.DAY_FIRST, dt.datetime(2026, 3, 2, tzinfo=NY), False),
    ("March 2, 2026 10:15", DateOrder.DAY_FIRST, dt.datetime(2026, 3, 2, 10, 15, tzinfo=NY),
     True),
    ("2nd March 2026", DateOrder.DAY_FIRST, dt.datetime(2026, 3, 2, tzinfo=NY), False),
])
def test_parse_when(text: str, order: DateOrder, expected: dt.datetime, has_time: bool) -> None:
    assert parse_when(text, order, NY) == (expected.astimezone(UTC), has_time)


@pytest.mark.parametrize("text", ["31/02/2026", "13/13/2026", "next week", "2026-13-01",
                                  "1/2/3", "12:00", "0001-01-01", "3/2/2026 25:00"])
def test_parse_when_rejects(text: str) -> None:
    from followup_desktop.importers.spreadsheet import ValueProblem

    with pytest.raises(ValueProblem):
        parse_when(text, DateOrder.MONTH_FIRST, NY)


def test_guess_date_order() -> None:
    assert guess_date_order(["3/25/2026", "4/1/2026"]) is DateOrder.MONTH_FIRST
    assert guess_date_order(["25/3/2026", "4/1/2026"]) is DateOrder.DAY_FIRST
    assert guess_date_order(["4/1/2026"], ",") is DateOrder.MONTH_FIRST
    assert guess_date_order(["4/1/2026"], ";") is DateOrder.DAY_FIRST


# --- committing ---------------------------------------------------------------------------------


def test_commit_is_one_transaction_after_a_backup(ctx: AppContext) -> None:
    _, plan = plan_of("excel_us.csv")
    ids = commit_import(ctx, plan)
    assert len(ids) == 3
    backups = list(ctx.paths.backups.glob("*before-import*.sqlite3"))
    assert len(backups) == 1
    apps = {a.company: a for a in ctx.applications()}
    assert apps["Northwind Analytics"].created_at == \
        dt.datetime(2026, 2, 20, tzinfo=NY).astimezone(UTC)
    assert len(apps["Northwind Analytics"].interviews) == 2
    # the same spreadsheet again: everything is already there, nothing doubles
    _, again = plan_of("excel_us.csv", existing=ctx.applications())
    assert again.to_add == [] and len(again.existing) == 3
    assert commit_import(ctx, again) == []
    assert len(ctx.applications()) == 3


def test_a_failing_import_leaves_nothing(ctx: AppContext, monkeypatch: pytest.MonkeyPatch) -> None:
    from followup_desktop.store import StoreError

    _, plan = plan_of("excel_us.csv")
    calls = {"n": 0}
    real = ctx.store._insert_application

    def flaky(spec):  # the third application fails mid-transaction
        calls["n"] += 1
        if calls["n"] == 3:
            raise StoreError("Not saved: the disk is full.")
        return real(spec)

    monkeypatch.setattr(ctx.store, "_insert_application", flaky)
    with pytest.raises(StoreError):
        commit_import(ctx, plan)
    assert ctx.applications() == []


# --- export and round trips ------------------------------------------------------------------


def _demo(ctx: AppContext) -> None:
    from followup_desktop.services.demo import demo_applications

    ctx.store.add_applications(demo_applications(NOW, NY))


def test_export_writes_four_files_atomically_and_refuses_to_overwrite(
        ctx: AppContext, tmp_path: Path) -> None:
    _demo(ctx)
    out = tmp_path / "out"
    out.mkdir()
    files = write_csv_files(ctx.applications(), out, NY)
    assert [f.name for f in files] == ["followup-applications.csv", "followup-rounds.csv",
                                       "followup-people.csv", "followup-messages.csv"]
    for f in files:
        assert f.read_bytes().startswith(b"\xef\xbb\xbf")
        assert len(read_csv(f.read_bytes()).rows) > 0
    with pytest.raises(ImportFileError, match="already exist"):
        write_csv_files(ctx.applications(), out, NY, entities=["people"])
    assert write_csv_files(ctx.applications(), out, NY, entities=["people"], overwrite=True)
    assert not list(out.glob(".*part"))


def test_formula_cells_are_defused_and_read_back_unchanged() -> None:
    data = to_csv_bytes(["Company", "Notes"], [["=HYPERLINK(\"x\")", "+1 555 0100"],
                                                ["@SUM(A1)", "-negotiable"]])
    assert b"'=HYPERLINK" in data and b"'@SUM" in data and b"'-negotiable" in data
    assert b"'+1 555" in data  # OWASP: every cell starting with + (issue 23, item 14)
    table = read_csv(data)
    assert [c for _, c in table.rows] == [("=HYPERLINK(\"x\")", "+1 555 0100"),
                                         ("@SUM(A1)", "-negotiable")]


def _csv_round_trip(tmp_path: Path, entity: str) -> tuple[list, list]:
    """The demo data exported as one CSV entity, imported into an empty folder."""
    src = open_ctx(tmp_path / "a")
    try:
        _demo(src)
        before = src.applications()
        files = write_csv_files(before, tmp_path, NY, entities=[entity])
    finally:
        src.close()
    dst = open_ctx(tmp_path / "b")
    try:
        table = read_csv_file(files[0])
        plan = plan_import(table, guess_mapping(table.headers), tz=NY)
        assert not plan.problems
        commit_import(dst, plan)
        after = dst.applications()
    finally:
        dst.close()
    return before, after


def test_round_trip_applications_csv(tmp_path: Path) -> None:
    before, after = _csv_round_trip(tmp_path, "applications")

    def key(apps):
        return sorted((a.company, a.role, a.status, a.notes, a.created_at) for a in apps)

    assert len(after) == len(before)
    assert key(after) == key(before)


def test_round_trip_rounds_csv(tmp_path: Path) -> None:
    before, after = _csv_round_trip(tmp_path, "rounds")

    def rounds(apps):
        return sorted(
            (a.company, a.role, a.status, iv.start, iv.duration_minutes, iv.format, iv.notes,
             tuple((p.person.name, p.person.email, p.person.title) for p in iv.participants))
            for a in apps for iv in a.interviews)

    assert rounds(after) == rounds(before)
    assert len(rounds(before)) > 0


def test_export_tables_columns(ctx: AppContext) -> None:
    _demo(ctx)
    tables = export_tables(ctx.applications(), NY)
    assert set(tables) == {"applications", "rounds", "people", "messages"}
    for headers, rows in tables.values():
        assert all(len(r) == len(headers) for r in rows)
    headers, rows = tables["messages"]
    assert rows and all(r[headers.index("Sent at")] for r in rows)


# --- never a traceback -------------------------------------------------------------------------


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.binary(max_size=400),
                 st.text(alphabet=st.sampled_from(list('ab,;\t"\n\r \'=@-1/.:é\x00')),
                         max_size=300).map(lambda t: t.encode("utf-8"))))
def test_any_bytes_give_rows_or_a_clear_error(data: bytes) -> None:
    try:
        table = read_csv(data)
    except ImportFileError as exc:
        assert str(exc)
        return
    assert all(len(cells) >= len(table.headers) for _, cells in table.rows)
    mapping = guess_mapping(table.headers)
    plan = plan_import(table, mapping, tz=NY)
    assert all(isinstance(p.row, int) for p in plan.problems)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.text(max_size=20), min_size=2, max_size=2), min_size=1,
                max_size=6))
def test_written_csv_reads_back_the_same_cells(rows: list[list[str]]) -> None:
    data = to_csv_bytes(["Company", "Notes"], rows)
    table = read_csv(data)

    def norm(c: str) -> str:
        return c.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")

    expected = [tuple(norm(c) for c in r) for r in rows if any(norm(c).strip() for c in r)]
    got = [tuple(c[:2]) for _, c in table.rows]
    assert got == expected


def test_plan_with_a_mapping_out_of_range_does_not_crash() -> None:
    table = read_csv(b"Company,Role\nNorthwind,Data Engineer\n")
    plan = plan_import(table, {0: Field.COMPANY, 7: Field.ROLE}, tz=NY)
    assert [p.spec.role for p in plan.applications] == [""]


def test_interview_rows_default_to_video_at_nine_without_time() -> None:
    table = read_csv(b"Company,Role,Interview date,Format\nNorthwind,DE,2026-03-02,\n"
                     b"Contoso,PE,2026-03-03,phone\n")
    plan = plan_import(table, guess_mapping(table.headers), tz=NY)
    ivs = [p.spec.interviews[0] for p in plan.applications]
    assert ivs[0].start == dt.datetime(2026, 3, 2, 9, tzinfo=NY).astimezone(UTC)
    assert ivs[0].format is Format.VIDEO and ivs[1].format is Format.PHONE


@pytest.mark.parametrize("cell", ["'=x", "''=x", "=x", "'x", "'+1", "+a", "-", "+1 555"])
def test_quote_prefixed_cells_survive_a_round_trip(cell: str) -> None:
    assert read_csv(to_csv_bytes(["a"], [[cell]])).rows[0][1][0] == cell
