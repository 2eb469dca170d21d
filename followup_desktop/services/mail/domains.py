"""Which mail domains can stand for a company: not free mail, not a hiring platform."""

from __future__ import annotations

FREE_MAIL = frozenset("""
gmail.com googlemail.com outlook.com
hotmail.com hotmail.co.uk hotmail.de hotmail.fr live.com live.co.uk msn.com yahoo.com
yahoo.co.uk yahoo.de yahoo.fr yahoo.es yahoo.it yahoo.ca yahoo.com.au ymail.com
rocketmail.com icloud.com me.com mac.com aol.com aim.com proton.me protonmail.com
protonmail.ch pm.me tutanota.com tuta.io gmx.de gmx.net gmx.com gmx.at gmx.ch web.de
mail.com email.com zoho.com zohomail.com yandex.ru yandex.com mail.ru fastmail.com
fastmail.fm hey.com t-online.de freenet.de orange.fr wanadoo.fr free.fr laposte.net
sfr.fr libero.it virgilio.it qq.com 163.com 126.com naver.com hanmail.net seznam.cz
wp.pl o2.pl interia.pl posteo.de mailbox.org hushmail.com inbox.com bluewin.ch
comcast.net verizon.net att.net sbcglobal.net btinternet.com sky.com
""".split())  # noqa: SIM905 (a list to read)

#: applicant-tracking systems and job boards that send mail "for" many companies
HIRING_PLATFORMS = frozenset("""
greenhouse.io greenhouse-mail.io lever.co hire.lever.co myworkday.com
workday.com myworkdayjobs.com smartrecruiters.com icims.com taleo.net jobvite.com
ashbyhq.com bamboohr.com workable.com workablemail.com recruitee.com personio.de
personio.com teamtailor.com teamtailor-mail.com successfactors.com successfactors.eu
sapsf.com breezy.hr jazzhr.com applytojob.com linkedin.com indeed.com indeedemail.com
glassdoor.com hire.withgoogle.com withgoogle.com calendly.com goodtime.io gem.com
hirevue.com recruiterbox.com pinpointhq.com join.com stepstone.de xing.com
ziprecruiter.com dice.com monster.com wellfound.com angel.co otta.com hired.com
welcometothejungle.com rippling.com gusto.com paylocity.com ultipro.com adp.com
dayforcehcm.com
""".split())  # noqa: SIM905 (a list to read)


def domain_of(address: str) -> str:
    return address.rpartition("@")[2].strip().lower().rstrip(".")


def _within(domain: str, names: frozenset[str]) -> bool:
    parts = domain.split(".")
    return any(".".join(parts[i:]) in names for i in range(len(parts) - 1))


def is_company_domain(domain: str) -> bool:
    """A domain that can be a company's own: not free mail, not a hiring platform."""
    domain = domain.strip().lower()
    if not domain or "." not in domain:
        return False
    return not _within(domain, FREE_MAIL) and not _within(domain, HIRING_PLATFORMS)


def same_company(a: str, b: str) -> bool:
    """Two company domains of one organisation (``mail.northwind.com`` and
    ``northwind.com``)."""
    return a == b or a.endswith("." + b) or b.endswith("." + a)
