"""Confirming a lawful disposal: what goes, what stays, which backups still hold it, then dispose.

Disposal cannot be undone, so the dialog shows exactly what will be removed (counts by kind),
the records kept because another child's file needs them, and the backups that will still
hold the file until they age out. The practitioner types the child's family name to confirm,
as for deleting anything else that matters. A file that may not be disposed of (held, not yet
due, or disputed) says why at once and cannot be confirmed; one found at the last moment is
said in words and nothing changes.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from safeguard_desktop.domain.ukdates import format_date, to_uk
from safeguard_desktop.governance.destruction import counts_text
from safeguard_desktop.governance.disposal import ChildFile, DisposalRefused, dispose, file_of, refusal
from safeguard_desktop.gui.widgets import ErrorLabel, heading, line_edit, named, plain_label
from safeguard_desktop.gui.worker import error_text

__all__ = ["DisposeDialog", "confirm_and_dispose"]


def _kept_text(file: ChildFile) -> str:
    kept: dict[str, int] = {}
    for kind, _rid in file.shared:
        kept[kind] = kept.get(kind, 0) + 1
    lines = []
    if kept:
        lines.append(
            f"{counts_text(kept)}: shared with another child still in the vault (or, for an adult, named in "
            "another file), so kept for that file."
        )
    if file.professionals:
        n = len(file.professionals)
        lines.append(f"{n} {'professional' if n == 1 else 'professionals'}: never part of a child's file, so kept.")
    return "\n".join(lines) or "Nothing: no record of this file is shared with another child."


def _backups_text(file: ChildFile) -> str:
    if not file.backups:
        return "None: no backup made since this file began still holds it."
    lines = [
        f"{b.path}\n    made {format_date(to_uk(b.made_at).date())}; holds the file until it ages out on "
        f"{format_date(to_uk(b.until).date())}, or until it is deleted"
        for b in file.backups
    ]
    return "\n".join(lines)


class DisposeDialog(QDialog):
    """Shows the file and asks for the family name; `dispose_now()` runs the disposal."""

    def __init__(
        self, vault: Any, child_id: UUID, rule_id: str, rule_source: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.vault: Any = vault
        self.child_id = child_id
        self.rule_id, self.rule_source = rule_id, rule_source
        self.file = file_of(vault, child_id)
        child = vault.children.get(child_id).data
        self.family_name: str = child.family_name
        self.entry: Any = None
        refused = refusal(vault, child_id)
        self.refused: str = refused.message if refused is not None else ""
        self.setWindowTitle("Dispose of a child's file — safeguard-desktop")
        self.setAccessibleName("Dispose of a child's file")

        self.removed = self._panel(
            f"{counts_text(self.file.counts_by_kind())}, with every earlier version ({self.file.versions} in all) "
            "and the bytes of its attachments",
            "What will be removed",
        )
        self.kept = self._panel(_kept_text(self.file), "What will be kept")
        self.backups = self._panel(_backups_text(self.file), "Backups that will still hold the file")
        self.rule = self._panel(f"{rule_id}\n{rule_source}", "Retention rule")
        self.confirm = line_edit("Type the child's family name to confirm", max_length=200)
        self.error = ErrorLabel()
        self.error.setAccessibleName("Why the file was not disposed of")
        self.buttons = QDialogButtonBox()
        self.dispose_button = named(
            self.buttons.addButton("&Dispose of the file", QDialogButtonBox.ButtonRole.DestructiveRole),
            "Dispose of the file",
            "Removes every record listed, for good",
        )
        self.cancel_button = named(self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel), "Cancel")
        self.cancel_button.setDefault(True)  # the safe choice

        layout = QVBoxLayout(self)
        layout.addWidget(heading(f"Dispose of the file of {child.full_name()}"))
        layout.addWidget(
            plain_label(
                "Every record listed will be removed from this vault for good: it cannot be undone or restored "
                "from within the app. The destruction log keeps the kinds and IDs removed, the rule, and who "
                "decided, but no name or content."
            )
        )
        form = QFormLayout()
        form.addRow("Will be removed:", self.removed)
        form.addRow("Will be kept:", self.kept)
        form.addRow("Backups still holding it:", self.backups)
        form.addRow("Rule:", self.rule)
        layout.addLayout(form)
        prompt = plain_label(f"To confirm, type the child's family name: {self.family_name}")
        layout.addWidget(prompt)
        label_row = QFormLayout()
        label_row.addRow("&Family name", self.confirm)
        layout.addLayout(label_row)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

        self.confirm.textChanged.connect(lambda _: self._update())
        self.dispose_button.clicked.connect(self.dispose_now)
        self.buttons.rejected.connect(self.reject)
        if self.refused:
            self.error.show_error(self.refused)
        self._update()
        self.setMinimumWidth(620)
        self.confirm.setFocus()

    @staticmethod
    def _panel(text: str, name: str) -> Any:
        label = plain_label(text, selectable=True)
        label.setAccessibleName(name)
        label.setFrameShape(QFrame.Shape.StyledPanel)
        label.setMargin(4)
        return label

    def _matches(self) -> bool:
        typed = " ".join(self.confirm.text().split()).casefold()
        return bool(typed) and typed == " ".join(self.family_name.split()).casefold()

    def _update(self) -> None:
        self.dispose_button.setEnabled(not self.refused and self._matches())

    def dispose_now(self) -> None:
        """Dispose of the file; on success accept, otherwise say why and change nothing."""
        if self.refused or not self._matches():
            return
        self.error.clear()
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.entry = dispose(self.vault, self.child_id, rule_id=self.rule_id, rule_source=self.rule_source)
        except DisposalRefused as exc:
            self.refused = exc.message
            self.error.show_error(exc.message)
            self.dispose_button.setEnabled(False)
            return
        except Exception as exc:  # the vault locked, a busy database: said in words
            self.error.show_error(error_text(exc))
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.accept()


def _tell(parent: QWidget | None, title: str, text: str, icon: QMessageBox.Icon) -> None:
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.exec()


def confirm_and_dispose(parent: QWidget | None, vault: Any, child_id: UUID, rule_id: str, rule_source: str) -> bool:
    """Show what disposing of the child's file removes and keeps, ask for the family name, dispose.

    Returns True when the file was disposed of; False when cancelled, held or refused (each said).
    """
    try:
        dialog = DisposeDialog(vault, child_id, rule_id, rule_source, parent)
    except Exception as exc:  # no such child, the vault locked
        _tell(parent, "The file cannot be disposed of", error_text(exc), QMessageBox.Icon.Warning)
        return False
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted.value or dialog.entry is None:
            return False
        entry = dialog.entry
    finally:
        if shiboken6.isValid(dialog):  # gone already if its parent was closed while it was open
            dialog.deleteLater()
    backups = (
        f" {len(entry.backups)} backup{'s' if len(entry.backups) != 1 else ''} made before today still hold it "
        "until they age out; the destruction log lists them."
        if entry.backups
        else ""
    )
    _tell(
        parent,
        "File disposed of",
        f"The file was disposed of: {entry.records_removed} records ({counts_text(entry.counts_by_kind())}) "
        f"were removed and the destruction log records it.{backups}",
        QMessageBox.Icon.Information,
    )
    return True
