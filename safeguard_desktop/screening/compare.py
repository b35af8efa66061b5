"""Two or more screenings of one child, side by side: is the plan working?

A comparison lines the grades up by area and sub-area ID, oldest screening first, and says in
words how each row changed from its first grade to its last. Grades run from 1 (best) to 5
(worst), so a fall in the number is a change for the better. Nothing is averaged: an area's
grade is the practitioner's judgement each time, and the comparison reports those judgements.

Screenings made with different packs (a new edition, or the county's newer tool) are compared
where their IDs match; what only some of them graded is listed rather than guessed at.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from safeguard_desktop.domain.errors import DomainError
from safeguard_desktop.domain.ukdates import format_date
from safeguard_desktop.screening.pack import PackRef
from safeguard_desktop.screening.record import Screening

__all__ = ["AreaOverview", "Column", "Comparison", "ComparisonRow", "change_words", "compare"]


@dataclass(frozen=True)
class Column:
    """One screening in a comparison: when, with whom, by whom."""

    observed_from: date
    observed_to: date
    period: str
    carer: str
    practitioner: str
    pack: PackRef
    signed_off_at: datetime

    @property
    def heading(self) -> str:
        """The column's heading in one line, e.g. "03/11/2026 to 10/11/2026 (carer: Juno Falconbridge)"."""
        return f"{self.period} (carer: {self.carer})"


@dataclass(frozen=True)
class ComparisonRow:
    """An area's own grade, or one of its sub-areas, across the screenings (None where not graded)."""

    area_id: str
    sub_area_id: str | None
    label: str
    grades: tuple[int | None, ...]
    # First grade minus last: positive is better, since 1 is best. None when graded fewer than twice.
    improvement: int | None
    change: str

    @property
    def is_area(self) -> bool:
        """True for an area's own row, False for a sub-area."""
        return self.sub_area_id is None


@dataclass(frozen=True)
class AreaOverview:
    """One plain sentence per area about how it changed."""

    area_id: str
    area_name: str
    sentence: str


@dataclass(frozen=True)
class Comparison:
    """Screenings of one child side by side, oldest first."""

    child_id: UUID
    columns: tuple[Column, ...]
    rows: tuple[ComparisonRow, ...]
    overviews: tuple[AreaOverview, ...]
    # Rows some screenings did not grade, in words, e.g. "Housing was graded only on 10/11/2026."
    only_in_some: tuple[str, ...]
    # The distinct packs used, in the order first used.
    packs: tuple[PackRef, ...]

    def area_rows(self) -> list[ComparisonRow]:
        """The areas' own rows only, for the change-over-time chart."""
        return [row for row in self.rows if row.is_area]


def change_words(first: int, last: int) -> str:
    """Say how a grade changed: "better by 2", "no change" or "worse by 1" (1 is best)."""
    if last < first:
        return f"better by {first - last}"
    if last > first:
        return f"worse by {last - first}"
    return "no change"


def _change(grades: Sequence[int | None]) -> tuple[int | None, str]:
    given = [g for g in grades if g is not None]
    if not given:
        return None, "not graded"
    if len(given) == 1:
        return None, "graded once only"
    return given[0] - given[-1], change_words(given[0], given[-1])


def _column(screening: Screening) -> Column:
    carer = screening.carer_name
    if screening.carer_relationship:
        carer += f", {screening.carer_relationship.lower()}"
    return Column(
        observed_from=screening.observed_from,
        observed_to=screening.observed_to,
        period=screening.period_text(),
        carer=carer,
        practitioner=screening.practitioner.name,
        pack=screening.pack,
        signed_off_at=screening.signed_off_at,
    )


def _when(columns: Sequence[Column], indexes: Sequence[int]) -> str:
    dates = [format_date(columns[i].observed_to) for i in indexes]
    if len(dates) == 1:
        return f"on {dates[0]}"
    return "on " + ", ".join(dates[:-1]) + f" and {dates[-1]}"


def _overview(area_row: ComparisonRow, subs: Sequence[ComparisonRow], columns: Sequence[Column]) -> str:
    name = area_row.label
    graded = [(i, g) for i, g in enumerate(area_row.grades) if g is not None]
    if len(graded) < 2:
        if not graded:
            return f"{name} was not graded as a whole in these screenings, so there is no change to show."
        return f"{name} was graded only {_when(columns, [graded[0][0]])}, so there is no change to show."
    steps = ", then ".join(str(g) for _, g in graded)
    first_day = format_date(columns[graded[0][0]].observed_to)
    last_day = format_date(columns[graded[-1][0]].observed_to)
    sentence = f"{name} was graded {steps} ({first_day} to {last_day}): {area_row.change}."
    better = [s.label for s in subs if s.improvement is not None and s.improvement > 0]
    worse = [s.label for s in subs if s.improvement is not None and s.improvement < 0]
    if better:
        sentence += f" Better: {', '.join(better)}."
    if worse:
        sentence += f" Worse: {', '.join(worse)}."
    if not better and not worse and any(s.improvement is not None for s in subs):
        sentence += " No sub-area changed."
    return sentence


def compare(screenings: Sequence[Screening]) -> Comparison:
    """Line up two or more screenings of the same child, oldest first, by area and sub-area ID.

    Raises DomainError for fewer than two screenings or for screenings of different children.
    """
    if len(screenings) < 2:
        raise DomainError("Choose at least two screenings of the same child to compare.")
    if len({s.child_id for s in screenings}) > 1:
        raise DomainError("These screenings are of different children. Only one child's screenings can be compared.")
    ordered = sorted(screenings, key=lambda s: (s.observed_to, s.observed_from, s.signed_off_at))
    columns = tuple(_column(s) for s in ordered)

    # Areas and sub-areas in the order first met; names from the newest screening that has them,
    # so that a renamed sub-area reads as it does today.
    areas: dict[str, str] = {}
    subs: dict[str, dict[str, str]] = {}
    for screening in ordered:
        for area in screening.areas:
            areas[area.area_id] = area.area_name
            subs.setdefault(area.area_id, {})
        for sub in screening.sub_areas:
            areas.setdefault(sub.area_id, sub.area_id)
            subs.setdefault(sub.area_id, {})[sub.sub_area_id] = sub.sub_area_name

    rows: list[ComparisonRow] = []
    overviews: list[AreaOverview] = []
    only_in_some: list[str] = []
    for area_id, area_name in areas.items():
        area_grades = tuple(g.grade if (g := s.area_grade(area_id)) else None for s in ordered)
        area_row = ComparisonRow(area_id, None, area_name, area_grades, *_change(area_grades))
        sub_rows: list[ComparisonRow] = []
        for sub_id, sub_name in subs[area_id].items():
            grades = tuple(
                sg.grade if (sg := s.sub_area_grade(sub_id)) is not None and sg.area_id == area_id else None
                for s in ordered
            )
            sub_rows.append(ComparisonRow(area_id, sub_id, sub_name, grades, *_change(grades)))
        rows += [area_row, *sub_rows]
        overviews.append(AreaOverview(area_id, area_name, _overview(area_row, sub_rows, columns)))
        for row in (area_row, *sub_rows):
            present = [i for i, g in enumerate(row.grades) if g is not None]
            if len(present) < len(ordered):
                what = row.label if row.is_area else f"{row.label} ({area_name})"
                which = "screening" if len(present) == 1 else "screenings"
                only_in_some.append(f"{what} was graded only in the {which} {_when(columns, present)}.")

    packs: list[PackRef] = []
    for screening in ordered:
        if screening.pack not in packs:
            packs.append(screening.pack)
    return Comparison(
        child_id=ordered[0].child_id,
        columns=columns,
        rows=tuple(rows),
        overviews=tuple(overviews),
        only_in_some=tuple(only_in_some),
        packs=tuple(packs),
    )
