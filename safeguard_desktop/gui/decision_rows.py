"""A level-of-need decision as label/text rows, in the order a reader takes it in.

Used by the record-and-history window. The rows are plain text for plain labels: the
practitioner's reasons and notes show exactly as typed.
"""

from __future__ import annotations

from safeguard_desktop.thresholds.decision import ThresholdDecision


def decision_rows(decision: ThresholdDecision) -> list[tuple[str, str]]:
    """Label and text for each part of the decision; empty parts are left out."""
    rows = [
        ("Decided", decision.decided.display()),
        ("Decided by", decision.decided_by.one_line()),
        ("Guide edition", decision.guide.citation()),
        ("Level of need", f"Level {decision.level}: {decision.level_name}"),
        ("Reasons", decision.reasons),
        ("Consent", decision.consent.label()),
        ("Note on consent", decision.consent_note),
        ("Action", decision.action.label()),
        ("Note on the action", decision.action_note),
    ]
    count = len(decision.indicators)
    if not count:
        rows.append(("Indicators", "None chosen"))
    for number, chosen in enumerate(decision.indicators, start=1):
        own = " (own words)" if chosen.is_free_text else ""
        lines = [f"{chosen.domain_name}, level {chosen.level}{own}", chosen.text]
        if chosen.evidence:
            lines.append(f"What was seen: {chosen.evidence}")
        label = f"Indicator {number} of {count}" if count > 1 else "Indicator"
        rows.append((label, "\n".join(lines)))
    return [(label, text) for label, text in rows if text]
