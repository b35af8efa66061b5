"""The practitioner's decision about a child's level of need, informed by the guide.

The record keeps its own copy of each chosen indicator's words and the edition they came
from, so it reads the same after the guide is revised or an old edition is gone.
"""

from __future__ import annotations

from enum import StrEnum
from typing import ClassVar
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from safeguard_desktop.domain.categories import Impact, Significance
from safeguard_desktop.domain.errors import DomainError
from safeguard_desktop.domain.eventdate import EventDate, check_not_future
from safeguard_desktop.domain.practitioner import Practitioner
from safeguard_desktop.domain.records import Record, checks_the_clock, join_words
from safeguard_desktop.domain.timeline import Theme, TimelineItem
from safeguard_desktop.thresholds.guide import Action, GuideEdition

__all__ = ["ChosenIndicator", "Consent", "ThresholdDecision"]


class Consent(StrEnum):
    """Where the family stand on the information being shared.

    A practice question, recorded as it is: the app never implies that sharing to protect
    a child needs consent.
    """

    AGREED = "agreed"
    AWARE_NOT_AGREED = "aware_not_agreed"
    NOT_TOLD_RISK = "not_told_risk"
    NOT_TOLD_YET = "not_told_yet"
    NOT_APPLICABLE = "not_applicable"

    def label(self) -> str:
        """Return the position as the practitioner reads it."""
        return _CONSENT_LABELS[self]


_CONSENT_LABELS = {
    Consent.AGREED: "The family know and agree to information being shared",
    Consent.AWARE_NOT_AGREED: "The family know but do not agree",
    Consent.NOT_TOLD_RISK: "The family have not been told: telling them could increase the risk to the child",
    Consent.NOT_TOLD_YET: "The family have not been told yet",
    Consent.NOT_APPLICABLE: "Not applicable: nothing is being shared",
}


class ChosenIndicator(BaseModel):
    """An indicator the practitioner ticked, from the guide or written in their own words."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)

    # None for an indicator the practitioner wrote themselves.
    indicator_id: str | None = None
    domain_id: str
    domain_name: str
    level: int = Field(ge=1)
    text: str = Field(min_length=1)
    # What the practitioner saw that makes this indicator apply.
    evidence: str = ""

    @property
    def is_free_text(self) -> bool:
        """True when the practitioner wrote this indicator rather than choosing it from the guide."""
        return self.indicator_id is None


class ThresholdDecision(Record):
    """One consideration of one child's level of need, and what the practitioner decided."""

    KIND: ClassVar[str] = "threshold_decision"

    child_id: UUID
    decided: EventDate
    decided_by: Practitioner
    guide: GuideEdition
    indicators: list[ChosenIndicator] = Field(default_factory=list)
    level: int = Field(ge=1)
    # The level's name as the edition in use gave it, since later editions may rename it.
    level_name: str = Field(min_length=1)
    reasons: str
    consent: Consent
    consent_note: str = ""
    action: Action
    action_note: str = ""
    # The referral or consultation started from this decision, once there is one.
    referral_id: UUID | None = None

    @field_validator("decided")
    @classmethod
    def _decided(cls, value: EventDate, info: ValidationInfo) -> EventDate:
        if checks_the_clock(info):
            check_not_future(value)
        return value

    @field_validator("reasons")
    @classmethod
    def _reasons(cls, value: str) -> str:
        if not value:
            raise DomainError("Please give your reasons for this level: the guide's examples only illustrate.")
        return value

    def title(self) -> str:
        """Return e.g. "Level 3 (Complex needs): MASH referral"."""
        return f"Level {self.level} ({self.level_name}): {self.action.label()}"

    def search_text(self) -> str:
        """Return the words the full-text index should find this decision by."""
        return join_words(
            "threshold level of need",
            self.level_name,
            self.action.label(),
            self.reasons,
            self.consent_note,
            self.action_note,
            " ".join(indicator.text for indicator in self.indicators),
            " ".join(indicator.evidence for indicator in self.indicators),
            self.decided_by.name,
        )

    def linked_child_ids(self) -> set[UUID]:
        """Return the one child the decision is about."""
        return {self.child_id}

    def timeline_items(self) -> list[TimelineItem]:
        """One chronology row: the level, the action and the edition that informed it."""
        chosen = len(self.indicators)
        noun = "indicator" if chosen == 1 else "indicators"
        summary = (
            f"Level of need considered: level {self.level} ({self.level_name}). Action: {self.action.label()}. "
            f"{self.reasons} ({chosen} {noun} chosen; {self.guide.document}, {self.guide.edition} edition.)"
        )
        return [
            TimelineItem(
                child_id=self.child_id,
                happened=self.decided,
                categories=("Threshold decision",),
                summary=summary,
                theme=Theme.PROFESSIONAL,
                significance=Significance.SIGNIFICANT,
                impact=Impact.NEUTRAL,
                source="Level of need decision",
                recorded_by=self.decided_by.name,
            )
        ]
