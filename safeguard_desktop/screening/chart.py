"""What the screening charts show, for the Qt widgets and the PDFs to draw alike.

A profile chart has one bar per sub-area, grouped by area, with each area's own grade shown
apart from its sub-areas (the practitioner's judgement, never their average). A change chart
has one line per area across screenings of one child. Both must read in greyscale print, so
each grade has a fill shade AND a hatch pattern AND its number written on the bar.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from safeguard_desktop.screening.record import Screening

__all__ = ["GRADE_STYLES", "ChangeSeries", "GradeStyle", "ProfileRow", "change_series", "profile_rows", "spread"]


@dataclass(frozen=True)
class GradeStyle:
    """How one grade is drawn: darker and denser as care gets worse."""

    grade: int
    grey: float  # fill lightness, 0 black … 1 white
    hatch: str  # "none", "dots", "diagonal", "cross", "dense"


GRADE_STYLES = {
    1: GradeStyle(1, 0.92, "none"),
    2: GradeStyle(2, 0.80, "dots"),
    3: GradeStyle(3, 0.64, "diagonal"),
    4: GradeStyle(4, 0.46, "cross"),
    5: GradeStyle(5, 0.28, "dense"),
}


@dataclass(frozen=True)
class ProfileRow:
    """One row of a profile chart: an area's heading row, or one of its sub-areas."""

    area_id: str
    label: str
    grade: int
    is_area: bool


def profile_rows(screening: Screening) -> list[ProfileRow]:
    """Return the rows of a screening's profile, each area's own grade before its sub-areas."""
    rows: list[ProfileRow] = []
    for area in screening.areas:
        rows.append(ProfileRow(area.area_id, area.area_name, area.grade, True))
        rows.extend(
            ProfileRow(area.area_id, sub.sub_area_name, sub.grade, False)
            for sub in screening.sub_areas
            if sub.area_id == area.area_id
        )
    return rows


def spread(grades: Sequence[int]) -> dict[int, int]:
    """Return how many sub-areas got each grade 1 to 5: shown beside an area's grade, never averaged."""
    return {grade: sum(1 for g in grades if g == grade) for grade in GRADE_STYLES}


@dataclass(frozen=True)
class ChangeSeries:
    """One area's grade across a child's screenings, oldest first."""

    area_id: str
    area_name: str
    points: list[tuple[date, int]]


def change_series(screenings: Sequence[Screening]) -> list[ChangeSeries]:
    """Return each area's grades over time (by the last day observed), for the change chart."""
    ordered = sorted(screenings, key=lambda s: (s.observed_to, s.signed_off_at))
    names: dict[str, str] = {}
    for screening in ordered:
        for area in screening.areas:
            names.setdefault(area.area_id, area.area_name)
    return [
        ChangeSeries(
            area_id,
            name,
            [(s.observed_to, grade.grade) for s in ordered if (grade := s.area_grade(area_id)) is not None],
        )
        for area_id, name in names.items()
    ]
