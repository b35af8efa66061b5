"""Export ▸ PDF / CSV (internal or for external partners) and Print… for one child's chronology.

Threads: the vault is only ever used on the GUI thread. Reading the rows (`gather`) is quick
and happens here; laying them out (`render_pdf`, several seconds for thousands of rows) needs
no vault and runs on a worker; writing the file and logging the export happen back on the
GUI thread, so the audit entry is made by the same thread as every other vault call. A lock
while a render runs cancels it (worker.cancel_all) and nothing is written.

Printing rasterises the same PDF, page by page from memory (QtPdf over a QBuffer), onto the
printer: what is printed is exactly what an export would contain, marking and all.
"""

from __future__ import annotations

import errno
from collections.abc import Callable
from pathlib import Path
from typing import Any
from uuid import UUID

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, QPoint, QRect, QSize, QStandardPaths, Qt
from PySide6.QtGui import QAction, QKeySequence, QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QProgressDialog, QWidget

from safeguard_desktop.chronology.export import (
    EXTERNAL_NOTE,
    ChronologySnapshot,
    ExportedFile,
    gather,
    render_csv,
    save_export,
    suggested_file_name,
)
from safeguard_desktop.chronology.export_pdf import render_pdf
from safeguard_desktop.chronology.timeline import TimelineFilter
from safeguard_desktop.governance.disclosure import Disclosure
from safeguard_desktop.gui.disclosure_dialog import ask_disclosure, still_there
from safeguard_desktop.gui.worker import error_text, run_in_background

PRINT_DPI = 300  # sharp on paper, and one page image stays well under 50 MB
UNENCRYPTED_WARNING = (
    "The file will NOT be encrypted. Anyone who can open the folder you choose can read this "
    "child's chronology.\n\nSave it only where your organisation allows, share it securely, and "
    "delete it when it is no longer needed. The export will be logged in the vault's audit trail."
)
_FORMATS = {"pdf": ("PDF", "PDF files (*.pdf)"), "csv": ("CSV", "CSV files (*.csv)")}


def save_error_text(exc: BaseException) -> str:
    """A sentence for a failed save: the reason in words, never a traceback."""
    if isinstance(exc, OSError):
        if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
            return "The file could not be saved: there is not enough space on that drive. Nothing was saved."
        if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            return (
                "The file could not be saved: you do not have permission to save in that folder. Please choose another."
            )
        if exc.errno in (errno.ENOENT, errno.ENOTDIR):
            return "The file could not be saved: that folder no longer exists. Please choose another."
        reason = exc.strerror or "the system refused"
        return f"The file could not be saved ({reason}). Nothing was saved."
    return error_text(exc)


def print_pdf(printer: QPrinter, content: bytes, *, dpi: int = PRINT_DPI) -> int:
    """Draw each page of a PDF held in memory onto `printer`; return how many pages were sent.

    Honours the page range chosen in the print dialog. Raises OSError when the printer cannot
    be started (no printer, output file not writable).
    """
    buffer = QBuffer()
    buffer.setData(QByteArray(content))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    document.load(buffer)
    if document.status() != QPdfDocument.Status.Ready:
        raise OSError(errno.EIO, "the document could not be prepared for printing")
    count = document.pageCount()
    first = max(printer.fromPage(), 1) - 1
    last = (printer.toPage() or count) - 1
    pages = range(first, min(last, count - 1) + 1)
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError(errno.EIO, "the printer could not be started")
    sent = 0
    try:
        for index, page in enumerate(pages):
            if index:
                printer.newPage()
            size = document.pagePointSize(page)
            image = document.render(page, QSize(round(size.width() * dpi / 72), round(size.height() * dpi / 72)))
            # Fit the page image to the paper, keeping its shape, centred.
            target = printer.pageLayout().fullRectPixels(printer.resolution())
            scaled = image.size().scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
            origin = QPoint(
                target.x() + (target.width() - scaled.width()) // 2,
                target.y() + (target.height() - scaled.height()) // 2,
            )
            painter.drawImage(QRect(origin, scaled), image)
            sent += 1
    finally:
        painter.end()
        document.close()
        buffer.close()
    return sent


class ChronologyExporter(QObject):
    """The export and print actions for one child's chronology window.

    `child` is the child's stored record (or just its ID); `get_filter` returns the filter the
    window shows, or None when the window has just shown the person what is wrong with it.
    """

    def __init__(
        self,
        parent: QWidget,
        vault: Any,
        child: Any,
        get_filter: Callable[[], TimelineFilter | None],
    ) -> None:
        super().__init__(parent)
        self.parent_widget = parent
        self.vault: Any = vault
        self.child_id: UUID = child if isinstance(child, UUID) else child.record_id
        self.get_filter = get_filter
        self.busy = False
        self.message_box: QMessageBox | None = None
        self.progress: QProgressDialog | None = None
        self._job: object | None = None
        self.export_pdf_action = self._action(
            "Export &PDF…", "Ctrl+Shift+E", lambda: self.export("pdf", external=False), "Save this chronology as a PDF"
        )
        self.export_csv_action = self._action(
            "Export &CSV…",
            "",
            lambda: self.export("csv", external=False),
            "Save this chronology as a spreadsheet (CSV)",
        )
        self.external_pdf_action = self._action(
            "Export for external partners (PDF)…",
            "",
            lambda: self.export("pdf", external=True),
            "A PDF without the names of the staff who recorded entries",
        )
        self.external_csv_action = self._action(
            "Export for external partners (CSV)…",
            "",
            lambda: self.export("csv", external=True),
            "A CSV without the names of the staff who recorded entries",
        )
        self.print_action = self._action(
            "&Print…", QKeySequence.StandardKey.Print, self.print_, "Print this chronology"
        )
        self.actions = (
            self.export_pdf_action,
            self.export_csv_action,
            self.external_pdf_action,
            self.external_csv_action,
            self.print_action,
        )

    def _action(self, text: str, shortcut: QKeySequence | str, slot: Callable[[], object], tip: str) -> QAction:
        action = QAction(text, self.parent_widget)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.setToolTip(tip)
        action.setStatusTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        return action

    # -- shared steps ----------------------------------------------------------------------

    def _snapshot(self, external: bool) -> ChronologySnapshot | None:
        flt = self.get_filter()
        if flt is None or self.vault is None or self.busy:
            return None
        try:
            return gather(self.vault, self.child_id, flt, external=external)
        except Exception as exc:  # a locked vault or a withdrawn child: said in words
            self._tell("Export", error_text(exc), QMessageBox.Icon.Warning)
            return None

    def _ask(self, title: str, text: str, yes: QMessageBox.StandardButton) -> bool:
        box = QMessageBox(QMessageBox.Icon.Warning, f"{title} — safeguard-desktop", text, parent=self.parent_widget)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setStandardButtons(yes | QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.setAccessibleName(title)
        box.exec()
        return box.standardButton(box.clickedButton()) == yes

    def _tell(self, title: str, text: str, icon: QMessageBox.Icon = QMessageBox.Icon.Information) -> None:
        box = QMessageBox(icon, f"{title} — safeguard-desktop", text, QMessageBox.StandardButton.Ok, self.parent_widget)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setAccessibleName(title)
        box.finished.connect(lambda _: box.deleteLater())
        self.message_box = box
        box.open()

    def _render_in_background(
        self, render: Callable[[], ExportedFile], label: str, done: Callable[[ExportedFile], None]
    ) -> None:
        job = object()
        self._job = job
        self._set_busy(True)
        progress = QProgressDialog(label, "Cancel", 0, 0, self.parent_widget)
        progress.setWindowTitle("Preparing — safeguard-desktop")
        progress.setAccessibleName(label)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(400)  # a quick export never flashes a dialog
        progress.canceled.connect(self._cancel)
        self.progress = progress

        def succeeded(result: object) -> None:
            if self._job is job and isinstance(result, ExportedFile):
                self._finish()
                done(result)

        def failed(exc: BaseException) -> None:
            if self._job is job:
                self._finish()
                self._tell("Export", error_text(exc), QMessageBox.Icon.Warning)

        run_in_background(render, succeeded, failed, self)

    def _cancel(self) -> None:
        # The render cannot be interrupted; its result is dropped and nothing is written.
        self._finish()

    def _finish(self) -> None:
        self._job = None
        self._set_busy(False)
        if self.progress is not None:
            self.progress.canceled.disconnect(self._cancel)
            self.progress.reset()
            self.progress.deleteLater()
            self.progress = None

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        for action in self.actions:
            action.setEnabled(not busy and self.vault is not None)

    def put_away(self) -> None:
        """The vault is locking: forget it, drop any render under way, close our messages."""
        self._finish()
        self.vault = None
        self._set_busy(False)
        if self.message_box is not None:
            try:
                self.message_box.reject()
            except RuntimeError:  # already deleted by Qt
                pass
            self.message_box = None

    # -- export ----------------------------------------------------------------------------

    def export(self, fmt: str, *, external: bool) -> None:
        """Warn that the file is unencrypted, ask where, render, then write and log."""
        snap = self._snapshot(external)
        if snap is None:
            return
        kind, pattern = _FORMATS[fmt]
        title = f"Export {'for external partners ' if external else ''}({kind})"
        text = UNENCRYPTED_WARNING + (f"\n\n{EXTERNAL_NOTE}" if external else "")
        if not self._ask(title, text, QMessageBox.StandardButton.Save):
            return
        disclosure = ask_disclosure(
            self.parent_widget, f"chronology.{'external_' if external else ''}{fmt}", vault=self.vault
        )
        if disclosure is None or not still_there(self.parent_widget, self.vault):  # cancelled, or locked meanwhile
            return
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation) or str(Path.home())
        chosen, _ = QFileDialog.getSaveFileName(
            self.parent_widget,
            f"Save the chronology as {kind}",
            str(Path(folder) / suggested_file_name(snap, fmt)),
            pattern,
        )
        if not chosen:
            return
        path = Path(chosen)
        if path.suffix.lower() != f".{fmt}":
            path = path.with_name(f"{path.name}.{fmt}")
            # The save dialog only asked about the name as typed, not with the ending added.
            if path.exists() and not self._ask(
                "Replace file", f"{path.name} already exists. Replace it?", QMessageBox.StandardButton.Save
            ):
                return
        render = render_pdf if fmt == "pdf" else render_csv
        self._render_in_background(
            lambda: render(snap),
            f"Preparing the chronology ({kind})…",
            lambda exported: self._save(exported, path, disclosure),
        )

    def _save(self, exported: ExportedFile, path: Path, disclosure: Disclosure) -> None:
        if self.vault is None:
            return
        try:
            save_export(self.vault, exported, path, disclosure)
        except Exception as exc:  # disk full, no permission, vault locked: said in words
            self._tell("Export", save_error_text(exc), QMessageBox.Icon.Warning)
            return
        self._tell(
            "Export", f"The chronology was saved as {path}.\n\nThe file is not encrypted. The export has been logged."
        )

    # -- print -----------------------------------------------------------------------------

    def print_(self) -> None:
        """Prepare the PDF, then print it through the system's print dialog."""
        snap = self._snapshot(external=False)
        if snap is None:
            return
        disclosure = ask_disclosure(self.parent_widget, "chronology.print", vault=self.vault)
        if disclosure is None or not still_there(self.parent_widget, self.vault):  # cancelled, or locked meanwhile
            return
        self._render_in_background(
            lambda: render_pdf(snap),
            "Preparing the chronology for printing…",
            lambda exported: self._print(exported, disclosure),
        )

    def _print(self, exported: ExportedFile, disclosure: Disclosure) -> None:
        if self.vault is None:
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        printer.setPageOrientation(QPageLayout.Orientation.Landscape)
        printer.setFullPage(True)  # the PDF carries its own margins
        printer.setDocName("Chronology")  # print queues are visible to others: no name in it
        document = QPdfDocument()
        buffer = QBuffer()
        buffer.setData(QByteArray(exported.content))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        document.load(buffer)
        pages = document.pageCount()
        document.close()
        dialog = QPrintDialog(printer, self.parent_widget)
        dialog.setWindowTitle("Print the chronology — safeguard-desktop")
        dialog.setMinMax(1, max(pages, 1))
        if dialog.exec() != QDialog.DialogCode.Accepted.value:
            return
        if self.vault is None:  # locked while the print dialog was open: nothing goes out
            return
        try:
            # Logged in the same step as the print: a print that fails is not logged, and
            # nothing is printed once the log can no longer be kept.
            with self.vault.recording_export("chronology.print", exported.content, exported.child_id, disclosure):
                sent = print_pdf(printer, exported.content)
        except OSError as exc:  # no printer, output not writable: said in words
            reason = exc.strerror or "the printer refused it"
            self._tell("Print", f"The chronology could not be printed ({reason}).", QMessageBox.Icon.Warning)
            return
        except Exception as exc:
            self._tell("Print", error_text(exc), QMessageBox.Icon.Warning)
            return
        self._tell("Print", f"{sent} page{'s' if sent != 1 else ''} sent to the printer. The print has been logged.")
