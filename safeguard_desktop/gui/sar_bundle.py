"""The subject access bundle editor: choose the records, redact, and export the PDF.

The left list holds every record that names the person, ticked when it goes in the bundle.
The selected record's text is shown read-only; selecting words and choosing "Redact
selection…" asks for the exemption. The redacted result underneath is exactly what the PDF
prints. A redaction that no longer fits its record (the record changed) is flagged in the
list, and the export is refused until it is removed or redone.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from uuid import UUID

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from safeguard_desktop.errors import SafeguardError
from safeguard_desktop.governance.bundle import Bundle, Redaction, exemption, open_bundle, save_bundle
from safeguard_desktop.governance.bundle_document import BundleRecord, bundle_document, read_record
from safeguard_desktop.governance.people_search import NamingRecord, records_naming, stored_record
from safeguard_desktop.governance.record_text import people_names
from safeguard_desktop.governance.sar import SarRequest
from safeguard_desktop.gui.sar_bundle_layout import lay_out
from safeguard_desktop.gui.sar_exemption import (
    ExemptionDialog,
    UnsavedWorkGuard,
    dropped_text,
    section_text,
)
from safeguard_desktop.gui.widgets import ErrorLabel, fit_to_screen, named, plain_label, plain_tooltip
from safeguard_desktop.pdf.sar import export_bundle

__all__ = ["SarBundleWindow"]


class SarBundleWindow(UnsavedWorkGuard, QDialog):
    """Edit one request's bundle: records to include, redactions, save and export."""

    def __init__(self, vault: Any, request: SarRequest, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self.request = request
        self.bundle: Bundle = open_bundle(vault, request)
        self.candidates: list[NamingRecord] = records_naming(vault, request.person_id)
        known = {c.record_id for c in self.candidates}
        # A record chosen earlier that no longer names the person (its text was corrected) is
        # still in the bundle, so it stays in the list for the reviewer to see and untick.
        for record_id in self.bundle.chosen:
            if record_id not in known:
                stored = stored_record(vault, record_id)
                data = stored.data
                self.candidates.append(
                    NamingRecord(record_id, data.KIND, data.title(), stored.withdrawn, False, False, stored.recorded_at)
                )
        self._names = people_names(vault)
        self._current: BundleRecord | None = None
        self._spans: list[tuple[int, int]] = []
        self.dialog: QDialog | None = None
        self.saved = True
        self.setWindowTitle(f"Subject access bundle: {request.person_name} — safeguard-desktop")

        self.records = named(QListWidget(), "Records naming the person", "Tick a record to include it in the bundle")
        for found in self.candidates:
            item = QListWidgetItem()
            self._label_item(item, found)
            item.setData(Qt.ItemDataRole.UserRole, found.record_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            ticked = found.record_id in self.bundle.chosen
            item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
            self.records.addItem(item)
        # Long titles wrap onto a second line rather than hiding behind a sideways scroll bar (the
        # whole label is in the tooltip too); a single over-long word loses its middle, not its ends.
        self.records.setWordWrap(True)
        self.records.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.records.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.records.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        dropped = list(getattr(self.bundle, "dropped", None) or [])
        self.dropped_note = plain_label(dropped_text(dropped), selectable=True)
        self.dropped_note.setAccessibleName("Records taken out of the bundle")
        self.dropped_note.setVisible(bool(dropped))
        self.withhold_button = named(QPushButton("&Withhold record…"), "Withhold record")
        self.latest_button = named(QPushButton("Use &latest version"), "Use latest version")
        self.record_note = plain_label()
        self.record_note.setAccessibleName("About this record")
        self.text = named(QPlainTextEdit(), "Record text")
        self.text.setReadOnly(True)
        self.text.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.redact_button = named(QPushButton("&Redact selection…"), "Redact selection")
        self.redactions = named(QListWidget(), "Redactions in this record")
        self.remove_button = named(QPushButton("Re&move redaction"), "Remove redaction")
        self.result = named(QPlainTextEdit(), "Redacted result")
        self.result.setReadOnly(True)
        self.save_button = named(QPushButton("&Save"), "Save bundle")
        self.export_button = named(QPushButton("E&xport PDF…"), "Export PDF")
        self.status = plain_label()
        self.status.setAccessibleName("Bundle status")
        self.error = ErrorLabel()
        lay_out(self)
        self.records.currentRowChanged.connect(lambda _: self.show_record())
        self.records.itemChanged.connect(self._ticked)
        self.withhold_button.clicked.connect(self.ask_withhold)
        self.latest_button.clicked.connect(self.use_latest)
        self.redact_button.clicked.connect(self.ask_redact)
        self.remove_button.clicked.connect(self.remove_selected)
        self.save_button.clicked.connect(self.save)
        self.export_button.clicked.connect(self.export)
        fit_to_screen(self, 1100, 760)
        if self.candidates:
            self.records.setCurrentRow(0)
        self._refresh_summary()

    def _label_item(self, item: QListWidgetItem, found: NamingRecord) -> None:
        label = self._record_label(found)
        item.setText(label)  # list items are plain text
        item.setToolTip(plain_tooltip(label))

    def _record_label(self, found: NamingRecord) -> str:
        # The marks go first, where a narrow list does not cut them off.
        text = f"{found.kind_label()}: {found.title}"
        if found.withdrawn:
            text = f"Withdrawn in error — {text}"
        withheld = self.bundle.withheld_for(found.record_id)
        if withheld is not None:
            text = f"Withheld ({exemption(withheld.exemption).short_name}) — {text}"
        return text

    # -- the selected record ---------------------------------------------------------------

    def selected_id(self) -> UUID | None:
        """The record selected in the list."""
        item = self.records.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def _latest(self, record_id: UUID) -> UUID:
        return stored_record(self.vault, record_id).version_id

    def show_record(self) -> None:
        """Show the selected record's text, its redactions, and the redacted result."""
        record_id = self.selected_id()
        self.error.clear()
        if record_id is None:
            return
        try:
            version = self.bundle.chosen.get(record_id) or self._latest(record_id)
            self._current = read_record(self.vault, record_id, version, names=self._names)
        except SafeguardError as exc:
            self.error.show_error(exc.message)
            return
        text, self._spans = section_text(self._current.sections)
        self.text.setPlainText(text)
        notes = [self._current.kind_label()]
        if record_id not in self.bundle.chosen:
            notes.append("not in the bundle")
        if self._current.newer_version:
            notes.append("changed since it was chosen: check it, then use the latest version")
        self.record_note.setText(" · ".join(notes))
        self.latest_button.setEnabled(self._current.newer_version and record_id in self.bundle.chosen)
        self.redact_button.setEnabled(record_id in self.bundle.chosen)
        self._refresh_redactions()

    def _refresh_redactions(self) -> None:
        self.redactions.clear()
        record = self._current
        if record is None:
            return
        doc_record = self._document_record(record.record_id)
        for redaction in self.bundle.redactions_of(record.record_id):
            problem = redaction.problem(self.bundle.chosen.get(record.record_id), record.sections)
            label = record.sections[redaction.section][0] if redaction.section < len(record.sections) else "?"
            words = (
                record.sections[redaction.section][1][redaction.start : redaction.end]
                if not problem
                else "(the record has changed)"
            )
            text = f"{label}: “{words}” — {exemption(redaction.exemption).short_name}"
            if problem:
                text = f"Needs redoing: {text}. {problem}"
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, redaction)
            self.redactions.addItem(item)
        shown = doc_record.redacted if doc_record is not None else record.sections
        self.result.setPlainText(section_text(shown)[0])
        self.remove_button.setEnabled(self.redactions.count() > 0)

    def _document_record(self, record_id: UUID) -> BundleRecord | None:
        if record_id not in self.bundle.chosen:
            return None
        alone = Bundle(
            self.bundle.request_id, {record_id: self.bundle.chosen[record_id]}, self.bundle.redactions_of(record_id)
        )
        doc = bundle_document(self.vault, alone, self.request)
        return doc.records[0] if doc.records else None

    # -- choosing records ------------------------------------------------------------------

    def _ticked(self, item: QListWidgetItem) -> None:
        record_id = item.data(Qt.ItemDataRole.UserRole)
        if item.checkState() == Qt.CheckState.Checked:
            if record_id not in self.bundle.chosen:
                self.bundle.include(record_id, self._latest(record_id))
        else:
            self.bundle.exclude(record_id)
        self._changed()
        if record_id == self.selected_id():
            self.show_record()

    def ask_withhold(self) -> QDialog | None:
        """Ask the exemption under which the selected record is withheld entirely."""
        record_id = self.selected_id()
        if record_id is None:
            return None
        dialog = ExemptionDialog(
            "Withhold record",
            "The whole record is left out of the bundle and listed as withheld, with the exemption.",
            self,
        )
        dialog.accepted.connect(lambda: self.withhold(record_id, *dialog.chosen()))
        self.dialog = dialog
        dialog.open()
        return dialog

    def withhold(self, record_id: UUID, exemption_id: str, note: str) -> None:
        """Withhold a record entirely under an exemption."""
        self.bundle.withhold(record_id, exemption_id, note)
        for row in range(self.records.count()):
            item = self.records.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == record_id:
                found = next(c for c in self.candidates if c.record_id == record_id)
                self.records.blockSignals(True)
                item.setCheckState(Qt.CheckState.Unchecked)
                self._label_item(item, found)
                self.records.blockSignals(False)
        self._changed()
        self.show_record()

    def use_latest(self) -> None:
        """Move the selected record to its latest version; redactions made on the old one are flagged."""
        record_id = self.selected_id()
        if record_id is None or record_id not in self.bundle.chosen:
            return
        self.bundle.include(record_id, self._latest(record_id))
        self._changed()
        self.show_record()

    # -- redacting -------------------------------------------------------------------------

    def selection(self) -> tuple[int, int, int] | None:
        """The selected words as (section, start, end) within one section's text, or None."""
        cursor = self.text.textCursor()
        start, end = cursor.selectionStart(), cursor.selectionEnd()
        if start == end:
            return None
        for index, (first, last) in enumerate(self._spans):
            if first <= start and end <= last:
                return index, start - first, end - first
        return None

    def ask_redact(self) -> QDialog | None:
        """Ask the exemption for the selected words, then redact them."""
        record = self._current
        chosen = self.selection()
        if record is None:
            return None
        if chosen is None:
            self.error.show_error("Select words within one part of the record (not its heading) to redact them.")
            return None
        dialog = ExemptionDialog("Redact selection", "The selected words are removed from the bundle.", self)
        dialog.accepted.connect(lambda: self.redact(*chosen, *dialog.chosen()))
        self.dialog = dialog
        dialog.open()
        return dialog

    def redact(self, section: int, start: int, end: int, exemption_id: str, note: str) -> bool:
        """Redact words of the shown record; say whether it was done."""
        record = self._current
        if record is None:
            return False
        try:
            self.bundle.redact(record.record_id, record.sections, section, start, end, exemption_id, note)
        except SafeguardError as exc:
            self.error.show_error(exc.message)
            return False
        self.error.clear()
        self._changed()
        self._refresh_redactions()
        return True

    def remove_selected(self) -> None:
        """Remove the redaction selected in the list."""
        item = self.redactions.currentItem() or self.redactions.item(0)
        if item is None:
            return
        redaction: Redaction = item.data(Qt.ItemDataRole.UserRole)
        self.bundle.remove(redaction)
        self._changed()
        self._refresh_redactions()

    # -- saving and exporting --------------------------------------------------------------

    def _changed(self) -> None:
        self.saved = False
        self._refresh_summary()

    def _refresh_summary(self) -> None:
        text = (
            f"{len(self.bundle.chosen)} record(s) included, {len(self.bundle.withheld)} withheld, "
            f"{len(self.bundle.redactions)} redaction(s)."
        )
        self.status.setText(text + ("" if self.saved else " Not saved yet."))

    def save(self) -> bool:
        """Save the bundle; say whether it was saved."""
        try:
            save_bundle(self.vault, self.bundle)
        except SafeguardError as exc:
            self.error.show_error(exc.message)
            return False
        self.saved = True
        self.error.clear()
        self._refresh_summary()
        return True

    def export(self) -> Path | None:
        """Ask where, then write the PDF and log the disclosure to the requester; return the path written."""
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation) or str(Path.home())
        suggested = f"subject-access-{self.request.received.isoformat()}.pdf"
        chosen, _ = QFileDialog.getSaveFileName(
            self, "Save the subject access bundle as PDF", str(Path(folder) / suggested), "PDF (*.pdf)"
        )
        if not chosen:
            return None
        path = Path(chosen)
        if path.suffix.lower() != ".pdf":
            path = path.with_name(f"{path.name}.pdf")
        if not self.save():
            return None
        try:
            export_bundle(self.vault, self.bundle, self.request, path)
        except SafeguardError as exc:
            self.error.show_error(exc.message)
            return None
        except OSError as exc:
            self.error.show_error(f"The PDF could not be saved there ({exc.strerror or exc}). Choose another folder.")
            return None
        self.status.setText(f"Saved {path.name}, and logged as disclosed to {self.request.requester}.")
        return path
