"""The .eml writer: golden files, read-back by Python and by mblaze, header injection,
safe file names, never overwriting; mailto: and clipboard text."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
import subprocess
import tempfile
import unicodedata
from email import policy
from email.parser import BytesParser
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from followup_desktop.compose.eml import (
    build_message,
    clipboard_text,
    mailto_url,
    write_eml,
)
from followup_desktop.compose.files import safe_filename, write_new
from followup_desktop.compose.model import Draft, DraftError
from followup_desktop.compose.render import compose_drafts
from followup_desktop.records import Kind, Tone
from followup_desktop.settings import Settings
from tests.helpers.compose_records import (
    DANA,
    NOW,
    PROFILE,
    make_app,
    make_round,
    make_window,
)
from tests.helpers.tools import require_tool

GOLDEN = Path(__file__).parent / "golden"
MESSAGE_ID = "<followup-golden-1@example.org>"
EXPECTED = {"from", "to", "subject", "date", "message-id", "mime-version", "x-unsent",
            "content-type", "content-transfer-encoding"}
REGEN = os.environ.get("FOLLOWUP_REGEN_GOLDEN") == "1"


def _draft(tone: Tone = Tone.FORMAL, kind: Kind = Kind.THANK_YOU) -> Draft:
    app = make_app(make_round(tone))
    window = make_window(app, kind, DANA, promise_id=5 if kind is Kind.MATERIALS else None)
    (draft,) = compose_drafts(window, app, PROFILE, Settings(), NOW)
    return draft


def _parse(path: Path):  # type: ignore[no-untyped-def]
    return BytesParser(policy=policy.default).parsebytes(path.read_bytes())


def _mblaze_headers(path: Path) -> dict[str, str]:
    """Every header as mblaze's ``mhdr`` reads it (names lower-cased, values decoded)."""
    out = subprocess.run([require_tool("mhdr"), str(path)], capture_output=True, text=True,
                         check=True).stdout
    names = []
    for line in out.splitlines():
        if line and not line[0].isspace():
            names.append(line.split(":", 1)[0].lower())
    assert len(names) == len(set(names)), names
    values = {}
    for name in names:
        values[name] = subprocess.run([require_tool("mhdr"), "-d", "-h", name, str(path)],
                                      capture_output=True, text=True, check=True
                                      ).stdout.rstrip("\n")
    return values


def _mshow_text(path: Path) -> str:
    return subprocess.run([require_tool("mshow"), "-n", str(path)], capture_output=True, text=True,
                          check=True).stdout


# --------------------------------------------------------------------------- golden files


@pytest.mark.parametrize(("tone", "kind"), [(Tone.FORMAL, Kind.THANK_YOU),
                                            (Tone.CASUAL, Kind.CHECK_IN_1)])
def test_golden_eml(tmp_path: Path, tone: Tone, kind: Kind) -> None:
    draft = _draft(tone, kind)
    path = write_eml(draft, PROFILE, tmp_path, NOW, MESSAGE_ID)
    golden = GOLDEN / f"{kind.value}-{tone.value}.eml"
    if REGEN:
        golden.write_bytes(path.read_bytes())
    assert path.read_bytes() == golden.read_bytes()
    assert path.name == f"{kind.label} - Dana Whitfield - Northwind Analytics.eml"


def test_written_file_reads_back_in_python_and_mblaze(tmp_path: Path) -> None:
    draft = _draft()
    path = write_eml(draft, PROFILE, tmp_path, NOW, MESSAGE_ID)
    msg = _parse(path)
    assert {k.lower() for k in msg} == EXPECTED and len(msg.keys()) == len(EXPECTED)
    assert str(msg["Subject"]) == draft.subject
    assert msg["To"].addresses[0].addr_spec == DANA.email
    assert msg["X-Unsent"] == "1"
    assert "cc" not in msg and "bcc" not in msg
    assert msg.get_content().replace("\r\n", "\n") == draft.body
    headers = _mblaze_headers(path)
    assert set(headers) == EXPECTED
    assert headers["subject"] == draft.subject
    assert headers["to"] == "Dana Whitfield <dana.whitfield@northwind.example>"
    assert headers["from"] == "Ada Park <ada.park@example.org>"
    assert headers["x-unsent"] == "1"
    assert draft.body.split("\n")[2] in _mshow_text(path)


def test_non_ascii_names_subject_and_body_round_trip(tmp_path: Path) -> None:
    draft = dataclasses.replace(
        _draft(), to_name="Zoë Ångström-Núñez", subject="Merci — entretien «Data Engineer» " * 4,
        body="Chère Zoë,\n\nMerci pour l’entretien — 東京 ✓.\n")
    profile = dataclasses.replace(PROFILE, name="Adélaïde Park")
    path = write_eml(draft, profile, tmp_path, NOW, MESSAGE_ID)
    msg = _parse(path)
    assert str(msg["Subject"]) == draft.subject.strip()
    assert msg["To"].addresses[0].display_name == "Zoë Ångström-Núñez"
    assert msg["From"].addresses[0].display_name == "Adélaïde Park"
    assert msg.get_content().replace("\r\n", "\n") == draft.body
    assert all(len(line) <= 998 for line in path.read_bytes().split(b"\r\n"))
    headers = _mblaze_headers(path)
    assert headers["subject"] == draft.subject.strip()
    assert "Zoë Ångström-Núñez" in headers["to"]
    assert "東京" in _mshow_text(path)


def test_an_internationalized_domain_travels_in_its_ascii_form(tmp_path: Path) -> None:
    """The dialogs and imports accept joerg@müller-gmbh.de; the draft once refused it, and
    the drafts command wrote no draft at all."""
    draft = dataclasses.replace(_draft(), to_email="joerg@müller-gmbh.de")
    profile = dataclasses.replace(PROFILE, email="ada@bücher.example")
    path = write_eml(draft, profile, tmp_path, NOW, MESSAGE_ID)
    msg = _parse(path)
    assert msg["To"].addresses[0].addr_spec == "joerg@xn--mller-gmbh-9db.de"
    assert msg["From"].addresses[0].addr_spec == "ada@xn--bcher-kva.example"
    assert mailto_url(draft).startswith("mailto:joerg@xn--mller-gmbh-9db.de?")


def test_letters_outside_ascii_before_the_at_are_refused_in_words() -> None:
    draft = dataclasses.replace(_draft(), to_email="jörg@muller.example")
    with pytest.raises(DraftError, match="is not one plain email address"):
        build_message(draft, PROFILE, NOW)


def test_attachments_travel_with_their_names(tmp_path: Path) -> None:
    files = tmp_path / "files"
    files.mkdir()
    pdf = files / "Case study — back-fills.pdf"
    pdf.write_bytes(b"%PDF-1.4 fake\n")
    notes = files / "notes.txt"
    notes.write_text("plain notes\n", encoding="utf-8")
    draft = dataclasses.replace(_draft(kind=Kind.MATERIALS),
                                attachments=(str(pdf), str(notes)))
    path = write_eml(draft, PROFILE, tmp_path / "out", NOW, MESSAGE_ID)
    msg = _parse(path)
    parts = list(msg.iter_attachments())
    assert [p.get_filename() for p in parts] == [pdf.name, "notes.txt"]
    assert parts[0].get_content_type() == "application/pdf"
    assert parts[0].get_content() == b"%PDF-1.4 fake\n"
    assert {k.lower() for k in msg} == EXPECTED - {"content-transfer-encoding"}
    listing = subprocess.run([require_tool("mshow"), "-t", str(path)], capture_output=True,
                             text=True, check=True).stdout
    assert "application/pdf" in listing and "notes.txt" in listing
    assert pdf.name in listing


def test_a_missing_attachment_is_a_clear_error(tmp_path: Path) -> None:
    draft = dataclasses.replace(_draft(), attachments=(str(tmp_path / "gone.pdf"),))
    with pytest.raises(DraftError, match="gone.pdf"):
        write_eml(draft, PROFILE, tmp_path, NOW)
    assert list(tmp_path.iterdir()) == []


def test_never_overwrites_an_existing_file(tmp_path: Path) -> None:
    draft = _draft()
    first = write_eml(draft, PROFILE, tmp_path, NOW, MESSAGE_ID)
    first.write_bytes(b"the user's edited copy")
    second = write_eml(draft, PROFILE, tmp_path, NOW, MESSAGE_ID)
    third = write_eml(draft, PROFILE, tmp_path, NOW, MESSAGE_ID)
    assert first.read_bytes() == b"the user's edited copy"
    assert second.name.endswith("Analytics (2).eml") and third.name.endswith("(3).eml")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [first.name, second.name, third.name])  # no temporary files left


def test_write_new_works_without_hard_links(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    def no_links(src: str, dst: str) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    a = write_new(tmp_path, "x.eml", b"one")
    b = write_new(tmp_path, "x.eml", b"two")
    assert (a.name, a.read_bytes(), b.name, b.read_bytes()) == ("x.eml", b"one", "x (2).eml",
                                                                 b"two")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x (2).eml", "x.eml"]


def test_only_emails_to_one_person_are_written(tmp_path: Path) -> None:
    with pytest.raises(DraftError, match="not an email"):
        write_eml(_draft(kind=Kind.LINKEDIN_NOTE), PROFILE, tmp_path, NOW)
    with pytest.raises(DraftError, match="CC"):
        write_eml(dataclasses.replace(_draft(), cc=("x@example.org",)), PROFILE, tmp_path, NOW)
    with pytest.raises(DraftError, match="one plain email address"):
        write_eml(dataclasses.replace(_draft(), to_email="a@example.org, b@example.org"),
                  PROFILE, tmp_path, NOW)
    with pytest.raises(DraftError, match="no email"):
        write_eml(dataclasses.replace(_draft(), to_email=None), PROFILE, tmp_path, NOW)
    assert list(tmp_path.iterdir()) == []


# --------------------------------------------------------------------------- header injection

REFUSED = ["\r", "\n", "\r\n", "\x00", "\u2028", "\u2029", "\x0b", "\x0c", "\x85", "\x1b",
           "=?UTF-8?Q?=0A?=", "=?utf-8?b?DQpCY2M6IGV2aWxAZXhhbXBsZS5vcmc=?="]
ALLOWED = [",", "<", ">", "\"", "Bcc: evil@example.org", ":", ";", "@", "(", ")", "\\", " ",
           "é", "—", "=?", "?=", "'", "Thank you", "Data Engineer", "Dana", "O'Brien", "x" * 40]


@pytest.mark.parametrize("bad", ["\r", "\n", "\x00", "\u2028", "\u2029", "=?UTF-8?Q?=0A?="])
@pytest.mark.parametrize("field", ["subject", "to_name", "from_name"])
def test_injection_characters_are_refused_before_building(bad: str, field: str) -> None:
    draft, profile = _draft(), PROFILE
    value = f"Hello{bad}Bcc: evil@example.org"
    if field == "from_name":
        profile = dataclasses.replace(PROFILE, name=value)
    else:
        draft = dataclasses.replace(draft, **{field: value})
    with pytest.raises(DraftError):
        build_message(draft, profile, NOW)


_value = st.lists(st.sampled_from(ALLOWED), min_size=1, max_size=6).map("".join)


@st.composite
def _headers(draw: st.DrawFn) -> dict[str, str]:
    values = {"subject": draw(_value), "to_name": draw(_value), "from_name": draw(_value)}
    target = draw(st.sampled_from([None, "subject", "to_name", "from_name"]))
    if target is not None:
        text = values[target]
        at = draw(st.integers(0, len(text)))
        values[target] = text[:at] + draw(st.sampled_from(REFUSED)) + text[at:]
    return values


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_headers())
def test_header_values_are_refused_or_round_trip_exactly(values: dict[str, str]) -> None:
    subject, to_name, from_name = values["subject"], values["to_name"], values["from_name"]
    draft = dataclasses.replace(_DRAFT, subject=subject, to_name=to_name)
    profile = dataclasses.replace(PROFILE, name=from_name)
    with tempfile.TemporaryDirectory() as folder:
        try:
            path = write_eml(draft, profile, Path(folder), NOW, MESSAGE_ID)
        except DraftError:
            assert list(Path(folder).iterdir()) == []
            # refused only for a reason: a refused character or something like an encoded word
            assert any(r in v for r in REFUSED for v in values.values()) or any(
                re.search(r"=\?.*\?=", v) for v in values.values()) or not subject.strip(), values
            return
        msg = _parse(path)
        assert sorted(k.lower() for k in msg) == sorted(EXPECTED)
        assert str(msg["Subject"]) == subject.strip()
        (to,) = msg["To"].addresses
        assert (to.display_name, to.addr_spec) == (" ".join(to_name.split()), DANA.email)
        (frm,) = msg["From"].addresses
        assert (frm.display_name, frm.addr_spec) == (" ".join(from_name.split()),
                                                  PROFILE.email)
        headers = _mblaze_headers(path)
        assert set(headers) == EXPECTED


_DRAFT = _draft()


# --------------------------------------------------------------------------- file names

RESERVED = ["CON", "prn", "Aux", "NUL", "COM1", "lpt9", "com¹", "CON.txt", "nul .x"]


@pytest.mark.parametrize("stem", RESERVED)
def test_windows_reserved_names_are_avoided(stem: str) -> None:
    name = safe_filename(stem, ".eml")
    assert name.split(".")[0].strip().upper() not in {
        "CON", "PRN", "AUX", "NUL", "COM1", "LPT9", "COM¹"}


@pytest.mark.parametrize(("stem", "expected"), [
    ("../../etc/passwd", "-..-etc-passwd.eml"),
    ("Thank-you - Dana Whitfield", "Thank-you - Dana Whitfield.eml"),
    ("a\u202eexe.pdf", "aexe.pdf.eml"),
    ("  dots...  ", "dots.eml"),
    ("", "draft.eml"),
    ("...", "draft.eml"),
    ("what? <yes>: \"no\" | *", "what_ _yes__ _no_ _ _.eml"),
])
def test_safe_filename_examples(stem: str, expected: str) -> None:
    assert safe_filename(stem, ".eml") == expected


@given(st.text(max_size=400), st.sampled_from([".eml", ".ics", ".txt"]))
def test_safe_filename_properties(stem: str, ext: str) -> None:
    name = safe_filename(stem, ext)
    assert name.endswith(ext)
    assert len(name.encode("utf-8")) <= 255
    assert "/" not in name and "\\" not in name and "\x00" not in name
    assert name not in (".", "..") and not name.startswith(".")
    base = name[: -len(ext)]
    assert base and base == base.rstrip(" .") and base == base.lstrip(" .")
    assert not any(unicodedata.category(c) in ("Cc", "Cf", "Cs", "Zl", "Zp") for c in name)
    assert not any(c in '<>:"|?*' for c in name)
    assert base.split(".")[0].strip().upper() not in {"CON", "PRN", "AUX", "NUL"}
    assert safe_filename(name[: -len(ext)], ext) == name  # idempotent


def test_safe_filename_rejects_odd_extensions() -> None:
    for ext in ("eml", ".e/ml", ". eml", ".eml\n", ""):
        with pytest.raises(ValueError):
            safe_filename("x", ext)


def test_long_names_keep_the_extension_and_the_counter(tmp_path: Path) -> None:
    stem = "Ü" * 300
    name = safe_filename(stem, ".eml")
    assert name.endswith(".eml") and len(name.encode()) <= 255
    a = write_new(tmp_path, name, b"1")
    b = write_new(tmp_path, name, b"2")
    assert b.name.endswith(" (2).eml") and len(b.name.encode()) <= 255 and a != b


# --------------------------------------------------------------------------- mailto, clipboard


def test_mailto_url_round_trips() -> None:
    draft = _draft()
    url = mailto_url(draft)
    parts = urlsplit(url)
    assert parts.scheme == "mailto" and unquote(parts.path) == DANA.email
    query = parse_qs(parts.query, keep_blank_values=True)
    assert set(query) == {"subject", "body"}
    assert query["subject"] == [draft.subject]
    assert query["body"] == [draft.body.replace("\n", "\r\n")]
    assert " " not in url and "\n" not in url


def test_mailto_refuses_injection_and_several_recipients() -> None:
    draft = _draft()
    with pytest.raises(DraftError):
        mailto_url(dataclasses.replace(draft, to_email="a@example.org?cc=b@example.org"))
    with pytest.raises(DraftError):
        mailto_url(dataclasses.replace(draft, subject="x\r\nBcc: y@example.org"))
    with pytest.raises(DraftError):
        mailto_url(dataclasses.replace(draft, bcc=("y@example.org",)))


def test_clipboard_text() -> None:
    draft = _draft()
    assert clipboard_text(draft) == draft.body
    with_subject = clipboard_text(draft, with_subject=True)
    assert with_subject.startswith(f"Subject: {draft.subject}\n\nDear Dr. Whitfield,")


def test_the_date_header_is_the_given_time() -> None:
    msg = build_message(_draft(), PROFILE, dt.datetime(2026, 3, 2, 18, 0, tzinfo=dt.UTC),
                        MESSAGE_ID)
    assert msg["Date"] == "Mon, 02 Mar 2026 18:00:00 +0000"
    assert msg["Message-ID"] == MESSAGE_ID


# --------------------------------------------------------------------------- batches


def test_a_batch_writes_each_draft_like_write_eml(tmp_path: Path) -> None:
    from followup_desktop.compose import write_emls

    panel = [dataclasses.replace(_DRAFT, to_name=n) for n in ("Dana Whitfield", "Zoë Müller")]
    same_name = dataclasses.replace(_DRAFT)  # the same file name as the first: gets " (2)"
    paths = write_emls([*panel, same_name], PROFILE, tmp_path, NOW)
    assert [p.name for p in paths] == [
        "Thank-you - Dana Whitfield - Northwind Analytics.eml",
        "Thank-you - Zoë Müller - Northwind Analytics.eml",
        "Thank-you - Dana Whitfield - Northwind Analytics (2).eml"]
    for path, draft in zip(paths, [*panel, same_name], strict=True):
        msg = _parse(path)
        assert sorted(k.lower() for k in msg) == sorted(EXPECTED)
        assert msg["To"].addresses[0].display_name == draft.to_name
        assert set(_mblaze_headers(path)) == EXPECTED
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in paths)


def test_a_batch_with_a_refused_draft_writes_nothing(tmp_path: Path) -> None:
    from followup_desktop.compose import write_emls

    bad = dataclasses.replace(_DRAFT, subject="Hi\nBcc: evil@example.org")
    with pytest.raises(DraftError):
        write_emls([_DRAFT, bad], PROFILE, tmp_path, NOW)
    assert list(tmp_path.iterdir()) == []
