"""Peewee models. Bound to the database through ``DB``, a proxy that ``open_store`` fills."""

from __future__ import annotations

import datetime as dt

import peewee as pw

DB = pw.DatabaseProxy()

UTC = dt.UTC


class UtcDateTimeField(pw.TextField):
    """Aware UTC date-times stored as ISO 8601 text (sortable, readable in the sqlite shell)."""

    field_type = "TEXT"

    def db_value(self, value: dt.datetime | None) -> str | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive date-time refused by the store")
        return value.astimezone(UTC).isoformat(timespec="microseconds")

    def python_value(self, value: str | None) -> dt.datetime | None:
        if value is None:
            return None
        return dt.datetime.fromisoformat(value)


class IsoDateField(pw.TextField):
    def db_value(self, value: dt.date | None) -> str | None:
        return None if value is None else value.isoformat()

    def python_value(self, value: str | None) -> dt.date | None:
        return None if value is None else dt.date.fromisoformat(value)


class Base(pw.Model):
    class Meta:
        database = DB
        legacy_table_names = False


class SettingRow(Base):
    key = pw.TextField(primary_key=True)
    value = pw.TextField()  # JSON

    class Meta:
        table_name = "setting"


class ApplicationRow(Base):
    company = pw.TextField()
    role = pw.TextField()
    status = pw.TextField(default="active")
    notes = pw.TextField(default="")
    created_at = UtcDateTimeField()
    updated_at = UtcDateTimeField()
    deleted_at = UtcDateTimeField(null=True, index=True)  # undoable delete

    class Meta:
        table_name = "application"


class PersonRow(Base):
    application = pw.ForeignKeyField(ApplicationRow, on_delete="CASCADE", backref="people")
    name = pw.TextField()
    title = pw.TextField(default="")
    email = pw.TextField(null=True)
    linkedin = pw.TextField(null=True)
    salutation = pw.TextField(null=True)

    class Meta:
        table_name = "person"


class InterviewRow(Base):
    application = pw.ForeignKeyField(ApplicationRow, on_delete="CASCADE", backref="interviews")
    start = UtcDateTimeField(index=True)
    duration_minutes = pw.IntegerField(default=60)
    format = pw.TextField(default="video")
    tone = pw.TextField(default="formal")
    decision_by = IsoDateField(null=True)
    notes = pw.TextField(default="")
    reflection = pw.TextField(default="")
    uid = pw.TextField(null=True, index=True)  # calendar invite UID (added in schema 2)

    class Meta:
        table_name = "interview"


class ParticipantRow(Base):
    interview = pw.ForeignKeyField(InterviewRow, on_delete="CASCADE", backref="participants")
    person = pw.ForeignKeyField(PersonRow, on_delete="CASCADE")
    main_contact = pw.BooleanField(default=False)
    position = pw.IntegerField(default=0)

    class Meta:
        table_name = "participant"
        indexes = ((("interview", "person"), True),)


class TalkingPointRow(Base):
    participant = pw.ForeignKeyField(ParticipantRow, on_delete="CASCADE",
                                     backref="talking_points")
    text = pw.TextField()
    position = pw.IntegerField(default=0)

    class Meta:
        table_name = "talking_point"


class PromiseRow(Base):
    interview = pw.ForeignKeyField(InterviewRow, on_delete="CASCADE", backref="promises")
    person = pw.ForeignKeyField(PersonRow, null=True, on_delete="SET NULL")
    what = pw.TextField()

    class Meta:
        table_name = "promise"


class EventRow(Base):
    application = pw.ForeignKeyField(ApplicationRow, on_delete="CASCADE", backref="events")
    kind = pw.TextField()
    at = UtcDateTimeField()
    says = pw.TextField(null=True)  # a reply's meaning (ReplySays), schema 3
    decision_by = IsoDateField(null=True)  # with says = decision-date, schema 3

    class Meta:
        table_name = "event"


class MessageRow(Base):
    application = pw.ForeignKeyField(ApplicationRow, on_delete="CASCADE", backref="messages")
    kind = pw.TextField()
    person = pw.ForeignKeyField(PersonRow, null=True, on_delete="SET NULL")
    to = pw.TextField(null=True)
    sent_at = UtcDateTimeField()
    subject = pw.TextField(default="")
    body = pw.TextField(default="")

    class Meta:
        table_name = "message"


class FollowupStateRow(Base):
    """What happened to one window (``Window.key``): notified once, snoozed, skipped..."""

    key = pw.TextField(primary_key=True)
    application = pw.ForeignKeyField(ApplicationRow, on_delete="CASCADE")
    notified_at = UtcDateTimeField(null=True)
    snoozed_until = UtcDateTimeField(null=True)
    snooze_count = pw.IntegerField(default=0)
    skipped_at = UtcDateTimeField(null=True)
    drafted_at = UtcDateTimeField(null=True)
    exported_at = UtcDateTimeField(null=True)
    # calendar UID, random (added in schema 3); unique by construction (uuid4, and an import
    # drops one already used), and looked up only by the calendar account: no index
    uid = pw.TextField(null=True)

    class Meta:
        table_name = "followup_state"


class DraftRow(Base):
    """The user's edits of one follow-up for one recipient."""

    key = pw.TextField()
    application = pw.ForeignKeyField(ApplicationRow, on_delete="CASCADE")
    person_id = pw.IntegerField(default=0)  # 0: no person (debrief)
    subject = pw.TextField(default="")
    body = pw.TextField(default="")
    attachments = pw.TextField(default="[]")  # JSON list of paths
    updated_at = UtcDateTimeField()

    class Meta:
        table_name = "draft"
        indexes = ((("key", "person_id"), True),)


class WordRow(Base):
    """Words the user added to the spelling dictionary."""

    word = pw.TextField(primary_key=True)

    class Meta:
        table_name = "word"


class CalendarEventRow(Base):
    """One window's event in the user's CalDAV calendar (``services.calendar_account``):
    where it is, its ETag, what was written (``digest``, ``start``), and -- after the user
    deleted it on the server -- the digest it had then (``gone``: not written again until
    the window changes). No foreign key: a row outlives its application until the sync has
    deleted the event.

    Not in :data:`MODELS`: made when a calendar account is first used (``CREATE TABLE IF
    NOT EXISTS``), so a data folder without one keeps its file as small as before (a
    nearly full disk gets its saves in)."""

    key = pw.TextField(primary_key=True)  # the window's key
    application_id = pw.IntegerField()
    uid = pw.TextField()
    href = pw.TextField(null=True)  # None: not on the server
    etag = pw.TextField(null=True)
    digest = pw.TextField(default="")
    start = pw.TextField(default="")  # DTSTART as written (ISO date or date-time)
    gone = pw.TextField(null=True)

    class Meta:
        table_name = "calendar_event"


MODELS: tuple[type[Base], ...] = (
    SettingRow, ApplicationRow, PersonRow, InterviewRow, ParticipantRow, TalkingPointRow,
    PromiseRow, EventRow, MessageRow, FollowupStateRow, DraftRow, WordRow,
)


class DraftBasisRow(Base):
    """What an edited draft was made from, when the user first changed it: one digest
    (or, for the day, the words) per input, so the composer can say what changed since."""

    key = pw.TextField()
    application = pw.ForeignKeyField(ApplicationRow, on_delete="CASCADE")
    person_id = pw.IntegerField(default=0)  # 0: no person (debrief)
    basis = pw.TextField(default="{}")  # JSON: {input name: digest}

    class Meta:
        table_name = "draft_basis"
        indexes = ((("key", "person_id"), True),)


MODELS = (*MODELS, DraftBasisRow)
