"""Child processes for the fault suite: ``python -m tests.faults.child COMMAND ARGS``.

Each command does real work on real files and prints one line per acknowledged step
(``ACK ...``), flushed, so the parent knows exactly what was committed before it kills.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import resource
import shutil
import signal
import subprocess
import sys
from pathlib import Path

UTC = dt.UTC
T0 = dt.datetime(2026, 3, 2, 15, 0, tzinfo=UTC)


def say(*parts: object) -> None:
    sys.stdout.write(" ".join(str(p) for p in parts) + "\n")
    sys.stdout.flush()


def spec(n: int) -> object:
    """Application ``n``: one round with two interviewers, a promise and talking points —
    several rows in several tables, so a half-done transaction would show."""
    from followup_desktop.records import ApplicationSpec, InterviewSpec, PersonSpec, PromiseSpec

    people = (PersonSpec(name=f"Ann {n}", email=f"ann{n}@example.com", main_contact=True,
                         talking_points=("roadmap", "team")),
              PersonSpec(name=f"Bob {n}", title="CTO"))
    return ApplicationSpec(
        company=f"Company {n}", role="Engineer",
        interviews=(InterviewSpec(start=T0 + dt.timedelta(minutes=n % 1_000_000),
                                  interviewers=people,
                                  promises=(PromiseSpec(what="send samples",
                                                        to=f"ann{n}@example.com"),),
                                  notes="x" * (n % 300)),),
    )


def cmd_writes(data_dir: str, start: str) -> None:
    """Add applications forever (until killed), acknowledging each commit."""
    from followup_desktop.store import open_store

    store = open_store(Path(data_dir) / "followup.sqlite3")
    n = int(start)
    say("READY")
    while n < int(start) + 100_000:
        app_id = store.add_application(spec(n))  # type: ignore[arg-type]
        if n % 3 == 0:
            store.update_application(app_id, company=f"Company {n}", role="Engineer",
                                     notes=f"edited {n}")
        say("ACK", n, app_id)
        n += 1


def cmd_migrate(db: str) -> None:
    from followup_desktop.store.connection import connect

    say("GO")
    conn = connect(Path(db))
    conn.close()
    say("DONE")


def cmd_hold(data_dir: str) -> None:
    """Open the store, say READY, and keep it open until stdin closes."""
    from followup_desktop.store import open_store

    store = open_store(Path(data_dir) / "followup.sqlite3")
    store.add_application(spec(1))  # type: ignore[arg-type]
    say("READY")
    sys.stdin.read()
    store.close()


def payload(n: int) -> bytes:
    block = hashlib.sha256(str(n).encode()).hexdigest().encode() * 2048  # 128 KiB
    return b"Subject: export %d\r\n\r\n" % n + block * (4 + n % 8)


def cmd_export(folder: str) -> None:
    from followup_desktop.fileio import atomic_write

    say("READY")
    for n in range(100_000):
        atomic_write(Path(folder) / f"note-{n}.eml", payload(n))
        say("ACK", n)


def cmd_fsize(data_dir: str, extra: str) -> None:
    """Fill the database until RLIMIT_FSIZE stops a write; every refused save must be a
    clear "not saved" StoreError; then lift the limit and check the store still works."""
    from followup_desktop.store import StoreError, open_store

    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    db = Path(data_dir) / "followup.sqlite3"
    store = open_store(db)
    ids = [store.add_application(spec(n)) for n in range(5)]  # type: ignore[arg-type]
    say("COMMITTED", *ids)
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    size = db.stat().st_size + Path(f"{db}-wal").stat().st_size
    resource.setrlimit(resource.RLIMIT_FSIZE, (size + int(extra), hard))
    refused = 0
    n = 1000
    for _ in range(400):
        try:
            app_id = store.add_application(spec(n))  # type: ignore[arg-type]
            store.save_draft(app_id, f"k{n}", None, subject="s", body="y" * 20_000)
            say("ACK", app_id)
        except StoreError as exc:
            refused += 1
            say("REFUSED", str(exc).replace("\n", " "))
            if refused >= 3:
                break
        n += 1
    resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
    app_id = store.add_application(spec(9999))  # type: ignore[arg-type]
    say("ACK", app_id)
    say("AFTER", app_id)
    store.close()
    say("CLOSED")


def cmd_fulldisk(mount_point: str, out: str, size: str) -> None:
    """In a private mount namespace: a tmpfs of ``size``, fill it with saves until the disk
    is full, check the refusals are clear and nothing committed is lost, free space, save
    again; copy the database out for the parent to check."""
    from followup_desktop.store import StoreError, open_store

    mnt = Path(mount_point)
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs",
                        str(mnt)], capture_output=True, text=True, check=False)
    if r.returncode:
        say("NOMOUNT", r.stderr.strip())
        return
    say("MOUNTED", size)
    data = mnt / "data"
    data.mkdir()
    db = data / "followup.sqlite3"
    store = open_store(db)
    committed: list[int] = []
    refused: list[str] = []
    n = 0
    while len(refused) < 3 and n < 5000:
        try:
            app_id = store.add_application(spec(n))  # type: ignore[arg-type]
            store.save_draft(app_id, f"k{n}", None, subject="s", body="z" * 8000)
            committed.append(app_id)
        except StoreError as exc:
            refused.append(str(exc))
            say("REFUSED", str(exc).replace("\n", " "))
        n += 1
    st = os.statvfs(mnt)
    say("FREE_BYTES", st.f_bavail * st.f_frsize)
    say("COMMITTED", len(committed))
    # The data so far is all there and readable while the disk is still full.
    loaded = {a.id for a in store.load_applications()}
    say("MISSING_WHILE_FULL", len(set(committed) - loaded))
    store.close()  # on a full disk the checkpoint may fail: the -wal stays, and is needed
    say("SIDE_FILES", *sorted(p.name for p in data.iterdir()))
    store = open_store(db)  # the disk is still full
    loaded = {a.id for a in store.load_applications()}
    say("MISSING_AFTER_REOPEN", len(set(committed) - loaded))
    rows = store.db.execute_sql("PRAGMA integrity_check").fetchall()
    say("INTEGRITY", rows == [("ok",)])
    store.close()
    for p in data.iterdir():
        if p.name.startswith("followup.sqlite3"):
            shutil.copyfile(p, Path(out) / p.name)
    say("IDS", *committed)
    say("DONE")


def cmd_ballast_fulldisk(mount_point: str, out: str, size: str) -> None:
    """Like ``fulldisk`` but the disk is filled by another file first, leaving a little
    room; freeing that file must make saving work again in the same session."""
    from followup_desktop.store import StoreError, open_store
    from followup_desktop.store.backup import integrity_ok

    mnt = Path(mount_point)
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs",
                        str(mnt)], capture_output=True, text=True, check=False)
    if r.returncode:
        say("NOMOUNT", r.stderr.strip())
        return
    db = mnt / "followup.sqlite3"
    store = open_store(db)
    committed = [store.add_application(spec(n)) for n in range(3)]  # type: ignore[arg-type]
    ballast = mnt / "ballast.bin"
    with open(ballast, "wb", buffering=0) as fh:  # unbuffered: nothing left to flush at close
        try:
            while True:
                fh.write(b"\0" * 65536)
                fh.flush()
        except OSError:
            pass
    say("FILLED")
    refused = ""
    for n in range(3, 200):
        try:
            app_id = store.add_application(spec(n))  # type: ignore[arg-type]
            store.save_draft(app_id, f"k{n}", None, subject="s", body="q" * 30_000)
            committed.append(app_id)
        except StoreError as exc:
            refused = str(exc)
            break
    say("REFUSED", refused.replace("\n", " "))
    ballast.unlink()
    app_id = store.add_application(spec(500))  # type: ignore[arg-type]
    committed.append(app_id)
    say("SAVED_AFTER_FREEING", app_id)
    loaded = {a.id for a in store.load_applications()}
    say("MISSING", len(set(committed) - loaded))
    store.close()
    say("INTEGRITY", integrity_ok(db))
    for p in mnt.iterdir():
        if p.name.startswith("followup.sqlite3"):
            shutil.copyfile(p, Path(out) / p.name)
    say("IDS", *committed)
    say("DONE")


def cmd_readonly_mount(mount_point: str, src_dir: str) -> None:
    """A data folder on a read-only mount: opens read-only with a reason, nothing written."""
    from followup_desktop.paths import Paths
    from followup_desktop.services.startup import ProblemKind, open_checked
    from followup_desktop.store import StoreError

    mnt = Path(mount_point)
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(mnt)],
                       capture_output=True, text=True, check=False)
    if r.returncode:
        say("NOMOUNT", r.stderr.strip())
        return
    for p in Path(src_dir).iterdir():
        shutil.copyfile(p, mnt / p.name)
    before = sorted(p.name for p in mnt.iterdir())
    r = subprocess.run(["mount", "-o", "remount,ro", str(mnt)], capture_output=True,
                       text=True, check=False)
    if r.returncode:
        say("NOREMOUNT", r.stderr.strip())
        return
    ctx, problem = open_checked(Paths.for_data_dir(mnt))
    say("PROBLEM", problem.kind.value if problem else None)
    say("REASON", problem.message if problem else "")
    assert ctx is not None and problem is not None and problem.kind is ProblemKind.READ_ONLY
    say("APPS", len(ctx.applications()))
    try:
        ctx.store.add_application(spec(77))  # type: ignore[arg-type]
        say("WRITE", "accepted")
    except StoreError as exc:
        say("WRITE", "refused:", str(exc))
    ctx.close()
    say("FILES_SAME", sorted(p.name for p in mnt.iterdir()) == before)
    say("DONE")


COMMANDS = {
    "writes": cmd_writes, "migrate": cmd_migrate, "hold": cmd_hold, "export": cmd_export,
    "fsize": cmd_fsize, "fulldisk": cmd_fulldisk, "ballast-fulldisk": cmd_ballast_fulldisk,
    "readonly-mount": cmd_readonly_mount,
}

if __name__ == "__main__":
    COMMANDS[sys.argv[1]](*sys.argv[2:])
