"""Record a meeting about a child: when, which children, who came, what was decided, who does what.

Each parent and carer gets a row of their own with an attendance answer that must be given,
so a father who was not there (or not invited) is recorded as plainly as a mother who was.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

import pydantic
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QWidget

from safeguard_desktop.domain.categories import RelationshipType
from safeguard_desktop.domain.errors import DomainError, first_error_message
from safeguard_desktop.domain.eventdate import DatePrecision
from safeguard_desktop.domain.meeting import Attendee, Meeting, MeetingAction, MeetingType
from safeguard_desktop.domain.people import Child
from safeguard_desktop.errors import SafeguardError
from safeguard_desktop.gui.concern_parts import ChildPicker, EventDateInput
from safeguard_desktop.gui.drafts import set_widget_values, widget_values
from safeguard_desktop.gui.household import people_of, siblings_of
from safeguard_desktop.gui.meeting_parts import ActionRows, ChildTicks, PeopleAttendance, ProfessionalRows
from safeguard_desktop.gui.widgets import ScrollingFormDialog, heading, named, text_edit
from safeguard_desktop.vault.session import Vault
from safeguard_desktop.vault.store import Stored

# Relationships whose adult is a parent or carer unless the practitioner says otherwise.
PARENTAL = frozenset(
    {
        RelationshipType.MOTHER,
        RelationshipType.FATHER,
        RelationshipType.PARENT,
        RelationshipType.STEP_PARENT,
        RelationshipType.PARTNER_OF_PARENT,
        RelationshipType.CARER,
    }
)


class MeetingDialog(ScrollingFormDialog):
    """The meeting form for one child (siblings offered). Emits `saved(Stored[Meeting])`."""

    saved = Signal(object)
    draft_noun = "meeting"

    def __init__(self, vault: Vault, child: Stored[Child], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._vault = vault
        self._child = child
        self.draft_key = f"meeting:{child.record_id}"
        self.child_picker: ChildPicker | None = None
        self.setWindowTitle("Record meeting — safeguard-desktop")

        self.meeting_type = named(QComboBox(), "Meeting type")
        for kind in MeetingType:
            self.meeting_type.addItem(kind.label(), kind.value)
        self.held = EventDateInput()
        self.held.precision.setCurrentIndex(self.held.precision.findData(DatePrecision.TIME.value))
        self.held.date.setAccessibleName("Date of the meeting")
        self.held.time.setAccessibleName("Time the meeting began")
        self.child_ticks = ChildTicks()
        self.people = PeopleAttendance()
        self.child_ticks.changed.connect(self._children_changed)
        self._add_child(child, ticked=True)
        for sibling in siblings_of(vault, child.record_id):
            self._add_child(sibling, ticked=False)
        self.professionals = ProfessionalRows()
        self.decisions = text_edit("Decisions", "What the meeting decided, in plain words", rows=4)
        self.action_rows = ActionRows()

        what_box = QGroupBox("The meeting")
        form = QFormLayout(what_box)
        form.addRow("Meeting &type", self.meeting_type)
        form.addRow("&Held", self.held)
        form.addRow("Children", self.child_ticks)
        people_box = QGroupBox("Parents, carers and family")
        form = QFormLayout(people_box)
        form.addRow(self.people)
        others_box = QGroupBox("Professionals and others present")
        form = QFormLayout(others_box)
        form.addRow(self.professionals)
        outcome_box = QGroupBox("Decisions and actions")
        form = QFormLayout(outcome_box)
        form.addRow("&Decisions", self.decisions)
        form.addRow("Actions", self.action_rows)

        title = heading(f"Record a meeting about {child.data.title()}", level=2)
        self.finish_layout([title, what_box, people_box, others_box, outcome_box], "Save meeting", 900, 820)
        self.child_ticks.add_requested.connect(self._pick_child)
        self.meeting_type.setFocus()

    # -- children and their people ---------------------------------------------------------

    def _add_child(self, stored: Stored[Child], *, ticked: bool) -> None:
        first = stored.record_id == self._child.record_id
        for rel, adult in people_of(self._vault, stored.record_id):
            label = rel.data.relationship.label()
            role = label if first else f"{label} of {stored.data.title()}"
            is_parent = rel.data.relationship in PARENTAL or rel.data.parental_responsibility
            self.people.add_person(adult, role, is_parent, stored.record_id)
        self.child_ticks.add_child(stored, ticked=ticked)

    def _children_changed(self) -> None:
        self.people.show_for(self.child_ticks.ticked())

    def _pick_child(self) -> None:
        picker = ChildPicker(self._vault.children, self.child_ticks.ids(), self)
        picker.accepted.connect(lambda: picker.chosen is not None and self._add_child(picker.chosen, ticked=True))
        self.child_picker = picker
        picker.open()

    # -- drafts ----------------------------------------------------------------------------

    def _inputs(self) -> dict[str, QWidget]:
        return {
            "type": self.meeting_type,
            "precision": self.held.precision,
            "date": self.held.date,
            "time": self.held.time,
            "approximate": self.held.approximate,
            "decisions": self.decisions,
        }

    def draft_state(self) -> dict[str, Any]:
        """Everything typed or chosen so far, as JSON-friendly values."""
        state = widget_values(self._inputs())
        state["children"] = [str(i) for i in self.child_ticks.ticked()]
        state["people"] = {str(adult_id): values for adult_id, values in self.people.states().items()}
        state["professionals"] = [widget_values(row.inputs()) for row in self.professionals.rows]
        state["actions"] = [widget_values(row.inputs()) for row in self.action_rows.rows]
        return state

    def restore_draft(self, state: dict[str, Any]) -> None:
        """Put a draft back, re-reading any extra child it names from the vault."""
        set_widget_values(self._inputs(), state)
        for text in state.get("children", []):
            try:
                record_id = UUID(text)
                if record_id not in self.child_ticks.ids():
                    self._add_child(self._vault.children.get(record_id), ticked=True)
            except (SafeguardError, TypeError, ValueError):
                continue  # withdrawn since, or a damaged entry: leave it out
            self.child_ticks.set_ticked(record_id, True)
        for adult_id, values in (state.get("people") or {}).items():
            self.people.restore(adult_id, values)
        for values in state.get("professionals", []):
            set_widget_values(self.professionals.add_row().inputs(), values)
        for values in state.get("actions", []):
            set_widget_values(self.action_rows.add_row().inputs(), values)

    # -- saving ----------------------------------------------------------------------------

    def meeting(self) -> Meeting | None:
        """The meeting typed, or None after showing each problem next to its part."""
        self.error.clear()
        parts: dict[str, Any] = {}
        for name, read in (
            ("held", self.held.value),
            ("child_ids", self.child_ticks.value),
            ("people", self.people.value),
            ("professionals", self.professionals.value),
            ("actions", self.action_rows.value),
        ):
            try:
                parts[name] = read()
            except (DomainError, pydantic.ValidationError):
                parts[name] = None
        if any(value is None for value in parts.values()):
            self.error.show_error("Please correct the problems shown above; nothing has been saved.")
            for part in (self.held, self.child_ticks, self.people, self.professionals, self.action_rows):
                if part.error.text():
                    self._scroll.ensureWidgetVisible(part)
                    part.setFocus()
                    break
            return None
        attendees: list[Attendee] = [*parts["people"], *parts["professionals"]]
        actions: list[MeetingAction] = parts["actions"]
        try:
            return Meeting(
                meeting_type=MeetingType(self.meeting_type.currentData()),
                held=parts["held"],
                child_ids=parts["child_ids"],
                attendees=attendees,
                decisions=self.decisions.toPlainText(),
                actions=actions,
                recorded_by=self._vault.practitioner,
            )
        except pydantic.ValidationError as exc:
            self.error.show_error(first_error_message(exc))
            return None

    def save(self) -> None:
        """Write the meeting in one go; on any problem, say so and keep everything typed."""
        meeting = self.meeting()
        if meeting is None:
            return
        try:
            stored = self._vault.meetings.add(meeting)
        except SafeguardError as exc:
            self.error.show_error(exc.message)
            return
        self.saved.emit(stored)
        self.accept()
