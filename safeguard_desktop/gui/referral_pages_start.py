"""Starting a referral or consultation: where it goes (or the one in progress to continue), then the wizard.

Used by the child's record ("Refer or consult…") and by a threshold decision whose action is a
MASH referral or an LCSS consultation (the wizard then starts with that decision chosen).
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QButtonGroup, QDialog, QDialogButtonBox, QRadioButton, QVBoxLayout, QWidget

from safeguard_desktop.domain.ukdates import format_datetime
from safeguard_desktop.errors import SafeguardError
from safeguard_desktop.gui.referral_wizard import ReferralWizard
from safeguard_desktop.gui.widgets import heading, named, plain_label
from safeguard_desktop.gui.worker import error_text
from safeguard_desktop.referral import prefill, progress
from safeguard_desktop.referral.model import Destination
from safeguard_desktop.referral.wizard import Wizard
from safeguard_desktop.thresholds.guide import Action

DESTINATION_HELP = {
    Destination.MASH: "A child may be at risk of significant harm: the MASH decides what happens next.",
    Destination.LCSS_NAMED: "Ask the Locality and Community Support Service for Early Help support, with consent.",
    Destination.LCSS_NO_NAMES: "Talk it through with LCSS without naming the family.",
}


class StartReferralDialog(QDialog):
    """Continue a referral in progress, or start one to a destination. Emits `chosen(InProgress | Destination)`."""

    chosen = Signal(object)

    def __init__(
        self,
        destinations: list[Destination],
        unfinished: list[progress.InProgress],
        parent: QWidget | None = None,
        *,
        intro: str = "",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Refer or consult — safeguard-desktop")
        self.setAccessibleName("Refer or consult")
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Refer or consult"))
        if intro:
            layout.addWidget(plain_label(intro))
        self.group = QButtonGroup(self)
        self.options: list[tuple[QRadioButton, object]] = []
        if unfinished:
            layout.addWidget(heading("Continue", level=2))
        for work in unfinished:
            text = (
                f"Continue the {work.referral.destination.label()} started {format_datetime(work.started_at)}, "
                f"last saved {format_datetime(work.updated_at)}"
            )
            self._option(layout, text, work)
        layout.addWidget(heading("Start", level=2))
        for destination in destinations:
            self._option(layout, f"{destination.label()} — {DESTINATION_HELP[destination]}", destination)
        self.options[0][0].setChecked(True)
        layout.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("&Start")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _option(self, layout: QVBoxLayout, text: str, value: object) -> None:
        button = named(QRadioButton(text.replace("&", "&&")), text)
        self.group.addButton(button)
        self.options.append((button, value))
        layout.addWidget(button)

    def choose(self, value: object) -> None:
        """Tick the option for `value` (a destination or a work in progress)."""
        for button, option in self.options:
            if option == value or (isinstance(option, progress.InProgress) and option is value):
                button.setChecked(True)

    def accept(self) -> None:
        choice = next(value for button, value in self.options if button.isChecked())
        super().accept()
        self.chosen.emit(choice)


def start_referral(
    window: Any, child_id: UUID, *, decision_id: UUID | None = None, action: Action | None = None
) -> StartReferralDialog | None:
    """Ask where the referral goes (or which to continue), then open the wizard over `window`."""
    vault = window.vault
    if vault is None:
        return None
    if action is Action.MASH_REFERRAL:
        allowed = [Destination.MASH]
    elif action is Action.LCSS_CONSULTATION:
        allowed = [Destination.LCSS_NAMED, Destination.LCSS_NO_NAMES]
    else:
        allowed = list(Destination)
    try:
        works = [w for w in progress.unfinished(vault, child_id) if w.referral.destination in allowed]
    except SafeguardError as exc:
        window.error.show_error(error_text(exc))
        return None
    intro = "Your decision is saved. Start it now, with that decision included?" if decision_id else ""
    dialog = StartReferralDialog(allowed, works, window, intro=intro)
    dialog.chosen.connect(lambda choice: QTimer.singleShot(0, lambda: begin(window, child_id, choice, decision_id)))
    if callable(getattr(window, "open_form", None)):
        window.open_form(dialog)
    else:
        dialog.open()
    return dialog


def resume_record(window: Any, record_id: object) -> ReferralWizard | None:
    """Continue a saved DRAFT referral record in the wizard (from the referral list)."""
    if window.vault is None or not isinstance(record_id, UUID):
        return None
    try:
        work = progress.resume_record(window.vault.referrals.get(record_id))
    except SafeguardError as exc:
        window.error.show_error(error_text(exc))
        return None
    return begin(window, None, work)


def resume_work(window: Any, draft_id: object) -> ReferralWizard | None:
    """Continue a referral in progress (from the referral list)."""
    if window.vault is None or not isinstance(draft_id, UUID):
        return None
    work = progress.load(window.vault, draft_id)
    if work is None:
        window.error.show_error("That referral in progress could not be read back; start it again.")
        return None
    return begin(window, None, work)


def begin(window: Any, child_id: UUID | None, choice: object, decision_id: UUID | None = None) -> ReferralWizard | None:
    """Open the wizard: continuing a referral in progress, or a new one prefilled from the records."""
    vault = window.vault
    if vault is None:
        return None
    try:
        if isinstance(choice, progress.InProgress):
            work = choice
            context = prefill.build_context(vault, work.referral.child_ids)
        else:
            assert isinstance(choice, Destination) and child_id is not None
            context = prefill.build_context(vault, [child_id])
            referral = prefill.new_referral(vault, [child_id], choice, decision_id, context=context)
            work = progress.from_wizard(Wizard(referral, context))
        dialog = ReferralWizard(vault, work, context, window)
    except SafeguardError as exc:
        window.error.show_error(error_text(exc))
        return None
    refresh = getattr(window, "refresh_child", None)
    chronology = getattr(window, "chronology", None)
    for signal in (dialog.saved, dialog.sent):
        if callable(refresh):
            signal.connect(lambda _s: refresh())
        if chronology is not None:
            signal.connect(lambda _s: chronology.reload_all())
    window.referral_wizard = dialog
    if callable(getattr(window, "open_form", None)):
        window.open_form(dialog)
    else:
        dialog.open()
    return dialog
