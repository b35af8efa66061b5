"""Holds: litigation, practice review and police holds that stop a file being disposed of.

The IG lead places a hold on a child's file with its kind and a reference, and lifts it with
a reason once the matter is over. Lifted holds stay listed on request, with who lifted them.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from safeguard_desktop.domain.ukdates import format_date, format_datetime
from safeguard_desktop.errors import SafeguardError
from safeguard_desktop.governance.holds import HOLD_KINDS, Hold, holds, lift_hold, place_hold
from safeguard_desktop.gui.governance_widgets import action_button, fill, form_dialog, reuse_window, stretch
from safeguard_desktop.gui.widgets import (
    ErrorLabel,
    fit_to_screen,
    heading,
    line_edit,
    listing_table,
    named,
    plain_label,
    text_edit,
)

HEADERS = ("Held record", "Kind", "Reference", "Placed", "Status")


class PlaceHoldDialog(QDialog):
    """Choose the child, the kind of hold and its reference."""

    def __init__(self, vault: Any, parent: QWidget | None = None, child_id: UUID | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self.placed: Hold | None = None
        self.setWindowTitle("Place hold — safeguard-desktop")
        self.filter = line_edit("Find a child", "Type part of a name")
        self.children = named(QListWidget(), "Child")
        for stored in vault.children.list(include_withdrawn=True):
            data = stored.data
            born = f" (born {format_date(data.date_of_birth)})" if data.date_of_birth else ""
            item = QListWidgetItem(f"{data.title()}{born}")  # list items are plain text
            item.setData(Qt.ItemDataRole.UserRole, stored.record_id)
            self.children.addItem(item)
            if stored.record_id == child_id:
                self.children.setCurrentItem(item)
        if self.children.currentItem() is not None:
            self.children.scrollToItem(self.children.currentItem())
        self.filter.textChanged.connect(self._filter)
        self.kind = named(QComboBox(), "Kind of hold")
        for key, label in HOLD_KINDS.items():
            self.kind.addItem(label, key)
        self.reference = line_edit("Reference", "e.g. a claim number, review name or crime reference")
        self.error = ErrorLabel()
        self.buttons = QDialogButtonBox()
        self.place_button = named(
            self.buttons.addButton("&Place hold", QDialogButtonBox.ButtonRole.AcceptRole), "Place hold"
        )
        named(self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel), "Cancel")
        form_dialog(
            self,
            "Place a hold on a child's file",
            "A file under a hold is never disposed of, whatever its review date.",
            [("&Find", self.filter), ("C&hild", self.children), ("&Kind", self.kind), ("&Reference", self.reference)],
        )
        fit_to_screen(self, 560, 520)
        self.filter.setFocus()

    def _filter(self, text: str) -> None:
        words = text.casefold().split()
        for row in range(self.children.count()):
            item = self.children.item(row)
            item.setHidden(not all(w in item.text().casefold() for w in words))

    def accept(self) -> None:
        """Place the hold; stay open with the problem shown when it is refused."""
        item = self.children.currentItem()
        if item is None or item.isHidden():
            self.error.show_error("Choose the child whose file the hold is on.")
            self.children.setFocus()
            return
        try:
            self.placed = place_hold(
                self.vault, item.data(Qt.ItemDataRole.UserRole), self.kind.currentData(), self.reference.text()
            )
        except SafeguardError as exc:
            self.error.show_error(exc.message)
            return
        super().accept()


class LiftHoldDialog(QDialog):
    """Lift a hold, with the reason."""

    def __init__(self, vault: Any, chosen: Hold, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault, self.chosen = vault, chosen
        self.setWindowTitle("Lift hold — safeguard-desktop")
        self.reason = text_edit("Reason for lifting the hold", "e.g. the claim was settled", rows=3)
        self.error = ErrorLabel()
        self.buttons = QDialogButtonBox()
        self.lift_button = named(
            self.buttons.addButton("&Lift hold", QDialogButtonBox.ButtonRole.AcceptRole), "Lift hold"
        )
        named(self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel), "Cancel")
        form_dialog(
            self,
            f"Lift the {chosen.kind_label.lower()} hold",
            f"On: {chosen.record_title}\nReference: {chosen.reference}",
            [("&Reason", self.reason)],
        )
        self.reason.setFocus()

    def accept(self) -> None:
        """Lift it; stay open with the problem shown when it is refused."""
        try:
            lift_hold(self.vault, self.chosen.id, self.reason.toPlainText())
        except SafeguardError as exc:
            self.error.show_error(exc.message)
            return
        super().accept()


def _status(h: Hold) -> str:
    if h.active:
        return "Active"
    assert h.lifted_at is not None
    by = h.lifted_by.name if h.lifted_by else ""
    return f"Lifted {format_datetime(h.lifted_at)} by {by}: {h.lift_reason or ''}"


class HoldsWindow(QDialog):
    """Every hold, with Place hold… and Lift hold…."""

    def __init__(self, vault: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self.rows: list[Hold] = []
        self.setWindowTitle("Holds — safeguard-desktop")
        self.table = stretch(listing_table("Holds", HEADERS), 4)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.show_lifted = named(QCheckBox("Show &lifted holds"), "Show lifted holds")
        self.show_lifted.toggled.connect(lambda _=False: self.refresh())
        self.place_button = action_button("&Place hold…", "Place hold", self.place)
        self.lift_button = action_button("L&ift hold…", "Lift hold", self.lift)
        self.summary = plain_label()
        self.summary.setAccessibleName("How many holds")
        self.error = ErrorLabel()
        buttons = QHBoxLayout()
        buttons.addWidget(self.place_button)
        buttons.addWidget(self.lift_button)
        buttons.addStretch(1)
        buttons.addWidget(self.show_lifted)
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Holds", level=2))
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.error)
        fit_to_screen(self, 900, 480)
        self.refresh()

    def refresh(self) -> None:
        """Read the holds again."""
        self.error.clear()
        if self.vault is None:
            return
        try:
            self.rows = holds(self.vault, include_lifted=self.show_lifted.isChecked())
        except SafeguardError as exc:
            self.error.show_error(exc.message)
            return
        fill(
            self.table,
            [
                (
                    h.record_title,
                    h.kind_label,
                    h.reference,
                    f"{format_datetime(h.placed_at)} by {h.placed_by.name}",
                    _status(h),
                )
                for h in self.rows
            ],
        )
        active = sum(1 for h in self.rows if h.active)
        self.summary.setText(f"{active} active hold{'s' if active != 1 else ''}." if active else "No active holds.")
        if self.rows:
            self.table.selectRow(0)
        self._update_buttons()

    def selected(self) -> Hold | None:
        """The hold chosen in the table."""
        rows = self.table.selectionModel().selectedRows()
        return self.rows[rows[0].row()] if rows and rows[0].row() < len(self.rows) else None

    def _update_buttons(self) -> None:
        chosen = self.selected()
        self.lift_button.setEnabled(chosen is not None and chosen.active)

    def place(self, child_id: UUID | None = None) -> None:
        """Ask for the child, the kind and the reference."""
        if self.vault is not None and PlaceHoldDialog(self.vault, self, child_id).exec() == QDialog.DialogCode.Accepted:
            self.refresh()

    def lift(self) -> None:
        """Ask why the chosen hold is lifted."""
        chosen = self.selected()
        if chosen is None or self.vault is None or not chosen.active:
            return
        if LiftHoldDialog(self.vault, chosen, self).exec() == QDialog.DialogCode.Accepted:
            self.refresh()

    def closeEvent(self, event: Any) -> None:
        """Forget the rows when closed, as on lock."""
        self.vault = None
        self.rows = []
        self.table.setRowCount(0)
        super().closeEvent(event)


def open_holds(window: Any) -> HoldsWindow:
    """Open (or raise) the holds window for the main window's vault."""
    return reuse_window(window, "_ig_holds_window", lambda: HoldsWindow(window.vault, window))


def place_hold_on_child(window: Any) -> PlaceHoldDialog | None:
    """From the child's record (Child menu): the place-hold form with the current child chosen.

    Opened as the window's form, so a lock closes it; once placed, an open Holds window or
    review queue shows the hold at once.
    """
    child = getattr(window, "current_child", None)
    if window.vault is None or child is None:
        return None
    try:
        dialog = PlaceHoldDialog(window.vault, window, child_id=child.record_id)
    except SafeguardError as exc:
        window.error.show_error(exc.message)
        return None
    dialog.accepted.connect(lambda: _refresh_open(window))
    window.open_form(dialog)
    dialog.reference.setFocus()  # the child is already chosen
    return dialog


def _refresh_open(window: Any) -> None:
    for attribute in ("_ig_holds_window", "_ig_review_window"):
        opened = getattr(window, attribute, None)
        try:
            if opened is not None and opened.isVisible():
                opened.refresh()
        except RuntimeError:  # deleted by Qt when it closed
            pass


__all__ = ["HoldsWindow", "LiftHoldDialog", "PlaceHoldDialog", "open_holds", "place_hold_on_child"]
