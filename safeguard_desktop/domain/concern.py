"""A concern: a worry about one or more children, recorded as a legal document."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from itertools import pairwise
from typing import ClassVar, Self, TypeVar
from uuid import UUID

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    ValidatorFunctionWrapHandler,
    field_serializer,
    field_validator,
    model_validator,
)

from safeguard_desktop.domain.bodymap import BodyMark
from safeguard_desktop.domain.categories import (
    ChildRole,
    ConcernCategory,
    ConcernStatus,
    Impact,
    InformedParty,
)
from safeguard_desktop.domain.errors import DomainError
from safeguard_desktop.domain.eventdate import PastEventDate
from safeguard_desktop.domain.practitioner import Practitioner
from safeguard_desktop.domain.records import Record, checks_the_clock, join_words
from safeguard_desktop.domain.timeline import DueItem, TimelineItem, theme_of
from safeguard_desktop.domain.ukdates import UtcDatetime, format_date, uk_today

__all__ = [
    "Concern",
    "ConcernChild",
    "ConcernReview",
    "InformedRecord",
    "StatusChange",
    "ordered",
    "with_status_change",
]


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


class StatusChange(BaseModel):
    """A change of the concern's status, with the day it took effect."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)

    status: ConcernStatus
    on: date
    note: str = ""


class ConcernReview(BaseModel):
    """The DSL's review of what a member of staff reported: what was decided and why."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)

    decision: str
    rationale: str = ""
    next_steps: str = ""
    # When the DSL will look at this again; it shows in the "due" list until then.
    review_on: date | None = None
    reviewed_by: Practitioner
    reviewed_at: UtcDatetime

    @field_validator("decision")
    @classmethod
    def _decision(cls, value: str) -> str:
        if not value:
            raise DomainError("Record the decision the review reached.")
        return value


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
    # Earlier statuses, oldest first; `status` is the current one.
    status_history: list[StatusChange] = Field(default_factory=list)
    # What was seen, placed on a body outline.
    body_marks: list[BodyMark] = Field(default_factory=list)
    review: ConcernReview | None = None

    @field_validator("children")
    @classmethod
    def _children(cls, value: list[ConcernChild]) -> list[ConcernChild]:
        if not value:
            raise DomainError("A concern must name at least one child.")
        ids = [c.child_id for c in value]
        if len(set(ids)) != len(ids):
            raise DomainError("The same child is listed twice; give each child once.")
        return value

    @model_validator(mode="after")
    def _marks_belong_to_children(self, info: ValidationInfo) -> Self:
        # Each mark is on one named child's body; otherwise it would show on a sibling's body map.
        named = {c.child_id for c in self.children}
        for number, mark in enumerate(self.body_marks, 1):
            if mark.child_id is not None and mark.child_id not in named:
                raise DomainError(
                    f"Body mark {number} is recorded on a child who is not named in this concern; "
                    "say whose body the mark is on, or remove the mark."
                )
            # Marks stored before marks named their child still load: only new entries must say.
            if mark.child_id is None and len(named) > 1 and checks_the_clock(info):
                raise DomainError(
                    f"Body mark {number}: this concern names more than one child. Say whose body the mark is on."
                )
        return self

    @field_validator("status_history")
    @classmethod
    def _status_history(cls, value: list[StatusChange], info: ValidationInfo) -> list[StatusChange]:
        # A history out of order, or dated ahead, would misstate when the status held.
        today = uk_today()
        for earlier, later in pairwise(value):
            if later.on < earlier.on:
                raise DomainError(
                    f"The status change on {format_date(later.on)} is dated before the one on "
                    f"{format_date(earlier.on)}; status changes must be in date order."
                )
        for change in value if checks_the_clock(info) else ():
            if change.on > today:
                raise DomainError(f"{format_date(change.on)} is in the future; a status change is recorded once made.")
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
            *(mark.description for mark in self.body_marks),
            *((self.review.decision, self.review.rationale, self.review.next_steps) if self.review is not None else ()),
        )

    def linked_child_ids(self) -> set[UUID]:
        """Return every child named in the concern."""
        return {c.child_id for c in self.children}

    def summary(self, limit: int = 200) -> str:
        """Return the account shortened to one line for a chronology row."""
        text = " ".join(self.account.split())
        return text if len(text) <= limit else text[: limit - 1] + "…"

    def timeline_items(self) -> list[TimelineItem]:
        """One row in each named child's chronology, showing that child's own role."""
        categories = ordered(self.categories)
        source = "Concern reported by staff" if self.reported_by else "Concern"
        return [
            TimelineItem(
                child_id=child.child_id,
                happened=self.happened,
                categories=tuple(c.label() for c in categories),
                summary=self.summary(),
                theme=theme_of(categories),
                impact=Impact.NEGATIVE,
                source=source,
                recorded_by=self.recorded_by.name,
                role="; ".join(role.label() for role in ordered(child.roles)),
            )
            for child in self.children
        ]

    def due_items(self) -> list[DueItem]:
        """The review date, while the concern is not closed."""
        if self.review is None or self.review.review_on is None or self.status is ConcernStatus.CLOSED:
            return []
        what = f"Review concern: {', '.join(self.category_labels())} ({self.happened.display()})"
        return [DueItem(due=self.review.review_on, what=what, child_id=self.children[0].child_id)]

    def review_text(self) -> str:
        """Return the review as one line, e.g. for a printed record."""
        if self.review is None:
            return ""
        when = f"; review on {format_date(self.review.review_on)}" if self.review.review_on else ""
        return f"{self.review.decision}{when}"


def with_status_change(
    history: list[StatusChange], previous: ConcernStatus | None, status: ConcernStatus, on: date, note: str = ""
) -> list[StatusChange]:
    """Return the status history with a change to `status` appended, if it is a change.

    `previous` is the status before this edit (None for a new concern, which starts open).
    The date must not be before the last change nor in the future: DomainError says so.
    """
    if status == (previous if previous is not None else ConcernStatus.OPEN):
        return list(history)
    if on > uk_today():
        raise DomainError(f"{format_date(on)} is in the future; give the day the status changed.")
    if history and on < history[-1].on:
        raise DomainError(
            f"The status last changed on {format_date(history[-1].on)}; the new change cannot be dated before that."
        )
    return [*history, StatusChange(status=status, on=on, note=note)]
