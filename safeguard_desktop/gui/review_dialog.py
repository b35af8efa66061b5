"""The DSL's review of a concern: what was reported, shown read-only, then the decision.

The review is saved as a new version of the concern (reason "DSL review", or the
reviewer's own note), so what the member of staff reported stays exactly as they wrote
it. A review date puts the concern in the "due" list until it is closed.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pydantic
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QGroupBox, QWidget

from safeguard_desktop.domain.concern import Concern, ConcernReview
from safeguard_desktop.domain.errors import DomainError, first_error_message
from safeguard_desktop.domain.ukdates import format_date, format_datetime, uk_today, utc_now
from safeguard_desktop.errors import SafeguardError
from safeguard_desktop.gui.drafts import set_widget_values, widget_values
from safeguard_desktop.gui.forms import date_edit, optional_date
from safeguard_desktop.gui.informed_rows import StatusInput
from safeguard_desktop.gui.record_detail import concern_rows, name_lookup
from safeguard_desktop.gui.widgets import Field, ScrollingFormDialog, heading, line_edit, plain_label, text_edit
from safeguard_desktop.vault.session import Vault
from safeguard_desktop.vault.store import Stored

DEFAULT_REASON = "DSL review"
# What the reviewer needs to see of the report; the review itself is below it.
REPORTED = {
    "When it happened",
    "Categories",
    "Children",
    "Recorded by",
    "Reported by",
    "Factual account",
    "The child's own words (verbatim)",
    "Action taken",
    "Who was informed",
    "Status",
    "Status changes",
    "Body map",
}


class ReviewDialog(ScrollingFormDialog):
    """Review a stored concern. Emits `saved(Stored[Concern])`."""

    saved = Signal(object)
    draft_noun = "review"

    def __init__(self, vault: Vault, stored: Stored[Concern], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._vault = vault
        self._stored = stored
        concern = stored.data
        self.draft_key = f"concern-review:{stored.record_id}"
        self.setWindowTitle("Review concern — safeguard-desktop")

        reported = QGroupBox("What was reported")
        form = QFormLayout(reported)
        for label, text in concern_rows(concern, name_lookup(vault)):
            if label in REPORTED:
                shown = plain_label(text, selectable=True)
                shown.setAccessibleName(label)
                form.addRow(label, shown)

        self.decision = text_edit(
            "Decision", "What you decided, e.g. refer to MASH; monitor; no further action", rows=2
        )
        self.decision_field = Field(self.decision)
        self.rationale = text_edit("Rationale", "Why: the threshold considered, what weighed most", rows=3)
        self.next_steps = text_edit("Next steps", "Who does what, by when", rows=3)
        self.review_on = date_edit("Review date")
        self.review_on.setAccessibleDescription("Optional: when to look at this again, dd/mm/yyyy, today or later")
        self.review_field = Field(self.review_on)
        self.status = StatusInput()
        self.status.set_previous(concern.status)
        self.note = line_edit("Note for the record's history", f"Optional; blank records “{DEFAULT_REASON}”")

        review = QGroupBox("Your review")
        form = QFormLayout(review)
        form.addRow("&Decision", self.decision_field)
        form.addRow("&Rationale", self.rationale)
        form.addRow("&Next steps", self.next_steps)
        form.addRow("Review &date", self.review_field)
        form.addRow("&Status", self.status)
        form.addRow("N&ote for history", self.note)
        form.addRow(plain_label(f"Reviewed by {vault.practitioner.one_line()}, dated when you save."))

        sections: list[QWidget] = [heading(f"Review the concern of {concern.happened.display()}", level=2)]
        if concern.review is not None:
            earlier = concern.review
            sections.append(
                plain_label(
                    f"Reviewed before on {format_datetime(earlier.reviewed_at)} by {earlier.reviewed_by.name}; "
                    "that review is shown below. Saving replaces it with yours; the earlier one stays in the history."
                )
            )
            self.decision.setPlainText(earlier.decision)
            self.rationale.setPlainText(earlier.rationale)
            self.next_steps.setPlainText(earlier.next_steps)
            if earlier.review_on is not None:
                self.review_on.setText(format_date(earlier.review_on))
        sections += [reported, review]
        self.finish_layout(sections, "Save review", 820, 860)
        self.decision.setFocus()

    # -- drafts ----------------------------------------------------------------------------

    def _inputs(self) -> dict[str, QWidget]:
        return {
            "decision": self.decision,
            "rationale": self.rationale,
            "next_steps": self.next_steps,
            "review_on": self.review_on,
            "status": self.status.status,
            "status_on": self.status.changed_on,
            "status_note": self.status.note,
            "note": self.note,
        }

    def draft_state(self) -> dict[str, Any]:
        """What was typed so far."""
        return widget_values(self._inputs())

    def restore_draft(self, state: dict[str, Any]) -> None:
        """Put a draft back."""
        set_widget_values(self._inputs(), state)

    # -- saving ----------------------------------------------------------------------------

    def _review_date(self) -> date | None:
        self.review_field.error.clear()
        try:
            when = optional_date(self.review_on)
            if when is not None and when < uk_today():
                raise DomainError(f"{format_date(when)} is in the past; choose today or a later date for the review.")
        except DomainError as exc:
            self.review_field.error.show_error(exc.message)
            raise
        return when

    def save(self) -> None:
        """Save the review as a new version of the concern."""
        self.error.clear()
        self.decision_field.error.clear()
        ok = True
        if not self.decision.toPlainText().strip():
            self.decision_field.error.show_error("Record the decision the review reached.")
            ok = False
        try:
            review_on = self._review_date()
        except DomainError:
            ok = False
        concern = self._stored.data
        try:
            history = self.status.history(concern.status_history)
        except DomainError:
            ok = False
        if not ok:
            self.error.show_error("Please correct the problems shown above; nothing has been saved.")
            return
        try:
            review = ConcernReview(
                decision=self.decision.toPlainText(),
                rationale=self.rationale.toPlainText(),
                next_steps=self.next_steps.toPlainText(),
                review_on=review_on,
                reviewed_by=self._vault.practitioner,
                reviewed_at=utc_now(),
            )
            reviewed = Concern(
                **{**dict(concern), "review": review, "status": self.status.current(), "status_history": history}
            )
        except pydantic.ValidationError as exc:
            self.error.show_error(first_error_message(exc))
            return
        try:
            stored = self._vault.concerns.amend(
                self._stored.record_id, reviewed, self.note.text().strip() or DEFAULT_REASON
            )
        except SafeguardError as exc:
            self.error.show_error(exc.message)
            return
        self.saved.emit(stored)
        self.accept()
