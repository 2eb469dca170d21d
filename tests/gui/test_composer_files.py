"""Export to calendar (.ics) and the template editor (the user's copy wins in compose)."""

from __future__ import annotations

from pathlib import Path

import pytest
import vobject
from PySide6.QtWidgets import QFileDialog

from followup_desktop.compose.render import TEMPLATE_SUFFIX
from followup_desktop.context import AppContext
from followup_desktop.drafting import drafts_for
from followup_desktop.records import Kind
from followup_desktop.ui.calendar_export import export_calendar
from followup_desktop.ui.template_editor import TemplateEditor, user_template_path
from tests.helpers import composer as support_composer
from tests.helpers.composer import (
    OFFSCREEN_NOISE,
    make_pane,
    northwind,
)

demo_ctx = support_composer.demo_ctx  # fixture
pytestmark = OFFSCREEN_NOISE


class Recorder:
    def __init__(self, replace: bool = True) -> None:
        self.replace = replace
        self.asked: list[Path] = []
        self.told: list[str] = []

    def confirm(self, _parent: object, path: Path) -> bool:
        self.asked.append(path)
        return self.replace

    def inform(self, _parent: object, _title: str, text: str) -> None:
        self.told.append(text)


def test_calendar_export_writes_an_ics_and_asks_before_replacing(
        qtbot, demo_ctx: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "plan"  # no suffix: .ics is added
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *_a, **_k: (str(target), "")))
    rec = Recorder()
    path = export_calendar(None, demo_ctx, confirm_replace=rec.confirm, inform=rec.inform,
                           warn=rec.inform)
    assert path == tmp_path / "plan.ics"
    assert rec.asked == []
    cal = vobject.readOne(path.read_text(encoding="utf-8"), validate=True)
    events = cal.contents["vevent"]
    assert len(events) == len({w.key for w in demo_ctx.agenda()})
    assert all("valarm" in e.contents for e in events)
    assert "plan.ics" in rec.told[0]

    # again: the file exists; refusing keeps it untouched
    before = path.read_bytes()
    path.write_bytes(b"keep me")
    no = Recorder(replace=False)
    assert export_calendar(None, demo_ctx, confirm_replace=no.confirm, inform=no.inform,
                           warn=no.inform) is None
    assert no.asked == [path]
    assert path.read_bytes() == b"keep me"
    yes = Recorder(replace=True)
    assert export_calendar(None, demo_ctx, confirm_replace=yes.confirm, inform=yes.inform,
                           warn=yes.inform) == path
    assert path.read_bytes() == before


def test_calendar_export_cancelled_writes_nothing(qtbot, demo_ctx: AppContext,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *_a, **_k: ("", "")))
    rec = Recorder()
    assert export_calendar(None, demo_ctx, confirm_replace=rec.confirm, inform=rec.inform,
                           warn=rec.inform) is None
    assert rec.told == []


def test_template_editor_saves_a_copy_that_wins_and_reset_removes_it(
        qtbot, demo_ctx: AppContext) -> None:
    w = northwind(demo_ctx)
    dlg = TemplateEditor(demo_ctx, Kind.THANK_YOU, window=w, preview_delay_ms=10)
    qtbot.addWidget(dlg)
    assert dlg.reset_button.isEnabled() is False
    assert "Whitfield" in dlg.preview.toPlainText()  # the preview is this recipient's note
    source = ("{% set subject %}Thanks, {{ recipient.first_name }} — {{ role }}{% endset %}"
              "Dear {{ recipient.formal_name }},\n\nMY OWN WORDS about "
              "{{ recipient.talking_points[0] }}.\n\n{{ profile.name }}\n")
    dlg.editor.setPlainText(source)
    qtbot.waitUntil(lambda: "MY OWN WORDS" in dlg.preview.toPlainText())
    assert dlg.preview_subject.text() == "Subject: Thanks, Dana — Data Engineer"
    assert dlg.save()
    path = user_template_path(demo_ctx, Kind.THANK_YOU)
    assert path.name == f"thank-you{TEMPLATE_SUFFIX}" and path.read_text() == source
    assert dlg.changed_templates
    draft = drafts_for(demo_ctx, w)[0]
    assert "MY OWN WORDS" in draft.body and draft.subject.startswith("Thanks, Dana")

    dlg.confirm = lambda *_a: True
    assert dlg.reset_to_default()
    assert not path.exists()
    assert "MY OWN WORDS" not in drafts_for(demo_ctx, w)[0].body
    assert "MY OWN WORDS" not in dlg.editor.toPlainText()


def test_template_editor_shows_the_line_at_fault(qtbot, demo_ctx: AppContext) -> None:
    dlg = TemplateEditor(demo_ctx, Kind.THANK_YOU, window=northwind(demo_ctx),
                         preview_delay_ms=10)
    qtbot.addWidget(dlg)
    dlg.editor.setPlainText("Dear {{ recipient.name }},\n\nfine line\n{{ nosuchthing.x }}\n")
    qtbot.waitUntil(lambda: dlg.fault is not None)
    assert dlg.fault[0] == 4
    assert dlg.status.text().startswith("Line 4:")
    assert "nosuchthing" in dlg.status.text()
    assert dlg.editor.extraSelections()[0].cursor.blockNumber() == 3
    dlg.editor.setPlainText("ok\n{% if %}\n")
    qtbot.waitUntil(lambda: dlg.fault is not None and dlg.fault[0] == 2)
    # saving a broken template asks first; refusing writes nothing
    dlg.confirm = lambda *_a: False
    assert not dlg.save()
    assert not user_template_path(demo_ctx, Kind.THANK_YOU).exists()


def test_composer_shows_a_broken_user_template_and_uses_the_default(
        qtbot, demo_ctx: AppContext) -> None:
    path = user_template_path(demo_ctx, Kind.THANK_YOU)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("Hello\n{% for %}\n", encoding="utf-8")
    pane = make_pane(qtbot, demo_ctx, northwind(demo_ctx))
    assert pane.banner.isVisible()
    assert "line 2" in pane.banner.text()
    assert "Whitfield" in pane.current_editor().body.toPlainText()  # type: ignore[union-attr]
