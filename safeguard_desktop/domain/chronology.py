"""Chronology entries: the significant events in a child's life, in date order."""

from __future__ import annotations

from typing import ClassVar
from uuid import UUID

from pydantic import field_validator

from safeguard_desktop.domain.categories import Impact, Significance
from safeguard_desktop.domain.errors import DomainError
from safeguard_desktop.domain.eventdate import PastEventDate
from safeguard_desktop.domain.practitioner import Practitioner
from safeguard_desktop.domain.records import Record, join_words
from safeguard_desktop.domain.timeline import TimelineItem, theme_of

__all__ = ["ChronologyEntry"]


class ChronologyEntry(Record):
    """One significant event, positive or negative, in one child's chronology."""

    KIND: ClassVar[str] = "chronology_entry"

    child_id: UUID
    happened: PastEventDate
    # Where the information came from (e.g. "school nurse", "police notification").
    source: str = ""
    # Free text rather than an enum: chronology categories vary between partnerships.
    category: str = ""
    description: str
    impact: Impact = Impact.NEUTRAL
    significance: Significance = Significance.SIGNIFICANT
    child_voice: str = ""
    action_and_outcome: str = ""
    recorded_by: Practitioner
    # The concern, screening or referral this entry summarises, when made in the app.
    source_record_id: UUID | None = None

    @field_validator("description")
    @classmethod
    def _description(cls, value: str) -> str:
        if not value:
            raise DomainError("Please give a brief description of what happened.")
        return value

    def title(self) -> str:
        """Return the date and the start of the description."""
        summary = self.description if len(self.description) <= 60 else self.description[:57] + "…"
        return f"{self.happened.display()} — {summary}"

    def search_text(self) -> str:
        """Return the free text for the full-text index."""
        return join_words(
            self.source,
            self.category,
            self.description,
            self.child_voice,
            self.action_and_outcome,
            self.recorded_by.name,
        )

    def linked_child_ids(self) -> set[UUID]:
        """Return the child whose chronology this is."""
        return {self.child_id}

    def timeline_items(self) -> list[TimelineItem]:
        """A manual entry is itself one row of its child's chronology."""
        return [
            TimelineItem(
                child_id=self.child_id,
                happened=self.happened,
                categories=(self.category,) if self.category else (),
                summary=self.description,
                theme=theme_of(self.category),
                significance=self.significance,
                impact=self.impact,
                source=self.source or "Chronology entry",
                recorded_by=self.recorded_by.name,
            )
        ]
