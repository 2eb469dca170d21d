"""Red wavy underlines under unknown words, and a context menu to fix or learn them.

The words come from :func:`followup_desktop.compose.misspelled` (pyspellchecker's English
list plus the names of the application and the user's own words), one block (paragraph) at a
time, so typing re-checks only the paragraph being edited.

``SpellHighlighter(editor, add_word=...)`` attaches itself to a ``QPlainTextEdit``: it owns
the editor's context menu, which for a marked word starts with up to five suggestions and
"Add to dictionary" before the usual edit actions.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QSyntaxHighlighter, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QMenu, QPlainTextEdit

from followup_desktop.compose import misspelled
from followup_desktop.ui import colours

MAX_SUGGESTIONS = 5


def normal_word(word: str) -> str:
    """How the spelling check compares words: lower case, straight apostrophes."""
    return word.replace("\u2019", "'").lower()


def _utf16_offsets(text: str) -> Callable[[int], int] | None:
    """Python offsets → Qt (UTF-16) offsets, or ``None`` when they are the same."""
    if all(ord(c) <= 0xFFFF for c in text):
        return None
    table = [0]
    for c in text:
        table.append(table[-1] + (2 if ord(c) > 0xFFFF else 1))
    return table.__getitem__


def suggestions(word: str, limit: int = MAX_SUGGESTIONS) -> list[str]:
    """Close dictionary words for ``word`` (edit distance 1), in the word's own case."""
    from followup_desktop.compose import spelling

    checker = spelling._checker()  # loaded once and shared with the checks
    try:
        found = checker.candidates(normal_word(word)) or set()  # type: ignore[attr-defined]
    except Exception:  # the word list cannot suggest for this input: no suggestions
        return []
    ranked = sorted((w for w in found if w != normal_word(word)),
                    key=lambda w: (-checker.word_usage_frequency(w), w))  # type: ignore[attr-defined]
    out: list[str] = []
    for w in ranked[:limit]:
        if word.isupper():
            w = w.upper()
        elif word[:1].isupper():
            w = w[:1].upper() + w[1:]
        out.append(w)
    return out


class SpellHighlighter(QSyntaxHighlighter):
    """Marks unknown words in ``editor``'s document; see the module docstring."""

    #: A word was added to the user's dictionary (the caller re-runs its checks).
    word_added = Signal(str)

    def __init__(self, editor: QPlainTextEdit,
                 add_word: Callable[[str], None] | None = None,
                 extra_words: Iterable[str] = ()) -> None:
        super().__init__(editor.document())
        self.editor = editor
        self._add_word = add_word
        self._extra: frozenset[str] = frozenset(normal_word(w) for w in extra_words)
        self.enabled = True
        self._format = QTextCharFormat()
        self._format.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SpellCheckUnderline)
        self._format.setUnderlineColor(colours.warning(editor.palette()))
        #: other marks a check asked for (the voice check's pronouns), body offsets
        self._marks: tuple[tuple[int, int], ...] = ()
        self._mark_format = QTextCharFormat()
        self._mark_format.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
        self._mark_format.setUnderlineColor(colours.due(editor.palette()))
        self._mark_format.setFontUnderline(True)
        editor.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        editor.customContextMenuRequested.connect(self._show_menu)

    # -- words ------------------------------------------------------------------------------

    @property
    def extra_words(self) -> frozenset[str]:
        return self._extra

    def set_extra_words(self, words: Iterable[str]) -> None:
        """Words that count as known (names, talking points, the user's words)."""
        new = frozenset(normal_word(w) for w in words)
        if new != self._extra:
            self._extra = new
            self.rehighlight()

    def set_marks(self, spans: Iterable[tuple[int, int]]) -> None:
        """Mark these ``(start, end)`` offsets of the editor's text with a dotted underline
        (a check's findings, such as the pronouns of the voice check)."""
        new = tuple(sorted((int(a), int(b)) for a, b in spans))
        if new != self._marks:
            self._marks = new
            self.rehighlight()

    def marked_spans(self) -> list[str]:
        """The text under each check mark (tests, accessibility)."""
        text = self.editor.toPlainText()
        return [text[a:b] for a, b in self._marks]

    def highlightBlock(self, text: str) -> None:  # noqa: N802 - Qt's name
        if self._marks and text:
            first = self.currentBlock().position()
            for a, b in self._marks:
                if a < first + len(text) and b > first:
                    start = max(a, first) - first
                    self.setFormat(start, min(b, first + len(text)) - first - start,
                                   self._mark_format)
        if not self.enabled or not text:
            return
        to_qt = _utf16_offsets(text)
        for start, end, _word in misspelled(text, self._extra):
            if to_qt is not None:
                start, end = to_qt(start), to_qt(end)
            self.setFormat(start, end - start, self._format)

    def marked_words(self) -> list[str]:
        """Every word currently underlined, in document order (tests, accessibility)."""
        out: list[str] = []
        block = self.document().firstBlock()
        while block.isValid():
            out.extend(w for _, _, w in misspelled(block.text(), self._extra))
            block = block.next()
        return out

    def word_at(self, position: int) -> tuple[int, int, str] | None:
        """The marked word at a document position, as ``(start, end, word)`` in document
        positions, or ``None`` when the position is not on a marked word."""
        block = self.document().findBlock(position)
        if not block.isValid():
            return None
        text = block.text()
        to_qt = _utf16_offsets(text)
        offset = position - block.position()
        for start, end, word in misspelled(text, self._extra):
            qs, qe = (to_qt(start), to_qt(end)) if to_qt is not None else (start, end)
            if qs <= offset <= qe:
                return block.position() + qs, block.position() + qe, word
        return None

    # -- actions ----------------------------------------------------------------------------

    def replace(self, start: int, end: int, text: str) -> None:
        """Replace a word as one undoable edit."""
        cursor = QTextCursor(self.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        cursor.insertText(text)

    def add_to_dictionary(self, word: str) -> None:
        """Store the word (``add_word``), stop marking it here, and say so."""
        norm = normal_word(word)
        if self._add_word is not None:
            self._add_word(norm)  # may raise StoreError: the caller's callback reports it
        self._extra = self._extra | {norm}
        self.rehighlight()
        self.word_added.emit(norm)

    def build_menu(self, pos: QPoint) -> QMenu:
        """The context menu for a point in the editor's viewport."""
        menu = self.editor.createStandardContextMenu(pos)
        cursor = self.editor.cursorForPosition(pos)
        hit = self.word_at(cursor.position())
        if hit is None:
            return menu
        start, end, word = hit
        first = menu.actions()[0] if menu.actions() else None
        added = []
        options = suggestions(word)
        for s in options:
            act = menu.addAction(s)
            act.triggered.connect(lambda _=False, s=s: self.replace(start, end, s))
            added.append(act)
        if not options:
            none = menu.addAction("No suggestions")
            none.setEnabled(False)
            added.append(none)
        learn = menu.addAction(f"Add \u201c{word}\u201d to dictionary")
        learn.setObjectName("addToDictionary")
        learn.triggered.connect(lambda _=False: self.add_to_dictionary(word))
        added.append(learn)
        sep = menu.addSeparator()
        added.append(sep)
        for act in added:
            menu.removeAction(act)
        if first is not None:
            menu.insertActions(first, added)
        else:
            menu.addActions(added)
        return menu

    def _show_menu(self, pos: QPoint) -> None:
        menu = self.build_menu(pos)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(self.editor.viewport().mapToGlobal(pos))
