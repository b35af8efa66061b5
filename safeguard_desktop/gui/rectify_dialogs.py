"""Dialogs for putting a record right without rewriting it: withdraw, a statement, restriction, moving.

Each dialog asks the core to do the work when OK is pressed and stays open with the core's
message if it refuses, so nothing half-done is left and nothing typed is lost. Everything a
person typed is shown as plain text.
"""

from __future__ import annotations

from uuid import UUID

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from safeguard_desktop.domain.ukdates import format_date, parse_date, uk_today
from safeguard_desktop.errors import SafeguardError
from safeguard_desktop.governance.move import Move, move_record, plan_move
from safeguard_desktop.governance.restriction import lift_restriction, restrict
from safeguard_desktop.governance.statements import Statement, add_statement
from safeguard_desktop.gui.forms import date_edit
from safeguard_desktop.gui.widgets import ErrorLabel, heading, line_edit, named, plain_label, text_edit
from safeguard_desktop.vault.session import Vault

__all__ = ["MoveDialog", "RestrictDialog", "StatementDialog", "WithdrawDialog"]

CHILDREN_SHOWN = 100  # enough to choose from; typing narrows the list


def _buttons(dialog: QDialog, ok: str, ok_name: str) -> tuple[QDialogButtonBox, QPushButton]:
    buttons = QDialogButtonBox()
    button = named(buttons.addButton(ok, QDialogButtonBox.ButtonRole.AcceptRole), ok_name)
    named(buttons.addButton(QDialogButtonBox.StandardButton.Cancel), "Cancel")
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons, button


class WithdrawDialog(QDialog):
    """Asks why a record is withdrawn, and confirms: nothing is deleted, it is marked."""

    def __init__(self, what: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Withdraw record — safeguard-desktop")
        self.reason = text_edit("Reason for withdrawing", "e.g. entered on the wrong child's record", rows=3)
        self.error = ErrorLabel()
        self.buttons, self.withdraw_button = _buttons(self, "&Withdraw record", "Withdraw record")
        layout = QVBoxLayout(self)
        layout.addWidget(heading(f"Withdraw {what}?", level=2))
        layout.addWidget(
            plain_label(
                "Use this only for a record made in error. It is not deleted: it stays in the vault, "
                "marked withdrawn with your reason, and leaves the chronology and due lists. "
                "If it was filed under the wrong child, move it instead."
            )
        )
        form = QFormLayout()
        form.addRow("&Reason", self.reason)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.reason.setFocus()

    def accept(self) -> None:
        """Close only once a reason is given."""
        if not self.reason.toPlainText().strip():
            self.error.show_error("Give the reason for withdrawing it, so the record shows why.")
            self.reason.setFocus()
            return
        super().accept()


class StatementDialog(QDialog):
    """Record a person's statement that they disagree with the record, in their own words."""

    def __init__(self, vault: Vault, record_id: UUID, what: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._vault = vault
        self._record_id = record_id
        self.saved: Statement | None = None
        self.setWindowTitle("Statement of disagreement — safeguard-desktop")
        self.made_by = line_edit("Who the statement is from", "e.g. their name, and that they are the child's mother")
        self.received = date_edit("Date received")
        self.received.setText(format_date(uk_today()))
        self.words = text_edit("Their words", "Type or paste exactly what they said or wrote", rows=6)
        self.error = ErrorLabel()
        self.buttons, self.save_button = _buttons(self, "&Add statement", "Add statement")
        layout = QVBoxLayout(self)
        layout.addWidget(heading(f"Statement of disagreement with {what}", level=2))
        layout.addWidget(
            plain_label(
                "The record is not changed. The statement is kept with it, in the person's own words, and "
                "goes wherever the record goes: chronologies, referrals and subject access responses. "
                "It can never be edited or removed."
            )
        )
        form = QFormLayout()
        form.addRow("&From", self.made_by)
        form.addRow("Date &received", self.received)
        form.addRow("Their &words", self.words)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.made_by.setFocus()

    def accept(self) -> None:
        """Attach the statement; stay open with the reason if it is refused."""
        try:
            received = parse_date(self.received.text())
            if received > uk_today():
                raise SafeguardError(f"The date received ({format_date(received)}) is in the future.")
            self.saved = add_statement(
                self._vault, self._record_id, self.made_by.text(), received, self.words.toPlainText()
            )
        except SafeguardError as exc:
            self.error.show_error(exc.message)
            return
        super().accept()


class RestrictDialog(QDialog):
    """Restrict a record while a dispute is open, or lift the restriction; both need a reason."""

    def __init__(self, vault: Vault, record_id: UUID, what: str, *, lift: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._vault = vault
        self._record_id = record_id
        self._lift = lift
        self.setWindowTitle(("Lift restriction" if lift else "Restrict record") + " — safeguard-desktop")
        if lift:
            title = f"Lift the restriction on {what}?"
            explain = "Say how the dispute ended. The record can then be corrected, moved and shared again."
            hint = "e.g. the parent's complaint was resolved on review"
        else:
            title = f"Restrict {what}?"
            explain = (
                "Restrict a record while the person it concerns disputes it (UK GDPR article 18). It stays in "
                "the vault and in your views, marked, but it cannot be corrected or moved, and chronology "
                "exports and referrals leave it out and say so. Say what dispute it waits on."
            )
            hint = "e.g. the father disputes the account; awaiting the head teacher's review"
        self.reason = text_edit("Reason", hint, rows=3)
        self.error = ErrorLabel()
        ok = "&Lift restriction" if lift else "&Restrict"
        self.buttons, self.ok_button = _buttons(self, ok, ok.replace("&", ""))
        layout = QVBoxLayout(self)
        layout.addWidget(heading(title, level=2))
        layout.addWidget(plain_label(explain))
        form = QFormLayout()
        form.addRow("R&eason", self.reason)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.reason.setFocus()

    def accept(self) -> None:
        """Restrict or lift; stay open with the reason if it is refused."""
        try:
            if self._lift:
                lift_restriction(self._vault, self._record_id, self.reason.toPlainText())
            else:
                restrict(self._vault, self._record_id, self.reason.toPlainText())
        except SafeguardError as exc:
            self.error.show_error(exc.message)
            return
        super().accept()


class MoveDialog(QDialog):
    """Move a record filed under the wrong child to the right one, after a summary of what moves."""

    def __init__(self, vault: Vault, record_id: UUID, children: dict[UUID, str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._vault = vault
        self._record_id = record_id
        self.moved: Move | None = None
        self.setWindowTitle("Move to another child — safeguard-desktop")
        self.source = named(QComboBox(), "Move from")
        for child_id, name in children.items():
            self.source.addItem(name, child_id)
        self.source.setEnabled(len(children) > 1)
        self.find = line_edit("Find the right child", "Type part of a name")
        self.choices = named(QListWidget(), "The right child")
        self.reason = text_edit("Reason", "e.g. logged against her brother by mistake", rows=2)
        self.summary = plain_label()
        self.summary.setAccessibleName("What moves")
        self.error = ErrorLabel()
        self.buttons, self.move_button = _buttons(self, "&Move record", "Move record")
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Move to another child", level=2))
        layout.addWidget(
            plain_label(
                "For a record filed under the wrong child. It is corrected, not copied: it leaves the first "
                "child's chronology, searches and exports, and its earlier version stays in its history."
            )
        )
        form = QFormLayout()
        form.addRow("Move &from", self.source)
        form.addRow("F&ind", self.find)
        form.addRow("The ri&ght child", self.choices)
        form.addRow("R&eason", self.reason)
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(200)
        self._timer.timeout.connect(self.fill_choices)
        self.find.textChanged.connect(lambda _text: self._timer.start())
        self.choices.currentItemChanged.connect(lambda *_: self.show_plan())
        self.source.currentIndexChanged.connect(lambda _i: self.fill_choices())
        self.fill_choices()
        self.find.setFocus()

    def from_child(self) -> UUID:
        """The child the record is filed under now (the one chosen, if it names several)."""
        child_id: UUID = self.source.currentData()
        return child_id

    def to_child(self) -> UUID | None:
        """The child chosen to move it to, if any."""
        item = self.choices.currentItem()
        return None if item is None else UUID(str(item.data(Qt.ItemDataRole.UserRole)))

    def fill_choices(self) -> None:
        """List the children matching what is typed (never the ones it is filed under)."""
        self.error.clear()
        skip = {self.source.itemData(i) for i in range(self.source.count())}
        self.choices.clear()
        try:
            found = self._vault.children.list(text=self.find.text(), limit=CHILDREN_SHOWN + len(skip))
        except SafeguardError as exc:
            self.error.show_error(exc.message)
            return
        for stored in found:
            if stored.record_id in skip:
                continue
            born = stored.data.date_of_birth
            label = stored.data.title() + (f" (born {format_date(born)})" if born else "")
            item = QListWidgetItem(label)  # list items are plain text
            item.setData(Qt.ItemDataRole.UserRole, str(stored.record_id))
            self.choices.addItem(item)
        self.show_plan()

    def show_plan(self) -> None:
        """Say in plain words what would move, or why it cannot."""
        target = self.to_child()
        self.error.clear()
        if target is None:
            self.summary.setText("Choose the child the record should be filed under.")
            self.move_button.setEnabled(False)
            return
        try:
            plan = plan_move(self._vault, self._record_id, self.from_child(), target)
        except SafeguardError as exc:
            self.summary.setText("")
            self.error.show_error(exc.message)
            self.move_button.setEnabled(False)
            return
        self.summary.setText(plan.summary())
        self.move_button.setEnabled(True)

    def accept(self) -> None:
        """Move the record; stay open with the reason if it is refused."""
        target = self.to_child()
        if target is None:
            self.error.show_error("Choose the child the record should be filed under.")
            return
        try:
            self.moved = move_record(self._vault, self._record_id, self.from_child(), target, self.reason.toPlainText())
        except SafeguardError as exc:
            self.error.show_error(exc.message)
            self.reason.setFocus()
            return
        super().accept()
