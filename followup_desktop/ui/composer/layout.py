"""The composer pane's parts: its header, the three pages, the status line and the actions
row, laid out top to bottom. :class:`PaneLayout` is a part of
:class:`~followup_desktop.ui.composer.pane.ComposerPane`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QStackedWidget, QVBoxLayout

from followup_desktop.ui.composer.common import bold, muted
from followup_desktop.ui.composer.pages import ActionsRow, DebriefPage, DraftsPage, EmptyPage

if TYPE_CHECKING:  # what the type checker sees the mixin as: a part of the pane
    from followup_desktop.ui.composer.pane import ComposerPane as _PaneBase
else:
    _PaneBase = object


class PaneLayout(_PaneBase):
    """Builds the pane's widgets (called once, from the pane's ``__init__``)."""

    def _lay_out(self) -> None:
        status = QHBoxLayout()
        status.addWidget(self.block_label, 1)
        status.addWidget(self.save_label, 0, Qt.AlignmentFlag.AlignRight)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(14, 10, 14, 10)
        lay.setSpacing(4)
        lay.addWidget(self.title)
        lay.addWidget(self.subtitle)
        lay.addWidget(self.banner)
        lay.addWidget(self.name_banner)
        lay.addWidget(self.pages, 1)
        lay.addLayout(status)
        lay.addWidget(self.notice)
        lay.addWidget(self.actions_row)

    def _build_header(self) -> None:
        """Title, subtitle, and the banner saying a user template has a mistake."""
        self.title = QLabel(self)
        self.title.setObjectName("composerTitle")
        bold(self.title, 1.2)
        self.title.setWordWrap(True)
        self.subtitle = QLabel(self)
        muted(self.subtitle)
        self.subtitle.setWordWrap(True)
        self.banner = QLabel(self)
        self.banner.setObjectName("templateProblem")
        self.banner.setWordWrap(True)
        self.banner.setTextFormat(Qt.TextFormat.RichText)
        self.banner.linkActivated.connect(lambda _l: self.edit_template())
        self.banner.hide()
        self._build_name_banner()

    def _build_pages(self) -> None:
        """The three pages, by ``PAGE_*`` index; their parts are the pane's to use."""
        self.pages = QStackedWidget(self)
        self.body = self.pages  # the main window's tab chain names ``composer.body``
        # Tab reaches the composer through ``pages``, which passes the focus on to the
        # note's first field (Shift+Tab: back to where it came from)
        self.pages.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.pages.installEventFilter(self)

        empty = EmptyPage(self.pages)
        self.empty_label = empty.label
        self.pages.addWidget(empty)

        drafts = DraftsPage(self.pages)
        self.splitter, self.tabs = drafts.splitter, drafts.tabs
        self.checks_title, self.checks = drafts.checks_title, drafts.checks
        self.tabs.currentChanged.connect(self._tab_changed)
        self.pages.addWidget(drafts)

        debrief = DebriefPage(self.pages)
        self.debrief_text = debrief.text
        self.debrief_button, self.debrief_done_button = debrief.open_button, debrief.done_button
        self.debrief_button.clicked.connect(self.open_debrief)
        self.debrief_done_button.clicked.connect(self.mark_debrief_done)
        self.pages.addWidget(debrief)

    def _build_status_line(self) -> None:
        """Save state, the reason an export waits, and notices (with Undo)."""
        self.save_label = QLabel(self)
        self.save_label.setObjectName("saveState")
        self.save_label.setAccessibleName("Save state")
        muted(self.save_label)
        self.block_label = QLabel(self)
        self.block_label.setObjectName("blockReason")
        self.block_label.setWordWrap(True)
        self.notice = QLabel(self)
        self.notice.setObjectName("composerNotice")
        self.notice.setWordWrap(True)
        self.notice.setTextFormat(Qt.TextFormat.RichText)
        self.notice.setAccessibleName("Composer message")
        self.notice.linkActivated.connect(self._notice_link)
        # its links (Undo, Copy, Show folder) are reachable with Tab and Enter
        self.notice.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.notice.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.notice.hide()

    def _build_actions_row(self) -> None:
        row = ActionsRow(self)
        self.actions_row = row
        self.export_button, self.mail_button = row.export_button, row.mail_button
        self.copy_button, self.more_button = row.copy_button, row.more_button
        self.skip_button, self.sent_button = row.skip_button, row.sent_button
        self.act_copy_with_subject = row.act_copy_with_subject
        self.act_reset, self.act_edit_template = row.act_reset, row.act_edit_template
        self.export_all_button, self.sent_all_button = row.export_all_button, row.sent_all_button
        self.export_all_button.clicked.connect(self.export_all)
        self.sent_all_button.clicked.connect(self.mark_all_sent)
        row.act_export_all.triggered.connect(self.export_all)
        row.act_mark_all_sent.triggered.connect(self.mark_all_sent)
        self.export_button.clicked.connect(self.export_eml)
        self.drafts_button = row.drafts_button
        row.drafts_button.clicked.connect(lambda: self.put_in_drafts(False))
        row.act_round_to_drafts.triggered.connect(lambda: self.put_in_drafts(True))
        self.mail_button.clicked.connect(self.open_in_mail_app)
        self.copy_button.clicked.connect(lambda: self.copy(False))
        self.act_copy_with_subject.triggered.connect(lambda: self.copy(True))
        self.skip_button.clicked.connect(self.skip)
        self.sent_button.clicked.connect(self.mark_sent)
        self.act_reset.triggered.connect(self.reset_to_template)
        self.act_edit_template.triggered.connect(self.edit_template)
