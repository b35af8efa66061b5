"""Log a concern: what happened and when, who was involved, what was done, who was told.

"When it happened" is typed by the practitioner; "when it was recorded" is set by the
system on save and only shown here, because the two must never be confused.
"""

from __future__ import annotations

from typing import Any

import pydantic
from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QWidget,
)

from safeguard_desktop.domain.categories import ConcernStatus
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
from safeguard_desktop.gui.household import siblings_of
from safeguard_desktop.gui.widgets import ScrollingFormDialog, heading, line_edit, named, plain_label, text_edit
from safeguard_desktop.vault.session import Vault
from safeguard_desktop.vault.store import Stored


class ConcernDialog(ScrollingFormDialog):
    """The concern form for one child (others can be added). Emits `saved(Stored[Concern])`."""

    saved = Signal(object)

    def __init__(self, vault: Vault, child: Stored[Child], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._vault = vault
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
