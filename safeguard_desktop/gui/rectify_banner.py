"""The banner at the top of a record: statements of disagreement, any restriction, any move.

A reader must see that a record is disputed before reading it, so the person's words sit
above the record's own text, as plain text.
"""

from __future__ import annotations

from uuid import UUID

from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from safeguard_desktop.domain.ukdates import format_datetime
from safeguard_desktop.domain.versions import NameLookup
from safeguard_desktop.governance.move import moves_of
from safeguard_desktop.governance.restriction import Restriction, restriction_of
from safeguard_desktop.governance.statements import statements_for
from safeguard_desktop.gui.widgets import heading, plain_label
from safeguard_desktop.vault.session import Vault

__all__ = ["RESTRICTED_EXPLAINED", "RectifyBanner"]

RESTRICTED_EXPLAINED = (
    "While it is restricted the record cannot be corrected or moved, and chronology exports and "
    "referrals leave it out and say so. Lift the restriction when the dispute ends."
)


class RectifyBanner(QFrame):
    """Statements, restriction and moves of one record; hidden when there are none."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName("Disputes, restriction and moves")
        self._layout = QVBoxLayout(self)
        self.restriction: Restriction | None = None
        self.hide()

    def _add(self, label: QLabel) -> None:
        self._layout.addWidget(label)

    def show_for(self, vault: Vault, record_id: UUID, names: NameLookup) -> None:
        """Read the record's statements, restriction and moves again and show them."""
        while (item := self._layout.takeAt(0)) is not None:
            if (widget := item.widget()) is not None:
                widget.deleteLater()
        self.restriction = restriction_of(vault, record_id)
        statements = statements_for(vault, record_id)
        moves = moves_of(vault, record_id)
        if self.restriction is not None:
            r = self.restriction
            self._add(heading("Restricted while a dispute is open", level=2))
            self._add(
                plain_label(
                    f"Restricted {format_datetime(r.placed_at)} by {r.placed_by.one_line()}. Reason: {r.reason}",
                    selectable=True,
                )
            )
            self._add(plain_label(RESTRICTED_EXPLAINED))
        for statement in statements:
            title = heading(statement.heading(), level=2)
            self._add(title)
            words = plain_label(statement.text, selectable=True)
            words.setAccessibleName(statement.heading())
            self._add(words)
        for move in moves:
            self._add(
                plain_label(
                    f"Moved {format_datetime(move.moved_at)} by {move.moved_by.one_line()} from "
                    f"{names(move.from_child) or 'a child no longer in the vault'} to "
                    f"{names(move.to_child) or 'a child no longer in the vault'}. Reason: {move.reason}",
                    selectable=True,
                )
            )
        self.setVisible(bool(self.restriction or statements or moves))

    def texts(self) -> list[str]:
        """Every line the banner shows, in order (for tests and for copying)."""
        found = []
        for index in range(self._layout.count()):
            widget = self._layout.itemAt(index).widget()
            if isinstance(widget, QLabel):
                found.append(widget.text())
        return found
