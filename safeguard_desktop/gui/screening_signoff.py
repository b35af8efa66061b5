"""Confirming a screening's sign-off, with the reason when it corrects a signed-off one."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QVBoxLayout, QWidget

from safeguard_desktop.gui.concern_dialog import REASON_NEEDED
from safeguard_desktop.gui.screening_grades import MIN_TARGET
from safeguard_desktop.gui.widgets import ErrorLabel, Field, heading, named, plain_label, text_edit


class SignOffDialog(QDialog):
    """Asks "Sign off this screening?"; a correction must say why. Emits `confirmed(reason)`."""

    confirmed = Signal(str)

    def __init__(self, correction: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.correction = correction
        self.setWindowTitle("Sign off screening — safeguard-desktop")
        self.error = ErrorLabel()
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Sign off this correction?" if correction else "Sign off this screening?", level=2))
        layout.addWidget(
            plain_label(
                "It becomes a new version of the signed-off screening. The earlier version stays readable in "
                "the record's history, with your reason."
                if correction
                else "It becomes a record in the child's chronology, signed off by you now. After this it changes "
                "only by a new version, with a reason."
            )
        )
        self.reason = text_edit("Reason for the correction", "Why this is being corrected", rows=3)
        self.reason_field = Field(self.reason)
        if correction:
            form = QFormLayout()
            form.addRow("&Reason for the\ncorrection", self.reason_field)
            layout.addLayout(form)
        else:
            self.reason_field.hide()
        self.buttons = QDialogButtonBox()
        self.confirm_button = named(
            self.buttons.addButton("&Sign off", QDialogButtonBox.ButtonRole.AcceptRole), "Confirm sign-off"
        )
        self.cancel_button = named(self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel), "Cancel")
        for button in (self.confirm_button, self.cancel_button):
            button.setMinimumHeight(MIN_TARGET)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        if correction:
            self.reason.setFocus()
        else:
            self.confirm_button.setFocus()

    def accept(self) -> None:
        """Confirm, once a correction has its reason."""
        reason = self.reason.toPlainText().strip()
        if self.correction and not reason:
            self.reason_field.error.show_error(REASON_NEEDED)
            self.reason.setFocus()
            return
        super().accept()
        self.confirmed.emit(reason)
