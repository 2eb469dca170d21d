"""The activity report on paper: PDF through ``QTextDocument`` + ``QPdfWriter``, with a preview.

The preview and the PDF paint the same laid-out document page by page, so what the user
sees is what the file holds. The rows come from :mod:`followup_desktop.importers.report_data`.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QFont,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPalette,
    QPdfWriter,
    QPixmap,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.importers.report_data import Report, report_csv, report_html
from followup_desktop.ui import colours

LAYOUT_DPI = 96.0  # the document is laid out in these units, then scaled to the device
MARGIN_MM = 15.0
PAGE = QPageSize.PageSizeId.A4


def _page_px() -> tuple[float, float, float]:
    """(content width, content height, margin) of an A4 page, in layout pixels."""
    size = QPageSize(PAGE).size(QPageSize.Unit.Inch)
    margin = MARGIN_MM / 25.4 * LAYOUT_DPI
    return (size.width() * LAYOUT_DPI - 2 * margin, size.height() * LAYOUT_DPI - 2 * margin,
            margin)


def layout_document(html: str, title: str = "Activity report") -> QTextDocument:
    doc = QTextDocument()
    doc.setDocumentMargin(0)
    font = QFont()
    font.setPointSizeF(9)
    doc.setDefaultFont(font)
    doc.setMetaInformation(QTextDocument.MetaInformation.DocumentTitle, title)
    doc.setHtml(html)
    width, height, _ = _page_px()
    doc.setPageSize(QSizeF(width, height))
    return doc


def _paint_page(doc: QTextDocument, painter: QPainter, index: int, scale: float,
                footer: str) -> None:
    width, height, margin = _page_px()
    painter.save()
    painter.scale(scale, scale)
    painter.translate(margin, margin - index * height)
    doc.drawContents(painter, QRectF(0, index * height, width, height))
    painter.restore()
    painter.save()
    painter.scale(scale, scale)
    painter.setPen(colours.paper_ink_muted())
    small = QFont(doc.defaultFont())
    small.setPointSizeF(7.5)
    painter.setFont(small)
    painter.drawText(QRectF(margin, margin + height + 4, width, margin - 8),
                     int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop),
                     f"{footer} — page {index + 1} of {doc.pageCount()}")
    painter.restore()


def pdf_bytes(html: str, *, title: str = "Activity report", footer: str = "") -> bytes:
    """The PDF of ``html``, A4, in memory."""
    doc = layout_document(html, title)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setTitle(title)
    writer.setCreator("Followup")
    writer.setResolution(300)
    writer.setPageLayout(QPageLayout(QPageSize(PAGE), QPageLayout.Orientation.Portrait,
                                     QMarginsF(0, 0, 0, 0)))
    painter = QPainter(writer)
    try:
        scale = writer.resolution() / LAYOUT_DPI
        for i in range(doc.pageCount()):
            if i:
                writer.newPage()
            _paint_page(doc, painter, i, scale, footer or title)
    finally:
        painter.end()
        buffer.close()
    return bytes(data.data())


def write_pdf(html: str, path: Path, *, title: str = "Activity report", footer: str = "",
              overwrite: bool = True) -> Path:
    """Write the PDF atomically (a crash never leaves half a file)."""
    from followup_desktop.fileio import atomic_write

    return atomic_write(Path(path), pdf_bytes(html, title=title, footer=footer),
                        overwrite=overwrite, mode=0o644)


def page_images(html: str, *, dpi: float = 72.0, title: str = "Activity report",
                footer: str = "") -> list[QImage]:
    """The pages as white images, for the preview."""
    doc = layout_document(html, title)
    size = QPageSize(PAGE).size(QPageSize.Unit.Inch)
    w, h = round(size.width() * dpi), round(size.height() * dpi)
    out = []
    for i in range(doc.pageCount()):
        image = QImage(w, h, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(colours.paper())
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        try:
            _paint_page(doc, painter, i, dpi / LAYOUT_DPI, footer or title)
        finally:
            painter.end()
        out.append(image)
    return out


def report_footer(report: Report) -> str:
    who = f"{report.name} — " if report.name else ""
    return f"{who}Job search activity {report.start:%d %b %Y} – {report.end:%d %b %Y}"


class ReportPreviewDialog(QDialog):
    """The report's pages as they will print; Save PDF… and Save CSV… from here."""

    def __init__(self, report: Report, tz: dt.tzinfo, parent: QWidget | None = None,
                 *, default_dir: Path | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Activity report — preview")
        self.report = report
        self.tz = tz
        self.default_dir = default_dir or Path.home()
        self.html = report_html(report, tz)
        self.footer = report_footer(report)
        self.saved: list[Path] = []

        n_apps, n_rounds, n_msgs = report.counts
        self.summary = QLabel(
            f"{report.start:%d %b %Y} – {report.end:%d %b %Y}: {n_apps} application(s), "
            f"{n_rounds} interview(s), {n_msgs} follow-up(s) sent.")
        self.pages = QWidget()
        pages_layout = QVBoxLayout(self.pages)
        pages_layout.setSpacing(12)
        self.page_labels: list[QLabel] = []
        for image in page_images(self.html, dpi=72.0, footer=self.footer):
            label = QLabel()
            label.setPixmap(QPixmap.fromImage(image))
            label.setFrameShape(QFrame.Shape.Box)  # the page's edge, in the palette's Mid
            label.setForegroundRole(QPalette.ColorRole.Mid)
            label.setAutoFillBackground(True)
            pal = label.palette()
            pal.setColor(QPalette.ColorRole.Window, colours.paper())
            label.setPalette(pal)
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            pages_layout.addWidget(label, 0, Qt.AlignmentFlag.AlignHCenter)
            self.page_labels.append(label)
        scroll = QScrollArea()
        scroll.setWidget(self.pages)
        scroll.setWidgetResizable(True)
        scroll.setAlignment(Qt.AlignmentFlag.AlignHCenter)

        self.save_pdf_button = QPushButton("Save PDF…")
        self.save_csv_button = QPushButton("Save CSV…")
        self.save_pdf_button.clicked.connect(lambda: self.save_pdf())
        self.save_csv_button.clicked.connect(lambda: self.save_csv())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.save_pdf_button)
        row.addWidget(self.save_csv_button)
        row.addStretch(1)
        row.addWidget(buttons)

        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(scroll, 1)
        layout.addLayout(row)
        self.resize(700, 820)

    def _file_name(self, ext: str) -> str:
        return f"activity-report-{self.report.start:%Y-%m-%d}-to-{self.report.end:%Y-%m-%d}{ext}"

    def ask_path(self, caption: str, ext: str, filter_text: str) -> Path | None:
        """Overridable (tests); asks where to save."""
        from PySide6.QtWidgets import QFileDialog

        name, _ = QFileDialog.getSaveFileName(self, caption,
                                              str(self.default_dir / self._file_name(ext)),
                                              filter_text)
        if not name:
            return None
        path = Path(name)
        return path if path.suffix.lower() == ext else path.with_suffix(ext)

    def save_pdf(self, path: Path | None = None) -> Path | None:
        target = path or self.ask_path("Save the activity report as PDF", ".pdf",
                                       "PDF files (*.pdf)")
        if target is None:
            return None
        write_pdf(self.html, target, footer=self.footer)
        self.saved.append(target)
        return target

    def save_csv(self, path: Path | None = None) -> Path | None:
        from followup_desktop.fileio import atomic_write

        target = path or self.ask_path("Save the activity report as CSV", ".csv",
                                       "CSV files (*.csv)")
        if target is None:
            return None
        atomic_write(target, report_csv(self.report, self.tz), overwrite=True, mode=0o644)
        self.saved.append(target)
        return target


__all__ = ["ReportPreviewDialog", "layout_document", "page_images", "pdf_bytes",
           "report_footer", "write_pdf"]
