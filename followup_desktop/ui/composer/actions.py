"""What the composer's buttons do with the draft shown: export it as .eml, open it in the
mail app, copy it, mark it sent or skip it (with Undo), reset it to the template, edit the
template; and for a debrief, open the dialog or mark it done.

:class:`DraftActions` is a part of :class:`~followup_desktop.ui.composer.pane.ComposerPane`
(a mixin): these act on the pane's current editor and speak through its notice line.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QFileDialog, QTabWidget, QWidget

from followup_desktop.compose import Draft, DraftError, compose_drafts
from followup_desktop.humanize import escape_markup
from followup_desktop.records import Application, Kind, Window
from followup_desktop.services import drafts as drafts_service
from followup_desktop.services.drafts import EXPORT_DIR_KEY
from followup_desktop.store import StoreError
from followup_desktop.ui.composer.common import default_export_dir

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance

    from followup_desktop.compose import CheckResult
    from followup_desktop.ui.composer.draft_editor import DraftEditor


if TYPE_CHECKING:  # what the type checker sees the mixin as: a part of the pane, a QWidget
    _PaneBase = QWidget
else:
    _PaneBase = object


class DraftActions(_PaneBase):
    """The pane's actions on its current draft (see the module docstring)."""

    # what they use of the pane
    ctx: Any
    current_window: Window | None
    current_app: Application | None
    editors: list[DraftEditor]
    tabs: QTabWidget
    changed: SignalInstance
    confirm: Callable[[str, str], bool]
    _keep_notice: bool

    if TYPE_CHECKING:
        def current_editor(self) -> DraftEditor | None: ...
        def run_checks_now(self) -> list[CheckResult]: ...
        def blocked_reason(self) -> str | None: ...
        def set_followup(self, window: Window | None, app: Application | None) -> None: ...
        def _set_notice(self, text: str, *, error: bool = False,
                        undo: Callable[[], None] | None = None, link: str = "",
                        reopen: Window | None = None) -> None: ...
        def _show_empty(self, app: Application | None, text: str | None = None) -> None: ...
        def _show_problem(self, problem: str | None) -> None: ...
        def _tab_changed(self, index: int) -> None: ...
        def _error(self, what: str, exc: BaseException) -> None: ...

    def _now_draft(self) -> tuple[DraftEditor, Draft] | None:
        ed = self.current_editor()
        if ed is None:
            return None
        return ed, ed.current_draft()

    def export_eml(self) -> Path | None:
        """Ask for a folder and write the current draft there as an ``.eml``."""
        got = self._now_draft()
        if got is None or not got[0].followup.kind.is_email:
            return None
        ed, draft = got
        self.run_checks_now()
        reason = self.blocked_reason()
        if reason:
            self._set_notice(f"Not exported yet: {escape_markup(reason)}", error=True)
            return None
        ed.save_now()
        try:
            start = self.ctx.store.get_value(EXPORT_DIR_KEY, "") or str(default_export_dir())
        except StoreError:
            start = str(default_export_dir())
        if not Path(start).is_dir():
            start = str(default_export_dir())
        folder = QFileDialog.getExistingDirectory(self, "Export the draft to a folder", start)
        if not folder:
            return None
        try:
            done = drafts_service.export_drafts(self.ctx, [(ed.followup, draft)], folder)
        except (DraftError, OSError) as exc:
            self._error("Not exported", exc)
            return None
        path = done.paths[0]
        if done.state_error is not None:
            self._error(f"Exported {path.name}, but its state was not saved", done.state_error)
            return path
        self._keep_notice = True
        folder_url = QUrl.fromLocalFile(str(path.parent)).toString()
        self._set_notice(
            f"Saved <b>{escape_markup(path.name)}</b>. Open it in your mail app to send it.",
            link=f"<a href='{escape_markup(folder_url)}'>Show folder</a>")
        self.changed.emit()
        return path

    # -- the mail account's Drafts folder -----------------------------------------------------

    def _mail_runner(self) -> Any:
        """The window's mail worker (Settings › Mail account), else one of our own."""
        holder: Any = self
        while holder is not None and getattr(holder, "mail_runner", None) is None:
            holder = holder.parent() if hasattr(holder, "parent") else None
        runner = holder.mail_runner if holder is not None else None
        if runner is None:
            from followup_desktop.ui.mail_sync import MailRunner

            runner = MailRunner(self.ctx, parent=self)  # type: ignore[arg-type]
            self.mail_runner = runner
        if getattr(self, "_drafts_wired", None) is not runner:
            runner.done.connect(self._drafts_done)
            runner.failed.connect(self._drafts_failed)
            self._drafts_wired = runner
        return runner

    def put_in_drafts(self, whole_round: bool = False) -> bool:
        """The shown note (or every note of its round) into the account's Drafts folder,
        by the mail worker: the window goes on meanwhile."""
        from followup_desktop.services.mail.account import ACCOUNT_KEY

        got = self._now_draft()
        if got is None or not got[0].followup.kind.is_email:
            return False
        if not self.ctx.store.get_value(ACCOUNT_KEY, None):
            self._set_notice("No mail account is connected yet: connect one in Settings › "
                             "Mail account.", error=True)
            return False
        self.run_checks_now()
        reason = self.blocked_reason()
        if reason:
            self._set_notice(f"Not put in Drafts yet: {escape_markup(reason)}", error=True)
            return False
        editors = self.editors if whole_round else [got[0]]
        drafts = []
        for ed in editors:
            ed.save_now()
            draft = ed.current_draft()
            if draft.kind.is_email and draft.to_email:
                drafts.append(draft)
        if not drafts:
            return False
        if not self._mail_runner().submit("push", drafts):
            self._set_notice("Still putting the last notes in Drafts\u2026")
            return False
        self._keep_notice = True
        self._set_notice(f"Putting {len(drafts)} note{'s' if len(drafts) > 1 else ''} in "
                         "Drafts\u2026")
        return True

    def _drafts_done(self, job: str, lines: Any) -> None:
        if job != "push":
            return
        self._keep_notice = True
        self._set_notice("In Drafts: " + "; ".join(escape_markup(line) for line in lines))
        self.changed.emit()

    def _drafts_failed(self, job: str, message: str, kind: str) -> None:
        if job != "push":
            return
        self._set_notice(f"Not put in Drafts: {escape_markup(message)}", error=True)

    def open_in_mail_app(self) -> bool:
        got = self._now_draft()
        if got is None or not got[0].followup.kind.is_email:
            return False
        ed, draft = got
        self.run_checks_now()
        reason = self.blocked_reason()
        if reason:
            self._set_notice(f"Not opened yet: {escape_markup(reason)}", error=True)
            return False
        ed.save_now()
        try:
            from followup_desktop.compose.eml import mailto_url

            url = mailto_url(draft)
        except DraftError as exc:
            self._error("Cannot open the mail app", exc)
            return False
        if not QDesktopServices.openUrl(QUrl.fromEncoded(url.encode("ascii"))):
            self._set_notice("No mail app is set up to open the message. Use Export .eml or "
                             "Copy instead.", error=True)
            return False
        extra = ""
        if draft.attachments:
            names = ", ".join(escape_markup(Path(a).name) for a in draft.attachments)
            extra = f" Attach {names} there: files cannot travel in the link."
        self._set_notice("Opened in your mail app. After sending it, choose Mark as sent."
                         + extra)
        return True

    def copy(self, with_subject: bool = False) -> str:
        got = self._now_draft()
        if got is None:
            return ""
        _ed, draft = got
        from followup_desktop.compose.eml import clipboard_text

        text = clipboard_text(draft, with_subject=with_subject and draft.kind.is_email)
        QGuiApplication.clipboard().setText(text)
        where = "LinkedIn" if draft.kind is Kind.LINKEDIN_NOTE else "your mail app"
        self._set_notice(f"Copied. Paste it into {where}.")
        return text

    def open_profile(self, url: str) -> None:
        if url and not QDesktopServices.openUrl(QUrl(url)):
            self._set_notice("The profile could not be opened in a browser.", error=True)

    def mark_sent(self) -> int | None:
        """Record the current recipient's message as sent; the window closes."""
        got = self._now_draft()
        if got is None:
            return None
        ed, d = got
        ed.save_now()
        try:
            [mid] = drafts_service.mark_sent(self.ctx, [(ed.followup, d)])
        except StoreError as exc:
            self._error("Not recorded", exc)
            return None
        who = escape_markup(d.to_name or "them")
        self._finish(ed, f"Recorded: {escape_markup(d.kind.label.lower())} sent to {who}.",
                     lambda: drafts_service.undo_sent(self.ctx, [mid]))
        return mid

    def skip(self) -> bool:
        got = self._now_draft()
        if got is None:
            return False
        ed, d = got
        who = f" to {d.to_name}" if d.to_name and d.kind is not Kind.DEBRIEF else ""
        if not self.confirm("Skip this follow-up?",
                            f"Skip the {d.kind.label.lower()}{who}? It leaves the agenda and "
                            "no reminder will come for it."):
            return False
        ed.save_now()
        w = ed.followup
        try:
            drafts_service.skip(self.ctx, [w])
        except StoreError as exc:
            self._error("Not skipped", exc)
            return False
        self._finish(ed, f"Skipped the {escape_markup(d.kind.label.lower())}"
                         f"{escape_markup(who)}.",
                     lambda: drafts_service.undo_skip(self.ctx, [w]))
        return True

    def _finish(self, ed: DraftEditor, text: str, undo: Callable[[], None]) -> None:
        """A recipient is done: drop its tab, say so (with Undo), tell the window."""
        i = self.editors.index(ed)
        self.editors.pop(i)
        self.tabs.blockSignals(True)
        self.tabs.removeTab(i)
        self.tabs.blockSignals(False)
        ed.hide()
        ed.deleteLater()
        self._keep_notice = True
        self._set_notice(text, undo=undo, reopen=ed.followup)
        if self.editors:
            self.tabs.tabBar().setVisible(len(self.editors) > 1)
            self._tab_changed(self.tabs.currentIndex())
        else:
            app = self.current_app
            self.current_window = None
            self._show_empty(app, "Done. Nothing else is waiting for this follow-up.")
        self.changed.emit()
        self._keep_notice = False

    def reset_to_template(self) -> None:
        """Throw away the saved edits of the current recipient and show the template's text."""
        got = self._now_draft()
        if got is None:
            return
        ed, d = got
        if (ed.dirty or ed.has_saved_draft) and not self.confirm(
                "Reset to the template?",
                f"Discard your edits to the note to {d.to_name or 'this recipient'} and start "
                "again from the template?"):
            return
        try:
            self.ctx.store.discard_draft(ed.key, d.person_id)
            app = self.current_app or self.ctx.application(ed.followup.application_id)
            fresh = compose_drafts(ed.followup, app, self.ctx.profile(), self.ctx.settings(),
                                   self.ctx.now(), user_templates=self.ctx.paths.templates)
        except (StoreError, DraftError, OSError) as exc:
            self._error("Not reset", exc)
            return
        if fresh:
            ed.load(fresh[0], saved=False)
            self._show_problem(fresh[0].template_problem)
        self._set_notice("Back to the template's text.")
        self.run_checks_now()

    def edit_template(self) -> None:
        from followup_desktop.ui.template_editor import TemplateEditor

        w = self.current_window
        kind = w.kind if w is not None else Kind.THANK_YOU
        dlg = TemplateEditor(self.ctx, kind, window=w, app=self.current_app, parent=self)
        dlg.exec()
        if dlg.changed_templates:
            self._reload_unedited()

    def _reload_unedited(self) -> None:
        """Templates changed: re-compose the drafts the user has not edited."""
        app = self.current_app
        if app is None:
            return
        problem = None
        for ed in self.editors:
            if ed.dirty or ed.has_saved_draft:
                continue
            fresh = compose_drafts(ed.followup, app, self.ctx.profile(), self.ctx.settings(),
                                   self.ctx.now(), user_templates=self.ctx.paths.templates)
            if fresh:
                ed.load(fresh[0], saved=False)
                problem = problem or fresh[0].template_problem
        self._show_problem(problem)
        self.run_checks_now()

    # -- debrief ----------------------------------------------------------------------------

    def open_debrief(self) -> None:
        w = self.current_window
        if w is None or w.interview_id is None:
            return
        from followup_desktop.ui.dialogs import DebriefDialog

        dlg = DebriefDialog(self.ctx, w.application_id, w.interview_id, self)
        if dlg.exec():
            self._set_notice("Debrief saved: your thank-you notes now use it.")
            self.mark_debrief_done(quiet=True)

    def mark_debrief_done(self, quiet: bool = False) -> int | None:
        w = self.current_window
        if w is None or w.kind is not Kind.DEBRIEF:
            return None
        try:
            mid = drafts_service.mark_debrief_done(self.ctx, w)
        except StoreError as exc:
            self._error("Not recorded", exc)
            return None
        self._keep_notice = True
        if not quiet:
            self._set_notice("Debrief done.",
                             undo=lambda: drafts_service.undo_sent(self.ctx, [mid]), reopen=w)
        app = self.current_app
        self.current_window = None
        self._show_empty(app, "Done. The debrief reminder stops.")
        self.changed.emit()
        self._keep_notice = False
        return mid
