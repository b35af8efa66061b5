"""The child's latest neglect screening, and any left unfinished, as a section of their record.

A health visitor opening a child wants to know at once when the child was last screened,
what the grades were, and whether a screening is waiting to be finished.
"""

from __future__ import annotations

from PySide6.QtWidgets import QGroupBox, QVBoxLayout, QWidget

from safeguard_desktop.domain.people import Child
from safeguard_desktop.domain.ukdates import format_datetime
from safeguard_desktop.gui.widgets import plain_label
from safeguard_desktop.screening import progress
from safeguard_desktop.vault.session import Vault
from safeguard_desktop.vault.store import Stored


class ScreeningSummarySection(QGroupBox):
    """Newest signed-off screening in one line, then how many earlier and unfinished."""

    def __init__(self, vault: Vault, child: Stored[Child], parent: QWidget | None = None) -> None:
        super().__init__("Neglect screenings", parent)
        self.setObjectName("screeningSummary")
        layout = QVBoxLayout(self)
        total = vault.screenings.count(linked_to=child.record_id)
        newest = vault.screenings.list(linked_to=child.record_id, limit=1)
        unfinished = progress.unfinished(vault, child.record_id)
        if newest:
            latest = newest[0].data
            shown = plain_label(
                f"Latest: {latest.period_text()} with {latest.carer_name}: {latest.grades_text()} (1 best, 5 worst)."
            )
            shown.setObjectName("latestScreening")
            layout.addWidget(shown)
        else:
            layout.addWidget(plain_label("No screening signed off yet."))
        notes = []
        if total > 1:
            notes.append(f"{total - 1} earlier")
        if unfinished:
            when = format_datetime(unfinished[0].updated_at)
            notes.append(f"{len(unfinished)} unfinished (last saved {when})")
        if notes:
            layout.addWidget(plain_label("; ".join(notes).capitalize() + ". Use Screenings… to open them."))
