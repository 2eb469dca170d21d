"""The follow-ups that came too late, shown once and quietly.

A window past its kind's last useful moment is *expired*: no reminder, no red, no draft.
The window says so once, in a plain bar above the table — "Too late for a thank-you to
Dana (Northwind Analytics)" — with *Send a late note anyway* (the composer opens it; a
note sent anyway is recorded as usual) and *Dismiss* (the window is skipped: gone for
good). Which windows were shown is kept (``ui.expired_shown``), so a window shown at one
start is not shown again at the next; the bar stays for the session until dismissed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.records import FollowupWindow, Kind
from followup_desktop.store.plan_cache import keys_digest

SHOWN_KEY = "ui.expired_shown"
#: plan_cache.keys_digest of the keys under SHOWN_KEY (the expired windows when noted)
SHOWN_DIGEST_KEY = "ui.expired_shown_digest"
#: rows shown at most; the rest are summed up in the last line
ROWS = 2

_WHAT: dict[Kind, str] = {
    Kind.THANK_YOU: "a thank-you", Kind.MATERIALS: "the promised materials",
    Kind.CHECK_IN_1: "a check-in", Kind.CHECK_IN_2: "a second check-in",
    Kind.REJECTION_REPLY: "a reply to the rejection", Kind.STAY_IN_TOUCH: "a stay-in-touch note",
    Kind.LINKEDIN_NOTE: "a LinkedIn note", Kind.OFFER_CONFIRMATION: "an offer confirmation",
}


def too_late_text(w: FollowupWindow) -> str:
    """``Too late for a thank-you to Dana (Northwind Analytics)``."""
    if w.kind is Kind.DEBRIEF:
        return f"Too late for the debrief of the {w.company} round"
    who = f" to {w.recipient.split()[0]}" if w.recipient else ""
    return f"Too late for {_WHAT.get(w.kind, w.kind.label.lower())}{who} ({w.company})"


class ExpiredBar(QFrame):
    """``set_windows(expired)`` after each refresh; ``open_late(window)`` asks the
    window to open one in the composer; dismissing skips it in the store."""

    open_late = Signal(object)  # a FollowupWindow
    dismissed = Signal()

    def __init__(self, ctx: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("expiredBar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setBackgroundRole(QPalette.ColorRole.AlternateBase)
        self.setAutoFillBackground(True)
        self.setAccessibleName("Follow-ups that came too late")
        # quiet: as tall as its lines, never a share of the table's room
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self._lay = QVBoxLayout(self)
        self._lay.setContentsMargins(8, 4, 8, 4)
        self._lay.setSpacing(2)
        self.showing: list[FollowupWindow] = []
        self._session: set[str] = set()  # keys shown this session: kept until dismissed
        self.rows: list[tuple[QLabel, QPushButton, QPushButton]] = []
        self.hide()

    # -- what is shown ----------------------------------------------------------------------

    def set_windows(self, expired: Sequence[FollowupWindow]) -> None:
        """Show the expired windows not shown before (at an earlier start), and those
        already shown this session; remember the new ones as shown."""
        store = self.ctx.store
        digest = getattr(expired, "digest", None)
        if (digest is not None and not self._session
                and store.get_value(SHOWN_DIGEST_KEY, None) == digest):
            # the kept plan's expired windows are the very ones noted as shown: none is
            # new and none was shown this session, so nothing is read (16,000 windows
            # and their keys at 10,000 interviews: plan_cache.LateWindows)
            self.showing = []
            self._rebuild()
            return
        shown = set(store.get_value(SHOWN_KEY, []))
        # a packed agenda (the kept plan's) gives its keys without making its windows
        all_keys = getattr(expired, "all_keys", None)
        keys = all_keys() if all_keys is not None else [w.key for w in expired]
        forget_keys = getattr(expired, "forget_keys", None)
        if forget_keys is not None:
            forget_keys()
        elif getattr(expired, "known_keys", None) is not None:
            # read back from the kept plan for this one read: the session does not keep
            # years of keys (a window asked for later makes its own)
            expired.known_keys = None  # type: ignore[attr-defined]
        now_expired = set(keys)
        new = [k for k in keys if k not in shown]
        self._session.update(new)
        noted = keys_digest(now_expired)
        stale = (now_expired or shown) and store.get_value(SHOWN_DIGEST_KEY, None) != noted
        if (new or stale) and not store.read_only:  # nothing expired, nothing noted: no write
            # keep only what is still expired: the list never grows past the plan
            # (it is then exactly the expired windows, so its digest is theirs);
            # bookkeeping: the plan just made stays this data's plan, kept for next time
            store.note_values({SHOWN_KEY: sorted((shown & now_expired) | set(new)),
                               SHOWN_DIGEST_KEY: noted})
        # the most recently too late first: what one might still remember
        self.showing = sorted((expired[i] for i, k in enumerate(keys) if k in self._session),
                              key=lambda w: (w.late_until or w.opens_at, w.key), reverse=True)
        self._rebuild()

    def _clear(self) -> None:
        while self._lay.count():
            item = self._lay.takeAt(0)
            widget = item.widget()
            if widget is not None:
                widget.deleteLater()
            elif item.layout() is not None:
                inner = item.layout()
                while inner.count():
                    child = inner.takeAt(0).widget()
                    if child is not None:
                        child.deleteLater()
        self.rows = []

    def _rebuild(self) -> None:
        self._clear()
        for w in self.showing[:ROWS]:
            row = QHBoxLayout()
            label = QLabel(too_late_text(w), self)
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
            late = QPushButton("Write it anyway" if w.kind is Kind.DEBRIEF
                               else "Send a late note anyway", self)
            late.setFlat(True)
            late.clicked.connect(lambda _=False, win=w: self.open_late.emit(win))
            dismiss = QPushButton("Dismiss", self)
            dismiss.setFlat(True)
            dismiss.setAccessibleName(f"Dismiss: {too_late_text(w)}")
            dismiss.clicked.connect(lambda _=False, win=w: self.dismiss([win]))
            row.addWidget(label, 1)
            row.addWidget(late)
            row.addWidget(dismiss)
            self._lay.addLayout(row)
            self.rows.append((label, late, dismiss))
        more = len(self.showing) - ROWS
        if more > 0 or len(self.showing) > 1:
            row = QHBoxLayout()
            label = QLabel(f"… and {more} more that came too late" if more > 0 else "", self)
            label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
            row.addWidget(label, 1)
            self.dismiss_all = QPushButton("Dismiss all", self)
            self.dismiss_all.setFlat(True)
            self.dismiss_all.clicked.connect(lambda: self.dismiss(list(self.showing)))
            row.addWidget(self.dismiss_all)
            self._lay.addLayout(row)
        self.setVisible(bool(self.showing))

    # -- what the user does -----------------------------------------------------------------

    def dismiss(self, windows: Sequence[FollowupWindow]) -> None:
        """Skip them (they leave ``agenda --all`` too) and take them off the bar."""
        from followup_desktop.store import StoreError

        store = self.ctx.store
        now = self.ctx.now()
        by_app: dict[int, list[str]] = {}
        for w in windows:
            by_app.setdefault(w.application_id, []).append(w.key)
        try:
            for app_id, keys in by_app.items():
                store.update_states(app_id, keys, skipped_at=now)
        except StoreError:
            pass  # not saved: they stay listed, and the bar shows them again next time
        gone = {w.key for w in windows}
        self._session -= gone
        self.showing = [w for w in self.showing if w.key not in gone]
        self._rebuild()
        self.dismissed.emit()
