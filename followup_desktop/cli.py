"""The command line (``interchange.md``): the same services as the window, from a terminal.

Never imports PySide6. Every error a user can cause ends as one line on stderr and a
non-zero exit status, never a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from followup_desktop import SCREENSHOT_SIZE, __version__
from followup_desktop.clock import Clock, fixed_clock, parse_aware, system_clock
from followup_desktop.commands.agenda_json import (  # noqa: F401 - cli.windows_json_* stay reachable
    window_dicts,
    windows_json_chunks,
    windows_json_text,
)
from followup_desktop.commands.common import UserError
from followup_desktop.context import AppContext
from followup_desktop.fileio import FileExistsRefused, atomic_write
from followup_desktop.paths import Paths, resolve
from followup_desktop.records import FollowupState, FollowupWindow, WindowState

if TYPE_CHECKING:
    from followup_desktop.store import Store


def _at(text: str | None) -> dt.datetime | None:
    if text is None:
        return None
    from followup_desktop.records import SPAN_REASON, in_span

    if _bare_date(text) is not None:
        return None  # midnight in the profile's zone: read once the data is open
    try:
        at = parse_aware(text)
    except (ValueError, OverflowError):
        raise UserError(f"--at {text!r}: not a date (2026-03-02) or an ISO 8601 date-time "
                        "with an offset (for example 2026-03-02T10:00:00-05:00)") from None
    if not in_span(at):
        raise UserError(f"--at {text!r}: {SPAN_REASON}")
    return at


def _bare_date(text: str) -> dt.date | None:
    """``--at 2026-12-01``: a date without a time (midnight local), else None."""
    import re

    if not re.fullmatch(r"\s*\d{4}-\d{2}-\d{2}\s*", text):
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise UserError(f"--at {text!r}: not a real date") from None


def _at_midnight(ctx: AppContext, text: str | None) -> None:
    """A bare ``--at`` date as midnight in the profile's time zone: the context's clock
    (and its store's) stop there."""
    day = _bare_date(text) if text is not None else None
    if day is None:
        return
    from followup_desktop.records import SPAN_REASON, in_span
    from followup_desktop.schedule.timemath import at_local_time

    if not in_span(day):
        raise UserError(f"--at {text!r}: {SPAN_REASON}")
    at = at_local_time(day, 0, ctx.tz())
    ctx.clock = fixed_clock(at)
    ctx.store.clock = ctx.clock


def check_arguments(args: argparse.Namespace, paths: Paths) -> None:
    """The files and folders a command names, checked before the data is opened: a slip
    (an empty name, a folder for a file, a folder that does not exist, one of Followup's
    own files or folders as the target) is one line and touches nothing."""
    from followup_desktop.services.output_file import (
        file_in_the_way,
        output_file_problem,
        output_folder_problem,
    )

    blocked = file_in_the_way(paths.data_dir)
    if blocked is not None:
        raise UserError(f"the data folder {paths.data_dir} cannot be used: {blocked} is a "
                        "file, not a folder")
    problem = None
    if args.command == "export":
        problem = output_file_problem("export", args.file, "followup.json", paths)
    elif args.command == "calendar":
        problem = output_file_problem("calendar", args.file, "followup.ics", paths)
    elif args.command == "drafts":
        problem = output_folder_problem("drafts", args.dir, "drafts", paths)
    elif args.command == "import":
        problem = input_file_problem(args.file)
    if problem is not None:
        raise UserError(problem)


def input_file_problem(name: str) -> str | None:
    """Why ``import`` cannot read ``name``, in words, or None (what is in it is the
    importer's to judge)."""
    if not name.strip():
        return "import needs a file name (a .json, .ics or .csv file); it was empty"
    file = Path(name)
    if file.is_dir():
        return f"import needs a file, and {name} is a folder"
    if not file.exists():
        where = file.absolute().parent
        if not where.is_dir():
            return f"cannot read {name}: the folder {where} does not exist"
        return f"cannot read {name}: no such file"
    if file.is_file():
        try:
            with file.open("rb") as f:
                head = f.read(16)
        except OSError:
            return None  # the importer says why it cannot be read
        if head == b"SQLite format 3\x00":
            return (f"{name} is a database, not a data file: import takes a .json, .ics or "
                    ".csv file; a backup is brought back with File › Backups in the window")
    return None


class _Parser(argparse.ArgumentParser):
    """A mistyped command line is one line on stderr like every other error, with where
    to look (exit status 2, argparse's for usage errors); ``--help`` stays as it is."""

    def error(self, message: str) -> NoReturn:
        where = self.prog.removeprefix("followup-desktop").strip()
        self.exit(2, f"followup-desktop: {where + ': ' if where else ''}{message} "
                     f"(`{self.prog} --help` lists what it takes)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="followup-desktop",
        description="Followup: plan and write the follow-ups after a job interview. "
                    "With no command, opens the window.",
    )
    parser.add_argument("--version", action="version", version=f"followup-desktop {__version__}")
    parser.add_argument("--data-dir", metavar="DIR",
                        help="use this data folder (default: $FOLLOWUP_DATA_DIR or the "
                             "platform's user data folder)")
    parser.add_argument("--screenshot", metavar="FILE.png",
                        help="render the main window to FILE.png and exit")
    parser.add_argument("--size", metavar="WxH", default=SCREENSHOT_SIZE,
                        help=f"window size for --screenshot (default {SCREENSHOT_SIZE})")
    parser.add_argument("--selftest", action="store_true",
                        help="check the installation offscreen and exit")
    parser.add_argument("--hidden", action="store_true",
                        help="start in the tray without showing the window")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser(
        "import", help="add a .json data file, an .ics invitation or a .csv spreadsheet",
        description="Add what FILE holds, all or nothing: a followup/1 data file (.json), "
                    "a calendar invitation (.ics) or a spreadsheet (.csv). Applications "
                    "already in Followup (same company, role and round times) are skipped.")
    p.add_argument("file", metavar="FILE",
                   help="a followup/1 .json file, an .ics invitation or a .csv spreadsheet")
    p = sub.add_parser("export", help="write the whole database as followup/1 JSON")
    p.add_argument("file", metavar="FILE.json")
    p.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    p = sub.add_parser("agenda", help="the follow-up plan, soonest first")
    p.add_argument("--at", metavar="ISO", help="as of this date-time, or this date at "
                                               "midnight in your time zone (default: now)")
    p.add_argument("--json", action="store_true", help="print JSON (interchange.md)")
    p.add_argument("--all", action="store_true",
                   help="also list the windows that are too late to be of use (expired)")
    p = sub.add_parser("drafts", help="write one .eml per recipient of every open email window")
    p.add_argument("dir", metavar="DIR", help="the folder to write the .eml files into "
                                              "(made when a draft is written, in a folder "
                                              "that exists)")
    p.add_argument("--at", metavar="ISO", help="the windows open at this date-time, or this "
                                               "date at midnight in your time zone "
                                               "(default: now)")
    p = sub.add_parser("calendar", help="write the pending windows as .ics events with alarms")
    p.add_argument("file", metavar="FILE.ics", help="the .ics file to write")
    p.add_argument("--at", metavar="ISO", help="the windows pending at this date-time, or "
                                               "this date at midnight in your time zone "
                                               "(default: now)")
    p.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    sub.add_parser("demo", help="fill an empty data folder with realistic sample data")
    from followup_desktop.commands.calendar_account import add_parser as add_calendar_account

    add_calendar_account(sub)
    from followup_desktop.commands.mail import add_mail_parser

    add_mail_parser(sub)
    return parser


#: Commands that only read the data (they write their output elsewhere).
READ_ONLY_COMMANDS = frozenset({"agenda", "export", "drafts", "calendar"})


def open_context(paths: Paths, at: dt.datetime | None = None,
                 command: str | None = None, *, reads_only: bool | None = None) -> AppContext:
    """The data of ``paths`` for one command (``reads_only``: it changes nothing; by
    default, :data:`READ_ONLY_COMMANDS`). In a data folder that cannot be written (an old
    disk, a snapshot, a read-only mount) a command that only reads opens it read-only, as
    the window does; one that would change it says so in one line."""
    clock = fixed_clock(at) if at else system_clock
    from followup_desktop.store.recovery import read_only_reason

    if reads_only is None:
        reads_only = command in READ_ONLY_COMMANDS
    reason = read_only_reason(paths) if paths.data_dir.is_dir() else None
    if reason is not None and paths.db.exists():
        if not reads_only:
            raise UserError(f"the data folder {paths.data_dir} is read-only, so "
                            f"`{command}` cannot change it (agenda, export, drafts, "
                            "calendar and the accounts' status work read-only)")
        ctx = AppContext(paths=paths, store=_read_only_store(paths, clock), clock=clock)
    else:
        ctx = AppContext.open(paths, clock=clock)
    ctx.batch = None  # a command reads everything once and exits: the quicker read
    quick_check(ctx)
    return ctx


def _read_only_store(paths: Paths, clock: Clock) -> Store:
    """The database opened read-only; one saved by an older version (which would need its
    migration) is first copied, with its log, to a scratch folder and migrated there: the
    data folder itself is never written."""
    import atexit
    import shutil
    import tempfile

    from followup_desktop.store import open_store
    from followup_desktop.store.connection import SCHEMA_VERSION, read_user_version

    if read_user_version(paths.db) >= SCHEMA_VERSION:
        return open_store(paths.db, read_only=True, clock=clock)
    scratch = Path(tempfile.mkdtemp(prefix="followup-ro-"))
    atexit.register(shutil.rmtree, scratch, ignore_errors=True)
    for src in (paths.db, Path(f"{paths.db}-wal")):
        if src.exists():
            shutil.copyfile(src, scratch / src.name)
    return open_store(scratch / paths.db.name, clock=clock)


def quick_check(ctx: AppContext) -> None:
    """``PRAGMA quick_check`` before a command reads anything (about 13 ms at 10,000
    interviews): a damaged file is the damaged-database path, not a wrong answer later."""
    import sqlite3

    try:
        rows = ctx.store.quick_check()
    except Exception:
        ctx.close()
        raise
    if rows != [("ok",)]:
        ctx.close()
        first = " ".join(str(rows[-1][0]).split())[:200]
        raise sqlite3.DatabaseError(f"database disk image is malformed ({first})")


# --- commands -------------------------------------------------------------------------------


def cmd_import(ctx: AppContext, file: Path) -> str:
    from followup_desktop.services.imports import import_file

    done = import_file(ctx, file)
    assert done is not None  # no question asked: never declined
    return done.message


def cmd_export(ctx: AppContext, file: Path, force: bool) -> str:
    from followup_desktop.interchange import dumps, export_document
    from followup_desktop.settings import settings_to_dict

    states, drafts = ctx.store.window_records()
    _with_planned_uids(ctx, states)
    doc = export_document(ctx.profile(), ctx.applications(), settings_to_dict(ctx.settings()),
                          states=states, drafts=drafts, words=ctx.store.words())
    try:
        atomic_write(file, dumps(doc).encode("utf-8"), overwrite=force)
    except FileExistsRefused:
        raise UserError(f"{file} already exists; choose another name or add --force") from None
    return f"Exported {len(doc['applications'])} application(s) to {file}."


def _with_planned_uids(ctx: AppContext, states: dict[int, list[FollowupState]]) -> None:
    """Every planned window's UID in ``states`` (a state with only its UID where the window
    has none stored yet): the data file carries the UID each window has had since it was
    planned, so a calendar made after an ``export`` -> ``import`` updates its events."""
    import dataclasses

    windows = ctx.agenda_all(ctx.now())
    uids = ctx.store.planned_uids(w.key for w in windows)
    for w in windows:
        own = states.setdefault(w.application_id, [])
        i = next((n for n, st in enumerate(own) if st.key == w.key), None)
        if i is None:
            own.append(FollowupState(w.key, uid=uids[w.key]))
        elif not own[i].uid:
            own[i] = dataclasses.replace(own[i], uid=uids[w.key])


def agenda_text(ctx: AppContext, now: dt.datetime,
                windows: Sequence[FollowupWindow] | None = None) -> str:
    from followup_desktop.humanize import local_when, window_phrase

    tz = ctx.tz()
    if windows is None:
        windows = ctx.agenda(now)
    profile = ctx.profile()
    who = f" for {profile.name}" if profile.name else ""
    lines = [f"Follow-up plan{who} as of {local_when(now, tz)} ({tz.key})", ""]
    if not windows:
        lines.append("Nothing to follow up. Add an interview with the window, or run "
                     "`followup-desktop demo` to see sample data.")
        return "\n".join(lines)
    from followup_desktop.schedule.groups import GROUPS, group_agenda, machine_first_weekday

    # The window's groups and order (schedule/groups.py), then the expired of --all.
    sections: list[tuple[str, Sequence[FollowupWindow]]] = list(zip(
        GROUPS, group_agenda(windows, now, tz, machine_first_weekday()), strict=True))
    # Too late: the one that stopped being useful last comes first (the nearest to still
    # worth a word); a window with no last useful moment goes by its deadline, then opening.
    # Alike moments: by company, role, recipient (the order never depends on the input's).
    expired = sorted((w for w in windows if w.state is WindowState.EXPIRED),
                     key=lambda w: (w.company, w.role, w.recipient or "", w.key))
    expired.sort(key=lambda w: w.late_until or w.due_at or w.opens_at, reverse=True)
    sections.append(("Too late", expired))
    for title, group in sections:
        if not group:
            continue
        lines.append(f"{title} ({len(group)})")
        for w in group:
            to = f" to {w.recipient}" if w.recipient else ""
            state = w.state
            if state is WindowState.UPCOMING:
                when = f"opens {local_when(w.opens_at, tz, now)}"
            elif state is WindowState.SNOOZED and w.snoozed_until is not None:
                when = f"back {local_when(w.snoozed_until, tz, now)}"
            elif state is WindowState.EXPIRED and w.late_until is not None:
                when = f"useful until {local_when(w.late_until, tz, now)}"
            elif w.due_at is not None:
                when = f"due {local_when(w.due_at, tz, now)}"
            else:
                when = "no deadline"
            lines.append(f"  {window_phrase(w, now, tz):<38} {w.company} — {w.role}{to}  [{when}]")
        lines.append("")
    return "\n".join(lines).rstrip()


def cmd_demo(ctx: AppContext) -> str:
    from followup_desktop.services.demo import fill_sample_data

    if not ctx.store.is_empty():
        raise UserError(f"{ctx.paths.data_dir} already has data; demo only fills an empty "
                        "data folder (use --data-dir with a new folder)")
    count = fill_sample_data(ctx)
    window = shell_command(program_name(), "--data-dir", str(ctx.paths.data_dir))
    return (f"Added {count} sample applications to {ctx.paths.data_dir}.\n"
            f"Open them in the window: {window}\n"
            f"or see the plan here:    {window} agenda")


def program_name() -> str:
    """How to start this program again from a shell: ``followup-desktop`` when that name
    finds this very script on the PATH, else the script's path as it was started (a
    ``.venv/bin/followup-desktop``), else (``python -m followup_desktop``) the name."""
    import os
    import shutil

    started = sys.argv[0] if sys.argv else ""
    if Path(started).name != "followup-desktop":
        return "followup-desktop"
    on_path = shutil.which("followup-desktop")
    try:
        if on_path is not None and os.path.samefile(on_path, started):
            return "followup-desktop"
    except OSError:
        pass
    return started


def shell_command(*words: str) -> str:
    """``words`` as one command line a POSIX shell reads back as those words."""
    import shlex

    return shlex.join(words)


def cmd_calendar(ctx: AppContext, file: Path, now: dt.datetime, force: bool) -> str:
    from followup_desktop.compose.ics import write_ics

    windows = ctx.agenda(now)
    if file.exists() and not force:
        raise UserError(f"{file} already exists; choose another name or add --force")
    uids = ctx.store.window_uids((w.application_id, w.key) for w in windows)
    write_ics(windows, file, now, tz=ctx.tz(), uids=uids)
    return f"Wrote {len(windows)} follow-up window(s) to {file}."


def run_command(args: argparse.Namespace) -> int:
    """Run one command. A command is short-lived and makes no reference cycles worth
    collecting, so the cyclic garbage collector stays off meanwhile: otherwise each full
    collection walks every record loaded (tens of thousands with a big history). It is
    back on when this returns, after the command's objects are freed (refcounting)."""
    from followup_desktop.bulk import gc_paused

    with gc_paused():
        return _run_command(args)


def warn_if_shared(paths: Paths) -> None:
    """One line on stderr when the data folder is readable by other users (it is left as
    it is: only folders Followup creates are made private)."""
    from followup_desktop.paths import readable_by_others

    mode = readable_by_others(paths.data_dir)
    if mode is not None:
        print(f"followup-desktop: warning: the data folder {paths.data_dir} is readable by "
              f"other users (mode {mode:o}); `chmod 700 {paths.data_dir}` makes it private",
              file=sys.stderr)


def _action(args: argparse.Namespace) -> str | None:
    """The account command's action (``mail status`` -> ``status``), else None."""
    return getattr(args, "action", None) or getattr(args, "mail_command", None)


def command_words(args: argparse.Namespace) -> str:
    """The command as typed, less its arguments: ``import``, ``mail forget``."""
    action = _action(args)
    return f"{args.command} {action}" if action else str(args.command)


def only_reads(args: argparse.Namespace) -> bool:
    """The command reads the data and changes nothing in it (its output goes elsewhere)."""
    if args.command in READ_ONLY_COMMANDS:
        return True
    return args.command in ("mail", "calendar-account") and _action(args) in ("status",
                                                                              "invites")


def _run_command(args: argparse.Namespace) -> int:
    """A command that fails, or one that only reads, on a data folder that had no database
    leaves no trace of it: no empty database, no folders (:class:`FirstUse`)."""
    from followup_desktop.context import FirstUse

    if args.data_dir is not None and not args.data_dir.strip():
        raise UserError("--data-dir is empty: name a folder, or leave --data-dir out for "
                        "the default data folder")
    paths = resolve(args.data_dir)
    at = _at(getattr(args, "at", None))
    check_arguments(args, paths)
    first = FirstUse.before(paths)
    if first.fresh:
        _refuse_if_moved_aside(paths)
    held: list[bool] = []  # the data held something when the command closed it
    done = False
    try:
        code = _run_opened(args, paths, at, held if first.fresh else None)
        done = True
        return code
    finally:
        if first.fresh and not any(held) and not (done and not only_reads(args)):
            first.undo()


def _refuse_if_moved_aside(paths: Paths) -> None:
    """A data file moved aside as damaged, with no choice made since, is not an empty
    folder: no command reads or fills it as one (the window offers the choices)."""
    from followup_desktop.store.recovery import moved_aside

    folder = moved_aside(paths)
    if folder is not None:
        raise UserError(f"your data file was found damaged and moved, untouched, to {folder}; "
                        "open the window (followup-desktop) to restore a backup, read it, "
                        "or start empty")


def _run_opened(args: argparse.Namespace, paths: Paths, at: dt.datetime | None,
                held: list[bool] | None) -> int:
    ctx = open_context(paths, at, command_words(args), reads_only=only_reads(args))
    warn_if_shared(paths)
    out: str | Iterator[str]
    try:
        _at_midnight(ctx, getattr(args, "at", None))
        now = ctx.now()
        if args.command == "import":
            out = cmd_import(ctx, Path(args.file))
        elif args.command == "export":
            out = cmd_export(ctx, Path(args.file), args.force)
        elif args.command == "agenda":
            # JSON is written piece by piece once the store is closed (see below)
            shown = ctx.agenda_all(now) if args.all else ctx.agenda(now)
            out = windows_json_chunks(shown) if args.json else agenda_text(ctx, now, shown)
        elif args.command == "demo":
            out = cmd_demo(ctx)
        elif args.command == "drafts":
            from followup_desktop.commands.drafts import cmd_drafts

            out = cmd_drafts(ctx, Path(args.dir), now)
        elif args.command == "calendar":
            out = cmd_calendar(ctx, Path(args.file), now, args.force)
        elif args.command == "calendar-account":
            from followup_desktop.commands.calendar_account import run as calendar_account

            out = calendar_account(ctx, args)
        elif args.command == "mail":
            from followup_desktop.commands.mail import cmd_mail

            out = cmd_mail(ctx, args, now)
        else:  # pragma: no cover - argparse guards this
            raise UserError(f"unknown command {args.command}")
    finally:
        if held is not None:  # a window that came meanwhile may have added data: kept
            with contextlib.suppress(Exception):
                held.append(not ctx.store.is_empty())
        ctx.close()
    if isinstance(out, str):
        print(out)
    else:  # megabytes with a big history: a reader of a pipe takes the first pieces early
        write = sys.stdout.write
        for piece in out:
            write(piece)
        write("\n")
    return 0


def user_error_types() -> tuple[type[BaseException], ...]:
    from followup_desktop.compose.model import DraftError
    from followup_desktop.interchange import FormatError
    from followup_desktop.services.calendar_account import CalendarAccountError
    from followup_desktop.services.mail.errors import MailError
    from followup_desktop.store import StoreError

    return (UserError, FormatError, StoreError, DraftError, CalendarAccountError, MailError)


def database_error_text(args: argparse.Namespace, exc: BaseException) -> str:
    """Any database error, at any moment, in words: damage names the backup that recovers
    it (and leaves the marker that makes the window offer it); others say what failed."""
    from followup_desktop.store.damage import damage_message, is_damage, note_damage

    paths = resolve(args.data_dir)
    if is_damage(exc):
        note_damage(paths.db, exc)
        return damage_message(paths.db, paths.backups, exc)
    return f"the data file {paths.db} could not be used: {' '.join(str(exc).split()) or exc!r}"


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return run_command(args)
    except user_error_types() as exc:
        from followup_desktop.store.damage import is_damage

        cause = exc.__cause__
        if cause is not None and is_damage(cause):  # damage found while opening the file
            print(f"followup-desktop: {database_error_text(args, cause)}", file=sys.stderr)
            return 1
        print(f"followup-desktop: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # `followup-desktop agenda | head`: the reader has gone
        return 0
    except OSError as exc:
        where = f" ({exc.filename})" if exc.filename else ""
        print(f"followup-desktop: {exc.strerror or exc}{where}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        from followup_desktop.store.damage import is_database_error

        if not is_database_error(exc):
            raise
        print(f"followup-desktop: {database_error_text(args, exc)}", file=sys.stderr)
        return 1
