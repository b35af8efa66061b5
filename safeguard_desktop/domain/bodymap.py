"""Body-map marks: what was seen on a child's body, placed on a front or back outline.

The outlines and their named regions are data (`resources/bodymap/outlines.json`), drawn by
us; the screen and the printed body map both draw from that one file. Left and right are
always the child's: on the front view the child's right is on the viewer's left.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import cache
from typing import TYPE_CHECKING, Self
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from safeguard_desktop.assets import resource
from safeguard_desktop.domain.errors import DomainError
from safeguard_desktop.domain.eventdate import EventDate
from safeguard_desktop.domain.ukdates import format_date

if TYPE_CHECKING:
    from safeguard_desktop.domain.concern import Concern

__all__ = [
    "BodyMark",
    "BodySide",
    "MarkInContext",
    "MarkType",
    "Outline",
    "Region",
    "aspect",
    "in_figure",
    "is_baby",
    "mark_is_on",
    "marks_in_context",
    "marks_whose_body_unsaid",
    "outline",
    "outlines_source",
    "recency_strengths",
    "region",
    "region_at",
    "region_label",
    "regions",
    "unsaid_note",
]


class BodySide(StrEnum):
    """Which outline a mark is on."""

    FRONT = "front"
    BACK = "back"

    def label(self) -> str:
        """Return the outline's name."""
        return "Front" if self is BodySide.FRONT else "Back"


class MarkType(StrEnum):
    """What kind of mark was seen."""

    BRUISE = "bruise"
    CUT_OR_GRAZE = "cut_or_graze"
    BURN_OR_SCALD = "burn_or_scald"
    BITE = "bite"
    SCAR = "scar"
    RASH_OR_SKIN = "rash_or_skin"
    SWELLING = "swelling"
    OTHER = "other"

    def label(self) -> str:
        """Return the British-English label."""
        return _MARK_LABELS[self]


_MARK_LABELS = {
    MarkType.BRUISE: "Bruise",
    MarkType.CUT_OR_GRAZE: "Cut or graze",
    MarkType.BURN_OR_SCALD: "Burn or scald",
    MarkType.BITE: "Bite mark",
    MarkType.SCAR: "Scar",
    MarkType.RASH_OR_SKIN: "Rash or skin condition",
    MarkType.SWELLING: "Swelling",
    MarkType.OTHER: "Other",
}

Point = tuple[float, float]
Polygon = tuple[Point, ...]


@dataclass(frozen=True)
class Region:
    """A named part of the body on one outline, with its hit-test shape and a centre point."""

    key: str
    label: str
    side: BodySide
    polygon: Polygon
    centre: Point


@dataclass(frozen=True)
class Outline:
    """One side's drawing: closed shapes (drawn in order), light detail lines, and regions."""

    side: BodySide
    shapes: tuple[Polygon, ...]
    details: tuple[tuple[Point, ...], ...]
    regions: tuple[Region, ...]


class _RegionFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    key: str = Field(min_length=1)
    label: str = Field(min_length=1)
    polygon: list[tuple[float, float]] = Field(min_length=3)
    centre: tuple[float, float]


class _SideFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    outline: list[list[tuple[float, float]]] = Field(min_length=1)
    details: list[list[tuple[float, float]]] = Field(default_factory=list)
    regions: list[_RegionFile] = Field(min_length=1)


class _OutlineFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    format: int
    source: str
    aspect: float = Field(gt=0)
    sides: dict[BodySide, _SideFile]

    @model_validator(mode="after")
    def _complete(self) -> Self:
        if self.format != 1:
            raise ValueError(f"body-map outline format {self.format} is not supported")
        if set(self.sides) != set(BodySide):
            raise ValueError("the body-map outlines need both a front and a back")
        keys = [r.key for side in self.sides.values() for r in side.regions]
        if len(set(keys)) != len(keys):
            raise ValueError("a body-map region key is used twice")
        return self


def _inside(polygon: Sequence[Point], x: float, y: float) -> bool:
    # Even-odd ray casting: enough for the simple shapes of the outline.
    hit = False
    j = len(polygon) - 1
    for i, (xi, yi) in enumerate(polygon):
        xj, yj = polygon[j]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            hit = not hit
        j = i
    return hit


@cache
def _load() -> tuple[_OutlineFile, dict[BodySide, Outline], dict[str, Region]]:
    path = resource("bodymap", "outlines.json")
    try:
        data = _OutlineFile.model_validate(json.loads(path.read_text("utf-8")))
    except (ValueError, ValidationError) as exc:
        # A broken installation, not a practitioner's mistake: say which file.
        raise RuntimeError(f"{path} is not a valid body-map outline file: {exc}") from exc
    sides: dict[BodySide, Outline] = {}
    for side, raw in data.sides.items():
        sides[side] = Outline(
            side=side,
            shapes=tuple(tuple(shape) for shape in raw.outline),
            details=tuple(tuple(line) for line in raw.details),
            regions=tuple(Region(r.key, r.label, side, tuple(r.polygon), r.centre) for r in raw.regions),
        )
    by_key = {r.key: r for o in sides.values() for r in o.regions}
    return data, sides, by_key


def outline(side: BodySide) -> Outline:
    """The drawing and regions of one side of the body map."""
    return _load()[1][BodySide(side)]


def outlines_source() -> str:
    """Where the outline drawings come from, for an 'about' line."""
    return _load()[0].source


def aspect() -> float:
    """Height of the outline box divided by its width."""
    return _load()[0].aspect


def regions(side: BodySide) -> tuple[Region, ...]:
    """The named body regions of one side, in hit-test order."""
    return outline(side).regions


def region(key: str) -> Region:
    """The region with this key; DomainError when there is none."""
    found = _load()[2].get(key)
    if found is None:
        raise DomainError(f"“{key}” is not a body region on the body map; choose one from the list.")
    return found


def region_label(key: str) -> str:
    """The label of a region, e.g. ``Right upper arm (child's right)``."""
    return region(key).label


def in_figure(side: BodySide, x: float, y: float) -> bool:
    """Whether a point (fractions of the outline box) falls on the child's figure."""
    return any(_inside(shape, x, y) for shape in outline(side).shapes)


def region_at(side: BodySide, x: float, y: float) -> Region | None:
    """The region a point on the figure belongs to; None for a point off the figure."""
    if not in_figure(side, x, y):
        return None
    for candidate in regions(side):
        if _inside(candidate.polygon, x, y):
            return candidate
    return None


def is_baby(date_of_birth: date | None, on: date) -> bool:
    """Whether a child born on `date_of_birth` is under one year old on `on`."""
    if date_of_birth is None:
        return False
    try:
        first_birthday = date_of_birth.replace(year=date_of_birth.year + 1)
    except ValueError:  # born on 29 February
        first_birthday = date(date_of_birth.year + 1, 3, 1)
    return date_of_birth <= on < first_birthday


class BodyMark(BaseModel):
    """One mark on the outline. Position is a fraction of the outline's width and height.

    `region` names the body region (a key of the outline's region list), so that a mark
    placed by keyboard and one placed by clicking are described the same way.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)

    side: BodySide
    x: float = Field(ge=0.0, le=1.0)
    y: float = Field(ge=0.0, le=1.0)
    region: str
    mark_type: MarkType
    size: str = Field(default="", max_length=200)
    colour: str = Field(default="", max_length=200)
    description: str = Field(default="", max_length=5000)
    # For a baby: whether they are mobile yet (rolling, crawling, cruising). None when not asked.
    baby_mobile: bool | None = None
    # Whose body the mark is on: a concern can name siblings, and one child's injuries must
    # never show on another's body map. None only in marks stored before this was recorded.
    child_id: UUID | None = None

    @field_validator("region")
    @classmethod
    def _region(cls, value: str) -> str:
        if not value:
            raise DomainError("Say where on the body the mark is.")
        region(value)  # raises DomainError naming the unknown region
        return value

    @model_validator(mode="after")
    def _region_on_side(self) -> Self:
        found = region(self.region)
        if found.side is not self.side:
            raise DomainError(
                f"{found.label} is on the {found.side.label().lower()} of the body map, "
                f"not the {self.side.label().lower()}; choose a region on the {self.side.label().lower()}."
            )
        return self

    def region_label(self) -> str:
        """The label of the mark's region."""
        return region_label(self.region)


@dataclass(frozen=True)
class MarkInContext:
    """A mark together with the concern it was recorded in, for combined views and print."""

    happened: EventDate
    concern_title: str
    mark: BodyMark

    def date_text(self) -> str:
        """When it was seen, as ``dd/mm/yyyy`` where the day is known (``around`` if approximate)."""
        h = self.happened
        if h.day is not None and h.month is not None:
            return ("around " if h.approximate else "") + format_date(date(h.year, h.month, h.day))
        return h.display()


def mark_is_on(mark: BodyMark, concern: Concern, child_id: UUID) -> bool:
    """Whether this mark of `concern` is on the body of the child `child_id`.

    A mark names its child; an older mark without one is taken as the child's only when the
    concern names that one child, since otherwise whose body it was on is not known.
    """
    if mark.child_id is not None:
        return mark.child_id == child_id
    return [c.child_id for c in concern.children] == [child_id]


def marks_in_context(concerns: Iterable[Concern], child_id: UUID | None = None) -> list[MarkInContext]:
    """The body marks of these concerns, oldest first (a stable order for numbering).

    With `child_id`, only the marks on that child's body (see `mark_is_on`): a concern
    about siblings holds marks of each, and a child's body map shows only their own.
    """
    ordered = sorted(concerns, key=lambda c: c.happened.sort_key())
    return [
        MarkInContext(c.happened, c.title(), mark)
        for c in ordered
        for mark in c.body_marks
        if child_id is None or mark_is_on(mark, c, child_id)
    ]


def marks_whose_body_unsaid(concerns: Iterable[Concern], child_id: UUID) -> int:
    """How many marks in these concerns naming `child_id` with other children do not say whose body.

    Only marks stored before marks named their child; a child's body map says they are left
    out, so that no evidence is hidden without a word.
    """
    return sum(
        1
        for c in concerns
        if len(c.children) > 1 and child_id in c.linked_child_ids()
        for mark in c.body_marks
        if mark.child_id is None
    )


def unsaid_note(count: int) -> str:
    """The sentence a child's body map adds when `count` marks do not say whose body they are on."""
    if count == 0:
        return ""
    marks = "1 mark in a concern" if count == 1 else f"{count} marks in concerns"
    said = "does not say whose body it was on, so it is" if count == 1 else "do not say whose body they were on, so are"
    return (
        f"{marks} naming more than one child {said} not shown here; "
        "correct those concerns to say whose body each mark is on."
    )


def recency_strengths(marks: Sequence[MarkInContext], *, weakest: float = 0.3) -> list[float]:
    """A strength per mark from `weakest` (oldest date) to 1.0 (newest), by rank of its date.

    By rank rather than by age in days, so one old mark among recent ones still shows.
    """
    keys = sorted({m.happened.sort_key() for m in marks})
    if len(keys) <= 1:
        return [1.0] * len(marks)
    rank = {k: i for i, k in enumerate(keys)}
    step = (1.0 - weakest) / (len(keys) - 1)
    return [weakest + step * rank[m.happened.sort_key()] for m in marks]
