"""The child's latest level-of-need decision, as a section of their record.

It sits near the top because the level decided, and when, frames everything else a
practitioner reads about the child; the full reasoning is one click away.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from safeguard_desktop.domain.people import Child
from safeguard_desktop.errors import SafeguardError
from safeguard_desktop.gui.concern_actions import launch
from safeguard_desktop.gui.decision_correct import open_correction
from safeguard_desktop.gui.record_detail import RecordDetailDialog
from safeguard_desktop.gui.widgets import ErrorLabel, named, plain_label
from safeguard_desktop.thresholds.decision import ThresholdDecision
from safeguard_desktop.vault.session import Vault
from safeguard_desktop.vault.store import Stored

NOT_CONSIDERED = (
    "Not considered yet. Use Level of need… to weigh this child's needs against the threshold guide "
    "and record your decision."
)


def latest_decision_text(decision: ThresholdDecision) -> str:
    """One line: when, the level with its name, and the action."""
    return (
        f"{decision.decided.display()}: level {decision.level} ({decision.level_name}). "
        f"Action: {decision.action.label()}. Decided by {decision.decided_by.name}."
    )


class LevelOfNeedSection(QGroupBox):
    """The newest decision for one child, how many came before, and ways to read or correct it."""

    def __init__(
        self, vault: Vault, child: Stored[Child], refresh: Callable[[], None], parent: QWidget | None = None
    ) -> None:
        super().__init__("Level of need", parent)
        self.setObjectName("levelOfNeed")
        layout = QVBoxLayout(self)
        total = vault.threshold_decisions.count(linked_to=child.record_id)
        newest = vault.threshold_decisions.list(linked_to=child.record_id, limit=1)
        if not newest:
            layout.addWidget(plain_label(NOT_CONSIDERED))
            return
        latest = newest[0]
        row = QHBoxLayout()
        shown = plain_label(latest_decision_text(latest.data))
        shown.setObjectName("latestDecision")
        row.addWidget(shown, 1)
        details = named(QPushButton("Details…"), "Details of the latest level-of-need decision")

        def open_details() -> None:
            dialog = RecordDetailDialog(vault, latest.record_id, ThresholdDecision.KIND, self.window())
            dialog.changed.connect(refresh)
            launch(self, dialog)

        correct = named(QPushButton("Correct…"), "Correct the latest level-of-need decision")
        correct.setObjectName("correct")
        self.error = ErrorLabel()

        def open_correct() -> None:
            self.error.clear()
            try:
                open_correction(self, vault, latest.record_id, refresh)
            except SafeguardError as exc:
                self.error.show_error(exc.message)

        details.clicked.connect(open_details)
        correct.clicked.connect(open_correct)
        row.addWidget(details)
        row.addWidget(correct)
        layout.addLayout(row)
        layout.addWidget(self.error)
        if total > 1:
            earlier = total - 1
            layout.addWidget(
                plain_label(
                    f"{earlier} earlier {'decision' if earlier == 1 else 'decisions'} in the chronology "
                    "(category: Threshold decision)."
                )
            )
