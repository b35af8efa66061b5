"""Attachments on a concern or another record: add by file dialog or drag and drop, view, export.

Two modes. Before a concern is saved the panel holds the chosen files in memory
(`pending`), and the form stores them with `save_pending` once the concern has an id. For a
saved record (`show_for`) each file added is stored at once, linked to the record. Nothing
here alters or deletes evidence: an attachment added in error is withdrawn with a reason
and stays on the list, marked.
"""

from __future__ import annotations

import builtins
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from uuid import UUID

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from safeguard_desktop.domain.attachment import (
    MAX_ATTACHMENT_BYTES,
    SNIFF_BYTES,
    AttachmentMeta,
    check_attachment_size,
    describe_media_type,
    sniff_media_type,
)
from safeguard_desktop.gui.attachment_viewer import AttachmentViewer, export_attachment, format_size
from safeguard_desktop.gui.widgets import ErrorLabel, named, plain_label, plain_tooltip
from safeguard_desktop.gui.worker import error_text
from safeguard_desktop.vault.session import Vault
from safeguard_desktop.vault.store import Stored

HINT = (
    "Attach a staff member's original note, email or photo as evidence. "
    "Choose Add file… or drop files here. Files are kept encrypted in the vault and never changed."
)


@dataclass
class PendingFile:
    """A file chosen for a record that is not saved yet, held in memory only."""

    filename: str
    data: bytes
    media_type: str
    sha256: str
    description: str = ""


def read_evidence_file(path: Path, limit: int = MAX_ATTACHMENT_BYTES) -> PendingFile:
    """Read a file a person chose, refusing folders and files over the limit before reading them.

    Raises SafeguardError (DomainError) or OSError; the caller turns either into a sentence.
    """
    if path.is_dir():
        raise IsADirectoryError(f"{path.name} is a folder; please attach the files inside it instead.")
    check_attachment_size(path.stat().st_size, limit)
    data = path.read_bytes()
    check_attachment_size(len(data), limit)  # it may have grown since
    return PendingFile(
        path.name, data, sniff_media_type(path.name, data[:SNIFF_BYTES]), hashlib.sha256(data).hexdigest()
    )


def _problem(path: Path, exc: BaseException) -> str:
    if isinstance(exc, IsADirectoryError):
        return str(exc)
    if isinstance(exc, FileNotFoundError):
        return f"{path.name} could not be found; it may have been moved."
    if isinstance(exc, PermissionError):
        return f"{path.name} could not be read: you do not have permission to open it."
    if isinstance(exc, OSError):
        return f"{path.name} could not be read ({exc.strerror or 'unknown problem'})."
    return f"{path.name}: {error_text(exc)}"


_DIGEST_ROLE = Qt.ItemDataRole.UserRole


def _describe_item(item: QListWidgetItem, description: str) -> None:
    """The full fingerprint and the description, for the tooltip and screen readers."""
    detail = f"{item.text()}\nFull SHA-256: {item.data(_DIGEST_ROLE)}"
    if description:
        detail += f"\nDescription: {description}"
    item.setToolTip(plain_tooltip(detail))  # file names and descriptions are as people typed them
    item.setData(Qt.ItemDataRole.AccessibleTextRole, detail)


class AttachmentsPanel(QWidget):
    """A list of attached files with Add, View, Export and Withdraw; accepts dropped files."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._vault: Vault | None = None
        self._record_id: UUID | None = None
        self._child_id: UUID | None = None
        self._pending: list[PendingFile] = []
        self._stored: list[Stored[AttachmentMeta]] = []
        self.viewer: AttachmentViewer | None = None
        self.setAccessibleName("Attachments")
        self.setAcceptDrops(True)

        self.hint = plain_label(HINT)
        self.hint.setAccessibleName("About attachments")
        self.list = named(QListWidget(), "Attached files", "Press Enter to view the selected file")
        self.list.setAcceptDrops(False)  # drops land on the panel itself
        self.list.itemActivated.connect(lambda _item: self.view_selected())
        self.list.currentRowChanged.connect(lambda _row: self._update())
        self.description = named(
            QLineEdit(), "Description of the selected file", "For example: handwritten note from the class teacher"
        )
        self.description.setPlaceholderText("What this file is, for example: note from the class teacher")
        self.description.setMaxLength(500)
        self.description.textEdited.connect(self._description_edited)
        self.save_description_button = named(QPushButton("Save descriptio&n"), "Save description")
        self.save_description_button.clicked.connect(self.save_description)

        self.add_button = named(QPushButton("&Add file…"), "Add file", "Choose files to attach")
        self.view_button = named(QPushButton("&View"), "View the selected file")
        self.export_button = named(QPushButton("E&xport a copy…"), "Export a copy of the selected file")
        self.withdraw_button = named(QPushButton("&Withdraw…"), "Withdraw the selected file", "Added in error")
        self.remove_button = named(QPushButton("&Remove"), "Remove the selected file from this form")
        self.add_button.clicked.connect(self.choose_files)
        self.view_button.clicked.connect(self.view_selected)
        self.export_button.clicked.connect(self.export_selected)
        self.withdraw_button.clicked.connect(self.withdraw_selected)
        self.remove_button.clicked.connect(self.remove_selected)

        self.message = ErrorLabel()
        self.message.setAccessibleName("Attachment problem")
        self.info = plain_label(selectable=True)
        self.info.setAccessibleName("Attachment result")
        self.info.hide()

        buttons = QHBoxLayout()
        for button in (self.add_button, self.view_button, self.export_button, self.withdraw_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        description_label = plain_label("&Description:", wrap=False)
        description_label.setTextFormat(Qt.TextFormat.AutoText)  # our own words; lets & mark the shortcut
        description_label.setBuddy(self.description)
        description = QHBoxLayout()
        description.addWidget(description_label)
        description.addWidget(self.description, 1)
        description.addWidget(self.save_description_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.hint)
        layout.addWidget(self.list, 1)
        layout.addLayout(description)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        layout.addWidget(self.info)
        self.list.setMinimumHeight(self.list.fontMetrics().lineSpacing() * 5)
        self._refresh()

    # -- modes ---------------------------------------------------------------------------

    @property
    def is_pending_mode(self) -> bool:
        """True until the panel shows a saved record's attachments."""
        return self._record_id is None

    def pending(self) -> builtins.list[tuple[str, bytes, str, str]]:
        """Files waiting for the record to be saved: (filename, bytes, media type, description)."""
        return [(p.filename, p.data, p.media_type, p.description.strip()) for p in self._pending]

    def clear(self) -> None:
        """Back to an empty pending list (a new, unsaved record)."""
        self._vault, self._record_id, self._child_id = None, None, None
        self._pending, self._stored = [], []
        self._refresh()

    def save_pending(
        self, vault: Vault, linked_record_id: UUID, child_id: UUID | None = None
    ) -> builtins.list[Stored[AttachmentMeta]]:
        """Store every pending file linked to the newly saved record, all or none.

        Afterwards the panel shows the record's stored attachments.
        """
        with vault.batch():
            stored = [
                vault.attachments.add_bytes(
                    name, data, kind, child_id=child_id, linked_record_id=linked_record_id, description=text
                )
                for name, data, kind, text in self.pending()
            ]
        self._pending = []
        self.show_for(vault, linked_record_id, child_id=child_id)
        return stored

    def show_for(self, vault: Vault, record_id: UUID, *, child_id: UUID | None = None) -> None:
        """Show the attachments of the saved record `record_id`; files added now are stored at once."""
        self._vault, self._record_id, self._child_id = vault, record_id, child_id
        self._pending = []
        self._refresh()

    # -- adding --------------------------------------------------------------------------

    def choose_files(self) -> None:
        """Ask for files with the standard file dialog, then add them."""
        names, _ = QFileDialog.getOpenFileNames(self, "Attach files", str(Path.home()), "All files (*)")
        if names:
            self.add_files(names)

    def add_files(self, paths: Iterable[Path | str]) -> int:
        """Add these files (to the pending list, or to the vault for a saved record); return how many.

        Each file that cannot be attached is named with the reason; the others are still added.
        """
        problems: builtins.list[str] = []
        added = 0
        for raw in paths:
            path = Path(raw)
            try:
                chosen = read_evidence_file(path, self._limit())
                if self._record_id is None:
                    self._pending.append(chosen)
                else:
                    assert self._vault is not None
                    self._vault.attachments.add_bytes(
                        chosen.filename,
                        chosen.data,
                        chosen.media_type,
                        child_id=self._child_id,
                        linked_record_id=self._record_id,
                    )
                added += 1
            except Exception as exc:  # every refusal is explained; the other files still go in
                problems.append(_problem(path, exc))
        self._refresh(select_last=added > 0)
        self.message.show_error("\n".join(problems))
        if added:
            self._say("")
            self.changed.emit()
        return added

    def _limit(self) -> int:
        return self._vault.attachments.limit if self._vault is not None else MAX_ATTACHMENT_BYTES

    # -- drag and drop -------------------------------------------------------------------

    @staticmethod
    def _local_paths(event: QDragEnterEvent | QDragMoveEvent | QDropEvent) -> builtins.list[Path]:
        mime = event.mimeData()
        if not mime.hasUrls():
            return []
        return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._local_paths(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if self._local_paths(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = self._local_paths(event)
        if not paths:
            self.message.show_error("Only files from this computer can be attached.")
            event.ignore()
            return
        event.acceptProposedAction()
        self.add_files(paths)

    # -- the list ------------------------------------------------------------------------

    def rows(self) -> builtins.list[str]:
        """The text of each row, as shown."""
        return [self.list.item(i).text() for i in range(self.list.count())]

    def _refresh(self, *, select_last: bool = False) -> None:
        current = self.list.currentRow()
        self.list.blockSignals(True)
        self.list.clear()
        if self._vault is not None and self._record_id is not None:
            self._stored = self._vault.attachments.for_record(self._record_id, include_withdrawn=True)
            entries = [
                (s.data.filename, s.data.media_type, s.data.size, s.data.sha256, s.data.description, s.withdrawn)
                for s in self._stored
            ]
        else:
            self._stored = []
            entries = [(p.filename, p.media_type, len(p.data), p.sha256, p.description, False) for p in self._pending]
        for name, kind, size, digest, text, withdrawn in entries:
            shown = f"{name} — {describe_media_type(kind)}, {format_size(size)} — SHA-256 {digest[:12]}…"
            if withdrawn:
                shown = f"{shown} (withdrawn in error)"
            item = QListWidgetItem(shown)
            item.setData(_DIGEST_ROLE, digest)
            _describe_item(item, text)
            self.list.addItem(item)
        if self.list.count():
            row = self.list.count() - 1 if select_last or current < 0 else min(current, self.list.count() - 1)
            self.list.setCurrentRow(row)
        self.list.blockSignals(False)
        self._update()

    def _selected(self) -> int:
        row = self.list.currentRow()
        # The list and the files behind it can differ for a moment while the list is rebuilt.
        return row if 0 <= row < len(self._pending if self.is_pending_mode else self._stored) else -1

    def _update(self) -> None:
        row = self._selected()
        pending = self.is_pending_mode
        has = row >= 0
        withdrawn = has and not pending and self._stored[row].withdrawn
        self.view_button.setEnabled(has)
        self.export_button.setVisible(not pending)
        self.export_button.setEnabled(has and not pending)
        self.withdraw_button.setVisible(not pending)
        self.withdraw_button.setEnabled(has and not pending and not withdrawn)
        self.remove_button.setVisible(pending)
        self.remove_button.setEnabled(has and pending)
        self.description.setEnabled(has and not withdrawn)
        self.save_description_button.setVisible(not pending)
        text = ""
        if has:
            text = self._pending[row].description if pending else self._stored[row].data.description
        if self.description.text() != text:
            self.description.setText(text)
        self.save_description_button.setEnabled(False)

    def _description_edited(self, text: str) -> None:
        row = self._selected()
        if row < 0:
            return
        if self.is_pending_mode:
            self._pending[row].description = text
            _describe_item(self.list.item(row), text)
        else:
            self.save_description_button.setEnabled(text.strip() != self._stored[row].data.description)

    def save_description(self) -> None:
        """Record a corrected description for a stored file (a new version; the file is untouched)."""
        row = self._selected()
        if self._vault is None or row < 0:
            return
        stored = self._stored[row]
        data = stored.data.model_copy(update={"description": self.description.text().strip()})
        try:
            self._vault.attachments.amend(stored.record_id, data, "Description of the attached file updated")
        except Exception as exc:  # explained, never a traceback
            self.message.show_error(error_text(exc))
            return
        self.message.clear()
        self._refresh()
        self.changed.emit()

    # -- actions on the selected file ----------------------------------------------------

    def view_selected(self) -> AttachmentViewer | None:
        """Open the selected file in the in-memory viewer."""
        row = self._selected()
        if row < 0:
            return None
        try:
            if self.is_pending_mode:
                chosen = self._pending[row]
                viewer = AttachmentViewer(chosen.filename, chosen.data, chosen.media_type, parent=self)
            else:
                assert self._vault is not None
                viewer = AttachmentViewer.for_stored(self._vault, self._stored[row].record_id, self)
        except Exception as exc:  # a missing or altered file is reported, not shown
            self.message.show_error(error_text(exc))
            return None
        self.message.clear()
        viewer.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.viewer = viewer
        viewer.open()
        return viewer

    def export_selected(self) -> None:
        """Export a copy of the selected stored file, after the warning."""
        row = self._selected()
        if self._vault is None or row < 0 or self.is_pending_mode:
            return
        outcome = export_attachment(self, self._vault, self._stored[row].record_id)
        if outcome is not None:
            self._say(outcome)

    def withdraw_selected(self) -> None:
        """Withdraw a file attached in error, with a reason; it stays on the list, marked."""
        row = self._selected()
        if self._vault is None or row < 0 or self.is_pending_mode:
            return
        stored = self._stored[row]
        reason, ok = QInputDialog.getText(
            self,
            f"Withdraw {stored.data.filename} — safeguard-desktop",
            "Why is this file being withdrawn? It is kept, marked as withdrawn in error.",
            QLineEdit.EchoMode.Normal,
        )
        if not ok:
            return
        if not reason.strip():
            self.message.show_error("Please give a reason for withdrawing the file.")
            return
        try:
            self._vault.attachments.withdraw(stored.record_id, reason.strip())
        except Exception as exc:  # explained, never a traceback
            self.message.show_error(error_text(exc))
            return
        self.message.clear()
        self._refresh()
        self.changed.emit()

    def remove_selected(self) -> None:
        """Take a file off this unsaved form (nothing has been stored yet)."""
        row = self._selected()
        if row < 0 or not self.is_pending_mode:
            return
        del self._pending[row]
        self._refresh()
        self.changed.emit()

    def _say(self, text: str) -> None:
        self.info.setText(text)
        self.info.setVisible(bool(text))
