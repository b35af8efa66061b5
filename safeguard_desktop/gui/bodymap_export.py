"""Saving and printing a child's combined body map: warned, written privately, logged."""

from __future__ import annotations

from pathlib import Path
from uuid import UUID

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtGui import QPageLayout, QPageSize
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QWidget

from safeguard_desktop.chronology.export import ExportedFile, initials, save_export
from safeguard_desktop.domain.bodymap import marks_in_context, marks_whose_body_unsaid
from safeguard_desktop.domain.ukdates import format_date, uk_today
from safeguard_desktop.errors import SafeguardError
from safeguard_desktop.gui.chronology_export import print_pdf, save_error_text
from safeguard_desktop.gui.disclosure_dialog import ask_disclosure, still_there
from safeguard_desktop.pdf.bodymap import body_map_pdf
from safeguard_desktop.pdf.document import PageFrame
from safeguard_desktop.vault.session import Vault

WARNING = (
    "The file will NOT be encrypted. Anyone who can open the folder you choose can see this child's "
    "body map.\n\nSave it only where your organisation allows, share it securely, and delete it when "
    "it is no longer needed. The export will be logged in the vault's audit trail."
)


def body_map_file(vault: Vault, child_id: UUID) -> ExportedFile:
    """The child's combined body map as an A4 PDF: the marks on their body in every current concern."""
    child = vault.children.get(child_id).data
    concerns = [stored.data for stored in vault.concerns.list(linked_to=child_id)]
    born = f"Date of birth {format_date(child.date_of_birth)}" if child.date_of_birth else ""
    frame = PageFrame(
        heading=f"Body map — {child.title()}",
        subheading=born,
        demo=vault.is_demo,
        generated_by=vault.practitioner.name,
    )
    unsaid = marks_whose_body_unsaid(concerns, child_id)
    content = body_map_pdf(marks_in_context(concerns, child_id), child.title(), frame, unsaid=unsaid)
    name = f"body-map-{initials(child)}-{uk_today().isoformat()}.pdf"
    return ExportedFile(child_id=child_id, what="body_map.pdf", content=content, file_name=name)


def _tell(parent: QWidget, text: str, icon: QMessageBox.Icon = QMessageBox.Icon.Information) -> None:
    box = QMessageBox(icon, "Body map", text, QMessageBox.StandardButton.Ok, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.exec()


def save_body_map(parent: QWidget, vault: Vault, child_id: UUID) -> Path | None:
    """Warn, ask where, then write the PDF owner-only and log it; return the path saved."""
    answer = QMessageBox.warning(
        parent,
        "Save body map as PDF",
        WARNING,
        QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel,
    )
    if answer != QMessageBox.StandardButton.Save:
        return None
    try:
        exported = body_map_file(vault, child_id)
    except SafeguardError as exc:
        _tell(parent, exc.message, QMessageBox.Icon.Warning)
        return None
    disclosure = ask_disclosure(parent, exported.what, vault=vault)
    if disclosure is None or not still_there(parent, vault):  # cancelled, or locked meanwhile
        return None
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation) or str(Path.home())
    chosen, _ = QFileDialog.getSaveFileName(
        parent, "Save the body map as PDF", str(Path(folder) / exported.file_name), "PDF files (*.pdf)"
    )
    if not chosen:
        return None
    path = Path(chosen) if chosen.lower().endswith(".pdf") else Path(f"{chosen}.pdf")
    try:
        save_export(vault, exported, path, disclosure)
    except Exception as exc:  # disk full, no permission, vault locked: said in words
        _tell(parent, save_error_text(exc), QMessageBox.Icon.Warning)
        return None
    _tell(parent, f"The body map was saved as {path}.\n\nThe file is not encrypted. The export has been logged.")
    return path


def print_body_map(parent: QWidget, vault: Vault, child_id: UUID) -> int:
    """Print the body map through the system's print dialog, and log it; return pages sent."""
    try:
        exported = body_map_file(vault, child_id)
    except SafeguardError as exc:
        _tell(parent, exc.message, QMessageBox.Icon.Warning)
        return 0
    disclosure = ask_disclosure(parent, "body_map.print", vault=vault)
    if disclosure is None or not still_there(parent, vault):  # cancelled, or locked meanwhile
        return 0
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    printer.setFullPage(True)  # the PDF carries its own margins
    printer.setDocName("Body map")  # print queues are visible to others: no name in it
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle("Print the body map — safeguard-desktop")
    if dialog.exec() != QDialog.DialogCode.Accepted.value:
        return 0
    try:
        # Logged in the same step: a failed print is not logged, and a vault that locked
        # while the print dialog was open refuses before anything is sent.
        with vault.recording_export("body_map.print", exported.content, child_id, disclosure):
            sent = print_pdf(printer, exported.content)
    except (OSError, SafeguardError) as exc:
        _tell(parent, save_error_text(exc), QMessageBox.Icon.Warning)
        return 0
    return sent
