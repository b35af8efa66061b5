"""People: children, adults around them, their relationships and other professionals."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, ClassVar, Literal, Self
from uuid import UUID

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from safeguard_desktop.domain.categories import RelationshipType
from safeguard_desktop.domain.errors import DomainError, InvalidDate
from safeguard_desktop.domain.identifiers import (
    normalise_nhs_number,
    normalise_postcode,
    normalise_upn,
)
from safeguard_desktop.domain.records import Record, checks_the_clock, join_words
from safeguard_desktop.domain.ukdates import format_date, uk_today

__all__ = ["Address", "Adult", "Child", "Professional", "Relationship"]


class Address(BaseModel):
    """A postal address; the postcode is optional because families often do not know it."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)

    lines: list[str] = Field(default_factory=list)
    town: str = ""
    postcode: str | None = None

    @field_validator("lines")
    @classmethod
    def _drop_blank_lines(cls, value: list[str]) -> list[str]:
        return [line.strip() for line in value if line.strip()]

    @field_validator("postcode")
    @classmethod
    def _postcode(cls, value: str | None) -> str | None:
        return normalise_postcode(value) if value else None

    @model_validator(mode="after")
    def _not_empty(self) -> Self:
        if not (self.lines or self.town or self.postcode):
            raise DomainError("An address needs at least a line, a town or a postcode.")
        return self

    def one_line(self) -> str:
        """Return the address on one line, parts separated by commas."""
        return ", ".join([*self.lines, *(p for p in (self.town, self.postcode) if p)])


def _check_birth_date(value: date | None, info: ValidationInfo) -> date | None:
    if value is not None and value > uk_today() and checks_the_clock(info):
        raise InvalidDate(f"{format_date(value)} is in the future; please check the date.")
    return value


BirthDate = Annotated[date | None, AfterValidator(_check_birth_date)]


class Child(Record):
    """A child, or an unborn child known by an expected date of delivery."""

    KIND: ClassVar[str] = "child"

    given_names: str = ""
    family_name: str = ""
    other_names: list[str] = Field(default_factory=list)
    date_of_birth: BirthDate = None
    expected_delivery: date | None = None
    gender: str = ""
    ethnicity: str = ""
    religion: str = ""
    first_language: str = ""
    interpreter_needed: bool = False
    disability_send: str = ""
    address: Address | None = None
    gp: str = ""
    school_or_setting: str = ""
    upn: str | None = None
    nhs_number: str | None = None
    # Unaccompanied asylum-seeking children may have an assessed or disputed age.
    age_status: Literal["known", "assessed", "disputed"] = "known"
    assessed_age_note: str = ""

    @field_validator("upn")
    @classmethod
    def _upn(cls, value: str | None) -> str | None:
        return normalise_upn(value) if value else None

    @field_validator("nhs_number")
    @classmethod
    def _nhs(cls, value: str | None) -> str | None:
        return normalise_nhs_number(value) if value else None

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if not (self.given_names or self.family_name):
            raise DomainError("A child needs at least a given name or a family name.")
        if self.date_of_birth is not None and self.expected_delivery is not None:
            raise InvalidDate("Give either a date of birth or an expected date of delivery, not both.")
        if self.date_of_birth is None and self.expected_delivery is None and self.age_status == "known":
            raise InvalidDate(
                "Give a date of birth, an expected date of delivery, or mark the age as assessed or disputed."
            )
        return self

    def is_unborn(self) -> bool:
        """Say whether this record is for an unborn child."""
        return self.expected_delivery is not None

    def full_name(self) -> str:
        """Return given names then family name."""
        return join_words(self.given_names, self.family_name)

    def title(self) -> str:
        """Return the child's full name, marked when the child is not yet born."""
        return f"{self.full_name()} (unborn)" if self.is_unborn() else self.full_name()

    def search_text(self) -> str:
        """Return names, identifiers and school for the full-text index."""
        return join_words(
            self.given_names,
            self.family_name,
            *self.other_names,
            self.upn,
            self.nhs_number,
            self.school_or_setting,
            self.address.one_line() if self.address else None,
        )


class Adult(Record):
    """An adult in a child's life; shared across siblings, so a record of its own."""

    KIND: ClassVar[str] = "adult"

    given_names: str = ""
    family_name: str = ""
    aliases: list[str] = Field(default_factory=list)
    date_of_birth: BirthDate = None
    gender: str = ""
    current_address: Address | None = None
    # Police checks need where the adult has lived, not only where they live now.
    previous_addresses: list[Address] = Field(default_factory=list)
    phone: str = ""
    notes: str = ""

    @model_validator(mode="after")
    def _named(self) -> Self:
        if not (self.given_names or self.family_name):
            raise DomainError("An adult needs at least a given name or a family name.")
        return self

    def full_name(self) -> str:
        """Return given names then family name."""
        return join_words(self.given_names, self.family_name)

    def title(self) -> str:
        """Return the adult's full name."""
        return self.full_name()

    def search_text(self) -> str:
        """Return names, aliases and addresses for the full-text index."""
        addresses = [a.one_line() for a in (self.current_address, *self.previous_addresses) if a]
        return join_words(self.given_names, self.family_name, *self.aliases, *addresses)


class Relationship(Record):
    """How one adult is related to one child, and whether they hold parental responsibility."""

    KIND: ClassVar[str] = "relationship"

    adult_id: UUID
    child_id: UUID
    relationship: RelationshipType
    parental_responsibility: bool = False
    lives_in_home: bool = False

    def title(self) -> str:
        """Return the relationship's label, e.g. ``Father``."""
        return self.relationship.label()

    def search_text(self) -> str:
        """Return the relationship's label."""
        return self.relationship.label()

    def linked_child_ids(self) -> set[UUID]:
        """Return the child in this relationship."""
        return {self.child_id}

    def linked_adult_ids(self) -> set[UUID]:
        """Return the adult in this relationship."""
        return {self.adult_id}


_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


class Professional(Record):
    """Another professional involved with a child (GP, social worker, school nurse…)."""

    KIND: ClassVar[str] = "professional"

    child_id: UUID
    name: str
    role: str = ""
    organisation: str = ""
    phone: str = ""
    email: str = ""

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        if not value:
            raise DomainError("Please enter the professional's name.")
        return value

    @field_validator("email")
    @classmethod
    def _email(cls, value: str) -> str:
        if value and not _EMAIL.fullmatch(value):
            raise DomainError("This does not look like an email address; please check it.")
        return value

    def title(self) -> str:
        """Return the name with role and organisation where known."""
        extra = ", ".join(p for p in (self.role, self.organisation) if p)
        return f"{self.name} ({extra})" if extra else self.name

    def search_text(self) -> str:
        """Return name, role and organisation for the full-text index."""
        return join_words(self.name, self.role, self.organisation)

    def linked_child_ids(self) -> set[UUID]:
        """Return the child this professional works with."""
        return {self.child_id}
