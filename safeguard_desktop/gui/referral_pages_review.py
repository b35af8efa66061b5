"""The referral wizard's check before export: every gap by step, and a previous referral, shown first.

A gap that lives in a child's record (an NHS number, say) is fixed there: the page opens the
record, and Refresh reads it again. Nothing here decides what is missing: `Wizard.missing` does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from safeguard_desktop.domain.ukdates import format_date, to_uk
from safeguard_desktop.gui.referral_steps import StepPage, literal
from safeguard_desktop.gui.widgets import heading, named, plain_label
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
        return row
