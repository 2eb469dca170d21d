"""The composer pane: it shows a follow-up's drafts (or the empty page, or a debrief),
runs the checks, autosaves, and tells the user what happened. See the package docstring."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QApplication,
    QWidget,
)

from followup_desktop.compose import (
    Draft,
    DraftError,
    compose_drafts,
)
from followup_desktop.drafting import draft_views
from followup_desktop.humanize import escape_markup
from followup_desktop.records import Application, FollowupWindow, Kind
from followup_desktop.schedule.agenda import windows_of
from followup_desktop.store import StoreError
from followup_desktop.ui import colours
from followup_desktop.ui.ask import ask
from followup_desktop.ui.composer.actions import DraftActions
from followup_desktop.ui.composer.checking import PaneChecks
from followup_desktop.ui.composer.common import errors_in_words, header_when, warm_up_spelling
from followup_desktop.ui.composer.draft_editor import DraftEditor, EditorHooks
from followup_desktop.ui.composer.follow import FollowInputs
from followup_desktop.ui.composer.keys import ComposerKeys
from followup_desktop.ui.composer.layout import PaneLayout
from followup_desktop.ui.composer.mail_app import MailOpener
from followup_desktop.ui.composer.pages import (
    EMPTY_TEXT,
)

CHECK_DELAY_MS = 150
AUTOSAVE_MS = 1500

_PLURAL = {
    Kind.THANK_YOU: "Thank-you notes",
    Kind.LINKEDIN_NOTE: "LinkedIn notes",
    Kind.MATERIALS: "Promised materials",
}


class ComposerPane(DraftActions, ComposerKeys, FollowInputs, PaneChecks, PaneLayout, QWidget):
    """See the package docstring (:mod:`followup_desktop.ui.composer`)."""

    changed = Signal()
    saved = Signal()
    PAGE_EMPTY, PAGE_DRAFTS, PAGE_DEBRIEF = range(3)

    def __init__(self, ctx: Any, parent: QWidget | None = None, *,
                 check_delay_ms: int = CHECK_DELAY_MS, autosave_ms: int = AUTOSAVE_MS) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.current_window: FollowupWindow | None = None
        self.current_app: Application | None = None
        self.editors: list[DraftEditor] = []
        #: drafts the store refused to save when the pane moved on, by (key, person id):
        #: (application id, the text, why) -- shown again, and saved again, from here
        self._unsaved: dict[tuple[str, int | None], tuple[int, Draft, str]] = {}
        self.last_check_ms = 0.0
        self._autosave_ms = autosave_ms
        self._words: tuple[int, frozenset[str]] = (-1, frozenset())
        self._keep_notice = False
        self._undo: Callable[[], None] | None = None
        self._reopen: FollowupWindow | None = None
        #: ``confirm(title, text) -> bool``; tests replace it
        self.confirm: Callable[[str, str], bool] = lambda title, text: ask(self, title, text)
        #: hands a mailto: link to the mail app and says whether it opened (tests replace it)
        self.mail_opener = MailOpener(self)
        self._hooks = EditorHooks(
            save=self._save_draft,
            note_limit=lambda: int(self.ctx.settings().linkedin_note_max_chars),
            add_word=self.add_word, recheck=self.schedule_check, open_profile=self.open_profile,
            reset=lambda: self.reset_to_template())
        self.setAccessibleName("Composer")
        self.setObjectName("composerPane")

        self._build_header()
        self._build_pages()
        self._build_status_line()
        self._build_actions_row()
        self._lay_out()
        self.check_timer = QTimer(self)
        self.check_timer.setSingleShot(True)
        self.check_timer.setInterval(check_delay_ms)
        self.check_timer.timeout.connect(self.run_checks_now)
        self._build_shortcuts()

        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)
            app.aboutToQuit.connect(self.flush)
        warm_up_spelling()
        self.set_followup(None, None)

    # -- what is shown ----------------------------------------------------------------------

    def current_editor(self) -> DraftEditor | None:
        i = self.tabs.currentIndex()
        return self.editors[i] if 0 <= i < len(self.editors) else None

    def set_followup(self, window: FollowupWindow | None, app: Application | None) -> None:
        keep = self._keep_notice
        self._keep_notice = False
        if window is not None and self.editors:
            keys = [e.key for e in self.editors]
            if window.key in keys:  # the same group: refresh in place, keep the editing
                i = keys.index(window.key)
                self.editors[i].followup = window
                self.current_window = window
                if app is not None and app != self.current_app:
                    self.current_app = app
                    self._context_changed()
                if self.tabs.currentIndex() != i:
                    self.tabs.setCurrentIndex(i)
                self.follow_inputs()
                self._update_header()
                return
        if (window is not None and self.current_window is not None
                and window.key == self.current_window.key
                and self.pages.currentIndex() == self.PAGE_DEBRIEF):
            self.current_window, self.current_app = window, app or self.current_app
            self._update_header()
            return
        if not self.flush():
            for ed in self.editors:  # refused: the text goes with the pane, not away
                if ed.dirty and ed.save_error:
                    d = ed.current_draft()
                    self._unsaved[(ed.key, d.person_id)] = (ed.followup.application_id, d,
                                                            ed.save_error)
        if not keep:
            self._set_notice("")
        self._clear_editors()
        self.current_window = window
        self.current_app = app
        if window is None:
            self._show_empty(app)
            return
        if app is None or app.id != window.application_id:
            app = self.ctx.application(window.application_id)
            self.current_app = app
        if app is None:
            self._show_empty(None)
            return
        if window.kind is Kind.DEBRIEF:
            self._show_debrief(window, app)
        else:
            self._show_drafts(window, app)

    def _show_empty(self, app: Application | None, text: str | None = None) -> None:
        self.pages.setCurrentIndex(self.PAGE_EMPTY)
        self.title.setText("")
        self.title.hide()
        self.subtitle.setText(f"{app.company} \u2014 {app.role}" if app is not None else "")
        self.subtitle.setVisible(app is not None)
        if text is None:
            text = (f"Nothing is waiting to be written for {app.company} right now.\n"
                    f"{EMPTY_TEXT} to write it." if app is not None else EMPTY_TEXT)
        self.empty_label.setText(text)
        self.banner.hide()
        self.name_banner.hide()
        self.block_label.setText("")
        self.save_label.setText("")
        self.actions_row.hide()

    def _siblings(self, window: FollowupWindow) -> list[FollowupWindow]:
        """The windows written together with ``window``: same kind, application and round
        (a panel's thank-you notes), ordered as the round lists the people."""
        same = [w for w in windows_of(self.ctx.agenda(), window.application_id)
                if w.kind is window.kind and w.interview_id == window.interview_id]
        if all(w.key != window.key for w in same):
            same.append(window)
        app = self.current_app
        order: dict[int | None, int] = {}
        if app is not None:
            for iv in app.interviews:
                if iv.id == window.interview_id:
                    order = {p.person.id: i for i, p in enumerate(iv.participants)}
        return sorted(same, key=lambda w: (order.get(w.person_id, 99), w.key))

    def _show_drafts(self, window: FollowupWindow, app: Application) -> None:
        group = self._siblings(window)
        now = self.ctx.now()
        problem = None
        try:
            for w in group:
                for view in draft_views(self.ctx, w, now):
                    d = view.draft
                    saved = self.ctx.store.load_draft(w.key, d.person_id) is not None
                    kept = self._unsaved.pop((w.key, d.person_id), None)
                    ed = self._add_editor(w, kept[1] if kept else d, saved,
                                          from_template=view.from_template and not kept)
                    ed.basis = view.basis
                    ed.set_change_line(view.change_line)
                    if kept:  # still not saved: the next save tries again
                        ed.dirty, ed.save_error = True, kept[2]
                    problem = problem or d.template_problem
        except (StoreError, DraftError, OSError) as exc:
            self._show_empty(app, f"This follow-up cannot be drafted: {errors_in_words(exc)}")
            return
        if not self.editors:
            self._show_empty(app)
            return
        self.pages.setCurrentIndex(self.PAGE_DRAFTS)
        self.actions_row.show()
        self.tabs.tabBar().setVisible(len(self.editors) > 1)
        keys = [e.key for e in self.editors]
        index = keys.index(window.key) if window.key in keys else 0
        self.tabs.setCurrentIndex(index)
        self.current_window = self.editors[index].followup
        self._show_problem(problem)
        self._context_changed()
        self._update_header()
        self._update_actions()
        self._update_name_banner()

    def _add_editor(self, w: FollowupWindow, d: Draft, saved: bool, *,
                    from_template: bool | None = None) -> DraftEditor:
        ed = DraftEditor(w, d, saved, self._autosave_ms, app=self.current_app,
                         hooks=self._hooks, parent=self, from_template=from_template)
        ed.saved.connect(self.saved)
        ed.edited.connect(self.schedule_check)
        ed.save_state_changed.connect(self._update_save_label)
        self.editors.append(ed)
        self.tabs.addTab(ed, d.to_name or "Recipient")
        self.tabs.setTabToolTip(self.tabs.count() - 1, d.to_email or d.to_name)
        return ed

    def _clear_editors(self) -> None:
        self.check_timer.stop()
        self.editors = []
        while self.tabs.count():
            w = self.tabs.widget(0)
            self.tabs.removeTab(0)
            if w is not None:
                w.hide()
                w.deleteLater()
        self.checks.show_results([])

    def _show_debrief(self, window: FollowupWindow, app: Application) -> None:
        self.pages.setCurrentIndex(self.PAGE_DEBRIEF)
        self.actions_row.hide()
        self.block_label.setText("")
        self.save_label.setText("")
        self.banner.hide()
        self.name_banner.hide()
        try:
            drafts = compose_drafts(window, app, self.ctx.profile(), self.ctx.settings(),
                                    self.ctx.now(), user_templates=self.ctx.paths.templates)
            text = drafts[0].body if drafts else ""
            self._show_problem(drafts[0].template_problem if drafts else None)
        except (DraftError, OSError) as exc:
            text = f"The debrief guide cannot be shown: {errors_in_words(exc)}"
        self.debrief_text.setPlainText(text)
        self.debrief_button.setEnabled(window.interview_id is not None)
        self._update_header()

    def _show_problem(self, problem: str | None) -> None:
        if not problem:
            self.banner.hide()
            return
        colour = colours.warning(self.palette()).name()
        self.banner.setText(
            f"<span style='color:{colour}'>Your template has a mistake ("
            f"{escape_markup(problem)}); the default template was used.</span> "
            "<a href='edit'>Edit template\u2026</a>")
        self.banner.show()

    def _update_header(self) -> None:
        w = self.current_window
        if w is None:
            return
        now = self.ctx.now()
        n = len(self.editors)
        if w.kind is Kind.DEBRIEF:
            title = "Debrief"
        elif n > 1:
            title = f"{_PLURAL.get(w.kind, w.kind.label)} \u00b7 {n} recipients"
        else:
            title = f"{w.kind.label} to {w.recipient}" if w.recipient else w.kind.label
        self.title.setText(title)
        self.title.show()
        when = header_when(w, now, self.ctx.tz())
        self.subtitle.setText(f"{w.company} \u2014 {w.role}  \u00b7  {when}")
        self.subtitle.show()

    def _tab_changed(self, index: int) -> None:
        for i, ed in enumerate(self.editors):
            if i != index:
                ed.save_now()
        if 0 <= index < len(self.editors):
            self.current_window = self.editors[index].followup
            self._update_header()
            self.run_checks_now()
            self._update_save_label()

    # -- saving -----------------------------------------------------------------------------

    def flush(self) -> bool:
        """Save every edited draft now, and those kept after a refused save; ``False`` if
        one could not be saved."""
        ok = True
        for ed in self.editors:
            ok = ed.save_now() and ok
        for (key, person_id), (app_id, d, _why) in list(self._unsaved.items()):
            try:
                self.ctx.store.save_draft(app_id, key, person_id, subject=d.subject,
                                          body=d.body, attachments=d.attachments)
            except (StoreError, OSError) as exc:
                self._unsaved[(key, person_id)] = (app_id, d, errors_in_words(exc))
                ok = False
            else:
                del self._unsaved[(key, person_id)]
        return ok

    def shutdown(self) -> bool:
        """Save what is pending and stop the timers: call before the store closes (the main
        window's closeEvent). ``False`` if a draft could not be saved."""
        ok = self.flush()
        self.check_timer.stop()
        for ed in self.editors:
            ed.autosave_timer.stop()
        own_runner = self.__dict__.get("mail_runner")  # Put in Drafts with no window's
        if own_runner is not None:
            own_runner.stop()
        return ok

    def _focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        if old is None:
            return
        for ed in self.editors:
            if ed.isAncestorOf(old) and (new is None or not ed.isAncestorOf(new)):
                ed.save_now()

    def hideEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        self.flush()
        super().hideEvent(event)

    def add_word(self, word: str) -> None:
        try:
            self.ctx.store.add_word(word)
        except StoreError as exc:
            self._set_notice(f"The word was not added: {errors_in_words(exc)}", error=True)
            return
        self._set_notice(f"Added \u201c{escape_markup(word)}\u201d to your dictionary.")
        for ed in self.editors:
            ed.highlighter.set_extra_words(ed.highlighter.extra_words | {word})

    # -- actions ----------------------------------------------------------------------------

    def _set_notice(self, text: str, *, error: bool = False,
                    undo: Callable[[], None] | None = None, link: str = "",
                    reopen: FollowupWindow | None = None) -> None:
        self._undo = undo
        self._reopen = reopen
        if not text:
            self.notice.setText("")
            self.notice.hide()
            return
        if error:
            colour = colours.warning(self.palette()).name()
            text = f"<span style='color:{colour}'>{text}</span>"
        if undo is not None:
            text += " &nbsp;<a href='undo'>Undo</a>"
        if link:
            text += f" &nbsp;{link}"
        self.notice.setText(text)
        self.notice.show()

    def _notice_link(self, href: str) -> None:
        if href == "undo" and self._undo is not None:
            undo, self._undo = self._undo, None
            try:
                undo()
            except (StoreError, OSError) as exc:
                self._set_notice(f"Could not undo: {errors_in_words(exc)}", error=True)
                return
            reopen = self._reopen
            self._keep_notice = True
            self._set_notice("Undone.")
            self.changed.emit()
            if reopen is not None:
                self._keep_notice = True
                self.set_followup(reopen, self.ctx.application(reopen.application_id))
            self._keep_notice = False
        elif href == "copy":
            self.copy(False)
        elif href == "export":
            self.export_eml()
        elif href.startswith("file:"):
            from PySide6.QtCore import QUrl  # on use (its type and enums)

            QDesktopServices.openUrl(QUrl(href))

    def _error(self, what: str, exc: BaseException) -> None:
        self._set_notice(f"{escape_markup(what)}: {escape_markup(errors_in_words(exc))}",
                         error=True)
