"""Correct a level-of-need decision: the form loaded from the stored decision, saved as a new
version with a reason, so the earlier text stays readable in the record's history.

The edition that informed the decision is used while the app or the vault still holds it.
When neither does, the form opens on the current edition and says so: the correction will
cite that edition, and an indicator it does not hold word for word is kept with its text and
ID, marked as from an earlier edition, rather than dropped, reworded or passed off as the
practitioner's own words.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QVBoxLayout, QWidget

from safeguard_desktop.domain.ukdates import format_datetime
from safeguard_desktop.errors import SafeguardError
from safeguard_desktop.gui.concern_dialog import REASON_NEEDED
from safeguard_desktop.gui.decision_dialog import REFERRALS, DecisionDialog, load_guide
from safeguard_desktop.gui.widgets import ErrorLabel, Field, plain_label, text_edit
from safeguard_desktop.thresholds.decision import ThresholdDecision
from safeguard_desktop.thresholds.guide import Action, GuideEdition, ThresholdGuide
from safeguard_desktop.thresholds.library import current_edition, guide_for
from safeguard_desktop.vault.session import Vault
from safeguard_desktop.vault.store import Stored

NOTHING_CHANGED = "Nothing has been changed, so there is no correction to save."
WITHDRAWN = "This decision has been withdrawn, so it cannot be corrected."


def correction_guide(vault: Vault, decision: ThresholdDecision) -> tuple[ThresholdGuide, GuideEdition, str]:
    """The guide to correct a decision against, the edition a correction cites, and a note.

    The note is empty when the edition that informed the decision is still held; otherwise it
    says the correction will cite the current edition instead.
    """
    try:
        guide = guide_for(vault, decision.guide)
    except (OSError, ValueError):  # an installed edition that no longer reads: as if it were gone
        guide = None
    if guide is not None:
        return guide, decision.guide, ""
    current = load_guide(vault)
    edition = current_edition(vault)
    note = (
        f"This decision cited the {decision.guide.edition} edition of {decision.guide.document}, which this app "
        f"no longer holds. The form shows the current edition ({edition.edition}) and your correction will cite it; "
        "indicators it does not hold word for word are kept, with their text, marked as from an earlier edition."
    )
    return current, edition, note


class DecisionCorrectionDialog(DecisionDialog):
    """The level-of-need form loaded from a stored decision; saves with `threshold_decisions.amend`.

    The follow-up for a referral or consultation, and the 999 steps, are shown again only when
    the correction changes the action to one of them: they were seen when the decision was made.
    """

    draft_noun = "correction"

    def __init__(
        self,
        vault: Vault,
        stored: Stored[ThresholdDecision],
        guide: ThresholdGuide,
        edition: GuideEdition,
        edition_note: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(vault, stored.data.child_id, guide, parent)
        self._stored = stored
        self._edition = edition
        decision = stored.data
        self.draft_key = f"threshold-decision-correction:{stored.record_id}"
        self.setWindowTitle("Correct level-of-need decision — safeguard-desktop")
        child = vault.children.get(decision.child_id).data.title()
        self.title.setText(f"Correct the level-of-need decision of {decision.decided.display()} for {child}")
        self.citation.setText(f"Informed by: {edition.citation()}")
        self.save_button.setText("&Save correction")
        self.save_button.setAccessibleName("Save correction")

        self.edition_note = ErrorLabel()
        self.edition_note.setAccessibleName("The edition this correction cites")
        if edition_note:
            self.edition_note.show_error(edition_note)
        self.reason = text_edit(
            "Reason for the correction", "Why this is being corrected, e.g. level chosen in error", rows=2
        )
        self.reason_field = Field(self.reason)
        first = vault.threshold_decisions.history(stored.record_id)[0]
        box = QGroupBox("Correction")
        box_layout = QVBoxLayout(box)
        box_layout.addWidget(
            plain_label(
                "Saved as a new version: the earlier one stays readable in the record's history, with your reason. "
                f"First recorded {format_datetime(first.recorded_at)} by {first.author.name}."
            )
        )
        box_layout.addWidget(self.edition_note)
        form = QFormLayout()
        form.addRow("Reason for the\n&correction", self.reason_field)
        box_layout.addLayout(form)
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(layout.indexOf(self.tabs), box)

        self._load(decision, guide)
        self.reason.setFocus()

    @classmethod
    def for_decision(
        cls, vault: Vault, stored: Stored[ThresholdDecision], parent: QWidget | None = None
    ) -> DecisionCorrectionDialog:
        """The correction form for a stored decision, on the edition that informed it if still held.

        Raises SafeguardError (with a sentence to show) for a withdrawn decision or an unreadable guide.
        """
        if stored.withdrawn:
            raise SafeguardError(WITHDRAWN)
        guide, edition, note = correction_guide(vault, stored.data)
        return cls(vault, stored, guide, edition, note, parent)

    def _load(self, decision: ThresholdDecision, guide: ThresholdGuide) -> None:
        # The decided-by line shows who made the decision: a correction does not change that.
        for label in self.inputs.findChildren(QLabel):
            if label.accessibleName() == "Decided by":
                label.setText(decision.decided_by.one_line())
        for chosen in decision.indicators:
            self.picker.add_chosen(chosen)
        self.level.choose(decision.level)
        self.consent.choose(decision.consent.value)
        self.action.choose(decision.action.value)
        self.reasons.setPlainText(decision.reasons)
        self.consent_note.setPlainText(decision.consent_note)
        self.action_note.setPlainText(decision.action_note)
        self.decided.set_value(decision.decided)

    @property
    def stored(self) -> Stored[ThresholdDecision]:
        """The version this form corrects."""
        return self._stored

    # -- drafts ----------------------------------------------------------------------------

    def _inputs(self) -> dict[str, QWidget]:
        return {**super()._inputs(), "reason": self.reason}

    def restore_draft(self, state: dict[str, Any]) -> None:
        """Put a draft back: its indicators replace those loaded from the stored decision."""
        for key in self.picker.keys():
            self.picker.remove(key)
        super().restore_draft(state)
        self.reason.setFocus()

    # -- saving ----------------------------------------------------------------------------

    def decision(self) -> ThresholdDecision | None:
        """The corrected decision: who decided, and any referral made from it, carry over."""
        decision = super().decision()
        if decision is None:
            return None
        stored = self._stored.data
        return decision.model_copy(
            update={"guide": self._edition, "decided_by": stored.decided_by, "referral_id": stored.referral_id}
        )

    def _reason(self) -> str | None:
        self.reason_field.error.clear()
        reason = self.reason.toPlainText().strip()
        if not reason:
            self.reason_field.error.show_error(REASON_NEEDED)
            self.error.show_error(REASON_NEEDED + " Nothing has been saved.")
            self.reason.setFocus()
            return None
        return reason

    def save(self) -> None:
        """Save the correction as a new version, with its reason; say so if nothing changed."""
        decision = self.decision()
        if decision is None:
            return
        if decision == self._stored.data:
            self.error.show_error(NOTHING_CHANGED)
            return
        if self._reason() is None:
            return
        if decision.action is Action.POLICE_999 and self._stored.data.action is not Action.POLICE_999:
            self._confirm_urgent(decision)
            return
        self._write(decision)

    def _write(self, decision: ThresholdDecision) -> None:
        reason = self._reason()
        if reason is None:
            return
        try:
            stored = self.vault.threshold_decisions.amend(self._stored.record_id, decision, reason)
        except SafeguardError as exc:
            self.error.show_error(exc.message)
            return
        self.saved.emit(stored)
        if decision.action in REFERRALS and decision.action is not self._stored.data.action:
            self.referral_requested.emit(stored.record_id, decision.action)
            self._show_follow_up(stored)
        self.accept()


def _main_window(widget: QWidget | None) -> QWidget | None:
    """The window that opens forms (so a lock keeps them as drafts), if `widget` is inside one."""
    while widget is not None:
        if callable(getattr(widget, "open_form", None)):
            return widget
        widget = widget.parentWidget()
    return None


def open_correction(
    owner: QWidget | None, vault: Vault, record_id: UUID, refresh: Callable[[], None] | None = None
) -> DecisionDialog:
    """Open the correction form for a decision's current version, over `owner`'s window.

    After a save `refresh` runs (by default the main window re-reads the current child) and
    any chronology open on screen is re-read. Raises SafeguardError with a sentence to show
    when the decision cannot be corrected (withdrawn, or the guide cannot be read).
    """
    # Always the current version: the screen it was chosen from may be stale.
    stored = vault.threshold_decisions.get(record_id)
    main = _main_window(owner)
    dialog = DecisionDialog.correct(vault, stored, main or (owner.window() if owner is not None else None))
    if refresh is None:
        refresh = getattr(main, "refresh_child", None)
    if refresh is not None:
        dialog.saved.connect(lambda _: refresh())
    chronology = getattr(main, "chronology", None)
    if chronology is not None and callable(getattr(chronology, "reload_all", None)):
        dialog.saved.connect(lambda _: chronology.reload_all())
    offer = getattr(main, "start_referral_from_decision", None)
    if callable(offer):
        # Offered once the correction has closed, so its own draft is done with first.
        dialog.referral_requested.connect(lambda rid, action: QTimer.singleShot(0, lambda: offer(rid, action)))
    if main is not None:
        main.open_form(dialog)  # type: ignore[attr-defined]
    else:
        dialog.open()
    return dialog
