"""Body-map outlines, regions (the child's left and right) and marks."""

from __future__ import annotations

from datetime import date

import pydantic
import pytest

from safeguard_desktop.domain.bodymap import (
    BodyMark,
    BodySide,
    MarkInContext,
    MarkType,
    in_figure,
    is_baby,
    outline,
    recency_strengths,
    region_at,
    region_label,
    regions,
)
from safeguard_desktop.domain.concern import Concern
from safeguard_desktop.domain.errors import DomainError, first_error_message
from safeguard_desktop.domain.eventdate import EventDate
from safeguard_desktop.domain.practitioner import Practitioner
from tests.domain.test_concern import CHILD_A, concern_fields


def _arm_point(side: BodySide, viewer_left: bool) -> tuple[float, float]:
    """A point in the middle of the upper arm on the viewer's left or right of `side`."""
    centres = [r.centre for r in regions(side) if "upper_arm" in r.key]
    return min(centres) if viewer_left else max(centres)


def test_every_side_has_a_figure_and_enough_regions() -> None:
    for side in BodySide:
        drawing = outline(side)
        assert len(drawing.shapes) >= 2
        assert 25 <= len(drawing.regions) <= 35
        for reg in drawing.regions:
            # The centre is where a keyboard-placed mark goes: it must land back in its own region.
            found = region_at(side, *reg.centre)
            assert found is not None and found.key == reg.key, reg.key


def test_front_viewers_left_arm_is_the_childs_right() -> None:
    found = region_at(BodySide.FRONT, *_arm_point(BodySide.FRONT, viewer_left=True))
    assert found is not None
    assert found.key == "front_upper_arm_right"
    assert found.label == "Right upper arm (child's right)"
    other = region_at(BodySide.FRONT, *_arm_point(BodySide.FRONT, viewer_left=False))
    assert other is not None and other.label == "Left upper arm (child's left)"


def test_back_viewers_left_arm_is_the_childs_left() -> None:
    found = region_at(BodySide.BACK, *_arm_point(BodySide.BACK, viewer_left=True))
    assert found is not None and found.label.startswith("Left upper arm") and "(child's left)" in found.label
    other = region_at(BodySide.BACK, *_arm_point(BodySide.BACK, viewer_left=False))
    assert other is not None and "(child's right)" in other.label


def test_every_sided_label_agrees_with_where_it_is_drawn() -> None:
    for side in BodySide:
        for reg in regions(side):
            on_viewer_left = reg.centre[0] < 0.5
            if "(child's right)" in reg.label:
                assert on_viewer_left == (side is BodySide.FRONT), reg.key
            elif "(child's left)" in reg.label:
                assert on_viewer_left == (side is BodySide.BACK), reg.key
            else:
                assert abs(reg.centre[0] - 0.5) < 0.02, reg.key


def test_points_off_the_figure_have_no_region() -> None:
    assert region_at(BodySide.FRONT, 0.01, 0.01) is None
    assert not in_figure(BodySide.FRONT, 0.99, 0.5)
    # Between the legs, below the crotch.
    assert region_at(BodySide.BACK, 0.5, 0.8) is None
    head = region_at(BodySide.BACK, 0.5, 0.08)
    assert head is not None and head.label == "Back of head"
    assert region_label("back_buttocks") == "Buttocks"


def test_unknown_region_is_refused_with_a_clear_message() -> None:
    with pytest.raises(DomainError, match="is not a body region"):
        region_label("front_tail")
    with pytest.raises(pydantic.ValidationError) as caught:
        BodyMark(side=BodySide.FRONT, x=0.5, y=0.5, region="front_tail", mark_type=MarkType.BRUISE)
    assert first_error_message(caught.value) == (
        "Region: “front_tail” is not a body region on the body map; choose one from the list."
    )


def test_region_must_be_on_the_marks_side() -> None:
    with pytest.raises(pydantic.ValidationError) as caught:
        BodyMark(side=BodySide.BACK, x=0.5, y=0.5, region="front_abdomen", mark_type=MarkType.BRUISE)
    assert "Abdomen (tummy) is on the front of the body map, not the back" in first_error_message(caught.value)
    with pytest.raises(pydantic.ValidationError):
        BodyMark(side=BodySide.BACK, x=1.2, y=0.5, region="back_lower", mark_type=MarkType.BRUISE)


def test_marks_travel_with_a_concern(practitioner: Practitioner) -> None:
    mark = BodyMark(
        side=BodySide.FRONT,
        x=0.24,
        y=0.34,
        region="front_upper_arm_right",
        mark_type=MarkType.BRUISE,
        size="2 cm",
        colour="Blue-purple",
        description="Four fingertip-sized bruises in a row",
        baby_mobile=False,
        child_id=CHILD_A,
    )
    concern = Concern.model_validate(concern_fields(practitioner, body_marks=[mark.model_dump(mode="json")]))
    assert concern.body_marks == [mark]
    assert mark.region_label() == "Right upper arm (child's right)"
    assert "fingertip" in concern.search_text()
    again = Concern.model_validate_json(concern.model_dump_json())
    assert again.body_marks == [mark]


def test_recency_strength_newest_strongest() -> None:
    mark = BodyMark(side=BodySide.BACK, x=0.5, y=0.45, region="back_lower", mark_type=MarkType.SCAR)
    marks = [
        MarkInContext(EventDate.on_day(date(2024, 1, 5)), "Physical abuse — 05/01/2024", mark),
        MarkInContext(EventDate.on_day(date(2022, 6, 1)), "Neglect — 01/06/2022", mark),
        MarkInContext(EventDate.in_month(2023, 2), "Neglect — February 2023", mark),
    ]
    assert recency_strengths(marks) == pytest.approx([1.0, 0.3, 0.65])
    assert recency_strengths(marks[:1]) == [1.0]
    assert [m.date_text() for m in marks] == ["05/01/2024", "01/06/2022", "February 2023"]


def test_is_baby_under_one_year() -> None:
    assert is_baby(date(2024, 3, 1), date(2025, 2, 28))
    assert not is_baby(date(2024, 3, 1), date(2025, 3, 1))
    assert is_baby(date(2024, 2, 29), date(2025, 2, 28))
    assert not is_baby(date(2024, 2, 29), date(2025, 3, 1))
    assert not is_baby(None, date(2025, 3, 1))
