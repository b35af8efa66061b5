"""Log a concern: what happened and when, who was involved, what was done, who was told.

"When it happened" is typed by the practitioner; "when it was recorded" is set by the
system on save and only shown here, because the two must never be confused.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

import pydantic
from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QWidget,
)

from safeguard_desktop.domain.categories import ConcernCategory, ConcernStatus
from safeguard_desktop.domain.concern import Concern
from safeguard_desktop.domain.errors import DomainError, first_error_message
from safeguard_desktop.domain.people import Child
from safeguard_desktop.domain.ukdates import format_datetime, utc_now
from safeguard_desktop.errors import SafeguardError
from safeguard_desktop.gui.concern_parts import (
    CategoryPicker,
    ChildPicker,
    ChildrenRoles,
    EventDateInput,
    InformedRows,
)
from safeguard_desktop.gui.drafts import set_widget_values, widget_values
from safeguard_desktop.gui.household import siblings_of
from safeguard_desktop.gui.widgets import ScrollingFormDialog, heading, line_edit, named, plain_label, text_edit
from safeguard_desktop.vault.session import Vault
from safeguard_desktop.vault.store import Stored


class ConcernDialog(ScrollingFormDialog):
    """The concern form for one child (others can be added). Emits `saved(Stored[Concern])`."""

    saved = Signal(object)
    draft_noun = "concern"

    def __init__(self, vault: Vault, child: Stored[Child], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._vault = vault
        self.draft_key = f"concern:{child.record_id}"
        self._child_picker: ChildPicker | None = None
        self.setWindowTitle("Log concern — safeguard-desktop")

        self.happened = EventDateInput()
        self.recorded = plain_label(f"Set automatically when you save (it is now {format_datetime(utc_now())}).")
        self.recorded.setAccessibleName("Recorded at")
        self.children = ChildrenRoles()
        self.children.add_child(child, involved=True)
        for sibling in siblings_of(vault, child.record_id):
            self.children.add_child(sibling, involved=False)
        self.categories = CategoryPicker()
        self.recorded_by = plain_label(vault.practitioner.one_line())
        self.recorded_by.setAccessibleName("Recorded by")
        self.reported_by = line_edit(
            "Reported by", "Who told you, if not you (name and role); blank if you saw or heard it"
        )
        self.account = text_edit("Factual account", "What happened, in plain factual words", rows=5)
        self.child_words = text_edit(
            "The child's own words, verbatim",
            "Exactly what the child said, in their words; do not tidy or summarise",
            rows=3,
        )
        self.action_taken = text_edit("Action taken", rows=3)
        self.informed = InformedRows()
        self.status = named(QComboBox(), "Status")
        for status in ConcernStatus:
            self.status.addItem(status.label(), status.value)

        when_box = QGroupBox("When")
        form = QFormLayout(when_box)
        form.addRow("&Happened", self.happened)
        form.addRow("Recorded", self.recorded)

        who_box = QGroupBox("Who")
        form = QFormLayout(who_box)
        form.addRow("Children", self.children)
        form.addRow("Recorded by", self.recorded_by)
        form.addRow("Re&ported by", self.reported_by)

        what_box = QGroupBox("What")
        form = QFormLayout(what_box)
        form.addRow("Ca&tegories", self.categories)
        form.addRow("&Account", self.account)
        form.addRow("The child's own\nwords (&verbatim)", self.child_words)
        form.addRow("A&ction taken", self.action_taken)

        after_box = QGroupBox("Who was informed, and the status")
        form = QFormLayout(after_box)
        form.addRow("Informed", self.informed)
        form.addRow("&Status", self.status)

        title = heading(f"Log a concern about {child.data.title()}", level=2)
        self.finish_layout([title, when_box, who_box, what_box, after_box], "Save concern", 760, 820)

        self.children.add_requested.connect(self._pick_child)
        self.happened.setFocus()

    def _pick_child(self) -> None:
        picker = ChildPicker(self._vault.children, self.children.ids(), self)
        picker.accepted.connect(lambda: self._child_picked(picker))
        self._child_picker = picker
        picker.open()

    def _child_picked(self, picker: ChildPicker) -> None:
        if picker.chosen is not None:
            self.children.add_child(picker.chosen, involved=True)

    # -- drafts (kept in the vault when it locks mid-form) ---------------------------------

    def _simple_inputs(self) -> dict[str, QWidget]:
        return {
            "precision": self.happened.precision,
            "date": self.happened.date,
            "time": self.happened.time,
            "approximate": self.happened.approximate,
            "reported_by": self.reported_by,
            "account": self.account,
            "child_words": self.child_words,
            "action_taken": self.action_taken,
            "status": self.status,
        }

    def draft_state(self) -> dict[str, Any]:
        """Everything typed or ticked so far, as JSON-friendly values."""
        state = widget_values(self._simple_inputs())
        state["children"] = [
            {
                "id": str(stored.record_id),
                "involved": tick.isChecked(),
                "roles": [r.value for r, b in roles.items() if b.isChecked()],
            }
            for stored, tick, roles in self.children.rows()
        ]
        state["categories"] = [c.value for c in self.categories.selected()]
        state["informed"] = [
            [party.currentData(), name.text(), when_date.text(), when_time.text()]
            for party, name, when_date, when_time, _ in self.informed.rows
        ]
        return state

    def restore_draft(self, state: dict[str, Any]) -> None:
        """Put a draft back, re-reading any extra child it names from the vault."""
        set_widget_values(self._simple_inputs(), state)
        for entry in state.get("children", []):
            try:
                record_id = UUID(entry["id"])
                if record_id not in self.children.ids():
                    self.children.add_child(self._vault.children.get(record_id), involved=False)
            except (SafeguardError, KeyError, TypeError, ValueError):
                continue  # withdrawn since, or a damaged entry: leave it out
            for stored, tick, roles in self.children.rows():
                if stored.record_id == record_id:
                    tick.setChecked(bool(entry.get("involved")))
                    for role, box in roles.items():
                        box.setChecked(role.value in entry.get("roles", []))
        known = {c.value for c in ConcernCategory}
        for value in state.get("categories", []):
            if value in known:
                self.categories.set_checked(ConcernCategory(value))
        for party, name, when_date, when_time in state.get("informed", []):
            self.informed.add_row()
            row = self.informed.rows[-1]
            set_widget_values(
                {"party": row[0], "name": row[1], "date": row[2], "time": row[3]},
                {"party": party, "name": name, "date": when_date, "time": when_time},
            )
        self.happened.setFocus()

    # -- saving ----------------------------------------------------------------------------

    def values(self) -> dict[str, Any] | None:
        """The concern's fields, or None after showing every problem next to its part."""
        self.error.clear()
        values: dict[str, Any] = {}
        ok = True
        for name, part in (
            ("happened", self.happened),
            ("children", self.children),
            ("categories", self.categories),
            ("informed", self.informed),
        ):
            try:
                values[name] = part.value()
            except (DomainError, pydantic.ValidationError):
                ok = False
        if not ok:
            self.error.show_error("Please correct the problems shown above; nothing has been saved.")
            # Bring the first part with a problem into view, with the cursor in it.
            for part in (self.happened, self.children, self.categories, self.informed):
                if part.error.text():
                    self._scroll.ensureWidgetVisible(part)
                    part.setFocus()
                    break
            return None
        values.update(
            recorded_by=self._vault.practitioner,
            reported_by=self.reported_by.text(),
            account=self.account.toPlainText(),
            # The child's words are evidence: passed on exactly as typed.
            child_words=self.child_words.toPlainText(),
            action_taken=self.action_taken.toPlainText(),
            status=ConcernStatus(self.status.currentData()),
        )
        return values

    def save(self) -> None:
        """Write the concern; on any problem, say so and keep everything typed."""
        values = self.values()
        if values is None:
            return
        try:
            concern = Concern(**values)
        except pydantic.ValidationError as exc:
            self.error.show_error(first_error_message(exc))
            return
        try:
            stored = self._vault.concerns.add(concern)
        except SafeguardError as exc:
            self.error.show_error(exc.message)
            return
        self.saved.emit(stored)
        self.accept()
