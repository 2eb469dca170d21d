"""The calendar account end to end, through the command line, against a real Radicale
(TLS with a test CA, htpasswd users) -- and the sync against Xandikos for interoperability.

The server is read back with the ``caldav`` library, as another client (a phone) would.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import sqlite3
from pathlib import Path

import caldav
import pytest
from icalendar import Calendar

from followup_desktop.cli import main as cli
from followup_desktop.context import AppContext
from followup_desktop.paths import resolve
from tests.helpers.caldav_servers import USERS
from tests.helpers.secret_service import secret_service  # noqa: F401  (a fixture)

UTC = dt.UTC


@pytest.fixture(autouse=True)
def _no_user_keyring(monkeypatch: pytest.MonkeyPatch) -> None:
    """Never the user's keyring: a test that wants one asks for ``secret_service``."""
    from followup_desktop.services import secrets

    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    secrets.reset_default()


T1 = "2026-03-02T18:00:00+00:00"  # two hours after the round
T2 = "2026-03-03T15:00:00+00:00"  # the next day, after the reply
T3 = "2026-03-03T16:00:00+00:00"


def _data(reply: bool = False) -> dict:
    app = {
        "company": "Northwind Analytics", "role": "Data Engineer",
        "interviews": [{
            "start": "2026-03-02T10:00:00-05:00", "duration_minutes": 60, "format": "video",
            "decision_by": "2026-03-13",
            "interviewers": [
                {"name": "Dana Whitfield", "email": "dana@northwind.example",
                 "main_contact": True, "talking_points": ["the streaming migration"]},
                {"name": "Sam Okafor", "email": "sam@northwind.example",
                 "talking_points": ["the schema registry"]},
            ],
            "promises": [{"to": "dana@northwind.example", "what": "the case study"}]}],
    }
    if reply:
        app["events"] = [{"kind": "reply", "at": "2026-03-04T09:00:00-05:00"}]
    return {"format": "followup/1",
            "profile": {"name": "Ada Park", "email": "ada@example.org",
                        "timezone": "America/New_York"},
            "applications": [app]}


def run(capsys, *args: str, stdin: str = "") -> tuple[int, str, str]:
    import sys

    capsys.readouterr()
    old = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        code = cli(list(args))
    finally:
        sys.stdin = old
    out, err = capsys.readouterr()
    return code, out, err


def server_events(url: str, ca: Path, calendar_url: str) -> dict[str, tuple[str, object]]:
    """UID -> (SUMMARY, DTSTART) of every event in the calendar, read with caldav."""
    with caldav.DAVClient(url, username="ada", password=USERS["ada"], auth_type="basic",
                          ssl_verify_cert=str(ca), enable_rfc6764=False) as client:
        cal = caldav.Calendar(client=client, url=calendar_url)
        out = {}
        for obj in cal.events():
            (event,) = Calendar.from_ical(obj.data).walk("VEVENT")
            uid = str(event["UID"])
            assert uid not in out, "an event twice"
            out[uid] = (str(event["SUMMARY"]), event.decoded("DTSTART"))
        return out


def uids_of(ctx: AppContext, at: str) -> dict[str, str]:
    """UID -> window key of every pending window of the agenda at ``at``."""
    windows = ctx.agenda(dt.datetime.fromisoformat(at))
    uids = ctx.store.window_uids((w.application_id, w.key) for w in windows)
    return {uids[w.key]: w.key for w in windows}


def agenda_uids(data_dir: Path, at: str) -> dict[str, str]:
    """:func:`uids_of` a data folder no one has open."""
    ctx = AppContext.open(resolve(str(data_dir)))
    try:
        return uids_of(ctx, at)
    finally:
        ctx.close()


def config_of(data_dir: Path) -> dict:
    if not (data_dir / "followup.sqlite3").exists():  # a failed first command leaves none
        return {}
    con = sqlite3.connect(data_dir / "followup.sqlite3")
    try:
        row = con.execute("SELECT value FROM setting WHERE key = 'calendar_account'").fetchone()
    finally:
        con.close()
    return json.loads(row[0]) if row else {}


@pytest.fixture
def setup_dir(tmp_path, radicale, tls_files, capsys):
    """A data folder with one application, its account set up on Radicale."""

    def make(name: str = "data", *, reply: bool = False) -> Path:
        data = tmp_path / name
        src = tmp_path / f"{name}.json"
        src.write_text(json.dumps(_data(reply)))
        assert run(capsys, "--data-dir", str(data), "import", str(src))[0] == 0
        code, out, err = run(capsys, "--data-dir", str(data), "calendar-account", "setup",
                             "--url", f"127.0.0.1:{radicale.port}", "--user", "ada",
                             "--ca-file", str(tls_files.ca), "--session-only",
                             stdin=USERS["ada"] + "\n")
        assert code == 0, err
        assert "calendar “Followup” " in out
        return data

    return make


def test_the_whole_flow_through_the_command_line(tmp_path, radicale, tls_files, capsys,
                                                 setup_dir) -> None:
    data = setup_dir()
    cal_url = config_of(data)["calendar_url"]
    # 1. sync: the calendar holds exactly the agenda's windows
    code, out, err = run(capsys, "--data-dir", str(data), "calendar-account", "sync",
                         "--at", T1)
    assert code == 0, err
    wanted = agenda_uids(data, T1)
    on_server = server_events(radicale.url, tls_files.ca, cal_url)
    assert set(on_server) == set(wanted) and len(wanted) >= 4
    assert out.count("added: ") == len(wanted)
    check_ins = {u for u, k in wanted.items() if k.startswith("check-in-1")}
    assert len(check_ins) == 1
    code, out, _ = run(capsys, "--data-dir", str(data), "calendar-account", "sync",
                       "--at", T1)
    assert out.strip() == "Calendar up to date."

    # 2. a reply, recorded by import (the data moved to a new folder with it): the
    #    cancelled check-ins are gone, nothing is duplicated, the UIDs carried over
    assert run(capsys, "--data-dir", str(data), "export", str(tmp_path / "out.json"))[0] == 0
    doc = json.loads((tmp_path / "out.json").read_text())
    doc["applications"][0]["events"] = [{"kind": "reply", "at": "2026-03-03T09:00:00-05:00"}]
    (tmp_path / "moved.json").write_text(json.dumps(doc))
    moved = tmp_path / "moved"
    assert run(capsys, "--data-dir", str(moved), "import", str(tmp_path / "moved.json"))[0] == 0
    code, out, err = run(capsys, "--data-dir", str(moved), "calendar-account", "setup",
                         "--url", radicale.url, "--user", "ada", "--ca-file",
                         str(tls_files.ca), "--session-only", stdin=USERS["ada"] + "\n")
    assert code == 0, err
    assert "found" in out  # the same calendar, not a second one
    code, out, err = run(capsys, "--data-dir", str(moved), "calendar-account", "sync",
                         "--at", T2)
    assert code == 0, err
    after = agenda_uids(moved, T2)
    on_server = server_events(radicale.url, tls_files.ca, cal_url)
    assert set(on_server) == set(after)
    assert not check_ins & set(on_server)  # the check-ins the reply cancelled
    assert out.count("removed: ") >= 1
    assert set(after) <= set(wanted)  # the same UIDs: nothing duplicated

    # 3. a phone deletes one event and moves another
    stay_deleted, to_move = sorted(after)[:2]
    with caldav.DAVClient(radicale.url, username="ada", password=USERS["ada"],
                          auth_type="basic", ssl_verify_cert=str(tls_files.ca),
                          enable_rfc6764=False) as client:
        cal = caldav.Calendar(client=client, url=cal_url)
        cal.event_by_uid(stay_deleted).delete()
        ev = cal.event_by_uid(to_move)
        comp = ev.icalendar_component
        new_start = dt.datetime(2026, 3, 6, 14, 30, tzinfo=UTC)
        start = comp.decoded("DTSTART")
        length = comp.decoded("DTEND") - start
        if not isinstance(start, dt.datetime):
            new_start = dt.date(2026, 3, 6)
        comp.pop("DTSTART")
        comp.pop("DTEND")
        comp.add("dtstart", new_start)
        comp.add("dtend", new_start + length)
        ev.save()
    code, out, err = run(capsys, "--data-dir", str(moved), "calendar-account", "sync",
                         "--at", T3)
    assert code == 0, err
    assert "deleted on the server, kept deleted" in out
    assert "moved on the server, snoozed" in out
    ctx = AppContext.open(resolve(str(moved)))
    try:
        state = ctx.store.states()[after[to_move]]
    finally:
        ctx.close()
    if isinstance(new_start, dt.datetime):
        assert state.snoozed_until == new_start
    else:
        assert state.snoozed_until is not None
        assert state.snoozed_until.astimezone(dt.timezone(dt.timedelta(hours=-5))).date() \
            == new_start
    for _ in range(2):  # and again: the deleted one stays deleted
        assert run(capsys, "--data-dir", str(moved), "calendar-account", "sync",
                   "--at", T3)[0] == 0
        on_server = server_events(radicale.url, tls_files.ca, cal_url)
        assert stay_deleted not in on_server
        assert to_move in on_server
        assert set(on_server) == set(agenda_uids(moved, T3)) - {stay_deleted}
    code, out, _ = run(capsys, "--data-dir", str(moved), "calendar-account", "status")
    assert "1 deleted by you" in out and "(2026-03-03T16:00:00+00:00)" in out


def test_a_nothing_changed_sync_is_one_request(setup_dir, capsys) -> None:
    from followup_desktop.clock import fixed_clock
    from followup_desktop.services.calendar_account import sync_account

    data = setup_dir()
    ctx = AppContext.open(resolve(str(data)),
                          clock=fixed_clock(dt.datetime.fromisoformat(T1)))
    try:
        first = sync_account(ctx)
        assert first.requests == 1 + len(first.added)  # the sync report, then the PUTs
        for _ in range(2):
            again = sync_account(ctx)
            assert again.requests == 1 and not again.changed
    finally:
        ctx.close()


def test_wrong_password_saves_nothing(tmp_path, radicale, tls_files, capsys) -> None:
    data = tmp_path / "data"
    code, out, err = run(capsys, "--data-dir", str(data), "calendar-account", "setup",
                         "--url", radicale.url, "--user", "ada", "--ca-file",
                         str(tls_files.ca), "--session-only", stdin="not-it\n")
    assert code == 1 and out == ""
    assert err.strip() == ("followup-desktop: 127.0.0.1:"
                           f"{radicale.port} refused the user name or password.")
    assert config_of(data) == {}
    code, out, _ = run(capsys, "--data-dir", str(data), "calendar-account", "status")
    assert "No calendar account is set up" in out


def test_an_untrusted_certificate_is_said_in_words(tmp_path, radicale, capsys) -> None:
    code, _, err = run(capsys, "--data-dir", str(tmp_path / "d"), "calendar-account",
                       "setup", "--url", radicale.url, "--user", "ada", "--session-only",
                       stdin=USERS["ada"] + "\n")
    assert code == 1 and "is not trusted" in err and "CA" in err
    assert len(err.strip().splitlines()) == 1


def test_a_calendar_that_refuses_events(tmp_path, radicale, tls_files, capsys) -> None:
    with caldav.DAVClient(radicale.url, username="ada", password=USERS["ada"],
                          auth_type="basic", ssl_verify_cert=str(tls_files.ca),
                          enable_rfc6764=False) as client:
        client.principal().make_calendar(name="Tasks",
                                         supported_calendar_component_set=["VTODO"])
    data = tmp_path / "data"
    code, _, err = run(capsys, "--data-dir", str(data), "calendar-account", "setup",
                       "--url", radicale.url, "--user", "ada", "--calendar", "Tasks",
                       "--ca-file", str(tls_files.ca), "--session-only",
                       stdin=USERS["ada"] + "\n")
    assert code == 1
    assert "“Tasks” does not accept events" in err
    assert config_of(data) == {}


def test_a_stale_etag_gets_a_412_then_a_reread_and_one_event(setup_dir, radicale,
                                                             tls_files) -> None:
    from followup_desktop.clock import fixed_clock
    from followup_desktop.services.calendar_account import sync_account
    from followup_desktop.store.models import CalendarEventRow

    data = setup_dir()
    at = dt.datetime.fromisoformat(T1)
    ctx = AppContext.open(resolve(str(data)), clock=fixed_clock(at))
    try:
        sync_account(ctx)
        sync_account(ctx)  # our own writes read back: the token is current
        window = next(w for w in ctx.agenda(at) if w.kind.value == "thank-you")
        with ctx.store.write():  # as if the event changed after the last read
            CalendarEventRow.update(etag='"stale"').where(
                CalendarEventRow.key == window.key).execute()
        until = at + dt.timedelta(hours=5)
        ctx.store.snooze(window.application_id, window.key, until)
        report = sync_account(ctx)
        assert report.updated and report.requests == 1 + 3  # report; PUT 412, GET, PUT
        uid = ctx.store.window_uids([(window.application_id, window.key)])[window.key]
        cal_url = ctx.store.get_value("calendar_account", {})["calendar_url"]
        events = server_events(radicale.url, tls_files.ca, cal_url)
        assert events[uid][1] == until
        assert set(events) == set(uids_of(ctx, T1))
    finally:
        ctx.close()


def test_the_server_gone_mid_sync_duplicates_nothing(setup_dir, radicale, tls_files) -> None:
    from followup_desktop.clock import fixed_clock
    from followup_desktop.services.calendar_account import (
        CalendarAccountError,
        status_line,
        sync_account,
    )

    data = setup_dir()
    ctx = AppContext.open(resolve(str(data)),
                          clock=fixed_clock(dt.datetime.fromisoformat(T1)))
    seen: list[str] = []

    def stop_after_three(line: str) -> None:
        seen.append(line)
        if len(seen) == 3:
            radicale.stop()

    try:
        with pytest.raises(CalendarAccountError, match="cannot be reached"):
            sync_account(ctx, progress=stop_after_three)
        assert status_line(ctx) is not None and "cannot be reached" in status_line(ctx)
        radicale.start()
        report = sync_account(ctx)
        assert status_line(ctx) is None
        assert len(report.added) == len(uids_of(ctx, T1)) - 3
        cal_url = ctx.store.get_value("calendar_account", {})["calendar_url"]
        events = server_events(radicale.url, tls_files.ca, cal_url)
        assert set(events) == set(uids_of(ctx, T1))
    finally:
        ctx.close()


def test_forget_removes_the_account_and_leaves_the_calendar(setup_dir, radicale, tls_files,
                                                            capsys) -> None:
    data = setup_dir()
    cal_url = config_of(data)["calendar_url"]
    assert run(capsys, "--data-dir", str(data), "calendar-account", "sync", "--at", T1)[0] == 0
    code, out, _ = run(capsys, "--data-dir", str(data), "calendar-account", "forget")
    assert code == 0 and "Forgot the calendar account ada" in out
    assert config_of(data) in ({}, None)
    assert server_events(radicale.url, tls_files.ca, cal_url)  # the user's calendar stays
    code, _, err = run(capsys, "--data-dir", str(data), "calendar-account", "sync")
    assert code == 1 and "no calendar account is set up" in err


def test_xandikos_interoperates(tmp_path, xandikos) -> None:
    from followup_desktop.clock import fixed_clock
    from followup_desktop.services.calendar_account import setup_account, sync_account

    src = tmp_path / "d.json"
    src.write_text(json.dumps(_data()))
    assert cli(["--data-dir", str(tmp_path / "data"), "import", str(src)]) == 0
    ctx = AppContext.open(resolve(str(tmp_path / "data")),
                          clock=fixed_clock(dt.datetime.fromisoformat(T1)))
    try:
        result = setup_account(ctx, url=xandikos.url + "user/", user="ada", password="any",
                               session_only=True)
        assert result.created
        first = sync_account(ctx)
        assert first.added and first.requests == 1 + len(first.added)
        assert sync_account(ctx).requests == 1
        with caldav.DAVClient(xandikos.url, enable_rfc6764=False) as client:
            cal = caldav.Calendar(client=client, url=result.config.calendar_url)
            uids = {str(Calendar.from_ical(o.data).walk("VEVENT")[0]["UID"])
                    for o in cal.events()}
        assert uids == set(uids_of(ctx, T1))
    finally:
        ctx.close()


INVITE = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Example//Mail//EN
BEGIN:VEVENT
UID:{uid}
DTSTAMP:20260301T120000Z
DTSTART:{start}
DTEND:{end}
SUMMARY:{summary}
ORGANIZER;CN={who}:mailto:{email}
ATTENDEE;CN=Ada Park:mailto:ada@example.org
END:VEVENT
END:VCALENDAR
"""


def test_invites_are_offered_never_added_silently(tmp_path, radicale, tls_files,
                                                  capsys) -> None:
    with caldav.DAVClient(radicale.url, username="ada", password=USERS["ada"],
                          auth_type="basic", ssl_verify_cert=str(tls_files.ca),
                          enable_rfc6764=False) as client:
        personal = client.principal().make_calendar(name="Personal")
        personal.save_event(INVITE.format(
            uid="round-2@northwind.example", start="20260310T150000Z",
            end="20260310T160000Z", summary="Second round: system design",
            who="Dana Whitfield", email="dana@northwind.example"))
        personal.save_event(INVITE.format(
            uid="call@contoso.example", start="20260312T150000Z", end="20260312T153000Z",
            summary="Interview: Platform Engineer", who="Rae Kim",
            email="rae@contoso.example"))
        personal.save_event(INVITE.format(
            uid="dentist@example.org", start="20260311T150000Z", end="20260311T153000Z",
            summary="Dentist", who="Front Desk", email="desk@smiles.example"))
        personal.save_event(INVITE.format(  # past the next 60 days
            uid="later@northwind.example", start="20260701T150000Z", end="20260701T160000Z",
            summary="Interview", who="Dana Whitfield", email="dana@northwind.example"))
    data = tmp_path / "data"
    src = tmp_path / "d.json"
    src.write_text(json.dumps(_data()))
    assert run(capsys, "--data-dir", str(data), "import", str(src))[0] == 0
    code, _, err = run(capsys, "--data-dir", str(data), "calendar-account", "setup", "--url",
                       radicale.url, "--user", "ada", "--ca-file", str(tls_files.ca),
                       "--session-only", "--invites", stdin=USERS["ada"] + "\n")
    assert code == 0, err
    code, out, err = run(capsys, "--data-dir", str(data), "calendar-account", "sync",
                         "--at", T1)
    assert code == 0, err
    offered = [line for line in out.splitlines() if line.startswith("invite: ")]
    assert len(offered) == 2
    assert any("a new round of Northwind Analytics" in line and "from Northwind Analytics"
               in line for line in offered)
    assert any("looks like an interview" in line for line in offered)
    assert "Dentist" not in out
    ctx = AppContext.open(resolve(str(data)))
    try:
        assert len(ctx.applications()) == 1 and len(ctx.applications()[0].interviews) == 1
    finally:
        ctx.close()
    # offered once, not again on the next sync
    code, out, _ = run(capsys, "--data-dir", str(data), "calendar-account", "sync", "--at", T1)
    assert "invite: " not in out
    code, out, _ = run(capsys, "--data-dir", str(data), "calendar-account", "invites")
    assert "round-2@northwind.example: “Second round: system design” on " in out
    code, out, err = run(capsys, "--data-dir", str(data), "calendar-account", "add-invite",
                         "round-2@northwind.example")
    assert code == 0, err
    assert "Added a round to Northwind Analytics" in out
    run(capsys, "--data-dir", str(data), "calendar-account", "dismiss-invite",
        "call@contoso.example")
    code, out, _ = run(capsys, "--data-dir", str(data), "calendar-account", "invites")
    assert out.strip() == "No invites waiting."
    ctx = AppContext.open(resolve(str(data)))
    try:
        (app,) = ctx.applications()
        assert [iv.uid for iv in app.interviews] == [None, "round-2@northwind.example"]
    finally:
        ctx.close()


def test_setup_without_a_secure_keyring_needs_session_only(tmp_path, radicale, tls_files,
                                                           capsys, monkeypatch) -> None:
    from followup_desktop.commands import calendar_account as calendar_account_cli

    monkeypatch.setattr(calendar_account_cli, "_secure_keyring", lambda: False)
    code, out, err = run(capsys, "--data-dir", str(tmp_path / "d"), "calendar-account",
                         "setup", "--url", radicale.url, "--user", "ada", "--ca-file",
                         str(tls_files.ca), stdin=USERS["ada"] + "\n")
    assert code == 1 and "--session-only" in err and out == ""
    assert config_of(tmp_path / "d") == {}


def test_sync_reads_the_password_from_stdin_when_no_keyring_has_it(setup_dir, capsys) -> None:
    from followup_desktop.services.calendar_account import account

    data = setup_dir()
    cfg = config_of(data)
    account._secrets().delete_secret(account.SECRET_SERVICE,
                                      f"ada@{cfg['calendar_url'].split('/')[2]}")
    code, _, err = run(capsys, "--data-dir", str(data), "calendar-account", "sync",
                       "--at", T1, stdin="")
    assert code == 1 and "is not available in this session" in err
    code, out, err = run(capsys, "--data-dir", str(data), "calendar-account", "sync",
                         "--at", T1, stdin=USERS["ada"] + "\n")
    assert code == 0, err
    assert "added: " in out


def test_sent_and_skipped_windows_are_removed(setup_dir, radicale, tls_files) -> None:
    from followup_desktop.clock import fixed_clock
    from followup_desktop.records import Kind
    from followup_desktop.services.calendar_account import sync_account

    data = setup_dir()
    at = dt.datetime.fromisoformat(T1)
    ctx = AppContext.open(resolve(str(data)), clock=fixed_clock(at))
    try:
        sync_account(ctx)
        windows = list(ctx.agenda(at))
        thanks = [w for w in windows if w.kind is Kind.THANK_YOU]
        sent, skipped = thanks[0], thanks[1]
        ctx.store.record_message(sent.application_id, Kind.THANK_YOU,
                                 person_id=sent.person_id, to=sent.to, sent_at=at)
        ctx.store.update_states(skipped.application_id, [skipped.key], skipped_at=at)
        report = sync_account(ctx)
        assert len(report.removed) == 2
        assert all("Thank-you" in line for line in report.removed)
        cal_url = ctx.store.get_value("calendar_account", {})["calendar_url"]
        assert set(server_events(radicale.url, tls_files.ca, cal_url)) == set(uids_of(ctx, T1))
    finally:
        ctx.close()


def test_a_server_without_sync_tokens_is_read_by_its_ctag(setup_dir) -> None:
    from followup_desktop.clock import fixed_clock
    from followup_desktop.services.calendar_account import sync_account
    from followup_desktop.services.calendar_account.account import update_config

    data = setup_dir()
    ctx = AppContext.open(resolve(str(data)),
                          clock=fixed_clock(dt.datetime.fromisoformat(T1)))
    try:
        update_config(ctx, ctag="")  # as after a sync-collection REPORT was refused
        first = sync_account(ctx)
        assert first.requests == 2 + len(first.added)  # ctag, the ETag list, the PUTs
        second = sync_account(ctx)  # our writes moved the ctag: listed once more
        assert second.requests == 2 and not second.changed
        assert sync_account(ctx).requests == 1  # nothing changed: the ctag alone
    finally:
        ctx.close()


def test_the_installed_command_reads_the_password_from_a_pipe(tmp_path, radicale,
                                                              tls_files) -> None:
    """The real executable, one process per command, as a script would run it: with no
    keyring each command reads the password from its standard input."""
    import os
    import subprocess
    import sys

    exe = [sys.executable, "-m", "followup_desktop"]
    env = {**os.environ, "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring"}
    data = tmp_path / "data"
    src = tmp_path / "d.json"
    src.write_text(json.dumps(_data()))

    def cmd(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        return subprocess.run([*exe, "--data-dir", str(data), *args], input=stdin,
                              capture_output=True, text=True, env=env, timeout=120)

    assert cmd("import", str(src)).returncode == 0
    r = cmd("calendar-account", "setup", "--url", radicale.url, "--user", "ada",
            "--ca-file", str(tls_files.ca), "--session-only", stdin=USERS["ada"] + "\n")
    assert r.returncode == 0, r.stderr
    assert USERS["ada"] not in r.stdout + r.stderr
    r = cmd("calendar-account", "sync", "--at", T1)  # a new process: no password
    assert r.returncode == 1 and r.stdout == ""
    assert len(r.stderr.strip().splitlines()) == 1 and "not available" in r.stderr
    r = cmd("calendar-account", "sync", "--at", T1, stdin=USERS["ada"] + "\n")
    assert r.returncode == 0, r.stderr
    assert r.stdout.count("added: ") == len(agenda_uids(data, T1))
    r = cmd("calendar-account", "status")
    assert r.returncode == 0 and "Password: this session only" in r.stdout
    assert USERS["ada"] not in (data / "followup.sqlite3").read_bytes().decode("latin-1")


def test_a_window_whose_uid_changed_leaves_no_old_event_behind(setup_dir, radicale,
                                                               tls_files) -> None:
    from followup_desktop.clock import fixed_clock
    from followup_desktop.services.calendar_account import sync_account
    from followup_desktop.store.models import FollowupStateRow

    data = setup_dir()
    ctx = AppContext.open(resolve(str(data)),
                          clock=fixed_clock(dt.datetime.fromisoformat(T1)))
    try:
        sync_account(ctx)
        key = next(iter(uids_of(ctx, T1).values()))
        with ctx.store.write():
            FollowupStateRow.update(uid="a-new-uid").where(FollowupStateRow.key == key).execute()
        sync_account(ctx)
        cal_url = ctx.store.get_value("calendar_account", {})["calendar_url"]
        on_server = server_events(radicale.url, tls_files.ca, cal_url)
        assert "a-new-uid" in on_server and set(on_server) == set(uids_of(ctx, T1))
    finally:
        ctx.close()


def test_with_a_real_keyring_the_password_is_kept_between_commands(
        tmp_path, radicale, tls_files, secret_service) -> None:  # noqa: F811
    """GNOME Keyring on a private bus: setup keeps the password there; a later command
    (another process) syncs without asking; forget removes the keyring entry."""
    import shutil
    import subprocess
    import sys

    env = dict(secret_service.env)
    data = tmp_path / "data"
    src = tmp_path / "d.json"
    src.write_text(json.dumps(_data()))

    def cmd(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "followup_desktop", "--data-dir",
                               str(data), *args], input=stdin, capture_output=True,
                              text=True, env=env, timeout=120)

    assert cmd("import", str(src)).returncode == 0
    r = cmd("calendar-account", "setup", "--url", radicale.url, "--user", "ada",
            "--ca-file", str(tls_files.ca), stdin=USERS["ada"] + "\n")
    assert r.returncode == 0, r.stderr
    assert "password in the system keyring" in r.stdout
    r = cmd("calendar-account", "sync", "--at", T1)  # no stdin: the keyring has it
    assert r.returncode == 0, r.stderr
    assert "added: " in r.stdout
    assert "Password: in the system keyring" in cmd("calendar-account", "status").stdout
    tool = shutil.which("secret-tool")
    host = radicale.url.split("/")[2]
    if tool:
        found = subprocess.run([tool, "lookup", "service", "Followup calendar account",
                                "username", f"ada@{host}"], env=env, capture_output=True,
                               text=True, timeout=20)
        assert found.stdout == USERS["ada"]
    assert cmd("calendar-account", "forget").returncode == 0
    if tool:
        found = subprocess.run([tool, "lookup", "service", "Followup calendar account",
                                "username", f"ada@{host}"], env=env, capture_output=True,
                               text=True, timeout=20)
        assert found.stdout == ""
    for path in data.rglob("*"):
        if path.is_file():
            assert USERS["ada"].encode() not in path.read_bytes(), path
