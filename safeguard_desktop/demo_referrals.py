"""A made-up MASH referral in the demo vault, complete and ready to export.

It goes through the same wizard as a practitioner's, so the demo shows a referral the
wizard itself would accept, and `referral export` has something to export at once.
"""

from __future__ import annotations

from safeguard_desktop.domain.status import ChildStatus
from safeguard_desktop.referral.model import Destination, Tristate
from safeguard_desktop.referral.prefill import build_context, new_referral
from safeguard_desktop.referral.steps import Urgency
from safeguard_desktop.referral.wizard import Wizard
from safeguard_desktop.vault.session import Vault

__all__ = ["add_demo_referral"]


def add_demo_referral(vault: Vault) -> bool:
    """Save one complete draft referral for a child on a Child in Need plan; True if one was made."""
    candidates = [
        period.data.child_id
        for period in vault.status_periods.list(limit=500)
        if period.data.status is ChildStatus.CHILD_IN_NEED and period.data.end is None
    ]
    for child_id in candidates:
        context = build_context(vault, [child_id])
        decisions = context.decisions_of([child_id])
        wizard = Wizard(new_referral(vault, [child_id], Destination.MASH, context=context), context)
        wizard.set_urgency(Urgency.NOT_URGENT)
        wizard.set_child(child_id, safe_tonight=Tristate.YES, where_now="At school until 15:20, then home with mother")
        for party in wizard.consent_parties():
            wizard.set_consent(party.adult_id, aware=Tristate.YES, consented=Tristate.YES, note="Discussed at school.")
        wizard.update(
            decision_id=decisions[0].record_id if decisions else None,
            risk_to_visitors="None known.",
            mental_health=Tristate.YES,
            substance_misuse=Tristate.NO,
            domestic_abuse=Tristate.UNKNOWN,
            parental_factors_note="Mother is waiting for a mental health assessment.",
            family_told="Mother was told today that school is referring to the MASH, and why.",
            family_response="Upset but agreed; she said she wants help with the children's routines.",
            child_voice="Said she is hungry when she gets to school and that home is 'messy and loud'.",
            referrer_wants="A Child in Need assessment, and a named social worker to coordinate the plan.",
        )
        if wizard.is_complete():
            vault.referrals.add(wizard.referral)
            return True
    return False
