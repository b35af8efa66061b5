"""Screenings of one child side by side: direction of change in words, refusals, mixed packs."""

from __future__ import annotations

from datetime import UTC, date, datetime
from uuid import UUID, uuid4

import pytest

from safeguard_desktop.domain.errors import DomainError
from safeguard_desktop.domain.practitioner import Practitioner
from safeguard_desktop.screening.compare import change_words, compare
from safeguard_desktop.screening.pack import PackRef, shipped_pack
from safeguard_desktop.screening.record import AreaGrade, Screening, SubAreaGrade

CHILD = UUID("6f1c2b8e-0c4e-4b7e-9a55-3d2f8d0c1a01")
CARER = UUID("0a8e9d3c-5b2f-4f61-8f7c-2e1d4c6b9a02")
HEALTH_VISITOR = Practitioner(name="Tamsin Achebe-Lowe", role="Health visitor", organisation="Made-up NHS Trust")


def screening_of(
    child_id: UUID = CHILD,
    *,
    observed: tuple[date, date] = (date(2026, 3, 2), date(2026, 3, 9)),
    areas: dict[str, int] | None = None,
    subs: dict[str, int] | None = None,
    pack: PackRef | None = None,
    leave_out: frozenset[str] = frozenset(),
    **extra: object,
) -> Screening:
    """A valid screening of the shipped pack: every grade 2 unless told, evidence naming each sub-area."""
    shipped = shipped_pack()
    areas = areas or {}
    subs = subs or {}
    sub_grades = [
        SubAreaGrade(
            area_id=area.id,
            sub_area_id=sub.id,
            sub_area_name=sub.name,
            grade=subs.get(sub.id, 2),
            evidence=f"Seen during visits: {sub.name.lower()}.",
        )
        for area in shipped.areas
        for sub in area.sub_areas
        if sub.id not in leave_out
    ]
    area_grades = [
        AreaGrade(
            area_id=area.id,
            area_name=area.name,
            grade=areas.get(area.id, 2),
            rationale=f"Judged from what I saw of {area.name.lower()}.",
        )
        for area in shipped.areas
        if area.id not in leave_out
    ]
    data: dict[str, object] = {
        "child_id": child_id,
        "carer_id": CARER,
        "carer_name": "Juno Falconbridge",
        "carer_relationship": "Mother",
        "observed_from": observed[0],
        "observed_to": observed[1],
        "place": "Family home",
        "practitioner": HEALTH_VISITOR,
        "pack": pack or shipped.ref(),
        "sub_areas": sub_grades,
        "areas": area_grades,
        "strengths": "Juno is warm with Wren and asks for help when she needs it.",
        "signed_off_at": datetime.combine(observed[1], datetime.min.time(), UTC).replace(hour=15),
    }
    data.update(extra)
    return Screening.model_validate(data)


FIRST = (date(2026, 3, 2), date(2026, 3, 9))
SECOND = (date(2026, 6, 1), date(2026, 6, 8))
THIRD = (date(2026, 9, 7), date(2026, 9, 14))


def test_change_words_know_that_one_is_best() -> None:
    assert change_words(4, 2) == "better by 2"
    assert change_words(2, 3) == "worse by 1"
    assert change_words(3, 3) == "no change"


def test_columns_oldest_first_and_change_from_first_to_last() -> None:
    later = screening_of(observed=THIRD, areas={"physical": 2, "safety": 3}, subs={"nutrition": 2, "housing": 3})
    middle = screening_of(observed=SECOND, areas={"physical": 3}, subs={"nutrition": 3})
    earlier = screening_of(observed=FIRST, areas={"physical": 4, "safety": 2}, subs={"nutrition": 4})

    comparison = compare([later, earlier, middle])

    assert [c.period for c in comparison.columns] == [
        "02/03/2026 to 09/03/2026",
        "01/06/2026 to 08/06/2026",
        "07/09/2026 to 14/09/2026",
    ]
    assert comparison.columns[0].carer == "Juno Falconbridge, mother"
    assert comparison.columns[0].practitioner == "Tamsin Achebe-Lowe"
    rows = {(row.area_id, row.sub_area_id): row for row in comparison.rows}
    assert rows[("physical", None)].grades == (4, 3, 2)
    assert rows[("physical", None)].change == "better by 2" and rows[("physical", None)].improvement == 2
    assert rows[("safety", None)].change == "worse by 1"
    assert rows[("physical", "nutrition")].change == "better by 2"
    assert rows[("physical", "housing")].change == "worse by 1"
    assert rows[("physical", "clothing")].change == "no change"
    # Each area's own row comes before its sub-areas, in the pack's order.
    labels = [row.label for row in comparison.rows]
    assert labels[:6] == ["Physical care", "Nutrition", "Housing", "Clothing", "Hygiene", "Health"]
    physical = comparison.overviews[0].sentence
    assert physical.startswith("Physical care was graded 4, then 3, then 2 (09/03/2026 to 14/09/2026): better by 2.")
    assert "Better: Nutrition." in physical and "Worse: Housing." in physical
    assert "Care of safety was graded 2, then 2, then 3" in comparison.overviews[1].sentence
    assert comparison.only_in_some == ()


def test_the_area_grade_is_reported_as_judged_never_averaged() -> None:
    # Sub-areas all 5 but the practitioner judged the area 3 each time: the row says 3, no change.
    harsh = {sub: 5 for sub in ("nutrition", "housing", "clothing", "hygiene", "health")}
    one = screening_of(observed=FIRST, areas={"physical": 3}, subs=harsh)
    two = screening_of(observed=SECOND, areas={"physical": 3}, subs=harsh)
    row = compare([one, two]).rows[0]
    assert row.grades == (3, 3) and row.change == "no change"


def test_refuses_fewer_than_two_and_mixed_children() -> None:
    with pytest.raises(DomainError) as caught:
        compare([screening_of()])
    assert caught.value.message == "Choose at least two screenings of the same child to compare."
    with pytest.raises(DomainError) as caught:
        compare([])
    with pytest.raises(DomainError) as caught:
        compare([screening_of(observed=FIRST), screening_of(uuid4(), observed=SECOND)])
    assert "different children" in caught.value.message


def test_different_packs_compare_where_ids_match_and_list_the_rest() -> None:
    newer = PackRef(
        pack_id="county-screening",
        tool="County neglect screening",
        title="County tool",
        edition="2027.1",
        digest="a" * 64,
    )
    old = screening_of(observed=FIRST, subs={"approval": 4})
    new = screening_of(observed=SECOND, pack=newer, leave_out=frozenset({"approval", "disapproval"}))
    comparison = compare([new, old])
    assert comparison.packs == (old.pack, newer)
    rows = {(row.area_id, row.sub_area_id): row for row in comparison.rows}
    assert rows[("developmental", "approval")].grades == (4, None)
    assert rows[("developmental", "approval")].change == "graded once only"
    assert rows[("physical", "nutrition")].grades == (2, 2)
    assert "Approval (Developmental care) was graded only in the screening on 09/03/2026." in comparison.only_in_some
    assert len(comparison.only_in_some) == 2
