"""A concern as label/text pairs for the record window (and the DSL's review form)."""

from __future__ import annotations

from safeguard_desktop.domain.concern import Concern, ordered
from safeguard_desktop.domain.ukdates import format_date, format_datetime
from safeguard_desktop.domain.versions import NameLookup

__all__ = ["concern_rows"]


def concern_rows(concern: Concern, names: NameLookup) -> list[tuple[str, str]]:
    """A concern as label/text pairs, in the order a reader takes it in."""
    children = [
        f"{names(c.child_id) or 'A child not found in this vault'} — {', '.join(r.label() for r in ordered(c.roles))}"
        for c in concern.children
    ]
    informed = [
        " — ".join(p for p in (i.party.label(), i.name, format_datetime(i.when) if i.when else "", i.note) if p)
        for i in concern.informed
    ]
    changes = [
        f"{format_date(s.on)}: {s.status.label()}" + (f" — {s.note}" if s.note else "") for s in concern.status_history
    ]
    rows = [
        ("When it happened", concern.happened.display()),
        ("Categories", ", ".join(concern.category_labels())),
        ("Children", "\n".join(children)),
        ("Recorded by", concern.recorded_by.one_line()),
        ("Reported by", concern.reported_by),
        ("Factual account", concern.account),
        ("The child's own words (verbatim)", concern.child_words),
        ("Action taken", concern.action_taken),
        ("Who was informed", "\n".join(informed)),
        ("Status", concern.status.label()),
        ("Status changes", "\n".join(changes)),
    ]
    if concern.body_marks:
        count = len(concern.body_marks)
        rows.append(("Body map", f"{count} mark{'s' if count != 1 else ''} recorded"))
    review = concern.review
    if review is not None:
        rows += [
            ("DSL review", f"{format_datetime(review.reviewed_at)} by {review.reviewed_by.one_line()}"),
            ("Decision", review.decision),
            ("Rationale", review.rationale),
            ("Next steps", review.next_steps),
            ("Review date", format_date(review.review_on) if review.review_on else ""),
        ]
    return [(label, text) for label, text in rows if text]
