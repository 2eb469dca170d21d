"""Company, role and format guessed from the invite's summary, addresses, location and links."""

from __future__ import annotations

import re

from followup_desktop.importers.invite.guess import InvitePerson, _main_first
from followup_desktop.records import (
    Format,
)

# --- company and role from the summary -------------------------------------------------------

FREE_MAIL = {
    "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com", "msn.com",
    "yahoo.com", "ymail.com", "icloud.com", "me.com", "mac.com", "aol.com", "proton.me",
    "protonmail.com", "pm.me", "gmx.com", "gmx.de", "gmx.net", "web.de", "mail.com",
    "yandex.com", "yandex.ru", "mail.ru", "qq.com", "163.com", "126.com", "fastmail.com",
    "hey.com", "zoho.com", "tutanota.com",
}
SCHEDULER_DOMAINS = {
    "google.com", "calendar.google.com", "zoom.us", "calendly.com", "greenhouse.io",
    "lever.co", "hire.lever.co", "goodtime.io", "workday.com", "myworkday.com",
    "smartrecruiters.com", "ashbyhq.com", "icims.com", "gem.com", "modernloop.io",
    "teams.microsoft.com", "resource.calendar.google.com", "group.calendar.google.com",
    "cronofy.com", "prelude.co", "yello.co", "jobvite.com", "bamboohr.com", "personio.de",
    "recruitee.com", "teamtailor.com", "workable.com", "hirevue.com",
}
_SECOND_LEVEL = {"co", "com", "ac", "org", "net", "gov", "edu", "ne", "or"}

_PREFIX = re.compile(
    r"^\s*(?:(?:updated\s+)?invitation(?:\s+updated)?|new\s+event|accepted|declined|tentative|"
    r"tentatively\s+accepted|cancell?ed(?:\s+event)?|event\s+cancell?ed|fwd?|re|aw|wg|"
    r"reminder|rescheduled|updated)\s*:\s*", re.I)
_GOOGLE_WHEN = re.compile(r"\s+@\s+(?:mon|tue|wed|thu|fri|sat|sun)\w*\b.*$", re.I)
_TRAILING_EMAIL = re.compile(r"\s*\([^()]*@[^()]*\)\s*$")
_NOISE = re.compile(
    r"\b(?:\d+(?:st|nd|rd|th)?\s*(?:round|interview)|round\s*\d+|"
    r"\d+\s*(?:-\s*)?(?:min|mins|minutes?|hrs?|hours?)\b(?:\s+(?:meeting|call|chat|interview))?|"
    r"first|second|third|fourth|final|initial|next|follow[- ]?up|"
    r"hiring\s+manager\s+(?:interview|call|chat|screen|conversation)|"
    r"recruiter\s+(?:call|chat|screen|screening|conversation|interview)|"
    r"phone\s+screen(?:ing)?|phone\s+call|phone\s+interview|video\s+call|video\s+interview|"
    r"technical|tech|onsite|on-site|in[- ]person|virtual|remote|"
    r"interviews?|interviewing|screening|screen|call|chat|conversation|meeting|meet|sync|"
    r"intro(?:duction|ductory)?|panel|loop|debrief|coffee|catch[- ]?up|discussion|"
    r"zoom|microsoft\s+teams|teams|google\s+meet|webex|skype|hangouts?|"
    r"case\s+study|system\s+design|coding|pair(?:ing)?\s+programming|take[- ]home(?:\s+review)?|"
    r"culture(?:\s+fit)?|behaviou?ral|hr|"
    r"vorstellungsgespräch|bewerbungsgespräch|telefoninterview|gespräch|kennenlernen|"
    r"entretien|entrevista|colloquio|sollicitatiegesprek|"
    r"position|opportunity|job|role|vacancy|"
    r"between|with|for|and|the|our|your|a|an|re|invite|invitation|event)\b",
    re.I)
_ROLE_WORDS = re.compile(
    r"\b(?:engineer(?:ing)?|developer|programmer|manager|analyst|designer|scientist|architect|"
    r"lead|director|head\s+of|vp|vice\s+president|president|chief|cto|ceo|cfo|intern(?:ship)?|"
    r"specialist|consultant|administrator|admin|coordinator|officer|accountant|writer|editor|"
    r"researcher|technician|associate|assistant|representative|recruiter|sre|devops|qa|tester|"
    r"product\s+owner|scrum\s+master|nurse|teacher|marketer|marketing|sales|support|"
    r"operations|strategist|counsel|lawyer|paralegal|economist|statistician|librarian|"
    r"pharmacist|physician|therapist|fellow|apprentice|trainee|executive|advisor|adviser|"
    r"entwickler(?:in)?|ingenieur(?:in)?|berater(?:in)?|werkstudent(?:in)?|"
    r"full[- ]?stack|front[- ]?end|back[- ]?end|data|software|staff|senior|junior|principal)\b",
    re.I)
_SPLIT = re.compile(r"\s+[-–—|/~•·]\s+|\s*<>\s*|\s*[–—|:()\[\]{}«»\"“”]\s*|\s+x\s+|\s*,\s+")


def company_from_domain(email: str | None) -> str:
    """``dana@mail.northwind-analytics.com`` → ``Northwind Analytics``; ``""`` for free-mail
    and scheduling services."""
    if not email or "@" not in email:
        return ""
    domain = email.rsplit("@", 1)[1].lower().strip(".")
    if domain in FREE_MAIL or domain in SCHEDULER_DOMAINS:
        return ""
    if any(domain.endswith("." + d) for d in SCHEDULER_DOMAINS):
        return ""
    labels = [lb for lb in domain.split(".") if lb]
    if len(labels) < 2:
        return ""
    labels = labels[:-1]  # the top-level domain
    if len(labels) >= 2 and labels[-1] in _SECOND_LEVEL:
        labels = labels[:-1]  # co.uk, com.au
    name = labels[-1]
    if name.lower() in ("mail", "email", "corp", "example") or len(name) < 2:
        return ""
    words = re.split(r"[-_]+", name)
    return " ".join(w.upper() if len(w) <= 3 and not re.search(r"[aeiou]", w) else
                    w.capitalize() for w in words if w)


def _tidy(text: str) -> str:
    text = " ".join(text.split())
    return text.strip(" -–—|/:,.;&+@#*'\"").strip()


def _clean_segment(text: str, names: list[str]) -> str:
    for name in names:
        if name:
            text = re.sub(r"(?<!\w)" + re.escape(name) + r"(?!\w)(?:'s)?", " ", text, flags=re.I)
    text = _NOISE.sub(" ", text)
    text = re.sub(r"[@&+]", " ", text)
    return _tidy(text)


_GENDER = re.compile(r"\(\s*[mwfdx]\s*/\s*[mwfdx]\s*(?:/\s*[mwfdx*]\s*)?\)|\(\s*all genders\s*\)",
                     re.I)


def _strip_summary(summary: str) -> str:
    text = " ".join(_GENDER.sub(" ", summary).split())
    for _ in range(3):
        new = _PREFIX.sub("", text)
        if new == text:
            break
        text = new
    text = _GOOGLE_WHEN.sub("", text)
    text = _TRAILING_EMAIL.sub("", text)
    return text.strip()


def guess_company_role(summary: str, people: tuple[InvitePerson, ...] = (),
                       own_names: set[str] | frozenset[str] = frozenset(),
                       own_emails: set[str] | frozenset[str] = frozenset()) -> tuple[str, str]:
    """Company and role from an invite's summary (``Interview: Data Engineer at Northwind``,
    ``Northwind <> Ada Park — Data Engineer``); the organizer's mail domain names the
    company when the summary does not (``Zoom meeting``). ``""`` when unknown."""
    names = sorted({n for n in own_names if n} | {p.name for p in people if p.name}
                   | {n.split()[0] for n in own_names if n and len(n.split()) > 1}
                   | {p.name.split()[0] for p in people if len(p.name.split()) > 1},
                   key=len, reverse=True)
    text = _strip_summary(summary)
    roles: list[str] = []
    companies: list[str] = []
    for raw in _SPLIT.split(text):
        if not raw or not raw.strip():
            continue
        seg = raw.strip()
        # "Data Engineer at Northwind", "Data Engineer @ Northwind"
        m = re.match(r"^(.*?)(?:^|\s+)(?:at|@|bei|chez)\s+(.+)$", seg, re.I)
        if m:
            left, right = _clean_segment(m.group(1), names), _clean_segment(m.group(2), names)
            if left:
                (roles if _ROLE_WORDS.search(left) or not roles else companies).append(left)
            if right:
                companies.insert(0, right)
            continue
        # "Interview for Data Engineer" / "Phone screen with Northwind"
        m = re.match(r"^(.*?)\b(?:for|with)\s+(.+)$", seg, re.I)
        parts = [m.group(1), m.group(2)] if m else [seg]
        for part in parts:
            cleaned = _clean_segment(part, names)
            if not cleaned or not re.search(r"[^\W\d_]", cleaned):
                continue
            if _ROLE_WORDS.search(cleaned):
                roles.append(cleaned)
            else:
                companies.append(cleaned)
    domain_names = [company_from_domain(p.email) for p in _main_first(people)
                    if p.email and p.email.lower() not in {e.lower() for e in own_emails}]
    domain_names = [d for d in domain_names if d]
    company = ""
    for cand in companies:  # prefer what matches the organizer's domain
        key = re.sub(r"\W", "", cand.lower())
        if any(re.sub(r"\W", "", d.lower()) in key or key in re.sub(r"\W", "", d.lower())
               for d in domain_names if key):
            company = cand
            break
    if not company and companies:
        company = companies[0]
    if not company and domain_names:
        company = domain_names[0]
    role = roles[0] if roles else ""
    if not role and len(companies) > 1:
        others = [c for c in companies if c != company]
        role = others[0] if others else ""
    return company[:200], role[:200]


# --- format ----------------------------------------------------------------------------------

_VIDEO = re.compile(
    r"zoom\.us/|zoomgov\.com/|teams\.microsoft\.com|teams\.live\.com|meet\.google\.com|"
    r"webex\.com|whereby\.com|meet\.jit\.si|gotomeet|chime\.aws|bluejeans\.com|skype\.com|"
    r"\bmicrosoft teams\b|\bgoogle meet\b|\bzoom\b|\bwebex\b|\bvideo\b", re.I)
_PHONE_NUMBER = re.compile(r"(?:\+|\b00)?\(?\d[\d ().\-/]{6,}\d")
_ADDRESS = re.compile(
    r"\b\d{1,5}\s+\w+|\b(?:street|st\.|avenue|ave\.?|road|rd\.|blvd|boulevard|lane|drive|"
    r"suite|floor|building|bldg|room|office|campus|hq|headquarters|straße|strasse|str\.|"
    r"platz|weg|rue|via|calle)\b", re.I)


def guess_format(summary: str, location: str, url: str, description: str,
                 people_count: int = 0) -> Format:
    """Video for a Zoom/Teams/Meet link, phone for a number or a call, onsite for an
    address; what the summary says explicitly wins."""
    s = summary.lower()
    if re.search(r"\bpanel\b", s):
        return Format.PANEL
    if re.search(r"\bon-?site\b|\bin[- ]person\b|\bin office\b", s):
        return Format.ONSITE
    if re.search(r"\bphone\b|\btelephone\b", s):
        return Format.PHONE
    if _VIDEO.search(s) or _VIDEO.search(location) or _VIDEO.search(url):
        return Format.VIDEO
    loc = location.strip()
    if loc and _PHONE_NUMBER.fullmatch(re.sub(r"^(?:tel:|phone:?|call:?)\s*", "", loc, flags=re.I)):
        return Format.PHONE
    if loc.lower().startswith("tel:"):
        return Format.PHONE
    if _VIDEO.search(description):
        return Format.VIDEO
    if loc and not re.match(r"https?://", loc, re.I) and _ADDRESS.search(loc):
        return Format.ONSITE
    if re.search(r"\bcall\b", s) or re.search(r"\b(?:we|i|they) will call\b|\bcall you\b",
                                             description, re.I):
        return Format.PHONE
    return Format.VIDEO
