"""The referral wizard's check before export: every gap by step, and a previous referral, shown first.

A gap that lives in a child's record (an NHS number, say) is fixed there: the page opens the
record, and Refresh reads it again. A detail that is genuinely unknown (the address, the NHS
number and UPN, the gender, who has parental responsibility) can instead be stated as not
known, with a reason that the packet carries. Nothing here decides what is missing: `Wizard.missing` does.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING
from uuid import UUID

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QInputDialog, QLabel, QPushButton, QWidget

from safeguard_desktop.domain.ukdates import format_date, to_uk
from safeguard_desktop.gui.referral_steps import StepPage, literal
from safeguard_desktop.gui.widgets import heading, named, plain_label
from safeguard_desktop.referral.model import NotKnownField
from safeguard_desktop.referral.steps import MissingField, Step

if TYPE_CHECKING:
    from safeguard_desktop.gui.referral_wizard import ReferralWizard
    from safeguard_desktop.referral.wizard import Wizard


def previous_referral_box(w: Wizard) -> QLabel | None:
    """A prominent note of any referral of these children sent within twelve months, or None."""
    previous = w.previous_referrals()
    if not previous:
        return None
    lines = ["PREVIOUS REFERRAL WITHIN 12 MONTHS — read it before sending this one:"]
    for stored in previous:
        r = stored.data
        names = ", ".join(w.context.child_name(c) for c in r.child_ids if c in w.context.children)
        sent = r.sent
        when = format_date(to_uk(sent.sent_at).date()) if sent else "date not recorded"
        packet = f", packet {sent.packet_id}" if sent else ""
        outcome = f" Outcome: {r.mash_decision.outcome}" if r.mash_decision else " No outcome recorded yet."
        lines.append(f"• {r.destination.label()} of {names or 'these children'}, sent {when}{packet}.{outcome}")
    box = plain_label("\n".join(lines))
    box.setObjectName("previousReferral")
    box.setAccessibleName("Previous referral within 12 months")
    font = box.font()
    font.setBold(True)
    box.setFont(font)
    box.setFrameShape(QFrame.Shape.Box)
    box.setMargin(10)
    box.setStyleSheet("QLabel#previousReferral { border: 2px solid #8a5a00; }")
    return box


def ask_reason(parent: QWidget, prompt: str) -> str | None:
    """Ask for a reason in a small dialog; None when cancelled. The prompt (with a name) is plain text."""
    dialog = QInputDialog(parent)
    dialog.setWindowTitle("Not known")
    dialog.setLabelText(prompt)
    for label in dialog.findChildren(QLabel):
        label.setTextFormat(Qt.TextFormat.PlainText)
    dialog.setTextValue("")
    if dialog.exec() != QInputDialog.DialogCode.Accepted:
        return None
    return dialog.textValue()


class ReviewPage(StepPage):
    """Everything still missing, by step, each a button to its step; record gaps open the record."""

    def __init__(self, host: ReferralWizard) -> None:
        super().__init__(host)
        self.box.addWidget(heading("Check before export"))
        previous = previous_referral_box(self.w)
        if previous is not None:
            self.box.addWidget(previous)
        missing = self.w.missing()
        self.go_buttons: list[QPushButton] = []
        self.record_buttons: list[QPushButton] = []
        self.not_known_buttons: list[QPushButton] = []
        self.needed_buttons: list[QPushButton] = []
        if not missing:
            self.box.addWidget(plain_label("Nothing required is missing. Next: make the packet."))
        else:
            self.box.addWidget(plain_label("Still needed before export. Press a line to go to its step."))
        current: Step | None = None
        for gap in missing:
            if gap.step is not current:
                current = gap.step
                self.box.addWidget(heading(gap.step.label(), level=2))
            self.box.addWidget(self._row(gap))
        stated = self.w.referral.not_known
        if stated:
            self.box.addWidget(heading("Stated as not known", level=2))
        for entry in stated:
            self.box.addWidget(self._stated_row(entry.child_id, entry.field, entry.reason))
        if any(gap.record_id for gap in missing):
            refresh = named(
                QPushButton("&Refresh from the records"),
                "Refresh from the records",
                "Read the children's records again after correcting them",
            )
            refresh.clicked.connect(host.refresh_context)
            self.refresh_button = refresh
            self.box.addWidget(refresh, 0, Qt.AlignmentFlag.AlignLeft)
        self.finish()

    def _row(self, gap: MissingField) -> QWidget:
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        text = gap.message[:1].upper() + gap.message[1:]
        go = named(QPushButton(literal(text)), f"Go to {gap.step.label()}: {gap.message}")
        go.setFlat(True)
        go.setStyleSheet("QPushButton { text-align: left; text-decoration: underline; }")
        go.clicked.connect(lambda _c=False, s=gap.step: self.host.go_to(s))
        self.go_buttons.append(go)
        layout.addWidget(go, 1)
        if gap.record_id is not None:
            open_record = named(
                QPushButton("Open the record…"),
                f"Open the record: {gap.message}",
                "Correct it in the child's record, then press Refresh",
            )
            open_record.clicked.connect(lambda _c=False, r=gap.record_id: self.host.open_child_record(r))
            self.record_buttons.append(open_record)
            layout.addWidget(open_record)
            if gap.field in set(NotKnownField):
                field = NotKnownField(gap.field)
                unknown = named(
                    QPushButton("Not known…"),
                    f"Not known: {gap.message}",
                    "State that this is not known, and why; the referral says so",
                )
                unknown.clicked.connect(lambda _c=False, r=gap.record_id, f=field: self.state_not_known(r, f))
                self.not_known_buttons.append(unknown)
                layout.addWidget(unknown)
        return row

    def _stated_row(self, child_id: UUID, field: NotKnownField, reason: str) -> QWidget:
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        what = f"{field.label()} of {self.w.context.child_name(child_id)}"
        layout.addWidget(plain_label(f"{what}: not known. Reason: {reason}"), 1)
        needed = named(QPushButton("Needed after all"), f"Needed after all: {what}")
        needed.clicked.connect(lambda _c=False: self._redraw_after(lambda: self.w.clear_not_known(child_id, field)))
        self.needed_buttons.append(needed)
        layout.addWidget(needed)
        return row

    def state_not_known(self, child_id: UUID, field: NotKnownField) -> None:
        """Ask why the detail is not known; with a reason, the gap is answered and the page redrawn."""
        what = f"{field.label()} of {self.w.context.child_name(child_id)}"
        reason = ask_reason(self, f"{what}: why is it not known?")
        if reason is not None:
            self._redraw_after(lambda: self.w.set_not_known(child_id, field, reason))

    def _redraw_after(self, change: Callable[[], object]) -> None:
        if self.apply(change):
            self.host.show_step()  # the gaps and the stated list are read again
