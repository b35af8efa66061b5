"""Errors carry one plain sentence; validation errors become one plain sentence."""

import pydantic
import pytest

from safeguard_desktop.domain.errors import (
    DomainError,
    InvalidDate,
    InvalidIdentifier,
    first_error_message,
)


class _Sample(pydantic.BaseModel):
    nhs_number: str
    count: int = 0
    date_of_birth: str = ""

    @pydantic.field_validator("date_of_birth")
    @classmethod
    def _plain_value_error(cls, value: str) -> str:
        if value == "bad":
            raise ValueError("That date is not right.")
        return value


def test_domain_error_message_and_str() -> None:
    error = InvalidIdentifier("The check digit is wrong; please check the number.")
    assert error.message == str(error) == "The check digit is wrong; please check the number."
    assert isinstance(error, DomainError) and isinstance(error, ValueError)
    assert issubclass(InvalidDate, DomainError)


def test_missing_field_named_in_plain_words() -> None:
    with pytest.raises(pydantic.ValidationError) as caught:
        _Sample.model_validate({})
    assert first_error_message(caught.value) == "NHS number: this is required."


def test_type_error_has_plain_sentence() -> None:
    with pytest.raises(pydantic.ValidationError) as caught:
        _Sample.model_validate({"nhs_number": "1", "count": "many"})
    assert first_error_message(caught.value) == "Count: this must be a whole number."


def test_plain_value_error_text_is_used_without_prefix() -> None:
    with pytest.raises(pydantic.ValidationError) as caught:
        _Sample.model_validate({"nhs_number": "1", "date_of_birth": "bad"})
    assert first_error_message(caught.value) == "Date of birth: that date is not right."
