"""The composer's parts: its three pages (nothing to write, the drafts with their checks,
a debrief) and its row of buttons. Each only lays itself out; the pane connects them."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPalette, QResizeEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.compose import Draft
from followup_desktop.records import Kind
from followup_desktop.ui.composer.check_list import CheckList
from followup_desktop.ui.composer.common import bold, muted

EMPTY_TEXT = "Select a follow-up in the agenda or the table"

DEBRIEF_INTRO = ("Private notes, while the round is fresh: two or three things each "
                 "interviewer said, what they said about timing, anything you promised, and "
                 "how it went. They feed your thank-you notes.")


class EmptyPage(QWidget):
    """Nothing to write: one centred line saying why, or what to select."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        el = QVBoxLayout(self)
        self.label = QLabel(EMPTY_TEXT, self)
        self.label.setObjectName("composerEmpty")
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setWordWrap(True)
        muted(self.label)
        el.addStretch(1)
        el.addWidget(self.label)
        el.addStretch(1)


class DraftsPage(QWidget):
    """One tab per recipient's draft (:class:`DraftEditor` s, added by the pane), and the
    checks of the one shown beside them."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        dl = QVBoxLayout(self)
        dl.setContentsMargins(0, 0, 0, 0)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setChildrenCollapsible(False)
        self.tabs = QTabWidget(self.splitter)
        self.tabs.setDocumentMode(True)
        self.tabs.setAccessibleName("Recipients")
        checks_box = QWidget(self.splitter)
        cl = QVBoxLayout(checks_box)
        cl.setContentsMargins(8, 4, 0, 0)
        cl.setSpacing(2)
        self.checks_title = QLabel("Checks", checks_box)
        bold(self.checks_title)
        self.checks = CheckList(checks_box)
        cl.addWidget(self.checks_title)
        cl.addWidget(self.checks, 1)
        self.splitter.addWidget(self.tabs)
        self.splitter.addWidget(checks_box)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        dl.addWidget(self.splitter, 1)


class DebriefPage(QWidget):
    """A debrief is due: what to note, the button to the debrief dialog, "Mark as done"."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        bl = QVBoxLayout(self)
        bl.setContentsMargins(0, 6, 0, 0)
        self.intro = QLabel(DEBRIEF_INTRO, self)
        self.intro.setWordWrap(True)
        self.text = QPlainTextEdit(self)
        self.text.setReadOnly(True)
        self.text.setAccessibleName("What to note")
        self.text.setBackgroundRole(QPalette.ColorRole.Window)
        from followup_desktop.ui.focus import focus_ring

        focus_ring(self.text)
        row = QHBoxLayout()
        self.open_button = QPushButton("Open &debrief\u2026", self)
        self.open_button.setDefault(True)
        self.done_button = QPushButton("Mark as &done", self)
        self.done_button.setToolTip("You wrote your notes elsewhere: the reminder stops.")
        row.addWidget(self.open_button)
        row.addWidget(self.done_button)
        row.addStretch(1)
        bl.addWidget(self.intro)
        bl.addWidget(self.text, 1)
        bl.addLayout(row)


class ActionsRow(QWidget):
    """Export .eml, Open in mail app, Copy (with a menu: with the subject) ... More (Reset,
    Edit template), Skip, Mark as sent; for a panel round also Export all, Mark all as sent.

    Three groups of buttons: this note's ways out (left), the round-wide ones, and what is
    decided about the note (right). When they don't all fit on one line (a 1024 px wide
    window, a panel round) the row wraps: the round-wide and the deciding buttons go on a
    second line, so no button's text is ever cut."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.export_button = QPushButton("&Export .eml\u2026", self)
        self.export_button.setAccessibleName("Export as .eml file")
        self.mail_button = QPushButton("Open in mail a&pp", self)
        self.drafts_button = QToolButton(self)
        self.drafts_button.setText("Put in &Drafts")
        self.drafts_button.setAccessibleName("Put in the mail account's Drafts folder")
        self.drafts_button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        self.drafts_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        drafts_menu = QMenu(self.drafts_button)
        self.act_round_to_drafts = drafts_menu.addAction("Put every note of this round in "
                                                         "Drafts")
        self.drafts_button.setMenu(drafts_menu)
        self.copy_button = QToolButton(self)
        self.copy_button.setText("&Copy")
        self.copy_button.setAccessibleName("Copy the message")
        self.copy_button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        self.copy_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        copy_menu = QMenu(self.copy_button)
        self.act_copy_with_subject = copy_menu.addAction("Copy with the subject line")
        self.copy_button.setMenu(copy_menu)
        self.skip_button = QPushButton("S&kip\u2026", self)
        self.skip_button.setToolTip("You decided not to send this one: it leaves the agenda.")
        self.sent_button = QPushButton("&Mark as sent", self)
        self.sent_button.setToolTip("You sent it: it is recorded and the plan moves on.")
        self.export_all_button = QPushButton("Export a&ll\u2026", self)
        self.export_all_button.setAccessibleName("Export every recipient's note as .eml")
        self.export_all_button.setToolTip("One .eml per person of the round, in one folder.")
        self.sent_all_button = QPushButton("Mark all as se&nt", self)
        self.sent_all_button.setAccessibleName("Mark every recipient's note as sent")
        self.sent_all_button.setToolTip("You sent them all: each is recorded.")
        self.more_button = QToolButton(self)
        self.more_button.setText("More")
        self.more_button.setAccessibleName("More actions")
        self.more_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        more = QMenu(self.more_button)
        self.act_export_all = more.addAction("Export &all as .eml\u2026")
        self.act_mark_all_sent = more.addAction("Mark all as &sent")
        more.addSeparator()
        self.act_reset = more.addAction("&Reset to template")
        self.act_edit_template = more.addAction("Edit &template\u2026")
        self.more_button.setMenu(more)
        self._lay_out_groups()
        self.set_panel(0)

    def _lay_out_groups(self) -> None:
        self._groups: list[QWidget] = []
        for buttons in ((self.export_button, self.drafts_button, self.mail_button,
                         self.copy_button),
                        (self.export_all_button, self.sent_all_button),
                        (self.more_button, self.skip_button, self.sent_button)):
            box = QWidget(self)  # never squeezed below what its buttons' texts need
            box.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Preferred)
            bl = QHBoxLayout(box)
            bl.setContentsMargins(0, 0, 0, 0)
            for b in buttons:
                b.setParent(box)
                bl.addWidget(b)
            self._groups.append(box)
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self._grid.setColumnStretch(2, 1)
        self._wrapped: bool | None = None
        self._arrange()

    def _one_line_width(self) -> int:
        shown = [g for g in self._groups if not g.isHidden()]
        spacing = max(self._grid.horizontalSpacing(), 0)
        return sum(g.sizeHint().width() for g in shown) + spacing * max(len(shown) - 1, 0)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 -- Qt's name
        """As narrow as the wrapped row's widest line."""
        note, panel, decide = self._groups
        spacing = max(self._grid.horizontalSpacing(), 0)
        second = decide.sizeHint().width() + (
            0 if panel.isHidden() else panel.sizeHint().width() + spacing)
        hint = super().minimumSizeHint()
        return QSize(max(note.sizeHint().width(), second), hint.height())

    def _arrange(self) -> None:
        """One line if the groups fit in the row's width, else two."""
        wrap = self.width() < self._one_line_width()
        if wrap == self._wrapped:
            return
        self._wrapped = wrap
        note, panel, decide = self._groups
        for g in self._groups:
            self._grid.removeWidget(g)
        self._grid.addWidget(note, 0, 0, 1, 4 if wrap else 1, Qt.AlignmentFlag.AlignLeft)
        self._grid.addWidget(panel, 1 if wrap else 0, 0 if wrap else 1,
                             Qt.AlignmentFlag.AlignLeft)
        self._grid.addWidget(decide, 1 if wrap else 0, 3, Qt.AlignmentFlag.AlignRight)
        self.updateGeometry()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 -- Qt's name
        super().resizeEvent(event)
        self._arrange()

    def _shown_changed(self) -> None:
        self._wrapped = None
        self._arrange()

    def set_panel(self, n: int) -> None:
        """``n`` recipients shown: the "all" buttons only when there are several."""
        many = n > 1
        self._groups[1].setVisible(many)
        self.act_export_all.setVisible(many)
        self.act_mark_all_sent.setVisible(many)
        self.act_export_all.setText(f"Export all {n} as .eml\u2026" if many else
                                    "Export all as .eml\u2026")
        self._shown_changed()

    def update_for(self, kind: Kind | None, draft: Draft | None, reason: str | None) -> None:
        """Show and enable the buttons for the draft shown (``kind`` None: none is);
        ``reason``: why it may not be exported yet."""
        is_email = kind is not None and kind.is_email
        can_mail = is_email and reason is None and bool(draft and draft.to_email)
        for b in (self.export_button, self.mail_button):
            b.setVisible(is_email)
            b.setEnabled(can_mail)
        if reason:
            tip = f"Not yet: {reason}"
        elif draft is not None and is_email and not draft.to_email:
            tip = f"There is no email address for {draft.to_name}."
        else:
            tip = ""
        self.export_button.setToolTip(tip or "Save the draft as an .eml file your mail app "
                                              "opens as an editable draft (Ctrl+E).")
        self.mail_button.setToolTip(tip or "Open a new message in your mail app "
                                            "(Ctrl+Return).")
        self.drafts_button.setVisible(is_email)
        self.drafts_button.setEnabled(can_mail)
        self.drafts_button.setToolTip(tip or "Put the note in your mail account's Drafts "
                                              "folder: it waits there on every device "
                                              "(Settings › Mail account).")
        self.act_copy_with_subject.setVisible(is_email)
        self._shown_changed()
