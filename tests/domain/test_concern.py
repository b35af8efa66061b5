"""Concerns about children, and chronology entries."""

from datetime import UTC, date, datetime, timedelta, timezone
from uuid import uuid4

import pydantic
import pytest

from safeguard_desktop.domain.categories import (
    ChildRole,
    ConcernCategory,
    ConcernStatus,
    Impact,
    InformedParty,
)
from safeguard_desktop.domain.chronology import ChronologyEntry
from safeguard_desktop.domain.concern import Concern, ConcernChild, InformedRecord, ordered
from safeguard_desktop.domain.errors import first_error_message
from safeguard_desktop.domain.eventdate import EventDate
from safeguard_desktop.domain.practitioner import Practitioner
from safeguard_desktop.domain.ukdates import uk_today

CHILD_A = uuid4()
CHILD_B = uuid4()


def concern_fields(practitioner: Practitioner, **overrides: object) -> dict[str, object]:
    fields: dict[str, object] = {
        "happened": EventDate.on_day(date(2023, 3, 14)),
        "children": [
            {"child_id": CHILD_A, "roles": ["victim"]},
            {"child_id": CHILD_B, "roles": ["witness", "victim"]},
        ],
        "categories": ["domestic_abuse", "neglect"],
        "recorded_by": practitioner,
        "account": "Arrived without a coat; said the heating is off at home.",
        "child_words": "  it's cold at mum's   ",
    }
    fields.update(overrides)
    return fields


def concern_error(practitioner: Practitioner, **overrides: object) -> str:
    with pytest.raises(pydantic.ValidationError) as caught:
        Concern.model_validate(concern_fields(practitioner, **overrides))
    return first_error_message(caught.value)


def test_valid_concern(practitioner: Practitioner) -> None:
    concern = Concern.model_validate(concern_fields(practitioner))
    assert concern.title() == "Neglect, Domestic abuse — 14/03/2023"
    assert concern.linked_child_ids() == {CHILD_A, CHILD_B}
    assert concern.status is ConcernStatus.OPEN
    assert concern.reported_by == ""
    assert "heating" in concern.search_text()
    assert Concern.KIND == "concern"


def test_child_words_kept_verbatim(practitioner: Practitioner) -> None:
    concern = Concern.model_validate(concern_fields(practitioner))
    assert concern.child_words == "  it's cold at mum's   "
    # Other text is still trimmed.
    trimmed = Concern.model_validate(concern_fields(practitioner, account="  Seen.  "))
    assert trimmed.account == "Seen."


def test_json_is_deterministic_and_round_trips(practitioner: Practitioner) -> None:
    concern = Concern.model_validate(concern_fields(practitioner))
    text = concern.model_dump_json()
    assert '"categories":["neglect","domestic_abuse"]' in text
    assert '"roles":["victim","witness"]' in text
    assert Concern.model_validate_json(text) == concern


def test_ordered_uses_declaration_order() -> None:
    assert ordered({ConcernCategory.OTHER, ConcernCategory.PHYSICAL_ABUSE}) == [
        ConcernCategory.PHYSICAL_ABUSE,
        ConcernCategory.OTHER,
    ]
    assert ordered({ChildRole.WITNESS, ChildRole.VICTIM}) == [ChildRole.VICTIM, ChildRole.WITNESS]


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"children": []}, "Children: a concern must name at least one child."),
        ({"categories": []}, "Categories: choose at least one category."),
        ({"account": "   "}, "Account: please describe what happened."),
        (
            {"children": [{"child_id": CHILD_A, "roles": []}]},
            "Children (role): choose at least one role for each child.",
        ),
        (
            {
                "children": [
                    {"child_id": CHILD_A, "roles": ["victim"]},
                    {"child_id": CHILD_A, "roles": ["witness"]},
                ]
            },
            "Children: the same child is listed twice; give each child once.",
        ),
        ({"categories": ["allegation_against_staff"]}, "Categories: choose one of the listed"),
        ({"account": None}, "Account: this must be text."),
    ],
)
def test_invalid_concerns(practitioner: Practitioner, overrides: dict[str, object], expected: str) -> None:
    assert concern_error(practitioner, **overrides).startswith(expected)


def test_missing_recorder_name(practitioner: Practitioner) -> None:
    recorder = practitioner.model_dump() | {"name": ""}
    assert concern_error(practitioner, recorded_by=recorder) == ("Recorded by (name): this is required.")


def test_concern_in_future_rejected(practitioner: Practitioner) -> None:
    tomorrow = EventDate.on_day(uk_today() + timedelta(days=2))
    assert "is in the future" in concern_error(practitioner, happened=tomorrow)


def test_multiple_roles_for_one_child() -> None:
    cc = ConcernChild(child_id=CHILD_A, roles=frozenset({ChildRole.VICTIM, ChildRole.ALLEGED_PERPETRATOR}))
    assert len(cc.roles) == 2


def test_informed_record_stored_in_utc() -> None:
    bst = timezone(timedelta(hours=1))
    record = InformedRecord(party=InformedParty.POLICE, name="PC Example", when=datetime(2023, 7, 1, 10, 0, tzinfo=bst))
    assert record.when == datetime(2023, 7, 1, 9, 0, tzinfo=UTC)
    with pytest.raises(pydantic.ValidationError):
        InformedRecord(party=InformedParty.DSL, when=datetime(2023, 7, 1, 10, 0))


def test_chronology_entry(practitioner: Practitioner) -> None:
    entry = ChronologyEntry(
        child_id=CHILD_A,
        happened=EventDate.in_month(2022, 9, approximate=True),
        source="Parent",
        description="Moved house to live with grandmother.",
        impact=Impact.POSITIVE,
        recorded_by=practitioner,
    )
    assert entry.title() == "around September 2022 — Moved house to live with grandmother."
    assert entry.linked_child_ids() == {CHILD_A}
    assert "grandmother" in entry.search_text()
    assert ChronologyEntry.KIND == "chronology_entry"


def test_chronology_entry_invalid(practitioner: Practitioner) -> None:
    with pytest.raises(pydantic.ValidationError) as caught:
        ChronologyEntry(
            child_id=CHILD_A,
            happened=EventDate.in_year(2022),
            description=" ",
            recorded_by=practitioner,
        )
    assert first_error_message(caught.value) == ("Description: please give a brief description of what happened.")
    with pytest.raises(pydantic.ValidationError):
        ChronologyEntry(
            child_id=CHILD_A,
            happened=EventDate.in_year(uk_today().year + 1),
            description="Future event",
            recorded_by=practitioner,
        )


def test_practitioner_requires_name_role_organisation() -> None:
    with pytest.raises(pydantic.ValidationError) as caught:
        Practitioner(name="Someone", role=" ", organisation="Example")
    assert first_error_message(caught.value) == "Role: this is required."
