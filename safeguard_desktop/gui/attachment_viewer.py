"""Show an attached image or PDF from memory, and export other files only on purpose.

Evidence never touches the disk in plaintext while it is being looked at: images are
decoded by QImageReader and PDFs by QtPdf, both reading a QBuffer over the bytes held in
memory, so no temporary file is made. A Word file, an email or a video cannot be shown
safely here; it leaves the vault only through `export_attachment`, which warns first and is
logged in the audit chain.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from uuid import UUID

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize, Qt
from PySide6.QtGui import QGuiApplication, QImage, QImageReader, QKeySequence, QPixmap, QResizeEvent, QShortcut
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from safeguard_desktop.domain.attachment import describe_media_type, viewable_inside
from safeguard_desktop.domain.ukdates import format_datetime
from safeguard_desktop.gui.disclosure_dialog import ask_disclosure, still_there
from safeguard_desktop.gui.widgets import fit_to_screen, named, plain_label
from safeguard_desktop.gui.worker import error_text
from safeguard_desktop.vault.session import Vault

EXPORT_WARNING = (
    "This file will be written to disk unencrypted.\n\n"
    "Anyone with access to that folder can read it, and it stays there until you delete it. "
    "Keep it only as long as you need it.\n\n"
    "The export is logged in this vault's audit record."
)
_ZOOM_STEP = 1.25
_MIN_ZOOM, _MAX_ZOOM = 0.05, 8.0


def format_size(size: int) -> str:
    """A file size as a person reads it: "512 bytes", "34 KB", "2.5 MB"."""
    if size < 1024:
        return "1 byte" if size == 1 else f"{size} bytes"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def export_attachment(parent: QWidget, vault: Vault, record_id: UUID) -> str | None:
    """Warn, ask where, then write a logged copy; return what to tell the person (None if cancelled).

    The questions are Qt's standard dialogs so the person sees the warning before any
    folder is chosen. Failures come back as a sentence, never a traceback.
    """
    try:
        filename = vault.attachments.get(record_id).data.filename
        # Before the warning and the questions: a restricted file cannot leave at all.
        vault.attachments.check_exportable(record_id)
    except Exception as exc:  # the record may have gone with a lock, or be restricted; say so in words
        return error_text(exc)
    answer = QMessageBox.warning(
        parent,
        f"Export a copy of {filename}? — safeguard-desktop",
        EXPORT_WARNING,
        QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel,
    )
    if answer != QMessageBox.StandardButton.Save:
        return None
    disclosure = ask_disclosure(parent, f"a copy of the attachment {filename}", vault=vault)
    if disclosure is None or not still_there(parent, vault):  # cancelled, or locked meanwhile
        return None
    suggested = f"DEMO-{filename}" if vault.is_demo else filename  # the copy's name says it is made up
    chosen, _ = QFileDialog.getSaveFileName(parent, "Export a copy of the attachment", str(Path.home() / suggested))
    if not chosen:
        return None
    dest = Path(chosen)
    try:
        # The save dialog has already asked before replacing a file the person chose.
        vault.attachments.export(record_id, dest, overwrite=True, disclosure=disclosure)
    except Exception as exc:  # reported in words; nothing half-written is left
        return error_text(exc)
    return f"A copy was saved as {dest}. The export has been logged, as shared with {disclosure.recipient}."


class AttachmentViewer(QDialog):
    """One attachment: its details and fingerprint, and the image or PDF itself when it can be shown."""

    def __init__(
        self,
        filename: str,
        data: bytes,
        media_type: str,
        *,
        sha256: str | None = None,
        added_by: str = "",
        added_at: datetime | None = None,
        export: Callable[[], str | None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.filename = filename
        self.media_type = media_type
        self._data = data
        self._export = export
        self._image = QImage()
        self._fit = True
        self._zoom = 1.0
        self.pdf_document: QPdfDocument | None = None
        self._pdf_buffer: QBuffer | None = None
        self.setWindowTitle(f"{filename} — safeguard-desktop")
        self.setAccessibleName(f"Attachment {filename}")

        self.sha256 = named(QLineEdit(sha256 or hashlib.sha256(data).hexdigest()), "SHA-256 fingerprint")
        self.sha256.setReadOnly(True)
        self.sha256.setCursorPosition(0)
        self.sha256.setMinimumWidth(self.sha256.fontMetrics().horizontalAdvance("0" * 66))
        copy = named(QPushButton("&Copy fingerprint"), "Copy SHA-256 fingerprint")
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(self.sha256.text()))
        digest_row = QWidget()
        digest_layout = QHBoxLayout(digest_row)
        digest_layout.setContentsMargins(0, 0, 0, 0)
        digest_layout.addWidget(self.sha256, 1)
        digest_layout.addWidget(copy)

        self.details: dict[str, QLabel] = {}
        form = QFormLayout()
        added = f"{added_by}, {format_datetime(added_at)}" if added_at else added_by or "Not yet saved"
        rows = [
            ("File name", filename),
            ("Type", f"{describe_media_type(media_type)} ({media_type})"),
            ("Size", format_size(len(data))),
        ]
        for label, value in rows:
            self.details[label] = named(plain_label(value, selectable=True), label, value)
            form.addRow(f"{label}:", self.details[label])
        form.addRow("SHA-256:", digest_row)
        self.details["Added"] = named(plain_label(added, selectable=True), "Added by", added)
        form.addRow("Added by:", self.details["Added"])

        self.controls = QWidget()
        controls = QHBoxLayout(self.controls)
        controls.setContentsMargins(0, 0, 0, 0)
        self.fit_button = self._tool(controls, "&Fit to window", "Fit to window", self.fit)
        self.actual_button = self._tool(controls, "&Actual size (100%)", "Actual size", self.actual_size)
        self.zoom_in_button = self._tool(controls, "Zoom &in", "Zoom in", lambda: self.zoom_by(_ZOOM_STEP))
        self.zoom_out_button = self._tool(controls, "Zoom &out", "Zoom out", lambda: self.zoom_by(1 / _ZOOM_STEP))
        self.zoom_label = named(plain_label(wrap=False), "Zoom level")
        controls.addWidget(self.zoom_label)
        controls.addStretch(1)
        for keys, action in (
            (QKeySequence.StandardKey.ZoomIn, lambda: self.zoom_by(_ZOOM_STEP)),
            (QKeySequence.StandardKey.ZoomOut, lambda: self.zoom_by(1 / _ZOOM_STEP)),
        ):
            QShortcut(keys, self, action)

        self.stack = QStackedWidget()
        self.message = plain_label()
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setAccessibleName("About this file")
        self.message.setMargin(24)
        self.image_label = QLabel()
        self.image_label.setAccessibleName(f"Image {filename}")
        self.image_area = named(QScrollArea(), "Image", "Use the arrow keys to scroll")
        self.image_area.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.image_area.setWidget(self.image_label)
        self.pdf_view = named(QPdfView(), f"PDF {filename}", "Use the arrow keys and Page Down to scroll")
        self.pdf_view.setPageMode(QPdfView.PageMode.MultiPage)
        for page in (self.message, self.image_area, self.pdf_view):
            self.stack.addWidget(page)

        self.status = plain_label(selectable=True)
        self.status.setAccessibleName("Export result")
        self.status.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        named(self.buttons.button(QDialogButtonBox.StandardButton.Close), "Close")
        self.export_button = named(QPushButton("E&xport a copy…"), "Export a copy", "Write an unencrypted copy")
        self.buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.export_button.setVisible(export is not None)  # after adding: the box shows what it is given
        self.export_button.clicked.connect(self.export_copy)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.controls)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        fit_to_screen(self, 900, 760)
        self._show_content()

    @classmethod
    def for_stored(cls, vault: Vault, record_id: UUID, parent: QWidget | None = None) -> AttachmentViewer:
        """A viewer for a stored attachment; raises SafeguardError when its bytes are missing or altered."""
        stored = vault.attachments.get(record_id)
        data = vault.attachments.read_bytes(record_id)
        first = vault.attachments.history(record_id)[0]
        meta = stored.data
        viewer: AttachmentViewer

        def export() -> str | None:
            return export_attachment(viewer, vault, record_id)

        viewer = cls(
            meta.filename,
            data,
            meta.media_type,
            sha256=meta.sha256,
            added_by=first.author.name,
            added_at=first.recorded_at,
            export=export,
            parent=parent,
        )
        return viewer

    # -- building ------------------------------------------------------------------------

    def _tool(self, layout: QHBoxLayout, text: str, name: str, action: Callable[[], None]) -> QPushButton:
        button = named(QPushButton(text), name)
        button.clicked.connect(action)
        layout.addWidget(button)
        return button

    def _show_content(self) -> None:
        kind = self.media_type.lower()
        if not viewable_inside(kind):
            self._explain(
                f"Files of this type ({describe_media_type(kind)}) cannot be shown inside safeguard-desktop.\n\n"
                + (
                    "To open it in another program, export a copy. You will be warned first, "
                    "because the copy is not encrypted."
                    if self._export
                    else "Once it is saved, you can export a copy to open it in another program."
                )
            )
        elif kind == "application/pdf":
            self._show_pdf()
        else:
            self._show_image()

    def _explain(self, text: str) -> None:
        self.message.setText(text)
        self.stack.setCurrentWidget(self.message)
        self.controls.hide()

    def _show_image(self) -> None:
        buffer = QBuffer()
        buffer.setData(QByteArray(self._data))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        reader = QImageReader(buffer)
        # Phone photos of handwritten notes are often stored sideways with a rotation tag.
        reader.setAutoTransform(True)
        image = reader.read()
        buffer.close()
        if image.isNull():
            self._explain(
                "This image cannot be shown: the file may be damaged, or too large to display.\n\n"
                "Its fingerprint still matches the file that was attached."
            )
            return
        self._image = image
        self.stack.setCurrentWidget(self.image_area)
        self._render_image()

    def _show_pdf(self) -> None:
        buffer = QBuffer(self)
        buffer.setData(QByteArray(self._data))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        document = QPdfDocument(self)
        document.load(buffer)
        if document.status() != QPdfDocument.Status.Ready or document.pageCount() == 0:
            protected = document.error() == QPdfDocument.Error.IncorrectPassword
            self._explain(
                "This PDF is protected by a password and cannot be shown here."
                if protected
                else "This PDF cannot be shown: the file may be damaged.\n\n"
                "Its fingerprint still matches the file that was attached."
            )
            return
        # Both must outlive this method: QtPdf reads pages from the buffer as they are drawn.
        self._pdf_buffer, self.pdf_document = buffer, document
        self.pdf_view.setDocument(document)
        pages = document.pageCount()
        self.details["Type"].setText(f"{self.details['Type'].text()}, {pages} page{'s' if pages != 1 else ''}")
        self.fit_button.setText("&Fit to width")
        self.fit_button.setAccessibleName("Fit to width")
        self.stack.setCurrentWidget(self.pdf_view)
        self.fit()

    # -- zoom ----------------------------------------------------------------------------

    def page_count(self) -> int:
        """How many pages the PDF shown has (0 when no PDF is shown)."""
        return self.pdf_document.pageCount() if self.pdf_document is not None else 0

    def showing(self) -> str:
        """What is on screen: "image", "pdf" or "message"."""
        current = self.stack.currentWidget()
        return "image" if current is self.image_area else "pdf" if current is self.pdf_view else "message"

    def fit(self) -> None:
        """Fit the image to the window, or the PDF's pages to its width."""
        self._fit = True
        if self.showing() == "pdf":
            self.pdf_view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
            self.zoom_label.setText("Fitted to width")
        else:
            self._render_image()

    def actual_size(self) -> None:
        """Show at 100%."""
        self._set_zoom(1.0)

    def zoom_by(self, factor: float) -> None:
        """Zoom in (factor > 1) or out from the current size."""
        if self.showing() == "message":
            return
        current = self.pdf_view.zoomFactor() if self.showing() == "pdf" else self._zoom
        self._set_zoom(current * factor)

    def _set_zoom(self, zoom: float) -> None:
        self._fit = False
        self._zoom = max(_MIN_ZOOM, min(_MAX_ZOOM, zoom))
        if self.showing() == "pdf":
            self.pdf_view.setZoomMode(QPdfView.ZoomMode.Custom)
            self.pdf_view.setZoomFactor(self._zoom)
            self.zoom_label.setText(f"{self._zoom:.0%}")
        else:
            self._render_image()

    def _render_image(self) -> None:
        if self._image.isNull():
            return
        if self._fit:
            room = self.image_area.viewport().size() - QSize(4, 4)
            scale = min(room.width() / self._image.width(), room.height() / self._image.height())
            # Never enlarge a small picture past its own size when fitting: it only blurs.
            self._zoom = max(_MIN_ZOOM, min(1.0, scale))
        size = QSize(max(1, round(self._image.width() * self._zoom)), max(1, round(self._image.height() * self._zoom)))
        scaled = self._image.scaled(
            size, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
        )
        self.image_label.setPixmap(QPixmap.fromImage(scaled))
        self.image_label.resize(scaled.size())
        self.zoom_label.setText(f"{self._zoom:.0%}" + (" (fitted to window)" if self._fit else ""))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._fit and self.showing() == "image":
            self._render_image()

    # -- export --------------------------------------------------------------------------

    def export_copy(self) -> None:
        """Export through the warning and the save dialog; say how it went."""
        if self._export is None:
            return
        outcome = self._export()
        if outcome is not None:
            self.status.setText(outcome)
            self.status.show()
