"""Dataclasses made from the kept code (``class_code``) are the classes ``@dataclass``
makes by itself; a cache that does not read is replaced; nothing is written when
nothing is new."""

from __future__ import annotations

import dataclasses
import inspect
import keyword
import marshal
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from followup_desktop import class_code


@pytest.fixture
def kept(tmp_path: Path) -> Iterator[Path]:
    class_code.uninstall()
    yield tmp_path
    class_code.uninstall()


def _classes() -> tuple[type, type]:
    @dataclasses.dataclass(frozen=True, slots=True)
    class Window:
        key: str
        opens: int = 3
        people: tuple[str, ...] = ()
        notes: list[str] = dataclasses.field(default_factory=list, compare=False)

    @dataclasses.dataclass(order=True, kw_only=True)
    class Draft:
        subject: str
        body: str = "hello"
        seen: dataclasses.InitVar[bool] = False

        def __post_init__(self, seen: bool) -> None:
            self.body = self.body + ("!" if seen else "")

    return Window, Draft


def _behaviour(window_cls: type, draft_cls: type) -> list[object]:
    w = window_cls("a:thank-you", people=("Ana",))
    out: list[object] = [repr(w), w == window_cls("a:thank-you", 3, ("Ana",), ["x"]),
                         hash(w) == hash(window_cls("a:thank-you", 3, ("Ana",))),
                         window_cls.__match_args__, str(inspect.signature(window_cls)),
                         [f.name for f in dataclasses.fields(window_cls)],
                         dataclasses.replace(w, opens=5).opens]
    with pytest.raises(dataclasses.FrozenInstanceError):
        w.opens = 4  # type: ignore[misc]
    d = draft_cls(subject="Thanks", seen=True)
    out += [repr(d), d < draft_cls(subject="Tz"), str(inspect.signature(draft_cls)),
            draft_cls.__init__.__annotations__]
    with pytest.raises(TypeError):
        draft_cls("positional")
    return out


def test_classes_from_kept_code_behave_as_freshly_compiled_ones(kept: Path) -> None:
    fresh = _behaviour(*_classes())  # the builtin exec
    assert class_code.install(kept) is False  # nothing kept yet
    first = _behaviour(*_classes())
    assert class_code.save() is True
    path = class_code.cache_file(kept)
    table = class_code.read_table(path)
    assert len(table) >= 9  # 2 × __init__, __repr__, __eq__, ...; the frozen setattr pair
    class_code.uninstall()

    assert class_code.install(kept) is True
    compiled: list[str] = []
    real_compile = compile

    def counting(*args: object, **kw: object) -> object:
        compiled.append(str(args[0])[:40])
        return real_compile(*args, **kw)  # type: ignore[call-overload]

    class_code.compile = counting  # type: ignore[attr-defined]
    try:
        again = _behaviour(*_classes())
    finally:
        del class_code.compile  # type: ignore[attr-defined]
    assert compiled == []  # every method came from the table
    assert fresh == first == again
    assert class_code.save() is False  # nothing new: the file is left alone


@settings(max_examples=40, deadline=None)
@given(names=st.lists(st.from_regex(r"[a-z][a-z0-9_]{0,8}", fullmatch=True)
                      .filter(lambda n: not keyword.iskeyword(n) and n != "self"),
                      min_size=1, max_size=6, unique=True),
       frozen=st.booleans(), defaults=st.integers(0, 6))
def test_the_kept_code_of_any_class_is_what_exec_compiles(
        names: list[str], frozen: bool, defaults: int) -> None:
    fields = [(n, int) if i < len(names) - defaults else (n, int, dataclasses.field(
        default=i)) for i, n in enumerate(names)]

    def made() -> type:
        return dataclasses.make_dataclass("C", fields, frozen=frozen)

    class_code.uninstall()
    reference = made()  # the builtin exec
    try:
        class_code.install(Path("/nonexistent/followup-class-code"))
        class_code._state["path"] = None  # nothing written: this checks the table only
        made()  # compiled into the table
        assert class_code._table
        kept = made()  # every method from the table
        methods = [n for n, v in vars(reference).items() if inspect.isfunction(v)]
        assert "__init__" in methods
        for name in methods:
            assert getattr(kept, name).__code__ == getattr(reference, name).__code__, name
        values = list(range(len(names)))
        assert [getattr(kept(*values), n) for n in names] == values
    finally:
        class_code.uninstall()


@pytest.mark.parametrize("content", [
    b"", b"garbage", b"followup-class-code\n", class_code._header() + b"\x00\x01",
    class_code._header() + marshal.dumps({b"0123456789abcdef": "not code"}),
    class_code._header() + marshal.dumps({"a text key": compile("1", "<s>", "exec")}),
    class_code._header() + marshal.dumps(["a list"]),
    b"followup-class-code 2\nXXXX" + marshal.dumps({}),  # another interpreter's magic
    b"followup-class-code\n" + class_code._header()[-4:] + marshal.dumps({}),  # format 1
])
def test_a_cache_that_does_not_read_is_ignored_then_replaced(kept: Path,
                                                             content: bytes) -> None:
    path = class_code.cache_file(kept)
    path.write_bytes(content)
    assert class_code.install(kept) is False
    _behaviour(*_classes())
    assert class_code.save() is True
    assert len(class_code.read_table(path)) >= 9


def test_a_cache_folder_that_cannot_be_written_only_means_compiling(kept: Path) -> None:
    folder = kept / "file-not-folder"
    folder.write_text("x")
    class_code.install(folder)
    assert _behaviour(*_classes())
    assert class_code.save() is False


def test_a_command_keeps_the_code_and_the_next_one_reads_it(tmp_path: Path) -> None:
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"),
           "PYTHONDONTWRITEBYTECODE": "1"}
    cmd = [sys.executable, "-m", "followup_desktop", "--data-dir", str(tmp_path / "data"),
           "agenda", "--json"]
    first = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=120)
    assert first.returncode == 0, first.stderr[-1500:]
    path = class_code.cache_file(tmp_path / "cache" / "followup")
    table = class_code.read_table(path)
    assert len(table) > 50  # the records, the plan, the store's classes ...
    stamp = path.stat().st_mtime_ns
    second = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=120)
    assert second.returncode == 0, second.stderr[-1500:]
    assert second.stdout == first.stdout
    assert path.stat().st_mtime_ns == stamp  # read, not written again
