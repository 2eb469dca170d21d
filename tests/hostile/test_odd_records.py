"""Items 4 and 7: odd records are cleaned where they enter, refused at the field when they
cannot be, and one bad draft fails alone, named, while the others are written; the same
rule for names holds for every way in (data file, invitation, spreadsheet, store)."""

from __future__ import annotations

import json

import pytest

from tests.hostile.conftest import AT, document, person, thank_you_draft

PERSIAN = "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"
MARCUS = person("Marcus Oyelaran", "marcus@northwind.example")


@pytest.mark.parametrize(("raw", "clean"), [
    ("Dana\tWhitfield", "Dana Whitfield"),
    ("\ufeffDana Whitfield", "Dana Whitfield"),
    ("Dana\u200b Whitfield", "Dana Whitfield"),
    ("Dana\u2060Whitfield\u200e", "DanaWhitfield"),
    ("=?UTF-8?B?RGFuYSBXaGl0ZmllbGQ=?=", "Dana Whitfield"),
    ("=?iso-8859-1?q?Ren=E9e_M=FCller?=", "Renée Müller"),
    (PERSIAN, PERSIAN),  # a zero-width non-joiner shapes the word: kept
])
def test_names_are_cleaned_where_they_enter(run, tmp_path, raw, clean):
    code, out, err = run.import_doc(document(person(raw), MARCUS), tmp_path)
    assert code == 0, err
    code, out, err = run("drafts", str(tmp_path / "out"), "--at", AT)
    assert code == 0, err
    names = sorted(p.name for p in (tmp_path / "out").glob("*.eml"))
    assert len(names) == 2, (names, err)
    # the list printed, and the names on disk, carry the cleaned name
    assert clean in out or clean.replace("\u200c", "") in out


@pytest.mark.parametrize("raw", ["Dana\nBcc: evil@example.com", "Dana\x07", "Dana\u2028x",
                                 "Dana \ud800"])
def test_what_cannot_be_cleaned_is_refused_at_the_field(raw):
    from followup_desktop.guards import FieldError, check_line

    with pytest.raises(FieldError):
        check_line(raw, "the name")


def test_a_subject_a_draft_cannot_carry_is_refused_at_import(run, tmp_path):
    doc = document(person(), MARCUS, drafts=[thank_you_draft(subject="S" * 301)])
    code, out, err = run.import_doc(doc, tmp_path)
    assert code == 1
    assert "applications[0].drafts[0].subject: longer than 300 characters" in err


def test_one_bad_draft_fails_alone_named_while_the_others_are_written(run, tmp_path):
    doc = document(person(), MARCUS, drafts=[thank_you_draft(attachments=["gone.pdf"])])
    assert run.import_doc(doc, tmp_path)[0] == 0
    code, out, err = run("drafts", str(tmp_path / "out"), "--at", AT)
    assert code == 1
    lines = err.splitlines()
    assert lines[0].startswith("followup-desktop: not written: Thank-you to Dana Whitfield "
                               "(Northwind): ") and "gone.pdf" in lines[0]
    assert [p.name for p in (tmp_path / "out").glob("*.eml")] == [
        "Thank-you - Marcus Oyelaran - Northwind.eml"]
    assert out.splitlines()[0] == "Thank-you - Marcus Oyelaran - Northwind.eml"


def test_the_version_2_output_one_line_per_draft_and_its_warnings(run, tmp_path):
    assert run.import_doc(document(person(), MARCUS), tmp_path)[0] == 0
    code, out, err = run("drafts", str(tmp_path / "out"), "--at", AT)
    assert code == 0, err
    files = sorted(p.name for p in (tmp_path / "out").glob("*.eml"))
    heads = [line for line in out.splitlines()[:-1] if not line.startswith("  ")]
    assert sorted(heads) == files
    for line in out.splitlines()[:-1]:
        if line.startswith("  "):
            assert line.startswith("  warning: ") and line.count(": ") >= 2
    assert out.splitlines()[-1] == f"Drafts in {tmp_path / 'out'}: 2 written."


def test_a_template_without_a_subject_falls_back_and_says_so(run, tmp_path):
    assert run.import_doc(document(person(), MARCUS), tmp_path)[0] == 0
    (run.data_dir / "templates").mkdir()
    (run.data_dir / "templates" / "thank-you.txt.j2").write_text("Dear you,\n")
    code, out, err = run("drafts", str(tmp_path / "out"), "--at", AT)
    assert code == 0, err
    assert len(list((tmp_path / "out").glob("*.eml"))) == 2
    assert "warning: template: thank-you.txt.j2: the template sets no subject" in out
    assert "Dear you," in "".join(p.read_text() for p in (tmp_path / "out").glob("*.eml"))


INVITE = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//x//y//EN
BEGIN:VEVENT
UID:abc-1
DTSTAMP:20260301T090000Z
DTSTART:20260318T140000Z
DTEND:20260318T150000Z
SUMMARY:Interview - Northwind - Data Engineer
ORGANIZER;CN={cn}:mailto:dana@northwind.example
ATTENDEE;CN=Ada Park:mailto:ada@example.com
END:VEVENT
END:VCALENDAR
"""


@pytest.mark.parametrize(("cn", "stored"), [
    ('"Dana^nBcc: evil@example.com"', "Dana"),  # refused: named by the address
    ("=?UTF-8?B?RGFuYSBXaGl0ZmllbGQ=?=", "Dana Whitfield"),
    ('"\ufeffDana\u200b Whitfield"', "Dana Whitfield"),
])
def test_invite_names_go_through_the_same_rule(run, tmp_path, cn, stored):
    profile = {"format": "followup/1", "applications": [],
               "profile": {"name": "Ada Park", "email": "ada@example.com"}}
    assert run.import_doc(profile, tmp_path, "profile.json")[0] == 0
    ics = tmp_path / "invite.ics"
    ics.write_text(INVITE.format(cn=cn).replace("\n", "\r\n"), encoding="utf-8")
    code, out, err = run("import", str(ics))
    assert code == 0, err
    code, out, err = run("export", str(tmp_path / "all.json"))
    assert code == 0, err
    doc = json.loads((tmp_path / "all.json").read_text())
    names = [p["name"] for a in doc["applications"] for i in a["interviews"]
             for p in i["interviewers"]]
    assert names == [stored], names
    assert all("\n" not in n and "Bcc" not in n for n in names)


def test_the_store_refuses_a_name_with_a_line_break_whatever_way_it_came(tmp_path):
    import datetime as dt

    from followup_desktop.records import ApplicationSpec, InterviewSpec, PersonSpec
    from followup_desktop.store import StoreError, open_store

    store = open_store(tmp_path / "x.sqlite3")
    try:
        spec = ApplicationSpec(company="N", role="R", interviews=(InterviewSpec(
            start=dt.datetime(2026, 3, 2, 10, tzinfo=dt.UTC),
            interviewers=(PersonSpec(name="Dana\nBcc: evil@example.com"),)),))
        with pytest.raises(StoreError, match="line break"):
            store.add_application(spec)
        spec = ApplicationSpec(company="N", role="R", interviews=(InterviewSpec(
            start=dt.datetime(2026, 3, 2, 10, tzinfo=dt.UTC),
            interviewers=(PersonSpec(name="\ufeffDana\tWhitfield"),)),))
        app_id = store.add_application(spec)
        assert [p.name for p in store.load_applications([app_id])[0].people] == [
            "Dana Whitfield"]
    finally:
        store.close()
