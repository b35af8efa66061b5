"""Consider the level of need: tick the indicators that describe a child, see what they
suggest, and record the practitioner's own decision with reasons.

Three steps on tabs, with Back and Next, so that each fits a small laptop screen. The
suggestion informs and never decides: no level, consent position or action is chosen for
the practitioner. The decision keeps the edition of the guide that informed it.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

import pydantic
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from safeguard_desktop.domain.errors import DomainError, first_error_message
from safeguard_desktop.errors import SafeguardError
from safeguard_desktop.gui.decision_indicators import IndicatorPicker
from safeguard_desktop.gui.decision_parts import DecisionInputs, SuggestionPanel, route_text, route_title
from safeguard_desktop.gui.drafts import set_widget_values, widget_values
from safeguard_desktop.gui.help import whats_this
from safeguard_desktop.gui.widgets import ErrorLabel, fit_to_screen, heading, named, plain_label
from safeguard_desktop.thresholds.decision import ChosenIndicator, Consent, ThresholdDecision
from safeguard_desktop.thresholds.guide import Action, ThresholdGuide
from safeguard_desktop.thresholds.library import current_guide
from safeguard_desktop.thresholds.suggest import suggest
from safeguard_desktop.vault.session import Vault
from safeguard_desktop.vault.store import Stored

STEPS = ("&1 Indicators", "&2 What they suggest", "&3 Your decision")
REASONS_NEEDED = "Give your reasons for this level: the guide's examples only illustrate."
OWN_NOT_ADDED = "You typed an indicator of your own but did not add it: press Add, or clear it."
PROBLEMS = "Please correct the problems shown; nothing has been saved."
# Actions that lead on to a referral or consultation made from the decision.
REFERRALS = (Action.MASH_REFERRAL, Action.LCSS_CONSULTATION)


def load_guide(vault: Vault) -> ThresholdGuide:
    """The edition in use: the newest installed in the vault, or the shipped one.

    Raises SafeguardError with a sentence for the practitioner if no edition can be read.
    """
    try:
        return current_guide(vault)
    except (OSError, ValueError) as exc:  # pydantic's ValidationError is a ValueError
        raise SafeguardError(
            "The threshold guide could not be read, so a level of need cannot be considered here. "
            "Reinstall safeguard-desktop, or install the partnership's guide pack again."
        ) from exc


def _page(content: QWidget) -> QScrollArea:
    """A tab's page: scrolls only when the window is smaller than the page needs."""
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setWidget(content)
    return scroll


class DecisionDialog(QDialog):
    """The level-of-need form for one child. Emits `saved(Stored[ThresholdDecision])`, then,
    for a MASH referral or LCSS consultation, `referral_requested(record_id, Action)`.

    New: `DecisionDialog(vault, child_id, guide)`. Correction: `DecisionDialog.correct(vault, stored)`.
    """

    saved = Signal(object)
    referral_requested = Signal(object, object)
    draft_noun = "level-of-need decision"

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # QDialog presses its auto-default button (whichever was last focused, e.g. Add) for an
        # Enter that a field did not use. Here Enter has its own meaning in each field, and a
        # form of this weight must never act on a stray one.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()
            return
        super().keyPressEvent(event)

    def __init__(self, vault: Vault, child_id: UUID, guide: ThresholdGuide, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._vault = vault
        self._child_id = child_id
        self._guide = guide
        child = vault.children.get(child_id)
        self.draft_key = f"threshold-decision:{child_id}"
        self.urgent_box: QMessageBox | None = None
        self.follow_up: QMessageBox | None = None
        self.setWindowTitle("Consider the level of need — safeguard-desktop")

        self.picker = IndicatorPicker(guide)
        self.chosen_summary = plain_label()
        self.chosen_summary.setAccessibleName("Summary of the indicators chosen")
        self.suggestion = SuggestionPanel(guide)

        self.tabs = named(QTabWidget(), "Steps")
        self.tabs.addTab(self._indicators_page(), STEPS[0])
        self.tabs.addTab(_page(self.suggestion), STEPS[1])
        self.inputs = DecisionInputs(guide, vault.practitioner)
        # The decision's parts, by the names the tests and drafts use.
        self.level, self.reasons, self.reasons_field = self.inputs.level, self.inputs.reasons, self.inputs.reasons_field
        self.consent, self.consent_note = self.inputs.consent, self.inputs.consent_note
        self.action, self.action_note = self.inputs.action, self.inputs.action_note
        self.decided, self.consider = self.inputs.decided, self.inputs.consider
        self.tabs.addTab(_page(self.inputs), STEPS[2])

        self.note = plain_label()
        self.note.setAccessibleName("Note about this form")
        self.note.setFrameShape(QFrame.Shape.StyledPanel)
        self.note.setMargin(6)
        self.note.hide()
        self.error = ErrorLabel()
        self.back_button = named(QPushButton("&Back"), "Back to the previous step")
        self.next_button = named(QPushButton("&Next"), "Next step")
        self.save_button = named(QPushButton("&Save decision"), "Save decision")
        self.cancel_button = named(QPushButton("Cancel"), "Cancel")
        for button in (self.back_button, self.next_button, self.save_button, self.cancel_button):
            # Enter in a field must never save or move on by surprise.
            button.setAutoDefault(False)
        # A plain row, not a QDialogButtonBox, which would make Save the default button for Enter.
        buttons = QHBoxLayout()
        for button in (self.back_button, self.next_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        for button in (self.save_button, self.cancel_button):
            buttons.addWidget(button)

        self.title = heading(f"Consider the level of need for {child.data.title()}", level=2)
        self.citation = plain_label(f"Informed by: {guide.edition().citation()}")
        self.citation.setAccessibleName("Guide edition")
        self.citation.setWhatsThis(whats_this("guide_edition"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.citation)
        layout.addWidget(self.note)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.error)
        layout.addLayout(buttons)

        self.back_button.clicked.connect(lambda: self.go_to(self.tabs.currentIndex() - 1))
        self.next_button.clicked.connect(lambda: self.go_to(self.tabs.currentIndex() + 1))
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)
        self.tabs.currentChanged.connect(self._step_changed)
        self.picker.changed.connect(self._update_suggestion)
        self._update_suggestion()
        self._step_changed()
        fit_to_screen(self, 1280, 780)
        self.picker.filter.setFocus()

    @classmethod
    def correct(cls, vault: Vault, stored: Stored[ThresholdDecision], parent: QWidget | None = None) -> DecisionDialog:
        """The form for correcting a stored decision, loaded from it; saves a new version with a reason."""
        # Imported here: the correction form is a subclass of this one, in its own module.
        from safeguard_desktop.gui.decision_correct import DecisionCorrectionDialog

        return DecisionCorrectionDialog.for_decision(vault, stored, parent)

    # -- building --------------------------------------------------------------------------

    def _indicators_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(
            plain_label(
                "Tick the indicators that describe this child now, and note what you saw. They are the guide's "
                "examples of need at each level, not a checklist; add your own where none fits. "
                "Space ticks the highlighted indicator."
            )
        )
        layout.addWidget(self.picker, 1)
        layout.addWidget(self.chosen_summary)
        return page

    # -- the steps -------------------------------------------------------------------------

    def go_to(self, step: int) -> None:
        """Show step `step` (0, 1 or 2) with the cursor in its first part."""
        if 0 <= step < self.tabs.count():
            self.tabs.setCurrentIndex(step)
            (self.picker.filter, self.suggestion.matrix, self.level)[step].setFocus()

    def _step_changed(self) -> None:
        step = self.tabs.currentIndex()
        self.back_button.setEnabled(step > 0)
        self.next_button.setEnabled(step < self.tabs.count() - 1)

    def _update_suggestion(self) -> None:
        found = suggest(self._guide, self.picker.value())
        self.suggestion.show_suggestion(found)
        count = len(self.picker.keys())
        if found.highest is None:
            self.chosen_summary.setText("No indicators chosen yet.")
            self.consider.setText("No indicators chosen. The level is yours to decide, with your reasons.")
            return
        words = " and ".join(f"level {n}" for n in found.levels_to_consider)
        patterns = len(found.cumulative)
        pattern_text = f" {patterns} pattern{'s' if patterns != 1 else ''} to weigh: see step 2." if patterns else ""
        noun = "indicator" if count == 1 else "indicators"
        self.chosen_summary.setText(f"{count} {noun} chosen; the highest is at level {found.highest}.{pattern_text}")
        self.consider.setText(
            f"The indicators you chose suggest considering {words}. This informs your judgement; you decide."
        )

    # -- drafts (kept in the vault when it locks mid-form) ---------------------------------

    def show_note(self, text: str) -> None:
        """A line above the steps (for example: this is a restored draft)."""
        self.note.setText(text)
        self.note.setVisible(bool(text))

    @property
    def vault(self) -> Vault:
        """The vault this form writes to."""
        return self._vault

    def _inputs(self) -> dict[str, QWidget]:
        return {
            "filter": self.picker.filter,
            "own_text": self.picker.own_text,
            "own_domain": self.picker.own_domain,
            "own_level": self.picker.own_level,
            "reasons": self.reasons,
            "consent_note": self.consent_note,
            "action_note": self.action_note,
            "precision": self.decided.precision,
            "date": self.decided.date,
            "time": self.decided.time,
            "approximate": self.decided.approximate,
        }

    def draft_state(self) -> dict[str, Any]:
        """Everything chosen and typed so far, as JSON-friendly values."""
        state = widget_values(self._inputs())
        state["chosen"] = [chosen.model_dump(mode="json") for chosen in self.picker.value()]
        state["level"] = self.level.chosen()
        state["consent"] = self.consent.chosen()
        state["action"] = self.action.chosen()
        state["step"] = self.tabs.currentIndex()
        return state

    def restore_draft(self, state: dict[str, Any]) -> None:
        """Put a draft back; an entry that no longer reads is left out rather than guessed."""
        set_widget_values(self._inputs(), state)
        for entry in state.get("chosen") or []:
            try:
                self.picker.add_chosen(ChosenIndicator.model_validate(entry))
            except (pydantic.ValidationError, DomainError, KeyError):
                continue
        for choice, key in ((self.level, "level"), (self.consent, "consent"), (self.action, "action")):
            if state.get(key) is not None:
                choice.choose(state[key])
        step = state.get("step")
        self.go_to(step if isinstance(step, int) else 0)

    # -- saving ----------------------------------------------------------------------------

    def decision(self) -> ThresholdDecision | None:
        """The decision made, or None after showing each problem next to its part."""
        self.error.clear()
        self.reasons_field.error.clear()
        self.picker.own_error.clear()
        parts: dict[str, Any] = {}
        for name, read in (
            ("level", lambda: self.level.value(int)),
            ("consent", lambda: self.consent.value(Consent)),
            ("action", lambda: self.action.value(Action)),
            ("decided", self.decided.value),
        ):
            try:
                parts[name] = read()
            except (DomainError, pydantic.ValidationError):
                parts[name] = None
        if not self.reasons.toPlainText().strip():
            self.reasons_field.error.show_error(REASONS_NEEDED)
            parts["reasons"] = None
        if self.picker.own_text.text().strip():
            self.picker.own_error.show_error(OWN_NOT_ADDED)
            self.error.show_error(PROBLEMS)
            self.go_to(0)
            self.picker.own_text.setFocus()
            return None
        if any(value is None for value in parts.values()):
            self.error.show_error(PROBLEMS)
            self.tabs.setCurrentIndex(2)
            for part in (self.level, self.reasons_field, self.consent, self.action, self.decided):
                if part.error.text():
                    part.setFocus()
                    break
            return None
        level = parts["level"]
        try:
            return ThresholdDecision(
                child_id=self._child_id,
                decided=parts["decided"],
                decided_by=self._vault.practitioner,
                guide=self._guide.edition(),
                indicators=self.picker.value(),
                level=level,
                level_name=self._guide.level(level).name,
                reasons=self.reasons.toPlainText(),
                consent=parts["consent"],
                consent_note=self.consent_note.toPlainText(),
                action=parts["action"],
                action_note=self.action_note.toPlainText(),
            )
        except pydantic.ValidationError as exc:
            self.error.show_error(first_error_message(exc))
            return None

    def save(self) -> None:
        """Write the decision; for 999, the urgent steps come first and must be acknowledged."""
        decision = self.decision()
        if decision is None:
            return
        if decision.action is Action.POLICE_999:
            self._confirm_urgent(decision)
            return
        self._write(decision)

    def _routes_text(self, action: Action) -> str:
        routes = [route for route in self._guide.routes if route.action is action]
        return "\n\n".join(f"{route_title(route)}\n{route_text(route)}" for route in routes)

    def _confirm_urgent(self, decision: ThresholdDecision) -> None:
        text = (
            "A child in immediate danger needs the police now: do not wait for this record.\n\n"
            f"{self._routes_text(Action.POLICE_999)}\n\n"
            "Save the decision once you have called 999, or as you call now."
        )
        box = QMessageBox(QMessageBox.Icon.Warning, "Call 999 now", "", QMessageBox.StandardButton.NoButton, self)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setText(text)
        self.called_button = box.addButton(
            "I have called 999, or am calling now: save", QMessageBox.ButtonRole.AcceptRole
        )
        box.addButton("Back to the form", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(self.called_button)
        box.finished.connect(lambda _: self._urgent_answered(box, decision))
        self.urgent_box = box
        box.open()

    def _urgent_answered(self, box: QMessageBox, decision: ThresholdDecision) -> None:
        clicked = box.clickedButton()
        self.urgent_box = None
        box.deleteLater()
        if clicked is self.called_button:
            self._write(decision)

    def _write(self, decision: ThresholdDecision) -> None:
        try:
            stored = self._vault.threshold_decisions.add(decision)
        except SafeguardError as exc:
            self.error.show_error(exc.message)
            return
        self.saved.emit(stored)
        if decision.action in REFERRALS:
            self.referral_requested.emit(stored.record_id, decision.action)
            self._show_follow_up(stored)
        self.accept()

    def _show_follow_up(self, stored: Stored[ThresholdDecision]) -> None:
        """The guide's steps for the referral or consultation chosen, after the decision is saved.

        Parented to the window beneath, since this form closes at once: the steps are the
        guide's words, not the child's record, so they may stay up while the vault locks.
        """
        action = stored.data.action
        text = (
            f"Your decision is saved. Next: the {action.label()}.\n\n"
            f"safeguard-desktop offers to start the {action.label()} now, prefilled with this decision "
            "(or later, with Refer or consult… in the child's record). The packet it makes is the record "
            "of exactly what was sent.\n\n"
            f"{self._routes_text(action)}\n\n"
            f"From: {self._guide.edition().citation()}"
        )
        box = QMessageBox(
            QMessageBox.Icon.Information,
            f"Next: {action.label()}",
            "",
            QMessageBox.StandardButton.Ok,
            self.parentWidget(),
        )
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setText(text)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.follow_up = box
        box.open()
