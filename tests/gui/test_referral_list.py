"""A child's referrals: drafts to resume, sent packets, the MASH's decision, LCSS advice, escalation."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QPushButton

from safeguard_desktop.domain.records import STORED
from safeguard_desktop.domain.ukdates import format_date, uk_today
from safeguard_desktop.gui.main_window import MainWindow
from safeguard_desktop.gui.portal_view import PortalView
from safeguard_desktop.gui.referral_dialogs import (
    ADVICE_REASON,
    DECISION_REASON,
    ESCALATION_REASON,
    EscalationDialog,
    LcssAdviceDialog,
    RecordDecisionDialog,
)
from safeguard_desktop.gui.referral_facts import ESCALATE
from safeguard_desktop.gui.referral_list import ReferralListDialog
from safeguard_desktop.referral import progress
from safeguard_desktop.referral.model import Destination, Referral, ReferralStatus
from safeguard_desktop.vault.session import Vault
from tests.gui.conftest import click, type_into
from tests.gui.referral_helpers import send
from tests.referral.family import Family, make_family


@pytest.fixture
def family(vault: Vault) -> Family:
    return make_family(vault)


def _list(qtbot, vault: Vault, family: Family, focus=None) -> ReferralListDialog:
    dialog = ReferralListDialog(vault, family.posy, focus)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def _button(widget, text: str) -> QPushButton:
    return next(b for b in widget.findChildren(QPushButton) if b.text() == text and b.isVisible())


def _texts(widget) -> list[str]:
    return [label.text() for label in widget.findChildren(QLabel)]


def _due_ids(vault: Vault) -> set:
    return {d.record_id for d in vault.timeline.due(uk_today() + timedelta(days=30))}


def test_a_sent_referral_shows_its_packet_and_full_hash_selectable(qtbot, vault: Vault, family: Family) -> None:
    sent = send(vault, family.referral)
    listing = _list(qtbot, vault, family)
    card = listing.cards[sent.record_id]
    texts = _texts(card)
    s = sent.data.sent
    assert s is not None
    assert s.packet_id in texts
    assert f"{s.sha256[:16]}…" in texts
    full = next(label for label in card.findChildren(QLabel) if label.text() == s.sha256)
    assert full.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse
    assert "MASH portal" in texts
    assert "Not encrypted: this packet must travel only by a secure route." in texts
    assert not listing.due_banners  # sent today: the decision is not due yet
    assert {b.text() for b in card.findChildren(QPushButton)} == {
        "Portal view…",
        "Record MASH decision…",
        "Escalate…",
        "History…",
    }
    click(qtbot, _button(card, "Portal view…"))
    assert isinstance(listing.dialog, PortalView)


def test_an_overdue_decision_is_shown_first_with_the_escalation_route(qtbot, vault: Vault, family: Family) -> None:
    sent = send(vault, family.referral, days_ago=8)
    listing = _list(qtbot, vault, family)
    assert len(listing.due_banners) == 1
    banner = " ".join(_texts(listing.due_banners[0])).strip()
    assert banner.startswith("Overdue: the MASH's decision on the referral sent ")
    assert ESCALATE in banner
    assert "escalate under the partnership's policy for resolving professional disagreements" in banner
    click(qtbot, _button(listing.due_banners[0], "Escalate…"))
    assert isinstance(listing.dialog, EscalationDialog)
    assert sent.record_id in _due_ids(vault)


def test_recording_the_decision_records_the_outcome(qtbot, vault: Vault, family: Family) -> None:
    sent = send(vault, family.referral, days_ago=8)
    assert sent.record_id in _due_ids(vault)
    listing = _list(qtbot, vault, family)
    click(qtbot, _button(listing.due_banners[0], "Record MASH decision…"))
    dialog = listing.dialog
    assert isinstance(dialog, RecordDecisionDialog)
    dialog.received_on.clear()
    type_into(qtbot, dialog.received_on, format_date(uk_today() - timedelta(days=1)))
    type_into(qtbot, dialog.outcome.lineEdit(), "Strategy discussion held; Section 47 enquiry started")
    type_into(qtbot, dialog.reference, "MASH/2611/0042")
    type_into(qtbot, dialog.next_steps, "School to attend the <b>strategy</b> meeting & share attendance.")
    click(qtbot, dialog.save_button)

    versions = vault.referrals.history(sent.record_id)
    latest = versions[-1]
    assert latest.reason == DECISION_REASON
    assert latest.seq == sent.seq + 1
    assert latest.data.status is ReferralStatus.OUTCOME
    decision = latest.data.mash_decision
    assert decision is not None
    assert decision.received_on == uk_today() - timedelta(days=1)
    assert decision.outcome == "Strategy discussion held; Section 47 enquiry started"
    assert decision.reference == "MASH/2611/0042"
    rows = vault.timeline.rows(family.posy.record_id)
    outcome = [r for r in rows if r.record_id == sent.record_id and "Referral outcome" in r.categories]
    assert len(outcome) == 1
    assert "Strategy discussion held" in outcome[0].summary
    assert sent.record_id not in _due_ids(vault)
    # The list shows it under "Outcome recorded", the markup typed as typed, and no banner.
    assert not listing.due_banners
    card = listing.cards[sent.record_id]
    shown = next(label for label in card.findChildren(QLabel) if label.accessibleName() == "MASH decision")
    assert shown.textFormat() == Qt.TextFormat.PlainText
    assert "Next steps: School to attend the <b>strategy</b> meeting & share attendance." in shown.text()
    assert "Record MASH decision…" not in {b.text() for b in card.findChildren(QPushButton)}


def test_a_decision_needs_what_was_decided_and_a_date_not_in_the_future(qtbot, vault: Vault, family: Family) -> None:
    sent = send(vault, family.referral, days_ago=8)
    listing = _list(qtbot, vault, family)
    dialog = listing.record_decision(sent.record_id)
    assert isinstance(dialog, RecordDecisionDialog)
    click(qtbot, dialog.save_button)
    assert dialog.outcome_field.error.text() == "Say what the MASH decided."
    dialog.received_on.clear()
    type_into(qtbot, dialog.received_on, format_date(uk_today() + timedelta(days=2)))
    type_into(qtbot, dialog.outcome.lineEdit(), "No further action")
    click(qtbot, dialog.save_button)
    assert dialog.received_field.error.text() == "That date is in the future."
    assert dialog.isVisible()
    assert vault.referrals.get(sent.record_id).seq == sent.seq  # nothing saved


def test_lcss_advice_is_recorded_as_the_outcome(qtbot, vault: Vault, family: Family) -> None:
    data = family.referral.data.model_dump() | {"destination": Destination.LCSS_NAMED}
    named = vault.referrals.add(Referral.model_validate(data, context=STORED))
    sent = send(vault, named)
    listing = _list(qtbot, vault, family)
    card = listing.cards[sent.record_id]
    click(qtbot, _button(card, "Record LCSS advice…"))
    dialog = listing.dialog
    assert isinstance(dialog, LcssAdviceDialog)
    type_into(qtbot, dialog.adviser, "LCSS duty worker")
    type_into(qtbot, dialog.advice, "Offer a Team Around the Family meeting within two weeks.")
    type_into(qtbot, dialog.outcome, "TAF booked")
    click(qtbot, dialog.save_button)
    latest = vault.referrals.history(sent.record_id)[-1]
    assert latest.reason == ADVICE_REASON
    assert latest.data.status is ReferralStatus.OUTCOME
    assert latest.data.lcss_advice is not None
    assert latest.data.lcss_advice.advice == "Offer a Team Around the Family meeting within two weeks."
    rows = vault.timeline.rows(family.posy.record_id)
    assert any(r.record_id == sent.record_id and "LCSS consultation" in r.categories for r in rows)


def test_an_escalation_is_saved_with_its_reason(qtbot, vault: Vault, family: Family) -> None:
    sent = send(vault, family.referral, days_ago=8)
    listing = _list(qtbot, vault, family)
    dialog = listing.escalate(sent.record_id)
    assert isinstance(dialog, EscalationDialog)
    click(qtbot, dialog.save_button)
    assert dialog.what_done_field.error.text() == "Say what you did to escalate."
    type_into(qtbot, dialog.what_done, "Emailed the MASH team manager =cmd()")
    click(qtbot, dialog.save_button)
    assert dialog.error.text() == ""
    latest = vault.referrals.history(sent.record_id)[-1]
    assert latest.data.escalation == f"{format_date(uk_today())}: Emailed the MASH team manager =cmd()"
    assert latest.reason is not None and latest.reason.startswith(ESCALATION_REASON)
    assert latest.data.status is ReferralStatus.SENT  # still waiting for the decision
    assert latest.data.escalation in _texts(listing.cards[sent.record_id])


def test_drafts_and_work_in_progress_ask_for_the_wizard(qtbot, vault: Vault, family: Family) -> None:
    work = progress.save(vault, progress.InProgress(referral=family.referral.data))
    listing = _list(qtbot, vault, family)
    card = listing.cards[family.referral.record_id]
    assert "Draft" in " ".join(_texts(card))
    with qtbot.waitSignal(listing.resume_requested) as asked:
        click(qtbot, _button(card, "Resume"))
    assert asked.args == [family.referral.record_id]
    listing = _list(qtbot, vault, family)
    resume = next(
        b
        for b in listing.findChildren(QPushButton)
        if b.text() == "Resume" and b.accessibleName().startswith("Resume: MASH")
    )
    with qtbot.waitSignal(listing.resume_work_requested) as asked:
        click(qtbot, resume)
    assert asked.args == [work.draft_id]


def test_a_referral_opened_from_the_chronology_opens_the_list_focused_on_it(
    qtbot, window: MainWindow, vault: Vault, family: Family
) -> None:
    sent = send(vault, family.referral)
    dialog = window.open_record(sent.record_id, Referral.KIND)
    assert isinstance(dialog, ReferralListDialog)
    assert dialog.child.record_id in sent.data.child_ids
    assert dialog.cards[sent.record_id].frameShape() == QFrame.Shape.Box
    assert window.active_dialog is dialog


def test_the_record_has_a_referrals_button(qtbot, window: MainWindow, vault: Vault, family: Family) -> None:
    window.model.refresh()
    window.table.selectRow(0)
    button = next(b for b in window.record_view.findChildren(QPushButton) if b.text() == "Referrals…")
    button.setFocus()
    qtbot.keyClick(button, Qt.Key.Key_Space)
    dialog = window.active_dialog
    assert isinstance(dialog, ReferralListDialog)
    assert family.referral.record_id in dialog.cards
