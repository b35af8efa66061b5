"""A child's statutory status over time: Early Help, Child in Need, Child Protection, cared for."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from enum import StrEnum
from typing import ClassVar, Self
from uuid import UUID

from pydantic import ValidationInfo, field_validator, model_validator

from safeguard_desktop.domain.categories import Impact, Significance
from safeguard_desktop.domain.errors import DomainError, InvalidDate
from safeguard_desktop.domain.eventdate import EventDate
from safeguard_desktop.domain.practitioner import Practitioner
from safeguard_desktop.domain.records import Record, checks_the_clock, join_words
from safeguard_desktop.domain.timeline import Theme, TimelineItem
from safeguard_desktop.domain.ukdates import format_date, uk_today

__all__ = [
    "CPCategory",
    "ChildStatus",
    "OverlappingPeriod",
    "StatusPeriod",
    "check_no_overlap",
    "day_before",
    "ended",
    "step_up_reason",
    "steps_up_from",
]


class ChildStatus(StrEnum):
    """The statutory positions a child can hold, each for a period."""

    def label(self) -> str:
        """Return the status as practitioners name it."""
        return _STATUS_LABELS[self]

    EARLY_HELP = "early_help"
    CHILD_IN_NEED = "child_in_need"
    CHILD_PROTECTION = "child_protection"
    CARED_FOR = "cared_for"
    CARE_LEAVER = "care_leaver"


class CPCategory(StrEnum):
    """The category of a Child Protection plan."""

    def label(self) -> str:
        """Return the category's label."""
        return _CP_LABELS[self]

    NEGLECT = "neglect"
    PHYSICAL = "physical"
    EMOTIONAL = "emotional"
    SEXUAL = "sexual"
    MULTIPLE = "multiple"


class StatusPeriod(Record):
    """One period of one status, from its start to its end (open while it continues)."""

    KIND: ClassVar[str] = "status_period"

    child_id: UUID
    status: ChildStatus
    cp_category: CPCategory | None = None
    start: date
    end: date | None = None
    note: str = ""
    # Why the period ended (the plan's outcome), shown on the chronology's "ended" row.
    end_reason: str = ""
    recorded_by: Practitioner

    @field_validator("start")
    @classmethod
    def _start(cls, value: date, info: ValidationInfo) -> date:
        if value > uk_today() and checks_the_clock(info):
            raise InvalidDate(f"{format_date(value)} is in the future; record a status once it has begun.")
        return value

    @model_validator(mode="after")
    def _consistent(self, info: ValidationInfo) -> Self:
        if (self.status is ChildStatus.CHILD_PROTECTION) != (self.cp_category is not None):
            raise DomainError(
                "A Child Protection plan needs its category, and other statuses have none."
                if self.status is ChildStatus.CHILD_PROTECTION
                else "Only a Child Protection plan has a category."
            )
        if self.end is not None and self.end < self.start:
            raise InvalidDate("The end date is before the start date; please check both.")
        if self.end is not None and self.end > uk_today() and checks_the_clock(info):
            raise InvalidDate(f"{format_date(self.end)} is in the future; record the end once it has happened.")
        if self.end_reason and self.end is None:
            raise DomainError("A reason for ending needs the end date as well.")
        return self

    def status_label(self) -> str:
        """Return e.g. ``Child Protection plan (neglect)``."""
        label = self.status.label()
        return f"{label} ({self.cp_category.label().lower()})" if self.cp_category is not None else label

    def last_day(self) -> date:
        """The last day the period covers (far in the future while it continues)."""
        return self.end if self.end is not None else date.max

    def overlaps(self, other: StatusPeriod) -> bool:
        """Say whether the two periods share at least one day (both ends count)."""
        return self.start <= other.last_day() and other.start <= self.last_day()

    def is_current(self, on: date | None = None) -> bool:
        """Say whether the period covers the given day (default today)."""
        day = on or uk_today()
        return self.start <= day and (self.end is None or self.end >= day)

    def title(self) -> str:
        """Return e.g. ``Child in Need plan from 03/02/2025``."""
        until = f" to {format_date(self.end)}" if self.end else ""
        return f"{self.status_label()} from {format_date(self.start)}{until}"

    def search_text(self) -> str:
        """Return the status and note for the full-text index."""
        return join_words(self.status_label(), self.note, self.recorded_by.name)

    def linked_child_ids(self) -> set[UUID]:
        """Return the child whose status this is."""
        return {self.child_id}

    def timeline_items(self) -> list[TimelineItem]:
        """The start, and the end when there is one, each a change of status."""

        def item(day: date, summary: str) -> TimelineItem:
            return TimelineItem(
                child_id=self.child_id,
                happened=EventDate.on_day(day),
                categories=("Status change",),
                summary=summary,
                theme=Theme.PROFESSIONAL,
                significance=Significance.SIGNIFICANT,
                impact=Impact.NEUTRAL,
                source="Child's status",
                recorded_by=self.recorded_by.name,
            )

        note = f" {self.note}" if self.note else ""
        items = [item(self.start, f"{self.status_label()} began.{note}")]
        if self.end is not None:
            why = f" {_sentence(self.end_reason)}" if self.end_reason else ""
            items.append(item(self.end, f"{self.status_label()} ended.{why}"))
        return items


class OverlappingPeriod(DomainError):
    """A child cannot hold the same status twice over the same days."""


def check_no_overlap(new: StatusPeriod, existing: Iterable[StatusPeriod]) -> None:
    """Refuse a period that shares a day with another period of the same status for the same child.

    `existing` is the child's other periods; leave out the one being corrected. Periods of
    different statuses may overlap (Early Help can continue beside a Child in Need plan).
    """
    for other in existing:
        if other.child_id != new.child_id or other.status is not new.status or not new.overlaps(other):
            continue
        until = f"to {format_date(other.end)}" if other.end else "(still open)"
        raise OverlappingPeriod(
            f"{other.status_label()} from {format_date(other.start)} {until} is already recorded for this child "
            "and covers some of the same days. End or correct that period first: the same status cannot be "
            "recorded twice for one day."
        )


# A step up to a more protective plan usually closes the one before: offered, never done silently.
_STEPS_UP: dict[ChildStatus, frozenset[ChildStatus]] = {
    ChildStatus.CHILD_PROTECTION: frozenset({ChildStatus.CHILD_IN_NEED, ChildStatus.EARLY_HELP}),
    ChildStatus.CHILD_IN_NEED: frozenset({ChildStatus.EARLY_HELP}),
}


def steps_up_from(new: StatusPeriod, old: StatusPeriod) -> bool:
    """Say whether `new` usually replaces `old`, which began earlier and still covers new's start.

    For example a Child Protection plan starting while a Child in Need plan is current: the
    practitioner is offered to end the Child in Need plan on the day before.
    """
    return (
        old.child_id == new.child_id
        and old.status in _STEPS_UP.get(new.status, frozenset())
        and old.start < new.start
        and old.last_day() >= new.start
    )


def ended(period: StatusPeriod, end: date, reason: str) -> StatusPeriod:
    """The same period with its end date and the reason it ended, checked like any period."""
    return StatusPeriod.model_validate({**period.model_dump(), "end": end, "end_reason": reason})


def step_up_reason(new: StatusPeriod) -> str:
    """The ending reason recorded when a period gives way to `new`."""
    return f"Replaced by a {new.status_label()} from {format_date(new.start)}."


def day_before(day: date) -> date:
    """The day before `day` (when a replaced period ends)."""
    return day - timedelta(days=1)


def _sentence(text: str) -> str:
    text = " ".join(text.split())
    return text if text.endswith((".", "!", "?")) else text + "."


_STATUS_LABELS = {
    ChildStatus.EARLY_HELP: "Early Help",
    ChildStatus.CHILD_IN_NEED: "Child in Need plan",
    ChildStatus.CHILD_PROTECTION: "Child Protection plan",
    ChildStatus.CARED_FOR: "Child we care for",
    ChildStatus.CARE_LEAVER: "Care leaver",
}
_CP_LABELS = {
    CPCategory.NEGLECT: "Neglect",
    CPCategory.PHYSICAL: "Physical abuse",
    CPCategory.EMOTIONAL: "Emotional abuse",
    CPCategory.SEXUAL: "Sexual abuse",
    CPCategory.MULTIPLE: "Multiple categories",
}
