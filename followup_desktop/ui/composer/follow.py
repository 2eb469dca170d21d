"""Drafts that follow their inputs, and the banner asking for the user's name.

A draft the user has not edited is made again the moment anything it is built from
changes (the round, its people, salutations, talking points, promises, the profile, a
setting, a template, the day); an edited one is kept, with a line saying what changed since
(:mod:`followup_desktop.compose.basis`). While the profile has no name, one banner says
"Add your name to sign your notes", with a button to the profile.

:class:`FollowInputs` is a part of :class:`~followup_desktop.ui.composer.pane.ComposerPane`.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QHBoxLayout, QLabel

from followup_desktop.compose import Draft, DraftError
from followup_desktop.drafting import DraftView, draft_views, remember_basis
from followup_desktop.records import FollowupWindow
from followup_desktop.store import StoreError
from followup_desktop.ui.composer.common import bold

if TYPE_CHECKING:  # what the type checker sees the mixin as: a part of the pane
    from followup_desktop.ui.composer.pane import ComposerPane as _PaneBase
else:
    _PaneBase = object

NAME_BANNER = "Add your name to sign your notes"


class FollowInputs(_PaneBase):
    """The pane's following of its inputs (see the module docstring)."""

    def _build_name_banner(self) -> None:
        """While the profile has no name: one clear line, and a button to add it."""
        from PySide6.QtWidgets import QFrame, QPushButton

        box = QFrame(self)
        box.setObjectName("nameBanner")
        box.setFrameShape(QFrame.Shape.StyledPanel)
        box.setAutoFillBackground(True)
        box.setBackgroundRole(QPalette.ColorRole.AlternateBase)
        row = QHBoxLayout(box)
        row.setContentsMargins(8, 4, 4, 4)
        self.name_banner_label = QLabel(NAME_BANNER, box)
        self.name_banner_label.setWordWrap(True)
        bold(self.name_banner_label)
        self.name_button = QPushButton("Add &your name\u2026", box)
        self.name_button.setAccessibleName("Add your name to your profile")
        self.name_button.clicked.connect(self.add_your_name)
        row.addWidget(self.name_banner_label, 1)
        row.addWidget(self.name_button)
        self.name_banner = box
        box.hide()

    def _update_name_banner(self) -> None:
        showing = self.pages.currentIndex() == self.PAGE_DRAFTS and bool(self.editors)
        self.name_banner.setVisible(showing and not self.ctx.profile().name.strip())

    def add_your_name(self) -> bool:
        """The profile, with the name field ready; the drafts are signed once it is saved."""
        from followup_desktop.ui.dialogs.settings import SettingsDialog

        dlg = SettingsDialog(self.ctx, self)
        dlg.tabs.setCurrentIndex(0)
        dlg.name.setFocus()
        if not dlg.exec():
            return False
        self.changed.emit()  # the window re-reads; the unedited drafts are made again
        self.follow_inputs()
        return True

    def follow_inputs(self) -> None:
        """Drafts follow what they are made from: a draft the user has not edited is made
        again from today's round, people, talking points, promises, profile, settings,
        template and day; an edited one is kept, with a line saying what changed since."""
        if self.pages.currentIndex() != self.PAGE_DRAFTS or not self.editors:
            self._update_name_banner()
            return
        now = self.ctx.now()
        views: dict[str, list[DraftView]] = {}
        problem = None
        changed = False
        for ed in self.editors:
            if ed.dirty:
                continue  # being typed: an edit in progress, saved soon
            try:
                if ed.key not in views:
                    views[ed.key] = draft_views(self.ctx, ed.followup, now)
            except (StoreError, DraftError, OSError):
                continue
            view = next((v for v in views[ed.key] if v.draft.person_id == ed.draft.person_id),
                        None)
            if view is None:
                continue
            problem = problem or view.fresh.template_problem
            if view.edited:
                ed.set_change_line(view.change_line)
                continue
            ed.set_change_line("")
            current = ed.current_draft()
            if (current.subject, current.body) != (view.fresh.subject, view.fresh.body):
                ed.load(view.fresh, saved=False)
                changed = True
            ed.from_template = True
            ed.basis = view.basis
        self._show_problem(problem)
        if changed:
            self._context_changed()
        self._update_save_label()
        self._update_name_banner()

    def _save_draft(self, window: FollowupWindow, d: Draft) -> dt.datetime:
        """An editor's autosave (:attr:`EditorHooks.save`): the draft to the store, with
        what it was made from the first time (so a line can say what changed since)."""
        ed = next((e for e in self.editors
                   if e.key == window.key and e.draft.person_id == d.person_id), None)
        with self.ctx.store.write():
            if ed is not None and ed.basis:
                remember_basis(self.ctx, window, d.person_id, ed.basis)
            self.ctx.store.save_draft(window.application_id, window.key, d.person_id,
                                      subject=d.subject, body=d.body,
                                      attachments=d.attachments)
        return self.ctx.now()  # type: ignore[no-any-return]
