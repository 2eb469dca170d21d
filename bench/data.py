"""Generated data for benchmarks: N interviews over about N/2.5 applications, 2-3 people each."""

from __future__ import annotations

import datetime as dt
import random
import sys
from pathlib import Path

from followup_desktop.records import (
    ApplicationSpec,
    EventKind,
    EventSpec,
    Format,
    InterviewSpec,
    Kind,
    MessageSpec,
    PersonSpec,
    Profile,
    PromiseSpec,
    Tone,
)
from followup_desktop.store import open_store

UTC = dt.UTC
WORDS = ("streaming", "on-call", "dashboards", "hiring plan", "migration", "roadmap",
         "customer calls", "quarterly goals", "mentoring", "the new office")


def specs(interviews: int, now: dt.datetime, seed: int = 7) -> list[ApplicationSpec]:
    rnd = random.Random(seed)
    out: list[ApplicationSpec] = []
    made = 0
    n = 0
    while made < interviews:
        n += 1
        rounds = min(rnd.choice((2, 2, 3, 3, 2)), interviews - made)
        people = [PersonSpec(f"Person {n}-{k}", "Interviewer",
                             f"p{n}.{k}@company{n}.example" if rnd.random() < 0.9 else None,
                             f"https://www.linkedin.com/in/p{n}-{k}" if rnd.random() < 0.3
                             else None, main_contact=(k == 0),
                             talking_points=tuple(rnd.sample(WORDS, 2)))
                  for k in range(rnd.choice((2, 3)))]
        start = now - dt.timedelta(days=rnd.randint(0, 120), hours=rnd.randint(0, 23))
        ivs = []
        for r in range(rounds):
            s = start + dt.timedelta(days=7 * r)
            ivs.append(InterviewSpec(
                start=s, duration_minutes=60, format=rnd.choice(list(Format)),
                tone=rnd.choice(list(Tone)),
                decision_by=(s + dt.timedelta(days=10)).date() if rnd.random() < 0.4 else None,
                interviewers=tuple(rnd.sample(people, k=min(len(people), rnd.choice((1, 2))))),
                promises=((PromiseSpec("the portfolio", None),) if rnd.random() < 0.2 else ())))
        made += rounds
        events = ()
        r = rnd.random()
        if r < 0.1:
            events = (EventSpec(EventKind.REJECTED, start + dt.timedelta(days=20)),)
        elif r < 0.2:
            events = (EventSpec(EventKind.REPLY, start + dt.timedelta(days=3)),)
        msgs = tuple(MessageSpec(Kind.THANK_YOU, start + dt.timedelta(hours=5), p.email)
                     for p in people[:1] if p.email)
        out.append(ApplicationSpec(company=f"Company {n}", role=rnd.choice(
            ("Data Engineer", "Designer", "Analyst", "Developer")), notes="generated",
            interviews=tuple(ivs), events=events, messages=msgs))
    return out


def make(data_dir: Path, interviews: int = 10_000, applications: int | None = None) -> Path:
    """``applications``: keep only the first that many applications of the generated data
    (``interviews`` must be large enough to make them)."""
    db = data_dir / "followup.sqlite3"
    if db.exists():
        return data_dir
    data_dir.mkdir(parents=True, exist_ok=True)
    now = dt.datetime.now(UTC)
    store = open_store(db)
    try:
        made = specs(interviews, now)
        store.import_document(made if applications is None else made[:applications],
                              {"name": "Bench", "timezone": "Europe/Berlin"})
        store.save_profile(Profile(name="Bench User", email="bench@example.org",
                                   timezone="Europe/Berlin"))
    finally:
        store.close()
    return data_dir


if __name__ == "__main__":
    print(make(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 10_000))
