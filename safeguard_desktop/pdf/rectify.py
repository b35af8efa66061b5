"""Statements of disagreement and restriction notes as PDF flowables, for every export that prints records.

The person's words go through `para()`, like everything typed, so they print exactly as written.
"""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Spacer

from safeguard_desktop.governance.notes import DISPUTED_MARK, restricted_note
from safeguard_desktop.governance.statements import Statement
from safeguard_desktop.pdf.document import para, styles
from safeguard_desktop.referral.filed import moved_note
from safeguard_desktop.referral.snapshot_model import ChronologyRowDoc, ReferralDocument

__all__ = [
    "disputed_pairs",
    "disputed_summary",
    "referral_restricted",
    "referral_statements",
    "restricted_flowables",
    "statement_flowables",
]


def _disputed_style(base: ParagraphStyle) -> ParagraphStyle:
    return ParagraphStyle(
        "disputed",
        parent=base,
        textColor=colors.HexColor("#7a1f00"),
        borderColor=colors.HexColor("#7a1f00"),
        borderWidth=0.5,
        borderPadding=2,
        spaceBefore=4,
    )


def _boxed(heading: str, words: str, style: ParagraphStyle) -> Paragraph:
    return para(f"{DISPUTED_MARK} {heading}:\n“{words}”", style)


def statement_flowables(statements: Sequence[Statement], base: ParagraphStyle | None = None) -> list[Flowable]:
    """Each statement as a boxed paragraph: "[disputed] <heading>:" and then the person's own words."""
    style = _disputed_style(base or styles().cell)
    return [_boxed(s.heading(), s.text, style) for s in statements]


def referral_statements(doc: ReferralDocument) -> list[Flowable]:
    """The referral's section of statements of disagreement, each naming the record it disputes."""
    st = styles()
    if not doc.statements:
        return []
    story: list[Flowable] = [
        CondPageBreak(30 * mm),
        para("Statements of disagreement", st.heading),
        para(
            "The people below disagree with records included in this referral. Their statements are kept "
            "with those records, in their own words, and go wherever the records go.",
            st.body,
        ),
    ]
    style = _disputed_style(st.body)
    for s in doc.statements:
        story += [Spacer(1, 2 * mm), para(f"About: {s.about or 'a record in this referral'}", st.cell_bold)]
        story.append(_boxed(s.heading, s.text, style))
    return story


def referral_restricted(doc: ReferralDocument) -> list[Paragraph]:
    """The referral's notes of restricted records, and records moved to another child, left out; or nothing."""
    notes = restricted_flowables(doc.restricted_left_out, "this referral")
    moved = moved_note(doc.moved_left_out, "this referral")
    return [*notes, para(moved, styles().body)] if moved else notes


def restricted_flowables(count: int, what: str) -> list[Paragraph]:
    """The note that restricted records were left out, or nothing when none were."""
    note = restricted_note(count, what)
    return [para(note, styles().body)] if note else []


def disputed_pairs(doc: ReferralDocument, record_id: UUID) -> list[tuple[str, str]]:
    """Label/text rows marking a record of the referral as disputed, pointing to the statements."""
    return [
        ("Disputed", f"{s.heading}: see Statements of disagreement") for s in doc.statements if s.record_id == record_id
    ]


def disputed_summary(doc: ReferralDocument, row: ChronologyRowDoc) -> str:
    """A chronology row's summary, marked when a statement disputes its record."""
    disputed = any(s.record_id == row.record_id for s in doc.statements)
    return f"{DISPUTED_MARK} {row.summary}" if disputed else row.summary
