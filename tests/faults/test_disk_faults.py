"""The disk says no: a real full tmpfs, RLIMIT_FSIZE, a read-only mount, SIGKILL while
exporting a file."""

from __future__ import annotations

import contextlib
import random
import signal
import sqlite3
import subprocess
from pathlib import Path

import pytest

from tests.faults.child import payload
from tests.faults.conftest import Tally, integrity, reap, run_child, spawn

NOT_SAVED = "Not saved"


def _lines(out: str, tag: str) -> list[str]:
    return [line[len(tag) + 1:] for line in out.splitlines() if line.startswith(tag + " ")
            or line == tag]


def _ids(db: Path) -> set[int]:
    con = sqlite3.connect(str(db))
    try:
        return {r[0] for r in con.execute("SELECT id FROM application")}
    finally:
        con.close()


@pytest.mark.slow
# The smallest leaves room for the WAL index (-shm, 32 KiB) that normal locking needs
# since commands share the file with the window (issue 18): 256k fitted no save at all.
# 320k fits none since a new file is made with the kept plan's counters (five pages, and
# one more page written by every save, as in any file a window has opened before).
@pytest.mark.parametrize("size", ["384k", "512k", "1m", "2m"])
def test_full_disk_on_a_real_tmpfs(size: str, mount_ns: tuple[str, ...], tmp_path: Path,
                                   tally: Tally) -> None:
    """Saves fill a tmpfs of ``size`` until the disk is full: each refusal is a clear "not
    saved", nothing committed is lost, the file stays sound."""
    mnt, out = tmp_path / "mnt", tmp_path / "out"
    mnt.mkdir()
    out.mkdir()
    r = run_child("fulldisk", str(mnt), str(out), size, prefix=mount_ns, timeout=180)
    assert "NOMOUNT" not in r.stdout, r.stdout
    assert "DONE" in r.stdout, (r.stdout[-2000:], r.stderr[-3000:])
    refused = _lines(r.stdout, "REFUSED")
    committed = {int(x) for x in _lines(r.stdout, "IDS")[0].split()}
    ok = len(refused) == 3 and all(x.startswith(NOT_SAVED) and "disk is full" in x
                                   for x in refused)
    ok &= _lines(r.stdout, "MISSING_WHILE_FULL") == ["0"]
    ok &= _lines(r.stdout, "MISSING_AFTER_REOPEN") == ["0"]
    ok &= _lines(r.stdout, "INTEGRITY") == ["True"]
    ok &= len(committed) > 0
    db = out / "followup.sqlite3"
    ok &= integrity(db) == [("ok",)] and committed <= _ids(db)
    tally("full-disk-tmpfs", ok)
    assert ok, (refused, r.stdout[-1500:])


@pytest.mark.slow
def test_full_disk_then_space_freed(mount_ns: tuple[str, ...], tmp_path: Path,
                                    tally: Tally) -> None:
    """Another file fills the disk; the save is refused clearly; once that file is gone
    the same session saves again."""
    mnt, out = tmp_path / "mnt", tmp_path / "out"
    mnt.mkdir()
    out.mkdir()
    r = run_child("ballast-fulldisk", str(mnt), str(out), "4m", prefix=mount_ns)
    assert "DONE" in r.stdout, (r.stdout[-2000:], r.stderr[-3000:])
    refused = _lines(r.stdout, "REFUSED")[0]
    committed = {int(x) for x in _lines(r.stdout, "IDS")[0].split()}
    ok = refused.startswith(NOT_SAVED) and "disk is full" in refused
    ok &= bool(_lines(r.stdout, "SAVED_AFTER_FREEING"))
    ok &= _lines(r.stdout, "MISSING") == ["0"] and _lines(r.stdout, "INTEGRITY") == ["True"]
    db = out / "followup.sqlite3"
    ok &= integrity(db) == [("ok",)] and committed <= _ids(db)
    tally("full-disk-then-freed", ok)
    assert ok, r.stdout[-1500:]


@pytest.mark.slow
def test_read_only_mount_opens_read_only_with_a_reason(mount_ns: tuple[str, ...],
                                                        tmp_path: Path, tally: Tally) -> None:
    from followup_desktop.paths import Paths
    from followup_desktop.services.startup import open_checked

    src = tmp_path / "src"
    ctx, _ = open_checked(Paths.for_data_dir(src))
    assert ctx is not None
    from followup_desktop.records import ApplicationSpec

    ctx.store.add_application(ApplicationSpec(company="Acme", role="R"))
    ctx.close()
    for p in list(src.iterdir()):
        if p.is_dir():
            p.rmdir()
    mnt = tmp_path / "mnt"
    mnt.mkdir()
    r = run_child("readonly-mount", str(mnt), str(src), prefix=mount_ns)
    assert "DONE" in r.stdout, (r.stdout[-2000:], r.stderr[-3000:])
    ok = _lines(r.stdout, "PROBLEM") == ["read-only"]
    ok &= "read-only" in _lines(r.stdout, "REASON")[0]
    ok &= _lines(r.stdout, "APPS") == ["1"]
    ok &= _lines(r.stdout, "WRITE")[0].startswith("refused:")
    ok &= _lines(r.stdout, "FILES_SAME") == ["True"]
    tally("read-only-mount", ok)
    assert ok, r.stdout


@pytest.mark.slow
@pytest.mark.parametrize("extra", [0, 1000, 4096, 20_000, 60_000, 150_000])
def test_io_errors_through_rlimit_fsize(extra: int, tmp_path: Path, tally: Tally) -> None:
    """Writes beyond RLIMIT_FSIZE fail with EFBIG (SIGXFSZ ignored): each becomes a clear
    "not saved"; once the limit is lifted the same session saves; nothing committed lost."""
    folder = tmp_path / "d"
    folder.mkdir()
    r = run_child("fsize", str(folder), str(extra))
    assert "CLOSED" in r.stdout, (r.stdout[-2000:], r.stderr[-3000:])
    refused = _lines(r.stdout, "REFUSED")
    acked = {int(x) for line in _lines(r.stdout, "ACK") for x in line.split()}
    acked |= {int(x) for x in _lines(r.stdout, "COMMITTED")[0].split()}
    ok = len(refused) == 3 and all(x.startswith(NOT_SAVED) for x in refused)
    db = folder / "followup.sqlite3"
    ok &= integrity(db) == [("ok",)] and acked <= _ids(db)
    tally("io-error-rlimit-fsize", ok)
    assert ok, (refused, r.stdout[-800:])


@pytest.mark.slow
def test_sigkill_while_exporting(tmp_path: Path, tally: Tally) -> None:
    """A file under its final name is always whole; every acknowledged one is there."""
    rng = random.Random(11)
    failures = []
    for trial in range(30):
        folder = tmp_path / f"t{trial}"
        folder.mkdir()
        proc = spawn("export", str(folder))
        assert proc.stdout is not None and proc.stdout.readline().strip() == "READY"
        acked = set()
        wanted = rng.randrange(0, 4)
        while len(acked) < wanted:
            acked.add(int(proc.stdout.readline().split()[1]))
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=rng.uniform(0, 0.05))  # bounded polling, then the kill
        proc.send_signal(signal.SIGKILL)
        for line in proc.stdout:
            acked.add(int(line.split()[1]))
        reap(proc)
        finals = {int(p.stem.split("-")[1]): p for p in folder.glob("note-*.eml")}
        ok = acked <= set(finals)
        ok &= all(p.read_bytes() == payload(n) for n, p in finals.items())
        if not tally("sigkill-while-exporting", ok):
            failures.append(trial)
    assert not failures
