"""End to end through the command line: a real Dovecot, a real GNOME Keyring."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.helpers.dovecot import Dovecot, append_message, run_dovecot
from tests.helpers.mail import (
    DANA,
    MARCUS,
    REPLY_DATE,
    document,
    folder_messages,
    header,
    send_draft_from_phone,
)
from tests.helpers.secret_service import SecretService
from tests.helpers.tools import require_tool

REPO = Path(__file__).resolve().parents[2]
AT = "2026-03-03T12:00:00Z"


def cli(data: Path, *args: str, env: dict[str, str], stdin: str = "",
        ok: bool = True) -> subprocess.CompletedProcess[str]:
    out = subprocess.run([sys.executable, "-m", "followup_desktop", "--data-dir", str(data),
                          *args], input=stdin, capture_output=True, text=True, timeout=120,
                         env=env, cwd=REPO)
    if ok:
        assert out.returncode == 0, out.stderr
        assert out.stderr == ""
    else:
        assert out.returncode != 0
        assert out.stderr.startswith("followup-desktop: ") and out.stderr.count("\n") == 1, \
            out.stderr
        assert "Traceback" not in out.stderr
    return out


def test_setup_push_sync_export_agenda(tmp_path: Path, dovecot: Dovecot,
                                       secret_service: SecretService) -> None:
    env = dict(secret_service.env, QT_QPA_PLATFORM="offscreen")
    data = tmp_path / "data"
    doc = tmp_path / "in.json"
    doc.write_text(json.dumps(document(dovecot.user)))
    cli(data, "import", str(doc), env=env)
    setup = ["mail", "setup", "--host", dovecot.host, "--port", str(dovecot.port), "--user",
             dovecot.user]

    # bad input first: nothing is saved
    wrong = cli(data, *setup, "--ca-file", str(dovecot.cert.ca), env=env, stdin="nope\n",
                ok=False)
    assert "wrong user name or password" in wrong.stderr
    untrusted = cli(data, *setup, env=env, stdin=dovecot.password + "\n", ok=False)
    assert "not trusted" in untrusted.stderr and dovecot.cert.sha256 in untrusted.stderr
    assert "No mail account is set up" in cli(data, "mail", "status", env=env).stdout

    out = cli(data, *setup, "--ca-file", str(dovecot.cert.ca), env=env,
              stdin=dovecot.password + "\n").stdout
    assert "connected:" in out and "in the system keyring" in out
    found = subprocess.run([require_tool("secret-tool"), "lookup", "service",
                            "followup-desktop mail",
                            "username", f"{dovecot.user}@{dovecot.host}:{dovecot.port}"],
                           env=env, capture_output=True, text=True, timeout=20)
    assert found.stdout == dovecot.password

    pushed = cli(data, "mail", "push", "--at", AT, env=env).stdout.splitlines()
    assert len(pushed) == 3 and all(line.startswith("added: thank-you") for line in pushed)
    drafts = folder_messages(dovecot, "Drafts")
    assert len(drafts) == 3
    assert all({b"\\Draft", b"\\Seen"} <= set(i[b"FLAGS"]) for i in drafts)
    again = cli(data, "mail", "push", "--at", AT, env=env).stdout.splitlines()
    assert all(line.startswith("unchanged") for line in again)
    assert len(folder_messages(dovecot, "Drafts")) == 3

    # the user sends Dana's note from their phone; Marcus answers; a stranger writes
    send_draft_from_phone(dovecot, DANA)
    append_message(dovecot, "INBOX", sender=f"Marcus Oyelaran <{MARCUS}>", to=dovecot.user,
                   subject="Next steps", date=REPLY_DATE)
    append_message(dovecot, "INBOX", sender="Lee Chen <lee.chen@northwind.example>",
                   to=dovecot.user, subject="Coffee?", date=REPLY_DATE)
    synced = cli(data, "mail", "sync", "--at", AT, env=env).stdout.splitlines()
    assert [line.split(" [")[0] for line in synced] == ["sent", "reply", "suggestion"], synced
    assert "Is this from Northwind Analytics about your application" in synced[2]

    exported = tmp_path / "out.json"
    cli(data, "export", str(exported), env=env)
    northwind = next(a for a in json.loads(exported.read_text())["applications"]
                     if a["company"] == "Northwind Analytics")
    assert [(m["kind"], m["to"]) for m in northwind["messages"]] == [("thank-you", DANA)]
    assert northwind["messages"][0]["sent_at"].startswith("2026-03-03T09:30:00")
    assert [e["kind"] for e in northwind["events"]] == ["reply"]  # Lee's is not recorded
    assert northwind["events"][0]["at"].startswith("2026-03-03T11:15:00")

    agenda = json.loads(cli(data, "agenda", "--at", AT, "--json", env=env).stdout)
    assert not [i for i in agenda if i["kind"] == "thank-you" and i["to"] == DANA]
    assert [i for i in agenda if i["kind"] == "thank-you" and i["to"] == MARCUS]

    status = cli(data, "mail", "status", env=env).stdout
    assert "suggestion [" in status and "lee.chen@northwind.example" in status
    assert "last sync:" in status and "never" not in status

    # the push after the sync removes the sent note's copy (it left Drafts already) and
    # keeps Marcus's
    cli(data, "mail", "push", "--at", AT, env=env)
    assert [header(i, "To") for i in folder_messages(dovecot, "Drafts")
            if DANA in header(i, "To")] == []

    # the password is in no file of the data folder, nor the export
    for path in [*data.rglob("*"), exported]:
        if path.is_file():
            assert dovecot.password.encode() not in path.read_bytes(), path

    forgot = cli(data, "mail", "forget", env=env).stdout
    assert "removed from the keyring" in forgot
    assert "No mail account is set up" in cli(data, "mail", "status", env=env).stdout
    failed = cli(data, "mail", "sync", env=env, ok=False)
    assert "no mail account is set up" in failed.stderr


def test_no_secure_keyring_asks_each_time(tmp_path: Path, dovecot: Dovecot) -> None:
    env = dict(os.environ, PYTHON_KEYRING_BACKEND="keyrings.alt.file.PlaintextKeyring",
               QT_QPA_PLATFORM="offscreen")
    data = tmp_path / "data"
    doc = tmp_path / "in.json"
    doc.write_text(json.dumps(document(dovecot.user)))
    cli(data, "import", str(doc), env=env)
    setup = ["mail", "setup", "--host", dovecot.host, "--port", str(dovecot.port), "--user",
             dovecot.user, "--ca-file", str(dovecot.cert.ca)]
    refused = cli(data, *setup, env=env, stdin=dovecot.password + "\n", ok=False)
    assert "no secure system keyring" in refused.stderr and "--session-only" in refused.stderr
    out = cli(data, *setup, "--session-only", env=env, stdin=dovecot.password + "\n").stdout
    assert "kept in memory for this session only" in out
    failed = cli(data, "mail", "push", "--at", AT, env=env, ok=False)
    assert "give it on standard input" in failed.stderr
    pushed = cli(data, "mail", "push", "--at", AT, env=env, stdin=dovecot.password + "\n")
    assert len(pushed.stdout.splitlines()) == 3
    for path in [*data.rglob("*"), *Path(env["HOME"]).rglob("*")]:
        if path.is_file():
            assert dovecot.password.encode() not in path.read_bytes(), path


def test_a_self_signed_server_and_a_missing_folder(tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    with run_dovecot(self_signed=True, layout="bare") as server:
        data = tmp_path / "data"
        doc = tmp_path / "in.json"
        doc.write_text(json.dumps(document(server.user)))
        cli(data, "import", str(doc), env=env)
        setup = ["mail", "setup", "--host", server.host, "--port", str(server.port),
                 "--user", server.user, "--session-only"]
        bad = cli(data, *setup, env=env, stdin=server.password + "\n", ok=False)
        assert server.cert.sha256 in bad.stderr
        out = cli(data, *setup, "--ca-file", str(server.cert.ca), env=env,
                  stdin=server.password + "\n").stdout
        assert "Drafts: none found" in out and "Sent: none found" in out
        failed = cli(data, "mail", "push", "--at", AT, env=env, stdin=server.password + "\n",
                     ok=False)
        assert "no Drafts folder" in failed.stderr
        synced = cli(data, "mail", "sync", "--at", AT, env=env,
                     stdin=server.password + "\n").stdout
        assert "no Sent folder found" in synced
