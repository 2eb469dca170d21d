"""The composer's keys: its shortcuts (for the window and for the note), and the Tab
chain through the note shown -- subject, message, attachments, buttons.

:class:`ComposerKeys` is a part of :class:`~followup_desktop.ui.composer.pane.ComposerPane`
(a mixin, like :class:`~followup_desktop.ui.composer.actions.DraftActions`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QWidget

if TYPE_CHECKING:  # what the type checker sees the mixin as: a part of the pane
    from followup_desktop.ui.composer.pane import ComposerPane as _PaneBase
else:
    _PaneBase = object


class ComposerKeys(_PaneBase):
    """The pane's keys (see the module docstring)."""

    #: (keys, what they do): the composer's keys, for Help › Keyboard shortcuts
    SHORTCUTS: tuple[tuple[str, str], ...] = (
        ("Ctrl+Shift+M", "Go to the message of the note shown"),
        ("Ctrl+PgDown", "Next recipient's note"),
        ("Ctrl+PgUp", "Previous recipient's note"),
        ("Ctrl+Shift+S", "Mark the note shown as sent"),
        ("Ctrl+Shift+K", "Skip the note shown"),
        ("Ctrl+E", "Export the note as .eml (in the note)"),
        ("Ctrl+Return", "Open the note in your mail app (in the note)"),
        ("Ctrl+Shift+C", "Copy the note (in the note)"),
    )

    def _build_shortcuts(self) -> None:
        self._shortcut("Ctrl+E", self.export_eml)
        self._shortcut("Ctrl+Return", self.open_in_mail_app)
        self._shortcut("Ctrl+Enter", self.open_in_mail_app)
        self._shortcut("Ctrl+Shift+C", lambda: self.copy(False))
        # anywhere in the window: the note shown is the one they act on
        window = Qt.ShortcutContext.WindowShortcut
        self._shortcut("Ctrl+PgDown", lambda: self._step_tab(1), window)
        self._shortcut("Ctrl+PgUp", lambda: self._step_tab(-1), window)
        self._shortcut("Ctrl+Shift+M", self.focus_message, window)
        self._shortcut("Ctrl+Shift+S", self._key_mark_sent, window)
        self._shortcut("Ctrl+Shift+K", self._key_skip, window)

    def eventFilter(self, obj: Any, event: Any) -> bool:  # noqa: N802 (Qt's name)
        from PySide6.QtCore import QEvent

        if obj is self.pages and event.type() == QEvent.Type.FocusIn:
            if event.reason() == Qt.FocusReason.BacktabFocusReason:
                self.pages.focusPreviousChild()
            else:
                self._retab()
                self.pages.focusNextChild()
            return False
        return super().eventFilter(obj, event)

    def _retab(self) -> None:
        """The Tab chain through the note shown: subject, message, attachments, then the
        buttons; the window's chain goes on after them (the calendar)."""
        ed = self.current_editor()
        chain: list[QWidget] = [self.pages]
        if ed is not None and self.pages.currentIndex() == self.PAGE_DRAFTS:
            if ed.subject.isVisibleTo(ed):
                chain.append(ed.subject)
            chain.append(ed.body)
            if ed.attach_row.isVisibleTo(ed):
                chain.append(ed.attach_button)
            row = self.actions_row
            chain += [b for b in (self.export_button, self.export_all_button, self.mail_button,
                                  self.copy_button, self.more_button, self.skip_button,
                                  self.sent_button, self.sent_all_button)
                      if b.isVisibleTo(row)]
        elif self.pages.currentIndex() == self.PAGE_DEBRIEF:
            chain += [self.debrief_button, self.debrief_done_button]
        if self.notice.isVisibleTo(self):
            chain.append(self.notice)
        for a, b in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(a, b)

    def focus_message(self) -> bool:
        """The message of the note shown gets the keyboard focus."""
        ed = self.current_editor()
        if ed is None or self.pages.currentIndex() != self.PAGE_DRAFTS:
            return False
        ed.body.setFocus(Qt.FocusReason.ShortcutFocusReason)
        return True

    def _key_mark_sent(self) -> None:
        if self.pages.currentIndex() == self.PAGE_DRAFTS and self.editors:
            self.mark_sent()

    def _key_skip(self) -> None:
        if self.pages.currentIndex() == self.PAGE_DRAFTS and self.editors:
            self.skip()

    def _shortcut(self, keys: str, slot: Callable[[], object],
                  context: Qt.ShortcutContext = Qt.ShortcutContext.WidgetWithChildrenShortcut
                  ) -> None:
        sc = QShortcut(QKeySequence(keys), self)
        sc.setContext(context)
        sc.activated.connect(slot)

    def _step_tab(self, step: int) -> None:
        if self.tabs.count() > 1:
            had = self.isAncestorOf(QApplication.focusWidget()) \
                if QApplication.focusWidget() is not None else False
            self.tabs.setCurrentIndex((self.tabs.currentIndex() + step) % self.tabs.count())
            if had:  # the keys move with the note
                self.focus_message()
