"""The store: records round-trip, writes are transactions, migrations keep every row."""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3
import subprocess
import sys
from pathlib import Path

import peewee as pw
import pytest

from followup_desktop.records import (
    ApplicationSpec,
    EventKind,
    InterviewSpec,
    Kind,
    MessageSpec,
    PersonSpec,
    Profile,
    PromiseSpec,
    Status,
)
from followup_desktop.settings import Settings
from followup_desktop.store import StoreError, migrations, open_store
from followup_desktop.store.connection import SCHEMA_VERSION
from tests.helpers.schema_v1 import make_v1_db, table_counts

UTC = dt.UTC
T0 = dt.datetime(2026, 3, 2, 15, 0, tzinfo=UTC)


@pytest.fixture
def store(tmp_path: Path):
    s = open_store(tmp_path / "data" / "followup.sqlite3", clock=lambda: T0)
    yield s
    s.close()


def spec(company: str = "Northwind", *, people: tuple[PersonSpec, ...] | None = None,
         start: dt.datetime = T0) -> ApplicationSpec:
    if people is None:
        people = (PersonSpec("Dana Whitfield", "EM", "dana@northwind.example", main_contact=True,
                             talking_points=("streaming", "on-call")),
                  PersonSpec("Lena Fischer", "Analyst"))
    return ApplicationSpec(
        company=company, role="Data Engineer",
        interviews=(InterviewSpec(start=start, interviewers=people,
                                  promises=(PromiseSpec("case study",
                                                        "dana@northwind.example"),)),),
        messages=(MessageSpec(Kind.THANK_YOU, T0 + dt.timedelta(hours=5),
                              "dana@northwind.example"),),
    )


def test_application_round_trips_as_plain_records(store):
    app_id = store.add_application(spec())
    app = store.load_application(app_id)
    assert (app.company, app.role, app.status) == ("Northwind", "Data Engineer", Status.ACTIVE)
    (interview,) = app.interviews
    assert interview.start == T0 and interview.start.tzinfo is not None
    dana, lena = (p.person for p in interview.participants)
    assert interview.participants[0].talking_points == ("streaming", "on-call")
    assert interview.participants[0].main_contact
    assert lena.email is None
    assert interview.promises[0].person_id == dana.id
    assert app.messages[0].person_id == dana.id


def test_people_are_matched_across_rounds_by_email_then_name(store):
    app_id = store.add_application(spec())
    store.save_interview(app_id, None, InterviewSpec(
        start=T0 + dt.timedelta(days=7),
        interviewers=(PersonSpec("Dana W.", "Director", "DANA@northwind.example"),
                      PersonSpec("lena fischer", "Analyst"))))
    app = store.load_application(app_id)
    assert len(app.people) == 2
    assert {p.person.id for p in app.interviews[1].participants} == {p.id for p in app.people}
    assert app.person(app.interviews[1].participants[0].person.id).title == "Director"


def test_naming_someone_in_a_new_round_keeps_what_is_known_of_them(store):
    """Adding a round with "Lena Fischer" by name alone once wiped her email and title."""
    app_id = store.add_application(spec(people=(
        PersonSpec("Lena Fischer", "Analyst", "lena@northwind.example", linkedin="https://"
                   "www.linkedin.com/in/lena", salutation="Ms. Fischer"),)))
    store.save_interview(app_id, None, InterviewSpec(start=T0 + dt.timedelta(days=7),
                                                     interviewers=(PersonSpec("lena fischer"),)))
    app = store.load_application(app_id)
    (lena,) = app.people
    assert (lena.name, lena.title, lena.email, lena.linkedin, lena.salutation) == (
        "lena fischer", "Analyst", "lena@northwind.example", "https://www.linkedin.com/in/lena",
        "Ms. Fischer")
    assert app.interviews[1].participants[0].person.id == lena.id


def test_the_same_name_with_another_email_is_someone_else(store):
    app_id = store.add_application(spec(people=(
        PersonSpec("Dana Whitfield", "EM", "dana@northwind.example"),)))
    store.save_interview(app_id, None, InterviewSpec(
        start=T0 + dt.timedelta(days=7),
        interviewers=(PersonSpec("Dana Whitfield", "CTO", "dana.w@other.example"),)))
    app = store.load_application(app_id)
    assert sorted((p.email, p.title) for p in app.people) == [
        ("dana.w@other.example", "CTO"), ("dana@northwind.example", "EM")]
    assert app.interviews[0].promises[0].person_id == next(
        p.id for p in app.people if p.email == "dana@northwind.example")


def test_names_match_whatever_their_case_in_any_script(store):
    app_id = store.add_application(ApplicationSpec("A", "R", interviews=(InterviewSpec(
        start=T0, interviewers=(PersonSpec("Élodie Martin"), PersonSpec("Jörg Straße"))),)))
    app = store.load_application(app_id)
    elodie, jorg = app.people
    assert store._find_person(app_id, "élodie martin") == elodie.id
    assert store._find_person(app_id, "JÖRG STRASSE") == jorg.id
    store.save_interview(app_id, None, InterviewSpec(start=T0 + dt.timedelta(days=1),
                                                     interviewers=(PersonSpec("ÉLODIE MARTIN"),)))
    assert len(store.load_application(app_id).people) == 2


def test_one_person_twice_in_a_round_is_refused_in_words(store):
    bad = ApplicationSpec(company="Bad", role="R", interviews=(InterviewSpec(
        start=T0, interviewers=(PersonSpec("Sam Lee", email="sam@x.example"),
                                PersonSpec("Sam Lee"))),))
    with pytest.raises(StoreError, match="Sam Lee is listed twice in this round"):
        store.add_application(bad)
    assert store.load_applications() == []


def test_a_snooze_forgets_the_notice_so_the_window_comes_back(store):
    """Announced while the clock ran 5 h fast, a window snoozed for an hour after the clock
    was corrected never came back: its notice looked newer than the snooze's end."""
    app_id = store.add_application(spec())
    key = "thank-you:a1:i1:p1"
    store.mark_notified([(app_id, key)], T0 + dt.timedelta(hours=5))
    store.snooze(app_id, key, T0 + dt.timedelta(hours=1))
    st = store.states()[key]
    assert st.notified_at is None and st.snooze_count == 1
    assert st.snoozed_until == T0 + dt.timedelta(hours=1)


def test_a_failed_write_leaves_nothing_behind(store):
    bad = ApplicationSpec(company="Bad", role="R", interviews=(
        InterviewSpec(start=T0, interviewers=(PersonSpec("A"), PersonSpec("A"))),))
    with pytest.raises(StoreError):
        store.add_applications([spec("Good"), bad])  # the same person twice in one round
    assert store.load_applications() == []


def test_delete_is_undoable_and_keeps_every_child_row(store):
    app_id = store.add_application(spec())
    before = store.load_application(app_id)
    store.delete_application(app_id)
    assert store.load_applications() == []
    store.undelete_application(app_id)
    assert store.load_application(app_id) == before


def test_events_set_the_status(store):
    app_id = store.add_application(spec())
    store.record_event(app_id, EventKind.REJECTED, T0 + dt.timedelta(days=3))
    app = store.load_application(app_id)
    assert app.status is Status.REJECTED and app.events[0].kind is EventKind.REJECTED


def test_states_drafts_settings_profile_and_words(store):
    app_id = store.add_application(spec())
    store.mark_notified([(app_id, "thank-you:a1:i1:p1")], T0)
    store.snooze(app_id, "thank-you:a1:i1:p1", T0 + dt.timedelta(hours=1))
    state = store.states()["thank-you:a1:i1:p1"]
    assert state.notified_at is None and state.snooze_count == 1  # a snooze forgets the notice
    store.save_draft(app_id, "k", 1, subject="Hi", body="Body", attachments=["/tmp/x.pdf"])
    store.save_draft(app_id, "k", 1, subject="Hi again", body="Body 2")
    d = store.load_draft("k", 1)
    assert (d.subject, d.body, d.attachments) == ("Hi again", "Body 2", ())
    assert store.states()["k"].drafted_at == T0
    store.save_settings(Settings().replace(checkin_no_date_days=10))
    assert store.settings().checkin_no_date_days == 10
    store.save_profile(Profile(name="Ada", timezone="Europe/Berlin"))
    assert store.profile().timezone == "Europe/Berlin"
    store.add_word("Kafka")
    assert store.words() == {"Kafka"}


def test_revision_counts_committed_writes_only(store):
    r0 = store.revision
    store.add_application(spec())
    assert store.revision == r0 + 1
    with pytest.raises(StoreError):
        store.add_application(ApplicationSpec(company="X", role="Y", interviews=(
            InterviewSpec(start=T0, interviewers=(PersonSpec("A"), PersonSpec("A"))),)))
    assert store.revision == r0 + 1


def test_pragmas(store):
    q = lambda p: store.db.execute_sql(f"PRAGMA {p}").fetchone()[0]  # noqa: E731
    assert q("journal_mode") == "wal"
    assert q("synchronous") == 2  # FULL
    assert q("foreign_keys") == 1
    assert q("locking_mode") == "normal"  # the window and commands share the file
    assert q("user_version") == SCHEMA_VERSION


def test_naive_datetimes_are_refused(store):
    with pytest.raises(ValueError):
        store.add_application(spec(start=dt.datetime(2026, 3, 2, 15)))  # noqa: DTZ001


def test_a_noted_value_is_written_without_moving_the_revision(store):
    """What the window noted it has shown is no change anything cached depends on."""
    r0 = store.revision
    store.note_value("ui.expired_shown", ["a", "b"])
    assert store.get_value("ui.expired_shown", []) == ["a", "b"] and store.revision == r0
    store.set_value("ui.expired_shown", ["a"])
    assert store.revision == r0 + 1


def test_a_second_process_reads_and_writes_while_open_and_the_first_sees_it(store, tmp_path):
    """Issue 18 item 6: WAL with normal locking, so a command works beside the window;
    the window learns of the other connection's commit from ``data_version``."""
    store.add_application(spec("Northwind"))
    assert store.changed_elsewhere() is False
    rev = store.revision
    code = (
        "import sys; from pathlib import Path; from followup_desktop.store import open_store\n"
        "from followup_desktop.records import ApplicationSpec\n"
        "s = open_store(Path(sys.argv[1]))\n"
        "print(len(s.load_applications()))\n"
        "s.add_application(ApplicationSpec(company='Globex', role='Analyst'))\n"
        "s.close()\n"
    )
    out = subprocess.run([sys.executable, "-c", code, str(store.path)], capture_output=True,
                         text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "1"
    assert store.changed_elsewhere() is True and store.revision == rev + 1
    assert store.changed_elsewhere() is False  # once per change
    assert sorted(a.company for a in store.load_applications()) == ["Globex", "Northwind"]
    assert store.db.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
    # the other process's clean exit left this one's crash marker in place
    from followup_desktop.store.connection import running_marker

    assert running_marker(store.path).exists()


def test_newer_database_is_refused_untouched(tmp_path):
    path = tmp_path / "followup.sqlite3"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE future (x)")
    con.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    con.commit()
    con.close()
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    with pytest.raises(StoreError, match="newer version of Followup"):
        open_store(path)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest
    assert sorted(p.name for p in tmp_path.iterdir()) == ["followup.sqlite3"]


def test_not_a_database_gives_a_clear_message(tmp_path):
    path = tmp_path / "followup.sqlite3"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="not a Followup database|damaged"):
        open_store(path)


def test_migration_from_schema_1_keeps_parent_and_child_rows(tmp_path):
    path = tmp_path / "followup.sqlite3"
    before = make_v1_db(path)
    s = open_store(path)
    try:
        assert s.db.execute_sql("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        apps = s.load_applications()
        assert [p.email for p in apps[0].people] == ["lead1@example.com", None]  # '' became NULL
        assert all(len(a.interviews[0].participants) == 2 for a in apps)
        assert all(a.messages[0].person_id is not None for a in apps)  # SET NULL did not fire
    finally:
        s.close()
    # every row kept; one setting more: the UID secret of schema 6
    assert table_counts(path) == {**before, "setting": before.get("setting", 0) + 1}
    backup = tmp_path / "backups" / "before-migration-v1.sqlite3"
    assert backup.exists()
    con = sqlite3.connect(backup)
    assert con.execute("PRAGMA user_version").fetchone()[0] == 1
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()


def test_the_rebuild_step_would_cascade_with_foreign_keys_on(tmp_path):
    """Why the runner turns foreign keys off: the same step with them on loses child rows."""
    from playhouse.migrate import SqliteMigrator

    path = tmp_path / "v1.sqlite3"
    before = make_v1_db(path)
    db = pw.SqliteDatabase(str(path), pragmas={"foreign_keys": 1})
    db.connect()
    with db.atomic():
        migrations.STEPS[1](SqliteMigrator(db), db)
    after = {t: db.execute_sql(f'SELECT count(*) FROM "{t}"').fetchone()[0]
             for t in ("participant", "talking_point")}
    db.close()
    assert after["participant"] < before["participant"]


def test_a_failing_step_rolls_back_whole(tmp_path, monkeypatch):
    path = tmp_path / "followup.sqlite3"
    before = make_v1_db(path)

    def broken(migrator, db):
        migrations._v1_to_v2(migrator, db)
        raise RuntimeError("power cut")

    monkeypatch.setitem(migrations.STEPS, 1, broken)
    with pytest.raises(RuntimeError):
        open_store(path)
    from followup_desktop.store.models import DB

    DB.initialize(None)
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA user_version").fetchone()[0] == 1
    cols = [r[1] for r in con.execute("PRAGMA table_info(interview)")]
    con.close()
    assert "uid" not in cols
    assert table_counts(path) == before


def test_backup_is_verified_and_complete(store, tmp_path):
    store.add_application(spec())
    target = store.backup(tmp_path / "b" / "copy.sqlite3")
    assert table_counts(target)["application"] == 1
    assert not list(target.parent.glob(".backup-*"))


def test_the_database_is_private_to_the_user(store):
    assert store.path.stat().st_mode & 0o777 == 0o600
    assert store.path.parent.stat().st_mode & 0o777 == 0o700


def test_the_context_reuses_a_fresh_plan_and_replans_after_a_write(tmp_path):
    from followup_desktop.context import AppContext
    from followup_desktop.paths import Paths

    clock = [T0 + dt.timedelta(hours=2)]
    ctx = AppContext.open(Paths.for_data_dir(tmp_path / "d"), clock=lambda: clock[0])
    try:
        ctx.store.add_application(spec())
        first = ctx.agenda()
        assert ctx.agenda() is first  # same data, same moment: no re-plan
        clock[0] += dt.timedelta(seconds=10)
        assert ctx.agenda() is first  # fresh enough for look-ups
        clock[0] += dt.timedelta(minutes=5)
        assert ctx.agenda() is not first  # too old: planned again
        before = clock[0] - dt.timedelta(days=1)  # an explicit moment is planned exactly
        assert {w.state.value for w in ctx.agenda(before)} == {"upcoming"}
        again = ctx.agenda()
        ctx.store.record_event(again[0].application_id, EventKind.WITHDRAWN, clock[0])
        assert ctx.agenda() == []  # a write always re-plans
    finally:
        ctx.close()


def test_the_window_can_hold_a_smaller_page_cache(store) -> None:
    def cache() -> int:
        return int(store.db.execute_sql("PRAGMA cache_size").fetchone()[0])

    assert cache() == -2000  # a command's default: SQLite's 2 MB
    store.limit_page_cache(256)
    assert cache() == -256
    assert store.load_applications() == []  # still reads
