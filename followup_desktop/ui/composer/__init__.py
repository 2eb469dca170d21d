"""The composer pane: a personal, checked draft for each recipient of the selected follow-up.

``ComposerPane(ctx, parent=None)``; ``set_followup(window, app)`` shows a follow-up (or the
empty state). A panel's thank-you notes get one tab per interviewer with an email. The
subject and body are edited in place; the checks of ``compose.run_checks`` are re-run
150 ms after typing stops and shown beside the draft; unknown words are underlined; the
draft is saved 1.5 s after typing stops, when focus leaves the editor, when another
follow-up is shown and when the pane is hidden or the application quits (:meth:`flush`).

Signals: :attr:`changed` — data that affects the plan was written (sent, skipped, exported,
debrief done, undo); :attr:`saved` — a draft was autosaved (the agenda may show "drafted").

Keyboard: Ctrl+E exports .eml, Ctrl+Return opens the mail app (it leaves the final send to
the mail app, so nothing irreversible hangs on a chord), Ctrl+Shift+C copies the message,
Alt+M marks as sent (the button's mnemonic), Ctrl+PgUp/PgDown switch recipients.

Its parts, one module each: :mod:`.pane` (the pane: what is shown, the checks, saving),
:mod:`.draft_editor` (one recipient's draft; it saves through a callback the pane gives
it), :mod:`.check_list`, :mod:`.pages` (the empty, drafts and debrief pages, the row of
buttons) and :mod:`.actions` (what the buttons do).
"""

from __future__ import annotations

from followup_desktop.services.drafts import EXPORT_DIR_KEY
from followup_desktop.ui.composer.check_list import CheckList
from followup_desktop.ui.composer.draft_editor import AttachmentChip, DraftEditor, EditorHooks
from followup_desktop.ui.composer.pages import EMPTY_TEXT
from followup_desktop.ui.composer.pane import AUTOSAVE_MS, CHECK_DELAY_MS, ComposerPane

__all__ = ["AUTOSAVE_MS", "CHECK_DELAY_MS", "EMPTY_TEXT", "EXPORT_DIR_KEY", "AttachmentChip",
           "CheckList", "ComposerPane", "DraftEditor", "EditorHooks"]
