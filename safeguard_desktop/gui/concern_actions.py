"""What a concern in a child's record offers: Correct…, Review…, History…, and the review shown.

Kept apart from record_view so that the record view only places these. Dialogs open
through the main window's form handling when there is one, so a lock closes them (an
unsaved correction or review is kept as a draft) like every other form.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QHBoxLayout, QPushButton, QWidget

from safeguard_desktop.domain.concern import Concern
from safeguard_desktop.domain.ukdates import format_date, format_datetime
from safeguard_desktop.errors import SafeguardError
from safeguard_desktop.gui.concern_dialog import ConcernDialog
from safeguard_desktop.gui.record_detail import RecordDetailDialog
from safeguard_desktop.gui.review_dialog import ReviewDialog
from safeguard_desktop.gui.widgets import named
from safeguard_desktop.vault.session import Vault
from safeguard_desktop.vault.store import Stored


def review_rows(concern: Concern) -> list[tuple[str, str]]:
    """The status changes and the DSL's review, as label/text rows for the record view."""
    rows: list[tuple[str, str]] = []
    if concern.status_history:
        rows.append(
            (
                "Status changes",
                "\n".join(
                    f"{format_date(s.on)}: {s.status.label()}" + (f" — {s.note}" if s.note else "")
                    for s in concern.status_history
                ),
            )
        )
    review = concern.review
    if review is not None:
        lines = [
            f"Decision: {review.decision}",
            f"Rationale: {review.rationale}" if review.rationale else "",
            f"Next steps: {review.next_steps}" if review.next_steps else "",
            f"Review on {format_date(review.review_on)}" if review.review_on else "",
            f"Reviewed {format_datetime(review.reviewed_at)} by {review.reviewed_by.one_line()}",
        ]
        rows.append(("DSL review", "\n".join(line for line in lines if line)))
    return rows


def launch(owner: QWidget, dialog: QDialog) -> QDialog:
    """Open a dialog as a form of the main window when there is one (locks close it)."""
    opener = getattr(owner.window(), "open_form", None)
    if callable(opener):
        opener(dialog)
    else:
        dialog.open()
    return dialog


def concern_buttons(owner: QWidget, vault: Vault, stored: Stored[Concern], refresh: Callable[[], None]) -> QWidget:
    """A row of Correct…, Review… and History… for one concern; `refresh` runs after a save."""
    when = stored.data.happened.display()
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)

    def fresh() -> Stored[Concern] | None:
        # The list may be stale (corrected in another window): always start from the current version.
        try:
            return vault.concerns.get(stored.record_id)
        except SafeguardError:
            return None

    def correct() -> None:
        current = fresh()
        if current is not None and not current.withdrawn:
            dialog = ConcernDialog.correct(vault, current, owner.window())
            dialog.saved.connect(lambda _: refresh())
            launch(owner, dialog)

    def review() -> None:
        current = fresh()
        if current is not None and not current.withdrawn:
            dialog = ReviewDialog(vault, current, owner.window())
            dialog.saved.connect(lambda _: refresh())
            launch(owner, dialog)

    def history() -> None:
        dialog = RecordDetailDialog(vault, stored.record_id, Concern.KIND, owner.window())
        dialog.changed.connect(refresh)
        dialog.tabs.setCurrentIndex(1)
        launch(owner, dialog)

    for text, name, action in (
        ("Correct…", f"Correct the concern of {when}", correct),
        ("Review…", f"Review the concern of {when}", review),
        ("History…", f"History of the concern of {when}", history),
    ):
        button = named(QPushButton(text), name)
        button.setObjectName(text.rstrip("…").lower())
        button.clicked.connect(action)
        layout.addWidget(button)
    layout.addStretch(1)
    return row
