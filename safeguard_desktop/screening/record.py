"""A signed-off screening: one child, one carer, a dated period, graded area by area.

Only a finished screening is a record. Work in progress lives in the vault's drafts (see
`progress`), so that saving as the practitioner goes does not write a version per keystroke,
and the chronology shows only what was signed off.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import ClassVar, Self
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from safeguard_desktop.domain.categories import Impact, Significance
from safeguard_desktop.domain.errors import DomainError, InvalidDate
from safeguard_desktop.domain.eventdate import EventDate
from safeguard_desktop.domain.practitioner import Practitioner
from safeguard_desktop.domain.records import Record, checks_the_clock, join_words
from safeguard_desktop.domain.timeline import DueItem, Theme, TimelineItem
from safeguard_desktop.domain.ukdates import format_date, uk_today
from safeguard_desktop.screening.pack import PackRef

__all__ = ["AreaGrade", "Screening", "SubAreaGrade"]


class _Part(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class SubAreaGrade(_Part):
    """One sub-area's grade and the evidence behind it. Names are copied from the pack."""

    area_id: str
    sub_area_id: str
    sub_area_name: str
    grade: int = Field(ge=1, le=5)
    evidence: str = Field(min_length=1)


class AreaGrade(_Part):
    """The practitioner's grade for a whole area, with their rationale: a judgement, never an average."""

    area_id: str
    area_name: str
    grade: int = Field(ge=1, le=5)
    rationale: str = Field(min_length=1)


class Screening(Record):
    """A finished, signed-off neglect screening."""

    KIND: ClassVar[str] = "screening"

    child_id: UUID
    carer_id: UUID
    # As the carer was named and related to the child when screened, for reading years later.
    carer_name: str = Field(min_length=1)
    carer_relationship: str = ""
    observed_from: date
    observed_to: date
    place: str = Field(min_length=1)
    practitioner: Practitioner
    pack: PackRef
    sub_areas: list[SubAreaGrade] = Field(min_length=1)
    areas: list[AreaGrade] = Field(min_length=1)
    strengths: str = ""
    parents_views: str = ""
    child_view: str = ""
    # Plain words the practitioner writes to share with the family.
    family_summary: str = ""
    signed_off_at: datetime
    # When the practitioner plans to screen again, to see whether the plan is working.
    review_by: date | None = None

    @field_validator("observed_to")
    @classmethod
    def _not_future(cls, value: date, info: ValidationInfo) -> date:
        if value > uk_today() and checks_the_clock(info):
            raise InvalidDate(f"The period observed cannot end in the future ({format_date(value)}).")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.observed_from > self.observed_to:
            raise InvalidDate("The period observed must start on or before the day it ends.")
        areas = [grade.area_id for grade in self.areas]
        if len(set(areas)) != len(areas):
            raise DomainError("Each area is graded once.")
        subs = [grade.sub_area_id for grade in self.sub_areas]
        if len(set(subs)) != len(subs):
            raise DomainError("Each sub-area is graded once.")
        return self

    def area_grade(self, area_id: str) -> AreaGrade | None:
        """Return the grade given to an area, if it was graded."""
        return next((grade for grade in self.areas if grade.area_id == area_id), None)

    def sub_area_grade(self, sub_area_id: str) -> SubAreaGrade | None:
        """Return the grade given to a sub-area, if it was graded."""
        return next((grade for grade in self.sub_areas if grade.sub_area_id == sub_area_id), None)

    def period_text(self) -> str:
        """Return the period observed, e.g. "03/11/2026 to 10/11/2026" or one day."""
        if self.observed_from == self.observed_to:
            return format_date(self.observed_from)
        return f"{format_date(self.observed_from)} to {format_date(self.observed_to)}"

    def grades_text(self) -> str:
        """Return the area grades in one line, e.g. "Physical care 3; Care of safety 2"."""
        return "; ".join(f"{grade.area_name} {grade.grade}" for grade in self.areas)

    def title(self) -> str:
        """Return e.g. "Screening 03/11/2026 to 10/11/2026 (carer: Leanne Ingram)"."""
        return f"Screening {self.period_text()} (carer: {self.carer_name})"

    def search_text(self) -> str:
        """Return the words the full-text index should find this screening by."""
        return join_words(
            "screening neglect",
            self.pack.tool,
            self.carer_name,
            self.carer_relationship,
            self.place,
            " ".join(grade.evidence for grade in self.sub_areas),
            " ".join(grade.rationale for grade in self.areas),
            self.strengths,
            self.parents_views,
            self.child_view,
            self.family_summary,
            self.practitioner.name,
        )

    def linked_child_ids(self) -> set[UUID]:
        """Return the child screened."""
        return {self.child_id}

    def linked_adult_ids(self) -> set[UUID]:
        """Return the carer whose care was screened."""
        return {self.carer_id}

    def timeline_items(self) -> list[TimelineItem]:
        """One chronology row on the last day observed, with every area's grade."""
        worst = max(grade.grade for grade in self.areas)
        return [
            TimelineItem(
                child_id=self.child_id,
                happened=EventDate.on_day(self.observed_to),
                categories=("Neglect screening",),
                summary=(
                    f"{self.pack.tool} with {self.carer_name} ({self.period_text()}, {self.place}): "
                    f"{self.grades_text()}. Grades run from 1 (best) to 5 (worst)."
                ),
                theme=Theme.NEGLECT,
                significance=Significance.SIGNIFICANT,
                impact=Impact.NEGATIVE if worst >= 3 else Impact.NEUTRAL,
                source="Neglect screening",
                recorded_by=self.practitioner.name,
            )
        ]

    def due_items(self) -> list[DueItem]:
        """The planned repeat screening, when one is planned."""
        if self.review_by is None:
            return []
        return [
            DueItem(
                due=self.review_by,
                what=f"Repeat the neglect screening (carer: {self.carer_name})",
                child_id=self.child_id,
            )
        ]
