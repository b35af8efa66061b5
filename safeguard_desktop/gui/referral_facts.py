"""What a child's referral list says about each referral: its facts, and whether a decision is due.

Plain functions apart from the list's widgets, so the wording is in one place and testable.
"""

from __future__ import annotations

from datetime import date

from safeguard_desktop.domain.ukdates import format_date, format_datetime, to_uk, uk_today
from safeguard_desktop.errors import SafeguardError
from safeguard_desktop.referral.model import DECISION_DAYS, Destination, Referral, working_days_after
from safeguard_desktop.vault.session import Vault
from safeguard_desktop.vault.store import Stored

ESCALATE = "escalate under the partnership's policy for resolving professional disagreements"
NOT_ENCRYPTED = "Not encrypted: this packet must travel only by a secure route."


def decision_due(referral: Referral) -> date | None:
    """The date the MASH's decision is expected, for a sent MASH referral still waiting for it; else None."""
    if referral.destination is not Destination.MASH or referral.sent is None or referral.mash_decision is not None:
        return None
    return referral.decision_due or working_days_after(to_uk(referral.sent.sent_at).date(), DECISION_DAYS)


def due_text(referral: Referral) -> str:
    """The sentence for a decision due today or overdue ("" when it is not yet due, or not waited for)."""
    due = decision_due(referral)
    if due is None or referral.sent is None:
        return ""
    today = uk_today()
    sent = format_date(to_uk(referral.sent.sent_at).date())
    if due > today:
        return ""
    when = f"was due by {format_date(due)}" if due < today else "is due today"
    lead = "Overdue: " if due < today else ""
    return (
        f"{lead}the MASH's decision on the referral sent {sent} {when} and has not been recorded. "
        f"Chase it with the MASH; if it does not come, {ESCALATE}."
    )


def referral_facts(vault: Vault, stored: Stored[Referral]) -> list[tuple[str, str]]:
    """What the list shows about one referral, as (label, text) pairs: children, sending, outcome."""
    r = stored.data
    names = []
    for child_id in r.child_ids:
        try:
            names.append(vault.children.get(child_id).data.title())
        except SafeguardError:
            names.append("(a child not found)")
    facts = [("Children", ", ".join(names))]
    if r.sent is None:
        facts.append(("Last saved", f"{format_datetime(stored.recorded_at)} (version {stored.seq})"))
        return facts
    s = r.sent
    facts += [
        ("Sent", format_datetime(s.sent_at)),
        ("Destination", r.destination.label()),
        ("Route", s.route),
        ("Packet", s.packet_id),
        ("SHA-256", f"{s.sha256[:16]}…"),
        ("SHA-256 (full)", s.sha256),
        ("Encryption", f"Encrypted to the certificate {s.encrypted_to}" if s.encrypted_to else NOT_ENCRYPTED),
    ]
    if s.portal_reference:
        facts.append(("Portal reference", s.portal_reference))
    due = decision_due(r)
    if due is not None:
        facts.append(("Decision expected by", format_date(due)))
    if r.mash_decision is not None:
        d = r.mash_decision
        text = f"Received {format_date(d.received_on)}: {d.outcome}"
        text += f"\nReference: {d.reference}" if d.reference else ""
        text += f"\nNext steps: {d.next_steps}" if d.next_steps else ""
        facts.append(("MASH decision", text))
    if r.escalation:
        facts.append(("Escalation", r.escalation))
    if r.lcss_advice is not None:
        a = r.lcss_advice
        text = f"Given {format_date(a.given_on)}" + (f" by {a.adviser}" if a.adviser else "") + f": {a.advice}"
        text += f"\nOutcome: {a.outcome}" if a.outcome else ""
        facts.append(("LCSS advice", text))
    return facts
