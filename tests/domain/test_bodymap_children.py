"""Whose body a mark is on: a concern about siblings must not put one child's injuries on another's map."""

from __future__ import annotations

from datetime import date
from uuid import uuid4

import pydantic
import pytest

from safeguard_desktop.domain.bodymap import BodyMark, BodySide, MarkType, marks_in_context, region
from safeguard_desktop.domain.concern import Concern
from safeguard_desktop.domain.errors import first_error_message
from safeguard_desktop.domain.eventdate import EventDate
from safeguard_desktop.domain.practitioner import Practitioner
from safeguard_desktop.domain.records import STORED
from tests.domain.test_concern import CHILD_A, CHILD_B, concern_fields

ONLY_A = [{"child_id": CHILD_A, "roles": ["victim"]}]


def _mark(key: str, description: str, **extra: object) -> BodyMark:
    reg = region(key)
    return BodyMark(
        side=reg.side,
        x=reg.centre[0],
        y=reg.centre[1],
        region=key,
        mark_type=MarkType.BRUISE,
        description=description,
        **extra,  # type: ignore[arg-type]
    )


def _error(practitioner: Practitioner, **overrides: object) -> str:
    with pytest.raises(pydantic.ValidationError) as caught:
        Concern.model_validate(concern_fields(practitioner, **overrides))
    return first_error_message(caught.value)


def test_each_child_sees_only_the_marks_on_their_own_body(practitioner: Practitioner) -> None:
    vera = _mark("front_forehead", "Bruise on Vera's forehead", child_id=CHILD_A)
    will = _mark("back_lower", "Graze on Will's back", child_id=CHILD_B)
    both = Concern.model_validate(concern_fields(practitioner, body_marks=[vera, will]))
    older = Concern.model_validate(
        concern_fields(practitioner, happened=EventDate.on_day(date(2022, 1, 3)), children=ONLY_A, body_marks=[])
    )
    assert [m.mark for m in marks_in_context([both, older], CHILD_A)] == [vera]
    assert [m.mark for m in marks_in_context([both, older], CHILD_B)] == [will]
    assert marks_in_context([both], uuid4()) == []
    # Without a child, every mark (the concern's own view).
    assert [m.mark for m in marks_in_context([both])] == [vera, will]


def test_an_old_mark_without_a_child_counts_only_when_the_concern_names_that_one_child(
    practitioner: Practitioner,
) -> None:
    legacy = _mark("front_forehead", "Recorded before marks named their child")
    alone = Concern.model_validate(concern_fields(practitioner, children=ONLY_A, body_marks=[legacy]))
    assert [m.mark for m in marks_in_context([alone], CHILD_A)] == [legacy]
    assert marks_in_context([alone], CHILD_B) == []
    # Stored with two children before the rule: it loads, and shows on neither child's map.
    shared = Concern.model_validate(concern_fields(practitioner, body_marks=[legacy]), context=STORED)
    assert marks_in_context([shared], CHILD_A) == []
    assert marks_in_context([shared], CHILD_B) == []


def test_a_new_mark_must_say_whose_body_when_the_concern_names_several_children(
    practitioner: Practitioner,
) -> None:
    message = _error(practitioner, body_marks=[_mark("front_forehead", "")])
    assert "Say whose body the mark is on." in message
    # One child: no need to say.
    Concern.model_validate(concern_fields(practitioner, children=ONLY_A, body_marks=[_mark("front_forehead", "")]))


def test_a_mark_on_a_child_not_in_the_concern_is_refused_even_when_stored(practitioner: Practitioner) -> None:
    stranger = _mark("front_forehead", "", child_id=uuid4())
    message = _error(practitioner, body_marks=[stranger])
    assert message.startswith("Body mark 1 is recorded on a child who is not named in this concern")
    with pytest.raises(pydantic.ValidationError):
        Concern.model_validate(concern_fields(practitioner, body_marks=[stranger]), context=STORED)
    # Unticking the child a mark was on makes the concern invalid, never silently drops the mark.
    assert "not named in this concern" in _error(
        practitioner, children=ONLY_A, body_marks=[_mark("back_lower", "", child_id=CHILD_B)]
    )


def test_an_old_stored_payload_without_child_id_loads(practitioner: Practitioner) -> None:
    concern = Concern.model_validate(
        concern_fields(practitioner, body_marks=[_mark("back_lower", "", child_id=CHILD_B)])
    )
    payload = concern.model_dump(mode="json")
    assert payload["body_marks"][0]["child_id"] == str(CHILD_B)
    del payload["body_marks"][0]["child_id"]  # as written before the field existed
    loaded = Concern.model_validate(payload, context=STORED)
    assert loaded.body_marks[0].child_id is None
    assert loaded.body_marks[0].region == "back_lower"
    again = Concern.model_validate_json(concern.model_dump_json())
    assert again.body_marks[0].child_id == CHILD_B
    assert BodyMark.model_validate({**payload["body_marks"][0]}).side is BodySide.BACK
