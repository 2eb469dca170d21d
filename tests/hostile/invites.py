"""Hostile invitations (issue 23, items 5-7), made on the fly: name → .ics text."""

from __future__ import annotations

HEAD = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//y//EN\r\n"
TAIL = "END:VCALENDAR\r\n"


def event(uid: str, start: str = ":20260318T140000Z", extra: str = "",
          people: str = "") -> str:
    end = start.replace("T14", "T15", 1)
    return (f"BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTAMP:20260301T090000Z\r\nDTSTART{start}\r\n"
            f"DTEND{end}\r\nSUMMARY:Interview - Northwind - Data Engineer\r\n"
            "ORGANIZER;CN=Dana Whitfield:mailto:dana@northwind.example\r\n"
            f"{people}{extra}END:VEVENT\r\n")


def calendar(body: str) -> str:
    return HEAD + body + TAIL


SECONDLY_ZONE = (
    "BEGIN:VTIMEZONE\r\nTZID:Evil/Zone\r\nBEGIN:STANDARD\r\nDTSTART:19700101T000000\r\n"
    "RRULE:FREQ=SECONDLY\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0000\r\nEND:STANDARD\r\n"
    "BEGIN:DAYLIGHT\r\nDTSTART:19700101T000001\r\nRRULE:FREQ=SECONDLY\r\n"
    "TZOFFSETFROM:+0000\r\nTZOFFSETTO:+0100\r\nEND:DAYLIGHT\r\nEND:VTIMEZONE\r\n")


def hostile() -> dict[str, str]:
    people = "".join(f"ATTENDEE;CN=P{i}:mailto:p{i}@northwind.example\r\n"
                     for i in range(20000))
    overrides = "".join(event("a", extra=f"RECURRENCE-ID:202603{(i % 9) + 10}T140000Z\r\n")
                        for i in range(20000))
    return {
        "vtimezone FREQ=SECONDLY": calendar(SECONDLY_ZONE
                                            + event("a", ";TZID=Evil/Zone:20260318T140000")),
        "20,000 attendees": calendar(event("a", people=people)),
        "20,000 RECURRENCE-ID overrides": calendar(event("a", extra="RRULE:FREQ=DAILY\r\n")
                                                   + overrides),
        "TZID ../../etc/passwd": calendar(event("a", ";TZID=../../etc/passwd:20260318T140000")),
        "TZID 10,000 characters": calendar(event("a", ";TZID=" + "A" * 10000
                                                 + ":20260318T140000")),
        "TZID long Mozilla-style": calendar(event("a", ";TZID=" + "/mozilla.org" * 2000
                                                  + "/America/New_York:20260318T140000")),
        "TZID absolute path": calendar(event("a", ";TZID=/etc/localtime:20260318T140000")),
        "CN with a line break and Bcc": calendar(event("a", people=(
            'ATTENDEE;CN="Marcus^nBcc: evil@example.com":mailto:marcus@northwind.example\r\n'))),
    }


def meetings(n: int) -> str:
    return calendar("".join(event(f"m{i}", start=f":2026{(i % 9) + 1:02d}{(i % 27) + 1:02d}"
                                                 f"T14{i % 60:02d}00Z") for i in range(n)))
