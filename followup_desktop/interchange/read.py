"""Reading a data file from disk, a chunk at a time: each application is parsed and
checked as soon as it is read, and its text dropped."""

from __future__ import annotations

import codecs
import json
import re
from pathlib import Path
from typing import Any, BinaryIO, NoReturn

from followup_desktop.interchange.parse import (
    Document,
    _application,
    _parse_document,
    parse_document,
)
from followup_desktop.interchange.validation import (
    _WARNINGS,
    FORMAT,
    MAX_BYTES,
    FormatError,
    _bounded_int,
    _fail,
    _obj,
)
from followup_desktop.records import (
    ApplicationSpec,
)


def load_file(path: Path) -> Document:
    """Read and validate a data file; :class:`FormatError` for anything wrong with it."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise FormatError(f"cannot read {path}: {exc.strerror}") from None
    if size > MAX_BYTES:
        raise FormatError(f"{path.name} is larger than {MAX_BYTES // (1024 * 1024)} MB; "
                          "refusing to import it")
    try:
        found: list[str] = []
        token = _WARNINGS.set(found)
        try:
            with path.open("rb") as fh:
                doc = _load_streamed(_Reader(fh))
        finally:
            _WARNINGS.reset(token)
        doc.warnings = tuple(found)
        return doc
    except UnicodeDecodeError:
        raise FormatError(f"{path.name} is not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise FormatError(f"{path.name} is not valid JSON (line {exc.lineno}, column "
                          f"{exc.colno}: {exc.msg})") from None
    except RecursionError:
        raise FormatError(f"{path.name} is nested too deeply") from None
    except OSError as exc:
        raise FormatError(f"cannot read {path}: {exc.strerror}") from None


_WS = re.compile(r"[ \t\n\r]*")


#: What the reader reads at a time (doubled while one value does not fit).
_CHUNK = 1 << 20


class _Reader:
    """The text of a data file, read a chunk at a time: the text before the value being
    read is dropped, so a big file is never in memory whole (its JSON positions are kept
    right for the error messages)."""

    def __init__(self, fh: BinaryIO) -> None:
        self.fh = fh
        self.utf8 = codecs.getincrementaldecoder("utf-8-sig")()
        self.text = ""
        self.at = 0
        self.eof = False
        self.want = _CHUNK
        self.lines = 0  # line breaks in the text dropped so far
        self.column = 0  # characters after the last of them
        self.decoder = json.JSONDecoder(parse_int=_bounded_int)

    def more(self) -> bool:
        """Read the next chunk (twice the last one while a value does not fit)."""
        if self.eof:
            return False
        data = self.fh.read(self.want)
        self.want = min(self.want * 2, 64 * _CHUNK)
        self.eof = not data
        self.text += self.utf8.decode(data, final=self.eof)
        return True

    def drop(self) -> None:
        """Forget the text before :attr:`at`."""
        if self.at < _CHUNK:
            return
        gone = self.text.count("\n", 0, self.at)
        if gone:
            self.lines += gone
            self.column = self.at - self.text.rindex("\n", 0, self.at) - 1
        else:
            self.column += self.at
        self.text, self.at = self.text[self.at:], 0
        self.want = _CHUNK

    def peek(self) -> str:
        """The next character after white space ("" at the end)."""
        while True:
            self.at = _WS.match(self.text, self.at).end()  # type: ignore[union-attr]
            if self.at < len(self.text) or not self.more():
                return self.text[self.at:self.at + 1]

    def expect(self, char: str) -> None:
        if self.peek() != char:
            self.fail(f"Expecting {char!r} delimiter")
        self.at += 1

    def value(self) -> Any:
        """The JSON value at :attr:`at` (read further until it is whole)."""
        self.peek()
        while True:
            try:
                value, end = self.decoder.raw_decode(self.text, self.at)
            except json.JSONDecodeError as exc:  # (or cut off by the chunk's end)
                if self.more():
                    continue
                raise self.moved(exc) from None
            except FormatError:  # a number too long, or only its first digits so far
                if self.more():
                    continue
                raise
            if end == len(self.text) and self.more():
                continue  # a number may go on in the next chunk
            self.at = end
            return value

    def rest(self) -> None:
        """Read the whole text (a file that is not one object)."""
        while self.more():
            pass

    def fail(self, why: str) -> NoReturn:
        raise self.moved(json.JSONDecodeError(why, self.text, self.at))

    def moved(self, exc: json.JSONDecodeError) -> json.JSONDecodeError:
        """``exc`` with the line and column in the whole file."""
        if exc.lineno == 1:
            exc.colno += self.column
        exc.lineno += self.lines
        return exc


def _load_streamed(reader: _Reader) -> Document:
    """The document read by ``reader``, each application checked as soon as it is read
    and its JSON dropped: the memory of a big file is a chunk of its text and its records,
    neither the whole text nor a tree of every object in it (so any file ``export`` writes
    can be imported again)."""
    if reader.peek() != "{":  # not an object: read whole, for json's own messages
        reader.rest()
        try:
            return parse_document(reader.decoder.decode(reader.text))
        except json.JSONDecodeError as exc:
            raise reader.moved(exc) from None
    top: dict[str, Any] = {}
    apps: tuple[ApplicationSpec, ...] | None = None
    reader.at += 1
    while reader.peek() != "}":
        if reader.peek() != '"':
            reader.fail("Expecting property name enclosed in double quotes")
        key = reader.value()
        reader.expect(":")
        if key == "applications" and reader.peek() == "[":
            reader.at += 1
            apps = _streamed_applications(reader)
            top.pop(key, None)
        else:
            top[key] = reader.value()
        if reader.peek() == ",":
            reader.at += 1
            if reader.peek() == "}":
                reader.fail("Expecting property name enclosed in double quotes")
        elif reader.peek() != "}":
            reader.fail("Expecting ',' delimiter")
    reader.at += 1
    end = reader.at
    if reader.peek():
        reader.at = end
        reader.fail("Extra data")
    if not isinstance(top.get("format"), str) or top["format"] != FORMAT:
        _obj(top, "", ("format",), ("profile", "applications", "settings", "words"))
        raise _fail("format", f"expected {FORMAT!r}")
    return _parse_document(top, parsed_apps=apps)


def _streamed_applications(reader: _Reader) -> tuple[ApplicationSpec, ...]:
    specs: list[ApplicationSpec] = []
    if reader.peek() == "]":
        reader.at += 1
        return ()
    while True:
        value = reader.value()
        specs.append(_application(value, f"applications[{len(specs)}]", 60))
        del value
        reader.drop()
        char = reader.peek()
        if char == "]":
            reader.at += 1
            return tuple(specs)
        if char != ",":
            reader.fail("Expecting ',' delimiter")
        reader.at += 1
