"""Sent follow-ups and replies, noticed from the headers of new mail.

Per folder, one ``STATUS (UIDNEXT UIDVALIDITY [HIGHESTMODSEQ])`` tells whether anything
arrived since the last sync; only then is the folder examined (read-only), the new UIDs
searched (``UID SEARCH UID n:*``; a first sync or a new UIDVALIDITY looks back
:data:`FIRST_LOOK_BACK_DAYS`) and their header fields fetched in batches of
:data:`BATCH`. Each batch is one transaction: what it recorded and the last UID read are
saved together, so a connection that drops mid-way loses nothing and records nothing
twice; the next sync resumes after the last batch saved.

- **Sent** (the Sent folder; on Gmail also All Mail, messages from the user): a message
  with a Message-ID Followup gave a draft, or to a pending window's recipient with that
  draft's subject, records the follow-up as sent at the message's Date. Same recipient,
  other subject: a suggestion, never a record.
- **Replies** (INBOX; on Gmail All Mail, where filters archive): from an interviewer of
  the application, or answering a message Followup drafted (In-Reply-To / References),
  records a reply at its Date. From the company's domain but someone else: a suggestion.
  Free mail and hiring-platform domains never count as the company's; auto-replies,
  out-of-office notices and bounces are ignored.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from followup_desktop.context import AppContext
from followup_desktop.records import Application, EventKind, Kind, Status, Window
from followup_desktop.services.mail.account import Account
from followup_desktop.services.mail.domains import domain_of, is_company_domain
from followup_desktop.services.mail.errors import MailError
from followup_desktop.services.mail.headers import (
    FETCH_ITEM,
    Header,
    fields_of,
    header_bytes,
    normal_subject,
    parse_header,
    rough_addresses,
    rough_references,
)
from followup_desktop.services.mail.journal import (
    IDS_KEY,
    JOURNAL_KEY,
    SYNC_KEY,
    Journal,
    digest,
    stored,
)

BATCH = 1000
FIRST_LOOK_BACK_DAYS = 30
#: a sent message counts for a window that opened at most this long after it was sent
EARLY = dt.timedelta(hours=12)
_ACTIVE = (Status.ACTIVE, Status.OFFER)


@dataclass
class SyncLine:
    action: str  #: recorded, suggested, folder, nothing, error
    text: str
    entry_id: int | None = None


@dataclass
class _Person:
    application: Application
    person_id: int
    name: str


@dataclass
class Plan:
    """What new mail is matched against, read once per sync."""

    ctx: AppContext
    now: dt.datetime
    own: set[str]
    ids: dict[str, dict[str, Any]]  #: digest of a Message-ID we gave -> its draft
    by_to: dict[str, list[Window]] = field(default_factory=dict)
    people: dict[str, list[_Person]] = field(default_factory=dict)
    domains: dict[str, list[Application]] = field(default_factory=dict)
    apps: dict[int, Application] = field(default_factory=dict)
    closed: set[str] = field(default_factory=set)  #: windows recorded sent in this sync
    _subjects: dict[tuple[str, int | None], str] = field(default_factory=dict)

    @classmethod
    def build(cls, ctx: AppContext, account: Account, now: dt.datetime) -> Plan:
        profile = ctx.profile()
        own = {a.lower() for a in (account.address, profile.email,
                                   account.user if "@" in account.user else "") if a}
        raw_ids = stored(ctx.store, IDS_KEY)
        plan = cls(ctx=ctx, now=now, own=own,
                   ids={digest(mid): info for mid, info in raw_ids.items()})
        for w in ctx.agenda(now):
            if w.kind.is_email and w.to:
                plan.by_to.setdefault(w.to.lower(), []).append(w)
        for app in ctx.applications():
            plan.apps[app.id] = app
            if app.status not in _ACTIVE:
                continue
            for person in app.people:
                if not person.email:
                    continue
                addr = person.email.lower()
                plan.people.setdefault(addr, []).append(_Person(app, person.id, person.name))
                domain = domain_of(addr)
                if is_company_domain(domain) and domain not in own_domains(own):
                    listed = plan.domains.setdefault(domain, [])
                    if app not in listed:
                        listed.append(app)
        return plan

    def subject(self, window: Window) -> str:
        key = (window.key, window.person_id)
        if key not in self._subjects:
            from followup_desktop.drafting import drafts_for

            subjects = [d.subject for d in drafts_for(self.ctx, window, self.now)
                        if d.person_id == window.person_id or window.person_id is None]
            self._subjects[key] = subjects[0] if subjects else ""
        return self._subjects[key]


def own_domains(own: set[str]) -> set[str]:
    return {domain_of(a) for a in own}


def _when(value: dt.datetime, ctx: AppContext) -> str:
    return value.astimezone(ctx.tz()).strftime("%Y-%m-%d %H:%M")


def _cause(h: Header, folder: str, to: str | None = None) -> dict[str, Any]:
    """What a record keeps of the message that caused it: sender (and for a sent one,
    the recipient it matched), subject, date."""
    who = f"{h.sender_name} <{h.sender}>" if h.sender_name else h.sender
    cause = {"from": who, "subject": h.subject[:300], "date": h.date.isoformat()
             if h.date else None, "folder": folder}
    if to:
        cause["to"] = to
    return cause


def _describe(cause: dict[str, Any], ctx: AppContext) -> str:
    when = _when(dt.datetime.fromisoformat(cause["date"]), ctx) if cause.get("date") else "?"
    who = f"your message to {cause['to']}" if cause.get("to") else cause["from"]
    return f"{who} “{cause['subject']}” on {when}"


def _key_of(h: Header) -> str:
    return digest(h.message_id) if h.message_id else digest(
        f"{h.sender}|{h.subject}|{h.date.isoformat() if h.date else ''}")


class Matcher:
    """Turns headers into records and suggestions (the store writes happen in the
    caller's transaction)."""

    def __init__(self, plan: Plan, journal: Journal) -> None:
        self.plan = plan
        self.journal = journal
        self.store = plan.ctx.store

    # -- sent ------------------------------------------------------------------------------

    def sent(self, h: Header, folder: str) -> list[SyncLine]:
        plan = self.plan
        if h.date is None:
            return []
        ours = plan.ids.get(digest(h.message_id)) if h.message_id else None
        lines: list[SyncLine] = []
        for to in dict.fromkeys(h.recipients):
            windows = [w for w in plan.by_to.get(to, ()) if w.key not in plan.closed]
            if not windows:
                continue
            sure = None
            if ours is not None:
                sure = next((w for w in windows if w.key == ours.get("key")), None)
            if sure is None:
                subject = normal_subject(h.subject)
                sure = next((w for w in windows if w.opens_at - EARLY <= h.date
                             and subject and normal_subject(plan.subject(w)) == subject),
                            None)
            if sure is not None:
                lines.append(self._record_sent(sure, h, folder))
                continue
            likely = [w for w in windows if w.opens_at <= h.date]
            if likely and not self._pending("sent?", likely[0].key):
                lines.append(self._suggest_sent(likely[0], h, folder))
        return lines

    def _record_sent(self, w: Window, h: Header, folder: str) -> SyncLine:
        assert h.date is not None
        row = self.store.record_message(w.application_id, w.kind, person_id=w.person_id,
                                        to=w.to, sent_at=h.date,
                                        subject=self.plan.subject(w) or h.subject[:300])
        self.plan.closed.add(w.key)
        cause = _cause(h, folder, w.to)
        what = f"{w.kind.label.lower()} to {w.recipient or w.to} ({w.company})"
        entry = self.journal.record(what="sent", application_id=w.application_id,
                                    row_id=row, window_key=w.key, text=what, cause=cause,
                                    recorded_at=self.plan.now.isoformat())
        return SyncLine("recorded", f"sent [{entry['id']}]: {what} — as sent at "
                                    f"{_when(h.date, self.plan.ctx)}, from "
                                    f"{_describe(cause, self.plan.ctx)}", entry["id"])

    def _suggest_sent(self, w: Window, h: Header, folder: str) -> SyncLine:
        cause = _cause(h, folder, w.to)
        question = (f"Is this your {w.kind.label.lower()} to {w.recipient or w.to} "
                    f"({w.company})?")
        entry = self.journal.suggest(what="sent?", application_id=w.application_id,
                                     window_key=w.key, kind=w.kind.value,
                                     person_id=w.person_id, to=w.to, text=question,
                                     cause=cause)
        return SyncLine("suggested", f"suggestion [{entry['id']}]: {question} — "
                                     f"{_describe(cause, self.plan.ctx)}", entry["id"])

    # -- replies ----------------------------------------------------------------------------

    def reply(self, h: Header, folder: str) -> list[SyncLine]:
        plan = self.plan
        if h.date is None or not h.sender or h.sender in plan.own:
            return []
        app = None
        for ref in h.references:
            info = plan.ids.get(digest(ref))
            if info is not None:
                app = plan.apps.get(int(info.get("application_id") or 0))
                if app is not None:
                    break
        if app is None:
            people = plan.people.get(h.sender, [])
            started = [p for p in people if p.application.interviews
                       and p.application.interviews[0].start <= h.date]
            if started:  # the one with the latest round before the message
                when = h.date
                app = max(started, key=lambda p: max(
                    i.start for i in p.application.interviews if i.start <= when)
                ).application
        if app is not None:
            return [self._record_reply(app, h, folder)]
        domain = domain_of(h.sender)
        for candidate in plan.domains.get(domain, []):
            if candidate.interviews and candidate.interviews[0].start <= h.date \
                    and not self._pending("reply?", f"{candidate.id}|{h.sender}"):
                return [self._suggest_reply(candidate, h, folder)]
        return []

    def _record_reply(self, app: Application, h: Header, folder: str) -> SyncLine:
        assert h.date is not None
        row = self.store.record_event(app.id, EventKind.REPLY, h.date)
        cause = _cause(h, folder)
        what = f"a reply from {app.company}"
        entry = self.journal.record(what="reply", application_id=app.id, row_id=row,
                                    text=what, cause=cause,
                                    recorded_at=self.plan.now.isoformat())
        return SyncLine("recorded", f"reply [{entry['id']}]: {app.company} — {app.role}: "
                                    f"{_describe(cause, self.plan.ctx)}", entry["id"])

    def _suggest_reply(self, app: Application, h: Header, folder: str) -> SyncLine:
        cause = _cause(h, folder)
        question = f"Is this from {app.company} about your application ({app.role})?"
        entry = self.journal.suggest(what="reply?", application_id=app.id,
                                     window_key=f"{app.id}|{h.sender}", text=question,
                                     cause=cause)
        return SyncLine("suggested", f"suggestion [{entry['id']}]: {question} — "
                                     f"{_describe(cause, self.plan.ctx)}", entry["id"])

    def _pending(self, what: str, key: str) -> bool:
        return any(s["what"] == what and s.get("window_key") == key
                   for s in self.journal.suggestions)

    # -- one message ------------------------------------------------------------------------

    def worth_reading(self, fields: dict[str, list[str]], role: str) -> bool:
        """A quick look: can this message match anything at all? (Most mail cannot; only
        the rest is parsed in full.)"""
        plan = self.plan
        senders = rough_addresses(fields, "from")
        if role == "all":
            role = "sent" if senders & plan.own else "inbox"
        if role == "sent":
            return any(a in plan.by_to for a in rough_addresses(fields, "to", "cc"))
        if any(a in plan.people or domain_of(a) in plan.domains for a in senders):
            return True
        return bool(plan.ids) and any(digest(r) in plan.ids for r in rough_references(fields))

    def handle(self, h: Header, folder: str, role: str) -> list[SyncLine]:
        if h.automatic:
            return []
        key = _key_of(h)
        if self.journal.has_seen(key):
            return []
        if role == "all":
            role = "sent" if h.sender in self.plan.own else "inbox"
        lines = self.sent(h, folder) if role == "sent" else self.reply(h, folder)
        if lines:
            self.journal.mark_seen(key)
        return lines


def _chunks(items: list[int], size: int) -> Iterator[list[int]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def folder_roles(account: Account) -> list[tuple[str, str]]:
    """(folder, role) pairs a sync reads: role "sent", "inbox" or "all" (both, by From)."""
    f = account.folders
    roles: list[tuple[str, str]] = []
    if f.sent:
        roles.append((f.sent, "sent"))
    if f.all_mail:
        roles.append((f.all_mail, "all"))  # Gmail: replies filters archived, and sent mail
    elif f.inbox:
        roles.append((f.inbox, "inbox"))
    return roles


def sync_folders(ctx: AppContext, account: Account, imap: Any, now: dt.datetime, *,
                 on_batch: Callable[[str, int], None] | None = None) -> list[SyncLine]:
    """Read the new headers of the account's folders; one line per record, suggestion or
    folder problem. ``on_batch(folder, last_uid)`` runs after each batch is saved."""
    from imapclient.exceptions import IMAPClientError

    condstore = imap.has_capability("CONDSTORE")
    what = [b"UIDNEXT", b"UIDVALIDITY"] + ([b"HIGHESTMODSEQ"] if condstore else [])
    state: dict[str, dict[str, Any]] = dict(stored(ctx.store, SYNC_KEY).get("folders") or {})
    lines: list[SyncLine] = []
    plan: Plan | None = None
    journal: Journal | None = None
    matcher: Matcher | None = None
    roles = folder_roles(account)
    if not account.folders.sent:
        lines.append(SyncLine("folder", "no Sent folder found: sent follow-ups are not "
                                        "noticed (mail setup looks for the folders again)"))
    for folder, role in roles:
        try:
            status = imap.folder_status(folder, what)
        except IMAPClientError as exc:
            lines.append(SyncLine("folder", f"folder {folder!r} cannot be read: "
                                            f"{_short(exc)} (skipped)"))
            continue
        validity = int(status.get(b"UIDVALIDITY", 0))
        uidnext = int(status.get(b"UIDNEXT", 0))
        modseq = int(status.get(b"HIGHESTMODSEQ", 0)) if condstore else None
        known = state.get(folder)
        if known and known.get("uidvalidity") == validity and known.get("uidnext") == uidnext:
            if modseq is not None and known.get("modseq") != modseq:
                known["modseq"] = modseq  # flags changed, nothing new: kept with the next save
            continue
        if plan is None:
            plan = Plan.build(ctx, account, now)
            journal = Journal(ctx.store.get_value(JOURNAL_KEY, None))
            matcher = Matcher(plan, journal)
        assert journal is not None and matcher is not None
        try:
            imap.select_folder(folder, readonly=True)
            if known and known.get("uidvalidity") == validity:
                last = int(known.get("last_uid", 0))
                uids = sorted(u for u in imap.search(["UID", f"{last + 1}:*"]) if u > last)
            else:  # first look, or the folder was rebuilt: only recent mail
                since = (now - dt.timedelta(days=FIRST_LOOK_BACK_DAYS)).date()
                uids = sorted(imap.search(["SINCE", since]))
                last = 0
        except IMAPClientError as exc:
            lines.append(SyncLine("folder", f"folder {folder!r} cannot be read: "
                                            f"{_short(exc)} (skipped)"))
            continue
        batches = list(_chunks(uids, BATCH)) or [[]]
        for n, chunk in enumerate(batches):
            got = imap.fetch(chunk, [FETCH_ITEM, "INTERNALDATE"]) if chunk else {}
            found: list[SyncLine] = []
            with ctx.store.write():
                for uid in chunk:
                    item = got.get(uid)
                    if item is None:
                        continue
                    fields = fields_of(header_bytes(item))
                    if not matcher.worth_reading(fields, role):
                        continue
                    arrived = item.get(b"INTERNALDATE")
                    header = parse_header(uid, fields, arrived if isinstance(
                        arrived, dt.datetime) else None)
                    found += matcher.handle(header, folder, role)
                done = n == len(batches) - 1
                state[folder] = {"uidvalidity": validity,
                                 "last_uid": max(chunk) if chunk else max(last, uidnext - 1),
                                 "uidnext": uidnext if done else None, "modseq": modseq}
                if done and chunk:
                    state[folder]["last_uid"] = max(max(chunk), uidnext - 1)
                _save(ctx, state, journal, now if done else None)
            lines += found
            if on_batch is not None:
                on_batch(folder, state[folder]["last_uid"])
    _save_quiet(ctx, state, now)
    return lines


def _save(ctx: AppContext, state: dict[str, Any], journal: Journal,
          finished: dt.datetime | None) -> None:
    old = stored(ctx.store, SYNC_KEY)
    value = {"folders": state, "last_sync": old.get("last_sync")}
    ctx.store.set_value(SYNC_KEY, value)
    ctx.store.set_value(JOURNAL_KEY, journal.value())


def _save_quiet(ctx: AppContext, state: dict[str, Any], now: dt.datetime) -> None:
    """The end of a sync: its time (to the minute, as it is shown) and the folders' state;
    not written again when neither changed (a sync with nothing new costs no write)."""
    value = {"folders": state,
             "last_sync": now.astimezone(dt.UTC).replace(second=0, microsecond=0).isoformat()}
    if ctx.store.get_value(SYNC_KEY, None) != value:
        ctx.store.set_value(SYNC_KEY, value)


def _short(exc: BaseException) -> str:
    text = str(exc).strip()
    if text.startswith(("b'", 'b"')):
        text = text[2:-1]
    return text[:160] or type(exc).__name__


def undo(ctx: AppContext, entry_id: int) -> str:
    """Undo a recorded change (delete the message or reply it recorded)."""
    journal = Journal(ctx.store.get_value(JOURNAL_KEY, None))
    found = journal.find(entry_id)
    if found is None or found[0] != "record":
        raise MailError(f"no recorded change [{entry_id}] (mail status lists them)")
    entry = found[1]
    if entry.get("undone"):
        raise MailError(f"[{entry_id}] was already undone")
    with ctx.store.write():
        if entry["what"] == "sent":
            ctx.store.delete_message(int(entry["row_id"]))
        else:
            ctx.store.delete_event(int(entry["row_id"]))
        entry["undone"] = True
        ctx.store.set_value(JOURNAL_KEY, journal.value())
    return f"undone [{entry_id}]: {entry['what']} — {entry['text']}"


def confirm(ctx: AppContext, entry_id: int) -> str:
    """The user says a suggestion is right: record it (undoable like any record)."""
    journal = Journal(ctx.store.get_value(JOURNAL_KEY, None))
    found = journal.find(entry_id)
    if found is None or found[0] != "suggestion":
        raise MailError(f"no suggestion [{entry_id}] (mail status lists them)")
    s = found[1]
    at = dt.datetime.fromisoformat(s["cause"]["date"])
    with ctx.store.write():
        if s["what"] == "sent?":
            row = ctx.store.record_message(int(s["application_id"]), Kind(s["kind"]),
                                           person_id=s.get("person_id"), to=s.get("to"),
                                           sent_at=at, subject=s["cause"]["subject"])
            what = "sent"
        else:
            row = ctx.store.record_event(int(s["application_id"]), EventKind.REPLY, at)
            what = "reply"
        journal.suggestions.remove(s)
        entry = journal.record(what=what, application_id=s["application_id"], row_id=row,
                               window_key=s.get("window_key"), text=s["text"],
                               cause=s["cause"], recorded_at=ctx.now().isoformat(),
                               confirmed=True)
        ctx.store.set_value(JOURNAL_KEY, journal.value())
    return f"recorded [{entry['id']}]: {s['text']} — yes ({_describe(s['cause'], ctx)})"


def dismiss(ctx: AppContext, entry_id: int) -> str:
    journal = Journal(ctx.store.get_value(JOURNAL_KEY, None))
    found = journal.find(entry_id)
    if found is None or found[0] != "suggestion":
        raise MailError(f"no suggestion [{entry_id}] (mail status lists them)")
    journal.suggestions.remove(found[1])
    ctx.store.set_value(JOURNAL_KEY, journal.value())
    return f"dismissed [{entry_id}]: {found[1]['text']} — no"


def describe_cause(cause: dict[str, Any], ctx: AppContext) -> str:
    return _describe(cause, ctx)
