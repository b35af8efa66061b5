"""A child's statutory status over time: Early Help, Child in Need, Child Protection, cared for."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import ClassVar, Self
from uuid import UUID

from pydantic import field_validator, model_validator

from safeguard_desktop.domain.categories import Impact, Significance
from safeguard_desktop.domain.errors import DomainError, InvalidDate
from safeguard_desktop.domain.eventdate import EventDate
from safeguard_desktop.domain.practitioner import Practitioner
from safeguard_desktop.domain.records import Record, join_words
from safeguard_desktop.domain.timeline import Theme, TimelineItem
from safeguard_desktop.domain.ukdates import format_date, uk_today

__all__ = ["CPCategory", "ChildStatus", "StatusPeriod"]


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
    recorded_by: Practitioner

    @field_validator("start")
    @classmethod
    def _start(cls, value: date) -> date:
        if value > uk_today():
            raise InvalidDate(f"{format_date(value)} is in the future; record a status once it has begun.")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if (self.status is ChildStatus.CHILD_PROTECTION) != (self.cp_category is not None):
            raise DomainError(
                "A Child Protection plan needs its category, and other statuses have none."
                if self.status is ChildStatus.CHILD_PROTECTION
                else "Only a Child Protection plan has a category."
            )
        if self.end is not None and self.end < self.start:
            raise InvalidDate("The end date is before the start date; please check both.")
        if self.end is not None and self.end > uk_today():
            raise InvalidDate(f"{format_date(self.end)} is in the future; record the end once it has happened.")
        return self

    def status_label(self) -> str:
        """Return e.g. ``Child Protection plan (neglect)``."""
        label = self.status.label()
        return f"{label} ({self.cp_category.label().lower()})" if self.cp_category is not None else label

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
            items.append(item(self.end, f"{self.status_label()} ended."))
        return items


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
