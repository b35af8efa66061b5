"""Parts of the subject access bundle editor: the exemption question, and a record's text with its spans."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from safeguard_desktop.governance.bundle import Exemption, exemption, exemptions
from safeguard_desktop.governance.record_text import Section
from safeguard_desktop.gui.widgets import fit_to_screen, heading, line_edit, named, plain_label

WIDTH = 560

__all__ = [
    "ExemptionDialog",
    "UnsavedWorkGuard",
    "ask_save_discard_cancel",
    "dropped_text",
    "pane",
    "section_text",
]


def _explanation(item: Exemption) -> str:
    return f"{item.provision}. {item.explanation}\n{item.dpo_note}"


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
        self.title = heading(title, level=2)
        self.about = plain_label(what)
        layout.addWidget(self.title)
        layout.addWidget(self.about)
        layout.addLayout(form)
        # Spare height goes below the questions, not between the heading and its text.
        layout.addStretch(1)
        layout.addWidget(buttons)
        self.exemption.currentIndexChanged.connect(self._explain)
        self._explain()
        fit_to_screen(self, WIDTH, 300)

    def showEvent(self, event: QShowEvent) -> None:
        """Once fonts are settled: as tall as the longest explanation needs at this width, and no taller."""
        super().showEvent(event)
        layout = self.layout()
        shown = self.explanation.text()
        heights = []
        for item in exemptions():
            self.explanation.setText(_explanation(item))
            heights.append(layout.totalHeightForWidth(self.width()))
        self.explanation.setText(shown)
        if max(heights, default=-1) > 0:
            fit_to_screen(self, self.width(), max(heights))

    def _explain(self) -> None:
        self.explanation.setText(_explanation(exemption(str(self.exemption.currentData()))))

    def chosen(self) -> tuple[str, str]:
        """The exemption's ID and the reason typed."""
        return str(self.exemption.currentData()), self.note.text()


def dropped_text(dropped: list[object]) -> str:
    """Say, in words, which records were taken out of the bundle (moved, disposed of or corrected) and why."""
    if not dropped:
        return ""
    # Each says its kind, date and reason (governance.bundle.Dropped.describe); never its title.
    lines = "\n".join(f"• {d.describe() if hasattr(d, 'describe') else d}" for d in dropped)
    heading = "A record no longer belongs" if len(dropped) == 1 else f"{len(dropped)} records no longer belong"
    return f"{heading} in this bundle:\n{lines}"


def pane(body: QWidget, caption: str, button: QPushButton | None = None) -> QWidget:
    """A captioned part of the editor (caption, then the text or list, then its button)."""
    pane = QWidget()
    layout = QVBoxLayout(pane)
    layout.setContentsMargins(0, 0, 0, 0)
    label = plain_label(caption)
    label.setBuddy(body)
    layout.addWidget(label)
    layout.addWidget(body, 1)
    if button is not None:
        row = QHBoxLayout()
        row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
    return pane


class UnsavedWorkGuard:
    """For the bundle editor (a QDialog with `saved` and `save()`): never lose unsaved work silently.

    Closing or Escape asks Save / Discard / Cancel; a lock, with nobody there to ask, saves instead.
    """

    saved: bool
    _leaving = False  # set once the person (or a lock) has settled what happens to unsaved work

    def save(self) -> bool:  # provided by the editor
        raise NotImplementedError

    def ask_to_leave(self) -> bool:
        """With unsaved work, ask Save / Discard / Cancel; say whether the editor may close."""
        if self.saved or self._leaving:
            return True
        assert isinstance(self, QWidget)
        answer = ask_save_discard_cancel(
            self,
            "This bundle has changes that are not saved: records chosen, withheld or redacted.",
            "Save them before closing? Discarding loses the redactions made since the last save.",
        )
        if answer == QMessageBox.StandardButton.Save:
            return self.save()  # a refused save keeps the editor open, its message shown
        return answer == QMessageBox.StandardButton.Discard

    def put_away(self) -> None:
        """On lock: keep unsaved work in the vault (nobody is there to ask), then close."""
        if not self.saved:
            self.save()
        self._leaving = True
        assert isinstance(self, QWidget)
        self.close()

    def reject(self) -> None:
        """Escape: close, asking first about unsaved work."""
        if self.ask_to_leave():
            self._leaving = True
            super().reject()  # type: ignore[misc]

    def closeEvent(self, event: QCloseEvent) -> None:
        """Closing the window asks first about unsaved work; Cancel keeps it open."""
        if not self.ask_to_leave():
            event.ignore()
            return
        self._leaving = True
        super().closeEvent(event)  # type: ignore[misc]


def ask_save_discard_cancel(parent: QWidget, text: str, detail: str) -> QMessageBox.StandardButton:
    """Ask what happens to unsaved work: Save (the default), Discard, or Cancel (Escape)."""
    box = QMessageBox(
        QMessageBox.Icon.Question,
        "Unsaved changes — safeguard-desktop",
        text,
        QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
        parent,
    )
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setInformativeText(detail)
    box.setDefaultButton(QMessageBox.StandardButton.Save)
    box.setEscapeButton(QMessageBox.StandardButton.Cancel)
    return QMessageBox.StandardButton(box.exec())
