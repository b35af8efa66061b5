"""Multi-agency meetings about a child: who came, what was decided, who does what by when."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import ClassVar, Self
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from safeguard_desktop.domain.categories import Impact, Significance
from safeguard_desktop.domain.errors import DomainError
from safeguard_desktop.domain.eventdate import PastEventDate
from safeguard_desktop.domain.practitioner import Practitioner
from safeguard_desktop.domain.records import Record, join_words
from safeguard_desktop.domain.timeline import DueItem, Theme, TimelineItem
from safeguard_desktop.domain.ukdates import format_date

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
    # A parent left out of the invitation is recorded too: that is part of the picture.
    invited: bool = True

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        if not value:
            raise DomainError("Give each attendee's name.")
        return value

    @model_validator(mode="after")
    def _invited(self) -> Self:
        if self.attended and not self.invited:
            raise DomainError(f"{self.name} is marked as attending but not invited; please check.")
        return self

    def described(self) -> str:
        """Return e.g. ``Kelly Hart (Mother)``."""
        return f"{self.name} ({self.role})" if self.role else self.name

    def attendance(self) -> str:
        """Return ``attended``, ``did not attend`` or ``was not invited``."""
        if not self.invited:
            return "was not invited"
        return "attended" if self.attended else "did not attend"


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

    @model_validator(mode="after")
    def _due_after_meeting(self) -> Self:
        held = self.held.earliest_utc().date()
        for action in self.actions:
            if action.due is not None and action.due < held:
                raise DomainError(
                    f'The action "{action.action}" is due on {format_date(action.due)}, '
                    "before the meeting; please check the due date."
                )
        return self

    @field_validator("child_ids")
    @classmethod
    def _children(cls, value: list[UUID]) -> list[UUID]:
        if not value:
            raise DomainError("A meeting must be about at least one child.")
        if len(set(value)) != len(value):
            raise DomainError("The same child is listed twice; give each child once.")
        return value

    def parents(self) -> list[Attendee]:
        """The parents and carers recorded, in the order given."""
        return [a for a in self.attendees if a.is_parent]

    def professionals(self) -> list[Attendee]:
        """Everyone else recorded (professionals, and other family members)."""
        return [a for a in self.attendees if not a.is_parent]

    def open_actions(self) -> list[MeetingAction]:
        """The actions not yet done."""
        return [a for a in self.actions if not a.done]

    def parents_line(self) -> str:
        """Return e.g. ``Parents and carers: Kelly Hart (Mother) attended; Dean Hart (Father) did not attend.``"""
        parents = self.parents()
        if not parents:
            return "No parent or carer was recorded."
        return "Parents and carers: " + "; ".join(f"{a.described()} {a.attendance()}" for a in parents) + "."

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
        came = sum(1 for a in self.professionals() if a.attended)
        if came:
            summary += f" {came} other {'attendee' if came == 1 else 'attendees'}."
        if decisions:
            shown = f"{decisions[:160]}…" if len(decisions) > 160 else decisions
            summary += f" Decisions: {shown}" + ("" if shown.endswith((".", "!", "?", "…")) else ".")
        if self.actions:
            summary += f" {len(self.actions)} {'action' if len(self.actions) == 1 else 'actions'} agreed."
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
