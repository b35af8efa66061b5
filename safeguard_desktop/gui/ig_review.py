"""The retention review queue: files whose review date has come, and what the lead decides.

For each file due the lead either keeps it (with the reason and the next review date) or
disposes of it through the disposal confirmation. A file under a hold cannot be disposed of,
and the window says why rather than only greying the button. Files whose review date cannot
be worked out are listed below the queue with the reason, so none is quietly forgotten.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from safeguard_desktop.domain.errors import DomainError
from safeguard_desktop.domain.ukdates import format_date, parse_date, uk_today
from safeguard_desktop.errors import SafeguardError
from safeguard_desktop.governance.review import (
    DueFile,
    UndatedFile,
    care_ended,
    keep,
    review_queue,
    set_care_ended,
    undated_files,
)
from safeguard_desktop.governance.rules import child_file_rule, organisation_type
from safeguard_desktop.gui.forms import date_edit
from safeguard_desktop.gui.governance_widgets import action_button, fill, form_dialog, reuse_window, stretch
from safeguard_desktop.gui.ig_dispose import confirm_and_dispose
from safeguard_desktop.gui.widgets import (
    ErrorLabel,
    fit_to_screen,
    heading,
    listing_table,
    named,
    plain_label,
    plain_tooltip,
    text_edit,
)

HEADERS = ("Name", "Date of birth", "Review due", "Rule", "Held")
UNDATED_HEADERS = ("Name", "Why no review date")
HELD_NOTE = "This file is under a hold, so it cannot be disposed of. Lift the hold first (Governance, Holds…)."
NOW_HELD = "A hold has been placed on this file since the queue was shown, so it cannot be disposed of."
NO_LONGER_DUE = "This file is no longer due for review (it was kept or disposed of elsewhere). The queue is up to date."


class KeepDialog(QDialog):
    """Keep a file beyond its review date: the reason and the next review date."""

    def __init__(self, vault: Any, child_id: UUID, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault, self.child_id = vault, child_id
        self.setWindowTitle("Keep file — safeguard-desktop")
        self.reason = text_edit("Reason for keeping the file", "e.g. a civil claim is expected", rows=3)
        self.next_review = date_edit("Next review date")
        self.error = ErrorLabel()
        self.buttons = QDialogButtonBox()
        self.keep_button = named(
            self.buttons.addButton("&Keep file", QDialogButtonBox.ButtonRole.AcceptRole), "Keep file"
        )
        named(self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel), "Cancel")
        form_dialog(
            self,
            f"Keep the file of {name}",
            "Say why it is kept and when it should be reviewed again.",
            [("&Reason", self.reason), ("&Next review (dd/mm/yyyy)", self.next_review)],
        )
        self.reason.setFocus()

    def accept(self) -> None:
        """Record the decision; stay open with the problem shown when it is refused."""
        try:
            when = parse_date(self.next_review.text())
            keep(self.vault, self.child_id, self.reason.toPlainText(), when)
        except (SafeguardError, DomainError) as exc:
            self.error.show_error(str(getattr(exc, "message", exc)))
            return
        super().accept()


class CareEndedDialog(QDialog):
    """When the service's care of the young person ended (the NHS rule keeps it a year longer at 17)."""

    def __init__(self, vault: Any, child_id: UUID, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault, self.child_id = vault, child_id
        self.setWindowTitle("Care ended — safeguard-desktop")
        self.ended = date_edit("Date care ended")
        current = care_ended(vault, child_id)
        if current is not None:
            self.ended.setText(format_date(current))
        self.error = ErrorLabel()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        named(self.buttons.button(QDialogButtonBox.StandardButton.Save), "Save date care ended")
        named(self.buttons.button(QDialogButtonBox.StandardButton.Cancel), "Cancel")
        form_dialog(
            self,
            f"When care ended for {name}",
            "If the young person was 17 when care ended, the NHS rule keeps the record until the 26th "
            "birthday instead of the 25th. Leave it blank to clear the date.",
            [("&Care ended (dd/mm/yyyy)", self.ended)],
        )
        self.ended.setFocus()

    def accept(self) -> None:
        """Save the date; stay open with the problem shown when it is refused."""
        try:
            text = self.ended.text().strip()
            set_care_ended(self.vault, self.child_id, parse_date(text) if text else None)
        except (SafeguardError, DomainError) as exc:
            self.error.show_error(str(getattr(exc, "message", exc)))
            return
        super().accept()


class ReviewQueueWindow(QDialog):
    """The files due for review today, with Keep…, Dispose… and (for NHS services) Care ended…."""

    def __init__(self, vault: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self.setWindowTitle("Review queue — safeguard-desktop")
        self.due: list[DueFile] = []
        self.undated: list[UndatedFile] = []
        self.is_nhs = False
        self.rule_line = plain_label(selectable=True)
        self.rule_line.setAccessibleName("Rule in use")
        self.summary = plain_label()
        self.summary.setAccessibleName("How many files are due")
        self.table = stretch(listing_table("Files due for review", HEADERS), 0)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.keep_button = action_button("&Keep…", "Keep file", self.keep_selected)
        self.dispose_button = action_button("&Dispose…", "Dispose of file", self.dispose_selected)
        self.care_button = action_button("Care &ended…", "Date care ended", self.care_ended_selected)
        self.refresh_button = action_button("&Refresh", "Refresh the queue", self.refresh)
        self.held_note = plain_label(HELD_NOTE)
        self.held_note.setAccessibleName("Why the file cannot be disposed of")
        self.held_note.hide()
        self.undated_table = stretch(listing_table("Files with no review date", UNDATED_HEADERS), 1)
        self.undated_table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.undated_keep = action_button("&Set review date…", "Set a review date for this file", self.keep_undated)
        self.error = ErrorLabel()
        buttons = QHBoxLayout()
        for b in (self.keep_button, self.dispose_button, self.care_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Files due for review", level=2))
        layout.addWidget(self.rule_line)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 3)
        layout.addWidget(self.held_note)
        layout.addLayout(buttons)
        layout.addWidget(heading("Files whose review date cannot be worked out", level=2))
        layout.addWidget(self.undated_table, 1)
        undated_buttons = QHBoxLayout()
        undated_buttons.addWidget(self.undated_keep)
        undated_buttons.addStretch(1)
        layout.addLayout(undated_buttons)
        layout.addWidget(self.error)
        fit_to_screen(self, 960, 640)
        self.refresh()
        self.table.setFocus()

    def refresh(self) -> None:
        """Read the queue again (as of today), keeping the file that was selected."""
        self.error.clear()
        if self.vault is None:
            return
        chosen = self.selected()
        try:
            rule = child_file_rule(self.vault)
            self.due = review_queue(self.vault, uk_today())
            self.undated = undated_files(self.vault)
            self.is_nhs = organisation_type(self.vault) == "nhs"
        except SafeguardError as exc:
            self.error.show_error(exc.message)
            return
        self.rule_line.setText(f"Rule in use: {rule.title}: {rule.describe()}. Source: {rule.source_line()}")
        fill(self.table, [_due_row(d) for d in self.due])
        fill(self.undated_table, [(u.name, u.why) for u in self.undated])
        count = len(self.due)
        self.summary.setText(
            f"{count} file{'s are' if count != 1 else ' is'} due for review."
            if count
            else "No file is due for review today."
        )
        self.care_button.setVisible(self.is_nhs)
        ids = [d.child_id for d in self.due]
        if self.due:
            self.table.selectRow(ids.index(chosen.child_id) if chosen is not None and chosen.child_id in ids else 0)
        self._update_buttons()

    def changeEvent(self, event: QEvent) -> None:
        """Coming back to the window reads the queue again: a hold may have been placed elsewhere meanwhile."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow() and self.vault is not None:
            self.refresh()

    def selected(self) -> DueFile | None:
        """The due file chosen in the table."""
        rows = self.table.selectionModel().selectedRows()
        return self.due[rows[0].row()] if rows and rows[0].row() < len(self.due) else None

    def _update_buttons(self) -> None:
        chosen = self.selected()
        self.keep_button.setEnabled(chosen is not None)
        self.care_button.setEnabled(chosen is not None)
        held = chosen is not None and chosen.held
        self.dispose_button.setEnabled(chosen is not None and not held)
        self.dispose_button.setToolTip(plain_tooltip(HELD_NOTE if held else "Dispose of this file under the rule"))
        self.held_note.setVisible(held)
        self.undated_keep.setEnabled(bool(self.undated))

    def keep_selected(self) -> None:
        """Ask why the chosen file is kept and when to review it again."""
        chosen = self.selected()
        if chosen is not None and self.vault is not None:
            self._run(KeepDialog(self.vault, chosen.child_id, chosen.name, self))

    def keep_undated(self) -> None:
        """Give a file with no date of birth a review date, by keeping it."""
        rows = self.undated_table.selectionModel().selectedRows()
        row = rows[0].row() if rows else 0
        if self.vault is not None and 0 <= row < len(self.undated):
            chosen = self.undated[row]
            self._run(KeepDialog(self.vault, chosen.child_id, chosen.name, self))

    def care_ended_selected(self) -> None:
        """Record when care ended for the chosen file (NHS services)."""
        chosen = self.selected()
        if chosen is not None and self.vault is not None:
            self._run(CareEndedDialog(self.vault, chosen.child_id, chosen.name, self))

    def _run(self, dialog: QDialog) -> None:
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.refresh()

    def dispose_selected(self) -> None:
        """Hand the chosen file to the disposal confirmation (never for a held file).

        The queue is read again first: a hold placed in another window since the last refresh
        must stop the disposal here, with the reason, before the confirmation is shown.
        """
        chosen = self.selected()
        if chosen is None or self.vault is None or chosen.held:
            return
        self.refresh()
        now = next((d for d in self.due if d.child_id == chosen.child_id), None)
        if now is None:
            self.error.show_error(NO_LONGER_DUE)
            return
        if now.held:
            self.error.show_error(NOW_HELD)
            return
        if confirm_and_dispose(self, self.vault, now.child_id, now.rule.id, now.rule.source_line()):
            self.refresh()
            governance = getattr(self.parent(), "governance", None)
            if governance is not None:  # the main window: its list and windows forget the child
                governance.file_disposed(now.child_id)

    def closeEvent(self, event: Any) -> None:
        """Forget the rows (names and dates of birth) when closed, as on lock."""
        self.vault = None
        self.due, self.undated = [], []
        self.table.setRowCount(0)
        self.undated_table.setRowCount(0)
        super().closeEvent(event)


def _due_row(due: DueFile) -> tuple[str, ...]:
    name = f"{due.name} (withdrawn)" if due.withdrawn else due.name
    born = format_date(due.date_of_birth) if due.date_of_birth else "Not known"
    when = format_date(due.due)
    if due.keep is not None:
        when += " (kept at last review)"
    return (name, born, when, due.rule.title, "Held" if due.held else "No")


def open_review_queue(window: Any) -> ReviewQueueWindow:
    """Open (or raise) the review queue for the main window's vault."""
    return reuse_window(window, "_ig_review_window", lambda: ReviewQueueWindow(window.vault, window))


__all__ = [
    "CareEndedDialog",
    "KeepDialog",
    "ReviewQueueWindow",
    "open_review_queue",
]
