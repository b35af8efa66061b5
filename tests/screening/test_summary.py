"""Plain-text summaries: pasteable into a health record, shareable with a family, of a comparison."""

from __future__ import annotations

from datetime import date

from safeguard_desktop.screening.compare import compare
from safeguard_desktop.screening.pack import PackRef, shipped_pack
from safeguard_desktop.screening.summary import (
    WIDTH,
    ascii_punctuation,
    comparison_summary,
    family_summary,
    matching_pack,
    record_summary,
)
from tests.screening.test_compare import FIRST, SECOND, screening_of

LITERAL = "<b>O'Brien & Sons</b> =cmd()"
LONG_RATIONALE = (
    "Juno keeps the flat warm now that the meter is topped up weekly, but the bedroom is still damp and "
    "Wren's cot sheets were wet on two visits out of three; “she knows and is trying” — the landlord has "
    "not replied…\nSecond line of the rationale."
)


def _varied(**extra: object):
    return screening_of(
        observed=SECOND,
        areas={"physical": 3, "safety": 2, "emotional": 1, "developmental": 4},
        subs={"nutrition": 4, "housing": 5, "clothing": 1, "approval": 4},
        place=LITERAL,
        review_by=date(2026, 9, 7),
        **extra,
    )


def _assert_plain(text: str) -> None:
    assert all(len(line) <= WIDTH for line in text.splitlines()), [x for x in text.splitlines() if len(x) > WIDTH]


def test_record_summary_is_short_plain_and_pasteable() -> None:
    s = _varied(strengths="Warm and playful with Wren.\nAsks for help.")
    rationales = [a.model_copy(update={"rationale": LONG_RATIONALE}) if a.area_id == "physical" else a for a in s.areas]
    s = s.model_copy(update={"areas": rationales})
    text = record_summary(s)
    _assert_plain(text)
    lines = text.splitlines()
    assert lines[0] == "Neglect screening (GCP2 neglect screening), signed off 08/06/2026 16:00"
    assert "Period observed: 01/06/2026 to 08/06/2026" in lines
    assert "Carer: Juno Falconbridge (mother)" in lines
    assert f"Place: {LITERAL}" in lines  # typed text copied as written, never interpreted
    assert "Practitioner: Tamsin Achebe-Lowe, Health visitor, Made-up NHS Trust" in lines
    assert "Physical care: 3 - Some essential needs unmet" in lines
    assert "Developmental care: 4 - Most essential needs unmet" in lines
    assert "Emotional care: 1 - All needs met" in lines
    assert "  Sub-areas: Nutrition 4; Housing 5; Clothing 1; Hygiene 2; Health 2" in lines
    # The rationale reads as one paragraph, wrapped, with ASCII punctuation.
    rationale = next(i for i, line in enumerate(lines) if line.startswith("  Rationale: Juno keeps"))
    assert lines[rationale + 1].startswith("    ")
    assert '"she knows and is trying" - the landlord has not replied... Second line' in " ".join(
        line.strip() for line in lines[rationale : rationale + 3]
    )
    assert "Strengths: Warm and playful with Wren. Asks for help." in lines
    assert lines[-1] == "Next review by: 07/09/2026"
    assert not any(ch in text for ch in "“”‘’—–…")


def test_record_summary_carries_the_parents_and_the_childs_own_words() -> None:
    parents = "Juno says “the damp is the landlord’s job” and she wants help with the meter.\n" + "We try. " * 30
    s = _varied(parents_views=parents, child_view=f"Wren said {LITERAL} and pointed at the cot.")
    text = record_summary(s)
    _assert_plain(text)
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Parents' views: "))
    assert lines[start].startswith("Parents' views: Juno says \"the damp is the landlord's job\" and she wants help")
    assert lines[start + 1].startswith("  ") and "We try." in lines[start + 1]  # wrapped and set in
    assert f"Child's view: Wren said {LITERAL} and pointed at the cot." in lines
    assert lines.index(next(x for x in lines if x.startswith("Child's view"))) < len(lines) - 1
    empty = record_summary(_varied()).splitlines()
    assert "Parents' views: not recorded" in empty and "Child's view: not recorded" in empty
    assert not any(ch in text for ch in "“”‘’—–…")


def test_record_summary_without_the_pack_gives_numbers_only() -> None:
    unknown = PackRef(pack_id="county", tool="County screening", title="County tool", edition="1", digest="b" * 64)
    s = screening_of(pack=unknown)
    assert matching_pack(s) is None
    text = record_summary(s)
    assert "Physical care: 2\n" in text and "Essential needs met" not in text
    assert "Next review by: not set" in text


def test_ascii_punctuation_keeps_letters() -> None:
    assert ascii_punctuation("Łukasz’s “plan” – done…") == 'Łukasz\'s "plan" - done...'


def test_family_summary_starts_with_strengths_and_uses_everyday_words() -> None:
    s = _varied(
        strengths="Juno reads to Wren every night.",
        family_summary="You have worked hard on mealtimes.\nWe will keep working on the damp together.",
    )
    text = family_summary(s, shipped_pack(), child_name="Wren")
    _assert_plain(text)
    assert (
        text.index("What is going well") < text.index("Juno reads to Wren every night.") < text.index("Physical care")
    )
    physical = text[text.index("Physical care") : text.index("Care of safety")]
    assert "Some essential needs are not met." in physical
    assert "Going well:\n- clothes" in physical
    assert "Needs to change:\n- food and drink\n- the home" in physical
    assert "Emotional care (love and belonging)" in text
    assert "Developmental care (esteem)" in text
    assert "Needs to change:\n- praise and encouragement" in text
    assert "You have worked hard on mealtimes.\nWe will keep working on the damp together." in text
    assert "What happens next\nWe will look at this again together by 07/09/2026" in text
    assert LITERAL in " ".join(text.split())  # wrapped, but copied as typed
    assert "grade 3 of 5, and 1 is the best" in text


def test_comparison_summary_says_which_way_each_area_went() -> None:
    before = screening_of(observed=FIRST, areas={"physical": 4}, subs={"nutrition": 5})
    after = screening_of(observed=SECOND, areas={"physical": 2, "safety": 3}, subs={"nutrition": 2})
    text = comparison_summary(compare([after, before]))
    _assert_plain(text)
    assert text.startswith("Comparison of 2 neglect screenings, oldest first.")
    assert "1. 02/03/2026 to 09/03/2026; carer Juno Falconbridge, mother" in text
    assert "Physical care: 4, 2 (better by 2)" in text
    assert "Care of safety: 2, 3 (worse by 1)" in text
    assert "  Nutrition: 5, 2 (better by 3)" in text
    assert "  Housing: 2, 2 (no change)" in text
