"""Record a change in a child's status (Early Help, Child in Need, Child Protection, cared for),
and end a period that is over.

A period is never edited in place: ending it is an amendment with a reason, so the start
and the end both stay in the chronology and the record's history shows who ended it and why.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

import pydantic
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QMessageBox, QPushButton, QVBoxLayout, QWidget

from safeguard_desktop.domain.errors import DomainError, first_error_message
from safeguard_desktop.domain.people import Child
from safeguard_desktop.domain.status import (
    ChildStatus,
    CPCategory,
    StatusPeriod,
    check_no_overlap,
    day_before,
    ended,
    step_up_reason,
    steps_up_from,
)
from safeguard_desktop.domain.ukdates import format_date, parse_date, uk_today
from safeguard_desktop.errors import SafeguardError
from safeguard_desktop.gui.drafts import set_widget_values, widget_values
from safeguard_desktop.gui.forms import date_edit, optional_date
from safeguard_desktop.gui.widgets import Field, ScrollingFormDialog, heading, named, plain_label, text_edit
from safeguard_desktop.vault.session import Vault
from safeguard_desktop.vault.store import Stored

CHOOSE = "— choose —"


def periods_of(vault: Vault, child_id: UUID) -> list[Stored[StatusPeriod]]:
    """The child's status periods, newest start first (withdrawn ones left out)."""
    return [s for s in vault.status_periods.list(linked_to=child_id) if s.data.child_id == child_id]


def end_reason_for_history(end: date, reason: str) -> str:
    """The amendment reason kept in the record's history when a period ends."""
    return f"Period ended on {format_date(end)}: {reason}"


class StatusDialog(ScrollingFormDialog):
    """Start a status period for one child. Emits `saved(Stored[StatusPeriod])`.

    `step_up_box` is the question shown when the new period usually replaces a current one
    (a Child Protection plan after a Child in Need plan); nothing is written until it is answered.
    """

    saved = Signal(object)
    draft_noun = "status change"

    def __init__(self, vault: Vault, child: Stored[Child], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._vault = vault
        self._child = child
        self.draft_key = f"status:{child.record_id}"
        self.step_up_box: QMessageBox | None = None
        self.end_dialog: EndPeriodDialog | None = None
        self.setWindowTitle("Record status change — safeguard-desktop")

        self.status = named(QComboBox(), "Status")
        for status in ChildStatus:
            self.status.addItem(status.label(), status.value)
        self.category = named(QComboBox(), "Child Protection category", "Only for a Child Protection plan")
        self.category.addItem(CHOOSE, None)
        for category in CPCategory:
            self.category.addItem(category.label(), category.value)
        self.category_field = Field(self.category)
        self.start = date_edit("Start date")
        self.start_field = Field(self.start)
        self.end = date_edit("End date (if it has ended)")
        self.end_field = Field(self.end)
        self.status_note = text_edit("Note", "For example: decided at the initial child protection conference", rows=3)

        box = QGroupBox("The status")
        form = QFormLayout(box)
        form.addRow("&Status", self.status)
        form.addRow("Child Protection &category", self.category_field)
        form.addRow("S&tart date", self.start_field)
        form.addRow("&End date (optional)", self.end_field)
        form.addRow("&Note", self.status_note)

        self.current_box = QGroupBox("Current status")
        self._current_layout = QVBoxLayout(self.current_box)
        self._fill_current()

        title = heading(f"Record a status change for {child.data.title()}", level=2)
        self.finish_layout([title, box, self.current_box], "Save status", 640, 560)
        self.status.currentIndexChanged.connect(self._status_changed)
        self._status_changed()
        self.status.setFocus()

    def _status_changed(self) -> None:
        is_cp = self.status.currentData() == ChildStatus.CHILD_PROTECTION.value
        self.category.setEnabled(is_cp)
        if not is_cp:
            self.category.setCurrentIndex(0)
            self.category_field.error.clear()

    def _fill_current(self) -> None:
        while self._current_layout.count():
            item = self._current_layout.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        current = [s for s in periods_of(self._vault, self._child.record_id) if s.data.end is None]
        if not current:
            self._current_layout.addWidget(plain_label("No status is open for this child."))
        for stored in current:
            self._current_layout.addWidget(plain_label(f"{stored.data.title()}, still open"))
            button = named(QPushButton("End this period…"), f"End this period: {stored.data.status_label()}")
            button.clicked.connect(lambda _=False, s=stored: self.end_period(s))
            self._current_layout.addWidget(button)

    def end_period(self, stored: Stored[StatusPeriod]) -> EndPeriodDialog:
        """Open the form that ends one current period."""
        dialog = EndPeriodDialog(self._vault, stored, self)
        dialog.saved.connect(lambda s: (self._fill_current(), self.saved.emit(s)))
        self.end_dialog = dialog
        dialog.open()
        return dialog

    # -- drafts ----------------------------------------------------------------------------

    def _inputs(self) -> dict[str, QWidget]:
        return {
            "status": self.status,
            "category": self.category,
            "start": self.start,
            "end": self.end,
            "note": self.status_note,
        }

    def draft_state(self) -> dict[str, Any]:
        """What has been typed so far."""
        return widget_values(self._inputs())

    def restore_draft(self, state: dict[str, Any]) -> None:
        """Put a draft back."""
        set_widget_values(self._inputs(), state)
        self._status_changed()

    # -- saving ----------------------------------------------------------------------------

    def period(self) -> StatusPeriod | None:
        """The period typed, or None after showing what is wrong next to it."""
        for field in (self.category_field, self.start_field, self.end_field):
            field.error.clear()
        self.error.clear()
        status = ChildStatus(self.status.currentData())
        category = self.category.currentData()
        ok = True
        if status is ChildStatus.CHILD_PROTECTION and category is None:
            self.category_field.error.show_error("Choose the category of the Child Protection plan.")
            ok = False
        start = end = None
        if not self.start.text().strip():
            self.start_field.error.show_error("Give the date the status began, as dd/mm/yyyy.")
            ok = False
        else:
            try:
                start = parse_date(self.start.text())
            except DomainError as exc:
                self.start_field.error.show_error(exc.message)
                ok = False
        try:
            end = optional_date(self.end)
        except DomainError as exc:
            self.end_field.error.show_error(exc.message)
            ok = False
        if not ok:
            self.error.show_error("Please correct the problems shown above; nothing has been saved.")
            return None
        try:
            return StatusPeriod(
                child_id=self._child.record_id,
                status=status,
                cp_category=CPCategory(category) if category else None,
                start=start,
                end=end,
                note=self.status_note.toPlainText(),
                recorded_by=self._vault.practitioner,
            )
        except pydantic.ValidationError as exc:
            self.error.show_error(first_error_message(exc))
            return None

    def save(self) -> None:
        """Check the period against the child's others, ask about a step-up, then write."""
        new = self.period()
        if new is None:
            return
        try:
            existing = periods_of(self._vault, self._child.record_id)
            check_no_overlap(new, [s.data for s in existing])
        except SafeguardError as exc:
            self.error.show_error(exc.message)
            return
        replaced = [s for s in existing if steps_up_from(new, s.data)]
        if not replaced:
            self._write(new, [])
            return
        names = "; ".join(s.data.title() for s in replaced)
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "End the earlier plan?",
            f"This child has a current {names}. A {new.status_label()} usually replaces it.\n\n"
            f"End it on {format_date(day_before(new.start))}, the day before the new plan starts?",
            QMessageBox.StandardButton.NoButton,
            self,
        )
        self.end_button = box.addButton(
            f"End it on {format_date(day_before(new.start))}", QMessageBox.ButtonRole.YesRole
        )
        self.keep_button = box.addButton("Keep both open", QMessageBox.ButtonRole.NoRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(self.end_button)
        box.finished.connect(lambda _: self._step_up_answered(box, new, replaced))
        self.step_up_box = box
        box.open()

    def _step_up_answered(self, box: QMessageBox, new: StatusPeriod, replaced: list[Stored[StatusPeriod]]) -> None:
        clicked = box.clickedButton()
        self.step_up_box = None
        box.deleteLater()
        if clicked is self.end_button:
            self._write(new, replaced)
        elif clicked is self.keep_button:
            self._write(new, [])
        # Cancel: back to the form, nothing written.

    def _write(self, new: StatusPeriod, replaced: list[Stored[StatusPeriod]]) -> None:
        end, reason = day_before(new.start), step_up_reason(new)
        try:
            closing = [(s.record_id, ended(s.data, end, reason)) for s in replaced]
        except pydantic.ValidationError as exc:
            self.error.show_error(first_error_message(exc))
            return
        try:
            # One transaction: the new plan and the end of the old one land together or not at all.
            with self._vault.batch():
                for record_id, data in closing:
                    self._vault.status_periods.amend(record_id, data, end_reason_for_history(end, reason))
                stored = self._vault.status_periods.add(new)
        except SafeguardError as exc:
            self.error.show_error(exc.message)
            return
        self.saved.emit(stored)
        self.accept()


class EndPeriodDialog(ScrollingFormDialog):
    """End one current period: an amendment with the end date and the reason. Emits `saved`."""

    saved = Signal(object)
    draft_noun = "end of a status period"

    def __init__(self, vault: Vault, stored: Stored[StatusPeriod], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._vault = vault
        self._stored = stored
        self.draft_key = f"status-end:{stored.record_id}"
        self.setWindowTitle("End this period — safeguard-desktop")
        self.end = date_edit("End date")
        self.end.setText(format_date(uk_today()))
        self.end_field = Field(self.end)
        self.reason = text_edit(
            "Why it ended", "For example: plan ended at the review conference, risk reduced", rows=3
        )
        self.reason_field = Field(self.reason)
        box = QGroupBox("The end of the period")
        form = QFormLayout(box)
        form.addRow("Period", plain_label(stored.data.title()))
        form.addRow("&End date", self.end_field)
        form.addRow("&Why it ended", self.reason_field)
        title = heading(f"End the {stored.data.status_label()}", level=2)
        self.finish_layout([title, box], "Save end of period", 560, 380)
        self.end.setFocus()
        self.end.selectAll()

    def draft_state(self) -> dict[str, Any]:
        """What has been typed so far."""
        return widget_values({"end": self.end, "reason": self.reason})

    def restore_draft(self, state: dict[str, Any]) -> None:
        """Put a draft back."""
        set_widget_values({"end": self.end, "reason": self.reason}, state)

    def save(self) -> None:
        """Amend the period with its end; the reason is kept in the record and its history."""
        self.error.clear()
        self.end_field.error.clear()
        self.reason_field.error.clear()
        reason = " ".join(self.reason.toPlainText().split())
        end = None
        try:
            end = parse_date(self.end.text())
        except DomainError as exc:
            self.end_field.error.show_error(exc.message)
        if not reason:
            self.reason_field.error.show_error("Say why the period ended; it is kept with the record.")
        if end is None or not reason:
            self.error.show_error("Please correct the problems shown above; nothing has been saved.")
            return
        try:
            data = ended(self._stored.data, end, reason)
        except pydantic.ValidationError as exc:
            self.end_field.error.show_error(first_error_message(exc))
            return
        try:
            stored = self._vault.status_periods.amend(self._stored.record_id, data, end_reason_for_history(end, reason))
        except SafeguardError as exc:
            self.error.show_error(exc.message)
            return
        self.saved.emit(stored)
        self.accept()
