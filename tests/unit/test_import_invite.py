"""Calendar invites → rounds: real-shaped Google, Outlook, Zoom invites and broken files."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from followup_desktop.clock import fixed_clock
from followup_desktop.context import AppContext
from followup_desktop.importers.errors import ImportFileError, InviteCancelled
from followup_desktop.importers.invite import (
    InvitePerson,
    company_from_domain,
    guess_company_role,
    guess_format,
    iana_zone,
    parse_invite,
)
from followup_desktop.interchange import FormatError
from followup_desktop.paths import Paths
from followup_desktop.records import Format, Profile
from followup_desktop.services.imports import (
    find_target,
    import_invite_file,
    read_invite,
    save_invite,
)

DATA = Path(__file__).parent / "data" / "invites"
UTC = dt.UTC
NY = ZoneInfo("America/New_York")
ME = {"ada.park@example.org"}
NOW = dt.datetime(2026, 2, 25, 12, 0, tzinfo=UTC)


def parse(name: str, tz: ZoneInfo = NY, own: set[str] = ME):
    return parse_invite((DATA / name).read_bytes(), own, tz=tz, own_names={"Ada Park"},
                        name=name)


@pytest.fixture
def ctx(tmp_path: Path) -> Iterator[AppContext]:
    context = AppContext.open(Paths.for_data_dir(tmp_path / "data"), clock=fixed_clock(NOW))
    context.store.save_profile(Profile(name="Ada Park", email="Ada.Park@example.org",
                                       timezone="America/New_York"))
    yield context
    context.close()


# --- parsing real-shaped invites -------------------------------------------------------------


def test_google_invite_time_people_company_role_and_meet_link() -> None:
    [g] = parse("google.ics")
    assert g.start == dt.datetime(2026, 3, 2, 15, 0, tzinfo=UTC)  # 10:00 EST
    assert g.zone_name == "America/New_York"
    assert g.duration_minutes == 60
    assert (g.company, g.role) == ("Northwind Analytics", "Data Engineer")
    assert g.format is Format.VIDEO
    assert g.url == "https://meet.google.com/xkq-prta-uvw"
    # the user and the meeting room are not people; the organizer is listed once, first
    assert [(p.name, p.email, p.organizer) for p in g.people] == [
        ("Dana Whitfield", "dana.whitfield@northwind-analytics.com", True),
        ("Lee Chen", "lee.chen@northwind-analytics.com", False),
    ]
    assert g.uid == "5m2k8v0q1c7h9s3d4f6g8j0l2n@google.com"
    assert not g.cancelled and not g.recurring and not g.all_day
    spec = g.interview_spec()
    assert spec.interviewers[0].main_contact and not spec.interviewers[1].main_contact
    assert spec.uid == g.uid
    # Google's ~:~ rulers are gone from the notes, the text stays
    assert "You'll meet Dana and Lee." in spec.notes and "-::~:~" not in spec.notes


def test_outlook_windows_zone_name_folded_lines_teams_and_non_ascii_names() -> None:
    [g] = parse("outlook.ics")
    # "Pacific Standard Time" is America/Los_Angeles: 14:00 PDT (DST began 8 March) = 21:00Z
    assert g.zone_name == "America/Los_Angeles"
    assert g.start == dt.datetime(2026, 3, 10, 21, 0, tzinfo=UTC)
    assert (g.company, g.role) == ("Contoso", "Senior Platform Engineer")
    assert g.format is Format.VIDEO
    assert g.url.startswith("https://teams.microsoft.com/l/meetup-join/")
    assert [p.name for p in g.people] == ["Zoë Müller", "李雷", "Marcus O'Brien"]
    # the folded UID was unfolded whole
    assert g.uid == ("040000008200E00074C5B7101A82E00800000000B0D4C1E1A3A8DC01000000000000000"
                     "0100000003D1E8B9F42A6F94C8F1D0A4B6E3C2A11")
    assert "Senior Platform Engineer position" in g.description


def test_outlook_west_europe_zone_with_address_is_onsite() -> None:
    [g] = parse("outlook_berlin.ics")
    assert g.zone_name == "Europe/Berlin"
    assert g.start == dt.datetime(2026, 3, 25, 8, 30, tzinfo=UTC)  # 09:30 CET
    assert g.format is Format.ONSITE
    assert (g.company, g.role) == ("Fabrikam", "Data Engineer")
    # a CN that is just the user's address does not hide the user: still left out by email
    assert [p.email for p in g.people] == ["jonas.becker@fabrikam.de"]


def test_zoom_invite_company_from_the_organizer_domain() -> None:
    [g] = parse("zoom.ics")
    assert g.start == dt.datetime(2026, 4, 1, 14, 0, tzinfo=UTC)  # 15:00 BST
    assert g.duration_minutes == 45
    assert g.format is Format.VIDEO
    assert g.company == "Tailspin Toys"  # priya@tailspin-toys.co.uk
    assert g.role == ""
    assert any("Role not found" in n for n in g.notes)


def test_all_day_invite_gets_a_default_time_and_says_so() -> None:
    [g] = parse("allday.ics")
    assert g.all_day
    assert g.start == dt.datetime(2026, 3, 18, 9, 0, tzinfo=NY).astimezone(UTC)
    assert any("All-day" in n and "09:00" in n for n in g.notes)
    assert (g.company, g.role) == ("Woodgrove Bank", "Risk Analyst")
    assert g.format is Format.ONSITE


def test_recurring_invite_first_occurrence_only() -> None:
    [g] = parse("recurring.ics")  # the master and one moved occurrence: one guess
    assert g.recurring
    assert g.start == dt.datetime(2026, 3, 16, 15, 0, tzinfo=UTC)
    assert g.duration_minutes == 30
    assert any("first occurrence" in n for n in g.notes)
    assert (g.company, g.role) == ("Adatum", "Product Designer")
    # the user's CN is their email address: still recognised as the user
    assert [p.name for p in g.people] == ["Maya Singh"]


def test_no_attendees_floating_time_in_the_profile_zone_and_phone_format() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    [g] = parse("no_attendees.ics", tz=berlin)
    assert g.start == dt.datetime(2026, 3, 12, 14, 30, tzinfo=berlin).astimezone(UTC)
    assert g.people == ()
    assert g.format is Format.PHONE
    assert (g.company, g.role) == ("Litware", "Backend Developer")
    assert any("Nobody else" in n for n in g.notes)


def test_cancelled_invite_is_flagged() -> None:
    [g] = parse("cancelled.ics")
    assert g.cancelled


@pytest.mark.parametrize(("name", "words"), [
    ("not_ical.ics", "not a calendar invite"),
    ("garbage.ics", "not a calendar invite"),
    ("no_vevent.ics", "no meeting in it"),
    ("no_dtstart.ics", "has no start time"),
])
def test_malformed_files_give_a_clear_message(name: str, words: str) -> None:
    with pytest.raises(ImportFileError, match=words) as info:
        parse(name)
    assert name in str(info.value)
    assert isinstance(info.value, FormatError)  # the command line prints it as one line


@pytest.mark.parametrize("data", [
    b"", b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:20260101T100000Z\r\n",
    b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:tomorrow\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
    b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "BEGIN:VCALENDAR\r\n\u00e9\r\n".encode("latin-1"),
])
def test_more_broken_invites_raise_import_file_error(data: bytes) -> None:
    with pytest.raises(ImportFileError):
        parse_invite(data, ME, tz=NY)


@pytest.mark.parametrize(("tzid", "zone"), [
    ("Pacific Standard Time", "America/Los_Angeles"),
    ("W. Europe Standard Time", "Europe/Berlin"),
    ("Eastern Standard Time", "America/New_York"),
    ("India Standard Time", "Asia/Calcutta"),
    ("America/Chicago", "America/Chicago"),
    ("/mozilla.org/20050126_1/America/New_York", "America/New_York"),
    ("UTC", "UTC"),
])
def test_tzid_names(tzid: str, zone: str) -> None:
    found = iana_zone(tzid)
    assert found is not None and found.key == zone


def test_unknown_tzid_without_vtimezone_falls_back_with_a_note() -> None:
    data = (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:x1\r\n"
            b"DTSTART;TZID=Atlantis Standard Time:20260310T100000\r\n"
            b"DTEND;TZID=Atlantis Standard Time:20260310T103000\r\n"
            b"SUMMARY:Northwind interview\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
    [g] = parse_invite(data, ME, tz=NY)
    assert g.start == dt.datetime(2026, 3, 10, 10, 0, tzinfo=NY).astimezone(UTC)
    assert g.duration_minutes == 30
    assert any("Atlantis Standard Time" in n for n in g.notes)


def test_old_outlook_offset_name_uses_its_offset() -> None:
    data = (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:x2\r\n"
            b"DTSTART;TZID=\"(UTC+05:30) Chennai, Kolkata, Mumbai, New Delhi\":20260310T100000\r\n"
            b"SUMMARY:Interview\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
    [g] = parse_invite(data, ME, tz=NY)
    assert g.start == dt.datetime(2026, 3, 10, 4, 30, tzinfo=UTC)
    assert any("no end time" in n for n in g.notes)


@pytest.mark.parametrize(("summary", "people", "expected"), [
    ("Interview: Data Engineer at Northwind", (), ("Northwind", "Data Engineer")),
    ("Northwind <> Ada Park — Data Engineer", (), ("Northwind", "Data Engineer")),
    ("Invitation: Data Engineer interview @ Tue Mar 10, 2026 10am - 11am (EST) "
     "(ada.park@example.org)", (InvitePerson("Dana", "dana@northwind.com", True),),
     ("Northwind", "Data Engineer")),
    ("Phone screen with Litware (Backend Developer)", (), ("Litware", "Backend Developer")),
    ("[Contoso] Final round – Staff Software Engineer", (),
     ("Contoso", "Staff Software Engineer")),
    ("Interview with Dana Whitfield", (InvitePerson("Dana Whitfield", "dana@fabrikam.com",
                                                    True),), ("Fabrikam", "")),
    ("Zoom meeting", (InvitePerson("Priya", "priya@gmail.com", True),), ("", "")),
    ("30 Minute Meeting between Ada Park and Dana Whitfield",
     (InvitePerson("Dana Whitfield", "dana@woodgrove.com", True),), ("Woodgrove", "")),
])
def test_guess_company_and_role(summary: str, people: tuple[InvitePerson, ...],
                                expected: tuple[str, str]) -> None:
    assert guess_company_role(summary, people, {"Ada Park"}, ME) == expected


@pytest.mark.parametrize(("email", "company"), [
    ("dana@northwind-analytics.com", "Northwind Analytics"),
    ("priya@tailspin-toys.co.uk", "Tailspin Toys"),
    ("sam@mail.woodgrovebank.com", "Woodgrovebank"),
    ("someone@gmail.com", ""),
    ("noreply@greenhouse.io", ""),
    ("calendar-notification@google.com", ""),
])
def test_company_from_domain(email: str, company: str) -> None:
    assert company_from_domain(email) == company


@pytest.mark.parametrize(("summary", "location", "url", "description", "fmt"), [
    ("Interview", "https://us02web.zoom.us/j/123", "", "", Format.VIDEO),
    ("Interview", "Microsoft Teams Meeting", "", "", Format.VIDEO),
    ("Interview", "", "", "Join: https://meet.google.com/abc-defg-hij", Format.VIDEO),
    ("Interview", "+1 (415) 555-0132", "", "", Format.PHONE),
    ("Recruiter call", "", "", "", Format.PHONE),
    ("Phone screen", "", "", "Zoom dial-in +1 646 558 8656", Format.PHONE),
    ("Interview", "200 Park Avenue, New York", "", "", Format.ONSITE),
    ("Panel interview", "https://zoom.us/j/1", "", "", Format.PANEL),
    ("On-site interview", "", "", "", Format.ONSITE),
    ("Interview", "", "", "", Format.VIDEO),
])
def test_guess_format(summary: str, location: str, url: str, description: str,
                      fmt: Format) -> None:
    assert guess_format(summary, location, url, description) is fmt


# --- saving ------------------------------------------------------------------------------------


def test_import_creates_an_application_with_the_round_and_people(ctx: AppContext) -> None:
    line = import_invite_file(ctx, DATA / "google.ics").message
    assert "Northwind Analytics — Data Engineer" in line and "Dana Whitfield" in line
    [app] = ctx.applications()
    assert (app.company, app.role) == ("Northwind Analytics", "Data Engineer")
    [iv] = app.interviews
    assert iv.start == dt.datetime(2026, 3, 2, 15, 0, tzinfo=UTC)
    assert iv.uid == "5m2k8v0q1c7h9s3d4f6g8j0l2n@google.com"
    assert [(p.person.name, p.main_contact) for p in iv.participants] == [
        ("Dana Whitfield", True), ("Lee Chen", False)]
    # a backup was taken before the import
    assert list(ctx.paths.backups.glob("*before-import*.sqlite3"))


def test_reimport_same_uid_updates_the_round(ctx: AppContext) -> None:
    import_invite_file(ctx, DATA / "google.ics")
    [app] = ctx.applications()
    iv = app.interviews[0]
    # the user wrote something about the round: an updated invite must keep it
    from dataclasses import replace

    from followup_desktop.records import InterviewSpec, PersonSpec
    ctx.store.save_interview(app.id, iv.id, InterviewSpec(
        start=iv.start, duration_minutes=iv.duration_minutes, format=iv.format,
        notes="Asked about streaming.", uid=iv.uid,
        interviewers=tuple(PersonSpec(p.person.name, email=p.person.email,
                                      main_contact=p.main_contact,
                                      talking_points=("their Kafka migration",))
                           for p in iv.participants)))
    line = import_invite_file(ctx, DATA / "google_moved.ics").message
    assert line.startswith("Updated the round")
    [app2] = ctx.applications()
    assert app2.id == app.id
    [iv2] = app2.interviews
    assert iv2.id == iv.id
    assert iv2.start == dt.datetime(2026, 3, 3, 18, 30, tzinfo=UTC)
    assert iv2.notes == "Asked about streaming."
    assert iv2.participants[0].talking_points == ("their Kafka migration",)
    assert replace(iv2.participants[0].person, id=0).name == "Dana Whitfield"


def test_second_invite_for_the_same_company_and_role_joins_its_application(
        ctx: AppContext) -> None:
    import_invite_file(ctx, DATA / "google.ics")
    data = (DATA / "google.ics").read_bytes().replace(b"UID:5m2k8v", b"UID:second-round-")
    other = ctx.paths.data_dir / "round2.ics"
    other.write_bytes(data.replace(b"20260302T1", b"20260309T1"))
    import_invite_file(ctx, other)
    [app] = ctx.applications()
    assert len(app.interviews) == 2


def test_cancelled_invite_removes_nothing_and_says_so(ctx: AppContext) -> None:
    import_invite_file(ctx, DATA / "google.ics")
    with pytest.raises(InviteCancelled, match="nothing was removed"):
        import_invite_file(ctx, DATA / "cancelled.ics")
    [app] = ctx.applications()
    assert len(app.interviews) == 1


def test_cancelled_invite_without_a_round_imports_nothing(ctx: AppContext) -> None:
    with pytest.raises(InviteCancelled, match="nothing was imported"):
        import_invite_file(ctx, DATA / "cancelled.ics")
    assert ctx.applications() == []


def test_profile_email_is_left_out_case_insensitively(ctx: AppContext) -> None:
    [g] = read_invite(ctx, DATA / "google.ics")
    assert all(p.email != "ada.park@example.org" for p in g.people)


def test_find_target_and_save_with_the_users_corrections(ctx: AppContext) -> None:
    [g] = read_invite(ctx, DATA / "zoom.ics")
    assert find_target(ctx, g).application_id is None
    from dataclasses import replace
    fixed = replace(g, role="Game Designer", format=Format.PHONE,
                    people=g.people + (InvitePerson("Tom Ng", "tom@tailspin-toys.co.uk"),))
    result = save_invite(ctx, fixed)
    app = ctx.application(result.application_id)
    assert app is not None and app.role == "Game Designer"
    assert app.interviews[0].format is Format.PHONE
    assert [p.name for p in app.people] == ["Priya Natarajan", "Tom Ng"]


def test_save_refuses_an_unknown_company(ctx: AppContext) -> None:
    [g] = read_invite(ctx, DATA / "zoom.ics")
    from dataclasses import replace
    with pytest.raises(ImportFileError, match="company"):
        save_invite(ctx, replace(g, company=" "))
    assert ctx.applications() == []


def test_missing_file_is_a_clear_error(ctx: AppContext) -> None:
    with pytest.raises(ImportFileError, match="cannot read"):
        import_invite_file(ctx, ctx.paths.data_dir / "nope.ics")


# --- the command line, end to end -------------------------------------------------------------


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env.pop("FOLLOWUP_DATA_DIR", None)
    return subprocess.run([sys.executable, "-m", "followup_desktop", *args],
                          capture_output=True, text=True, env=env, timeout=120,
                          cwd=Path(__file__).parents[2])


def test_cli_import_invite_end_to_end(tmp_path: Path) -> None:
    d = str(tmp_path / "d")
    profile = tmp_path / "profile.json"
    profile.write_text('{"format": "followup/1", "profile": {"name": "Ada Park", '
                       '"email": "ada.park@example.org", "timezone": "America/New_York"}}')
    assert _cli("--data-dir", d, "import", str(profile)).returncode == 0
    first = _cli("--data-dir", d, "import", str(DATA / "outlook.ics"))
    assert first.returncode == 0, first.stderr
    assert "Contoso — Senior Platform Engineer" in first.stdout
    assert "Zoë Müller" in first.stdout
    again = _cli("--data-dir", d, "import", str(DATA / "outlook.ics"))
    assert again.returncode == 0, again.stderr
    assert again.stdout.startswith("Updated the round")
    out = tmp_path / "all.json"
    exported = _cli("--data-dir", d, "export", str(out))
    assert exported.returncode == 0, exported.stderr
    import json
    doc = json.loads(out.read_text(encoding="utf-8"))
    [app] = doc["applications"]
    [iv] = app["interviews"]
    assert iv["start"] in ("2026-03-10T21:00:00Z", "2026-03-10T21:00:00+00:00")
    assert [p["name"] for p in iv["interviewers"]] == ["Zoë Müller", "李雷", "Marcus O'Brien"]


def test_cli_without_a_profile_email_says_to_set_it(tmp_path: Path) -> None:
    run = _cli("--data-dir", str(tmp_path / "d"), "import", str(DATA / "google.ics"))
    assert run.returncode == 0, run.stderr
    assert "your email" in run.stdout


@pytest.mark.parametrize("name", ["garbage.ics", "no_dtstart.ics", "cancelled.ics"])
def test_cli_bad_invites_exit_nonzero_with_one_line(tmp_path: Path, name: str) -> None:
    run = _cli("--data-dir", str(tmp_path / "d"), "import", str(DATA / name))
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1
    assert run.stderr.startswith("followup-desktop: ")


# --- a file with several meetings: all of them or none ---------------------------------------

TWO_MEETINGS = "\r\n".join([
    "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//EN", "METHOD:REQUEST",
    "BEGIN:VEVENT", "UID:a1", "SUMMARY:Interview: Data Engineer at Northwind",
    "DTSTART:20260302T150000Z", "DTEND:20260302T160000Z",
    "ORGANIZER;CN=Dana Whitfield:mailto:dana@northwind-analytics.com", "END:VEVENT",
    "BEGIN:VEVENT", "UID:a2", "SUMMARY:{second}",
    "DTSTART:20260303T150000Z", "DTEND:20260303T160000Z",
    "ORGANIZER;CN=Lee Chen:mailto:{organizer}", "END:VEVENT",
    "END:VCALENDAR", ""])


def test_a_meeting_without_a_company_stops_the_whole_file_first(ctx: AppContext,
                                                                 tmp_path: Path) -> None:
    """The first meeting was once saved before the second failed, and the message did
    not say so."""
    f = tmp_path / "two.ics"
    f.write_text(TWO_MEETINGS.format(second="Zoom meeting", organizer="lee@gmail.com"))
    with pytest.raises(ImportFileError, match="Nothing was imported: the company of "
                                              "“Zoom meeting” is unknown"):
        import_invite_file(ctx, f)
    assert ctx.store.load_applications() == []


def test_a_meeting_the_store_refuses_takes_the_others_back(ctx: AppContext, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    import followup_desktop.services.imports as invite
    from followup_desktop.store import StoreError

    f = tmp_path / "two.ics"
    f.write_text(TWO_MEETINGS.format(second="Interview: Analyst at Lumen",
                                     organizer="lee@lumen-health.com"))
    real = invite.save_invite
    calls: list[str] = []

    def second_fails(c, guess, **kw):  # type: ignore[no-untyped-def]
        calls.append(guess.summary)
        if len(calls) == 2:
            raise StoreError("Not saved: the disk is full.")
        return real(c, guess, **kw)

    monkeypatch.setattr(invite, "save_invite", second_fails)
    with pytest.raises(StoreError):
        import_invite_file(ctx, f)
    assert len(calls) == 2
    assert ctx.store.load_applications() == []
    monkeypatch.undo()
    import_invite_file(ctx, f)  # space again: both
    assert len(ctx.store.load_applications()) == 2
