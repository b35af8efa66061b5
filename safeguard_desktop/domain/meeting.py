"""Multi-agency meetings about a child: who came, what was decided, who does what by when."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import ClassVar
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, field_validator

from safeguard_desktop.domain.categories import Impact, Significance
from safeguard_desktop.domain.errors import DomainError
from safeguard_desktop.domain.eventdate import PastEventDate
from safeguard_desktop.domain.practitioner import Practitioner
from safeguard_desktop.domain.records import Record, join_words
from safeguard_desktop.domain.timeline import DueItem, Theme, TimelineItem

__all__ = ["Attendee", "Meeting", "MeetingAction", "MeetingType"]


class MeetingType(StrEnum):
    """The meetings of the child protection and Early Help processes."""

    STRATEGY_DISCUSSION = "strategy_discussion"
    INITIAL_CP_CONFERENCE = "initial_cp_conference"
    REVIEW_CP_CONFERENCE = "review_cp_conference"
    CORE_GROUP = "core_group"
    CIN_REVIEW = "cin_review"
    TEAM_AROUND_THE_FAMILY = "team_around_the_family"

    def label(self) -> str:
        """Return the meeting's usual name."""
        return _MEETING_LABELS[self]


_MEETING_LABELS = {
    MeetingType.STRATEGY_DISCUSSION: "Strategy discussion",
    MeetingType.INITIAL_CP_CONFERENCE: "Initial child protection conference",
    MeetingType.REVIEW_CP_CONFERENCE: "Review child protection conference",
    MeetingType.CORE_GROUP: "Core group",
    MeetingType.CIN_REVIEW: "Child in Need review",
    MeetingType.TEAM_AROUND_THE_FAMILY: "Team Around the Family",
}


class Attendee(BaseModel):
    """Someone invited: whether they came, and whether they are a parent or carer.

    Parents are recorded separately from professionals because the partnership tracks
    whether *each* parent, fathers included, took part.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)

    name: str
    role: str = ""
    is_parent: bool = False
    # The adult's record, when the attendee is one of the child's people.
    adult_id: UUID | None = None
    attended: bool = True

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        if not value:
            raise DomainError("Give each attendee's name.")
        return value


class MeetingAction(BaseModel):
    """An action agreed at the meeting, with its owner and due date."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)

    action: str
    owner: str
    due: date | None = None
    done: bool = False

    @field_validator("action", "owner")
    @classmethod
    def _required(cls, value: str) -> str:
        if not value:
            raise DomainError("Each action needs what is to be done and who owns it.")
        return value


class Meeting(Record):
    """One meeting about one or more children (siblings are often discussed together)."""

    KIND: ClassVar[str] = "meeting"

    meeting_type: MeetingType
    held: PastEventDate
    child_ids: list[UUID]
    attendees: list[Attendee] = Field(default_factory=list)
    decisions: str = ""
    actions: list[MeetingAction] = Field(default_factory=list)
    recorded_by: Practitioner

    @field_validator("child_ids")
    @classmethod
    def _children(cls, value: list[UUID]) -> list[UUID]:
        if not value:
            raise DomainError("A meeting must be about at least one child.")
        if len(set(value)) != len(value):
            raise DomainError("The same child is listed twice; give each child once.")
        return value

    def parents_line(self) -> str:
        """Return e.g. ``Parents: Mother attended; Father did not attend``."""
        parents = [a for a in self.attendees if a.is_parent]
        if not parents:
            return "No parent or carer was recorded as invited."
        parts = [f"{a.role or a.name} {'attended' if a.attended else 'did not attend'}" for a in parents]
        return "Parents and carers: " + "; ".join(parts) + "."

    def title(self) -> str:
        """Return e.g. ``Core group — 04/03/2025``."""
        return f"{self.meeting_type.label()} — {self.held.display()}"

    def search_text(self) -> str:
        """Return the meeting's words for the full-text index."""
        return join_words(
            self.meeting_type.label(),
            self.decisions,
            *(f"{a.name} {a.role}" for a in self.attendees),
            *(f"{a.action} {a.owner}" for a in self.actions),
            self.recorded_by.name,
        )

    def linked_child_ids(self) -> set[UUID]:
        """Return every child the meeting was about."""
        return set(self.child_ids)

    def linked_adult_ids(self) -> set[UUID]:
        """Return the child's people who were invited."""
        return {a.adult_id for a in self.attendees if a.adult_id is not None}

    def timeline_items(self) -> list[TimelineItem]:
        """One row per child: the meeting, its decisions and whether the parents came."""
        decisions = " ".join(self.decisions.split())
        summary = f"{self.meeting_type.label()}. {self.parents_line()}"
        if decisions:
            summary += f" Decisions: {decisions[:160]}{'…' if len(decisions) > 160 else ''}"
        return [
            TimelineItem(
                child_id=child_id,
                happened=self.held,
                categories=("Meeting",),
                summary=summary,
                theme=Theme.PROFESSIONAL,
                significance=Significance.SIGNIFICANT,
                impact=Impact.NEUTRAL,
                source=self.meeting_type.label(),
                recorded_by=self.recorded_by.name,
            )
            for child_id in self.child_ids
        ]

    def due_items(self) -> list[DueItem]:
        """Every open action that has a due date."""
        return [
            DueItem(due=a.due, what=f"{a.action} ({a.owner}) — from {self.title()}", child_id=self.child_ids[0])
            for a in self.actions
            if a.due is not None and not a.done
        ]
