"""The sync's header reader: its fast paths agree with the standard library, and nothing
a server sends makes it fail."""

from __future__ import annotations

import datetime as dt
from email.utils import format_datetime, formataddr, getaddresses

import pytest
from hypothesis import given
from hypothesis import strategies as st

from followup_desktop.services.mail.headers import normal_subject, parse_header

atoms = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789._-+", min_size=1,
                max_size=20).filter(lambda s: s[0] not in ".-" and s[-1] != "." and ".." not in s)
domains = st.lists(st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", min_size=1,
                           max_size=12), min_size=2, max_size=3).map(".".join)
names = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl",
                                                                         "Zp")),
                max_size=30)


@given(names, atoms, domains)
def test_from_matches_the_standard_library(name: str, local: str, domain: str) -> None:
    field = formataddr((name, f"{local}@{domain}"))
    header = parse_header(1, f"From: {field}\r\n".encode())
    [(_want_name, want_addr)] = getaddresses([field])
    assert header.sender == want_addr.lower()


@given(st.datetimes(min_value=dt.datetime(1971, 1, 1),  # noqa: DTZ001 (hypothesis: naive bounds)
                    max_value=dt.datetime(2099, 1, 1),  # noqa: DTZ001
                    timezones=st.sampled_from([dt.UTC, dt.timezone(dt.timedelta(hours=-5)),
                                               dt.timezone(dt.timedelta(hours=5, minutes=30))])))
def test_dates_come_back_as_written(when: dt.datetime) -> None:
    when = when.replace(microsecond=0)
    header = parse_header(1, f"Date: {format_datetime(when)}\r\n".encode())
    assert header.date == when


@given(st.binary(max_size=2000))
def test_any_bytes_at_all(raw: bytes) -> None:
    parse_header(1, raw)  # never raises


@pytest.mark.parametrize("subject", ["Re: Thanks", "RE: re: Thanks", "Fwd: Re: Thanks",
                                     "AW: Thanks", "  thanks  ", "Re[2]: Thanks"])
def test_subjects_compare_without_reply_prefixes(subject: str) -> None:
    assert normal_subject(subject) == "thanks"


@pytest.mark.parametrize("extra, automatic", [
    ("Auto-Submitted: auto-replied\r\n", True),
    ("Auto-Submitted: no\r\n", False),
    ("Precedence: bulk\r\n", True),
    ("X-Autoreply: yes\r\n", True),
    ("Subject: Out of Office: back Monday\r\n", True),
    ("Subject: Automatische Antwort: Urlaub\r\n", True),
    ("Subject: Thanks for your note\r\n", False),
])
def test_auto_replies(extra: str, automatic: bool) -> None:
    raw = f"From: dana@northwind.example\r\n{extra}".encode()
    assert parse_header(1, raw).automatic is automatic


def test_encoded_words_folded_lines_and_references() -> None:
    raw = (b"From: =?utf-8?q?J=C3=BCrgen_M=C3=BCller?= <jm@firma.example>\r\n"
           b"To: \"Park, Ada\" <ada@example.org>,\r\n bob@example.org\r\n"
           b"Subject: =?utf-8?b?RW50d8O8cmZl?=\r\n"
           b"Message-ID: <abc@firma.example>\r\n"
           b"References: <one@x.example>\r\n <two@x.example>\r\n")
    h = parse_header(7, raw)
    assert (h.sender, h.sender_name) == ("jm@firma.example", "Jürgen Müller")
    assert h.recipients == ("ada@example.org", "bob@example.org")
    assert h.subject == "Entwürfe"
    assert h.references == ("<one@x.example>", "<two@x.example>")
    assert h.message_id == "<abc@firma.example>"
