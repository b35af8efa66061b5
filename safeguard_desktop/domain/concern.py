"""A concern: a worry about one or more children, recorded as a legal document."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar, TypeVar
from uuid import UUID

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidatorFunctionWrapHandler,
    field_serializer,
    field_validator,
)

from safeguard_desktop.domain.categories import (
    ChildRole,
    ConcernCategory,
    ConcernStatus,
    InformedParty,
)
from safeguard_desktop.domain.errors import DomainError
from safeguard_desktop.domain.eventdate import PastEventDate
from safeguard_desktop.domain.practitioner import Practitioner
from safeguard_desktop.domain.records import Record, join_words
from safeguard_desktop.domain.ukdates import UtcDatetime

__all__ = ["Concern", "ConcernChild", "InformedRecord", "ordered"]


_E = TypeVar("_E", ConcernCategory, ChildRole)


def ordered(members: Iterable[_E]) -> list[_E]:
    """Return enum members in declaration order.

    Sets of strings iterate in an order that changes between runs (hash randomisation),
    so anything shown, exported or signed goes through this first.
    """
    chosen = list(members)
    if not chosen:
        return []
    declared = list(type(chosen[0]))
    return sorted(chosen, key=declared.index)


class ConcernChild(BaseModel):
    """One child in a concern and the part they played (they can hold several roles)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    child_id: UUID
    roles: frozenset[ChildRole]

    @field_validator("roles")
    @classmethod
    def _some_role(cls, value: frozenset[ChildRole]) -> frozenset[ChildRole]:
        if not value:
            raise DomainError("Choose at least one role for each child.")
        return value

    @field_serializer("roles", when_used="json")
    def _roles_in_order(self, value: frozenset[ChildRole]) -> list[str]:
        return [role.value for role in ordered(value)]


class InformedRecord(BaseModel):
    """Who was told about the concern, and when."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)

    party: InformedParty
    name: str = ""
    when: UtcDatetime | None = None
    note: str = ""


class Concern(Record):
    """A worry about one or more children: what happened, who was told, what was done."""

    KIND: ClassVar[str] = "concern"

    happened: PastEventDate
    children: list[ConcernChild]
    categories: frozenset[ConcernCategory]
    recorded_by: Practitioner
    # Empty when the recorder is the person who saw or heard it.
    reported_by: str = ""
    account: str
    # Kept exactly as the child said it: it is evidence, so it is not stripped or tidied.
    child_words: str = ""
    action_taken: str = ""
    informed: list[InformedRecord] = Field(default_factory=list)
    status: ConcernStatus = ConcernStatus.OPEN

    @field_validator("children")
    @classmethod
    def _children(cls, value: list[ConcernChild]) -> list[ConcernChild]:
        if not value:
            raise DomainError("A concern must name at least one child.")
        ids = [c.child_id for c in value]
        if len(set(ids)) != len(ids):
            raise DomainError("The same child is listed twice; give each child once.")
        return value

    @field_validator("categories")
    @classmethod
    def _categories(cls, value: frozenset[ConcernCategory]) -> frozenset[ConcernCategory]:
        if not value:
            raise DomainError("Choose at least one category.")
        return value

    @field_validator("account")
    @classmethod
    def _account(cls, value: str) -> str:
        if not value:
            raise DomainError("Please describe what happened.")
        return value

    @field_validator("child_words", mode="wrap")
    @classmethod
    def _child_words(cls, value: object, handler: ValidatorFunctionWrapHandler) -> str:
        # The child's words are evidence: skip the model's whitespace stripping for them.
        if isinstance(value, str):
            return str(value)
        result: str = handler(value)
        return result

    @field_serializer("categories", when_used="json")
    def _categories_in_order(self, value: frozenset[ConcernCategory]) -> list[str]:
        return [category.value for category in ordered(value)]

    def category_labels(self) -> list[str]:
        """Return the category labels in a stable, sensible order."""
        return [category.label() for category in ordered(self.categories)]

    def title(self) -> str:
        """Return e.g. ``Neglect, Domestic abuse — 14/03/2023``."""
        return f"{', '.join(self.category_labels())} — {self.happened.display()}"

    def search_text(self) -> str:
        """Return the categories and the free text for the full-text index."""
        return join_words(
            *self.category_labels(),
            self.reported_by,
            self.account,
            self.child_words,
            self.action_taken,
            self.recorded_by.name,
            *(informed.name for informed in self.informed),
        )

    def linked_child_ids(self) -> set[UUID]:
        """Return every child named in the concern."""
        return {c.child_id for c in self.children}
