"""The composer pane's checks: run for the draft on screen (after a short pause while
typing), shown in the list beside it, and what they block. :class:`PaneChecks` is a part of
:class:`~followup_desktop.ui.composer.pane.ComposerPane`."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from followup_desktop.compose import CheckResult, blocking_problems, check_context, run_checks
from followup_desktop.compose.checks import _known_words
from followup_desktop.humanize import escape_markup
from followup_desktop.store import StoreError
from followup_desktop.ui import colours
from followup_desktop.ui.composer.check_list import CheckList

if TYPE_CHECKING:  # what the type checker sees the mixin as: a part of the pane
    from followup_desktop.ui.composer.pane import ComposerPane as _PaneBase
else:
    _PaneBase = object


class PaneChecks(_PaneBase):
    """The checks of the pane's current draft (see the module docstring)."""


    def user_words(self) -> frozenset[str]:
        rev = self.ctx.store.revision
        if self._words[0] != rev:
            try:
                words = frozenset(w.lower() for w in self.ctx.store.words())
            except StoreError:
                words = self._words[1]
            self._words = (rev, words)
        return self._words[1]

    def _context_changed(self) -> None:
        """The records or the user's words changed: new known words, checks again."""
        app = self.current_app
        if app is None:
            return
        profile, settings, now = self.ctx.profile(), self.ctx.settings(), self.ctx.now()
        words = self.user_words()
        for ed in self.editors:
            d = ed.current_draft()
            cctx = check_context(d, app, profile, settings, now, (), words)
            ed.highlighter.set_extra_words(_known_words(d, cctx))
        self.run_checks_now()

    def schedule_check(self) -> None:
        self.check_timer.start()

    def run_checks_now(self) -> list[CheckResult]:
        """Run the draft checks for the current recipient and show them."""
        self.check_timer.stop()
        ed = self.current_editor()
        app = self.current_app
        if ed is None or app is None:
            return []
        started = time.perf_counter()
        drafts = [e.current_draft() for e in self.editors]
        draft = drafts[self.editors.index(ed)]
        cctx = check_context(draft, app, self.ctx.profile(), self.ctx.settings(),
                             self.ctx.now(), drafts, self.user_words())
        ed.results = run_checks(draft, cctx)
        voice = next((r for r in ed.results if r.id == "voice"), None)
        ed.highlighter.set_marks([(a, b) for a, b, _w in voice.spans]
                                 if voice is not None and not voice.ok else [])
        self.last_check_ms = (time.perf_counter() - started) * 1000
        self.checks.show_results(ed.results)
        failing = [r for r in ed.results if not r.ok and CheckList.applies(r)]
        self.checks_title.setText("Checks \u00b7 all good" if not failing else
                                  f"Checks \u00b7 {len(failing)} to look at")
        self._update_actions()
        return ed.results

    def results(self) -> dict[str, CheckResult]:
        ed = self.current_editor()
        return {r.id: r for r in ed.results} if ed is not None else {}

    def blocked_reason(self) -> str | None:
        ed = self.current_editor()
        if ed is None:
            return None
        problems = blocking_problems(ed.results)
        return problems[0].reason if problems else None

    def _update_actions(self) -> None:
        ed = self.current_editor()
        reason = self.blocked_reason()
        self.actions_row.update_for(ed.followup.kind if ed is not None else None,
                                    ed.draft if ed is not None else None, reason)
        self.actions_row.set_panel(len(self.editors) if ed is not None and
                                   ed.followup.kind.is_email else 0)
        if reason:
            colour = colours.warning(self.palette()).name()
            self.block_label.setText(f"<span style='color:{colour}'>Export waits: "
                                     f"{escape_markup(reason)}</span>")
        else:
            self.block_label.setText("")
        self._update_save_label()
        self._retab()

    def _update_save_label(self) -> None:
        ed = self.current_editor()
        self.save_label.setText(ed.save_state_text(self.ctx.tz()) if ed is not None else "")
