"""The activity report: every application with activity in a date range, as plain rows.

Job seekers often must show a record of their search (to an unemployment office, for
instance). :func:`build_report` picks the applications and their dated activity — applied,
rounds, follow-ups sent, replies — in the range; :func:`report_csv` and :func:`report_html`
write it. No Qt here: ``ui/report.py`` turns the HTML into a PDF with ``QTextDocument``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from followup_desktop.humanize import escape_markup
from followup_desktop.records import Application, EventKind, Format, Profile, Status

STATUS_LABELS = {
    Status.ACTIVE: "Active",
    Status.OFFER: "Offer",
    Status.REJECTED: "Rejected",
    Status.WITHDRAWN: "Withdrawn",
    Status.CLOSED_NO_RESPONSE: "Closed (no response)",
}
EVENT_LABELS = {
    EventKind.REPLY: "Reply from the company",
    EventKind.REJECTED: "Rejection received",
    EventKind.VERBAL_OFFER: "Verbal offer",
    EventKind.WITHDRAWN: "Withdrew the application",
}
FORMAT_LABELS = {Format.PHONE: "phone", Format.VIDEO: "video", Format.ONSITE: "on-site",
                 Format.PANEL: "panel"}


@dataclass(frozen=True, slots=True)
class Activity:
    at: dt.datetime  # aware UTC
    kind: str  # "applied", "round", "message", "event"
    what: str  # "Interview (video) with Dana Whitfield", "Thank-you sent to Dana Whitfield"


@dataclass(frozen=True, slots=True)
class ReportEntry:
    application_id: int
    company: str
    role: str
    status: str
    applied: dt.datetime | None
    contacts: tuple[str, ...]
    activities: tuple[Activity, ...]  # in the range, oldest first

    @property
    def rounds(self) -> tuple[Activity, ...]:
        return tuple(a for a in self.activities if a.kind == "round")

    @property
    def messages(self) -> tuple[Activity, ...]:
        return tuple(a for a in self.activities if a.kind == "message")


@dataclass(frozen=True, slots=True)
class Report:
    start: dt.date
    end: dt.date
    tz_name: str
    generated_at: dt.datetime
    name: str
    email: str
    entries: tuple[ReportEntry, ...]

    @property
    def counts(self) -> tuple[int, int, int]:
        """(applications, rounds, follow-ups sent) in the range."""
        return (len(self.entries), sum(len(e.rounds) for e in self.entries),
                sum(len(e.messages) for e in self.entries))


def _contact(name: str, title: str, email: str | None) -> str:
    text = name
    if title:
        text += f" ({title})"
    if email:
        text += f" <{email}>"
    return text


def build_report(apps: Iterable[Application], start: dt.date, end: dt.date, tz: dt.tzinfo,
                 *, now: dt.datetime, profile: Profile | None = None) -> Report:
    """Every application with something dated from ``start`` to ``end`` (inclusive, in
    ``tz``): its applied date, rounds, follow-ups sent and replies in that range."""
    if end < start:
        start, end = end, start

    def inside(when: dt.datetime | None) -> bool:
        return when is not None and start <= when.astimezone(tz).date() <= end

    entries = []
    for app in apps:
        acts: list[Activity] = []
        if inside(app.created_at):
            assert app.created_at is not None
            acts.append(Activity(app.created_at, "applied", "Applied / added"))
        for iv in app.interviews:
            if inside(iv.start):
                who = ", ".join(p.person.name for p in iv.participants)
                what = f"Interview ({FORMAT_LABELS.get(iv.format, iv.format.value)}, " \
                       f"{iv.duration_minutes} min)" + (f" with {who}" if who else "")
                acts.append(Activity(iv.start, "round", what))
        for m in app.messages:
            if inside(m.sent_at):
                person = app.person(m.person_id)
                to = person.name if person else (m.to or "")
                what = f"{m.kind.label} sent" + (f" to {to}" if to else "")
                acts.append(Activity(m.sent_at, "message", what))
        for e in app.events:
            if inside(e.at):
                acts.append(Activity(e.at, "event", EVENT_LABELS.get(e.kind, e.kind.value)))
        if not acts:
            continue
        acts.sort(key=lambda a: a.at)
        contacts = tuple(_contact(p.name, p.title, p.email) for p in app.people)
        entries.append(ReportEntry(app.id, app.company, app.role,
                                   STATUS_LABELS.get(app.status, app.status.value),
                                   app.created_at, contacts, tuple(acts)))
    entries.sort(key=lambda e: (e.activities[0].at, e.company.lower()))
    profile = profile or Profile()
    return Report(start, end, getattr(tz, "key", str(tz)), now, profile.name, profile.email,
                  tuple(entries))


def _day(value: dt.datetime | None, tz: dt.tzinfo) -> str:
    return value.astimezone(tz).strftime("%Y-%m-%d") if value else ""


def _when(value: dt.datetime, tz: dt.tzinfo) -> str:
    return value.astimezone(tz).strftime("%Y-%m-%d %H:%M")


def report_rows(report: Report, tz: dt.tzinfo) -> tuple[tuple[str, ...], list[tuple[str, ...]]]:
    """One row per application: the CSV and the PDF's table."""
    headers = ("Company", "Role", "Status", "Applied", "Contacts", "Rounds", "Follow-ups sent",
               "Other activity")
    rows: list[tuple[str, ...]] = []
    for e in report.entries:
        def lines(kind: str, entry: ReportEntry = e) -> str:
            return "\n".join(f"{_when(a.at, tz)} {a.what}" for a in entry.activities
                             if a.kind == kind)
        other = "\n".join(f"{_when(a.at, tz)} {a.what}" for a in e.activities
                          if a.kind in ("event",))
        rows.append((e.company, e.role, e.status, _day(e.applied, tz), "\n".join(e.contacts),
                     lines("round"), lines("message"), other))
    return headers, rows


def report_csv(report: Report, tz: dt.tzinfo) -> bytes:
    from followup_desktop.importers.spreadsheet import to_csv_bytes

    headers, rows = report_rows(report, tz)
    return to_csv_bytes(headers, rows)


def report_html(report: Report, tz: dt.tzinfo) -> str:
    """The report as simple HTML (the subset ``QTextDocument`` renders)."""
    esc = escape_markup
    n_apps, n_rounds, n_msgs = report.counts
    who = " · ".join(x for x in (report.name, report.email) if x)
    period = f"{report.start:%d %b %Y} – {report.end:%d %b %Y}"
    parts = [
        "<html><head><meta charset='utf-8'><style>"
        "body { font-family: sans-serif; font-size: 9pt; }"
        "h1 { font-size: 16pt; margin-bottom: 2pt; }"
        "p.meta { color: #444; margin-top: 0; }"
        "table { border-collapse: collapse; }"
        "th { background: #e8ecf2; text-align: left; font-weight: bold; }"
        "th, td { border: 1px solid #9aa4b2; padding: 3px; vertical-align: top; }"
        "td.small { font-size: 8pt; }"
        "</style></head><body>",
        "<h1>Job search activity report</h1>",
        f"<p class='meta'>{esc(who) + '<br>' if who else ''}Period: {esc(period)} "
        f"({esc(report.tz_name)})<br>"
        f"{n_apps} application{'s' if n_apps != 1 else ''}, {n_rounds} interview"
        f"{'s' if n_rounds != 1 else ''}, {n_msgs} follow-up{'s' if n_msgs != 1 else ''} sent."
        f"<br>Generated {esc(report.generated_at.astimezone(tz).strftime('%d %b %Y %H:%M'))}"
        "</p>",
    ]
    if not report.entries:
        parts.append("<p>No application has activity in this period.</p>")
    else:
        parts.append("<table width='100%' cellspacing='0' cellpadding='3'>"
                     "<thead><tr><th width='15%'>Company</th><th width='15%'>Role</th>"
                     "<th width='11%'>Applied</th><th width='10%'>Status</th>"
                     "<th width='20%'>Contacts</th><th width='29%'>Activity in the period</th>"
                     "</tr></thead><tbody>")
        for e in report.entries:
            acts = "<br>".join(f"{esc(_when(a.at, tz))} — {esc(a.what)}" for a in e.activities)
            contacts = "<br>".join(esc(c) for c in e.contacts) or "—"
            parts.append(
                f"<tr><td width='15%'><b>{esc(e.company)}</b></td>"
                f"<td width='15%'>{esc(e.role)}</td>"
                f"<td width='11%' style='white-space: nowrap'>{esc(_day(e.applied, tz))}</td>"
                f"<td width='10%'>{esc(e.status)}</td>"
                f"<td width='20%' class='small'>{contacts}</td>"
                f"<td width='29%' class='small'>{acts}</td></tr>")
        parts.append("</tbody></table>")
    parts.append("</body></html>")
    return "".join(parts)


__all__ = ["Activity", "Report", "ReportEntry", "build_report", "report_csv", "report_html",
           "report_rows"]
