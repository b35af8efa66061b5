"""Add a manual chronology entry: a significant event that no other record in the app holds.

A house move, a new partner in the home, a bereavement, a missed health appointment: the
chronology needs these beside the concerns and meetings recorded elsewhere in the app.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

import pydantic
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QWidget

from safeguard_desktop.domain.categories import Impact, Significance
from safeguard_desktop.domain.chronology import ChronologyEntry
from safeguard_desktop.domain.errors import DomainError, first_error_message
from safeguard_desktop.errors import SafeguardError
from safeguard_desktop.gui.concern_parts import EventDateInput
from safeguard_desktop.gui.drafts import set_widget_values, widget_values
from safeguard_desktop.gui.help import whats_this
from safeguard_desktop.gui.widgets import ScrollingFormDialog, heading, line_edit, named, text_edit

# The events local chronology guidance lists most often; any other text may be typed.
COMMON_CATEGORIES = (
    "Change in household",
    "New partner or adult in the home",
    "Separation",
    "Bereavement",
    "House move",
    "Change in carer's health or wellbeing",
    "Change in child's health or wellbeing",
    "Missed health appointment",
    "School absence or exclusion",
    "Change of school",
    "Going missing",
    "Offending",
    "Referral",
    "Case conference",
    "Change of legal or protection status",
    "Change of professional",
    "Positive change",
)


class ChronologyEntryDialog(ScrollingFormDialog):
    """The manual entry form for one child. Emits `saved(Stored[ChronologyEntry])`."""

    saved = Signal(object)
    draft_noun = "chronology entry"

    def __init__(
        self, vault: Any, child_id: UUID, child_name: str, categories: list[str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._vault = vault
        self._child_id = child_id
        self.draft_key = f"chronology_entry:{child_id}"
        self.setWindowTitle("Add chronology entry — safeguard-desktop")

        self.happened = EventDateInput()
        self.category = named(QComboBox(), "Category", "Choose a common category or type your own")
        self.category.setEditable(True)
        self.category.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        seen: set[str] = set()
        for text in [*COMMON_CATEGORIES, *categories]:
            if text.casefold() not in seen:
                seen.add(text.casefold())
                self.category.addItem(text, text)
        self.category.setCurrentIndex(-1)
        self.category.lineEdit().setPlaceholderText("Choose or type a category")
        self.description = text_edit(
            "Description", "A brief, factual, non-judgemental description (the family may read it)", rows=3
        )
        self.impact = named(QComboBox(), "Impact on the child")
        for impact in (Impact.NEGATIVE, Impact.NEUTRAL, Impact.POSITIVE):
            self.impact.addItem(impact.label(), impact.value)
        self.significance = named(QComboBox(), "Significance")
        self.significance.setWhatsThis(whats_this("significance"))
        for significance in Significance:
            self.significance.addItem(significance.label(), significance.value)
        self.source = line_edit("Source", "Where the information came from, e.g. school nurse, police notification")
        self.child_voice = text_edit(
            "The child's voice", "What the child said or how they seem, in their words", rows=2
        )
        self.action_and_outcome = text_edit("Action and outcome", rows=2)

        box = QGroupBox("The event")
        form = QFormLayout(box)
        form.addRow("&Happened", self.happened)
        form.addRow("Ca&tegory", self.category)
        form.addRow("&Description", self.description)
        form.addRow("&Impact", self.impact)
        form.addRow("Si&gnificance", self.significance)
        form.addRow("S&ource", self.source)
        form.addRow("The child's &voice", self.child_voice)
        form.addRow("A&ction and outcome", self.action_and_outcome)
        title = heading(f"Add a chronology entry for {child_name}", level=2)
        self.finish_layout([title, box], "Save entry", 680, 640)
        self.happened.setFocus()

    # -- drafts ----------------------------------------------------------------------------

    def _inputs(self) -> dict[str, QWidget]:
        return {
            "precision": self.happened.precision,
            "date": self.happened.date,
            "time": self.happened.time,
            "approximate": self.happened.approximate,
            "category": self.category.lineEdit(),
            "description": self.description,
            "impact": self.impact,
            "significance": self.significance,
            "source": self.source,
            "child_voice": self.child_voice,
            "action_and_outcome": self.action_and_outcome,
        }

    def draft_state(self) -> dict[str, Any]:
        """Everything typed so far, as JSON-friendly values."""
        return widget_values(self._inputs())

    def restore_draft(self, state: dict[str, Any]) -> None:
        """Put a draft back."""
        set_widget_values(self._inputs(), state)

    # -- saving ----------------------------------------------------------------------------

    def save(self) -> None:
        """Write the entry; on any problem, say so and keep everything typed."""
        self.error.clear()
        try:
            happened = self.happened.value()
        except DomainError:
            self.error.show_error("Please correct the date shown above; nothing has been saved.")
            self.happened.setFocus()
            return
        try:
            entry = ChronologyEntry(
                child_id=self._child_id,
                happened=happened,
                category=self.category.currentText().strip(),
                description=self.description.toPlainText().strip(),
                impact=Impact(self.impact.currentData()),
                significance=Significance(self.significance.currentData()),
                source=self.source.text().strip(),
                child_voice=self.child_voice.toPlainText(),
                action_and_outcome=self.action_and_outcome.toPlainText().strip(),
                recorded_by=self._vault.practitioner,
            )
        except pydantic.ValidationError as exc:
            self.error.show_error(first_error_message(exc))
            return
        try:
            stored = self._vault.chronology.add(entry)
        except SafeguardError as exc:
            self.error.show_error(exc.message)
            return
        self.saved.emit(stored)
        self.accept()
