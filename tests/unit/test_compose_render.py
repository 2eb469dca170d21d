"""Rendering: default templates, panel phrasing, user templates, the sandbox and its limits."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import time
from pathlib import Path
from types import MappingProxyType

import pytest
from jinja2.exceptions import SecurityError, TemplateRuntimeError, UndefinedError

from followup_desktop.compose.checks import (
    check_context,
    run_checks,
    sentences,
    similarity,
    split_body,
    words,
)
from followup_desktop.compose.model import PersonView, ProfileView, RoundView
from followup_desktop.compose.render import (
    compose_drafts,
    render_source,
    template_context,
)
from followup_desktop.compose.sandbox import RenderLimitError
from followup_desktop.records import Kind, Participant, Person, Tone
from followup_desktop.resources import template_dir
from followup_desktop.settings import Settings
from tests.helpers.compose_records import (
    DANA,
    JO,
    LEE,
    NOW,
    PROFILE,
    SAM,
    make_app,
    make_round,
    make_window,
)

SETTINGS = Settings()
AFTER_DECISION = dt.datetime(2026, 3, 16, 14, 0, tzinfo=dt.UTC)


def _thank_yous(app, people=(DANA, SAM, LEE), now=NOW, user=None):  # type: ignore[no-untyped-def]
    windows = [make_window(app, Kind.THANK_YOU, p) for p in people]
    return compose_drafts(windows, app, PROFILE, SETTINGS, now, user)


# --------------------------------------------------------------------------- default templates


def test_every_kind_has_a_default_template() -> None:
    names = {p.name for p in template_dir().glob("*.txt.j2")}
    assert {f"{k.value}.txt.j2" for k in Kind} <= names


@pytest.mark.parametrize("tone", list(Tone))
@pytest.mark.parametrize("kind", list(Kind))
def test_every_kind_renders_in_both_tones(kind: Kind, tone: Tone) -> None:
    app = make_app(make_round(tone))
    person = None if kind is Kind.DEBRIEF else (SAM if kind is Kind.LINKEDIN_NOTE else DANA)
    window = make_window(app, kind, person, promise_id=5 if kind is Kind.MATERIALS else None)
    (draft,) = compose_drafts(window, app, PROFILE, SETTINGS, NOW)
    assert draft.template_problem is None
    assert "{{" not in draft.body and "{%" not in draft.body
    assert draft.body.endswith("\n") and "\n\n\n" not in draft.body
    if kind is Kind.DEBRIEF:
        assert "Dana Whitfield" in draft.body and "Jo Martin" in draft.body
        assert "the case study on pipeline back-fills (to Dana Whitfield)" in draft.body
        return
    first = draft.body.splitlines()[0]
    if tone is Tone.FORMAL:
        assert first.startswith("Dear Dr. Whitfield," if person is DANA else "Dear Sam Okafor,")
    else:
        assert first.startswith("Hi Dana," if person is DANA else "Hi Sam,")
    if kind.is_email:
        assert draft.subject and "\n" not in draft.subject
        assert draft.to_email == person.email  # type: ignore[union-attr]
        assert "Ada Park" in draft.body and "+1 555 0100 | ada.park@example.org" in draft.body
    else:
        assert len(draft.body.strip()) <= SETTINGS.linkedin_note_max_chars


@pytest.mark.parametrize("tone", list(Tone))
@pytest.mark.parametrize("kind", [k for k in Kind if k is not Kind.DEBRIEF])
def test_default_drafts_pass_every_check(kind: Kind, tone: Tone) -> None:
    app = make_app(make_round(tone))
    person = SAM if kind is Kind.LINKEDIN_NOTE else DANA
    now = AFTER_DECISION if kind in (Kind.CHECK_IN_1, Kind.CHECK_IN_2) else NOW
    window = make_window(app, kind, person, promise_id=5 if kind is Kind.MATERIALS else None)
    (draft,) = compose_drafts(window, app, PROFILE, SETTINGS, now)
    if kind is Kind.MATERIALS:
        draft = dataclasses.replace(draft, attachments=("/tmp/case-study.pdf",))
    failed = [r for r in run_checks(draft, check_context(draft, app, PROFILE, SETTINGS, now))
              if not r.ok]
    assert failed == []


@pytest.mark.parametrize("tone", list(Tone))
def test_a_panel_of_three_gets_three_different_notes(tone: Tone) -> None:
    app = make_app(make_round(tone))
    drafts = _thank_yous(app)
    assert [d.to_email for d in drafts] == [DANA.email, SAM.email, LEE.email]
    for a, b in itertools.combinations(drafts, 2):
        assert similarity(a.body, b.body) < 0.85, (a.to_name, b.to_name)
    # each note carries its own person's talking point, not the others'
    assert "nightly batches" in drafts[0].body and "nightly batches" not in drafts[1].body
    assert "schema registry" in drafts[1].body and "sparse data" in drafts[2].body
    # and the panel check agrees
    for d in drafts:
        ctx = check_context(d, app, PROFILE, SETTINGS, NOW, drafts)
        assert len(ctx.others) == 2
        assert next(r for r in run_checks(d, ctx) if r.id == "panel").ok


def test_a_panel_of_six_stays_under_the_similarity_limit() -> None:
    people = tuple(Person(20 + i, f"Person{i} Example{i}", "", f"p{i}@northwind.example")
                   for i in range(6))
    points = ["the data catalogue", "the move to event sourcing", "hiring for the platform team",
              "their approach to code review", "the quarterly planning process",
              "how incidents are reviewed"]
    parts = tuple(Participant(p, i == 0, (points[i],)) for i, p in enumerate(people))
    app = make_app(make_round(Tone.CASUAL, participants=parts, promises=()), people=people)
    drafts = _thank_yous(app, people)
    for a, b in itertools.combinations(drafts, 2):
        assert similarity(a.body, b.body) < 0.85, (a.to_name, b.to_name)


def test_phrasing_is_deterministic() -> None:
    app = make_app()
    first = _thank_yous(app)
    again = _thank_yous(app)
    assert [d.body for d in first] == [d.body for d in again]
    # each person of the panel gets a phrasing of their own
    openings = [d.body.split("\n")[2].split(" today")[0] for d in first]
    assert len(set(openings)) == len(openings)


@pytest.mark.parametrize("tone", list(Tone))
def test_thank_you_stays_short_with_every_extra(tone: Tone) -> None:
    app = make_app(make_round(tone))
    dana = _thank_yous(app, (DANA,))[0]  # promise + passes thanks to Jo
    core = split_body(dana.body).core
    assert 3 <= sentences(core) <= 5
    assert len(words(core)) < 200


def test_someone_without_email_is_thanked_through_the_main_contact() -> None:
    app = make_app()
    dana, sam, lee = _thank_yous(app)
    assert "Jo Martin" in dana.body
    assert "Jo Martin" not in sam.body and "Jo Martin" not in lee.body


def test_with_no_main_contact_the_first_interviewer_with_email_passes_thanks() -> None:
    iv = make_round()
    parts = (Participant(JO, False, ()),
             *(dataclasses.replace(p, main_contact=False) for p in iv.participants[:3]))
    app = make_app(dataclasses.replace(iv, participants=parts))
    dana, sam = _thank_yous(app, (DANA, SAM))
    assert "Jo Martin" in dana.body and "Jo Martin" not in sam.body


def test_the_promise_is_mentioned_in_the_thank_you_of_its_recipient_only() -> None:
    dana, sam, _ = _thank_yous(make_app())
    assert "the case study on pipeline back-fills" in dana.body
    assert "case study" not in sam.body


def test_a_long_talking_point_is_shortened_to_fit_the_linkedin_limit() -> None:
    long_point = "the " + " ".join(["remarkably detailed migration story"] * 12)
    iv = make_round()
    parts = (iv.participants[0],
             dataclasses.replace(iv.participants[1], talking_points=(long_point,)))
    app = make_app(dataclasses.replace(iv, participants=parts))
    (note,) = compose_drafts(make_window(app, Kind.LINKEDIN_NOTE, SAM), app, PROFILE, SETTINGS,
                             NOW)
    assert len(note.body.strip()) <= SETTINGS.linkedin_note_max_chars
    assert "remarkably detailed migration" in note.body


def test_the_template_context_is_plain_immutable_data() -> None:
    app = make_app()
    ctx = template_context(make_window(app, Kind.THANK_YOU, DANA), app, PROFILE, SETTINGS, NOW)
    assert isinstance(ctx, MappingProxyType)
    allowed = (str, int, bool, type(None), tuple, PersonView, ProfileView, RoundView)

    def walk(value: object) -> None:
        assert isinstance(value, allowed), type(value)
        if isinstance(value, tuple):
            for v in value:
                walk(v)
        elif dataclasses.is_dataclass(value):
            assert type(value).__dataclass_params__.frozen  # type: ignore[attr-defined]
            for f in dataclasses.fields(value):
                walk(getattr(value, f.name))

    for v in ctx.values():
        walk(v)
    with pytest.raises(TypeError):
        ctx["role"] = "x"  # type: ignore[index]


def test_relative_dates_follow_the_profile_zone() -> None:
    app = make_app()
    next_day = dt.datetime(2026, 3, 3, 14, 0, tzinfo=dt.UTC)
    assert "with me today" in _thank_yous(app, (DANA,))[0].body
    assert "with me yesterday" in _thank_yous(app, (DANA,), now=next_day)[0].body


# --------------------------------------------------------------------------- user templates


def _user_dir(tmp_path: Path, **files: str) -> Path:
    folder = tmp_path / "templates"
    folder.mkdir(exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_a_user_template_wins(tmp_path: Path) -> None:
    user = _user_dir(tmp_path, **{"thank-you.txt.j2":
                                  "{% set subject = 'Thanks, ' ~ recipient.first_name %}"
                                  "Hello {{ recipient.first_name }}, from {{ profile.name }}\n"})
    (draft,) = _thank_yous(make_app(), (DANA,), user=user)
    assert draft.template_problem is None
    assert draft.subject == "Thanks, Dana"
    assert draft.body == "Hello Dana, from Ada Park\n"
    # other kinds still come from the defaults
    (checkin,) = compose_drafts(make_window(make_app(), Kind.CHECK_IN_1, DANA), make_app(),
                                PROFILE, SETTINGS, NOW, user)
    assert checkin.body.startswith("Dear Dr. Whitfield,")


def test_a_user_template_added_later_is_picked_up(tmp_path: Path) -> None:
    user = _user_dir(tmp_path)
    before = _thank_yous(make_app(), (DANA,), user=user)[0]
    assert before.body.startswith("Dear Dr. Whitfield,")
    (user / "thank-you.txt.j2").write_text("Mine\n", encoding="utf-8")
    assert _thank_yous(make_app(), (DANA,), user=user)[0].body == "Mine\n"


@pytest.mark.parametrize(("source", "line", "words_in_problem"), [
    ("Hello\n{% set subject = 'x' %}\n{% if recipient %}\nno end\n", 4, "endif"),
    ("Hello\n{{ recipient.first_name }}\n{{ recipient.nickname }}\n", 3, "nickname"),
    ("A\nB\n{{ 1 // 0 }}\n", 3, "division"),
    ("{% macro f() %}{{ f() }}{% endmacro %}\n{{ f() }}\n", 1, ""),
])
def test_a_broken_user_template_falls_back_and_names_the_line(
        tmp_path: Path, source: str, line: int, words_in_problem: str) -> None:
    user = _user_dir(tmp_path, **{"thank-you.txt.j2": source})
    (draft,) = _thank_yous(make_app(), (DANA,), user=user)
    assert draft.body.startswith("Dear Dr. Whitfield,")  # the default
    assert draft.template_problem is not None
    assert draft.template_problem.startswith(f"thank-you.txt.j2, line {line}:"), \
        draft.template_problem
    assert words_in_problem in draft.template_problem.lower()


def test_a_user_file_that_is_not_utf8_falls_back(tmp_path: Path) -> None:
    user = _user_dir(tmp_path)
    (user / "thank-you.txt.j2").write_bytes(b"Hello \xff\xfe\n")
    (draft,) = _thank_yous(make_app(), (DANA,), user=user)
    assert draft.template_problem and "UTF-8" in draft.template_problem
    assert draft.body.startswith("Dear Dr. Whitfield,")


def test_a_broken_user_common_file_does_not_break_the_fallback(tmp_path: Path) -> None:
    user = _user_dir(tmp_path, **{"_common.txt.j2": "{% macro greeting( %}\n"})
    (draft,) = _thank_yous(make_app(), (DANA,), user=user)
    assert draft.template_problem and draft.template_problem.startswith("_common.txt.j2")
    assert draft.body.startswith("Dear Dr. Whitfield,")


def test_a_user_common_file_changes_every_kind(tmp_path: Path) -> None:
    common = (template_dir() / "_common.txt.j2").read_text(encoding="utf-8")
    user = _user_dir(tmp_path, **{"_common.txt.j2": common.replace("Kind regards,",
                                                                   "With warm regards,")})
    (draft,) = _thank_yous(make_app(), (DANA,), user=user)
    assert "\nWith warm regards,\nAda Park" in draft.body and draft.template_problem is None


# --------------------------------------------------------------------------- the sandbox

ESCAPES = [
    "{{ ''.__class__ }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ recipient.__class__.__init__.__globals__ }}",
    "{{ cycler.__init__.__globals__.os }}",
    "{{ joiner.__init__.__globals__ }}",
    "{{ namespace.__init__.__globals__ }}",
    "{{ lipsum.__globals__['os'].popen('id').read() }}",
    "{{ '{0.__class__}'.format(recipient) }}",
    "{{ '{0}'.format(1) }}",
    "{{ ''.__class__.mro() }}",
    "{{ recipient.mro() }}",
    "{{ self.__init__.__globals__ }}",
    "{{ self._TemplateReference__context }}",
    "{{ range.__self__ }}",
    "{{ dict.__base__.__subclasses__() }}",
    "{{ recipient.__setattr__('name', 'x') }}",
    "{% set recipient.name = 'x' %}",
    "{{ promises.append('x') }}",
    "{{ (dict(a=1)).update(b=2) }}",
    "{{ (dict(a=1)).clear() }}",
    "{{ ''.join.__self__.__class__ }}",
    "{{ '%s' % recipient }}",
    "{{ config }}",
    "{{ request }}",
    "{{ recipient|attr('__class__') }}",
    "{{ (recipient|attr('__class__')).__base__ }}",
]


@pytest.mark.parametrize("source", ESCAPES)
def test_sandbox_escapes_are_refused(source: str) -> None:
    app = make_app()
    ctx = template_context(make_window(app, Kind.THANK_YOU, DANA), app, PROFILE, SETTINGS, NOW)
    with pytest.raises((SecurityError, UndefinedError, TemplateRuntimeError)):
        render_source(source, ctx)


@pytest.mark.parametrize("source", ESCAPES[:6])
def test_a_sandbox_escape_in_a_user_template_falls_back(tmp_path: Path, source: str) -> None:
    user = _user_dir(tmp_path, **{"thank-you.txt.j2": "line one\n" + source + "\n"})
    (draft,) = _thank_yous(make_app(), (DANA,), user=user)
    assert draft.template_problem and draft.template_problem.startswith(
        "thank-you.txt.j2, line 2:")
    assert draft.body.startswith("Dear Dr. Whitfield,")


ABUSES = [
    "{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}",
    "{% for a in range(99999) %}{{ a }}{% endfor %}",
    "{{ 'x' * 1000000000 }}",
    "{{ ['x'] * 1000000000 }}",
    "{{ 'x'.ljust(1000000000) }}",
    "{{ 'x'|center(1000000000) }}",
    "{{ 2 ** 100000000 }}",
    "{% set n = 99999 %}{{ n ** n }}",
    "{% set ns = namespace(s='ab') %}{% for i in range(80) %}{% set ns.s = ns.s ~ ns.s %}"
    "{% endfor %}",
    "{% macro d(s) %}{{ d(s ~ s) }}{% endmacro %}{{ d('ab') }}",
    "{{ range(99999)|list|join(',') }}",
    "{% set ns = namespace(x='abcd') %}{% for i in range(40) %}"
    "{% set ns.x = ns.x.replace('a', 'aaaa') %}{% endfor %}{{ ns.x|length }}",
]


@pytest.mark.parametrize("source", ABUSES)
def test_render_time_and_size_are_bounded(source: str) -> None:
    app = make_app()
    ctx = template_context(make_window(app, Kind.THANK_YOU, DANA), app, PROFILE, SETTINGS, NOW)
    began = time.monotonic()
    with pytest.raises((RenderLimitError, SecurityError, OverflowError)):
        render_source(source, ctx)
    assert time.monotonic() - began < 2.0


def test_normal_template_features_still_work() -> None:
    source = ("{% set ns = namespace(n=0) %}{% for p in interview.interviewers %}"
              "{% set ns.n = ns.n + 1 %}{{ p.first_name|upper }}{{ ', ' if not loop.last }}"
              "{% endfor %} ({{ ns.n }}) {{ role|lower }} {{ 'ab' * 2 }} {{ 2 ** 10 }}"
              "{% set subject %}S {{ company }}{% endset %}")
    app = make_app()
    ctx = template_context(make_window(app, Kind.THANK_YOU, DANA), app, PROFILE, SETTINGS, NOW)
    out = render_source(source, ctx)
    assert out.body == "DANA, SAM, LEE, JO (4) data engineer abab 1024\n"
    assert out.subject == "S Northwind Analytics"
