"""Ask to whom something is being disclosed, and why, before it leaves the vault.

Every export, print and copy asks this first, before the file or print dialog, so that the
disclosure log (governance.disclosure) can show an information governance lead who received
each copy and for what purpose. Cancel here and nothing is exported.
"""

from __future__ import annotations

import contextlib
from typing import Any

import shiboken6
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QVBoxLayout, QWidget

from safeguard_desktop.errors import SafeguardError
from safeguard_desktop.governance.disclosure import COMMON_RECIPIENTS, Disclosure, describe_export, recent_recipients
from safeguard_desktop.gui.widgets import ErrorLabel, heading, line_edit, named, plain_label

__all__ = ["DisclosureDialog", "ask_disclosure", "recipients_to_offer", "still_there"]


def recipients_to_offer(vault: Any) -> list[str]:
    """Recipients already in this vault's log (most recent first), then the common ones, once each."""
    recent: list[str] = []
    if vault is not None:
        # A locked vault still lets the person type a recipient: the list is only a convenience.
        with contextlib.suppress(Exception):
            recent = recent_recipients(vault)
    offered: list[str] = []
    for name in [*recent, *COMMON_RECIPIENTS]:
        if name.casefold() not in {o.casefold() for o in offered}:
            offered.append(name)
    return offered


class DisclosureDialog(QDialog):
    """A small modal dialog: "Who is this for?" and "Why is it being shared?" (both required)."""

    def __init__(
        self, what: str, recipients: list[str], parent: QWidget | None = None, *, recipient: str = "", purpose: str = ""
    ) -> None:
        super().__init__(parent)
        self.disclosure: Disclosure | None = None
        self.setWindowTitle("Who is this for? — safeguard-desktop")
        self.setModal(True)
        self.setAccessibleName("Who is this for, and why")
        self.what = plain_label(
            f"You are about to share: {describe_export(what)}.\n"
            "The disclosure log records who receives it and why, for your organisation's information governance."
        )
        self.what.setAccessibleName("What is being shared")
        # A wrapped label in a dialog takes the width it is given: give it room for two lines, not five.
        self.what.setMinimumWidth(460)
        self.recipient = named(QComboBox(), "Who is this for?", "Choose from the list or type a name")
        self.recipient.setEditable(True)
        self.recipient.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.recipient.addItems(recipients)
        self.recipient.setCurrentIndex(-1)
        self.recipient.setEditText(recipient)
        line = self.recipient.lineEdit()
        if line is not None:
            line.setPlaceholderText("For example MASH, Police, Parent or carer")
            line.setMaxLength(200)
        self.purpose = line_edit("Why is it being shared?", "For example: Section 47 enquiry", max_length=500)
        self.purpose.setText(purpose)
        self.problem = ErrorLabel()
        self.problem.setAccessibleName("Problem with the answers")
        self.buttons = QDialogButtonBox()
        self.ok_button = named(self.buttons.addButton("C&ontinue", QDialogButtonBox.ButtonRole.AcceptRole), "Continue")
        self.ok_button.setDefault(True)
        self.cancel_button = named(self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel), "Cancel")
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(heading("Who is this for, and why?", level=2))
        layout.addWidget(self.what)
        form = QFormLayout()
        form.addRow("&Who is this for?", self.recipient)
        form.addRow("W&hy is it being shared?", self.purpose)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        (self.purpose if recipient else self.recipient).setFocus()

    def _accept(self) -> None:
        try:
            self.disclosure = Disclosure(self.recipient.currentText(), self.purpose.text())
        except SafeguardError as exc:
            self.problem.show_error(exc.message)
            self.adjustSize()  # room for the message, not squeezed out of the words above it
            (self.purpose if self.recipient.currentText().strip() else self.recipient).setFocus()
            return
        self.accept()


def ask_disclosure(
    parent: QWidget | None,
    what: str,
    *,
    recipient: str = "",
    purpose: str = "",
    vault: Any = None,
    recent: bool = True,
) -> Disclosure | None:
    """Ask who `what` is for and why; None when the person cancels (then export nothing).

    None too when the dialog was destroyed while open (a lock closed the window under it):
    callers then return quietly, checking `still_there` before going on.

    `what` is an export name (``chronology.pdf``) or words; `recipient` and `purpose` fill the
    answers in advance. The list offers the recipients in `vault`'s log (or the parent's vault)
    unless `recent` is False: with a family watching the screen, past recipients such as the
    police must not be on show.
    """
    if vault is None:
        vault = getattr(parent, "vault", None)
    offered = recipients_to_offer(vault if recent else None)
    dialog = DisclosureDialog(what, offered, parent, recipient=recipient, purpose=purpose)
    try:
        code = dialog.exec()
        if not shiboken6.isValid(dialog) or code != QDialog.DialogCode.Accepted.value:
            return None
        return dialog.disclosure
    finally:
        if shiboken6.isValid(dialog):  # gone already if a lock closed its parent while it was open
            dialog.deleteLater()


def still_there(widget: QWidget | None, vault: Any) -> bool:
    """Whether an export may go on after a question: its window not destroyed, its vault not locked.

    A lock while a question is open closes the windows and the vault under it; the export then
    stops quietly rather than touch a deleted window or a closed vault.
    """
    if widget is not None and not shiboken6.isValid(widget):
        return False
    return vault is not None and bool(getattr(vault, "is_open", True))
