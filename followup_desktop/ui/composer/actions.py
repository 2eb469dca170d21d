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

from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QApplication, QFileDialog, QTabWidget, QWidget

from followup_desktop.compose import Draft, DraftError, compose_drafts
from followup_desktop.humanize import escape_markup
from followup_desktop.records import Application, FollowupWindow, Kind
from followup_desktop.services import drafts as drafts_service
from followup_desktop.services.drafts import EXPORT_DIR_KEY
from followup_desktop.store import StoreError
from followup_desktop.ui.composer.common import default_export_dir
from followup_desktop.ui.composer.mail_app import short_reason

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
    current_window: FollowupWindow | None
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
        def set_followup(self, window: FollowupWindow | None, app: Application | None) -> None: ...
        def _set_notice(self, text: str, *, error: bool = False,
                        undo: Callable[[], None] | None = None, link: str = "",
                        reopen: FollowupWindow | None = None) -> None: ...
        def _show_empty(self, app: Application | None, text: str | None = None) -> None: ...
        def _show_problem(self, problem: str | None) -> None: ...
        def _tab_changed(self, index: int) -> None: ...
        def _error(self, what: str, exc: BaseException) -> None: ...
        def follow_inputs(self) -> None: ...
        def isAncestorOf(self, child: object) -> bool: ...  # noqa: N802 (Qt's)
    notice: Any

    def _now_draft(self) -> tuple[DraftEditor, Draft] | None:
        ed = self.current_editor()
        if ed is None:
            return None
        return ed, ed.current_draft()

    def _ready_email(self, not_yet: str) -> tuple[DraftEditor, Draft] | None:
        """The shown email draft, checked and saved, when it may leave; else None, with
        ``not_yet`` ("Not exported yet") and the reason on the notice line."""
        got = self._now_draft()
        if got is None or not got[0].followup.kind.is_email:
            return None
        self.run_checks_now()
        reason = self.blocked_reason()
        if reason:
            self._set_notice(f"{not_yet}: {escape_markup(reason)}", error=True)
            return None
        got[0].save_now()
        return got

    def export_eml(self) -> Path | None:
        """Ask for a folder and write the current draft there as an ``.eml``."""
        got = self._ready_email("Not exported yet")
        if got is None:
            return None
        ed, draft = got
        folder = self._ask_folder("Export the draft to a folder")
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
        from PySide6.QtCore import QUrl  # on use (its type and enums)

        folder_url = QUrl.fromLocalFile(str(path.parent)).toString()
        self._set_notice(
            f"Saved <b>{escape_markup(path.name)}</b>. Open it in your mail app to send it.",
            link=f"<a href='{escape_markup(folder_url)}'>Show folder</a>")
        self.changed.emit()
        return path

    def _ask_folder(self, caption: str) -> str:
        try:
            start = self.ctx.store.get_value(EXPORT_DIR_KEY, "") or str(default_export_dir())
        except StoreError:
            start = str(default_export_dir())
        if not Path(start).is_dir():
            start = str(default_export_dir())
        return QFileDialog.getExistingDirectory(self, caption, start)  # type: ignore[arg-type]

    def _panel_blocked(self) -> tuple[int, str, str] | None:
        """The first tab whose note may not leave yet: (tab, name, why)."""
        from followup_desktop.compose import blocking_problems, check_context, run_checks

        app = self.current_app
        if app is None:
            return None
        drafts = [e.current_draft() for e in self.editors]
        profile, settings, now = self.ctx.profile(), self.ctx.settings(), self.ctx.now()
        for i, d in enumerate(drafts):
            if not d.to_email:
                return i, d.to_name or "a recipient", "there is no email address"
            problems = blocking_problems(run_checks(d, check_context(
                d, app, profile, settings, now, drafts)))
            if problems:
                return i, d.to_name or "a recipient", problems[0].reason
        return None

    def export_all(self) -> list[Path]:
        """Every recipient's note of the round as one ``.eml`` each, in one folder, in one
        step (nothing is written when one of them may not leave yet: its tab is shown)."""
        if not self.editors or not self.editors[0].followup.kind.is_email:
            return []
        blocked = self._panel_blocked()
        if blocked is not None:
            i, name, why = blocked
            self.tabs.setCurrentIndex(i)
            self._set_notice(f"Nothing exported: the note to {escape_markup(name)} waits "
                             f"\u2014 {escape_markup(why.rstrip('.'))}.", error=True)
            return []
        for ed in self.editors:
            ed.save_now()
        folder = self._ask_folder("Export every note of the round to a folder")
        if not folder:
            return []
        items = [(ed.followup, ed.current_draft()) for ed in self.editors]
        try:
            done = drafts_service.export_drafts(self.ctx, items, folder)
        except (DraftError, OSError) as exc:
            self._error("Nothing exported", exc)
            return []
        paths = list(done.paths)
        named = ", ".join(f"{escape_markup(d.to_name)} \u2192 <b>{escape_markup(p.name)}</b>"
                          for (_w, d), p in zip(items, paths, strict=True))
        if done.state_error is not None:
            self._error(f"Exported {len(paths)} notes, but their state was not saved",
                        done.state_error)
            return paths
        self._keep_notice = True
        from PySide6.QtCore import QUrl

        folder_url = QUrl.fromLocalFile(folder).toString()
        self._set_notice(f"Exported {len(paths)} notes to {escape_markup(folder)}: {named}.",
                         link=f"<a href='{escape_markup(folder_url)}'>Show folder</a>")
        self.changed.emit()
        return paths

    def mark_all_sent(self) -> list[int]:
        """Record every recipient's note of the round as sent, in one step (one Undo)."""
        if not self.editors:
            return []
        for ed in self.editors:
            ed.save_now()
        done = [(ed, ed.current_draft()) for ed in self.editors]
        try:
            ids = drafts_service.mark_sent(self.ctx, [(ed.followup, d) for ed, d in done])
        except StoreError as exc:
            self._error("Nothing recorded", exc)
            return []
        names = [escape_markup(d.to_name or "them") for _ed, d in done]
        who = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        kind = done[0][1].kind

        def undo() -> None:
            drafts_service.undo_sent(self.ctx, ids)

        first = done[0][0].followup
        for ed, _d in done[:-1]:
            self._drop_tab(ed)
        self._finish(done[-1][0], f"Recorded: {escape_markup(kind.phrase)} sent to {who}.",
                     undo, reopen=first)
        return ids

    def _drop_tab(self, ed: DraftEditor) -> None:
        i = self.editors.index(ed)
        self.editors.pop(i)
        self.tabs.blockSignals(True)
        self.tabs.removeTab(i)
        self.tabs.blockSignals(False)
        ed.hide()
        ed.deleteLater()

    # -- the mail account's Drafts folder -----------------------------------------------------

    def _mail_runner(self) -> Any:
        """The window's mail worker (Settings › Mail account), else one of our own."""
        holder: Any = self
        while holder is not None and getattr(holder, "mail_runner", None) is None:
            holder = holder.parent() if hasattr(holder, "parent") else None
        runner = holder.mail_runner if holder is not None else None
        if runner is None:
            from followup_desktop.reminders.mail_sync import MailRunner

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
        got = self._ready_email("Not opened yet")
        if got is None:
            return False
        ed, draft = got
        try:
            from followup_desktop.compose.eml import mailto_url

            url = mailto_url(draft)
        except DraftError as exc:
            self._error("Cannot open the mail app", exc)
            return False
        extra = ""
        if draft.attachments:
            names = ", ".join(escape_markup(Path(a).name) for a in draft.attachments)
            extra = f" Attach {names} there: files cannot travel in the link."
        who = escape_markup(draft.to_name or "them")
        self._set_notice(f"Asking your mail app to open the note to {who}\u2026")

        def done(ok: bool, why: str) -> None:
            if ok:
                self._set_notice(f"Opened the note to {who} in your mail app. After sending "
                                 "it, choose Mark as sent." + extra)
                return
            reason = short_reason(why)
            self._set_notice(
                f"No mail app opened the note to {who}.", error=True,
                link="<a href='copy'>Copy it</a> or <a href='export'>Export .eml\u2026</a> "
                     "instead" + (f" ({escape_markup(reason)})." if reason else "."))

        self.mail_opener(url, done)
        return True

    mail_opener: Callable[[str, Callable[[bool, str], None]], None]

    def copy(self, with_subject: bool = False) -> str:
        got = self._now_draft()
        if got is None:
            return ""
        _ed, draft = got
        from followup_desktop.compose.eml import clipboard_text

        text = clipboard_text(draft, with_subject=with_subject and draft.kind.is_email)
        QGuiApplication.clipboard().setText(text)
        where = "LinkedIn" if draft.kind is Kind.LINKEDIN_NOTE else "your mail app"
        who = f" the note to {escape_markup(draft.to_name)}" if draft.to_name else ""
        self._set_notice(f"Copied{who}. Paste it into {where}.")
        return text

    def open_profile(self, url: str) -> None:
        from PySide6.QtCore import QUrl

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
        self._finish(ed, f"Recorded: {escape_markup(d.kind.phrase)} sent to {who}.",
                     lambda: drafts_service.undo_sent(self.ctx, [mid]))
        return mid

    def skip(self) -> bool:
        got = self._now_draft()
        if got is None:
            return False
        ed, d = got
        who = f" to {d.to_name}" if d.to_name and d.kind is not Kind.DEBRIEF else ""
        if not self.confirm("Skip this follow-up?",
                            f"Skip the {d.kind.phrase}{who}? It leaves the agenda and "
                            "no reminder will come for it."):
            return False
        ed.save_now()
        w = ed.followup
        try:
            drafts_service.skip(self.ctx, [w])
        except StoreError as exc:
            self._error("Not skipped", exc)
            return False
        self._finish(ed, f"Skipped the {escape_markup(d.kind.phrase)}"
                         f"{escape_markup(who)}.",
                     lambda: drafts_service.undo_skip(self.ctx, [w]))
        return True

    def _finish(self, ed: DraftEditor, text: str, undo: Callable[[], None], *,
                reopen: FollowupWindow | None = None) -> None:
        """A recipient is done: drop its tab, say so (with Undo), tell the window. The
        focus stays in the composer: on the next recipient's message, else on the notice
        (its Undo link is a Tab away)."""
        had_focus = self.isAncestorOf(QApplication.focusWidget()) \
            if QApplication.focusWidget() is not None else False
        self._drop_tab(ed)
        self._keep_notice = True
        self._set_notice(text, undo=undo, reopen=reopen or ed.followup)
        if self.editors:
            self.tabs.tabBar().setVisible(len(self.editors) > 1)
            self._tab_changed(self.tabs.currentIndex())
        else:
            app = self.current_app
            self.current_window = None
            self._show_empty(app, "Done. Nothing else is waiting for this follow-up.")
        self.changed.emit()
        self._keep_notice = False
        if had_focus or QApplication.focusWidget() is None:
            current = self.current_editor()
            target = current.body if current is not None else self.notice
            target.setFocus(Qt.FocusReason.OtherFocusReason)

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
            ed.set_change_line("")
            self._show_problem(fresh[0].template_problem)
            self.follow_inputs()  # the basis of the text now shown
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
        """Templates changed: re-make the drafts the user has not edited (and say what
        changed above those they have)."""
        self.follow_inputs()
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
