"""Issue 17 item 2 (core): a draft nobody edited is the template's current text; an edited
draft is kept, with a line saying what changed since; "From the template" only when true."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from followup_desktop.compose.basis import changes_line, draft_basis
from followup_desktop.context import AppContext
from followup_desktop.drafting import draft_views, remember_basis
from followup_desktop.paths import Paths
from followup_desktop.records import (
    ApplicationSpec,
    InterviewSpec,
    Kind,
    PersonSpec,
    Profile,
    PromiseSpec,
    Tone,
)
from followup_desktop.store import open_store

UTC = dt.UTC
START = dt.datetime(2026, 3, 2, 15, 0, tzinfo=UTC)  # 10:00 in New York
NOW = START + dt.timedelta(hours=2)


class Clock:
    def __init__(self, at: dt.datetime) -> None:
        self.at = at

    def __call__(self) -> dt.datetime:
        return self.at


def _spec(points=("the move from nightly batches to streaming",), tone=Tone.FORMAL,  # type: ignore[no-untyped-def]
          salutation="Dr.", promises=()):
    return InterviewSpec(START, 60, tone=tone, interviewers=(
        PersonSpec("Dana Whitfield", "Engineering Manager", "dana@northwind.example",
                   salutation=salutation, main_contact=True, talking_points=points),
        PersonSpec("Sam Okafor", "Staff Engineer", "sam@northwind.example",
                   talking_points=("the schema registry rollout",))), promises=promises)


@pytest.fixture
def world(tmp_path: Path) -> Iterator[tuple[AppContext, Clock]]:
    clock = Clock(NOW)
    ctx = AppContext.open(Paths.for_data_dir(tmp_path / "d"), clock=clock)
    ctx.store.save_profile(Profile("Ada Park", "ada@example.org", "+1 555 0100", "", "",
                                   "America/New_York"))
    ctx.store.add_application(ApplicationSpec("Northwind Analytics", "Data Engineer",
                                              interviews=(_spec(),)))
    yield ctx, clock
    ctx.close()


def _dana(ctx: AppContext):  # type: ignore[no-untyped-def]
    window = next(w for w in ctx.agenda(ctx.now())
                  if w.kind is Kind.THANK_YOU and w.recipient == "Dana Whitfield")
    view = next(v for v in draft_views(ctx, window) if v.draft.to_name == "Dana Whitfield")
    return window, view


def _change_round(ctx: AppContext, **changes) -> None:  # type: ignore[no-untyped-def]
    (app,) = ctx.applications()
    ctx.store.save_interview(app.id, app.interviews[0].id, _spec(**changes))


@pytest.mark.parametrize("change,seen", [
    (lambda ctx, clock: _change_round(ctx, points=("the redesigned on-call rotation",)),
     "the redesigned on-call rotation"),
    (lambda ctx, clock: _change_round(ctx, tone=Tone.CASUAL), "Hi Dana,"),
    (lambda ctx, clock: _change_round(ctx, salutation="Ms."), "Dear Ms. Whitfield,"),
    (lambda ctx, clock: _change_round(ctx, promises=(PromiseSpec("the slides",
                                                                 "dana@northwind.example"),)),
     "the slides"),
    (lambda ctx, clock: ctx.store.save_profile(Profile("Ada Lovelace Park", "ada@example.org",
                                                       "", "", "", "America/New_York")),
     "Ada Lovelace Park"),
    (lambda ctx, clock: setattr(clock, "at", NOW + dt.timedelta(days=1)), "yesterday"),
])
def test_a_draft_nobody_edited_is_made_again_from_the_new_inputs(world, change, seen):
    ctx, clock = world
    _, before = _dana(ctx)
    assert before.from_template and not before.edited and before.change_line == ""
    assert seen not in before.draft.body
    change(ctx, clock)
    _, after = _dana(ctx)
    assert seen in after.draft.body
    assert after.from_template and not after.edited and after.change_line == ""


def test_an_edited_draft_is_kept_with_a_line_saying_what_changed(world):
    ctx, clock = world
    window, view = _dana(ctx)
    edited = view.draft.body.replace("Dear Dr. Whitfield,", "Dear Dr. Whitfield,\n\nHello!")
    remember_basis(ctx, window, view.draft.person_id, view.basis)
    ctx.store.save_draft(window.application_id, window.key, view.draft.person_id,
                         subject=view.draft.subject, body=edited)
    _, view = _dana(ctx)
    assert view.draft.body == edited and view.edited and not view.from_template
    assert view.change_line == ""  # nothing changed yet
    _change_round(ctx, points=("the redesigned on-call rotation",))
    _, view = _dana(ctx)
    assert view.draft.body == edited  # kept
    assert view.change_line == ("Dana's talking points changed \u2014 Reset to template to "
                                "use them.")
    assert "the redesigned on-call rotation" in view.fresh.body
    clock.at = NOW + dt.timedelta(days=1)
    _, view = _dana(ctx)
    assert view.change_line.startswith("Dana's talking points and the day (\u201ctoday\u201d "
                                       "is now \u201cyesterday\u201d) changed")
    # Reset to template: the saved edit and its basis go; the template's text is back
    ctx.store.discard_draft(window.key, view.draft.person_id)
    _, view = _dana(ctx)
    assert view.from_template and view.change_line == "" and view.draft == view.fresh
    assert ctx.store.load_draft_basis(window.key, view.draft.person_id) is None


def test_an_edit_that_equals_the_template_is_from_the_template(world):
    ctx, _ = world
    window, view = _dana(ctx)
    ctx.store.save_draft(window.application_id, window.key, view.draft.person_id,
                         subject=view.draft.subject, body=view.draft.body)
    _, view = _dana(ctx)
    assert view.from_template and not view.edited


def test_a_users_template_file_is_an_input(world):
    ctx, _ = world
    window, view = _dana(ctx)
    ctx.paths.templates.mkdir(parents=True, exist_ok=True)
    (ctx.paths.templates / "thank-you.txt.j2").write_text(
        "{% set subject %}Thanks — {{ role }}{% endset %}Dear {{ recipient.formal_name }},\n\n"
        "Thank you.\n\nKind regards,\n{{ profile.name }}\n")
    (app,) = ctx.applications()
    new = draft_basis(window, app, ctx.profile(), ctx.settings(), ctx.now(),
                      ctx.paths.templates)
    assert changes_line(view.basis, new, "Dana") == ("The template changed \u2014 Reset to "
                                                     "template to use it.")
    _, view = _dana(ctx)
    assert view.draft.body.startswith("Dear Dr. Whitfield,\n\nThank you.")


def test_the_basis_table_arrives_by_migration_and_keeps_every_draft(tmp_path):
    path = tmp_path / "followup.sqlite3"
    store = open_store(path)
    store.close()
    from followup_desktop.store.models import DB

    DB.initialize(None)
    con = sqlite3.connect(path)
    con.execute('DROP TABLE "draft_basis"')
    con.execute("PRAGMA user_version = 4")
    con.commit()
    con.close()
    store = open_store(path)
    try:
        assert store.db.execute_sql("PRAGMA user_version").fetchone()[0] >= 5
        assert store.load_draft_basis("k", 1) is None
    finally:
        store.close()
    DB.initialize(None)
