"""Action icons: drawn from the SVG in the palette's colours at the sizes Followup uses,
kept between runs; the app icon from its PNG files."""

from __future__ import annotations

import marshal
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QIcon, QImage, QPalette

from followup_desktop.ui import icon_cache, icons
from followup_desktop.ui.icons import _SIZES, app_icon, forget_icons, icon


def _ink(pm: Any) -> set[str]:
    """The colours of the opaque pixels."""
    img = pm.toImage()
    return {img.pixelColor(x, y).name() for x in range(img.width())
            for y in range(img.height()) if img.pixelColor(x, y).alpha() == 255}


def test_icons_are_drawn_at_each_size_in_the_palettes_colours(qapp: Any) -> None:
    forget_icons()
    ic = icon("new")
    assert sorted({s.width() for s in ic.availableSizes()}) == sorted(_SIZES)
    palette = qapp.palette()
    text = palette.color(QPalette.ColorRole.WindowText).name()
    disabled = palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText).name()
    for side in _SIZES:
        pm = ic.pixmap(QSize(side, side))
        assert pm.width() == side
        assert _ink(pm) == {text}  # drawn, not scaled from another size
    assert _ink(ic.pixmap(QSize(18, 18), QIcon.Mode.Disabled)) == {disabled}
    assert ic.pixmap(QSize(48, 48)).width() == max(_SIZES)  # never blown up
    assert icon("new") is ic  # rendered once per palette


def _images(ic: QIcon) -> list[bytes]:
    out = []
    for mode in (QIcon.Mode.Normal, QIcon.Mode.Disabled, QIcon.Mode.Selected):
        for side in _SIZES:
            img = ic.pixmap(QSize(side, side), mode).toImage().convertToFormat(
                QImage.Format.Format_ARGB32_Premultiplied)
            out.append(bytes(img.constBits()))
    return out


def test_icons_drawn_once_are_kept_for_the_next_run(qapp: Any, tmp_path: Path,
                                                    monkeypatch: Any) -> None:
    icon_cache.use_folder(tmp_path)
    forget_icons()
    drawn = _images(icon("new"))
    assert icon_cache.save() and (tmp_path / "icons.marshal").is_file()
    assert not icon_cache.save()  # nothing new drawn since

    def no_render(*_a: Any) -> Any:
        raise AssertionError("drawn again instead of read from the kept file")

    icon_cache.use_folder(tmp_path)  # as the next run: the file read afresh
    forget_icons()
    monkeypatch.setattr(icons, "_render_all", no_render)
    assert _images(icon("new")) == drawn  # the same pixels, without the SVG renderer
    icon_cache.use_folder(None)
    forget_icons()


@pytest.mark.parametrize("content", [b"", b"not a cache at all",
                                     b"followup-icon-cache 1 Qt 0.0.0\n" + marshal.dumps({}),
                                     "followup-icon-cache 1 Qt {qt}\n",
                                     "followup-icon-cache 1 Qt {qt}\n{garbled}"])
def test_a_kept_file_that_does_not_read_means_drawing_again(
        qapp: Any, tmp_path: Path, content: bytes | str) -> None:
    from PySide6.QtCore import qVersion

    if isinstance(content, str):  # right header: no entries, or an entry of wrong size
        garbled = {"k": [(16, 1.0, b"\0" * 7)]}
        head = content.format(qt=qVersion(), garbled="").encode()
        content = head + (marshal.dumps(garbled) if "{garbled}" in str(content) else b"")
    (tmp_path / "icons.marshal").write_bytes(content)
    icon_cache.use_folder(tmp_path)
    assert icon_cache.read_table(tmp_path / "icons.marshal") == {}
    forget_icons()
    ic = icon("new")
    assert sorted({s.width() for s in ic.availableSizes()}) == sorted(_SIZES)
    assert icon_cache.save()  # replaced by a good one
    assert icon_cache.read_table(tmp_path / "icons.marshal")
    icon_cache.use_folder(None)
    forget_icons()


def test_the_app_icon_is_its_png_files_at_every_size(qapp: Any) -> None:
    from followup_desktop.resources import APP_ICON_SIDES, app_icon_files

    assert [side for side, _ in app_icon_files()] == list(APP_ICON_SIDES)
    ic = app_icon()
    assert {s.width() for s in ic.availableSizes()} >= set(APP_ICON_SIDES)
    pm = ic.pixmap(QSize(48, 48))
    assert pm.width() == 48 and not pm.toImage().isNull()


def test_modes_of_one_colour_are_read_once_and_drawn_never(qapp: Any, tmp_path: Path,
                                                            monkeypatch: Any) -> None:
    """A dark theme's text and highlighted text are often one colour: two modes, one
    kept entry; the next run reads it for both and draws nothing (no QtSvg, no rewrite)."""
    old = QPalette(qapp.palette())
    pal = QPalette(old)
    pal.setColor(QPalette.ColorRole.HighlightedText, pal.color(QPalette.ColorRole.WindowText))
    qapp.setPalette(pal)
    try:
        icon_cache.use_folder(tmp_path)
        forget_icons()
        drawn = _images(icon("new"))
        assert icon_cache.save()

        def no_render(*_a: Any) -> Any:
            raise AssertionError("drawn again instead of read from the kept file")

        icon_cache.use_folder(tmp_path)
        forget_icons()
        monkeypatch.setattr(icons, "_render_all", no_render)
        assert _images(icon("new")) == drawn
        forget_icons()  # the palette changes and comes back within the run
        assert _images(icon("new")) == drawn
        assert not icon_cache.save()  # nothing new to write
    finally:
        qapp.setPalette(old)
        icon_cache.use_folder(None)
        forget_icons()
