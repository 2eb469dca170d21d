"""A database as Followup's schema 1 wrote it: the fixture for migration tests."""

from __future__ import annotations

import sqlite3
from pathlib import Path

V1_SCHEMA = """
CREATE TABLE "application" ("id" INTEGER NOT NULL PRIMARY KEY, "company" TEXT NOT NULL, "role" TEXT NOT NULL, "status" TEXT NOT NULL, "notes" TEXT NOT NULL, "created_at" TEXT NOT NULL, "updated_at" TEXT NOT NULL);
CREATE TABLE "draft" ("id" INTEGER NOT NULL PRIMARY KEY, "key" TEXT NOT NULL, "application_id" INTEGER NOT NULL, "person_id" INTEGER NOT NULL, "subject" TEXT NOT NULL, "body" TEXT NOT NULL, "attachments" TEXT NOT NULL, "updated_at" TEXT NOT NULL, FOREIGN KEY ("application_id") REFERENCES "application" ("id") ON DELETE CASCADE);
CREATE INDEX "draft_application_id" ON "draft" ("application_id");
CREATE UNIQUE INDEX "draft_key_person_id" ON "draft" ("key", "person_id");
CREATE TABLE "event" ("id" INTEGER NOT NULL PRIMARY KEY, "application_id" INTEGER NOT NULL, "kind" TEXT NOT NULL, "at" TEXT NOT NULL, FOREIGN KEY ("application_id") REFERENCES "application" ("id") ON DELETE CASCADE);
CREATE INDEX "event_application_id" ON "event" ("application_id");
CREATE TABLE "followup_state" ("key" TEXT NOT NULL PRIMARY KEY, "application_id" INTEGER NOT NULL, "notified_at" TEXT, "snoozed_until" TEXT, "snooze_count" INTEGER NOT NULL, "skipped_at" TEXT, "drafted_at" TEXT, "exported_at" TEXT, FOREIGN KEY ("application_id") REFERENCES "application" ("id") ON DELETE CASCADE);
CREATE INDEX "followup_state_application_id" ON "followup_state" ("application_id");
CREATE TABLE "interview" ("id" INTEGER NOT NULL PRIMARY KEY, "application_id" INTEGER NOT NULL, "start" TEXT NOT NULL, "duration_minutes" INTEGER NOT NULL, "format" TEXT NOT NULL, "tone" TEXT NOT NULL, "decision_by" TEXT, "notes" TEXT NOT NULL, "reflection" TEXT NOT NULL, FOREIGN KEY ("application_id") REFERENCES "application" ("id") ON DELETE CASCADE);
CREATE INDEX "interview_application_id" ON "interview" ("application_id");
CREATE INDEX "interview_start" ON "interview" ("start");
CREATE TABLE "person" ("id" INTEGER NOT NULL PRIMARY KEY, "application_id" INTEGER NOT NULL, "name" TEXT NOT NULL, "title" TEXT NOT NULL, "email" TEXT NOT NULL, "linkedin" TEXT, "salutation" TEXT, FOREIGN KEY ("application_id") REFERENCES "application" ("id") ON DELETE CASCADE);
CREATE INDEX "person_application_id" ON "person" ("application_id");
CREATE TABLE "message" ("id" INTEGER NOT NULL PRIMARY KEY, "application_id" INTEGER NOT NULL, "kind" TEXT NOT NULL, "person_id" INTEGER, "to" TEXT, "sent_at" TEXT NOT NULL, "subject" TEXT NOT NULL, "body" TEXT NOT NULL, FOREIGN KEY ("application_id") REFERENCES "application" ("id") ON DELETE CASCADE, FOREIGN KEY ("person_id") REFERENCES "person" ("id") ON DELETE SET NULL);
CREATE INDEX "message_application_id" ON "message" ("application_id");
CREATE INDEX "message_person_id" ON "message" ("person_id");
CREATE TABLE "participant" ("id" INTEGER NOT NULL PRIMARY KEY, "interview_id" INTEGER NOT NULL, "person_id" INTEGER NOT NULL, "main_contact" INTEGER NOT NULL, "position" INTEGER NOT NULL, FOREIGN KEY ("interview_id") REFERENCES "interview" ("id") ON DELETE CASCADE, FOREIGN KEY ("person_id") REFERENCES "person" ("id") ON DELETE CASCADE);
CREATE INDEX "participant_interview_id" ON "participant" ("interview_id");
CREATE INDEX "participant_person_id" ON "participant" ("person_id");
CREATE UNIQUE INDEX "participant_interview_id_person_id" ON "participant" ("interview_id", "person_id");
CREATE TABLE "promise" ("id" INTEGER NOT NULL PRIMARY KEY, "interview_id" INTEGER NOT NULL, "person_id" INTEGER, "what" TEXT NOT NULL, FOREIGN KEY ("interview_id") REFERENCES "interview" ("id") ON DELETE CASCADE, FOREIGN KEY ("person_id") REFERENCES "person" ("id") ON DELETE SET NULL);
CREATE INDEX "promise_interview_id" ON "promise" ("interview_id");
CREATE INDEX "promise_person_id" ON "promise" ("person_id");
CREATE TABLE "setting" ("key" TEXT NOT NULL PRIMARY KEY, "value" TEXT NOT NULL);
CREATE TABLE "talking_point" ("id" INTEGER NOT NULL PRIMARY KEY, "participant_id" INTEGER NOT NULL, "text" TEXT NOT NULL, "position" INTEGER NOT NULL, FOREIGN KEY ("participant_id") REFERENCES "participant" ("id") ON DELETE CASCADE);
CREATE INDEX "talking_point_participant_id" ON "talking_point" ("participant_id");
CREATE TABLE "word" ("word" TEXT NOT NULL PRIMARY KEY);
PRAGMA user_version = 1;
"""

TABLES = ("application", "person", "interview", "participant", "talking_point", "promise",
          "event", "message", "followup_state", "draft", "setting", "word")


def make_v1_db(path: Path, applications: int = 3) -> dict[str, int]:
    """Write a schema-1 database with parent and child rows; returns the row count per table."""
    path.parent.mkdir(parents=True, exist_ok=True)
    con = sqlite3.connect(path)
    con.executescript(V1_SCHEMA)
    ts = "2026-03-02T15:00:00.000000+00:00"
    with con:
        for a in range(1, applications + 1):
            con.execute("INSERT INTO application VALUES (?,?,?,?,?,?,?)",
                        (a, f"Company {a}", "Engineer", "active", "", ts, ts))
            con.execute("INSERT INTO interview VALUES (?,?,?,?,?,?,?,?,?)",
                        (a, a, ts, 60, "video", "formal", None, "", ""))
            for k, email in enumerate((f"lead{a}@example.com", "")):
                pid = a * 10 + k
                con.execute("INSERT INTO person VALUES (?,?,?,?,?,?,?)",
                            (pid, a, f"Person {pid}", "", email, None, None))
                con.execute("INSERT INTO participant VALUES (?,?,?,?,?)",
                            (pid, a, pid, int(k == 0), k))
                con.execute("INSERT INTO talking_point VALUES (?,?,?,?)",
                            (pid, pid, f"point of {pid}", 0))
            con.execute("INSERT INTO promise VALUES (?,?,?,?)", (a, a, a * 10, "a sample"))
            con.execute("INSERT INTO event VALUES (?,?,?,?)", (a, a, "reply", ts))
            con.execute("INSERT INTO message VALUES (?,?,?,?,?,?,?,?)",
                        (a, a, "thank-you", a * 10, f"lead{a}@example.com", ts, "", ""))
            con.execute("INSERT INTO followup_state VALUES (?,?,?,?,?,?,?,?)",
                        (f"thank-you:a{a}:i{a}:p{a * 11}", a, ts, None, 0, None, None, None))
    counts = {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in TABLES}
    con.close()
    return counts


def table_counts(path: Path) -> dict[str, int]:
    con = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True)
    try:
        return {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in TABLES}
    finally:
        con.close()
