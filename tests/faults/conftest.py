"""The fault suite: real processes, real files, real signals.

Every test records its trials and failures with the ``tally`` fixture; the terminal summary
ends with one line per fault kind so the figures can be quoted.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

_TALLY: dict[str, list[int]] = {}


class Tally:
    def __init__(self) -> None:
        self.kind = ""

    def __call__(self, kind: str, ok: bool, n: int = 1) -> bool:
        row = _TALLY.setdefault(kind, [0, 0])
        row[0] += n
        if not ok:
            row[1] += n
        return ok


@pytest.fixture
def tally() -> Tally:
    return Tally()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not _TALLY and not _SKIPPED:
        return
    terminalreporter.section("fault summary")
    width = max([len(k) for k in _TALLY] + [5])
    for kind in sorted(_TALLY):
        trials, failures = _TALLY[kind]
        terminalreporter.write_line(f"fault {kind:<{width}}  trials={trials:<5} "
                                    f"failures={failures}")
    total = sum(t for t, _ in _TALLY.values())
    bad = sum(f for _, f in _TALLY.values())
    terminalreporter.write_line(f"fault {'TOTAL':<{width}}  trials={total:<5} failures={bad}")
    for kind, why in sorted(_SKIPPED.items()):
        terminalreporter.write_line(f"fault {kind}  NOT INJECTED: {why}")


# --- helpers --------------------------------------------------------------------------------


def child_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "tests.faults.child", *args]


def spawn(*args: str, prefix: tuple[str, ...] = (), **kw: object) -> subprocess.Popen[str]:
    env = dict(os.environ, PYTHONPATH=str(REPO), PYTHONDONTWRITEBYTECODE="1")
    return subprocess.Popen([*prefix, *child_cmd(*args)], cwd=REPO, env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            stdin=subprocess.PIPE, bufsize=1, **kw)  # type: ignore[call-overload]


def reap(proc: subprocess.Popen[str], timeout: float = 30) -> int:
    """Wait for ``proc`` (bounded) and close its pipes."""
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=timeout)
    for stream in (proc.stdin, proc.stdout, proc.stderr):
        if stream is not None:
            with contextlib.suppress(OSError):
                stream.close()
    return proc.returncode


def run_child(*args: str, prefix: tuple[str, ...] = (), timeout: float = 60
              ) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(REPO), PYTHONDONTWRITEBYTECODE="1")
    return subprocess.run([*prefix, *child_cmd(*args)], cwd=REPO, env=env, text=True,
                          capture_output=True, timeout=timeout, check=False)


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def integrity(path: Path) -> list[tuple[str]]:
    """``integrity_check`` through a read-write connection (replays a leftover WAL)."""
    con = sqlite3.connect(str(path))
    try:
        return con.execute("PRAGMA integrity_check").fetchall()
    finally:
        con.close()


def v2_schema_sql() -> list[str]:
    """The current schema's DDL, from a database the code itself created."""
    import tempfile

    from followup_desktop.store import open_store

    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Path(tmp) / "x.sqlite3")
        store.close()
        con = sqlite3.connect(str(Path(tmp) / "x.sqlite3"))
        try:
            return [r[0] for r in con.execute(
                "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY rowid")]
        finally:
            con.close()


def schema1_sql() -> list[str]:
    """Schema 1, as migrations.py's step 1→2 describes it: no ``interview.uid``, no
    ``application.deleted_at``, and ``person.email`` NOT NULL ('' for unknown); nor the
    later steps' columns (``event.says``, ``event.decision_by``)."""
    out = []
    for sql in v2_schema_sql():
        if '"application_deleted_at"' in sql or '"interview_uid"' in sql:
            continue
        if '"draft_basis' in sql:  # schema 5's table
            continue
        sql = sql.replace(', "deleted_at" TEXT', "").replace(', "uid" TEXT', "")
        if 'TABLE "event"' in sql:  # what schema 3 adds: a reply's meaning
            sql = sql.replace(', "says" TEXT', "").replace(', "decision_by" TEXT', "")
        if 'TABLE "person"' in sql:
            sql = sql.replace('"email" TEXT,', '"email" TEXT NOT NULL,')
        if 'TABLE "event"' in sql:  # schema 3's columns (what a reply said)
            sql = sql.replace(', "says" TEXT', "").replace(', "decision_by" TEXT', "")
        out.append(sql)
    return out


def build_schema1(path: Path, apps: int) -> dict[str, int]:
    """A populated schema-1 file in WAL mode; returns its row counts."""
    con = sqlite3.connect(str(path), isolation_level=None)
    con.execute("PRAGMA journal_mode = wal")
    con.execute("BEGIN")
    for sql in schema1_sql():
        con.execute(sql)
    t = "2026-03-02T15:00:00.000000+00:00"
    for a in range(1, apps + 1):
        con.execute("INSERT INTO application VALUES (?,?,?,?,?,?,?)",
                    (a, f"Company {a}", "Engineer", "active", "", t, t))
        for k in range(3):
            pid = a * 10 + k
            con.execute("INSERT INTO person VALUES (?,?,?,?,?,?,?)",
                        (pid, a, f"Person {pid}", "Lead",
                         "" if k == 2 else f"p{pid}@example.com", None, None))
        con.execute("INSERT INTO interview VALUES (?,?,?,?,?,?,?,?,?)",
                    (a, a, t, 45, "video", "formal", None, "notes " * 20, ""))
        for k in range(3):
            con.execute("INSERT INTO participant VALUES (?,?,?,?,?)",
                        (a * 10 + k, a, a * 10 + k, int(k == 0), k))
            con.execute("INSERT INTO talking_point VALUES (?,?,?,?)",
                        (a * 10 + k, a * 10 + k, "We talked about the roadmap", 0))
        con.execute("INSERT INTO promise VALUES (?,?,?,?)", (a, a, a * 10, "send samples"))
        con.execute("INSERT INTO message VALUES (?,?,?,?,?,?,?,?)",
                    (a, a, "thank-you", a * 10 + 2, None, t, "Thanks", "Body " * 30))
    con.execute("PRAGMA user_version = 1")
    con.execute("COMMIT")
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    return table_counts(path)


def table_counts(path: Path) -> dict[str, int]:
    con = sqlite3.connect(str(path))
    try:
        names = [r[0] for r in con.execute(
            "SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
        return {n: con.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}
    finally:
        con.close()


@pytest.fixture(scope="session")
def schema1_file(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    folder = tmp_path_factory.mktemp("schema1")
    path = folder / "followup.sqlite3"
    counts = build_schema1(path, apps=1500)
    return path, counts


@pytest.fixture
def copy_db() -> Callable[[Path, Path], Path]:
    def copy(src: Path, folder: Path) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        dest = folder / "followup.sqlite3"
        shutil.copyfile(src, dest)
        return dest
    return copy


def mount_prefix() -> tuple[str, ...] | None:
    """A command prefix that gives the child a private mount namespace in which it may
    mount a tmpfs: ``unshare -rm`` (unprivileged), else ``unshare -m`` as root; None if
    neither works here."""
    if shutil.which("unshare") is None:
        return None
    candidates: list[tuple[str, ...]] = [("unshare", "-rm")]
    if os.geteuid() == 0:
        candidates.insert(0, ("unshare", "-m"))
    probe = Path("/tmp")
    for prefix in candidates:
        r = subprocess.run([*prefix, "sh", "-c",
                            f"mount -t tmpfs -o size=64k tmpfs {probe} && echo mounted"],
                           capture_output=True, text=True, check=False)
        if r.returncode == 0 and "mounted" in r.stdout:
            return prefix
    return None


@pytest.fixture(scope="session")
def mount_ns() -> Iterator[tuple[str, ...]]:
    prefix = mount_prefix()
    if prefix is None:
        not_injectable("mount", "cannot mount a tmpfs here (neither `unshare -rm` nor "
                       "`unshare -m` works)")
    assert prefix is not None
    yield prefix


_SKIPPED: dict[str, str] = {}


def not_injectable(kind: str, why: str) -> None:
    """Say loudly (in the fault summary) that a fault could not be injected here."""
    _SKIPPED[kind] = why
    pytest.skip(f"{kind}: {why}")
