"""Parts of the subject access bundle editor: the exemption question, and a record's text with its spans."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QVBoxLayout, QWidget

from safeguard_desktop.governance.bundle import exemption, exemptions
from safeguard_desktop.governance.record_text import Section
from safeguard_desktop.gui.widgets import fit_to_screen, heading, line_edit, named, plain_label

__all__ = ["ExemptionDialog", "section_text"]


def section_text(sections: list[Section]) -> tuple[str, list[tuple[int, int]]]:
    """The sections as one text (label line, then the words), and where each section's words start and end."""
    parts: list[str] = []
    spans: list[tuple[int, int]] = []
    at = 0
    for label, text in sections:
        head = f"{label}\n"
        parts.append(head)
        at += len(head)
        spans.append((at, at + len(text)))
        parts.append(text + "\n\n")
        at += len(text) + 2
    return "".join(parts), spans


class ExemptionDialog(QDialog):
    """Ask which exemption applies, with its explanation, and the reason for the schedule."""

    def __init__(self, title: str, what: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"{title} — safeguard-desktop")
        self.exemption = named(QComboBox(), "Exemption")
        for item in exemptions():
            self.exemption.addItem(item.short_name, item.id)
        self.explanation = plain_label()
        self.explanation.setAccessibleName("What the exemption covers")
        self.note = line_edit("Reason shown in the schedule", "Optional; do not repeat what is withheld")
        buttons = QDialogButtonBox()
        self.ok_button = named(buttons.addButton(f"&{title}", QDialogButtonBox.ButtonRole.AcceptRole), title)
        named(buttons.addButton(QDialogButtonBox.StandardButton.Cancel), "Cancel")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("&Exemption", self.exemption)
        form.addRow("", self.explanation)
        form.addRow("&Reason (printed)", self.note)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(title, level=2))
        layout.addWidget(plain_label(what))
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.exemption.currentIndexChanged.connect(self._explain)
        self._explain()
        fit_to_screen(self, 560, 360)

    def _explain(self) -> None:
        chosen = exemption(str(self.exemption.currentData()))
        self.explanation.setText(f"{chosen.provision}. {chosen.explanation}\n{chosen.dpo_note}")

    def chosen(self) -> tuple[str, str]:
        """The exemption's ID and the reason typed."""
        return str(self.exemption.currentData()), self.note.text()
