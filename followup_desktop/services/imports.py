"""Bringing a file in: one :func:`import_file` for ``.json``, ``.ics`` and ``.csv``.

The command line (``followup-desktop import FILE``) and the window (File › Import…, files
dropped on it) both come here. The rule for every import is the same: the file is read and
checked first, nothing is saved when it has a problem, then a verified backup is taken
(:func:`~followup_desktop.services.backups.backup_before_import`) and everything goes in
one transaction -- all of it or none.

The window previews an invite or a spreadsheet before saving it; its dialogs save through
:func:`save_invite` and :func:`commit_import` here. Reading and writing the file formats
themselves is :mod:`followup_desktop.importers` and :mod:`followup_desktop.interchange`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from followup_desktop.context import AppContext
from followup_desktop.importers.errors import ImportFileError, InviteCancelled
from followup_desktop.importers.invite import (
    ALL_DAY_HOUR,
    InviteGuess,
    read_invite_file,
    zone_for,
)
from followup_desktop.importers.spreadsheet import (
    ImportPlan,
    guess_mapping,
    not_imported_text,
    plan_import,
    read_csv_file,
)
from followup_desktop.records import ApplicationSpec, InterviewSpec, Status
from followup_desktop.services.backups import backup_before_import

#: What :func:`import_file` reads (a ``.tsv`` is read as a spreadsheet too).
SUFFIXES = (".json", ".ics", ".csv")


@dataclass(frozen=True, slots=True)
class Imported:
    """What an import saved: one line for the user, and the applications it touched."""

    message: str
    application_ids: tuple[int, ...]
    #: applications left out because they are already in Followup (same company, role and
    #: round start times)
    skipped: int = 0
    #: what the import kept of the user's instead of the file's (a line each, also in
    #: ``message``): their profile and schedule settings against another person's
    kept: tuple[str, ...] = ()


def import_file(ctx: AppContext, path: Path, *,
                confirm: Callable[[str], bool] | None = None) -> Imported | None:
    """Import one file by its extension: ``.ics`` an invite, ``.csv``/``.tsv`` a
    spreadsheet, anything else a ``followup/1`` data file.

    ``confirm(question)`` is asked before a data file changes anything (the window's
    "Add 3 application(s) from …?"); when it answers no, nothing is saved and the result
    is ``None``. A file with a problem raises :class:`~followup_desktop.interchange.FormatError`
    (and :class:`~followup_desktop.importers.errors.ImportFileError`) and saves nothing.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".ics":
        return import_invite_file(ctx, path)
    if suffix in (".csv", ".tsv"):
        return import_csv_file(ctx, path)
    return import_data_file(ctx, path, confirm=confirm)


# --- followup/1 data files -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Taken:
    """What of a data file's profile and schedule settings an import uses, and the lines
    that say what it kept of the user's instead."""

    profile: dict[str, str]
    settings: dict[str, Any]
    notes: tuple[str, ...]
    #: the same, said before the import (the window's question)
    ahead: tuple[str, ...]


def _same_name(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def _what_to_take(ctx: AppContext, profile: dict[str, str],
                  settings: dict[str, Any]) -> _Taken:
    """A file never replaces the user's profile: when the folder has a profile name and
    the file's profile differs in any field (another name, none, or the same name with
    another time zone, address, signature ...), the user's profile is kept and the
    message says what differed. Schedule settings follow the same rule: when the user has
    settings of their own (not the defaults) and the file's differ, theirs are kept. An
    export imported into an empty folder gives everything back (nothing to keep)."""
    from followup_desktop.interchange.profiles import profile_differences, profile_label
    from followup_desktop.settings import Settings, settings_to_dict

    notes: list[str] = []
    ahead: list[str] = []
    own = ctx.profile()
    mine = own.name.strip()
    theirs = str(profile.get("name") or "").strip()
    differs = profile_differences(own, profile) if profile and mine else []
    if differs:
        if not _same_name(mine, theirs):
            named = f"({theirs})" if theirs else "(with no name)"
            notes.append(f"Kept your profile ({mine}); the file's {named} was not used.")
            ahead.append(f"Your profile ({mine}) is kept; the file's {named} is not used.")
        else:  # the same person's name, but another zone, address, signature ...
            label = profile_label(own, str(profile.get("timezone", own.timezone) or "")
                                   != own.timezone)
            what = ", ".join(differs)
            notes.append(f"Kept your profile ({label}); the file's differs ({what}) "
                         "and was not used.")
            ahead.append(f"Your profile ({label}) is kept; the file's differs ({what}) "
                         "and is not used.")
        profile = {}
    current = settings_to_dict(ctx.settings())
    if settings and current != settings_to_dict(Settings()):
        changed = [k for k, v in settings.items() if current.get(k) != v]
        if changed:
            notes.append(f"Kept your schedule settings; the file's ({len(changed)} "
                         "different) were not used.")
            ahead.append("Your schedule settings are kept; the file's are not used.")
            settings = {}
    return _Taken(dict(profile), dict(settings), tuple(notes), tuple(ahead))


def data_file_question(path: Path, applications: int, profile: Mapping[str, object],
                       settings: Mapping[str, object], kept: tuple[str, ...] = ()) -> str:
    """The question the window asks before importing a data file (``kept``: the lines of
    what the import keeps of the user's instead of the file's)."""
    text = f"Add {applications} application(s) from {path.name}?"
    if profile:
        text += " Your profile fields in the file (" + ", ".join(sorted(profile)) + \
            ") will replace the current ones."
    if settings:
        text += " The file's schedule settings will replace yours."
    for line in kept:
        text += " " + line
    return text + " A backup is made first."


def import_data_file(ctx: AppContext, path: Path, *,
                     confirm: Callable[[str], bool] | None = None) -> Imported | None:
    """A ``followup/1`` file: everything in it, all or nothing, after a backup. The user's
    profile and settings are kept against another person's (:func:`_what_to_take`)."""
    from followup_desktop.interchange import load_file

    doc = load_file(path)
    taken = _what_to_take(ctx, dict(doc.profile), dict(doc.settings or {}))
    if confirm is not None and not confirm(
            data_file_question(path, len(doc.applications), taken.profile, taken.settings,
                               taken.ahead)):
        return None
    backup_before_import(ctx)
    from followup_desktop.interchange import import_summary

    done = ctx.store.import_counted(doc.applications, taken.profile,
                                    settings=taken.settings, words=doc.words)
    message = "\n".join([import_summary(len(done.ids), done.skipped, path.name),
                         *taken.notes,
                         *(f"  warning: {w}" for w in doc.warnings)])  # dropped attachments
    return Imported(message, tuple(done.ids), done.skipped, taken.notes)


# --- spreadsheets ----------------------------------------------------------------------------


def commit_import(ctx: AppContext, plan: ImportPlan) -> list[int]:
    """Save the plan's new applications: a backup first, then one transaction."""
    specs = plan.to_add
    if not specs:
        return []
    backup_before_import(ctx)
    return ctx.store.add_applications(specs)


def import_csv_file(ctx: AppContext, path: Path) -> Imported:
    """``followup-desktop import sheet.csv``: header-guessed mapping, all or nothing — any
    row with a problem stops the import (the window lets the user skip such rows)."""
    path = Path(path)
    table = read_csv_file(path)
    mapping = guess_mapping(table.headers)
    plan = plan_import(table, mapping, tz=ctx.tz(), existing=ctx.applications())
    if plan.problems:
        raise ImportFileError(not_imported_text(path.name, plan))
    ids = commit_import(ctx, plan)
    lines = [f"Imported {len(ids)} application(s) from {path.name}: {plan.summary()}",
             *plan.notices]
    if plan.skipped:
        lines += ["Not imported:", *(f"  {p}" for p in plan.skipped)]
    return Imported("\n".join(lines), tuple(ids))


# --- calendar invites ------------------------------------------------------------------------


def own_identity(ctx: AppContext) -> tuple[set[str], set[str]]:
    """The user's address and name from the profile: left out of an invite's people."""
    profile = ctx.profile()
    emails = {profile.email.strip().lower()} if profile.email.strip() else set()
    names = {profile.name.strip()} if profile.name.strip() else set()
    return emails, names


def read_invite(ctx: AppContext, path: Path) -> list[InviteGuess]:
    """Read an .ics file with the profile's address, name and zone."""
    emails, names = own_identity(ctx)
    return read_invite_file(Path(path), emails, tz=ctx.tz(), own_names=names)


def import_invite_file(ctx: AppContext, path: Path) -> Imported:
    """``followup-desktop import invite.ics``: save every meeting of the invite, one line
    each. Followup's own follow-up events in it are never saved as rounds
    (:func:`set_aside_followups`)."""
    found = find_followups(ctx, read_invite(ctx, Path(path)))
    guesses = found.rest
    if not guesses:
        return Imported(settle_followups(ctx, Path(path), found) or "", ())
    live = [g for g in guesses if not g.cancelled]
    if not live:
        note = settle_followups(ctx, Path(path), found)
        raise InviteCancelled(" ".join([*([note] if note else []),
                                        *(cancel_message(ctx, g) for g in guesses)]))
    unknown = [g for g in live if not g.company.strip()]
    if unknown:  # nothing written yet, not even a follow-up's move
        which = ", ".join(f"“{g.summary}”" if g.summary else "a meeting" for g in unknown)
        raise ImportFileError(f"Nothing was imported: the company of {which} is unknown. "
                              "Import the file from the window, where you can fill it in.")
    backup_before_import(ctx)
    results = []
    index = ApplicationIndex(ctx)
    with ctx.store.write():  # every meeting of the file, or none
        for guess in live:
            result = save_invite(ctx, guess, target=find_target(ctx, guess, index),
                                 backup=False)
            if result.new_application:
                index.add(result.application_id, guess.company, guess.role)
            results.append(result)
    lines = [describe(ctx, g, r) for g, r in zip(live, results, strict=True)]
    lines += [cancel_message(ctx, g) for g in guesses if g.cancelled]
    note = settle_followups(ctx, Path(path), found, backup=False)  # the backup is made
    if note is not None:
        lines.append(note)
    if not own_identity(ctx)[0]:
        lines.append("Tip: set your email in the profile, so you are not listed among the "
                     "people of imported invites.")
    return Imported("\n".join(lines), tuple(dict.fromkeys(r.application_id for r in results)))


# --- Followup's own calendar in an import ------------------------------------------------


def _window_uids(uids: list[str]) -> dict[str, tuple[str, int]]:
    """``uid -> (window key, application id)`` of the windows whose stored UID is one of
    ``uids`` (one query per 500)."""
    from followup_desktop.store.models import FollowupStateRow

    found: dict[str, tuple[str, int]] = {}
    for start in range(0, len(uids), 500):
        rows: Any = (FollowupStateRow.select(FollowupStateRow.uid, FollowupStateRow.key,
                                        FollowupStateRow.application)
                .where(FollowupStateRow.uid.in_(uids[start:start + 500])).tuples())
        for uid, key, app_id in rows:
            found[str(uid)] = (str(key), int(app_id))
    return found


def _file_start(guess: InviteGuess, tz: dt.tzinfo) -> dt.date | dt.datetime:
    """The event's DTSTART as the file has it (an all-day one: its day)."""
    return guess.start.astimezone(tz).date() if guess.all_day else guess.start


@dataclass(frozen=True, slots=True)
class FollowupEvents:
    """An .ics's meetings: the real invitations (``rest``), and the follow-up events
    Followup wrote (``ours``), with the windows of this data folder they belong to
    (``known``: ``uid -> (window key, application id)``)."""

    rest: list[InviteGuess]
    ours: list[InviteGuess]
    known: dict[str, tuple[str, int]]


def find_followups(ctx: AppContext, guesses: list[InviteGuess]) -> FollowupEvents:
    """Sort the meetings (reading only). A follow-up event: one whose UID is a window's
    stored UID, or one Followup wrote (:attr:`InviteGuess.own_calendar`)."""
    known = _window_uids([g.uid for g in guesses if g.uid])

    def ours(g: InviteGuess) -> bool:
        return g.own_calendar or bool(g.uid and g.uid in known)

    return FollowupEvents([g for g in guesses if not ours(g)], [g for g in guesses if ours(g)],
                          known)


def set_aside_followups(ctx: AppContext, path: Path, guesses: list[InviteGuess]
                        ) -> tuple[list[InviteGuess], str | None]:
    """The real invitations of an .ics (for the window's previews), the follow-up events
    settled (:func:`settle_followups`), and the message about them."""
    found = find_followups(ctx, guesses)
    return found.rest, settle_followups(ctx, path, found)


def settle_followups(ctx: AppContext, path: Path, found: FollowupEvents, *,
                     backup: bool = True) -> str | None:
    """What the follow-up events of an import mean, and the message for the user (``None``:
    there were none). Never a round: one of this data folder's windows whose start the user
    moved (in a phone's calendar, say) means what it means to the CalDAV sync, the window
    snoozed to the new time
    (:func:`~followup_desktop.services.calendar_account.sync.snooze_to_start`); the others
    are already here. Those of another data folder are skipped. ``backup``: make one
    before a move (an import that saves invitations has made it already)."""
    ours, rest, known = found.ours, found.rest, found.known
    if not ours:
        return None
    here = [g for g in ours if g.uid and g.uid in known]
    moved = _apply_moves(ctx, [(g, known[g.uid or ""]) for g in here], backup=backup)
    counts = [f"{len(here) - len(moved)} already here" if len(here) > len(moved) else "",
              f"{len(moved)} moved in the calendar: snoozed to the new time" if moved else "",
              f"{len(ours) - len(here)} from another data folder"
              + ("" if rest else ": skipped") if len(ours) > len(here) else ""]
    what = "; ".join(c for c in counts if c)
    if rest:
        names = ", ".join(f"“{g.summary}”" if g.summary else "an event" for g in ours)
        lines = [f"Skipped {len(ours)} follow-up event(s) of Followup's own calendar "
                 f"({what}): {names}."]
    else:
        lines = [f"Nothing added: {path} is Followup's own calendar of {len(ours)} "
                 f"follow-up(s) ({what}). To move data between folders use `export` and "
                 "import the .json."]
    lines += [f"  moved, snoozed: {m}" for m in moved]
    return "\n".join(lines)


def _apply_moves(ctx: AppContext, here: list[tuple[InviteGuess, tuple[str, int]]], *,
                 backup: bool) -> list[str]:
    """Snooze each window whose event starts elsewhere than Followup writes it; one line
    per window moved."""
    if not here:
        return []
    from followup_desktop.compose.ics import summary
    from followup_desktop.humanize import local_when
    from followup_desktop.services.calendar_account.sync import (
        _start_text,
        event_start,
        snooze_to_start,
    )

    now, tz = ctx.now(), ctx.tz()
    plan = {w.key: w for w in ctx.agenda(now)}
    moves = []
    for guess, (key, _app_id) in here:
        window = plan.get(key)  # not pending any more (sent, skipped): nothing to move
        start = _file_start(guess, tz)
        if window is not None and _start_text(start) != event_start(window, now, tz):
            moves.append((window, start))
    if not moves:
        return []
    if backup:
        backup_before_import(ctx)
    lines = []
    with ctx.store.write():
        for window, start in moves:
            until = snooze_to_start(ctx, window, start, tz)
            lines.append(f"{summary(window)} (to {local_when(until, tz, now)})")
    return lines


# --- saving an invite ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class InviteTarget:
    """Where a guess goes: the round it updates (same UID), or an application to add to."""

    application_id: int | None
    interview_id: int | None

    @property
    def updates(self) -> bool:
        return self.interview_id is not None


def _norm(text: str) -> str:
    return " ".join(text.lower().split())


class ApplicationIndex:
    """Applications by company, read once (``id, company, role, status`` only, not every
    record), so that matching each meeting of a big invite costs the same: an invite's
    import is linear in its meetings (2,000 once took quadratic time)."""

    def __init__(self, ctx: AppContext) -> None:
        self.by_company: dict[str, list[tuple[int, str, str]]] = {}
        for app_id, company, role, status in ctx.store.application_heads():
            self.add(app_id, company, role, status)

    def add(self, app_id: int, company: str, role: str, status: str = "active") -> None:
        self.by_company.setdefault(_norm(company), []).append((app_id, _norm(role), status))


def find_target(ctx: AppContext, guess: InviteGuess,
                index: ApplicationIndex | None = None) -> InviteTarget:
    """The round imported from this invite before (same UID); else an application of the same
    company and role (or the same company, when it has just one active application)."""
    if guess.uid:
        hit = ctx.store.find_interview_by_uid(guess.uid)
        if hit is not None:
            return InviteTarget(hit[0], hit[1])
    company = _norm(guess.company)
    if not company:
        return InviteTarget(None, None)
    same = (index or ApplicationIndex(ctx)).by_company.get(company, [])
    role = _norm(guess.role)
    exact = [a for a in same if a[1] == role]
    if exact:
        return InviteTarget(exact[-1][0], None)
    active = [a for a in same if a[2] == Status.ACTIVE.value]
    if not role and len(active) == 1:
        return InviteTarget(active[0][0], None)
    return InviteTarget(None, None)


@dataclass(frozen=True, slots=True)
class InviteResult:
    application_id: int
    interview_id: int
    updated: bool
    new_application: bool


def save_invite(ctx: AppContext, guess: InviteGuess, *,
                target: InviteTarget | None = None, backup: bool = True) -> InviteResult:
    """Store one guess: update the round with the same UID, add a round to ``target``'s
    application, or add a new application. One transaction, after a backup."""
    if guess.cancelled:
        raise InviteCancelled(cancel_message(ctx, guess))
    if not guess.company.strip():
        raise ImportFileError("The invite's company is unknown: fill it in first.")
    where = target if target is not None else find_target(ctx, guess)
    if guess.uid and where.interview_id is None:
        hit = ctx.store.find_interview_by_uid(guess.uid)
        if hit is not None:  # never two rounds from one invite
            where = InviteTarget(hit[0], hit[1])
    if backup:
        backup_before_import(ctx)
    spec = guess.interview_spec()
    if where.application_id is None:
        app_id = ctx.store.add_application(ApplicationSpec(
            company=guess.company.strip(), role=guess.role.strip(), interviews=(spec,)))
        hit = ctx.store.find_interview_by_uid(guess.uid) if guess.uid else None
        if hit is None:  # (reading the new application back costs more)
            app = ctx.store.load_application(app_id)
            hit = (app_id, app.interviews[0].id if app.interviews else 0)
        return InviteResult(app_id, hit[1], updated=False, new_application=True)
    if where.interview_id is not None:
        spec = _keep_user_fields(ctx, where, spec)
    iid = ctx.store.save_interview(where.application_id, where.interview_id, spec)
    return InviteResult(where.application_id, iid, updated=where.interview_id is not None,
                        new_application=False)


def _keep_user_fields(ctx: AppContext, where: InviteTarget, spec: InterviewSpec) -> InterviewSpec:
    """An updated invite moves the time and the people; what the user wrote stays."""
    app = ctx.application(where.application_id or -1)
    if app is None:
        return spec
    old = next((iv for iv in app.interviews if iv.id == where.interview_id), None)
    if old is None:
        return spec
    old_people = {(p.person.email or p.person.name).lower(): p for p in old.participants}
    interviewers = []
    for p in spec.interviewers:
        prev = old_people.get((p.email or p.name).lower())
        if prev is not None:
            p = replace(p, title=prev.person.title or p.title,
                        linkedin=prev.person.linkedin or p.linkedin,
                        salutation=prev.person.salutation,
                        main_contact=prev.main_contact,
                        talking_points=prev.talking_points)
        interviewers.append(p)
    from followup_desktop.records import PromiseSpec

    promises = []
    for pr in old.promises:
        person = app.person(pr.person_id)
        promises.append(PromiseSpec(what=pr.what, to=(person.email or person.name)
                                    if person else None))
    keep = {(p.email or p.name).lower() for p in interviewers}
    promises = [p for p in promises if p.to is None or p.to.lower() in keep]
    notes = old.notes if old.notes.strip() and not old.notes.startswith("From the invite") \
        else spec.notes
    return replace(spec, interviewers=tuple(interviewers), promises=tuple(promises),
                   tone=old.tone, decision_by=old.decision_by, notes=notes,
                   reflection=old.reflection)


def cancel_message(ctx: AppContext, guess: InviteGuess) -> str:
    from followup_desktop.humanize import local_when

    when = local_when(guess.start, ctx.tz(), ctx.now())
    title = f"“{guess.summary}”" if guess.summary else "this meeting"
    hit = ctx.store.find_interview_by_uid(guess.uid) if guess.uid else None
    if hit is not None:
        app = ctx.application(hit[0])
        name = f"{app.company} — {app.role}" if app else "an application"
        return (f"The invite cancels {title} on {when}: the round of {name} was kept — "
                "nothing was removed. Delete the round in the window if it is off.")
    return (f"The invite cancels {title} on {when}; no round came from it, so nothing was "
            "imported and nothing was removed.")


def describe(ctx: AppContext, guess: InviteGuess, result: InviteResult | None = None) -> str:
    """One line for the user: what was (or will be) saved."""
    from followup_desktop.humanize import local_when

    tz = ctx.tz()
    when = local_when(guess.start, tz, ctx.now())
    zone = "" if guess.zone_name == tz.key else \
        f" (invite time {guess.start.astimezone(zone_for(guess.zone_name, tz)):%H:%M} " \
        f"{guess.zone_name})"
    people = ", ".join(p.name for p in guess.people) or "no one else on the invite"
    what = f"{guess.company} — {guess.role}" if guess.role else guess.company
    if result is None:
        verb = "Would add a round to"
    elif result.updated:
        verb = "Updated the round (same invite imported before) of"
    elif result.new_application:
        verb = "Added a new application with a round:"
    else:
        verb = "Added a round to"
    line = f"{verb} {what} on {when}{zone}, {guess.format.value}, with {people}."
    if guess.recurring:
        line += " Recurring invite: first occurrence only."
    if guess.all_day:
        line += f" All-day invite: set to {ALL_DAY_HOUR:02d}:00, check the time."
    return line


__all__ = [
    "SUFFIXES",
    "Imported",
    "InviteResult",
    "InviteTarget",
    "cancel_message",
    "commit_import",
    "data_file_question",
    "describe",
    "find_target",
    "import_csv_file",
    "import_data_file",
    "import_file",
    "import_invite_file",
    "own_identity",
    "read_invite",
    "save_invite",
    "FollowupEvents",
    "find_followups",
    "set_aside_followups",
    "settle_followups",
]
