"""Children, adults, relationships and professionals (all fictional)."""

from datetime import date, timedelta
from uuid import uuid4

import pydantic
import pytest

from safeguard_desktop.domain.categories import RelationshipType
from safeguard_desktop.domain.errors import first_error_message
from safeguard_desktop.domain.people import Address, Adult, Child, Professional, Relationship
from safeguard_desktop.domain.ukdates import uk_today


def make_child(**overrides: object) -> Child:
    fields: dict[str, object] = {
        "given_names": "Tobias",
        "family_name": "Wrenfield",
        "date_of_birth": date(2016, 5, 9),
    }
    fields.update(overrides)
    return Child.model_validate(fields)


def error_of(**overrides: object) -> str:
    with pytest.raises(pydantic.ValidationError) as caught:
        make_child(**overrides)
    return first_error_message(caught.value)


def test_child_normalises_identifiers_and_trims() -> None:
    child = make_child(given_names="  Tobias ", nhs_number="943 476 5919", upn="b801200005001")
    assert child.given_names == "Tobias"
    assert child.nhs_number == "9434765919"
    assert child.upn == "B801200005001"
    assert child.full_name() == "Tobias Wrenfield"
    assert child.title() == "Tobias Wrenfield"
    assert "9434765919" in child.search_text()
    assert Child.KIND == "child"


def test_empty_identifiers_become_none() -> None:
    child = make_child(nhs_number="", upn="  ")
    assert child.nhs_number is None and child.upn is None


def test_child_invalid_nhs_number_message() -> None:
    assert error_of(nhs_number="943 476 5918") == ("NHS number: the check digit is wrong; please check the number.")


def test_child_invalid_upn_message() -> None:
    assert error_of(upn="A801200005001").startswith("UPN: the check letter")


def test_child_dob_in_future_rejected() -> None:
    tomorrow = uk_today() + timedelta(days=1)
    assert "is in the future" in error_of(date_of_birth=tomorrow)


def test_unborn_child() -> None:
    child = make_child(given_names="", date_of_birth=None, expected_delivery=uk_today() + timedelta(days=60))
    assert child.is_unborn()
    assert child.title() == "Wrenfield (unborn)"


def test_dob_and_edd_together_rejected() -> None:
    assert "not both" in error_of(expected_delivery=date(2016, 5, 1))


def test_neither_dob_nor_edd_needs_assessed_age() -> None:
    assert "assessed or disputed" in error_of(date_of_birth=None)
    child = make_child(date_of_birth=None, age_status="assessed", assessed_age_note="about 15")
    assert child.age_status == "assessed"


def test_child_needs_a_name() -> None:
    assert "name" in error_of(given_names="", family_name=" ")


def test_unknown_field_rejected() -> None:
    assert "not recognised" in error_of(favourite_colour="blue")


def test_child_is_frozen() -> None:
    child = make_child()
    with pytest.raises(pydantic.ValidationError):
        child.family_name = "Other"  # type: ignore[misc]


def test_address() -> None:
    address = Address(lines=["12 Heron Lane", " "], town="Oxford", postcode="ox1 1aa")
    assert address.lines == ["12 Heron Lane"]
    assert address.one_line() == "12 Heron Lane, Oxford, OX1 1AA"
    assert Address(town="Banbury").postcode is None
    with pytest.raises(pydantic.ValidationError) as caught:
        Address(lines=["1 Road"], postcode="not a postcode")
    assert first_error_message(caught.value).startswith("Postcode: this is not a UK postcode")
    with pytest.raises(pydantic.ValidationError):
        Address()


def test_adult() -> None:
    adult = Adult(
        given_names="Gideon",
        family_name="Ashcombe",
        aliases=["Gid Ash"],
        current_address=Address(lines=["3 Elm Row"], postcode="OX4 1AA"),
        previous_addresses=[Address(town="Swindon")],
    )
    assert adult.title() == "Gideon Ashcombe"
    assert "Gid Ash" in adult.search_text() and "Swindon" in adult.search_text()
    assert adult.linked_adult_ids() == set() and adult.linked_child_ids() == set()
    with pytest.raises(pydantic.ValidationError):
        Adult(given_names="", family_name="")
    with pytest.raises(pydantic.ValidationError):
        Adult(family_name="Ashcombe", date_of_birth=uk_today() + timedelta(days=1))


def test_relationship_links_both() -> None:
    adult_id, child_id = uuid4(), uuid4()
    rel = Relationship(
        adult_id=adult_id,
        child_id=child_id,
        relationship=RelationshipType.FATHER,
        parental_responsibility=True,
    )
    assert rel.linked_adult_ids() == {adult_id}
    assert rel.linked_child_ids() == {child_id}
    assert rel.title() == "Father"
    assert not rel.lives_in_home
    with pytest.raises(pydantic.ValidationError):
        Relationship.model_validate({"adult_id": "nope", "child_id": str(child_id), "relationship": "father"})


def test_professional() -> None:
    child_id = uuid4()
    pro = Professional(
        child_id=child_id,
        name="Priya Thistlewood",
        role="School nurse",
        organisation="Example Health Trust",
        email="priya.thistlewood@example.org",
    )
    assert pro.title() == "Priya Thistlewood (School nurse, Example Health Trust)"
    assert pro.linked_child_ids() == {child_id}
    with pytest.raises(pydantic.ValidationError) as caught:
        Professional(child_id=child_id, name="Priya", email="not-an-email")
    assert first_error_message(caught.value).startswith("Email: this does not look like")
    with pytest.raises(pydantic.ValidationError):
        Professional(child_id=child_id, name=" ")
