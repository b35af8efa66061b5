"""Errors the domain raises, each carrying one sentence fit to show a practitioner."""

from __future__ import annotations

from typing import Any

import pydantic

from safeguard_desktop.errors import SafeguardError

__all__ = [
    "FIELD_LABELS",
    "DomainError",
    "InvalidDate",
    "InvalidIdentifier",
    "first_error_message",
]


class DomainError(SafeguardError, ValueError):
    """A rule of the domain was broken; ``message`` says so in plain British English.

    It is a ValueError so that pydantic validators turn it into a ValidationError, and a
    SafeguardError so that the window and the command line show it like any other.
    """

    def __str__(self) -> str:
        return self.message


class InvalidIdentifier(DomainError):
    """An NHS number, UPN or postcode is not valid."""


class InvalidDate(DomainError):
    """A date or time is not valid, did not happen, or is in the future."""


# Field names are code; practitioners see these words instead.
FIELD_LABELS: dict[str, str] = {
    "nhs_number": "NHS number",
    "upn": "UPN",
    "postcode": "Postcode",
    "date_of_birth": "Date of birth",
    "expected_delivery": "Expected date of delivery",
    "given_names": "Given names",
    "family_name": "Family name",
    "other_names": "Other names",
    "age_status": "Age status",
    "assessed_age_note": "Assessed age",
    "disability_send": "Disability or SEND",
    "school_or_setting": "School or setting",
    "gp": "GP",
    "first_language": "First language",
    "interpreter_needed": "Interpreter needed",
    "current_address": "Current address",
    "previous_addresses": "Previous addresses",
    "adult_id": "Adult",
    "child_id": "Child",
    "parental_responsibility": "Parental responsibility",
    "lives_in_home": "Lives in the home",
    "happened": "When it happened",
    "children": "Children",
    "roles": "Role",
    "categories": "Categories",
    "recorded_by": "Recorded by",
    "reported_by": "Reported by",
    "account": "Account",
    "child_words": "The child's words",
    "action_taken": "Action taken",
    "informed": "Who was informed",
    "child_voice": "The child's voice",
    "action_and_outcome": "Action and outcome",
    "source_record_id": "Full record",
    "media_type": "File type",
    "size": "File size",
    "sha256": "File fingerprint",
    "linked_record_id": "Linked record",
    "time_utc": "Time",
    "email": "Email",
}

# Pydantic's own error types, for the cases where no validator of ours produced the text.
_TYPE_MESSAGES: dict[str, str] = {
    "missing": "This is required.",
    "string_too_short": "This cannot be empty.",
    "too_short": "Add at least one.",
    "string_type": "This must be text.",
    "int_parsing": "This must be a whole number.",
    "int_type": "This must be a whole number.",
    "bool_parsing": "Choose yes or no.",
    "bool_type": "Choose yes or no.",
    "date_parsing": "This is not a valid date.",
    "date_from_datetime_parsing": "This is not a valid date.",
    "date_type": "This is not a valid date.",
    "datetime_parsing": "This is not a valid date and time.",
    "datetime_type": "This is not a valid date and time.",
    "uuid_parsing": "This does not point to a valid record.",
    "uuid_type": "This does not point to a valid record.",
    "enum": "Choose one of the listed options.",
    "literal_error": "Choose one of the listed options.",
    "extra_forbidden": "This field is not recognised.",
    "frozen_instance": "A saved record cannot be changed in place; save a new version instead.",
}


def _field_label(name: str) -> str:
    return FIELD_LABELS.get(name, name.replace("_", " ").capitalize())


def _lower_first(sentence: str) -> str:
    # Keep acronyms such as "NHS" or "UPN" upper-case; lower only ordinary first words.
    if len(sentence) >= 2 and sentence[0].isupper() and not sentence[1].isupper():
        return sentence[0].lower() + sentence[1:]
    return sentence


def _error_text(error: Any) -> str:
    ctx = error.get("ctx") or {}
    original = ctx.get("error")
    if isinstance(original, DomainError):
        return original.message
    if isinstance(original, ValueError) and str(original):
        return str(original)
    text = _TYPE_MESSAGES.get(str(error.get("type", "")))
    return text if text is not None else "This value is not valid."


def first_error_message(exc: pydantic.ValidationError) -> str:
    """Turn a pydantic ValidationError into one clear sentence naming the field in plain words.

    Only the first problem is reported: a practitioner fixes one thing at a time, and a
    list of technical paths helps nobody.
    """
    errors = exc.errors()
    if not errors:
        return "Something in this record is not valid."
    first = errors[0]
    text = _error_text(first)
    names = [part for part in first.get("loc", ()) if isinstance(part, str)]
    if not names:
        return text
    label = _field_label(names[0])
    if len(names) > 1:
        label = f"{label} ({_field_label(names[-1]).lower()})"
    return f"{label}: {_lower_first(text)}"
