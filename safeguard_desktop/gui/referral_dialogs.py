"""What follows a sent referral: the MASH's decision, an LCSS consultation's advice, an escalation.

Each saves a new version of the referral with a reason, so the record's history shows when
the decision arrived, what advice was given and when the referrer escalated. The referral is
read again just before saving, so nothing recorded meanwhile is overwritten.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pydantic
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QLineEdit, QPlainTextEdit, QWidget

from safeguard_desktop.domain.errors import DomainError, first_error_message
from safeguard_desktop.domain.records import STORED
from safeguard_desktop.domain.ukdates import format_date, to_uk, uk_today
from safeguard_desktop.errors import SafeguardError
from safeguard_desktop.gui.forms import date_edit, optional_date
from safeguard_desktop.gui.widgets import Field, ScrollingFormDialog, heading, line_edit, named, plain_label, text_edit
from safeguard_desktop.referral.model import (
    Destination,
    LcssAdvice,
    MashDecision,
    Referral,
    ReferralStatus,
)
from safeguard_desktop.vault.session import Vault
from safeguard_desktop.vault.store import Stored

DECISION_REASON = "MASH decision received"
ADVICE_REASON = "LCSS advice recorded"
ESCALATION_REASON = "Escalated under the partnership's policy for resolving professional disagreements"
ESCALATION_ROUTE = (
    "If the MASH's decision has not come, or you disagree with it, chase it with the MASH first. If that "
    "does not resolve it, escalate under the partnership's policy for resolving professional disagreements: "
    "raise it with the MASH team's manager, then through your own manager, as the policy sets out."
)
# What the MASH commonly decides; the box takes any other words too.
MASH_OUTCOMES = (
    "No further action",
    "Advice and information given to the referrer",
    "Stepped down to Early Help (LCSS)",
    "Child and Family Assessment (Child in Need)",
    "Strategy discussion and Section 47 enquiry",
    "Passed to another local authority",
)


def amended(referral: Referral, **update: Any) -> Referral:
    """The referral with `update` applied, validated as a whole (DomainError or ValidationError if it cannot be)."""
    return Referral.model_validate(referral.model_dump() | update, context=STORED)


def _past_date(field: Field, edit: QLineEdit, what: str) -> date | None:
    """The date typed, if it is a real date not in the future; else an inline message and None."""
    try:
        when = optional_date(edit)
    except DomainError as exc:
        field.error.show_error(str(exc))
        return None
    if when is None:
        field.error.show_error(f"Enter the date {what}, as dd/mm/yyyy.")
        return None
    if when > uk_today():
        field.error.show_error("That date is in the future.")
        return None
    return when


class _ReferralUpdateDialog(ScrollingFormDialog):
    """A form that saves one new version of a referral. Emits `saved(Stored[Referral])`."""

    saved = Signal(object)
    reason = ""

    def __init__(self, vault: Vault, stored: Stored[Referral], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self.record_id = stored.record_id
        self.referral = stored.data

    def _required(self, edit: QLineEdit | QPlainTextEdit | QComboBox, field: Field | None, message: str) -> str:
        if isinstance(edit, QComboBox):
            text = edit.currentText().strip()
        elif isinstance(edit, QPlainTextEdit):
            text = edit.toPlainText().strip()
        else:
            text = edit.text().strip()
        if not text and field is not None:
            field.error.show_error(message)
        return text

    def changes_for(self, current: Referral) -> dict[str, Any] | None:  # pragma: no cover - each form defines its own
        raise NotImplementedError

    def save(self) -> None:
        """Validate, read the referral afresh, and save the new version with the reason."""
        self.error.clear()
        for field in self.findChildren(Field):
            field.error.clear()
        try:
            current = self.vault.referrals.get(self.record_id)
            changes = self.changes_for(current.data)
            if changes is None:
                return
            new = amended(current.data, **changes)
            stored = self.vault.referrals.amend(self.record_id, new, self.reason_text(changes))
        except pydantic.ValidationError as exc:
            self.error.show_error(first_error_message(exc))
            return
        except SafeguardError as exc:
            self.error.show_error(exc.message)
            return
        self.saved.emit(stored)
        self.accept()

    def reason_text(self, changes: dict[str, Any]) -> str:
        """The reason kept in the record's history."""
        return self.reason


class RecordDecisionDialog(_ReferralUpdateDialog):
    """The MASH's decision, recorded when it arrives: the referral's outcome."""

    reason = DECISION_REASON

    def __init__(self, vault: Vault, stored: Stored[Referral], parent: QWidget | None = None) -> None:
        super().__init__(vault, stored, parent)
        self.setWindowTitle("Record the MASH's decision — safeguard-desktop")
        self.received_on = date_edit("Decision received on")
        self.received_on.setText(format_date(uk_today()))
        self.received_field = Field(self.received_on)
        self.outcome = named(QComboBox(), "The MASH's decision", "Choose one, or type the decision in its words")
        self.outcome.setEditable(True)
        self.outcome.addItem("")
        self.outcome.addItems(MASH_OUTCOMES)
        self.outcome.lineEdit().setMaxLength(500)
        self.outcome_field = Field(self.outcome)
        self.reference = line_edit("MASH reference", "The reference the MASH gave, if any")
        self.next_steps = text_edit("Next steps", "What happens next, and what is asked of you", rows=4)
        box = QGroupBox("The decision")
        form = QFormLayout(box)
        form.addRow("&Received on", self.received_field)
        form.addRow("&Decision", self.outcome_field)
        form.addRow("Re&ference", self.reference)
        form.addRow("&Next steps", self.next_steps)
        sent = stored.data.sent
        when = f", sent {format_date(to_uk(sent.sent_at).date())}" if sent is not None else ""
        title = heading(f"The MASH's decision on the referral{when}", level=2)
        self.finish_layout([title, box], "Save the decision", 620, 460)
        self.outcome.setFocus()

    def changes_for(self, current: Referral) -> dict[str, Any] | None:
        """The decision and the outcome status, or None (with messages) when something is missing."""
        if current.destination is not Destination.MASH or current.sent is None:
            raise SafeguardError("Only a sent MASH referral has a MASH decision to record.")
        if current.mash_decision is not None:
            raise SafeguardError("The MASH's decision on this referral is already recorded; see its history.")
        when = _past_date(self.received_field, self.received_on, "the decision was received")
        outcome = self._required(self.outcome, self.outcome_field, "Say what the MASH decided.")
        if when is None or not outcome:
            return None
        decision = MashDecision(
            received_on=when,
            outcome=outcome,
            reference=self.reference.text(),
            next_steps=self.next_steps.toPlainText(),
        )
        return {"mash_decision": decision, "status": ReferralStatus.OUTCOME}


class LcssAdviceDialog(_ReferralUpdateDialog):
    """The advice given in an LCSS consultation, and what the practitioner did with it."""

    reason = ADVICE_REASON

    def __init__(self, vault: Vault, stored: Stored[Referral], parent: QWidget | None = None) -> None:
        super().__init__(vault, stored, parent)
        self.setWindowTitle("Record LCSS advice — safeguard-desktop")
        self.given_on = date_edit("Advice given on")
        self.given_on.setText(format_date(uk_today()))
        self.given_field = Field(self.given_on)
        self.adviser = line_edit("Adviser", "Who gave the advice, and their role")
        self.advice = text_edit("Advice given", "The advice, as given", rows=5)
        self.advice_field = Field(self.advice)
        self.outcome = text_edit("Outcome", "What you did, or will do, with the advice", rows=3)
        box = QGroupBox("The consultation")
        form = QFormLayout(box)
        form.addRow("&Given on", self.given_field)
        form.addRow("A&dviser", self.adviser)
        form.addRow("&Advice", self.advice_field)
        form.addRow("&Outcome", self.outcome)
        title = heading(stored.data.destination.label(), level=2)
        self.finish_layout([title, box], "Save the advice", 620, 480)
        self.advice.setFocus()

    def changes_for(self, current: Referral) -> dict[str, Any] | None:
        """The advice (and, for a consultation already sent, the outcome status), or None."""
        if current.destination is Destination.MASH:
            raise SafeguardError("A MASH referral has a decision, not LCSS advice.")
        when = _past_date(self.given_field, self.given_on, "the advice was given")
        advice = self._required(self.advice, self.advice_field, "Write down the advice given.")
        if when is None or not advice:
            return None
        changes: dict[str, Any] = {
            "lcss_advice": LcssAdvice(
                given_on=when, adviser=self.adviser.text(), advice=advice, outcome=self.outcome.toPlainText()
            )
        }
        if current.sent is not None:
            changes["status"] = ReferralStatus.OUTCOME
        return changes


class EscalationDialog(_ReferralUpdateDialog):
    """An escalation under the partnership's disagreement policy, added to the referral's record."""

    reason = ESCALATION_REASON

    def __init__(self, vault: Vault, stored: Stored[Referral], parent: QWidget | None = None) -> None:
        super().__init__(vault, stored, parent)
        self.setWindowTitle("Escalate — safeguard-desktop")
        route = plain_label(ESCALATION_ROUTE)
        route.setAccessibleName("How to escalate")
        self.what_done = text_edit(
            "What you did to escalate", "Who you spoke to or wrote to, when, and what they said", rows=5
        )
        self.what_done_field = Field(self.what_done)
        box = QGroupBox("The escalation")
        form = QFormLayout(box)
        form.addRow(route)
        form.addRow("&What you did", self.what_done_field)
        if stored.data.escalation:
            earlier = plain_label(stored.data.escalation, selectable=True)
            earlier.setAccessibleName("Escalation recorded earlier")
            form.addRow("Recorded earlier", earlier)
        title = heading("Escalate: the MASH's decision has not come, or you disagree with it", level=2)
        self.finish_layout([title, box], "Save the escalation", 640, 480)
        self.what_done.setFocus()

    def changes_for(self, current: Referral) -> dict[str, Any] | None:
        """The escalation note, dated and added below any earlier one, or None."""
        if current.sent is None:
            raise SafeguardError("Only a sent referral can be escalated.")
        note = self._required(self.what_done, self.what_done_field, "Say what you did to escalate.")
        if not note:
            return None
        entry = f"{format_date(uk_today())}: {note}"
        return {"escalation": f"{current.escalation}\n{entry}".strip()}

    def reason_text(self, changes: dict[str, Any]) -> str:
        """The history's reason names the policy and carries the note's first line."""
        first = str(changes["escalation"]).splitlines()[-1]
        return f"{ESCALATION_REASON}. {first}"[:500]
