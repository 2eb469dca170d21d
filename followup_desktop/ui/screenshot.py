"""``--screenshot``: render the main window at a given size into a PNG, for docs and checks."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize, Qt
from PySide6.QtWidgets import QApplication, QWidget

from followup_desktop.fileio import atomic_write


def render(window: QWidget, size: tuple[int, int]) -> object:
    """The window as a QImage of exactly ``size`` pixels."""
    w, h = size
    window.setWindowState(Qt.WindowState.WindowNoState)
    window.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
    window.resize(w, h)
    window.show()
    for _ in range(3):  # layouts settle over a few passes (splitters, header sections)
        QApplication.processEvents()
    window.resize(w, h)
    QApplication.processEvents()
    image = window.grab().toImage()
    if image.size() != QSize(w, h):
        image = image.scaled(w, h, Qt.AspectRatioMode.IgnoreAspectRatio,
                             Qt.TransformationMode.SmoothTransformation)
    return image


def save_screenshot(window: QWidget, file: str | Path, size: tuple[int, int]) -> None:
    """Resize, show offscreen, let events run, grab and save a PNG (atomically). An
    :class:`OSError` says why the file could not be made (a full disk, a folder that
    cannot be created or written)."""
    image = render(window, size)
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    ok = image.save(buf, "PNG")  # type: ignore[attr-defined]
    buf.close()
    window.hide()
    if not ok or data.isEmpty():
        raise OSError("the window could not be encoded as a PNG image")
    atomic_write(Path(file), bytes(data.data()), overwrite=True, mode=0o644)
