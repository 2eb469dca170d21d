"""Interview invites in the user's main calendar, offered as new rounds -- never added
silently.

Read-only: the next 60 days of the account's main calendar (a calendar-query REPORT), each
event read by the ``.ics`` import's own parser (:func:`importers.invite.parse_invite`).
An event is offered when its organizer or an attendee is from a company the user has an
application with (the address's domain is one of that application's people's, or names
the company), or when it reads like an interview invite. Offers are kept with the
account's settings until the user adds one (:func:`add_offer`) or says no
(:func:`dismiss_offer`); a round already imported from the same invite UID is not offered.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from typing import Any

from followup_desktop.services.calendar_account.account import (
    CalendarAccountError,
    load_config,
    update_config,
)
from followup_desktop.services.calendar_account.dav import NS, Dav, DavError

WINDOW_DAYS = 60
MAX_EVENT_BYTES = 200_000
_INTERVIEW = re.compile(r"\b(interview|interviews|phone screen|screening call|hiring manager|"
                        r"technical round|onsite|on-site|recruiter|recruiting|vorstellungs"
                        r"gespräch|entretien)\b", re.IGNORECASE)


def _domain(email: str | None) -> str:
    return email.rsplit("@", 1)[1].casefold() if email and "@" in email else ""


def _known_companies(ctx: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """(domain -> application, casefolded company -> application) of the user's
    applications (still active ones win over closed ones of the same company)."""
    domains: dict[str, Any] = {}
    names: dict[str, Any] = {}
    for app in sorted(ctx.applications(), key=lambda a: a.status.value == "active"):
        names[app.company.casefold()] = app
        for person in app.people:
            d = _domain(person.email)
            if d and d not in _MAIL_HOSTS:
                domains[d] = app
    return domains, names


_MAIL_HOSTS = frozenset({"gmail.com", "googlemail.com", "outlook.com", "hotmail.com",
                         "yahoo.com", "icloud.com", "me.com", "proton.me", "protonmail.com",
                         "gmx.de", "gmx.net", "web.de", "live.com", "aol.com"})


def _match(guess: Any, domains: dict[str, Any], names: dict[str, Any]
           ) -> tuple[str, Any] | None:
    """(why this invite is offered, the application it belongs to or None), or None."""
    from followup_desktop.importers.invite import company_from_domain

    for person in guess.people:
        d = _domain(person.email)
        if d in domains:
            return f"from {domains[d].company}", domains[d]
        company = company_from_domain(person.email).casefold() if person.email else ""
        if company and company in names:
            return f"from {names[company].company}", names[company]
    if guess.company and guess.company.casefold() in names:
        app = names[guess.company.casefold()]
        return f"about {app.company}", app
    if _INTERVIEW.search(f"{guess.summary}\n{guess.description[:2000]}"):
        return "looks like an interview", None
    return None


def _query(start: dt.datetime, end: dt.datetime) -> str:
    fmt = "%Y%m%dT%H%M%SZ"
    return ('<?xml version="1.0" encoding="utf-8"?><c:calendar-query xmlns:d="DAV:" '
            'xmlns:c="urn:ietf:params:xml:ns:caldav"><d:prop><d:getetag/><c:calendar-data/>'
            '</d:prop><c:filter><c:comp-filter name="VCALENDAR"><c:comp-filter name="VEVENT">'
            f'<c:time-range start="{start.astimezone(dt.UTC):{fmt}}" '
            f'end="{end.astimezone(dt.UTC):{fmt}}"/></c:comp-filter></c:comp-filter>'
            '</c:filter></c:calendar-query>')


def read_invites(ctx: Any, dav: Dav, now: dt.datetime) -> list[str]:
    """Read the main calendar and keep the new offers; one line per new offer."""
    from followup_desktop.importers.errors import ImportFileError
    from followup_desktop.importers.invite import parse_invite
    from followup_desktop.services.imports import own_identity

    config = load_config(ctx)
    if config is None or not config.main_calendar_url:
        return []
    r = dav.request("REPORT", config.main_calendar_url,
                    _query(now, now + dt.timedelta(days=WINDOW_DAYS)), {"Depth": "1"})
    if int(r.status) not in (200, 207):
        raise DavError(f"The main calendar could not be read for invites ({r.status}).",
                       status=int(r.status))
    tree = dav._tree(r)
    emails, names_own = own_identity(ctx)
    domains, companies = _known_companies(ctx)
    known = {o.get("uid") for o in config.offers} | set(config.dismissed)
    offers = list(config.offers)
    lines = []
    for resp in tree.findall("d:response", NS):
        data = resp.findtext(".//c:calendar-data", namespaces=NS) or ""
        if not data or len(data) > MAX_EVENT_BYTES:
            continue
        try:
            guesses = parse_invite(data.encode("utf-8"), emails, tz=ctx.tz(),
                                   own_names=names_own, name="An event in your calendar")
        except ImportFileError:
            continue
        for guess in guesses:
            if guess.cancelled or not guess.uid or guess.uid in known:
                continue
            if ctx.store.find_interview_by_uid(guess.uid) is not None:
                continue
            found = _match(guess, domains, companies)
            if found is None:
                continue
            why, app = found
            if app is not None:
                guess = dataclasses.replace(guess, company=app.company, role=app.role)
            text = offer_text(ctx, guess, why, app)
            offers.append({"uid": guess.uid, "text": text, "data": data,
                           "application_id": app.id if app is not None else None})
            known.add(guess.uid)
            lines.append(text)
    if lines:
        update_config(ctx, offers=tuple(offers))
    return lines


def offer_text(ctx: Any, guess: Any, why: str, app: Any) -> str:
    """"“Second round: system design” on Tue 10 Mar 11:00 with Dana Whitfield — a new
    round of Northwind Analytics — Data Engineer (from Northwind Analytics)"."""
    from followup_desktop.humanize import local_when

    when = local_when(guess.start, ctx.tz(), ctx.now())
    people = ", ".join(p.name for p in guess.people[:3]) or "no one else on the invite"
    title = f"\u201c{guess.summary}\u201d" if guess.summary else "A meeting"
    where = (f"a new round of {app.company} — {app.role}" if app is not None else
             f"a new application ({guess.company or 'company unknown'})")
    return f"{title} on {when} with {people} — {where} ({why})"


def pending_offers(ctx: Any) -> list[dict[str, Any]]:
    config = load_config(ctx)
    return [dict(o) for o in config.offers] if config else []


def add_offer(ctx: Any, uid: str) -> str:
    """Save the offered invite ``uid`` as a round (the ``.ics`` import's own save)."""
    from followup_desktop.importers.invite import parse_invite
    from followup_desktop.services.imports import describe, own_identity, save_invite

    config = load_config(ctx)
    offer = next((o for o in (config.offers if config else ()) if o.get("uid") == uid), None)
    if config is None or offer is None:
        raise CalendarAccountError(f"No invite {uid!r} is waiting to be added.")
    emails, names = own_identity(ctx)
    guesses = [g for g in parse_invite(offer["data"].encode("utf-8"), emails, tz=ctx.tz(),
                                       own_names=names) if g.uid == uid]
    if not guesses:
        raise CalendarAccountError("That invite can no longer be read.")
    guess = guesses[0]
    target = None
    app = ctx.application(offer.get("application_id") or -1)
    if app is not None:  # the application the invite came from: a new round of it
        from followup_desktop.services.imports import InviteTarget

        guess = dataclasses.replace(guess, company=app.company, role=app.role)
        target = InviteTarget(app.id, None)
    if not guess.company:
        guess = dataclasses.replace(guess, company=guess.summary or "Unknown company")
    result = save_invite(ctx, guess, target=target)
    update_config(ctx, offers=tuple(o for o in config.offers if o.get("uid") != uid))
    return describe(ctx, guess, result)


def dismiss_offer(ctx: Any, uid: str) -> None:
    config = load_config(ctx)
    if config is None:
        return
    update_config(ctx, offers=tuple(o for o in config.offers if o.get("uid") != uid),
                  dismissed=(*config.dismissed, uid))
